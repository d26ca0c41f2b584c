"""rasd store, version 6: events lose their hashed text id.

Nothing looked an event up by it (readers and fact mentions use the event's number, and an
event is named by its document and its place in it: `doc`, `n`), yet its unique index took
a random key for every article: ~830 pages written per 500-article commit at 100,000 stored
articles, ~440 at 10,000. SQLite cannot drop a unique column in place, so the table is
rebuilt (foreign keys off, checked before the commit)."""

COLUMNS = """
        num      INTEGER PRIMARY KEY,            -- ingest order, as documents.num
        doc      INTEGER NOT NULL REFERENCES documents(num) ON DELETE CASCADE,
        n        INTEGER NOT NULL,               -- order within the document (extract order)
        type     TEXT NOT NULL,
        source   TEXT, target TEXT, source_country TEXT, target_country TEXT,
        status   TEXT NOT NULL, claimant TEXT,
        date     TEXT, start INTEGER NOT NULL, "end" INTEGER NOT NULL,
        record   TEXT NOT NULL                   -- the SPEC record as JSON, exactly as extract prints it
"""

FOREIGN_KEYS_OFF = True     # Store.migrate turns them off around this migration


def upgrade(db):
    db.execute(f"CREATE TABLE new_events ({COLUMNS})")
    db.execute("INSERT INTO new_events SELECT num, doc, n, type, source, target, source_country, target_country, "
               "status, claimant, date, start, \"end\", record FROM events ORDER BY num")
    db.execute("DROP TABLE events")
    db.execute("ALTER TABLE new_events RENAME TO events")
    db.execute("CREATE INDEX events_doc ON events(doc, n)")
    db.execute("CREATE INDEX events_type ON events(type)")
