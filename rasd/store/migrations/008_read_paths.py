"""rasd store, version 8: what the analyst's desk (`rasd serve`) and the read commands need
to answer from a 100,000-article store in milliseconds, not seconds.

- `fact_counts`: each fact's event mentions, reports (articles) and original reports, as a
  whole (status '') and per status. `rasd facts` ranked facts by counting the distinct
  articles of all 700,000 mentions on every call (1.5 s at 100,000 articles, 0.6 s even
  from a covering index); the triggers below keep the counts as mentions come and go, so a
  page of facts reads 50 rows. Every writer of `fact_mentions` (facts.add, a copy found
  later, a document updated or deleted, `facts.rebuild`) goes through the triggers, so no
  Python code has to remember them. Mentions are only ever inserted for new events (an
  INSERT OR REPLACE that replaced a row would not fire the delete trigger);
  tests/test_serve_queries.py checks the counts against a full recount after each kind of
  write.
- `fact_mentions_sides` (fact, status, claimant, duplicate, published, doc) replaces the
  index on `fact` alone (a prefix of it): a fact's first sentences per claimant are read
  from it directly, instead of sorting all of a popular fact's thousands of mentions.
- `stories_recent`, `documents_recent` and `fact_mentions_published`: the lists' own
  orders, so a page of the newest stories, articles or reports does not sort the whole
  table (an actor's timeline sorted 160,000 mentions to show 50: 0.5 s).
"""

COUNTS = ["INSERT INTO fact_counts SELECT fact, '', count(*), count(DISTINCT doc), "
          "count(DISTINCT CASE WHEN duplicate = 0 THEN doc END) FROM fact_mentions GROUP BY fact",
          "INSERT INTO fact_counts SELECT fact, status, count(*), count(DISTINCT doc), "
          "count(DISTINCT CASE WHEN duplicate = 0 THEN doc END) FROM fact_mentions GROUP BY fact, status"]

# `first` / `last`: no other mention of this fact (with this status) in this document, so the
# mention adds or removes a report; a document's mentions of a fact all share `duplicate`
TRIGGERS = [
    """CREATE TRIGGER fact_counts_insert AFTER INSERT ON fact_mentions BEGIN
        INSERT INTO fact_counts VALUES (NEW.fact, '', 1,
            NOT EXISTS (SELECT 1 FROM fact_mentions x WHERE x.doc = NEW.doc AND x.fact = NEW.fact AND x.event != NEW.event),
            NEW.duplicate = 0 AND NOT EXISTS (SELECT 1 FROM fact_mentions x WHERE x.doc = NEW.doc AND x.fact = NEW.fact
                                              AND x.event != NEW.event))
        ON CONFLICT (fact, status) DO UPDATE SET mentions = mentions + 1, reports = reports + excluded.reports,
            originals = originals + excluded.originals;
        INSERT INTO fact_counts VALUES (NEW.fact, NEW.status, 1,
            NOT EXISTS (SELECT 1 FROM fact_mentions x WHERE x.doc = NEW.doc AND x.fact = NEW.fact
                        AND x.status = NEW.status AND x.event != NEW.event),
            NEW.duplicate = 0 AND NOT EXISTS (SELECT 1 FROM fact_mentions x WHERE x.doc = NEW.doc AND x.fact = NEW.fact
                                              AND x.status = NEW.status AND x.event != NEW.event))
        ON CONFLICT (fact, status) DO UPDATE SET mentions = mentions + 1, reports = reports + excluded.reports,
            originals = originals + excluded.originals;
    END""",
    """CREATE TRIGGER fact_counts_delete AFTER DELETE ON fact_mentions BEGIN
        UPDATE fact_counts SET mentions = mentions - 1,
            reports = reports - last, originals = originals - last * (OLD.duplicate = 0)
        FROM (SELECT NOT EXISTS (SELECT 1 FROM fact_mentions x WHERE x.doc = OLD.doc AND x.fact = OLD.fact) AS last)
        WHERE fact = OLD.fact AND status = '';
        UPDATE fact_counts SET mentions = mentions - 1,
            reports = reports - last, originals = originals - last * (OLD.duplicate = 0)
        FROM (SELECT NOT EXISTS (SELECT 1 FROM fact_mentions x WHERE x.doc = OLD.doc AND x.fact = OLD.fact
                                 AND x.status = OLD.status) AS last)
        WHERE fact = OLD.fact AND status = OLD.status;
    END""",
    # a document found to copy another (or no longer to): its mentions change side once per
    # fact and status, counted on the mention that comes first in it
    """CREATE TRIGGER fact_counts_duplicate AFTER UPDATE OF duplicate ON fact_mentions
        WHEN OLD.duplicate != NEW.duplicate BEGIN
        UPDATE fact_counts SET originals = originals + (NEW.duplicate = 0) - (OLD.duplicate = 0)
        WHERE fact = NEW.fact AND status = '' AND NOT EXISTS (SELECT 1 FROM fact_mentions x
            WHERE x.doc = NEW.doc AND x.fact = NEW.fact AND x.event < NEW.event);
        UPDATE fact_counts SET originals = originals + (NEW.duplicate = 0) - (OLD.duplicate = 0)
        WHERE fact = NEW.fact AND status = NEW.status AND NOT EXISTS (SELECT 1 FROM fact_mentions x
            WHERE x.doc = NEW.doc AND x.fact = NEW.fact AND x.status = NEW.status AND x.event < NEW.event);
    END""",
    """CREATE TRIGGER fact_counts_forget AFTER DELETE ON facts BEGIN
        DELETE FROM fact_counts WHERE fact = OLD.id;
    END""",
]


def upgrade(db):
    db.execute("""CREATE TABLE fact_counts (
        fact      INTEGER NOT NULL,
        status    TEXT NOT NULL,          -- '' for the fact as a whole
        mentions  INTEGER NOT NULL,       -- event mentions (sentences)
        reports   INTEGER NOT NULL,       -- articles stating it
        originals INTEGER NOT NULL,       -- of those, articles that copy no other
        PRIMARY KEY (fact, status))""")
    for sql in COUNTS:
        db.execute(sql)
    for sql in TRIGGERS:
        db.execute(sql)
    db.execute("CREATE INDEX fact_counts_rank ON fact_counts(status, originals DESC, reports DESC)")
    db.execute("CREATE INDEX fact_mentions_sides ON fact_mentions(fact, status, claimant, duplicate, published, doc)")
    db.execute("DROP INDEX IF EXISTS fact_mentions_fact")
    db.execute("CREATE INDEX stories_recent ON stories(last_date DESC, id)")
    db.execute("CREATE INDEX documents_recent ON documents(published IS NULL, published DESC, num DESC)")
    db.execute("CREATE INDEX fact_mentions_published ON fact_mentions(published, doc)")
