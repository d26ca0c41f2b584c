-- rasd store, version 9: what `rasd watch` remembers, so that a restart resumes where it
-- stopped and fetches nothing twice. Times are ISO 8601 in UTC.
-- watch_sources: one row per feed or sitemap ever polled (a source dropped from the sources
-- file keeps its row and history), with the validators of its last answer for conditional
-- GETs, its health and its counts.
CREATE TABLE watch_sources (
    url           TEXT PRIMARY KEY,          -- normalized feed or sitemap URL
    kind          TEXT,                      -- feed or sitemap, as last read
    outlet        TEXT,
    language      TEXT,
    every         REAL,                      -- seconds between polls
    etag          TEXT,                      -- validators of the last 200, sent back as If-None-Match
    last_modified TEXT,                      -- ... and If-Modified-Since
    polled_at     TEXT,                      -- last poll, whatever came of it
    ok_at         TEXT,                      -- last poll answered 200 or 304
    status        TEXT NOT NULL DEFAULT 'new',   -- new, ok, not_modified, error
    error         TEXT,                      -- the last error, while it lasts
    failures      INTEGER NOT NULL DEFAULT 0,    -- polls failed in a row: the backoff grows with them
    next_at       TEXT,                      -- due again then (NULL: now)
    polls         INTEGER NOT NULL DEFAULT 0,
    entries       INTEGER NOT NULL DEFAULT 0,    -- entries first seen in it
    articles      INTEGER NOT NULL DEFAULT 0,    -- articles it brought that were stored new or updated
    errors        INTEGER NOT NULL DEFAULT 0     -- failed polls and failed articles, all time
);
-- watch_entries: every article a listing named, by normalized URL (also its document id).
-- An entry is written as `pending` in the same transaction that records the listing and its
-- validators, and becomes `done` in the transaction that stores its document: a kill between
-- the two leaves it pending, and the next run fetches it even though the feed now answers 304.
CREATE TABLE watch_entries (
    url       TEXT PRIMARY KEY,
    source    TEXT NOT NULL,                 -- watch_sources.url that first named it
    link      TEXT NOT NULL,                 -- the link as the listing gave it: what is fetched
    guid      TEXT,
    stamp     TEXT,                          -- updated (or published) as the listing wrote it
    published TEXT,                          -- YYYY-MM-DD from the listing
    title     TEXT,
    state     TEXT NOT NULL,                 -- pending, done, known (already in the store), skipped, refused, failed
    attempts  INTEGER NOT NULL DEFAULT 0,
    error     TEXT,
    found_at  TEXT NOT NULL,
    done_at   TEXT
);
CREATE INDEX watch_entries_guid ON watch_entries(source, guid);
CREATE INDEX watch_entries_state ON watch_entries(source, state);
