"""Read-side views over documents, stories and facts, as plain dicts ready for JSON or a table.

Every function takes an open `sqlite3.Connection` to a store (`Store(...).db`) and only
reads. Filters are bound as SQL parameters; `search` filters match Arabic the way the
pipeline normalizes it (hamza seats, taa marbuta, alef maqsura, diacritics, tatweel and
English case are ignored): see `search_pattern`.
"""
from __future__ import annotations

import json
import re
import sqlite3
from functools import lru_cache

# the pipeline's own normalization table and dropped characters, so that a search matches
# exactly what `rasd.text.normalize.norm` would equate
from rasd.text.normalize import _D as _DROPPED, _SUBST, norm

TITLE_CHARS = 80          # a document without a title is shown by its first characters


def _rows(db: sqlite3.Connection, sql: str, args=()) -> list[dict]:
    cur = db.execute(sql, args)
    names = [c[0] for c in cur.description]
    return [dict(zip(names, r)) for r in cur.fetchall()]


def _where(clauses: list[str]) -> str:
    return ("WHERE " + " AND ".join(clauses)) if clauses else ""


def _code(actor: str) -> str:
    """A country code as facts and stories store it ("prk", "PRKGOV" → "PRK"); the CLI
    resolves names first (`rasd.validate_args.resolve_actor`)."""
    return actor.strip().upper()[:3]


# -- search --------------------------------------------------------------------------------
def _variants() -> dict[str, str]:
    """For each normalized character, every character the normalizer turns into it."""
    out: dict[str, str] = {}
    for raw, normalized in _SUBST.items():
        if len(normalized) == 1 and not normalized.isspace():
            out[normalized] = out.get(normalized, normalized) + raw
    return out


_VARIANTS = _variants()
_SKIP = f"[{_DROPPED}]*"                  # diacritics, tatweel, invisible controls
_GAP = rf"[\s{_DROPPED}]+"                # any run of spaces (and line breaks)


def search_pattern(query: str) -> re.Pattern | None:
    """A regular expression that finds `query` in original (not normalized) text wherever
    the pipeline's normalization would find it: أ إ آ ٱ = ا, ة = ه, ى = ي, diacritics and
    tatweel anywhere, English case, any run of spaces. None when the query has nothing to
    search for. Matching the original text this way beats normalizing every stored text:
    over 100,000 stored articles (236 M characters) a search took 1.7-5 s (~1 s of it handing
    the texts from SQLite to Python), `instr` over normalized texts 16 s."""
    return _compile(query)


@lru_cache(maxsize=64)
def _compile(query: str) -> re.Pattern | None:
    key = " ".join(norm(query).split())
    if not key:
        return None
    return re.compile(_SKIP.join(_GAP if c == " " else _one_of(_VARIANTS.get(c, c)) for c in key))


def _one_of(chars: str) -> str:
    # no IGNORECASE: the variants hold English capitals as the normalizer folds them, and a
    # pattern that starts with a plain character is searched for ~2x faster
    chars = "".join(sorted(set(chars)))
    return re.escape(chars) if len(chars) == 1 else "[" + "".join(map(re.escape, chars)) + "]"


def _search(query: str, text: str | None) -> int:
    pattern = _compile(query)
    return int(pattern is None or (text is not None and pattern.search(text) is not None))


def _with_search(db: sqlite3.Connection) -> sqlite3.Connection:
    """Register `rasd_search(query, text)` (1 where `text` holds `query`, see `search_pattern`)."""
    db.create_function("rasd_search", 2, _search, deterministic=True)
    return db


# -- documents -----------------------------------------------------------------------------
def _document_filters(*, outlet: str | None, since: str | None, until: str | None,
                      search: str | None) -> tuple[list[str], list]:
    """WHERE clauses over `documents d`; the search (which reads every text) comes last, so
    SQLite tests the cheap filters first."""
    where: list[str] = []
    args: list = []
    if outlet:
        where.append("d.outlet = ? COLLATE NOCASE")
        args.append(outlet.strip())
    if since:
        where.append("d.published >= ?")             # "2024-10-18T09:00" >= "2024-10-18"
        args.append(since)
    if until:
        where.append("substr(d.published, 1, length(?)) <= ?")    # the whole day (month, year) counts
        args += [until, until]
    if search and _compile(search) is not None:
        where.append("rasd_search(?, d.text)")
        args.append(search)
    return where, args


def _title_of(title: str | None, head: str) -> str:
    if title and title.strip():
        return title.strip()
    words = " ".join(head.split())
    return words if len(words) <= TITLE_CHARS else words[:TITLE_CHARS - 1].rstrip() + "…"


def list_documents(db: sqlite3.Connection, *, outlet: str | None = None, since: str | None = None,
                   until: str | None = None, search: str | None = None, limit: int | None = 50,
                   offset: int = 0) -> list[dict]:
    """Stored documents, newest published first (undated last, then latest ingested first).

    `outlet`: exactly this outlet (any case); `since` / `until`: published on or after / on or
    before that day (YYYY-MM-DD; a YYYY-MM or YYYY `until` takes in the whole month or year;
    undated documents are left out by either); `search`: text containing it, Arabic-normalized
    (`search_pattern`); `limit` (None: all) and `offset` page through them.

    Each: {"id", "outlet", "published", "language", "title" (the title, or the text's first
    ~80 characters), "chars" (text length), "events" (event mentions), "is_copy" (bool),
    "copy_of" (id of the document it copies, or None), "copy_kind" (near, contained,
    translation, or None)}."""
    where, args = _document_filters(outlet=outlet, since=since, until=until, search=search)
    # the page's documents first, then their details: sorting every document's text length
    # and head would read every text
    sql = ("WITH page AS (SELECT d.num FROM documents d " + _where(where) +
           " ORDER BY d.published IS NULL, d.published DESC, d.num DESC LIMIT ? OFFSET ?) "
           "SELECT d.id, d.outlet, d.published, d.language, d.title, substr(d.text, 1, ?) AS head, "
           "length(d.text) AS chars, (SELECT count(*) FROM events e WHERE e.doc = d.num) AS events, "
           "o.id AS copy_of, c.kind AS copy_kind "
           "FROM page p JOIN documents d ON d.num = p.num LEFT JOIN copies c ON c.doc = d.num "
           "LEFT JOIN documents o ON o.num = c.original "
           "ORDER BY d.published IS NULL, d.published DESC, d.num DESC")
    rows = _rows(_with_search(db), sql, [*args, -1 if limit is None else limit, offset, TITLE_CHARS * 3])
    return [{"id": r["id"], "outlet": r["outlet"], "published": r["published"], "language": r["language"],
             "title": _title_of(r["title"], r["head"]), "chars": r["chars"], "events": r["events"],
             "is_copy": r["copy_of"] is not None, "copy_of": r["copy_of"], "copy_kind": r["copy_kind"]}
            for r in rows]


def count_documents(db: sqlite3.Connection, *, outlet: str | None = None, since: str | None = None,
                    until: str | None = None, search: str | None = None) -> int:
    """How many documents `list_documents` with the same filters lists in all (for paging)."""
    where, args = _document_filters(outlet=outlet, since=since, until=until, search=search)
    return _with_search(db).execute("SELECT count(*) FROM documents d " + _where(where), args).fetchone()[0]


# -- stories -------------------------------------------------------------------------------
def list_stories(db: sqlite3.Connection, *, actor: str | None = None, since: str | None = None,
                 search: str | None = None, limit: int | None = None, offset: int = 0) -> list[dict]:
    """Stories, latest reported first. `actor`: naming this country code; `since`: reported on
    or after that day (their last article); `search`: whose title or one of whose articles
    contains it (`search_pattern`); `limit` (None: all) and `offset` page through them.

    Each: {"id", "title", "first_date", "last_date", "actors" (country codes), "articles",
    "copies" (articles that copy another)}."""
    where, args = [], []
    if actor:
        where.append("s.id IN (SELECT story FROM story_actors WHERE actor = ?)")
        args.append(_code(actor))
    if since:
        where.append("s.last_date >= ?")
        args.append(since)
    if search and _compile(search) is not None:
        where.append("(rasd_search(?, s.title) OR EXISTS (SELECT 1 FROM story_docs x JOIN documents t "
                     "ON t.num = x.doc WHERE x.story = s.id AND rasd_search(?, t.text)))")
        args += [search, search]
    out = _rows(_with_search(db),
                "SELECT s.id, s.title, s.first_date, s.last_date, s.actors, count(d.doc) AS articles, "
                "sum(d.doc IN (SELECT doc FROM copies)) AS copies "
                "FROM stories s JOIN story_docs d ON d.story = s.id " + _where(where) +
                " GROUP BY s.id ORDER BY s.last_date DESC, s.id LIMIT ? OFFSET ?",
                [*args, -1 if limit is None else limit, offset])
    for s in out:
        s["actors"] = json.loads(s["actors"])
    return out


# -- facts ---------------------------------------------------------------------------------
def list_facts(db: sqlite3.Connection, *, contradicted: bool = False, actor: str | None = None,
               type: str | None = None, item: str | None = None, since: str | None = None,
               limit: int | None = None, per_side: int | None = None) -> list[dict]:
    """Facts, most reported by original articles first, each with its claimants by status
    (`sides`, see `fact_sides`). `limit`: at most this many facts; `per_side`: at most this
    many sentences per status (a fact in a large store has thousands).

    Each: {"id", "type", "source", "target", "item", "first_date", "last_date",
    "first_reported", "last_reported", "contradicted" (0/1),
    "reports" (articles that report it: an article stating it in its headline and its body is
    one report), "originals" (of those, articles that copy no other), "copies" (articles that
    copy another; originals + copies = reports), "mentions" (event mentions, every sentence),
    "counts" ({status: event mentions}), "doc_counts" ({status: articles}),
    "original_counts" ({status: articles that copy no other}), "sides"}."""
    where, args = [], []
    if contradicted:
        where.append("f.contradicted = 1")
    if actor:
        where.append("(f.source = ? OR f.target = ?)")
        args += [_code(actor), _code(actor)]
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
           "f.last_reported, f.contradicted, count(DISTINCT m.doc) AS reports, "
           "count(DISTINCT CASE WHEN m.duplicate = 0 THEN m.doc END) AS originals, "
           "count(DISTINCT m.doc) - count(DISTINCT CASE WHEN m.duplicate = 0 THEN m.doc END) AS copies, "
           "count(m.event) AS mentions "
           "FROM facts f JOIN fact_mentions m ON m.fact = f.id " + _where(where) +
           " GROUP BY f.id ORDER BY originals DESC, reports DESC, f.last_reported DESC, f.id")
    if limit is not None:
        sql += " LIMIT ?"
        args.append(limit)
    facts = _rows(db, sql, args)
    for f in facts:
        f.update(_status_counts(db, f["id"]))
        f["sides"] = fact_sides(db, f["id"], per_side=per_side)
    return facts


def _status_counts(db: sqlite3.Connection, fact_id: int) -> dict[str, dict[str, int]]:
    counts, docs, originals = {}, {}, {}
    for status, n, n_docs, n_originals in db.execute(
            "SELECT status, count(*), count(DISTINCT doc), count(DISTINCT CASE WHEN duplicate = 0 THEN doc END) "
            "FROM fact_mentions WHERE fact = ? GROUP BY status", (fact_id,)):
        counts[status], docs[status], originals[status] = n, n_docs, n_originals
    return {"counts": counts, "doc_counts": docs, "original_counts": originals}


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
        args += [_code(actor), _code(actor)]
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
    """Every copy with the article it copies: {"original", "doc", "kind", "similarity",
    "original_published", "published"}."""
    return _rows(db, "SELECT o.id AS original, d.id AS doc, c.kind, round(c.similarity, 3) AS similarity, o.published AS "
                     "original_published, d.published FROM copies c JOIN documents o ON o.num = c.original "
                     "JOIN documents d ON d.num = c.doc ORDER BY o.id, d.published, d.id")


# -- what the store holds, in plain words --------------------------------------------------
EVENT_LABELS = {
    "TRANSFER": "arms, equipment or goods supplied",
    "DEPLOY": "troops, advisers or workers sent",
    "MEET": "visits, summits and talks",
    "AGREE": "agreements and treaties",
    "COOPERATE": "cooperation, alliances, joint exercises",
    "REQUEST": "requests, calls and demands",
    "THREATEN": "warnings and threats",
    "ACCUSE": "accusations",
    "SANCTION": "sanctions and embargoes",
    "ATTACK": "attacks, strikes and fighting",
    "TEST": "weapons tests and launches",
}
SKIP_LABELS = {
    "empty": "empty", "binary": "binary, not text", "undecodable": "text in an encoding that could not be read",
    "too_large": "larger than the size limit", "missing": "deleted before it could be read",
    "unreadable": "could not be opened", "loop": "a folder loop", "bad_json": "a broken JSON line",
    "bad_warc": "a truncated or corrupt WARC", "bad_gzip": "a broken gzip file", "bad_feed": "a broken feed",
}
COPY_LABELS = {"near": "the same text", "contained": "a shorter cut of another",
               "translation": "a translation of another"}
REMOVED_LABELS = {"comments": "comment threads", "comment_form": "comment forms", "share": "share buttons",
                  "tags": "tag lists", "copyright": "copyright lines", "most_read": "'most read' lists",
                  "embed": "embedded posts", "dateline": "datelines", "menu": "menus",
                  "read_also": "'read also' headings"}
STATUS_LABELS = {"asserted": "stated as fact", "denied": "denied", "hedged": "reported with doubt",
                 "planned": "planned or promised"}


def _one(db: sqlite3.Connection, sql: str, args=()) -> int | str | None:
    return db.execute(sql, args).fetchone()[0]


def _breakdown(db: sqlite3.Connection, key: str, sql: str, labels: dict[str, str],
               template: str) -> list[tuple[str, str, int]]:
    """(`key`.value, label, n) for each value `sql` groups, most frequent first."""
    return [(f"{key}.{value}", template.format(labels.get(value, value), value=value), n)
            for value, n in db.execute(sql)]


def describe_store(db: sqlite3.Connection) -> list[tuple[str, str, int | str]]:
    """What the store holds, for `rasd stats`: (key, label in plain words, value) rows in the
    order to print them. A key with a dot ("events.TRANSFER", "events.status.denied",
    "skipped.binary", "copies.near", "removed.share") is a part of the row above it whose key
    is before the first dot; those rows appear only for values the store holds. Values are counts,
    except "published" ("first … last" day, or "" in an empty store)."""
    documents = _one(db, "SELECT count(*) FROM documents")
    n_copies = _one(db, "SELECT count(*) FROM copies")
    first, last = db.execute("SELECT min(substr(published, 1, 10)), max(substr(published, 1, 10)) "
                             "FROM documents").fetchone()
    rows: list[tuple[str, str, int | str]] = [
        ("documents", "articles stored", documents),
        ("published", "published between", f"{first} … {last}" if first else ""),
        ("undated", "articles without a publication date", _one(db, "SELECT count(*) FROM documents "
                                                                    "WHERE published IS NULL OR published = ''")),
        ("originals", "articles that copy no other", documents - n_copies),
        ("copies", "articles that copy another (near-duplicates)", n_copies),
        *_breakdown(db, "copies", "SELECT kind, count(*) FROM copies GROUP BY kind ORDER BY 2 DESC, 1",
                    COPY_LABELS, "copies: {}"),
        ("parts", "articles found in them (the main one, and any 'read also' article after it)",
         _one(db, "SELECT count(*) FROM parts")),
        ("read_also", "'read also' articles found inside another",
         _one(db, "SELECT count(*) FROM parts WHERE number > 1")),
        ("removed", "boilerplate spans removed (menus, share buttons, comments)",
         _one(db, "SELECT count(*) FROM removed")),
        *_breakdown(db, "removed", "SELECT reason, count(*) FROM removed GROUP BY reason ORDER BY 2 DESC, 1",
                    REMOVED_LABELS, "removed: {}"),
        ("sentences", "sentences", _one(db, "SELECT count(*) FROM sentences")),
        ("mentions", "names linked to the knowledge base (countries, people, places, weapons ...)",
         _one(db, "SELECT count(*) FROM mentions")),
        ("events", "event mentions (each sentence stating an event)", _one(db, "SELECT count(*) FROM events")),
        *_breakdown(db, "events", "SELECT type, count(*) FROM events GROUP BY type ORDER BY 2 DESC, 1",
                    EVENT_LABELS, "{value}: {}"),
        *_breakdown(db, "events.status", "SELECT status, count(*) FROM events GROUP BY status ORDER BY 2 DESC, 1",
                    STATUS_LABELS, "{value}: {}"),
        ("facts", "facts (the same event merged across articles)", _one(db, "SELECT count(*) FROM facts")),
        ("contradicted", "facts one side asserts and another denies",
         _one(db, "SELECT count(*) FROM facts WHERE contradicted = 1")),
        ("stories", "stories (articles grouped by shared events and actors)", _one(db, "SELECT count(*) FROM stories")),
        ("skipped", "inputs skipped (not stored)", _one(db, "SELECT count(*) FROM skipped")),
        *_breakdown(db, "skipped", "SELECT reason, count(*) FROM skipped GROUP BY reason ORDER BY 2 DESC, 1",
                    SKIP_LABELS, "skipped: {}"),
    ]
    return rows
