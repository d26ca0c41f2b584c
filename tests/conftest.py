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
