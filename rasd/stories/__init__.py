"""Stories and facts: duplicates and copy lineage, stories, facts, contradictions.

`update(db, doc, events)` runs inside the transaction that stores `doc`, so everything
here stays in step with the documents and events it is derived from.
"""
from __future__ import annotations

import sqlite3

from rasd.model import Document, Event
from rasd.stories import facts, lineage, stories
from rasd.stories.dedup import signature


def update(db: sqlite3.Connection, doc: Document, events: list[tuple[str, Event]], index: lineage.Index) -> None:
    """`index`: the writer's duplicate index (`lineage.Index`), kept by the store."""
    hashes = lineage.paragraph_hashes(doc)
    sig = signature(doc)
    copy = lineage.link_copies(db, doc, sig, index)          # before its own bands are in the index
    num = lineage.save_signature(db, doc, sig, index, hashes)
    if copy is None and events:
        copy = lineage.link_translation(db, doc, stories.event_keys(doc))
    lineage.link_paragraphs(db, doc, num, hashes, index)
    stories.assign(db, doc, copy[0] if copy else None)
    facts.merge(db, doc, events, duplicate=copy is not None)
    _recount_family(db, doc.id)


def _recount_family(db: sqlite3.Connection, doc_id: str) -> None:
    """A copy's mentions are duplicates; the earliest copy's are not (it may have changed)."""
    row = db.execute("SELECT original FROM copies WHERE doc = ?", (doc_id,)).fetchone()
    root = row[0] if row else doc_id
    db.execute("UPDATE fact_mentions SET duplicate = 0 WHERE doc = ?", (root,))
    db.execute("UPDATE fact_mentions SET duplicate = 1 WHERE doc IN (SELECT doc FROM copies WHERE original = ?)",
               (root,))
