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
def _where(no_source: bool, no_target: bool) -> str:
    return ("type = ? AND " + ("source IS NULL" if no_source else "source = ?") + " AND "
            + ("target IS NULL" if no_target else "target = ?"))


_COLUMNS = "id, type, source, target, first_date, last_date, item, first_reported, last_reported"
# the newest facts of each of a document's keys are read at once (`_Known`), and a key's older
# ones (a key gathers facts as the years go by) only when a mention joins none of them. In
# the news bench's stream at 28,000 stored (~8 mentions an article, up to ~20 facts a key),
# replayed: a mention joined a fact past the newest 4 of its key, or started one in a key of
# more, ~2.0 times an article; past the newest 16, ~0.5 times
NEWEST = 16


def _params(key) -> list:
    return [v for v in key if v is not None]


def _shape(key) -> tuple[bool, bool]:
    return key[1] is None, key[2] is None


class _Known:
    """The facts of a document's keys read so far, each a list [id, first_date, last_date,
    item, first_reported, last_reported], newest first, as the document's mentions leave
    them (a fact one mention starts or widens is the next one's to join); `stored`: each
    read fact as it was read, to write the widened ones once; `complete`: the keys whose
    every fact has been read."""

    def __init__(self, db: sqlite3.Connection, keys: list):
        self.db = db
        self.facts: dict = {k: [] for k in keys}
        # by shape (which of source and target are absent), so that the statement's text
        # depends on how many keys of each shape there are, not on their order
        ordered = sorted(keys, key=lambda k: (_shape(k), tuple(v or "" for v in k)))
        for i in range(0, len(ordered), _PER_QUERY):
            part = ordered[i:i + _PER_QUERY]
            sql = " UNION ALL ".join(f"SELECT * FROM (SELECT {_COLUMNS} FROM facts WHERE {_where(*_shape(k))} "
                                     "ORDER BY id DESC LIMIT ?)" for k in part)
            for fid, type_, source, target, *rest in db.execute(sql, [v for k in part
                                                                      for v in (*_params(k), NEWEST)]):
                self.facts[type_, source, target].append([fid, *rest])
        for facts in self.facts.values():
            facts.sort(key=lambda f: -f[0])
        self.stored = {f[0]: tuple(f) for facts in self.facts.values() for f in facts}
        self.complete = {k for k, facts in self.facts.items() if len(facts) < NEWEST}

    def find(self, key, day: dt.date | None, item: str | None) -> list | None:
        """The fact a mention joins (the newest of its key that it fits), or None; a key's
        older facts are read, and kept, only when none of those read fits."""
        facts = self.facts[key]
        for fact in facts:
            if _joins(fact, day, item):
                return fact
        if key in self.complete:
            return None
        below = min(f[0] for f in facts if f[0] is not None)
        for row in self.db.execute(f"SELECT id, first_date, last_date, item, first_reported, last_reported "
                                   f"FROM facts WHERE {_where(*_shape(key))} AND id < ? ORDER BY id DESC",
                                   [*_params(key), below]):
            fact = list(row)
            facts.append(fact)
            self.stored[fact[0]] = row
            if _joins(fact, day, item):
                return fact
        self.complete.add(key)
        return None

    def start(self, key, fact: list) -> None:
        self.facts[key].insert(0, fact)              # the newest of its key


_PER_QUERY = 100      # keys per candidate query (SQLite's compound SELECT takes up to 500)


def _joins(fact: list, day: dt.date | None, item: str | None) -> bool:
    """Whether a mention of `day` and `item` joins `fact` (of its key)."""
    if item and fact[3] and item != fact[3]:
        return False
    lo, hi = _day(fact[1]), _day(fact[2])
    return day is None or lo is None or (lo - dt.timedelta(WINDOW_DAYS) <= day <= hi + dt.timedelta(WINDOW_DAYS))


def merge(db: sqlite3.Connection, doc: Document, num: int, events: list[tuple[int, Event]],
          duplicate: bool) -> set[int]:
    """Add the event mentions (event number, event) of `doc` (number `num`) to facts; returns
    the facts touched."""
    return add(db, num, doc.published, [EventMention.of(n, ev) for n, ev in events], duplicate=duplicate)


def add(db: sqlite3.Connection, num: int, published: str | None, mentions: list[EventMention], *,
        duplicate: bool, flag: bool = True) -> set[int]:
    """Add the mentions of document `num` (published on `published`) to facts; returns the
    facts touched. `flag`: whether to flag their contradictions now (`rebuild` does it once
    at the end).

    A document's statements do not grow with its mentions: the candidate facts of all its
    keys are read in one query; the mentions are merged here, in order, into those facts as
    this document leaves them (a fact one mention starts or widens is the next one's to
    join); then the new facts go in one statement, which returns their numbers (given in
    the order they were started, as one INSERT each would have), the widened ones in one
    more, and the mentions and claims in one each."""
    if not mentions:
        return set()
    known = _Known(db, list(dict.fromkeys(m.key for m in mentions)))
    new: list[tuple] = []                 # (key, fact) in the order they were started
    joined: list[tuple[EventMention, list]] = []
    for m in mentions:
        when = m.date or published
        fact = known.find(m.key, _day(when), m.item)
        if fact is None:
            fact = [None, when, when, m.item, published, published]
            known.start(m.key, fact)
            new.append((m.key, fact))
        else:
            _widen(fact, when, published, fact[3] or m.item)
        joined.append((m, fact))
    if new:
        ids = sorted(fid for fid, in db.execute(
            "INSERT INTO facts (type, source, target, item, first_date, last_date, first_reported, last_reported) "
            "VALUES " + ",".join(["(?,?,?,?,?,?,?,?)"] * len(new)) + " RETURNING id",
            [v for key, (_, first, last, item, fr, lr) in new for v in (*key, item, first, last, fr, lr)]).fetchall())
        if len(ids) != len(new):
            raise sqlite3.DatabaseError(f"{len(new)} facts inserted, {len(ids)} numbers returned")
        for (_, fact), fid in zip(new, ids):
            fact[0] = fid
    # an older fact of the key read after a younger one changed: each stored fact once
    widened = {f[0]: f for _, f in joined if f[0] in known.stored and tuple(f) != known.stored[f[0]]}
    db.executemany("UPDATE facts SET first_date = ?, last_date = ?, item = ?, first_reported = ?, last_reported = ? "
                   "WHERE id = ?", [(*f[1:], f[0]) for f in widened.values()])
    rows, claims = [], Counter()
    for m, fact in joined:
        rows.append((m.event, fact[0], num, m.status, m.claimant, m.date, published, int(duplicate)))
        claims[fact[0], m.status, m.claimant or ""] += 1
    touched = {fact[0] for _, fact in joined}
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


def _widen(fact: list, when: str | None, published: str | None, item: str | None) -> None:
    """Widen `fact` ([id, first_date, last_date, item, first_reported, last_reported]) to a
    mention of `when` reported on `published`, its item `item`: in memory (`add` writes it)."""
    def lo(a, b):
        return min((x for x in (a, b) if x), default=None)

    def hi(a, b):
        return max((x for x in (a, b) if x), default=None)
    fact[1:] = [lo(fact[1], when), hi(fact[2], when), item, lo(fact[4], published), hi(fact[5], published)]


# a fact's claims by status (denied, or not: asserted, hedged, planned), and its claims of
# one side whose claimant makes no claim of the other
_SIDE = "SELECT 1 FROM fact_claims c WHERE c.fact = facts.id AND c.n > 0 AND c.status {} 'denied'"
_ONE_SIDED = (_SIDE + " AND NOT EXISTS (SELECT 1 FROM fact_claims o WHERE o.fact = facts.id AND o.n > 0 "
              "AND o.status {} 'denied' AND o.claimant = c.claimant)")
# denied by one claimant, asserted (or hedged, planned) by another: both sides are there, and
# their claimants are not the same ones (a claimant who says both contradicts no one else)
CONTRADICTED = (f"CASE WHEN EXISTS ({_SIDE.format('=')}) AND EXISTS ({_SIDE.format('!=')}) AND "
                f"(EXISTS ({_ONE_SIDED.format('=', '!=')}) OR EXISTS ({_ONE_SIDED.format('!=', '=')})) "
                "THEN 1 ELSE 0 END")


def _flag_contradictions(db: sqlite3.Connection, fids: set[int], *, chunk: int = 500) -> None:
    """Flag the contradictions of the facts `fids` (`CONTRADICTED`), where the flag changes:
    one statement whose answer the writer does not wait for (on PostgreSQL it is sent with
    the document's other writes), not a read of every claim and a write."""
    ordered = sorted(fids)
    for i in range(0, len(ordered), chunk):
        ids = ordered[i:i + chunk]
        db.execute(f"UPDATE facts SET contradicted = {CONTRADICTED} WHERE id IN ({','.join('?' * len(ids))}) "
                   f"AND contradicted != {CONTRADICTED}", ids)
