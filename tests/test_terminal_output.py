"""Nothing an article, a file name or a manifest holds reaches the terminal as markup or as
an escape sequence: every read command, at a terminal and in a pipe."""
import json
import os
import subprocess
import sys

import pytest
from hypothesis import given, settings, strategies as st

from conftest import run_rasd
from rasd.terminal import field, safe

HOSTILE = ["[/bold]", "[link=https://evil.example]انقر[/link]", "\x1b[2J", "\x1b[H", "\x1b]0;pwned\x07",
           "\x1b]8;;https://evil.example\x1b\\click\x1b]8;;\x1b\\", "\x1b[31m", "\x07", "\u202e", "\x9b31m",
           "\x1b]0;unterminated"]
FORBIDDEN = ["\x1b", "\x07", "\u202e", "\x9b", "\x9d"]


def test_safe_removes_whole_sequences_and_keeps_arabic():
    assert safe("قال \x1b]0;pwned\x07الجيش") == "قال الجيش"
    assert safe("a\x1b[2J\x1b[Hb") == "ab"
    assert safe("x\x1b]8;;https://e.x\x1b\\link\x1b]8;;\x1b\\y") == "xlinky"
    assert safe("\u202eأرسلت") == "أرسلت"
    assert safe("أرسلت\u200fروسيا") == "أرسلت\u200fروسيا"          # RLM belongs to Arabic text
    assert safe("a\x00b") == "a\ufffdb"
    assert field("سطر\tأول\nسطر ثان") == "سطر أول سطر ثان"


text_with_controls = st.text(alphabet=st.sampled_from(
    list("أرسلت روسيا 500 طائرة[]/=;\\") + ["\x1b", "\x07", "\x9b", "\x9d", "\x9c", "\u202e", "\u2066", "\u200f",
                                             "\x00", "\r", "\n", "\t", "\x7f", "\u0651", "ـ"]), max_size=60)


@settings(max_examples=400, deadline=None)
@given(text_with_controls)
def test_safe_output_holds_no_control_but_tab_and_newline(s):
    out = safe(s)
    assert not any(c in out for c in FORBIDDEN + ["\u2066", "\x00", "\r", "\x7f"])
    assert safe(out) == out
    assert "\n" not in field(s) and "\t" not in field(s)


@pytest.fixture(scope="module")
def hostile_db(tmp_path_factory):
    """A store whose article text, file name (the doc id) and outlet hold markup and escapes."""
    folder = tmp_path_factory.mktemp("hostile")
    body = ("قال الجيش الأوكراني [/bold] إن روسيا أرسلت 500 طائرة مسيرة إلى كييف. " + " ".join(HOSTILE) +
            "\nوأرسلت كوريا الشمالية 3000 جندي إلى روسيا، بحسب مسؤولين في سيول.")
    name = "evil[bold]\x1b[2J\u202e.txt"
    (folder / name).write_text(body, encoding="utf-8")
    (folder / "manifest.jsonl").write_text(json.dumps({"file": name, "outlet": "out\x1b]0;t\x07[red]let",
                                                       "published": "2024-11-06"}) + "\n", encoding="utf-8")
    db = folder / "h.db"
    run_rasd("ingest", folder, "--db", db, "--fast")
    return db


def _doc_id(db) -> str:
    import sqlite3
    with sqlite3.connect(db) as c:
        return c.execute("SELECT id FROM documents").fetchone()[0]


COMMANDS = [["facts"], ["stories"], ["timeline", "--actor", "RUS"], ["documents"], ["stats"], ["facts", "--json"]]


@pytest.mark.parametrize("tty", [False, True], ids=["pipe", "terminal"])
def test_every_read_command_prints_hostile_text_safely(hostile_db, tty):
    env = {**os.environ, "TERM": "dumb", "COLUMNS": "80"}
    if tty:
        env["TTY_COMPATIBLE"] = "1"        # Rich lays out as for a terminal, without colours (dumb)
    for args in COMMANDS + [["show", _doc_id(hostile_db)]]:
        res = subprocess.run([sys.executable, "-m", "rasd.cli", *args, "--db", str(hostile_db)],
                             capture_output=True, text=True, env=env)
        assert res.returncode == 0, (args, res.stderr)
        assert "Traceback" not in res.stderr and "MarkupError" not in res.stderr
        if "--json" not in args:
            assert not [c for c in FORBIDDEN if c in res.stdout], args
        assert "[/bold]" in res.stdout or args[0] in ("stats", "documents", "stories"), args  # shown, not parsed


def test_pipe_output_is_one_record_per_line(hostile_db):
    res = run_rasd("facts", "--db", hostile_db)
    lines = res.stdout.splitlines()
    assert lines and all(len(ln.split("\t")) == 13 for ln in lines)     # FACT_COLUMNS
    rus = [ln for ln in lines if "\tRUS\t" in ln or "\tRUS" in ln]
    assert rus and all("روسيا" in ln for ln in rus)     # the evidence is on the record's own line
