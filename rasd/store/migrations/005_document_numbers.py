"""rasd store, version 5: every table keyed by document refers to it by number
(documents.num, given in ingest order and never reused), not by its text id.

Ids are URLs and file names in no order: each table keyed by them met every new article at
a random place in its B-tree, and once the corpus outgrew what one commit touches, each
such key cost a page of its own in every commit (~14,500 pages per 500 articles at 100,000
stored, against ~9,000 at 10,000). Numbered, a new article's rows go at the end of each
table; only documents' id index still takes a random key. The event mentions of facts
refer to events by number too. Foreign keys are off while the tables are rebuilt
(SQLite's procedure for changing a table's definition) and checked before the commit."""

TABLES = {
    "documents": """
        num         INTEGER PRIMARY KEY AUTOINCREMENT,   -- ingest order; never reused
        id          TEXT NOT NULL UNIQUE,                -- doc id (file stem, record id or URL)
        hash        TEXT NOT NULL,                       -- sha256 of text (first 32 hex)
        source      TEXT NOT NULL,
        seq         INTEGER NOT NULL DEFAULT 0,          -- record number inside a multi-record file
        outlet      TEXT, url TEXT, language TEXT, published TEXT, title TEXT, encoding TEXT,
        text        TEXT NOT NULL,
        warnings    TEXT NOT NULL DEFAULT '[]',
        ingested_at TEXT NOT NULL""",
    "parts": """
        doc INTEGER NOT NULL REFERENCES documents(num) ON DELETE CASCADE,
        number INTEGER NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL, published TEXT,
        PRIMARY KEY (doc, number)""",
    "removed": """
        doc INTEGER NOT NULL REFERENCES documents(num) ON DELETE CASCADE,
        start INTEGER NOT NULL, "end" INTEGER NOT NULL, reason TEXT NOT NULL,
        PRIMARY KEY (doc, start)""",
    "sentences": """
        doc INTEGER NOT NULL REFERENCES documents(num) ON DELETE CASCADE,
        n INTEGER NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL, paragraph INTEGER, part INTEGER,
        PRIMARY KEY (doc, n)""",
    "mentions": """
        doc INTEGER NOT NULL REFERENCES documents(num) ON DELETE CASCADE,
        start INTEGER NOT NULL, "end" INTEGER NOT NULL, kind TEXT, entity_id TEXT, code TEXT, country TEXT,
        name TEXT, role TEXT, category TEXT,
        PRIMARY KEY (doc, start, "end")""",
    "events": """
        num      INTEGER PRIMARY KEY,
        id       TEXT NOT NULL UNIQUE,           -- hash of doc, then of n + record
        doc      INTEGER NOT NULL REFERENCES documents(num) ON DELETE CASCADE,
        n        INTEGER NOT NULL,               -- order within the document (extract order)
        type     TEXT NOT NULL,
        source   TEXT, target TEXT, source_country TEXT, target_country TEXT,
        status   TEXT NOT NULL, claimant TEXT,
        date     TEXT, start INTEGER NOT NULL, "end" INTEGER NOT NULL,
        record   TEXT NOT NULL                   -- the SPEC record as JSON, exactly as extract prints it""",
    "signatures": """
        doc       INTEGER PRIMARY KEY REFERENCES documents(num) ON DELETE CASCADE,
        minhash   BLOB NOT NULL,          -- num_perm uint32 values
        shingles  INTEGER NOT NULL,       -- distinct word 4-grams (for containment estimates)
        language  TEXT,
        published TEXT,
        embedding BLOB,                   -- float32 lead-sentence embedding, computed when needed
        paragraphs BLOB                   -- int64 pairs: paragraph hash (60 bits), paragraph number""",
    "copies": """
        doc        INTEGER PRIMARY KEY REFERENCES documents(num) ON DELETE CASCADE,
        original   INTEGER NOT NULL,
        similarity REAL NOT NULL,
        kind       TEXT NOT NULL          -- near (same text), contained (a cut of it), translation""",
    "paragraph_copies": """
        doc        INTEGER NOT NULL REFERENCES documents(num) ON DELETE CASCADE,
        paragraph  INTEGER NOT NULL,
        first_doc  INTEGER NOT NULL,
        first_paragraph INTEGER NOT NULL,
        PRIMARY KEY (doc, paragraph)""",
    "story_docs": """
        doc   INTEGER PRIMARY KEY REFERENCES documents(num) ON DELETE CASCADE,
        story INTEGER NOT NULL REFERENCES stories(id),
        score REAL NOT NULL""",
    "fact_mentions": """
        event     INTEGER PRIMARY KEY REFERENCES events(num) ON DELETE CASCADE,
        fact      INTEGER NOT NULL REFERENCES facts(id),
        doc       INTEGER NOT NULL,
        status    TEXT NOT NULL,
        claimant  TEXT,
        date      TEXT,
        published TEXT,
        duplicate INTEGER NOT NULL DEFAULT 0   -- from a copy of another article: shown, not counted""",
}

# how the old rows fill the new tables (d: the old documents row of `doc`, by its id)
COPY = {
    "documents": "SELECT rowid, id, hash, source, seq, outlet, url, language, published, title, encoding, text, "
                 "warnings, ingested_at FROM documents ORDER BY rowid",
    "parts": "SELECT d.rowid, t.number, t.start, t.\"end\", t.published FROM parts t JOIN documents d ON d.id = t.doc",
    "removed": "SELECT d.rowid, t.start, t.\"end\", t.reason FROM removed t JOIN documents d ON d.id = t.doc",
    "sentences": "SELECT d.rowid, t.n, t.start, t.\"end\", t.paragraph, t.part FROM sentences t "
                 "JOIN documents d ON d.id = t.doc",
    "mentions": "SELECT d.rowid, t.start, t.\"end\", t.kind, t.entity_id, t.code, t.country, t.name, t.role, "
                "t.category FROM mentions t JOIN documents d ON d.id = t.doc",
    "events": "SELECT t.rowid, t.id, d.rowid, t.n, t.type, t.source, t.target, t.source_country, t.target_country, "
              "t.status, t.claimant, t.date, t.start, t.\"end\", t.record FROM events t JOIN documents d ON d.id = t.doc "
              "ORDER BY d.rowid, t.n",
    "signatures": "SELECT d.rowid, t.minhash, t.shingles, t.language, t.published, t.embedding, t.paragraphs "
                  "FROM signatures t JOIN documents d ON d.id = t.doc",
    "copies": "SELECT d.rowid, o.rowid, t.similarity, t.kind FROM copies t JOIN documents d ON d.id = t.doc "
              "JOIN documents o ON o.id = t.original",
    "paragraph_copies": "SELECT d.rowid, t.paragraph, f.rowid, t.first_paragraph FROM paragraph_copies t "
                        "JOIN documents d ON d.id = t.doc JOIN documents f ON f.id = t.first_doc",
    "story_docs": "SELECT d.rowid, t.story, t.score FROM story_docs t JOIN documents d ON d.id = t.doc",
    "fact_mentions": "SELECT e.rowid, t.fact, d.rowid, t.status, t.claimant, t.date, t.published, t.duplicate "
                     "FROM fact_mentions t JOIN events e ON e.id = t.event JOIN documents d ON d.id = t.doc",
}

INDEXES = [
    "CREATE INDEX mentions_code ON mentions(code)",
    "CREATE INDEX events_doc ON events(doc, n)",
    "CREATE INDEX events_type ON events(type)",
    "CREATE INDEX signatures_language ON signatures(language, published)",
    "CREATE INDEX copies_original ON copies(original)",
    "CREATE INDEX paragraph_copies_first ON paragraph_copies(first_doc)",     # to renumber an updated one
    "CREATE INDEX story_docs_story ON story_docs(story)",
    "CREATE INDEX fact_mentions_fact ON fact_mentions(fact)",
    "CREATE INDEX fact_mentions_doc ON fact_mentions(doc)",
]

FOREIGN_KEYS_OFF = True     # Store.migrate turns them off around this migration


def upgrade(db):
    # new tables beside the old ones, filled from them (old rowids are ingest order), then swapped
    for name, columns in TABLES.items():
        db.execute(f"CREATE TABLE new_{name} ({columns}\n)")     # a column may end with a comment
        db.execute(f"INSERT INTO new_{name} {COPY[name]}")
    for name in reversed(list(TABLES)):
        db.execute(f"DROP TABLE {name}")
    for name in TABLES:
        db.execute(f"ALTER TABLE new_{name} RENAME TO {name}")
    for sql in INDEXES:
        db.execute(sql)
