"""The read paths the analyst's desk added (store version 8, issue 18): the kept fact counts
agree with a full recount after every kind of write, and the faster queries answer exactly
what the slower definitions did. Articles written for these tests."""
import sqlite3

import pytest

from rasd.model import Document
from rasd.pipeline import Pipeline, load_settings
from rasd.stories import facts as facts_module
from rasd.stories import desk, queries
from rasd.store.sqlite import Store

SHELLS = "أرسلت كوريا الشمالية قذائف مدفعية إلى روسيا، بحسب الاستخبارات الكورية الجنوبية."
DENIAL = "ونفى الكرملين أن تكون كوريا الشمالية قد أرسلت قذائف مدفعية إلى روسيا."
DRONES = "أرسلت إيران طائرات مسيرة إلى روسيا الشهر الماضي، بحسب مسؤولين أوكرانيين."
MORE = "وقال مسؤول أمريكي إن كوريا الشمالية أرسلت قذائف مدفعية إلى روسيا عبر السكك الحديدية."

RECOUNT = """
    SELECT fact, '', count(*), count(DISTINCT doc), count(DISTINCT CASE WHEN duplicate = 0 THEN doc END)
    FROM fact_mentions GROUP BY fact
    UNION ALL
    SELECT fact, status, count(*), count(DISTINCT doc), count(DISTINCT CASE WHEN duplicate = 0 THEN doc END)
    FROM fact_mentions GROUP BY fact, status"""


@pytest.fixture(scope="module")
def pipeline():
    settings = load_settings()
    settings["events"]["learned"] = False
    return Pipeline.default(settings)


def _save(store, pipeline, *docs):
    store.save_all(pipeline.run_batch([Document(id=i, text=t, published=p, source=i, language="ar")
                                       for i, t, p in docs]))
    store.flush()


def _agree(db: sqlite3.Connection) -> None:
    kept = sorted(db.execute("SELECT * FROM fact_counts WHERE mentions > 0"))
    assert kept == sorted(db.execute(RECOUNT))
    assert kept, "no facts: the check checked nothing"


def test_the_kept_fact_counts_follow_every_kind_of_write(tmp_path, pipeline):
    store = Store(tmp_path / "c.db", batch=100)
    db = store.db
    _save(store, pipeline, ("a", SHELLS + "\n" + DENIAL, "2024-10-02"), ("b", DRONES, "2024-10-03"))
    _agree(db)
    # a copy published later, then one published before the original (the copies' root moves)
    _save(store, pipeline, ("a_copy", SHELLS + "\n" + DENIAL, "2024-10-05"))
    _agree(db)
    _save(store, pipeline, ("a_first", SHELLS + "\n" + DENIAL, "2024-10-01"))
    _agree(db)
    assert db.execute("SELECT count(*) FROM fact_mentions WHERE duplicate = 1").fetchone()[0] > 0
    # an article whose text changes, one deleted, then every fact derived again
    _save(store, pipeline, ("b", DRONES + "\n" + MORE, "2024-10-03"))
    _agree(db)
    db.execute("DELETE FROM documents WHERE id = 'a_copy'")
    _agree(db)
    db.execute("BEGIN")
    facts_module.rebuild(db)
    db.execute("COMMIT")
    _agree(db)
    assert db.execute("SELECT count(*) FROM fact_counts WHERE fact NOT IN (SELECT id FROM facts)").fetchone()[0] == 0
    store.close()


def test_an_older_store_gets_its_counts_when_it_is_upgraded(tmp_path, pipeline):
    path = tmp_path / "old.db"
    with Store(path, batch=100) as store:
        _save(store, pipeline, ("a", SHELLS + "\n" + DENIAL, "2024-10-02"), ("b", MORE, "2024-10-04"))
    raw = sqlite3.connect(path)       # as version 7 left it: no counts, no triggers, no new indexes
    raw.execute("DROP TABLE fact_counts")
    for name in ("fact_counts_insert", "fact_counts_delete", "fact_counts_duplicate", "fact_counts_forget"):
        raw.execute(f"DROP TRIGGER {name}")
    for name in ("fact_mentions_sides", "stories_recent", "documents_recent", "fact_mentions_published"):
        raw.execute(f"DROP INDEX {name}")
    raw.execute("DELETE FROM migrations WHERE version = 8")
    raw.commit()
    raw.close()
    with Store(path) as store:
        _agree(store.db)
        _save(store, pipeline, ("c", SHELLS, "2024-10-06"))
        _agree(store.db)


# the definition `fact_sides` had before it read each claimant's first sentences from the index
RANKED = """
    WITH by_claimant AS (
        SELECT event, status, row_number() OVER (PARTITION BY status, claimant
                                                 ORDER BY duplicate, published, doc, event) AS turn,
               duplicate, published, doc
        FROM fact_mentions WHERE fact = ?),
    ranked AS (SELECT *, row_number() OVER (PARTITION BY status ORDER BY turn, duplicate, published, doc, event) AS k
               FROM by_claimant)
    SELECT event FROM ranked WHERE k <= ? ORDER BY event"""


def test_a_facts_first_sentences_are_those_the_full_ranking_picks(desk_store):
    with Store(desk_store) as store:
        db = store.db
        compared = 0
        for (fact,) in db.execute("SELECT id FROM facts").fetchall():
            for per_side in (1, 2, 5):
                assert sorted(queries._first_sentences(db, fact, per_side)) == \
                       [r[0] for r in db.execute(RANKED, (fact, per_side))]
                compared += 1
        assert compared > 20


def test_both_ways_of_reading_an_actors_timeline_agree(desk_store, monkeypatch):
    with Store(desk_store) as store:
        for actor in ("RUS", "PRK", "IRN"):
            for newest in (False, True):
                monkeypatch.setattr(queries, "RARE_MENTIONS", 10 ** 9)       # its facts first, sorted
                facts_first = queries.timeline(store.db, actor=actor, newest_first=newest, limit=7, offset=2)
                monkeypatch.setattr(queries, "RARE_MENTIONS", -1)            # along fact_mentions_published
                by_date = queries.timeline(store.db, actor=actor, newest_first=newest, limit=7, offset=2)
                assert facts_first == by_date and facts_first


def test_stories_of_an_actor_are_those_naming_it(desk_store):
    with Store(desk_store) as store:
        for actor in ("RUS", "PRK", "USA"):
            found = queries.list_stories(store.db, actor=actor)
            assert found and all(actor in s["actors"] for s in found)
            assert len(found) == store.db.execute("SELECT count(*) FROM story_actors WHERE actor = ?",
                                                  (actor,)).fetchone()[0]


def test_the_summary_agrees_with_rasd_stats(desk_store):
    with Store(desk_store) as store:
        held = {k: v for k, _, v in queries.describe_store(store.db)}
        summary = desk.store_summary(store.db)
    for key in ("documents", "copies", "events", "facts", "contradicted", "stories"):
        assert summary[key] == held[key], key
    assert held["published"] == f"{summary['first_published'][:10]} … {summary['last_published'][:10]}"


def test_a_snippet_shows_the_words_around_a_normalized_match():
    text = "في البداية كلام كثير. " * 10 + "وأعلنت الحكومة الإيرانية رفضها." + " كلام آخر." * 10
    cut = desk.snippet(text, "الحكومه الايرانيه", width=20)
    assert "الحكومة الإيرانية" in cut and cut.startswith("…") and cut.endswith("…")
    assert desk.snippet(text, "غير موجود") is None
