"""The PostgreSQL writer's round trips and statements (issue 20): a document's rows go in one
statement per table, writes are pipelined inside a document's savepoint, and a failure the
server reports late still undoes that document alone. Story candidates come out in the
same order from both backends."""
import pytest

from conftest import store_location
from rasd.model import Document
from rasd.pipeline import Pipeline, load_settings
from rasd.store.base import open_store

# written for these tests: one report per article, several sentences each
ARTICLES = [
    ("a1", "أرسلت كوريا الشمالية جنودا إلى روسيا.\nوقال مسؤول إن الجنود وصلوا الأسبوع الماضي إلى الحدود."),
    ("a2", "أعلنت وزارة الدفاع الأوكرانية أن روسيا أطلقت صواريخ على خاركيف.\nوأسقطت الدفاعات الجوية معظمها.\n"
           "وقال متحدث إن الهجوم استهدف محطات الطاقة.\nوتصاعد القتال في الشرق منذ أيام."),
    ("a3", "ونفت وزارة الدفاع الروسية أن تكون قواتها قد أطلقت صواريخ على مدينة خاركيف، ووصفت التقارير بأنها "
           "كاذبة.\nوأرسلت إيران طائرات مسيرة إلى روسيا الشهر الماضي."),
]


def _docs() -> list[Document]:
    settings = load_settings()
    settings["events"]["learned"] = False
    p = Pipeline.default(settings)
    return [p.run(Document(id=i, source=i, text=t, published="2025-03-02")) for i, t in ARTICLES]


def _pg(tmp_path, name: str) -> str:
    from conftest import _pg_url_or_skip
    _pg_url_or_skip()
    return store_location("postgresql", tmp_path, name)


def _save_counting(store, docs: list[Document], monkeypatch) -> list[tuple[str, int]]:
    """Save `docs` and close the store, recording each statement sent: (text, rows it carried)."""
    import psycopg
    sent: list[tuple[str, int]] = []
    execute, executemany = psycopg.Cursor.execute, psycopg.Cursor.executemany

    def one(cur, query, params=None, **kw):
        sent.append((str(query), 1))
        return execute(cur, query, params, **kw)

    def many(cur, query, rows, **kw):
        rows = list(rows)
        sent.append((str(query), len(rows)))
        return executemany(cur, query, rows, **kw)
    monkeypatch.setattr(psycopg.Cursor, "execute", one)
    monkeypatch.setattr(psycopg.Cursor, "executemany", many)
    try:
        store.save_all(docs)
    finally:
        monkeypatch.undo()
        store.close()
    return sent


def test_a_documents_rows_go_in_one_statement_per_table(tmp_path, monkeypatch):
    docs = _docs()
    assert all(len(d.sentences) > 1 and len(d.mentions) > 1 and d.events for d in docs)
    store = open_store(_pg(tmp_path, "rows"), batch=100)
    sent = _save_counting(store, docs, monkeypatch)
    for table in ("mentions", "sentences", "events", "fact_mentions"):
        statements = [n for q, n in sent if q.startswith(f"INSERT INTO {table} ")]
        assert statements == [1] * len(docs), (table, statements)     # one row or many, one statement
    with open_store(store.url, create=False) as again:
        counts = again.counts()
    assert counts["mentions"] == sum(len(d.mentions) for d in docs)
    assert counts["sentences"] == sum(len(d.sentences) for d in docs)


# written for this test: five events, four keys, two of them twice
MANY_EVENTS = ("أرسلت كوريا الشمالية جنودا إلى روسيا في أكتوبر.\nوأرسلت إيران طائرات مسيرة إلى روسيا الشهر الماضي.\n"
               "وأطلقت روسيا صواريخ على مدينة خاركيف الأوكرانية.\nونفت إيران إرسال أي طائرات مسيرة إلى روسيا.\n"
               "وقالت كوريا الجنوبية إن كوريا الشمالية أرسلت قذائف مدفعية إلى روسيا.")


def test_a_documents_facts_are_read_and_written_in_one_statement_each(tmp_path, monkeypatch):
    """Facts: one read of the candidate facts of all of a document's keys and one INSERT of
    its new facts, however many event mentions it has (there were one of each per mention)."""
    settings = load_settings()
    settings["events"]["learned"] = False
    p = Pipeline.default(settings)
    docs = [p.run(Document(id=f"m{i}", source=f"m{i}", text=MANY_EVENTS + "\n" * i, published=f"2025-03-0{i + 1}"))
            for i in range(3)]
    assert all(len(d.events) >= 5 for d in docs)
    store = open_store(_pg(tmp_path, "facts"), batch=100)
    sent = _save_counting(store, docs, monkeypatch)
    reads = [q for q, _ in sent if q.startswith("SELECT") and " FROM facts WHERE " in q]
    assert len(reads) == len(docs), reads
    # the first document starts its facts, the others join them
    assert len([q for q, _ in sent if q.startswith("INSERT INTO facts ")]) == 1
    with open_store(store.url, create=False) as again:
        assert again.counts()["fact_mentions"] == sum(len(d.events) for d in docs)
        assert again.db.execute("SELECT count(DISTINCT fact) FROM fact_mentions WHERE doc = 1").fetchone()[0] == \
            again.counts()["facts"] < len(docs[0].events)


def test_a_failure_the_server_reports_late_undoes_that_document_alone(tmp_path):
    """A pipelined write fails on the server (a trigger made to fail on one document's
    fourth sentence): the error is raised while that document is saved, its rows are undone,
    the documents before it stay, and the store takes it again once the cause is gone."""
    docs = _docs()
    where = _pg(tmp_path, "late")
    store = open_store(where, batch=100)
    try:
        store.db.script("CREATE FUNCTION boom() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                        "IF NEW.n = 3 THEN RAISE EXCEPTION 'simulated failure'; END IF; RETURN NEW; END $$; "
                        "CREATE TRIGGER boom BEFORE INSERT ON sentences FOR EACH ROW EXECUTE FUNCTION boom()")
        assert len(docs[0].sentences) < 4 <= len(docs[1].sentences)
        with pytest.raises(Exception, match="simulated failure"):
            store.save_all(docs)
        store.flush()
        store.db.script("DROP TRIGGER boom ON sentences")
        counts = store.counts()
        assert counts["documents"] == 1 and counts["sentences"] == len(docs[0].sentences)
        assert [o.status for o in store.save_all(docs)] == ["duplicate", "new", "new"]
    finally:
        store.close()
    with open_store(where, create=False) as again:
        assert again.counts()["sentences"] == sum(len(d.sentences) for d in docs)


def test_an_upsert_of_rows_sharing_a_key_is_applied_in_turn(tmp_path):
    """Many rows in one statement would be refused by PostgreSQL when two share a key; such
    rows go one by one, as SQLite applies them."""
    store = open_store(_pg(tmp_path, "upsert"))
    try:
        store.db.execute("BEGIN IMMEDIATE")
        store.db.execute("INSERT INTO stories (id, title, keys, actors) VALUES (1, 't', '[]', '[]')")
        store.db.executemany("INSERT INTO story_actors VALUES (?,?,?) ON CONFLICT(actor, story) DO UPDATE SET "
                             "last_date = max(last_date, excluded.last_date)",
                             [("RUS", 1, "2025-01-01"), ("RUS", 1, "2025-02-01"), ("IRN", 1, "2025-01-05")])
        store.db.execute("COMMIT")
        assert sorted(store.db.execute("SELECT actor, last_date FROM story_actors")) == [
            ("IRN", "2025-01-05"), ("RUS", "2025-02-01")]
    finally:
        store.close()


def test_story_candidates_are_the_newest_on_both_backends(store_at):
    """More stories of one actor last reported the same day than an article looks at: the
    newest are its candidates, on either backend (each used to break the tie its own way)."""
    from rasd.stories.stories import MAX_CANDIDATES, _recent_stories
    with open_store(store_at()) as store:
        db = store.db
        db.execute("BEGIN IMMEDIATE")
        count = MAX_CANDIDATES + 20
        # inserted out of order, and the same day for all: only the story number can tell them apart
        for sid in sorted(range(1, count + 1), key=lambda n: (n * 37) % count):
            db.execute("INSERT INTO stories (id, title, last_date, keys, actors) VALUES (?, 't', '2025-03-01', "
                       "'[]', '[\"RUS\"]')", (sid,))
            db.execute("INSERT INTO story_actors VALUES ('RUS', ?, '2025-03-01')", (sid,))
        db.execute("COMMIT")
        got = [sid for sid, *_ in _recent_stories(db, {"RUS"}, "2025-03-02")]
    assert got == list(range(count - MAX_CANDIDATES, count + 1))


def test_many_rows_of_mixed_python_types_are_stored_as_one_by_one(tmp_path):
    """An array parameter takes one Python type: booleans among integers, integers among
    floats, are stored as SQLite would store them; text among numbers goes row by row."""
    store = open_store(_pg(tmp_path, "mixed"))
    try:
        store.db.script("CREATE TABLE mixed (a BIGINT PRIMARY KEY, b BIGINT, t TEXT, f DOUBLE PRECISION)")
        store.db.load_catalog()
        store.db.executemany("INSERT INTO mixed VALUES (?,?,?,?)", [(1, True, "x", 1), (2, False, None, 0.5)])
        store.db.executemany("INSERT INTO mixed VALUES (?,?,?,?)", [(3, 7, "y", 2), (4, 8, 9, 3)])
        assert store.db.execute("SELECT * FROM mixed ORDER BY a").fetchall() == [
            (1, 1, "x", 1.0), (2, 0, None, 0.5), (3, 7, "y", 2.0), (4, 8, "9", 3.0)]
    finally:
        store.close()


def test_an_update_of_many_rows_by_key_is_one_statement(tmp_path, monkeypatch):
    """`UPDATE t SET a = ?, b = ? WHERE k = ?` given many rows: one statement (unnest);
    rows sharing a key go one by one, the last one standing, as SQLite applies them."""
    import psycopg
    store = open_store(_pg(tmp_path, "update"))
    sent: list[str] = []
    execute = psycopg.Cursor.execute

    def one(cur, query, params=None, **kw):
        sent.append(str(query))
        return execute(cur, query, params, **kw)
    try:
        store.db.execute("BEGIN IMMEDIATE")
        store.db.executemany("INSERT INTO facts (id, type, source, target) VALUES (?, 'TEST', ?, NULL)",
                             [(i, "PRK") for i in range(1, 6)])
        monkeypatch.setattr(psycopg.Cursor, "execute", one)
        store.db.executemany("UPDATE facts SET first_date = ?, item = ? WHERE id = ?",
                             [("2025-01-0%d" % i, None if i % 2 else "missile", i) for i in range(1, 5)])
        assert len([q for q in sent if q.startswith("UPDATE facts")]) == 1
        store.db.executemany("UPDATE facts SET last_date = ? WHERE id = ?", [("2025-02-01", 5), ("2025-03-01", 5)])
        monkeypatch.undo()
        store.db.execute("COMMIT")
        assert store.db.execute("SELECT id, first_date, last_date, item FROM facts ORDER BY id").fetchall() == [
            (1, "2025-01-01", None, None), (2, "2025-01-02", None, "missile"), (3, "2025-01-03", None, None),
            (4, "2025-01-04", None, "missile"), (5, None, "2025-03-01", None)]
    finally:
        store.close()
