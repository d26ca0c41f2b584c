"""The command line never leaves a person guessing: wrong input is one clear line and a
non-zero exit, read commands never create a store, every read command has --json."""
import json

import pytest
from typer.testing import CliRunner

from conftest import EXAMPLES, run_rasd
from rasd.cli import app

runner = CliRunner()


def rasd(*args):
    return runner.invoke(app, [str(a) for a in args])


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("cli") / "news.db"
    res = rasd("ingest", EXAMPLES, "--db", path, "--fast")
    assert res.exit_code == 0, res.output
    return path


@pytest.mark.parametrize("args", [["facts"], ["stats"], ["stories"], ["documents"], ["show", "x"],
                                  ["timeline", "1"], ["export", "events"]])
def test_a_read_command_on_a_missing_store_says_so_and_creates_nothing(tmp_path, args):
    missing = tmp_path / "typo.db"
    res = rasd(*args, "--db", missing)
    assert res.exit_code == 1
    assert "no store at" in res.output and "rasd ingest" in res.output
    assert not missing.exists() and not list(tmp_path.iterdir())


@pytest.mark.parametrize("args, says", [
    (["facts", "--since", "28/11/2026"], "YYYY-MM-DD"),
    (["facts", "--type", "TRANSFERS"], "TRANSFER"),
    (["facts", "--item", "bananas"], "ammunition"),
    (["facts", "--actor", "NOPE"], "--actor"),
    (["facts", "--limit", "-1"], "--limit"),
    (["timeline"], "story id"),
    (["stories", "--since", "last tuesday"], "--since"),
])
def test_bad_values_are_usage_errors_that_say_what_is_accepted(db, args, says):
    res = rasd(*args, "--db", db)
    assert res.exit_code == 2, res.output
    assert says in res.output


def test_an_actor_is_found_by_name_through_the_kb(db):
    by_code = json.loads(rasd("facts", "--actor", "RUS", "--json", "--db", db).output)
    assert by_code
    for name in ("RUSSIA", "Russia", "روسيا"):
        assert json.loads(rasd("facts", "--actor", name, "--json", "--db", db).output) == by_code


def test_ids_that_do_not_exist_are_not_found(db):
    res = rasd("timeline", "99", "--db", db)
    assert res.exit_code == 1 and "no story 99" in res.output
    res = rasd("show", "nope", "--db", db)
    assert res.exit_code == 1 and "no document 'nope'" in res.output


def test_missing_inputs_are_usage_errors(tmp_path):
    res = rasd("extract", tmp_path / "nosuch.txt")
    assert res.exit_code == 2 and "no such file" in res.output
    res = rasd("ingest", tmp_path / "nosuch.txt", "--db", tmp_path / "x.db")
    assert res.exit_code == 2 and not (tmp_path / "x.db").exists()


def test_expected_failures_are_one_line_not_a_traceback(tmp_path):
    res = run_rasd("extract", EXAMPLES, "--config", tmp_path / "nosuch.toml", check=False)
    assert res.returncode == 1 and "Traceback" not in res.stderr and "nosuch.toml" in res.stderr
    assert len(res.stderr.strip().splitlines()) == 1
    res = run_rasd("ingest", EXAMPLES, "--db", "/nonexistent/x.db", "--fast", check=False)
    assert res.returncode == 1 and "Traceback" not in res.stderr and "/nonexistent/x.db" in res.stderr
    broken = tmp_path / "kb"
    broken.mkdir()
    (broken / "mine.yaml").write_text("- id: X\n  name_en: [unclosed\n", encoding="utf-8")
    res = run_rasd("kb", "validate", "--extra", broken, check=False)
    assert res.returncode == 1 and "Traceback" not in res.stderr + res.stdout and "mine.yaml" in res.stdout
    debug = run_rasd("--debug", "ingest", EXAMPLES, "--db", "/nonexistent/x.db", "--fast", check=False)
    assert debug.returncode == 1 and "Traceback" in debug.stderr


@pytest.mark.parametrize("args", [["facts"], ["stories"], ["documents"], ["stats"], ["timeline", "--actor", "PRK"],
                                  ["show", "02_seoul_weapons"]])
def test_every_read_command_has_json(db, args):
    res = rasd(*args, "--json", "--db", db)
    assert res.exit_code == 0, res.output
    assert json.loads(res.output)


def test_documents_lists_and_searches_arabic_without_caring_for_hamza(db):
    ids = [r["id"] for r in json.loads(rasd("documents", "--json", "--db", db).output)]
    assert "02_seoul_weapons" in ids and len(ids) == 6
    # the articles write "الأوكرانية" and "كوريا الشمالية": without the hamza, with haa for taa marbuta
    for query in ("الاوكرانيه", "كوريا الشماليه"):
        hits = json.loads(rasd("documents", "--search", query, "--json", "--db", db).output)
        assert hits and all(r["id"] in ids for r in hits), query
    assert json.loads(rasd("documents", "--search", "بطاطا", "--json", "--db", db).output) == []


def test_help_lists_every_command_with_an_example():
    res = rasd("--help")
    for name in ("extract", "ingest", "show", "documents", "stats", "stories", "facts", "timeline", "export", "kb"):
        line = next(ln for ln in res.output.splitlines() if ln.strip().startswith(name + " "))
        assert "rasd " in line, line


def test_csv_export_is_for_a_spreadsheet_and_never_half_written(db, tmp_path):
    target = tmp_path / "events.csv"
    res = rasd("export", "events", "--format", "csv", "--db", db, "-o", target)
    assert res.exit_code == 0, res.output
    import csv
    rows = list(csv.DictReader(target.open(encoding="utf-8")))
    assert rows and {"published", "outlet", "source_name", "claimant_name", "status", "item", "quantity",
                     "evidence"} <= set(rows[0])
    assert any(r["source_name"] for r in rows) and all(r["evidence"] for r in rows)
    assert [p.name for p in tmp_path.iterdir()] == ["events.csv"]      # no temporary file left


def test_a_killed_export_leaves_no_half_file_under_its_name(db, tmp_path):
    import os
    import signal
    import subprocess
    import sys
    import time
    target = tmp_path / "events.jsonl"
    proc = subprocess.Popen([sys.executable, "-c", (
        "import rasd.cli as c, rasd.export as x, itertools, time\n"
        "real = x.write\n"
        "def slow(kind, fmt, rows, f, **kw):\n"
        "    real(kind, fmt, itertools.islice(rows, 1), f, **kw); f.flush(); time.sleep(60)\n"
        "x.write = slow\n"
        f"c.app(['export', 'events', '--db', {str(db)!r}, '-o', {str(target)!r}])\n")])
    deadline = time.time() + 60
    while time.time() < deadline and not list(tmp_path.glob(".rasd-export-*")):
        time.sleep(0.1)
    time.sleep(0.3)
    assert list(tmp_path.glob(".rasd-export-*"))        # it was writing when killed
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert not target.exists()


def test_the_demos_showcased_article_is_extracted_right():
    """`make demo` shows 02_seoul_weapons: Seoul weighing arms for Kyiv, Moscow's warning, and
    3,000 more North Korean troops in Kursk — which the rules alone missed."""
    from rasd.api import process
    docs = [d for d in process([str(EXAMPLES)]) if getattr(d, "id", "") == "02_seoul_weapons"]
    got = {(e.type, e.source and e.source.country, e.target and e.target.country, e.status) for e in docs[0].events}
    assert ("DEPLOY", "PRK", "RUS", "asserted") in got
    assert ("TRANSFER", "KOR", "UKR", "planned") in got
    assert ("THREATEN", "RUS", "KOR", "asserted") in got
    troops = next(e for e in docs[0].events if e.type == "DEPLOY")
    assert troops.quantity is not None and troops.quantity.value == 3000
