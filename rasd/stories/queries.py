"""Read-side views over documents, stories and facts, as plain dicts ready for JSON or a table.

Every function takes an open `sqlite3.Connection` to a store (`Store(...).db`) and only
reads. Filters are bound as SQL parameters; `search` filters match Arabic the way the
pipeline normalizes it (hamza seats, taa marbuta, alef maqsura, diacritics, tatweel and
English case are ignored): see `search_pattern`.
"""
from __future__ import annotations

import dataclasses
import json
import re
import sqlite3
from collections.abc import Sequence
from functools import lru_cache

# the pipeline's own normalization table and dropped characters, so that a search matches
# exactly what `rasd.text.normalize.norm` would equate
from rasd.text.normalize import _D as _DROPPED, _SUBST, norm
from rasd.kb.sanctions import FLAGGED_TYPES, actor_countries, flags_for_fact, party_countries

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
    if hasattr(db, "search_patterns"):      # PostgreSQL: a regular expression match there
        db.search_patterns = _pattern_text
        return db
    db.create_function("rasd_search", 2, _search, deterministic=True)
    return db


def _pattern_text(query: str) -> str | None:
    """`search_pattern` as text, for a database that matches it itself (PostgreSQL's `~`)."""
    pattern = _compile(query)
    return pattern.pattern if pattern is not None else None


# -- documents -----------------------------------------------------------------------------
def _document_filters(*, outlet: str | None, since: str | None, until: str | None,
                      search: str | None, story: int | None = None) -> tuple[list[str], list]:
    """WHERE clauses over `documents d`; the search (which reads every text) comes last, so
    SQLite tests the cheap filters first."""
    where: list[str] = []
    args: list = []
    if story is not None:
        where.append("d.num IN (SELECT doc FROM story_docs WHERE story = ?)")
        args.append(story)
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
                   offset: int = 0, story: int | None = None) -> list[dict]:
    """Stored documents, newest published first (undated last, then latest ingested first).

    `outlet`: exactly this outlet (any case); `since` / `until`: published on or after / on or
    before that day (YYYY-MM-DD; a YYYY-MM or YYYY `until` takes in the whole month or year;
    undated documents are left out by either); `search`: text containing it, Arabic-normalized
    (`search_pattern`); `story`: its articles; `limit` (None: all) and `offset` page through them.

    Each: {"id", "outlet", "published", "language", "title" (the title, or the text's first
    ~80 characters), "chars" (text length), "events" (event mentions), "is_copy" (bool),
    "copy_of" (id of the document it copies, or None), "copy_kind" (near, contained,
    translation, or None)}."""
    where, args = _document_filters(outlet=outlet, since=since, until=until, search=search, story=story)
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
                    until: str | None = None, search: str | None = None, story: int | None = None) -> int:
    """How many documents `list_documents` with the same filters lists in all (for paging)."""
    where, args = _document_filters(outlet=outlet, since=since, until=until, search=search, story=story)
    return _with_search(db).execute("SELECT count(*) FROM documents d " + _where(where), args).fetchone()[0]


# -- stories -------------------------------------------------------------------------------
def list_stories(db: sqlite3.Connection, *, actor: str | None = None, since: str | None = None,
                 search: str | None = None, limit: int | None = None, offset: int = 0,
                 ids: Sequence[int] | None = None) -> list[dict]:
    """Stories, latest reported first. `actor`: naming this country code; `since`: reported on
    or after that day (their last article); `search`: whose title or one of whose articles
    contains it (`search_pattern`); `limit` (None: all) and `offset` page through them.

    Each: {"id", "title", "first_date", "last_date", "actors" (country codes), "articles",
    "copies" (articles that copy another)}. `ids`: only these stories (`iter_stories` pages
    through a store with it)."""
    where, args = [], []
    if ids is not None:
        where.append(f"s.id IN ({', '.join('?' * len(ids))})")
        args += list(ids)
    if actor:
        # tested story by story along stories_recent: a page of a frequent actor's stories is
        # found in the first few hundred (a list of all its stories took ~0.1 s to sort)
        where.append("EXISTS (SELECT 1 FROM story_actors a WHERE a.actor = ? AND a.story = s.id)")
        args.append(_code(actor))
    if since:
        where.append("s.last_date >= ?")
        args.append(since)
    if search and _compile(search) is not None:
        where.append("(rasd_search(?, s.title) OR EXISTS (SELECT 1 FROM story_docs x JOIN documents t "
                     "ON t.num = x.doc WHERE x.story = s.id AND rasd_search(?, t.text)))")
        args += [search, search]
    # the page's stories first (index stories_recent), then their articles counted: counting
    # every story's articles to keep 50 took ~0.3 s in a 100,000-article store
    page = ("SELECT s.id FROM stories s " + _where([*where, "EXISTS (SELECT 1 FROM story_docs x WHERE x.story = s.id)"])
            + " ORDER BY s.last_date DESC, s.id LIMIT ? OFFSET ?")
    out = _rows(_with_search(db),
                "WITH page AS (" + page + ") SELECT s.id, s.title, s.first_date, s.last_date, s.actors, "
                "count(d.doc) AS articles, sum(d.doc IN (SELECT doc FROM copies)) AS copies "
                "FROM page p JOIN stories s ON s.id = p.id JOIN story_docs d ON d.story = s.id "
                "GROUP BY s.id ORDER BY s.last_date DESC, s.id",
                [*args, -1 if limit is None else limit, offset])
    for s in out:
        s["actors"] = json.loads(s["actors"])
    return out


# -- facts ---------------------------------------------------------------------------------
# how `list_facts` orders: most reported by originals first, or last reported first
FACT_ORDERS = {"reports": "originals DESC, reports DESC, f.last_reported DESC, f.id",
               "recent": "coalesce(f.last_reported, f.last_date) DESC, f.id DESC"}

def fact_filters(*, contradicted: bool = False, actor: str | None = None, type: str | None = None,
                 item: str | None = None, since: str | None = None) -> tuple[list[str], list]:
    """WHERE clauses over `facts f` and their bound arguments, for `rasd facts`' filters:
    `contradicted`; `actor` as source or target; `type`; `item` (category); `since`: last
    reported (or dated) on or after that day. The exports select with the same clauses."""
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
    return where, args


def list_facts(db: sqlite3.Connection, *, contradicted: bool = False, actor: str | None = None,
               type: str | None = None, item: str | None = None, since: str | None = None,
               limit: int | None = None, per_side: int | None = None,
               ids: Sequence[int] | None = None, flagged: bool = False,
               source: str | None = None, target: str | None = None, counterpart: str | None = None,
               status: str | None = None, claimant: str | None = None, until: str | None = None,
               story: int | None = None,
               fact: int | None = None, search: str | None = None, order: str = "reports",
               offset: int = 0) -> list[dict]:
    """Facts, most reported by original articles first, each with its claimants by status
    (`sides`, see `fact_sides`). `limit`: at most this many facts; `per_side`: at most this
    many sentences per status (a fact in a large store has thousands).

    Each: {"id", "type", "source", "target", "item", "first_date", "last_date",
    "first_reported", "last_reported", "contradicted" (0/1),
    "reports" (articles that report it: an article stating it in its headline and its body is
    one report), "originals" (of those, articles that copy no other), "copies" (articles that
    copy another; originals + copies = reports), "mentions" (event mentions, every sentence),
    "counts" ({status: event mentions}), "doc_counts" ({status: articles}),
    "original_counts" ({status: articles that copy no other}), "sides"}. `ids`: only these facts
    (`iter_facts` pages through a store with it).

    Each also has "flags": the UN arms embargoes it would breach (`rasd.kb.sanctions.Flag` as
    dicts, see `facts_flags`). `flagged`: only facts with a flag.

    The analyst's desk filters further (`source`, `target`, `counterpart`, `status`, `claimant`, `until`,
    `story`, `fact`, `search`: see `_desk_fact_filters`), orders by `order` ("reports", as
    above, or "recent": last reported first) and pages with `offset`."""
    where, args = fact_filters(contradicted=contradicted, actor=actor, type=type, item=item, since=since)
    more, more_args = _desk_fact_filters(source=source, target=target, counterpart=counterpart, status=status,
                                         claimant=claimant,
                                         until=until, story=story, fact=fact, search=search)
    where, args = where + more, args + more_args
    _with_search(db)
    if ids is not None:
        where.append(f"f.id IN ({', '.join('?' * len(ids))})")
        args += list(ids)
    if flagged:
        chosen = flagged_fact_ids(db, where, args)
        where.append("f.id IN (SELECT value FROM json_each(?))")
        args.append(json.dumps(chosen))
    # the counts are kept by the store as mentions come and go (`fact_counts`, store version 8):
    # counting the articles of every mention took seconds in a large store
    sql = ("SELECT f.id, f.type, f.source, f.target, f.item, f.first_date, f.last_date, f.first_reported, "
           "f.last_reported, f.contradicted, c.reports, c.originals, c.reports - c.originals AS copies, c.mentions "
           "FROM facts f JOIN fact_counts c ON c.fact = f.id AND c.status = '' " + _where([*where, "c.mentions > 0"]) +
           " ORDER BY " + FACT_ORDERS[order] + " LIMIT ? OFFSET ?")
    args += [-1 if limit is None else limit, offset]
    facts = _rows(db, sql, args)
    flags = facts_flags(db, facts)
    for f in facts:
        f.update(_status_counts(db, f["id"]))
        f["flags"] = flags[f["id"]]
        f["sides"] = fact_sides(db, f["id"], per_side=per_side)
    return facts


def _status_counts(db: sqlite3.Connection, fact_id: int) -> dict[str, dict[str, int]]:
    counts, docs, originals = {}, {}, {}
    for status, n, n_docs, n_originals in db.execute(
            "SELECT status, mentions, reports, originals FROM fact_counts WHERE fact = ? AND status != '' "
            "AND mentions > 0 ORDER BY status", (fact_id,)):
        counts[status], docs[status], originals[status] = n, n_docs, n_originals
    return {"counts": counts, "doc_counts": docs, "original_counts": originals}


def fact_sides(db: sqlite3.Connection, fact_id: int, *, per_side: int | None = None) -> dict[str, list[dict]]:
    """The claimants by status, each with the sentence it comes from, in report order.
    `per_side`: at most this many per status, chosen so that each claimant is shown before
    any claimant is shown twice, original reports before copies, earliest first (0: none, as
    the exports ask: they write the sentences as events)."""
    if per_side == 0:
        return {}
    if per_side is None:
        rows = _rows(db, "SELECT m.status, m.claimant, d.id AS doc, m.published, m.duplicate, e.record "
                         "FROM fact_mentions m JOIN events e ON e.num = m.event JOIN documents d ON d.num = m.doc "
                         "WHERE m.fact = ? ORDER BY m.published, d.id, m.event", (fact_id,))
    else:
        rows = _rows(db, "SELECT m.status, m.claimant, d.id AS doc, m.published, m.duplicate, e.record "
                         "FROM fact_mentions m JOIN events e ON e.num = m.event JOIN documents d ON d.num = m.doc "
                         "WHERE m.event IN (SELECT value FROM json_each(?)) ORDER BY m.published, d.id, m.event",
                     (json.dumps(_first_sentences(db, fact_id, per_side)),))
    sides: dict[str, list[dict]] = {}
    for r in rows:
        ev = json.loads(r["record"])["evidence"]
        sides.setdefault(r["status"], []).append(
            {"claimant": r["claimant"], "doc": r["doc"], "published": r["published"], "duplicate": bool(r["duplicate"]),
             "evidence": ev["text"], "start": ev["start"], "end": ev["end"]})
    return sides


def _first_sentences(db: sqlite3.Connection, fact_id: int, per_side: int) -> list[int]:
    """The event mentions `fact_sides` shows with `per_side`: per status, each claimant's first
    sentence (original reports before copies, then earliest, then in the article's order)
    before any claimant's second, up to `per_side`. Only a claimant's first `per_side` can be
    among them, so only those are read, in order, from the index fact_mentions_sides: a
    popular fact has thousands of mentions, and ranking them all in SQL took ~20 ms a fact."""
    rows = db.execute(
        "SELECT m.status, m.claimant, m.duplicate, m.published, m.doc, m.event FROM fact_claims c "
        "JOIN fact_mentions m ON m.event IN (SELECT x.event FROM fact_mentions x WHERE x.fact = c.fact "
        "AND x.status = c.status AND x.claimant IS nullif(c.claimant, '') "
        "ORDER BY x.duplicate, x.published, x.doc, x.event LIMIT ?) WHERE c.fact = ?", (per_side, fact_id)).fetchall()

    def order(r):                     # as SQLite orders: an undated report first
        return r[2], r[3] is not None, r[3] or "", r[4], r[5]
    turns: dict[tuple, int] = {}
    ranked = []
    for r in sorted(rows, key=order):
        turns[r[:2]] = turn = turns.get(r[:2], 0) + 1
        ranked.append((r[0], turn, *order(r)))
    shown: dict[str, int] = {}
    chosen = []
    for status, _, *_key, event in sorted(ranked):
        shown[status] = shown.get(status, 0) + 1
        if shown[status] <= per_side:
            chosen.append(event)
    return chosen


RARE_MENTIONS = 20_000     # see `timeline`: below this many, an actor's mentions are sorted whole


def _mentions_of(db: sqlite3.Connection, actor: str) -> int:
    """How many event mentions the facts of `actor` hold (from the kept counts)."""
    return db.execute("SELECT coalesce(sum(c.mentions), 0) FROM facts f JOIN fact_counts c ON c.fact = f.id "
                      "AND c.status = '' WHERE f.source = ? OR f.target = ?", (_code(actor), _code(actor))).fetchone()[0]


def _timeline_filters(*, story: int | None, actor: str | None, since: str | None,
                      until: str | None) -> tuple[list[str], list]:
    """WHERE clauses over `fact_mentions m` joined to `facts f`, for `timeline`."""
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
    if until:
        where.append("substr(m.published, 1, length(?)) <= ?")
        args += [until, until]
    return where, args


def timeline(db: sqlite3.Connection, *, story: int | None = None, actor: str | None = None,
             since: str | None = None, until: str | None = None, limit: int | None = None, offset: int = 0,
             newest_first: bool = False) -> list[dict]:
    """Event mentions in the order they were reported, for a story or for an actor's facts
    (`since` / `until`: reported on or after / on or before that day); `newest_first` turns
    the order round, `limit` (None: all) and `offset` page through them.

    Each: {"published", "date", "fact", "type", "source", "target", "item", "status",
    "claimant", "doc", "duplicate" (from a copy of another article), "evidence" (the
    sentence), "outlet", "n" (the event's place in its document), "start" / "end" (the
    evidence's offsets in its text), "copy_of" (the id of the article `doc` copies, or None)}.
    Reports published at the same moment come in the order they were stored, and the
    sentences of one article in its own order."""
    where, args = _timeline_filters(story=story, actor=actor, since=since, until=until)
    # The page is chosen from the mentions' own columns, and only its rows' records are read
    # (sorting 100,000 records to keep 50 read every one of them). A frequent actor's newest
    # mentions are met first along fact_mentions_published; a rare one's are fewer than a
    # walk along that index would pass over, so its facts are read first and sorted.
    rare = actor and story is None and _mentions_of(db, actor) <= RARE_MENTIONS
    mentions = "facts f CROSS JOIN fact_mentions m ON m.fact = f.id" if rare else \
        "fact_mentions m JOIN facts f ON f.id = m.fact"
    order = " DESC" if newest_first else ""
    sql = ("WITH page AS (SELECT m.event, m.published, m.doc FROM " + mentions + " " + _where(where) +
           " ORDER BY m.published{0}, m.doc{0}, m.event{0} LIMIT ? OFFSET ?) "
           "SELECT m.published, m.date, f.id AS fact, f.type, f.source, f.target, f.item, m.status, m.claimant, "
           "d.id AS doc, m.duplicate, e.record, d.outlet, e.n, o.id AS copy_of FROM page p "
           "JOIN fact_mentions m ON m.event = p.event JOIN facts f ON f.id = m.fact JOIN events e ON e.num = m.event "
           "JOIN documents d ON d.num = m.doc LEFT JOIN copies c ON c.doc = m.doc "
           "LEFT JOIN documents o ON o.num = c.original ORDER BY p.published{0}, p.doc{0}, p.event{0}").format(order)
    out = _rows(db, sql, [*args, -1 if limit is None else limit, offset])
    for r in out:
        evidence = json.loads(r.pop("record"))["evidence"]
        r["evidence"], r["start"], r["end"] = evidence["text"], evidence["start"], evidence["end"]
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


# -- sanctions flags -----------------------------------------------------------------------
# Flags are worked out as facts are read, from rasd/kb/data/sanctions.yaml as it is now, so
# a corrected regime file needs no re-derivation of the store. A fact's country codes decide
# most flags; its mentions' actors (sector codes, knowledge-base ids) are read only where a
# measure targets some sectors or named groups of a country (Yemen's Houthis, not the Yemeni
# government), and only for transfers and deployments. `--flagged` first narrows the facts
# with SQL on `facts` alone: transfers and deployments with a party in a targeted country.
def fact_actors(db: sqlite3.Connection, fact_ids: Sequence[int]) -> dict[int, dict[str, list[dict]]]:
    """For each fact, the distinct actors its mentions name: {"source_actors": [{"code",
    "kb_id"}], "target_actors": [...]}, in one query for all of them (which reads every one
    of their mentions: a fact in a large store has thousands)."""
    found: dict[int, dict[str, set]] = {fid: {"source_actors": set(), "target_actors": set()} for fid in fact_ids}
    if fact_ids:
        for fid, src, src_kb, tgt, tgt_kb in db.execute(
                "SELECT DISTINCT m.fact, e.source, json_extract(e.record, '$.source.kb_id'), e.target, "
                "json_extract(e.record, '$.target.kb_id') FROM fact_mentions m JOIN events e ON e.num = m.event "
                "WHERE m.fact IN (SELECT value FROM json_each(?))", (json.dumps(list(fact_ids)),)):
            for side, code, kb_id in (("source_actors", src, src_kb), ("target_actors", tgt, tgt_kb)):
                if code or kb_id:
                    found[fid][side].add((code or "", kb_id or ""))
    return {fid: {side: [{"code": code or None, "kb_id": kb_id or None} for code, kb_id in sorted(pairs)]
                  for side, pairs in sides.items()} for fid, sides in found.items()}


def facts_flags(db: sqlite3.Connection, facts: list[dict]) -> dict[int, list[dict]]:
    """The flags of each fact (dicts with at least "id", "type", "source", "target", "item",
    "first_date", "last_date"), by id: {"regime", "resolution", "paragraph", "measure",
    "uncertain", "contested", "source"} for each measure it would breach."""
    by_actor = actor_countries()
    actors = fact_actors(db, [f["id"] for f in facts if f["type"] in FLAGGED_TYPES
                              and (f["source"] in by_actor or f["target"] in by_actor)])
    return {f["id"]: [dataclasses.asdict(flag) for flag in flags_for_fact({**f, **actors.get(f["id"], {})})]
            for f in facts}


def flagged_fact_ids(db: sqlite3.Connection, where: list[str], args: list) -> list[int]:
    """The ids of the facts matching `where` (clauses over `facts f`, with `args`) that have
    a flag."""
    countries = sorted(party_countries())
    marks = ", ".join("?" * len(countries))
    rows = _rows(db, "SELECT f.id, f.type, f.source, f.target, f.item, f.first_date, f.last_date FROM facts f " +
                 _where([*where, f"f.type IN ({', '.join('?' * len(FLAGGED_TYPES))})",
                         f"(f.source IN ({marks}) OR f.target IN ({marks}))"]),
                 [*args, *FLAGGED_TYPES, *countries, *countries])
    return [fid for fid, flags in facts_flags(db, rows).items() if flags]


# -- the analyst's desk (`rasd serve`): one story, fact, document or actor, and paging ------
# The REST API and the web pages are views over these and the functions above; each one
# is usable from the CLI too. Lists page with `limit` / `offset`.
def _desk_fact_filters(*, source: str | None = None, target: str | None = None, counterpart: str | None = None,
                       status: str | None = None,
                       claimant: str | None = None, until: str | None = None, story: int | None = None,
                       fact: int | None = None, search: str | None = None) -> tuple[list[str], list]:
    """WHERE clauses over `facts f` for the filters `list_facts` takes beyond `fact_filters`':
    `source` / `target` (country codes); `counterpart`: naming this actor on either side
    (with `actor`: the facts between the two, both ways); `status` and `claimant` (a country code, or "outlet"
    for the outlet's own voice): a fact someone states so, or this claimant says anything
    about, or both at once ("IRN denied"); `until`: first reported (or dated) on or before
    that day (a YYYY-MM or YYYY takes in the whole month or year); `story`: reported by one of
    its articles; `fact`: this one; `search`: one of its evidence sentences holds it
    (`search_pattern`; it reads every event record, so it comes last)."""
    where: list[str] = []
    args: list = []
    if fact is not None:
        where.append("f.id = ?")
        args.append(fact)
    if source:
        where.append("f.source = ?")
        args.append(_code(source))
    if target:
        where.append("f.target = ?")
        args.append(_code(target))
    if counterpart:
        where.append("(f.source = ? OR f.target = ?)")
        args += [_code(counterpart), _code(counterpart)]
    if status or claimant:
        who = None if not claimant else "" if claimant.strip().lower() == "outlet" else _code(claimant)
        where.append("f.id IN (SELECT c.fact FROM fact_claims c WHERE (? IS NULL OR c.status = ?) "
                     "AND (? IS NULL OR c.claimant = ?))")
        args += [status, status, who, who]
    if until:
        where.append("substr(coalesce(f.first_reported, f.first_date), 1, length(?)) <= ?")
        args += [until, until]
    if story is not None:
        where.append("f.id IN (SELECT m.fact FROM story_docs s JOIN fact_mentions m ON m.doc = s.doc "
                     "WHERE s.story = ?)")
        args.append(story)
    if search and _compile(search) is not None:
        where.append("f.id IN (SELECT m.fact FROM fact_mentions m JOIN events e ON e.num = m.event "
                     "WHERE rasd_search(?, json_extract(e.record, '$.evidence.text')))")
        args.append(search)
    return where, args


def watch_sources(db: sqlite3.Connection) -> list[dict]:
    """The sources `rasd watch` has polled into this store, in the order first registered:
    their health (status new, ok, not_modified or error; the last error; failures in a row;
    when last polled and next due) and counts (polls, entries found, articles stored, errors;
    entries still pending)."""
    return _rows(db, "SELECT s.url, s.kind, s.outlet, s.language, s.status, s.error, s.failures, s.polled_at, "
                     "s.ok_at, s.next_at, s.polls, s.entries, s.articles, s.errors, "
                     "(SELECT count(*) FROM watch_entries e WHERE e.source = s.url AND e.state = 'pending') AS pending "
                     "FROM watch_sources s ORDER BY s.rowid")
