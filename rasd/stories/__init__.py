"""Stories and facts: duplicates and copy lineage, stories, facts, contradictions.

`update(db, doc, events)` runs inside the transaction that stores `doc`, so everything
here stays in step with the documents and events it is derived from.
"""
from __future__ import annotations

import sqlite3

from rasd.model import Document, Event
from rasd.stories import facts, lineage, stories
from rasd.stories.dedup import signature


def update(db: sqlite3.Connection, doc: Document, num: int, events: list[tuple[int, Event]],
           index: lineage.Index) -> None:
    """`num`: the document's number in the store (documents.num), by which every derived row
    refers to it; `events`: (event number, event); `index`: the writer's duplicate index
    (`lineage.Index`), kept by the store."""
    hashes = lineage.paragraph_hashes(doc)
    sig = signature(doc)
    copy = lineage.link_copies(db, doc, num, sig, index)     # before its own bands are in the index
    lineage.save_signature(db, doc, num, sig, index, hashes)
    if copy is None and events:
        copy = lineage.link_translation(db, doc, num, stories.event_keys(doc))
    lineage.link_paragraphs(db, num, hashes, index)
    stories.assign(db, doc, num, copy[0] if copy else None)
    facts.merge(db, doc, num, events, duplicate=copy is not None)
    _recount_family(db, copy[0] if copy else num)


def _recount_family(db: sqlite3.Connection, root: int) -> None:
    """A copy's mentions are duplicates; the earliest copy's are not (it may have changed).
    `root`: the original of the family just saved (a document that copies none is its own;
    the copies row `link_copies` or `link_translation` wrote says the same, unread)."""
    db.execute("UPDATE fact_mentions SET duplicate = 0 WHERE doc = ?", (root,))
    db.execute("UPDATE fact_mentions SET duplicate = 1 WHERE doc IN (SELECT doc FROM copies WHERE original = ?)",
               (root,))
