-- rasd store, version 1. Rows are keyed by content hashes so that re-ingesting the same
-- input changes nothing. Offsets are Unicode code points into documents.text.
CREATE TABLE documents (
    id          TEXT PRIMARY KEY,          -- doc id (file stem, record id or URL)
    hash        TEXT NOT NULL,             -- sha256 of text (first 32 hex)
    source      TEXT NOT NULL,
    seq         INTEGER NOT NULL DEFAULT 0,    -- record number inside a multi-record file
    outlet      TEXT,
    url         TEXT,
    language    TEXT,
    published   TEXT,
    title       TEXT,
    encoding    TEXT,
    text        TEXT NOT NULL,
    warnings    TEXT NOT NULL DEFAULT '[]',
    ingested_at TEXT NOT NULL
);
CREATE INDEX documents_hash ON documents(hash);

CREATE TABLE parts (
    doc TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    number INTEGER NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL, published TEXT,
    PRIMARY KEY (doc, number)
);
CREATE TABLE removed (
    doc TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    start INTEGER NOT NULL, "end" INTEGER NOT NULL, reason TEXT NOT NULL,
    PRIMARY KEY (doc, start)
);
CREATE TABLE sentences (
    doc TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    n INTEGER NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL, paragraph INTEGER, part INTEGER,
    PRIMARY KEY (doc, n)
);
CREATE TABLE mentions (
    doc TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    start INTEGER NOT NULL, "end" INTEGER NOT NULL, kind TEXT, entity_id TEXT, code TEXT, country TEXT,
    name TEXT, role TEXT, category TEXT,
    PRIMARY KEY (doc, start, "end")
);
CREATE INDEX mentions_code ON mentions(code);
CREATE TABLE events (
    id       TEXT PRIMARY KEY,               -- hash of doc, then of n + record
    doc      TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    n        INTEGER NOT NULL,               -- order within the document (extract order)
    type     TEXT NOT NULL,
    source   TEXT, target TEXT, source_country TEXT, target_country TEXT,
    status   TEXT NOT NULL, claimant TEXT,
    date     TEXT, start INTEGER NOT NULL, "end" INTEGER NOT NULL,
    record   TEXT NOT NULL                   -- the SPEC record as JSON, exactly as extract prints it
);
CREATE INDEX events_doc ON events(doc, n);
CREATE INDEX events_type ON events(type);
CREATE TABLE skipped (
    source TEXT PRIMARY KEY, reason TEXT NOT NULL, detail TEXT, seen_at TEXT NOT NULL
);
