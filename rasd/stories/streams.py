"""Every row of a kind, streamed: what `rasd export` reads.

The list functions in `queries` build pages for a person; these yield whole stores a batch
at a time (keyset pages, never OFFSET), so memory stays flat however large the store. They
filter and shape rows with the same functions as `queries`, so an export holds exactly
what `rasd facts` and `rasd extract` show.
"""
from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator

from rasd.stories.queries import (TITLE_CHARS, _rows, _title_of, fact_filters, flagged_fact_ids, list_facts,
                                  list_stories)

# `rasd export` reads whole stores: these yield rows a batch at a time (keyset pages, never
# OFFSET), so memory stays flat however large the store. A filter selects facts as
# `rasd facts` does (`fact_filters`); events, documents and stories are those holding a
# mention of a selected fact, and `since` applies to each kind's own date.
EXPORT_BATCH = 500


def _ids_page(db: sqlite3.Connection, sql: str, args: list, after: int, batch: int) -> list[int]:
    return [r[0] for r in db.execute(sql, [*args, after, batch])]


def _mentioned(where: list[str], alias: str, column: str) -> str:
    """An EXISTS clause: a mention (`fact_mentions x`, `x.{column}` = `alias`) of a fact
    matching `where`."""
    return (f"EXISTS (SELECT 1 FROM fact_mentions x JOIN facts f ON f.id = x.fact WHERE x.{column} = {alias}"
            + "".join(f" AND {w}" for w in where) + ")")


def _selected(db: sqlite3.Connection, *, contradicted: bool, actor: str | None, type: str | None,
              item: str | None, flagged: bool) -> tuple[list[str], list]:
    """`fact_filters` (without `since`), and with `flagged` the flagged facts' ids among them."""
    where, args = fact_filters(contradicted=contradicted, actor=actor, type=type, item=item)
    if flagged:
        chosen = flagged_fact_ids(db, list(where), list(args))
        where.append("f.id IN (SELECT value FROM json_each(?))")
        args.append(json.dumps(chosen))
    return where, args


def iter_facts(db: sqlite3.Connection, *, contradicted: bool = False, actor: str | None = None,
               type: str | None = None, item: str | None = None, since: str | None = None,
               flagged: bool = False, batch: int = EXPORT_BATCH) -> Iterator[dict]:
    """Every fact `list_facts` lists with these filters, in id order, without its `sides`
    (the sentences are the events export)."""
    after = 0
    while ids := _ids_page(db, "SELECT id FROM facts WHERE id > ? ORDER BY id LIMIT ?", [], after, batch):
        after = ids[-1]
        page = list_facts(db, contradicted=contradicted, actor=actor, type=type, item=item, since=since,
                          ids=ids, per_side=0, flagged=flagged)
        for fact in sorted(page, key=lambda f: f["id"]):
            fact.pop("sides", None)
            yield fact


def iter_stories(db: sqlite3.Connection, *, contradicted: bool = False, actor: str | None = None,
                 type: str | None = None, item: str | None = None, since: str | None = None,
                 flagged: bool = False, batch: int = EXPORT_BATCH) -> Iterator[dict]:
    """Every story holding a mention of a fact these filters select (all stories without
    filters), as `list_stories` gives them, in id order; `since`: last reported on or after."""
    where, args = _selected(db, contradicted=contradicted, actor=actor, type=type, item=item, flagged=flagged)
    held = (" AND EXISTS (SELECT 1 FROM story_docs sd WHERE sd.story = s.id AND "
            + _mentioned(where, "sd.doc", "doc") + ")") if where else ""
    sql = "SELECT s.id FROM stories s WHERE 1" + held + " AND s.id > ? ORDER BY s.id LIMIT ?"
    after = 0
    while ids := _ids_page(db, sql, args, after, batch):
        after = ids[-1]
        yield from sorted(list_stories(db, since=since, ids=ids), key=lambda s: s["id"])


def iter_documents(db: sqlite3.Connection, *, contradicted: bool = False, actor: str | None = None,
                   type: str | None = None, item: str | None = None, since: str | None = None,
                   flagged: bool = False, batch: int = EXPORT_BATCH) -> Iterator[dict]:
    """Every stored document's metadata (not its text) in ingest order, those holding a
    mention of a fact these filters select; `since`: published on or after.

    Each: {"id", "source", "outlet", "url", "language", "published", "title" (as in
    `list_documents`), "chars", "events", "is_copy", "copy_of", "copy_kind", "story",
    "warnings" (list)}."""
    where, args = _selected(db, contradicted=contradicted, actor=actor, type=type, item=item, flagged=flagged)
    clauses = [_mentioned(where, "d.num", "doc")] if where else []
    if since:
        clauses.append("d.published >= ?")
        args.append(since)
    sql = ("SELECT d.num, d.id, d.source, d.outlet, d.url, d.language, d.published, d.title, substr(d.text, 1, ?) "
           "AS head, length(d.text) AS chars, (SELECT count(*) FROM events e WHERE e.doc = d.num) AS events, "
           "o.id AS copy_of, c.kind AS copy_kind, s.story, d.warnings FROM documents d "
           "LEFT JOIN copies c ON c.doc = d.num LEFT JOIN documents o ON o.num = c.original "
           "LEFT JOIN story_docs s ON s.doc = d.num WHERE " + " AND ".join([*clauses, "d.num > ?"]) +
           " ORDER BY d.num LIMIT ?")
    after = 0
    while rows := _rows(db, sql, [TITLE_CHARS * 3, *args, after, batch]):
        after = rows[-1]["num"]
        for r in rows:
            yield {"id": r["id"], "source": r["source"], "outlet": r["outlet"], "url": r["url"],
                   "language": r["language"], "published": r["published"], "title": _title_of(r["title"], r["head"]),
                   "chars": r["chars"], "events": r["events"], "is_copy": r["copy_of"] is not None,
                   "copy_of": r["copy_of"], "copy_kind": r["copy_kind"], "story": r["story"],
                   "warnings": json.loads(r["warnings"] or "[]")}


def iter_events(db: sqlite3.Connection, *, contradicted: bool = False, actor: str | None = None,
                type: str | None = None, item: str | None = None, since: str | None = None,
                flagged: bool = False, batch: int = EXPORT_BATCH) -> Iterator[dict]:
    """Every stored event mention of a fact these filters select, in the order `rasd extract`
    prints them (by input file, record, then order in the document); `since`: published on
    or after.

    Each: {"record" (the SPEC record, as `rasd extract` prints it), "n" (its place in the
    document), "published", "outlet", "url", "language", "fact", "story"}."""
    where, args = _selected(db, contradicted=contradicted, actor=actor, type=type, item=item, flagged=flagged)
    docs_sql = "SELECT d.num FROM documents d " + ("WHERE d.published >= ? " if since else "") + \
               "ORDER BY d.source, d.seq, d.num"
    # only the documents' keys are sorted, never the records: the sort stays small and the
    # records are read a batch of documents at a time through events(doc, n)
    docs = db.execute(docs_sql, [since] if since else [])
    matching = (" AND " + _mentioned(where, "e.num", "event")) if where else ""
    while nums := [r[0] for r in docs.fetchmany(batch)]:
        rows = _rows(db, "SELECT e.doc, e.n, e.record, d.published, d.outlet, d.url, d.language, m.fact, s.story "
                         "FROM events e JOIN documents d ON d.num = e.doc LEFT JOIN fact_mentions m ON m.event = e.num "
                         "LEFT JOIN story_docs s ON s.doc = e.doc "
                         f"WHERE e.doc IN ({', '.join('?' * len(nums))}){matching} ORDER BY e.doc, e.n",
                     [*nums, *args])
        order = {num: i for i, num in enumerate(nums)}
        for r in sorted(rows, key=lambda r: (order[r["doc"]], r["n"])):
            yield {"record": json.loads(r["record"]), "n": r["n"], "published": r["published"],
                   "outlet": r["outlet"], "url": r["url"], "language": r["language"], "fact": r["fact"],
                   "story": r["story"]}


def actor_codes(db: sqlite3.Connection) -> dict[str, dict[str, int]]:
    """For each country, the actor codes its event mentions carry as source or target, with
    how many ({"PRK": {"PRKMIL": 40, "PRKGOV": 12, "PRK": 7}}): what a network node stands for."""
    out: dict[str, dict[str, int]] = {}
    for country, code, n in db.execute(
            "SELECT country, code, count(*) FROM (SELECT source_country AS country, source AS code FROM events "
            "UNION ALL SELECT target_country, target FROM events) WHERE country IS NOT NULL AND code IS NOT NULL "
            "GROUP BY 1, 2"):
        out.setdefault(country, {})[code] = n
    return out
