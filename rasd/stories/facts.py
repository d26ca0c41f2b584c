"""Facts: the same event reported in several articles, merged, with who says what.

An event mention joins a fact of the same type and actor pair (countries; either order
for MEET, AGREE, COOPERATE) whose time span, widened by `WINDOW_DAYS`, holds the
mention's date (the event's own date when the text gives one, else the report's), and
whose item is compatible: shells and missiles sent to Russia in the same month are two
facts; "weapons" (a vague item) or no item at all joins either. Mentions from an article
that copies another are kept but marked as duplicates, so that a wire story carried by ten
outlets counts once. A fact is contradicted when one claimant asserts, hedges or plans it
and another denies it.

Facts are derived from the stored events: `rebuild` derives them again, in ingest order.
"""
from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections import Counter
from dataclasses import dataclass
from itertools import groupby

from rasd.model import Document, Event

WINDOW_DAYS = 60
SYMMETRIC = {"MEET", "AGREE", "COOPERATE"}
# item categories too vague to tell two facts apart ("weapons", "equipment", "aid")
VAGUE_ITEMS = {"other"}


@dataclass(frozen=True, slots=True)
class EventMention:
    """What merging needs of one event mention; built from an `Event` as it is stored, or
    from its stored SPEC record when facts are rebuilt."""
    event: int                  # events.num
    type: str
    source: str | None          # countries
    target: str | None
    status: str
    claimant: str | None
    date: str | None            # the event's own date, when the text gives one
    item: str | None            # the item's category, None when absent or vague

    @classmethod
    def of(cls, num: int, ev: Event) -> "EventMention":
        return cls(num, ev.type, ev.source and ev.source.country, ev.target and ev.target.country, ev.status,
                   ev.claimant and ev.claimant.country, ev.date and ev.date.value,
                   _category(ev.item and ev.item.category))

    @classmethod
    def from_record(cls, num: int, rec: dict) -> "EventMention":
        def country(field):
            return (rec.get(field) or {}).get("country")
        return cls(num, rec["type"], country("source"), country("target"), rec["status"], country("claimant"),
                   (rec.get("date") or {}).get("value"), _category((rec.get("item") or {}).get("category")))

    @property
    def key(self) -> tuple[str, str | None, str | None]:
        src, tgt = self.source, self.target
        if self.type in SYMMETRIC and src and tgt:
            src, tgt = sorted((src, tgt))
        return self.type, src, tgt


def _category(category: str | None) -> str | None:
    return None if category in VAGUE_ITEMS else category


def _day(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat((value + "-01-01")[:10] if len(value) == 4 else (value + "-01")[:10]
                                     if len(value) == 7 else value[:10])
    except ValueError:
        return None


# `= ?` or `IS NULL`, not `IS ?`: PostgreSQL's null-safe equality (IS NOT DISTINCT FROM)
# cannot use the facts_key index, and read every fact of the store for each mention
_FIND = {(no_source, no_target): "SELECT id, first_date, last_date, item, first_reported, last_reported "
         "FROM facts WHERE type = ? AND "
         + ("source IS NULL" if no_source else "source = ?") + " AND " + ("target IS NULL" if no_target else "target = ?")
         + " ORDER BY id DESC" for no_source in (False, True) for no_target in (False, True)}


def _find(db: sqlite3.Connection, key, day: dt.date | None, item: str | None) -> tuple | None:
    """(id, item, (first_date, last_date, first_reported, last_reported)) of the fact a
    mention joins, or None."""
    # newest first, read lazily: a mention almost always joins one of its key's latest facts,
    # so the older ones (a key gathers facts as the years go by) are not read at all
    type_, source, target = key
    rows = db.execute(_FIND[source is None, target is None], [type_, *(v for v in (source, target) if v is not None)])
    for fid, first, last, fact_item, first_reported, last_reported in rows:
        if item and fact_item and item != fact_item:
            continue
        lo, hi = _day(first), _day(last)
        if day is None or lo is None or (lo - dt.timedelta(WINDOW_DAYS) <= day <= hi + dt.timedelta(WINDOW_DAYS)):
            return fid, fact_item, (first, last, first_reported, last_reported)
    return None


def merge(db: sqlite3.Connection, doc: Document, num: int, events: list[tuple[int, Event]],
          duplicate: bool) -> set[int]:
    """Add the event mentions (event number, event) of `doc` (number `num`) to facts; returns
    the facts touched."""
    return add(db, num, doc.published, [EventMention.of(n, ev) for n, ev in events], duplicate=duplicate)


def add(db: sqlite3.Connection, num: int, published: str | None, mentions: list[EventMention], *,
        duplicate: bool, flag: bool = True) -> set[int]:
    """Add the mentions of document `num` (published on `published`) to facts; returns the
    facts touched. `flag`: whether to flag their contradictions now (`rebuild` does it once
    at the end)."""
    touched: set[int] = set()
    rows, claims = [], Counter()
    for m in mentions:
        when = m.date or published
        found = _find(db, m.key, _day(when), m.item)
        if found is None:
            fid = db.execute("INSERT INTO facts (type, source, target, item, first_date, last_date, first_reported, "
                             "last_reported) VALUES (?,?,?,?,?,?,?,?)",
                             (*m.key, m.item, when, when, published, published)).lastrowid
        else:
            fid, fact_item, dates = found
            _widen(db, fid, (*dates, fact_item), when, published, fact_item or m.item)
        rows.append((m.event, fid, num, m.status, m.claimant, m.date, published, int(duplicate)))
        claims[fid, m.status, m.claimant or ""] += 1
        touched.add(fid)
    # the document's mentions and claims written together (one statement each on PostgreSQL,
    # not one per mention): nothing above reads them
    db.executemany("INSERT OR REPLACE INTO fact_mentions VALUES (?,?,?,?,?,?,?,?)", rows)
    db.executemany("INSERT INTO fact_claims VALUES (?,?,?,?) ON CONFLICT(fact, status, claimant) DO UPDATE SET "
                   "n = n + excluded.n", [(*k, n) for k, n in claims.items()])
    if flag:
        _flag_contradictions(db, touched)
    return touched


def rebuild(db: sqlite3.Connection) -> int:
    """Derive every fact again from the stored events, document by document in ingest order
    (as they were first merged); returns how many facts there are. Runs in the caller's
    transaction."""
    for table in ("fact_claims", "fact_mentions", "facts"):
        db.execute(f"DELETE FROM {table}")
    rows = db.execute("SELECT e.doc, d.published, e.doc IN (SELECT doc FROM copies), e.num, e.record "
                      "FROM events e JOIN documents d ON d.num = e.doc ORDER BY e.doc, e.n")
    touched = set()
    for (doc, published, copy), group in groupby(rows, key=lambda r: r[:3]):
        mentions = [EventMention.from_record(event, json.loads(record)) for *_, event, record in group]
        touched |= add(db, doc, published, mentions, duplicate=bool(copy), flag=False)
    _flag_contradictions(db, touched)
    return db.execute("SELECT count(*) FROM facts").fetchone()[0]


def _widen(db: sqlite3.Connection, fid: int, stored: tuple, when: str | None, published: str | None,
           item: str | None) -> None:
    """`stored`: the fact's dates and item as `_find` just read them, so the widening is a
    write alone, and none when it changes nothing."""
    first, last, fr, lr, _ = stored

    def lo(a, b):
        return min((x for x in (a, b) if x), default=None)

    def hi(a, b):
        return max((x for x in (a, b) if x), default=None)
    wider = (lo(first, when), hi(last, when), lo(fr, published), hi(lr, published), item)
    if wider != stored:
        db.execute("UPDATE facts SET first_date = ?, last_date = ?, first_reported = ?, last_reported = ?, item = ? "
                   "WHERE id = ?", (*wider, fid))


def _flag_contradictions(db: sqlite3.Connection, fids: set[int], *, chunk: int = 500) -> None:
    """Denied by one claimant, asserted (or hedged, planned) by another: a contradiction.
    The flags and claims of all `fids` read at once; the flags that change written together."""
    ordered = sorted(fids)
    for i in range(0, len(ordered), chunk):
        ids = ordered[i:i + chunk]
        flags: dict[int, int] = {}
        claims: dict[int, list[tuple[str, str]]] = {fid: [] for fid in ids}
        for fid, flag, status, claimant in db.execute(
                f"SELECT f.id, f.contradicted, c.status, c.claimant FROM facts f LEFT JOIN fact_claims c "
                f"ON c.fact = f.id AND c.n > 0 WHERE f.id IN ({','.join('?' * len(ids))})", ids):
            flags[fid] = flag
            if status is not None:
                claims[fid].append((status, claimant))
        db.executemany("UPDATE facts SET contradicted = ? WHERE id = ?",
                       [(new, fid) for fid, rows in claims.items() if (new := int(_contradicted(rows))) != flags.get(fid)])


def _contradicted(rows: list[tuple[str, str]]) -> bool:
    deniers = {c for s, c in rows if s == "denied"}
    sayers = {c for s, c in rows if s != "denied"}
    return bool(deniers and sayers and (sayers - deniers or deniers - sayers))
