"""Two writers on one store, kills at any moment, commits on time: nothing lost, no traceback."""
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time

import pytest

from conftest import EXAMPLES, LATEST_VERSION, run_rasd
from rasd.errors import StoreBusy
from rasd.model import Document
from rasd.pipeline import Pipeline
from rasd.store.sqlite import Store

RASD = [sys.executable, "-m", "rasd.cli"]


def _wire(path, n: int, *, offset: int = 0) -> None:
    with open(path, "w", encoding="utf-8") as f:
        for i in range(offset, offset + n):
            text = (f"أرسلت كوريا الشمالية {i + 1} جندي إلى روسيا، بحسب مسؤولين في سيول.\n"
                    f"وقال الكرملين إن التقارير رقم {i} كاذبة.")
            f.write(json.dumps({"id": f"w{i}", "text": text, "published": "2024-11-06"}, ensure_ascii=False) + "\n")


def test_two_ingests_started_together_on_a_new_store_both_succeed(tmp_path):
    # before: one of the two died in 10 of 14 tries with a migration traceback
    for attempt in range(4):
        db = tmp_path / f"x{attempt}.db"
        procs = [subprocess.Popen([*RASD, "ingest", str(EXAMPLES), "--db", str(db), "--fast"],
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
        outs = [p.communicate(timeout=300) for p in procs]
        for p, (out, err) in zip(procs, outs):
            assert p.returncode == 0, err
            assert "Traceback" not in err
        assert sorted("new 6" in out for out, _ in outs) == [False, True], outs
        with sqlite3.connect(db) as c:
            assert c.execute("SELECT count(*) FROM documents").fetchone()[0] == 6
            assert c.execute("SELECT count(*) FROM migrations").fetchone()[0] == \
                c.execute("SELECT count(DISTINCT version) FROM migrations").fetchone()[0]


def test_migrations_from_two_threads_apply_once(tmp_path):
    errors: list[BaseException] = []

    def open_store():
        try:
            Store(tmp_path / "r.db").close()
        except BaseException as e:   # noqa: BLE001 - the test reports it
            errors.append(e)
    threads = [threading.Thread(target=open_store) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    s = Store(tmp_path / "r.db")
    versions = [r[0] for r in s.db.execute("SELECT version FROM migrations ORDER BY version")]
    assert versions == sorted(set(versions)) and len(versions) >= 7


HOLDER = """
import sys, time
from rasd.model import Document
from rasd.pipeline import Pipeline
from rasd.store.sqlite import Store
long = Store(sys.argv[1], batch=10_000, commit_seconds=3600)
long.save(Pipeline.default().run(Document(id="first", text="زار كيم جونغ أون روسيا.")))
print("holding", flush=True)
time.sleep(float(sys.argv[2]))
long.close()
"""


def test_a_second_writer_waits_for_a_long_one_then_writes(tmp_path):
    db = tmp_path / "r.db"
    doc = Pipeline.default().run(Document(id="d", text="أرسلت كوريا الشمالية جنودا إلى روسيا."))
    Store(db).close()
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(db), "4"], stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "holding"      # it holds the write lock for 4 s
    with pytest.raises(StoreBusy, match="another process"):
        Store(db, wait=0.5).save(doc)
    second = Store(db, wait=60)
    assert second.save(doc).status == "new"
    second.close()
    assert holder.wait(timeout=60) == 0
    with sqlite3.connect(db) as c:
        assert {r[0] for r in c.execute("SELECT id FROM documents")} == {"first", "d"}


def test_commits_on_time_as_well_as_count(tmp_path):
    p = Pipeline.default()
    store = Store(tmp_path / "r.db", batch=10_000, commit_seconds=0.2)
    store.save(p.run(Document(id="a", text="أرسلت كوريا الشمالية جنودا إلى روسيا.")))
    assert store.db.in_transaction            # neither the count nor the time is reached
    time.sleep(0.3)
    store.save(p.run(Document(id="b", text="زار كيم جونغ أون روسيا.")))
    assert not store.db.in_transaction        # committed on time
    with sqlite3.connect(tmp_path / "r.db") as reader:
        assert reader.execute("SELECT count(*) FROM documents").fetchone()[0] == 2


def test_busy_store_is_one_line_on_the_command_line(tmp_path):
    db = tmp_path / "r.db"
    Store(db).close()
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(db), "30"], stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "holding"
    config = tmp_path / "short.toml"
    config.write_text("[store]\nwait = 0.5\n", encoding="utf-8")
    res = run_rasd("ingest", EXAMPLES, "--db", db, "--fast", "--config", config, check=False)
    holder.kill()
    holder.wait()
    assert res.returncode == 1
    assert "Traceback" not in res.stderr and "another process" in res.stderr


def test_ten_kills_at_random_moments_each_resume_to_the_same_store(tmp_path):
    # by hand: RASD_KILLS=100 for the larger run the issue asks for
    kills = int(os.environ.get("RASD_KILLS", "10"))
    corpus = tmp_path / "wire.jsonl"
    _wire(corpus, 300)
    config = tmp_path / "small.toml"
    config.write_text("[store]\nbatch = 40\n", encoding="utf-8")
    killed, clean = tmp_path / "killed.db", tmp_path / "clean.db"
    rng = random.Random(7)
    for _ in range(kills):
        proc = subprocess.Popen([*RASD, "ingest", str(corpus), "--db", str(killed), "--config", str(config),
                                 "--fast"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.3, 4.0))      # start-up, migrations, mid-batch, inside a commit
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
    run_rasd("ingest", corpus, "--db", killed, "--config", config, "--fast")
    run_rasd("ingest", corpus, "--db", clean, "--config", config, "--fast")
    a, b = Store(killed), Store(clean)
    assert a.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert a.counts() == b.counts()
    assert a.event_records() == b.event_records()


def test_a_schema_upgrade_killed_at_random_moments_finishes_when_opened_again(tmp_path):
    """A version-4 store (tests/data) upgraded by `rasd stats`, killed at random moments during
    the upgrade: each migration is one transaction, so the next open finishes it, and the store
    equals one upgraded without a kill."""
    import gzip
    import shutil
    from pathlib import Path

    def v4(path):
        with gzip.open(Path(__file__).parent / "data" / "stories_v4.db.gz") as src, open(path, "wb") as dst:
            shutil.copyfileobj(src, dst)
    killed, clean = tmp_path / "killed.db", tmp_path / "clean.db"
    v4(killed)
    v4(clean)
    rng = random.Random(3)
    for _ in range(5):
        proc = subprocess.Popen([*RASD, "stats", "--db", str(killed)], stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.5, 2.5))
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
    a, b = Store(killed), Store(clean)
    assert a.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert a.db.execute("SELECT max(version) FROM migrations").fetchone() == (LATEST_VERSION,)
    assert a.counts() == b.counts()
    assert a.event_records() == b.event_records()
