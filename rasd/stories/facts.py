"""Facts: the same event reported in several articles, merged, with who says what.

An event mention joins a fact of the same type and actor pair (countries; either order
for MEET, AGREE, COOPERATE) whose time span, widened by `WINDOW_DAYS`, holds the
mention's date (the event's own date when the text gives one, else the report's).
Mentions from an article that copies another are kept but marked as duplicates, so
that a wire story carried by ten outlets counts once. A fact is contradicted when one
claimant asserts, hedges or plans it and another denies it.
"""
from __future__ import annotations

import datetime as dt
import sqlite3

from rasd.model import Document, Event

WINDOW_DAYS = 60
SYMMETRIC = {"MEET", "AGREE", "COOPERATE"}


def _key(ev: Event) -> tuple[str, str | None, str | None]:
    src = ev.source.country if ev.source else None
    tgt = ev.target.country if ev.target else None
    if ev.type in SYMMETRIC and src and tgt:
        src, tgt = sorted((src, tgt))
    return ev.type, src, tgt


def _day(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat((value + "-01-01")[:10] if len(value) == 4 else (value + "-01")[:10]
                                     if len(value) == 7 else value[:10])
    except ValueError:
        return None


def _find(db: sqlite3.Connection, key, day: dt.date | None) -> int | None:
    # newest first, read lazily: a mention almost always joins one of its key's latest facts,
    # so the older ones (a key gathers facts as the years go by) are not read at all
    rows = db.execute("SELECT id, first_date, last_date FROM facts WHERE type = ? AND source IS ? AND target IS ? "
                      "ORDER BY id DESC", key)
    for fid, first, last in rows:
        lo, hi = _day(first), _day(last)
        if day is None or lo is None or (lo - dt.timedelta(WINDOW_DAYS) <= day <= hi + dt.timedelta(WINDOW_DAYS)):
            return fid
    return None


def merge(db: sqlite3.Connection, doc: Document, num: int, events: list[tuple[int, Event]],
          duplicate: bool) -> set[int]:
    """Add the event mentions (event number, event) of `doc` (number `num`) to facts; returns
    the facts touched."""
    touched = set()
    for event_id, ev in events:
        key = _key(ev)
        when = ev.date.value if ev.date else doc.published
        day = _day(when)
        fid = _find(db, key, day)
        if fid is None:
            fid = db.execute("INSERT INTO facts (type, source, target, first_date, last_date, first_reported, "
                             "last_reported) VALUES (?,?,?,?,?,?,?)",
                             (*key, when, when, doc.published, doc.published)).lastrowid
        else:
            _widen(db, fid, when, doc.published)
        claimant = ev.claimant.country if ev.claimant else None
        db.execute("INSERT OR REPLACE INTO fact_mentions VALUES (?,?,?,?,?,?,?,?)",
                   (event_id, fid, num, ev.status, claimant,
                    ev.date.value if ev.date else None, doc.published, int(duplicate)))
        db.execute("INSERT INTO fact_claims VALUES (?,?,?,1) ON CONFLICT(fact, status, claimant) DO UPDATE SET n = n + 1",
                   (fid, ev.status, claimant or ""))
        touched.add(fid)
    for fid in touched:
        _flag_contradiction(db, fid)
    return touched


def _widen(db: sqlite3.Connection, fid: int, when: str | None, published: str | None) -> None:
    first, last, fr, lr = db.execute("SELECT first_date, last_date, first_reported, last_reported FROM facts "
                                     "WHERE id = ?", (fid,)).fetchone()

    def lo(a, b):
        return min((x for x in (a, b) if x), default=None)

    def hi(a, b):
        return max((x for x in (a, b) if x), default=None)
    db.execute("UPDATE facts SET first_date = ?, last_date = ?, first_reported = ?, last_reported = ? WHERE id = ?",
               (lo(first, when), hi(last, when), lo(fr, published), hi(lr, published), fid))


def _flag_contradiction(db: sqlite3.Connection, fid: int) -> None:
    """Denied by one claimant, asserted (or hedged, planned) by another: a contradiction."""
    rows = db.execute("SELECT status, claimant FROM fact_claims WHERE fact = ? AND n > 0", (fid,)).fetchall()
    deniers = {c for s, c in rows if s == "denied"}
    sayers = {c for s, c in rows if s != "denied"}
    contradicted = bool(deniers and sayers and (sayers - deniers or deniers - sayers))
    db.execute("UPDATE facts SET contradicted = ? WHERE id = ?", (int(contradicted), fid))
