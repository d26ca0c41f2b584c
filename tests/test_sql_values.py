"""No SQL is built from a user's value: statements interpolate only names the code holds, and
hostile values through every filter change nothing and break nothing."""
import ast
from pathlib import Path

import pytest

from conftest import EXAMPLES
from rasd.stories import queries
from rasd.store.sqlite import Store

RASD = Path(__file__).parent.parent / "rasd"
# what an f-string statement may interpolate: table and column names from the code's own
# constants, runs of "?" placeholders, a WHERE clause chosen by which of a key's sides are
# absent (`facts._where`, built of booleans) and the contradiction flag's constant expression
ALLOWED = {"','.join('?' * len(missing))", "','.join('?' * len(ids))", "table", "t", "COLUMNS", "name",
           "columns", "COPY[name]", "_where(*_shape(key))", "CONTRADICTED"}


def test_sql_statements_interpolate_only_the_codes_own_names():
    found = set()
    for path in RASD.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr in ("execute", "executemany", "executescript") and node.args):
                for part in ast.walk(node.args[0]):
                    if isinstance(part, ast.FormattedValue):
                        found.add((path.name, ast.unparse(part.value)))
                    elif isinstance(part, ast.Call) and isinstance(part.func, ast.Attribute) and part.func.attr == "format":
                        found.add((path.name, "str.format"))
    assert {v for _, v in found} <= ALLOWED, sorted(found)


HOSTILE = ["'; DROP TABLE documents; --", "\" OR 1=1 --", "%", "_", "PRK' OR '1'='1", "1; DELETE FROM facts",
           "\\", "\x00", "ك' UNION SELECT * FROM documents --"]


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    from rasd.api import process_batches
    from rasd.pipeline import load_settings
    settings = load_settings()
    settings["events"]["learned"] = False
    s = Store(tmp_path_factory.mktemp("sql") / "r.db")
    for batch in process_batches([str(EXAMPLES)], settings=settings):
        s.save_all(batch)
    s.flush()
    return s


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_values_through_every_filter_change_nothing(store, value):
    before = store.counts()
    db = store.db
    assert queries.list_facts(db, actor=value, type=value, item=value, since=value) == []
    assert queries.list_documents(db, outlet=value, since=value, until=value, search=value) == []
    assert isinstance(queries.list_stories(db, actor=value, since=value, search=value), list)
    assert queries.timeline(db, actor=value, since=value) == []
    assert store.counts() == before
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
