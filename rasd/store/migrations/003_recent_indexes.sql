-- rasd store, version 3: an article's LSH bands and paragraph hashes (40 or so rows with
-- random keys) go to small tables first and are merged into the big ones in sorted runs
-- (stories.lineage.merge_recent). Written one article at a time, each row dirtied its own
-- page of a big index, so the pages written per article grew with the corpus.
CREATE TABLE lsh_recent (
    hash INTEGER NOT NULL,
    doc  TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE
);
CREATE INDEX lsh_recent_key ON lsh_recent(hash);
CREATE INDEX lsh_recent_doc ON lsh_recent(doc);
CREATE TABLE paragraph_hashes_recent (
    hash      TEXT NOT NULL,
    doc       TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    paragraph INTEGER NOT NULL,
    PRIMARY KEY (hash, doc, paragraph)
);
