"""The store and the CLI end to end: idempotent ingest, export == extract, atomic writes."""
import sqlite3

import pytest

from conftest import EXAMPLES, LATEST_VERSION, jsonl, run_rasd
from rasd.model import Document
from rasd.pipeline import Pipeline
from rasd.store.sqlite import Store


def test_ingest_twice_changes_nothing_and_export_equals_extract(tmp_path):
    db = tmp_path / "r.db"
    first = run_rasd("ingest", EXAMPLES, "--db", db)
    assert "new 6" in first.stdout, first.stdout + first.stderr
    counts = Store(db).counts()
    second = run_rasd("ingest", EXAMPLES, "--db", db)
    assert "new 0" in second.stdout and "duplicate 6" in second.stdout
    assert Store(db).counts() == counts
    assert counts["events"] > 0 and counts["mentions"] > 0 and counts["removed"] > 0
    exported = jsonl(run_rasd("export", "events", "--db", db).stdout)
    extracted = jsonl(run_rasd("extract", EXAMPLES).stdout)
    assert exported == extracted


def test_seeds_ingest_is_idempotent_and_matches_extract(tmp_path, seeds):
    db = tmp_path / "s.db"
    run_rasd("ingest", seeds, "--db", db)
    counts = Store(db).counts()
    run_rasd("ingest", seeds, "--db", db)
    assert Store(db).counts() == counts
    assert jsonl(run_rasd("export", "events", "--db", db).stdout) == jsonl(run_rasd("extract", seeds).stdout)


def test_skipped_inputs_are_recorded_with_reasons(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "empty.txt").write_bytes(b"")
    (tmp_path / "in" / "ok.txt").write_text("زار كيم جونغ أون روسيا والتقى بوتين.", encoding="utf-8")
    db = tmp_path / "r.db"
    res = run_rasd("ingest", tmp_path / "in", "--db", db)
    assert "skipped 1" in res.stdout and "empty" in res.stderr
    assert Store(db).skipped()[0][1] == "empty"


def test_a_failed_write_leaves_no_half_document(tmp_path, monkeypatch):
    store = Store(tmp_path / "r.db")
    doc = Pipeline.default().run(Document(id="d1", text="أرسلت كوريا الشمالية جنودا إلى روسيا."))
    assert doc.events
    real = store.db

    class Exploding:
        def __getattr__(self, name):
            return getattr(real, name)

        def executemany(self, sql, rows):
            if "INTO events" in sql:
                raise sqlite3.OperationalError("disk I/O error (simulated kill)")
            return real.executemany(sql, rows)
    store.db = Exploding()
    with pytest.raises(sqlite3.OperationalError):
        store.save(doc)
    store.db = real
    assert store.counts()["documents"] == 0 and store.counts()["sentences"] == 0
    assert store.save(doc).status == "new"
    assert store.save(doc).status == "duplicate"


def test_changed_text_under_the_same_id_replaces_the_rows(tmp_path):
    store = Store(tmp_path / "r.db")
    p = Pipeline.default()
    store.save(p.run(Document(id="d", text="أرسلت كوريا الشمالية جنودا إلى روسيا.")))
    assert store.save(p.run(Document(id="d", text="زار كيم جونغ أون روسيا."))).status == "updated"
    assert store.counts()["documents"] == 1
    assert [r["type"] for r in store.event_records()] == ["MEET"]


def test_migrations_are_recorded_once(tmp_path):
    Store(tmp_path / "r.db").close()
    s = Store(tmp_path / "r.db")
    assert s.db.execute("SELECT count(*) FROM migrations").fetchone()[0] == LATEST_VERSION   # 001_init … the newest
    assert s.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_show_and_stats_and_csv(tmp_path):
    db = tmp_path / "r.db"
    run_rasd("ingest", EXAMPLES, "--db", db)
    shown = run_rasd("show", "02_seoul_weapons", "--db", db).stdout
    assert "سيول تدرس" in shown and "TRANSFER" in shown
    assert "events" in run_rasd("stats", "--db", db).stdout
    csv_out = run_rasd("export", "events", "--format", "csv", "--db", db).stdout
    assert csv_out.splitlines()[0].startswith("doc,published,outlet,url,part,type,source,source_name")
    assert run_rasd("show", "nope", "--db", db, check=False).returncode == 1


def test_a_killed_ingest_resumes_without_duplicates_or_loss(tmp_path):
    import json
    import os
    import signal
    import subprocess
    import sys
    import time
    batch = 200                         # documents per transaction, from a settings file
    config = tmp_path / "small_batches.toml"
    config.write_text(f"[store]\nbatch = {batch}\n", encoding="utf-8")
    total = 5 * batch + 200             # killed after a commit, before the last one
    corpus = tmp_path / "wire.jsonl"
    with open(corpus, "w", encoding="utf-8") as f:
        for i in range(total):
            text = (f"أرسلت كوريا الشمالية {i + 1} جندي إلى روسيا، بحسب مسؤولين في سيول.\n"
                    f"وقال الكرملين إن التقارير رقم {i} كاذبة.")
            f.write(json.dumps({"id": f"w{i}", "text": text, "published": "2024-11-06"}, ensure_ascii=False) + "\n")
    killed, clean = tmp_path / "killed.db", tmp_path / "clean.db"
    proc = subprocess.Popen([sys.executable, "-m", "rasd.cli", "ingest", str(corpus), "--db", str(killed),
                             "--config", str(config)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    def stored() -> int:    # a plain reader: WAL lets it read while the ingest writes
        try:
            with sqlite3.connect(killed, timeout=1) as db:
                return db.execute("SELECT count(*) FROM documents").fetchone()[0]
        except sqlite3.Error:
            return 0
    deadline = time.time() + 120
    while time.time() < deadline:       # wait until some documents are in, then kill hard
        time.sleep(0.2)
        if killed.exists() and stored() >= 20:
            break
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    partial = Store(killed).counts()["documents"]
    assert 0 < partial < total, partial
    run_rasd("ingest", corpus, "--db", killed)
    run_rasd("ingest", corpus, "--db", clean)
    store = Store(killed)
    assert store.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert store.counts() == Store(clean).counts()
    assert store.event_records() == Store(clean).event_records()


def test_a_changed_article_replaces_its_events_and_facts_never_mixes_them(tmp_path):
    """The same id (a URL) with changed text is a new version: its old events, fact mentions
    and story rows go, the new ones come; nothing of the old version is left counted."""
    from rasd.stories.queries import list_facts
    store = Store(tmp_path / "r.db")
    p = Pipeline.default()
    store.save(p.run(Document(id="https://x.example/a", text="أرسلت كوريا الشمالية جنودا إلى روسيا.",
                              published="2024-11-01")))
    assert [(f["type"], f["source"], f["target"]) for f in list_facts(store.db)] == [("DEPLOY", "PRK", "RUS")]
    assert store.save(p.run(Document(id="https://x.example/a", text="زار كيم جونغ أون روسيا.",
                                     published="2024-11-02"))).status == "updated"
    facts = list_facts(store.db)
    assert [(f["type"], f["source"], f["target"]) for f in facts] == [("MEET", "PRK", "RUS")]
    assert facts[0]["reports"] == 1 and store.counts()["fact_mentions"] == 1
    assert store.db.execute("SELECT count(*) FROM story_docs").fetchone()[0] == 1
