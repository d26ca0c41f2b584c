"""Stories: articles about the same developing affair, grouped incrementally.

A new article joins the story it fits best, or starts one; nothing is re-clustered.
Fit is measured against recent stories (last report within `WINDOW_DAYS`) that share
an event key or an actor with the article, or hold a copy of it:

    score = 0.5 * (event keys shared) + 0.3 * (actors shared) + 0.2 * (a copy in it)

with the shares as Jaccard overlaps of the article's sets with the story's.
"""
from __future__ import annotations

import datetime as dt
import json
import sqlite3

from rasd.model import Document

WINDOW_DAYS = 21
JOIN = 0.3
MAX_CANDIDATES = 60


def event_keys(doc: Document) -> set[str]:
    return {f"{e.type} {e.source.country if e.source else ''} {e.target.country if e.target else ''}"
            for e in doc.events}


def actors(doc: Document) -> set[str]:
    return {c for e in doc.events for c in (e.source and e.source.country, e.target and e.target.country) if c}


def _jaccard(a: set, b: set) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def _within(day: str | None, last: str | None) -> bool:
    if not day or not last:
        return True
    try:
        return abs((dt.date.fromisoformat(day[:10]) - dt.date.fromisoformat(last[:10])).days) <= WINDOW_DAYS
    except ValueError:
        return True


def _title(doc: Document) -> str:
    if doc.title:
        return doc.title
    first = doc.sentences[0] if doc.sentences else None
    return doc.text[first.start:first.end][:120] if first else doc.id


def assign(db: sqlite3.Connection, doc: Document, num: int, original: int | None) -> int:
    """Put `doc` (number `num`; `original`: the number of the article it copies) in a story;
    returns the story id."""
    keys, acts = event_keys(doc), actors(doc)
    cands: dict[int, float] = {}
    if original:
        row = db.execute("SELECT story FROM story_docs WHERE doc = ?", (original,)).fetchone()
        if row:
            cands[row[0]] = 0.2
    for sid, skeys, sacts, last in _recent_stories(db, acts, doc.published):
        if not _within(doc.published, last):
            continue
        score = 0.5 * _jaccard(keys, skeys) + 0.3 * _jaccard(acts, sacts) + cands.get(sid, 0.0)
        cands[sid] = max(cands.get(sid, 0.0), score)
    best = max(cands.items(), key=lambda kv: (kv[1], -kv[0]), default=None)
    if best is not None and best[1] >= JOIN:
        story, score = best
        _grow(db, story, doc, keys, acts)
    else:
        story, score = _start(db, doc, keys, acts), 1.0
    db.execute("INSERT OR REPLACE INTO story_docs VALUES (?,?,?)", (num, story, round(score, 3)))
    return story


def _recent_stories(db: sqlite3.Connection, acts: set[str], day: str | None):
    """Stories naming one of the actors, reported lately (an index lookup per actor)."""
    if not acts:
        return []
    since, per_actor = _days_before(day, WINDOW_DAYS), MAX_CANDIDATES // max(1, len(acts)) + 1
    rows = db.execute(_recent_sql(len(acts)), [v for a in sorted(acts) for v in (a, since, per_actor)]).fetchall()
    return [(sid, set(json.loads(k)), set(json.loads(a)), last) for sid, k, a, last in rows]


def _recent_sql(actors: int) -> str:
    """The most recently reported stories of each of `actors` actors (bounded work per
    article), the newest story first among those reported the same day (an order both
    backends keep), in one query: a placeholder subquery per actor, nothing else varies."""
    recent = " UNION ALL ".join(["SELECT story FROM (SELECT story FROM story_actors WHERE actor = ? AND "
                                 "last_date >= ? ORDER BY last_date DESC, story DESC LIMIT ?)"] * actors)
    return "SELECT id, keys, actors, last_date FROM stories WHERE id IN (" + recent + ") ORDER BY id"


def _days_before(day: str | None, days: int) -> str:
    try:
        return (dt.date.fromisoformat(day[:10]) - dt.timedelta(days)).isoformat() if day else ""
    except ValueError:
        return ""


def _index_actors(db: sqlite3.Connection, story: int, acts: set[str], last: str | None) -> None:
    # '' for an unknown date keeps the column indexable ("last_date >= ?" with no NULLs)
    db.executemany("INSERT INTO story_actors VALUES (?,?,?) ON CONFLICT(actor, story) DO UPDATE SET "
                   "last_date = max(last_date, excluded.last_date)",
                   [(a, story, last or "") for a in acts])


def _start(db: sqlite3.Connection, doc: Document, keys: set[str], acts: set[str]) -> int:
    cur = db.execute("INSERT INTO stories (title, first_date, last_date, keys, actors) VALUES (?,?,?,?,?)",
                     (_title(doc), doc.published, doc.published, json.dumps(sorted(keys)), json.dumps(sorted(acts))))
    _index_actors(db, cur.lastrowid, acts, doc.published)
    return cur.lastrowid


def _grow(db: sqlite3.Connection, story: int, doc: Document, keys: set[str], acts: set[str]) -> None:
    row = db.execute("SELECT keys, actors, first_date, last_date FROM stories WHERE id = ?", (story,)).fetchone()
    k, a = set(json.loads(row[0])) | keys, set(json.loads(row[1])) | acts
    dates = [d for d in (row[2], row[3], doc.published) if d]
    db.execute("UPDATE stories SET keys = ?, actors = ?, first_date = ?, last_date = ? WHERE id = ?",
               (json.dumps(sorted(k)), json.dumps(sorted(a)), min(dates, default=None), max(dates, default=None),
                story))
    _index_actors(db, story, a, max(dates, default=None))
