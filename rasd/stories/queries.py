"""Read-side views over stories and facts, as plain dicts ready for JSON or a table."""
from __future__ import annotations

import json
import sqlite3


def _rows(db: sqlite3.Connection, sql: str, args=()) -> list[dict]:
    cur = db.execute(sql, args)
    names = [c[0] for c in cur.description]
    return [dict(zip(names, r)) for r in cur.fetchall()]


def list_stories(db: sqlite3.Connection) -> list[dict]:
    out = _rows(db, "SELECT s.id, s.title, s.first_date, s.last_date, s.actors, count(d.doc) AS articles, "
                    "sum(d.doc IN (SELECT doc FROM copies)) AS copies "
                    "FROM stories s JOIN story_docs d ON d.story = s.id GROUP BY s.id ORDER BY s.last_date DESC, s.id")
    for s in out:
        s["actors"] = json.loads(s["actors"])
    return out


def list_facts(db: sqlite3.Connection, *, contradicted: bool = False, actor: str | None = None,
               type: str | None = None, item: str | None = None, since: str | None = None,
               limit: int | None = None, per_side: int | None = None) -> list[dict]:
    """Facts, most reported first, each with its claimants by status (`fact_sides`) and how
    many mentions each status has (`counts`). `limit`: at most this many facts; `per_side`:
    at most this many sentences per status (a fact in a large store has thousands)."""
    where, args = [], []
    if contradicted:
        where.append("f.contradicted = 1")
    if actor:
        where.append("(f.source = ? OR f.target = ?)")
        args += [actor.upper()[:3], actor.upper()[:3]]
    if type:
        where.append("f.type = ?")
        args.append(type.upper())
    if item:
        where.append("f.item = ?")
        args.append(item.lower())
    if since:
        where.append("coalesce(f.last_reported, f.last_date) >= ?")
        args.append(since)
    sql = ("SELECT f.id, f.type, f.source, f.target, f.item, f.first_date, f.last_date, f.first_reported, "
           "f.last_reported, f.contradicted, sum(m.duplicate = 0) AS reports, count(m.event) AS mentions "
           "FROM facts f JOIN fact_mentions m ON m.fact = f.id "
           + ("WHERE " + " AND ".join(where) if where else "") +
           " GROUP BY f.id ORDER BY reports DESC, f.last_reported DESC, f.id")
    if limit is not None:
        sql += " LIMIT ?"
        args.append(limit)
    facts = _rows(db, sql, args)
    for f in facts:
        f["counts"] = dict(db.execute("SELECT status, count(*) FROM fact_mentions WHERE fact = ? GROUP BY status",
                                      (f["id"],)).fetchall())
        f["sides"] = fact_sides(db, f["id"], per_side=per_side)
    return facts


def fact_sides(db: sqlite3.Connection, fact_id: int, *, per_side: int | None = None) -> dict[str, list[dict]]:
    """The claimants by status, each with the sentence it comes from, in report order.
    `per_side`: at most this many per status, chosen so that each claimant is shown before
    any claimant is shown twice, original reports before copies, earliest first."""
    rows = _rows(db, """
        WITH by_claimant AS (
            SELECT event, status, claimant, doc, published, duplicate,
                   row_number() OVER (PARTITION BY status, claimant ORDER BY duplicate, published, doc) AS turn
            FROM fact_mentions WHERE fact = ?),
        ranked AS (
            SELECT *, row_number() OVER (PARTITION BY status ORDER BY turn, duplicate, published, doc) AS k
            FROM by_claimant)
        SELECT r.status, r.claimant, d.id AS doc, r.published, r.duplicate, e.record
        FROM ranked r JOIN events e ON e.num = r.event JOIN documents d ON d.num = r.doc
        WHERE ? IS NULL OR r.k <= ?
        ORDER BY r.published, d.id""", (fact_id, per_side, per_side))
    sides: dict[str, list[dict]] = {}
    for r in rows:
        ev = json.loads(r["record"])["evidence"]
        sides.setdefault(r["status"], []).append(
            {"claimant": r["claimant"], "doc": r["doc"], "published": r["published"], "duplicate": bool(r["duplicate"]),
             "evidence": ev["text"], "start": ev["start"], "end": ev["end"]})
    return sides


def timeline(db: sqlite3.Connection, *, story: int | None = None, actor: str | None = None,
             since: str | None = None) -> list[dict]:
    """Event mentions in the order they were reported, for a story or for an actor's facts
    (`since`: reported on or after that day)."""
    where, args = [], []
    if story is not None:
        where.append("m.doc IN (SELECT doc FROM story_docs WHERE story = ?)")
        args.append(story)
    if actor:
        where.append("(f.source = ? OR f.target = ?)")
        args += [actor.upper()[:3], actor.upper()[:3]]
    if since:
        where.append("m.published >= ?")
        args.append(since)
    sql = ("SELECT m.published, m.date, f.id AS fact, f.type, f.source, f.target, f.item, m.status, m.claimant, d.id AS doc, "
           "m.duplicate, e.record FROM fact_mentions m JOIN facts f ON f.id = m.fact JOIN events e ON e.num = m.event "
           "JOIN documents d ON d.num = m.doc "
           + ("WHERE " + " AND ".join(where) if where else "") + " ORDER BY m.published, d.id, e.n")
    out = _rows(db, sql, args)
    for r in out:
        r["evidence"] = json.loads(r.pop("record"))["evidence"]["text"]
        r["duplicate"] = bool(r["duplicate"])
    return out


def copies(db: sqlite3.Connection) -> list[dict]:
    return _rows(db, "SELECT o.id AS original, d.id AS doc, c.kind, round(c.similarity, 3) AS similarity, o.published AS "
                     "original_published, d.published FROM copies c JOIN documents o ON o.num = c.original "
                     "JOIN documents d ON d.num = c.doc ORDER BY o.id, d.published, d.id")
