import json
import pathlib
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "corpus" / "seeds"
GOLD = SHARED / "eval" / "seeds.gold.jsonl"
EXAMPLES = ROOT / "examples" / "corpus"
# the store version a new or upgraded store is at: its newest migration's number
LATEST_VERSION = max(int(p.name.split("_")[0]) for p in (ROOT / "rasd" / "store" / "migrations").iterdir()
                     if p.suffix in (".sql", ".py"))


@pytest.fixture
def seeds():
    if not SEEDS.is_dir():
        pytest.skip("../shared/corpus/seeds is not here (a user's fresh clone has none)")
    return SEEDS


def run_rasd(*args, check=True, cwd=None):
    """Run the CLI as a user would."""
    return subprocess.run([sys.executable, "-m", "rasd.cli", *map(str, args)], capture_output=True,
                          text=True, check=check, cwd=cwd)


def jsonl(text):
    return [json.loads(line) for line in text.splitlines() if line.strip()]


# -- the analyst's desk (tests/test_serve*.py, tests/browser/) -------------------------------
# Written for these tests: a hostile article (markup, an event-handler attribute, a direction
# override, a javascript: URL) whose sentences are evidence, so they reach every page.
HOSTILE_ID = 'desk-hostile/<i>x</i>?a=1#f'
HOSTILE = {"id": HOSTILE_ID, "published": "2025-10-20", "language": "ar", "url": "javascript:alert(4)",
           "outlet": '<b>Outlet</b>" onmouseover="alert(3)', "title": '<script>alert(5)</script>\u202eعنوان',
           "text": 'عاجل <script>alert("x")</script>\n'
                   'نفت إيران إرسال طائرات مسيرة إلى روسيا" onmouseover="alert(1)، ووصفت التقارير بأنها '
                   '\u202eكاذبة\u202c.\n'
                   'وقال مسؤول أوكراني إن روسيا تسلمت <img src=x onerror=alert(2)> صواريخ من إيران الشهر الماضي.'}


@pytest.fixture(scope="session")
def desk_store(tmp_path_factory) -> str:
    """A store of examples/corpus, a copy of one of its articles published a day later by
    another outlet, and HOSTILE: built once per session (rules alone, as the tests are about
    what the desk shows, not what the learned layer finds)."""
    from rasd.api import process_batches
    from rasd.pipeline import load_settings
    from rasd.store.sqlite import Store
    folder = tmp_path_factory.mktemp("desk")
    copy = {"id": "desk-copy", "published": "2025-10-15", "outlet": "نسخة اليوم", "language": "ar",
            "text": (EXAMPLES / "01_drones_kherson.txt").read_text("utf-8")}
    extra = folder / "extra" / "desk.jsonl"
    extra.parent.mkdir()
    extra.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in (copy, HOSTILE)), encoding="utf-8")
    settings = load_settings()
    settings["events"]["learned"] = False
    path = folder / "desk.db"
    with Store(path, batch=100) as store:
        for paths in ([str(EXAMPLES)], [str(extra)]):       # the examples first: the copy comes later
            for batch in process_batches(paths, settings=settings):
                store.save_all(batch)
            store.flush()
    return str(path)


# -- the store backends (issue 20): SQLite always, PostgreSQL where a server is reachable ------
# RASD_TEST_PG: a database the tests may fill (each store gets a schema of its own, dropped
# after the test); .ci/run starts a cluster and sets it. RASD_TEST_PG_REQUIRED=1 (CI) turns
# a missing server from a skip into a failure, so a green run cannot hide skipped backends.
BACKENDS = ["sqlite", "postgresql"]


def _pg_url_or_skip() -> str:
    import os
    url = os.environ.get("RASD_TEST_PG")
    required = os.environ.get("RASD_TEST_PG_REQUIRED") == "1"
    why = None
    if not url:
        why = "PostgreSQL store tests skipped: set RASD_TEST_PG=postgresql://user@host/dbname (.ci/run does)"
    else:
        try:
            import psycopg
            psycopg.connect(url, connect_timeout=3).close()
        except Exception as e:                 # ImportError or no server: say which
            why = f"PostgreSQL store tests skipped: no server reachable at RASD_TEST_PG ({type(e).__name__}: {e})"
    if why and required:
        pytest.fail(why.replace("skipped", "required (RASD_TEST_PG_REQUIRED=1)"))
    if why:
        pytest.skip(why)
    return url


@pytest.fixture(params=BACKENDS)
def backend(request) -> str:
    if request.param == "postgresql":
        _pg_url_or_skip()
    return request.param


@pytest.fixture
def store_at(backend, tmp_path):
    """`store_at(name)`: where a store named `name` lives in this test, for `--db` or
    `rasd.store.base.open_store`: a file under tmp_path, or a fresh PostgreSQL schema."""
    return lambda name="r": store_location(backend, tmp_path, name)


def store_location(backend: str, folder: pathlib.Path, name: str) -> str:
    """A new store's `--db` on `backend`: a file in `folder`, or a PostgreSQL schema of its
    own (dropped when the session ends)."""
    if backend == "sqlite":
        return str(folder / f"{name}.db")
    url = _pg_url_or_skip()
    return _with_schema(url, _pg_schema(url, f"{folder.name}_{name}"))


_PG_SCHEMAS: list[tuple[str, str]] = []      # (url, schema) made by this session


@pytest.fixture(scope="session", autouse=True)
def _drop_pg_schemas():
    yield
    for url, schema in _PG_SCHEMAS:
        try:
            _pg_drop(url, schema)
        except Exception:                    # the server went away: nothing to clean
            pass


def _pg_schema(url: str, name: str) -> str:
    import re
    import psycopg
    schema = "t_" + re.sub(r"\W", "_", name.lower())[-50:]
    with psycopg.connect(url, autocommit=True) as c:
        c.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
        c.execute(f'CREATE SCHEMA "{schema}"')
    _PG_SCHEMAS.append((url, schema))
    return schema


def _pg_drop(url: str, schema: str) -> None:
    import psycopg
    with psycopg.connect(url, autocommit=True) as c:
        c.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


def _with_schema(url: str, schema: str) -> str:
    """`url` with its tables in `schema` (libpq's options=-csearch_path=...)."""
    sep = "&" if "?" in url else "?"
    return f"{url}{sep}options=-csearch_path%3D{schema}"
