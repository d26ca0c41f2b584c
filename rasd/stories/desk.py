"""One story, fact, document or actor, an actor's network, search with snippets and the
home page's figures: what the analyst's desk (`rasd serve`) reads beside the list functions
of `queries`, on the same SQL helpers and filters.
"""
from __future__ import annotations

import json
import sqlite3

from rasd.stories.queries import (_code, _desk_fact_filters, _rows, _timeline_filters, _where, fact_filters,
                                  list_documents, list_facts, list_stories, search_pattern)

def get_fact(db: sqlite3.Connection, fact_id: int, *, per_side: int | None = None) -> dict | None:
    """One fact as `list_facts` gives it (with all its sentences unless `per_side`), or None."""
    found = list_facts(db, fact=fact_id, per_side=per_side)
    return found[0] if found else None


def get_story(db: sqlite3.Connection, story_id: int) -> dict | None:
    """One story as `list_stories` gives it, or None."""
    found = list_stories(db, ids=[story_id])
    return found[0] if found else None


def get_document(db: sqlite3.Connection, doc_id: str) -> dict | None:
    """One stored document with what rasd found in it, or None.

    {"id", "source", "outlet", "url", "language", "published", "title" (as stored, may be
    None), "encoding", "text", "warnings" (list), "ingested_at",
    "events" ([{"n" (its place in the document), "fact" (id, or None), "record" (the SPEC
    record: evidence offsets are code points into "text")}]),
    "removed" ([{"start", "end", "reason"}]: boilerplate left out of the analysis, still in
    the text), "parts" ([{"number", "start", "end", "published"}]: the article, then any
    'read also' article inside it),
    "copy_of" ({"id", "kind", "similarity", "published", "outlet"} of the article it copies,
    or None), "copies" (the articles that copy it, each like "copy_of"),
    "story" ({"id", "title"}, or None)}."""
    rows = _rows(db, "SELECT num, id, source, outlet, url, language, published, title, encoding, text, warnings, "
                     "ingested_at FROM documents WHERE id = ?", (doc_id,))
    if not rows:
        return None
    doc = rows[0]
    num = doc.pop("num")
    doc["warnings"] = json.loads(doc["warnings"] or "[]")
    doc["events"] = [{"n": r["n"], "fact": r["fact"], "record": json.loads(r["record"])} for r in _rows(
        db, "SELECT e.n, m.fact, e.record FROM events e LEFT JOIN fact_mentions m ON m.event = e.num "
            "WHERE e.doc = ? ORDER BY e.n", (num,))]
    doc["removed"] = _rows(db, 'SELECT start, "end", reason FROM removed WHERE doc = ? ORDER BY start', (num,))
    doc["parts"] = _rows(db, 'SELECT number, start, "end", published FROM parts WHERE doc = ? ORDER BY number', (num,))
    original = _rows(db, "SELECT d.id, c.kind, round(c.similarity, 3) AS similarity, d.published, d.outlet "
                         "FROM copies c JOIN documents d ON d.num = c.original WHERE c.doc = ?", (num,))
    doc["copy_of"] = original[0] if original else None
    doc["copies"] = _rows(db, "SELECT d.id, c.kind, round(c.similarity, 3) AS similarity, d.published, d.outlet "
                              "FROM copies c JOIN documents d ON d.num = c.doc WHERE c.original = ? "
                              "ORDER BY d.published, d.id", (num,))
    story = _rows(db, "SELECT s.id, s.title FROM story_docs x JOIN stories s ON s.id = x.story WHERE x.doc = ?", (num,))
    doc["story"] = story[0] if story else None
    return doc


def list_actors(db: sqlite3.Connection, *, code: str | None = None, limit: int | None = None,
                offset: int = 0) -> list[dict]:
    """The actors (country codes) that facts name as source or target, most facts first:
    {"code", "facts", "as_source", "as_target", "contradicted" (of those facts),
    "first_reported", "last_reported"}. `code`: this actor alone."""
    one = _code(code) if code else None
    sql = ("SELECT code, count(*) AS facts, sum(side = 'source') AS as_source, sum(side = 'target') AS as_target, "
           "sum(contradicted) AS contradicted, min(first) AS first_reported, max(last) AS last_reported FROM ("
           "SELECT source AS code, 'source' AS side, contradicted, coalesce(first_reported, first_date) AS first, "
           "coalesce(last_reported, last_date) AS last FROM facts WHERE source IS NOT NULL AND (? IS NULL OR source = ?) "
           "UNION ALL SELECT target, 'target', contradicted, coalesce(first_reported, first_date), "
           "coalesce(last_reported, last_date) FROM facts WHERE target IS NOT NULL AND target IS NOT source "
           "AND (? IS NULL OR target = ?)) GROUP BY code ORDER BY facts DESC, code LIMIT ? OFFSET ?")
    return _rows(db, sql, [one, one, one, one, -1 if limit is None else limit, offset])


def actor_network(db: sqlite3.Connection, actor: str, *, since: str | None = None,
                  until: str | None = None) -> dict:
    """Who `actor` deals with, from its facts (`since` / `until` as `list_facts`):

    {"actor", "counterparts": [{"code", "facts", "reports" (the facts' reports, summed), "contradicted" (facts)}],
    most reported first, "edges": [{"source", "target", "type", "facts", "reports",
    "contradicted", "statuses" ({status: event mentions})}], one per direction and type, most
    reported first}. A fact without a counterpart (a missile test) is an edge to None."""
    code = _code(actor)
    where, args = fact_filters(actor=code, since=since)
    more, more_args = _desk_fact_filters(until=until)
    where, args = where + more, args + more_args
    # from the kept counts (`fact_counts`): an article reporting two facts of one edge counts
    # for each, as it does in each fact's own count
    counted = "FROM facts f JOIN fact_counts c ON c.fact = f.id AND c.status = '' " + _where([*where, "c.mentions > 0"])
    edges = _rows(db, "SELECT f.source, f.target, f.type, count(*) AS facts, sum(c.reports) AS reports, "
                      "sum(f.contradicted) AS contradicted " + counted +
                      " GROUP BY f.source, f.target, f.type ORDER BY reports DESC, facts DESC, f.type", args)
    said: dict[tuple, dict[str, int]] = {}
    for source, target, type_, status, n in db.execute(
            "SELECT f.source, f.target, f.type, c.status, sum(c.mentions) FROM facts f JOIN fact_counts c "
            "ON c.fact = f.id AND c.status != '' " + _where([*where, "c.mentions > 0"]) + " GROUP BY 1, 2, 3, 4", args):
        said.setdefault((source, target, type_), {})[status] = n
    for e in edges:
        e["statuses"] = said.get((e["source"], e["target"], e["type"]), {})
    counterparts = _rows(
        db, "SELECT CASE WHEN f.source = ? THEN f.target ELSE f.source END AS code, count(*) AS facts, "
            "sum(c.reports) AS reports, sum(f.contradicted) AS contradicted " + counted +
            " GROUP BY 1 ORDER BY reports DESC, facts DESC, code", [code, *args])
    return {"actor": code, "counterparts": counterparts, "edges": edges}


def snippet(text: str, query: str, *, width: int = 90) -> str | None:
    """The words around the first place `text` holds `query` (`search_pattern`), or None."""
    pattern = search_pattern(query)
    found = pattern.search(text) if pattern else None
    if found is None:
        return None
    start, end = max(0, found.start() - width), min(len(text), found.end() + width)
    cut = " ".join(text[start:end].split())
    return ("…" if start else "") + cut + ("…" if end < len(text) else "")


def search_documents(db: sqlite3.Connection, query: str, *, outlet: str | None = None, since: str | None = None,
                     until: str | None = None, story: int | None = None, limit: int | None = 20,
                     offset: int = 0) -> list[dict]:
    """Documents holding `query` (Arabic-normalized, `search_pattern`), as `list_documents`
    lists them with the same filters, each with a "snippet": the words around the first match."""
    found = list_documents(db, search=query, outlet=outlet, since=since, until=until, story=story, limit=limit,
                           offset=offset)
    texts = dict(db.execute("SELECT id, text FROM documents WHERE id IN (SELECT value FROM json_each(?))",
                            (json.dumps([d["id"] for d in found]),)))
    for d in found:
        d["snippet"] = snippet(texts.get(d["id"], ""), query)
    return found


def timeline_counts(db: sqlite3.Connection, *, story: int | None = None, actor: str | None = None,
                    since: str | None = None, until: str | None = None) -> list[dict]:
    """How many event mentions `timeline` holds per publication day and status, in day order
    (for a chart of a timeline too long to read whole): [{"day", "status", "mentions"}];
    undated mentions are left out."""
    where, args = _timeline_filters(story=story, actor=actor, since=since, until=until)
    return _rows(db, "SELECT substr(m.published, 1, 10) AS day, m.status, count(*) AS mentions FROM fact_mentions m "
                     "JOIN facts f ON f.id = m.fact " + _where([*where, "m.published IS NOT NULL"]) +
                     " GROUP BY 1, 2 ORDER BY 1, 2", args)


def store_summary(db: sqlite3.Connection) -> dict:
    """The few figures the desk's home page shows, each read from an index (`describe_store`
    counts every sentence and name, ~1 s at 100,000 articles): {"documents", "copies",
    "events", "facts", "contradicted", "stories", "first_published", "last_published"}."""
    def one(sql: str):
        return db.execute(sql).fetchone()[0]
    return {"documents": one("SELECT count(*) FROM documents"), "copies": one("SELECT count(*) FROM copies"),
            "events": one("SELECT count(*) FROM events"), "facts": one("SELECT count(*) FROM facts"),
            "contradicted": one("SELECT count(*) FROM facts WHERE contradicted = 1"),
            "stories": one("SELECT count(*) FROM stories"),
            # both ends of documents_recent (store version 8)
            "first_published": one("SELECT published FROM documents WHERE published IS NOT NULL "
                                   "ORDER BY published IS NULL DESC, published, num LIMIT 1"),
            "last_published": one("SELECT published FROM documents ORDER BY published IS NULL, published DESC, "
                                  "num DESC LIMIT 1")}
