-- rasd store, version 2: duplicates, stories, facts. Everything here is derived from
-- documents and events and is updated in the same transaction as the document it comes from.
CREATE TABLE signatures (
    doc       TEXT PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
    minhash   BLOB NOT NULL,          -- num_perm uint32 values
    shingles  INTEGER NOT NULL,       -- distinct word 4-grams (for containment estimates)
    language  TEXT,
    published TEXT,
    embedding BLOB                    -- float32 lead-sentence embedding, computed when needed
);
CREATE TABLE lsh (
    hash INTEGER NOT NULL,            -- band number in the high bits, the band's hash in the low 32
    doc  TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE
);
CREATE INDEX lsh_key ON lsh(hash);
CREATE INDEX signatures_language ON signatures(language, published);
CREATE INDEX lsh_doc ON lsh(doc);
-- copy lineage: `doc` is a copy of `original` (the earliest published copy)
CREATE TABLE copies (
    doc        TEXT PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
    original   TEXT NOT NULL,
    similarity REAL NOT NULL,
    kind       TEXT NOT NULL          -- near (same text), contained (a cut of it), translation
);
CREATE INDEX copies_original ON copies(original);
-- paragraphs repeated inside a document or carried by another one
CREATE TABLE paragraph_copies (
    doc        TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    paragraph  INTEGER NOT NULL,
    first_doc  TEXT NOT NULL,
    first_paragraph INTEGER NOT NULL,
    PRIMARY KEY (doc, paragraph)
);
CREATE TABLE paragraph_hashes (
    hash      TEXT NOT NULL,
    doc       TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    paragraph INTEGER NOT NULL,
    PRIMARY KEY (hash, doc, paragraph)
);
CREATE TABLE stories (
    id         INTEGER PRIMARY KEY,
    title      TEXT NOT NULL,
    first_date TEXT,
    last_date  TEXT,
    keys       TEXT NOT NULL DEFAULT '[]',    -- JSON: event keys "TYPE SRC TGT"
    actors     TEXT NOT NULL DEFAULT '[]'     -- JSON: country codes
);
CREATE TABLE story_docs (
    doc   TEXT PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
    story INTEGER NOT NULL REFERENCES stories(id),
    score REAL NOT NULL
);
CREATE INDEX story_docs_story ON story_docs(story);
-- which stories name an actor, and when they were last reported: candidates for a new article
CREATE TABLE story_actors (
    actor     TEXT NOT NULL,
    story     INTEGER NOT NULL REFERENCES stories(id),
    last_date TEXT,
    PRIMARY KEY (actor, story)
);
CREATE INDEX story_actors_recent ON story_actors(actor, last_date);
CREATE TABLE facts (
    id             INTEGER PRIMARY KEY,
    type           TEXT NOT NULL,
    source         TEXT,
    target         TEXT,
    first_date     TEXT,               -- earliest date of the event itself (or of its report)
    last_date      TEXT,
    first_reported TEXT,
    last_reported  TEXT,
    contradicted   INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX facts_key ON facts(type, source, target);
CREATE TABLE fact_mentions (
    event     TEXT PRIMARY KEY REFERENCES events(id) ON DELETE CASCADE,
    fact      INTEGER NOT NULL REFERENCES facts(id),
    doc       TEXT NOT NULL,
    status    TEXT NOT NULL,
    claimant  TEXT,
    date      TEXT,
    published TEXT,
    duplicate INTEGER NOT NULL DEFAULT 0   -- from a copy of another article: shown, not counted
);
CREATE INDEX fact_mentions_fact ON fact_mentions(fact);
CREATE INDEX fact_mentions_doc ON fact_mentions(doc);
-- who says what about a fact, counted as mentions arrive (a popular fact has thousands)
CREATE TABLE fact_claims (
    fact     INTEGER NOT NULL REFERENCES facts(id),
    status   TEXT NOT NULL,
    claimant TEXT NOT NULL,           -- '' where the outlet itself states it
    n        INTEGER NOT NULL,
    PRIMARY KEY (fact, status, claimant)
);
