"""Facts merged a document at a time (issue 20: no statement per mention on PostgreSQL): the
candidate facts of all of a document's keys are read in one query and its mentions merged
in memory, yet every mention joins the fact, and every fact gets the number and dates, that
merging one mention at a time gives. Checked against such a merge written out here, on both
backends, with the older facts of a key read (few candidates per key) and not."""
import datetime as dt
import random

import pytest

from rasd.store.base import open_store
from rasd.stories import facts as F
from rasd.stories.facts import EventMention, WINDOW_DAYS, _day

KEYS = [("TRANSFER", "PRK", "RUS"), ("TRANSFER", "IRN", "RUS"), ("ATTACK", "RUS", "UKR"),
        ("MEET", "CHN", "RUS"), ("ATTACK", None, "UKR"), ("ACCUSE", "UKR", None), ("TEST", "PRK", None),
        ("DEPLOY", None, None)]
ITEMS = [None, None, "drone", "missile", "ammunition"]
STATUSES = ["asserted", "asserted", "denied", "hedged", "planned"]
CLAIMANTS = [None, "UKR", "RUS", "IRN", "USA"]


def _date(rng: random.Random) -> str | None:
    day = dt.date(2024, 1, 1) + dt.timedelta(rng.randrange(700))
    return rng.choice([None, day.isoformat(), day.isoformat()[:7], day.isoformat()[:4], day.isoformat()])


def _documents(seed: int, count: int = 80) -> list[tuple[int, str | None, list[EventMention]]]:
    """(number, published, mentions): documents of 1 to 9 mentions over a few keys, several
    of one key in a document (the first may start a fact the next joins or widens), dates of
    every precision, items that keep facts apart, symmetric keys in either order."""
    rng = random.Random(seed)
    docs, event = [], 0
    for num in range(1, count + 1):
        published = (dt.date(2024, 1, 1) + dt.timedelta(num * 8 + rng.randrange(30))).isoformat()
        mentions = []
        for _ in range(rng.randint(1, 9)):
            event += 1
            type_, source, target = rng.choice(KEYS)
            if type_ == "MEET" and rng.random() < 0.5:
                source, target = target, source
            mentions.append(EventMention(event, type_, source, target, rng.choice(STATUSES), rng.choice(CLAIMANTS),
                                         _date(rng), rng.choice(ITEMS)))
        docs.append((num, rng.choice([published, published, None]), mentions))
    return docs


def _one_at_a_time(docs) -> tuple[list[tuple], dict[int, int]]:
    """The facts (id, type, source, target, item, first_date, last_date, first_reported,
    last_reported) and each mention's fact, merging one mention at a time: it joins the
    newest fact of its key (by number) whose item it does not contradict and whose span,
    widened by WINDOW_DAYS, holds its day."""
    facts: list[list] = []
    joined: dict[int, int] = {}

    def lo(a, b):
        return min((x for x in (a, b) if x), default=None)

    def hi(a, b):
        return max((x for x in (a, b) if x), default=None)
    for _, published, mentions in docs:
        for m in mentions:
            when = m.date or published
            day = _day(when)
            for f in reversed(facts):
                if tuple(f[1:4]) != m.key or (m.item and f[4] and m.item != f[4]):
                    continue
                first, last = _day(f[5]), _day(f[6])
                if day is None or first is None or (first - dt.timedelta(WINDOW_DAYS) <= day
                                                    <= last + dt.timedelta(WINDOW_DAYS)):
                    f[4:] = [f[4] or m.item, lo(f[5], when), hi(f[6], when), lo(f[7], published), hi(f[8], published)]
                    break
            else:
                f = [len(facts) + 1, *m.key, m.item, when, when, published, published]
                facts.append(f)
            joined[m.event] = f[0]
    return [tuple(f) for f in facts], joined


def _contradicted(rows: list[tuple[str, str]]) -> bool:
    """A fact's contradiction flag from its claims (status, claimant): denied by one claimant,
    asserted (hedged, planned) by another."""
    deniers = {c for s, c in rows if s == "denied"}
    sayers = {c for s, c in rows if s != "denied"}
    return bool(deniers and sayers and (sayers - deniers or deniers - sayers))


def _store_documents(db, docs) -> None:
    db.execute("BEGIN IMMEDIATE")
    for num, published, mentions in docs:
        db.execute("INSERT INTO documents (num, id, hash, source, text, published, ingested_at) "
                   "VALUES (?, ?, '', '', '', ?, '')", (num, f"d{num}", published))
        db.executemany("INSERT INTO events VALUES (?, ?, ?, ?, NULL, NULL, ?, ?, ?, NULL, ?, 0, 0, '{}')",
                       [(m.event, num, i, m.type, m.source, m.target, m.status, m.date)
                        for i, m in enumerate(mentions)])
        F.add(db, num, published, mentions, duplicate=False)
    db.execute("COMMIT")


@pytest.mark.parametrize("newest", [F.NEWEST, 1])
def test_a_document_at_a_time_merges_as_one_mention_at_a_time(store_at, monkeypatch, newest):
    """`newest` 1: a key's older facts are read for nearly every mention that does not join
    its newest, as in a large store where keys hold many facts."""
    monkeypatch.setattr(F, "NEWEST", newest)
    docs = _documents(seed=20)
    expected, joined = _one_at_a_time(docs)
    assert len(expected) > 2 * len(KEYS)             # keys gather several facts: older ones are joined
    assert any(len({joined[m.event] for m in ms if m.key == k}) > 1
               for _, _, ms in docs for k in {m.key for m in ms})   # a document starts a fact and joins another
    with open_store(store_at()) as store:
        _store_documents(store.db, docs)
        got = [tuple(r) for r in store.db.execute(
            "SELECT id, type, source, target, item, first_date, last_date, first_reported, last_reported "
            "FROM facts ORDER BY id")]
        mentions = dict(store.db.execute("SELECT event, fact FROM fact_mentions"))
        claims = sorted(store.db.execute("SELECT fact, status, claimant, n FROM fact_claims"))
        flags = dict(store.db.execute("SELECT id, contradicted FROM facts"))
    assert got == expected
    assert mentions == joined
    counted: dict[tuple, int] = {}
    for _, _, ms in docs:
        for m in ms:
            key = (joined[m.event], m.status, m.claimant or "")
            counted[key] = counted.get(key, 0) + 1
    assert claims == sorted((*k, n) for k, n in counted.items())
    for fid in flags:
        rows = [(s, c) for (f, s, c), n in counted.items() if f == fid]
        assert flags[fid] == int(_contradicted(rows))
    assert any(flags.values())


def test_rebuilding_gives_the_facts_merged_on_ingest(store_at, monkeypatch):
    """`rebuild` goes through the same merge, from the stored event records."""
    import json
    monkeypatch.setattr(F, "NEWEST", 2)
    docs = _documents(seed=7, count=40)
    expected, joined = _one_at_a_time(docs)
    with open_store(store_at()) as store:
        db = store.db
        _store_documents(db, docs)
        for num, published, mentions in docs:           # the records rebuild reads
            for m in mentions:
                record = {"type": m.type, "status": m.status,
                          "source": m.source and {"country": m.source}, "target": m.target and {"country": m.target},
                          "claimant": m.claimant and {"country": m.claimant}, "date": m.date and {"value": m.date},
                          "item": m.item and {"category": m.item}}
                db.execute("UPDATE events SET record = ? WHERE num = ?", (json.dumps(record), m.event))
        before = sorted(db.execute("SELECT event, fact FROM fact_mentions"))
        db.execute("BEGIN IMMEDIATE")
        for table in ("fact_claims", "fact_mentions", "facts"):
            db.execute(f"DELETE FROM {table}")
        F.rebuild(db)
        db.execute("COMMIT")
        first = db.execute("SELECT min(id) FROM facts").fetchone()[0]   # numbers go on after the deleted ones
        got = [(fid - first + 1, *rest) for fid, *rest in db.execute(
            "SELECT id, type, source, target, item, first_date, last_date, first_reported, last_reported "
            "FROM facts ORDER BY id")]
        after = sorted((e, f - first + 1) for e, f in db.execute("SELECT event, fact FROM fact_mentions"))
    assert got == expected
    assert before == sorted(joined.items()) == after
