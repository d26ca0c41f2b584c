"""Flat rows with stable columns, one table per kind, for CSV and Parquet.

Each kind has a fixed list of `Column`s (name and kind of value) and a function that turns
one row of the read layer (`rasd.stories.streams.iter_*`) into a dict over exactly those
columns. CSV writes the names as its header and the values as text; Parquet types each
column from its kind (`rasd.export.parquet`). Columns are only ever added at the end, so a
spreadsheet or script that reads them by position or name keeps working.

Dates stay as rasd stores them (`date`: "2024-11-04", "2024-11" or "2024", with its
precision beside it); each date column has a `*_day` twin that holds the day only where
the date is precise to the day (a Parquet date32, an ISO day in CSV), empty otherwise.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

ValueKind = Literal["str", "code", "int", "float", "bool", "day", "list"]
STATUSES = ("asserted", "denied", "hedged", "planned")
SECTORS_FROM = 3                  # a code is a country (3 letters) and an optional sector: PRKMIL
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    kind: ValueKind = "str"       # code: a short repeated value (a dictionary column in Parquet)


def _cols(spec: str, kind: ValueKind = "str") -> list[Column]:
    return [Column(name, kind) for name in spec.split()]


def day(value: str | None) -> str | None:
    """The day of a date or timestamp precise to the day ("2024-11-04T09:00" → "2024-11-04"),
    else None ("2024-11", "2024", None)."""
    return value[:10] if value and _DAY.match(value) else None


def precision(value: str | None) -> str | None:
    """day, month or year, from how much of a date is given."""
    if not value:
        return None
    return "day" if _DAY.match(value) else "month" if len(value) == 7 else "year" if len(value) == 4 else None


def sector(code: str | None) -> str | None:
    return (code[SECTORS_FROM:] or None) if code else None


# -- events: one row per event mention ------------------------------------------------------
# the first 24 are rasd 0.1's CSV columns, in their order
EVENT_COLUMNS = [
    Column("doc"), Column("published"), Column("outlet", "code"), Column("url"), Column("part", "int"),
    Column("type", "code"), Column("source", "code"), Column("source_name"), Column("target", "code"),
    Column("target_name"), Column("status", "code"), Column("claimant", "code"), Column("claimant_name"),
    Column("date"), Column("date_precision", "code"), Column("quantity", "float"), Column("unit", "code"),
    Column("approx", "code"), Column("item"), Column("item_category", "code"), Column("location"),
    Column("evidence_start", "int"), Column("evidence_end", "int"), Column("evidence"),
    Column("n", "int"), Column("language", "code"),
    *_cols("source_country source_sector", "code"), Column("source_kb_id"),
    *_cols("target_country target_sector", "code"), Column("target_kb_id"),
    *_cols("claimant_country claimant_sector", "code"), Column("claimant_kb_id"),
    Column("date_text"), Column("date_day", "day"), Column("published_day", "day"), Column("quantity_text"),
    Column("item_calibre_mm", "float"), Column("location_country", "code"), Column("location_kb_id"),
    Column("fact", "int"), Column("story", "int"),
]


def _actor(prefix: str, actor: dict | None) -> dict:
    a = actor or {}
    code = a.get("code")
    return {prefix: code, f"{prefix}_name": a.get("name"), f"{prefix}_country": a.get("country"),
            f"{prefix}_sector": sector(code), f"{prefix}_kb_id": a.get("kb_id")}


def event_row(row: dict) -> dict:
    """`iter_events`' row → the events table's columns."""
    r = row["record"]
    d, q, item, loc, ev = r.get("date") or {}, r.get("quantity") or {}, r.get("item") or {}, \
        r.get("location") or {}, r["evidence"]
    return {"doc": r["doc"], "published": row.get("published"), "outlet": row.get("outlet"), "url": row.get("url"),
            "part": r.get("part", 1), "type": r["type"], **_actor("source", r.get("source")),
            **_actor("target", r.get("target")), "status": r["status"], **_actor("claimant", r.get("claimant")),
            "date": d.get("value"), "date_precision": d.get("precision"), "date_text": d.get("text"),
            "date_day": day(d.get("value")) if d.get("precision") == "day" else None,
            "published_day": day(row.get("published")),
            "quantity": q.get("value"), "unit": q.get("unit"), "approx": q.get("approx"), "quantity_text": q.get("text"),
            "item": item.get("text"), "item_category": item.get("category"), "item_calibre_mm": item.get("calibre_mm"),
            "location": loc.get("name"), "location_country": loc.get("country"), "location_kb_id": loc.get("kb_id"),
            "evidence_start": ev["start"], "evidence_end": ev["end"], "evidence": ev["text"],
            "n": row.get("n"), "language": row.get("language"), "fact": row.get("fact"), "story": row.get("story")}


# -- facts ----------------------------------------------------------------------------------
FACT_COLUMNS = [
    Column("id", "int"), *_cols("type source target item", "code"),
    Column("first_date"), Column("first_date_day", "day"), Column("first_date_precision", "code"),
    Column("last_date"), Column("last_date_day", "day"), Column("last_date_precision", "code"),
    Column("first_reported"), Column("first_reported_day", "day"),
    Column("last_reported"), Column("last_reported_day", "day"),
    Column("contradicted", "bool"), *_cols("reports originals copies mentions", "int"),
    *[Column(f"{what}_{status}", "int") for what in ("reports", "originals", "mentions") for status in STATUSES],
    Column("flagged", "bool"), Column("flags"), Column("flags_uncertain", "bool"), Column("flags_contested", "bool"),
]


def flag_label(flag: dict) -> str:
    """One sanctions flag as text: "DPRK:S/RES/2270 (2016) OP 6"."""
    where = " ".join(str(flag[k]) for k in ("resolution", "paragraph") if flag.get(k))
    return f"{flag.get('regime', '')}:{where}" if where else str(flag.get("regime", ""))


def fact_row(fact: dict) -> dict:
    """`iter_facts`' row → the facts table's columns. `flags` (the sanctions flags, where the
    store computes them) become one text column, labels joined by ";", and booleans."""
    flags = fact.get("flags") or []
    out = {c: fact.get(c) for c in ("id", "type", "source", "target", "item", "first_date", "last_date",
                                      "first_reported", "last_reported", "reports", "originals", "copies",
                                      "mentions")}
    for c in ("first_date", "last_date", "first_reported", "last_reported"):
        out[f"{c}_day"] = day(fact.get(c))
    out["first_date_precision"], out["last_date_precision"] = precision(fact.get("first_date")), \
        precision(fact.get("last_date"))
    out["contradicted"] = bool(fact.get("contradicted"))
    for what, counts in (("reports", "doc_counts"), ("originals", "original_counts"), ("mentions", "counts")):
        for status in STATUSES:
            out[f"{what}_{status}"] = (fact.get(counts) or {}).get(status, 0)
    out["flagged"] = bool(flags)
    out["flags"] = ";".join(map(flag_label, flags)) or None
    out["flags_uncertain"] = any(f.get("uncertain") for f in flags)
    out["flags_contested"] = any(f.get("contested") for f in flags)
    return out


# -- stories and documents ------------------------------------------------------------------
STORY_COLUMNS = [Column("id", "int"), Column("title"), Column("first_date"), Column("first_date_day", "day"),
                 Column("last_date"), Column("last_date_day", "day"), Column("actors", "list"),
                 Column("articles", "int"), Column("copies", "int")]


def story_row(story: dict) -> dict:
    return {**{c.name: story.get(c.name) for c in STORY_COLUMNS}, "first_date_day": day(story.get("first_date")),
            "last_date_day": day(story.get("last_date")), "copies": story.get("copies") or 0}


DOCUMENT_COLUMNS = [Column("id"), Column("source"), Column("outlet", "code"), Column("url"),
                    Column("language", "code"), Column("published"), Column("published_day", "day"), Column("title"),
                    Column("chars", "int"), Column("events", "int"), Column("is_copy", "bool"), Column("copy_of"),
                    Column("copy_kind", "code"), Column("story", "int"), Column("warnings", "list")]


def document_row(doc: dict) -> dict:
    return {**{c.name: doc.get(c.name) for c in DOCUMENT_COLUMNS}, "published_day": day(doc.get("published"))}


# -- network: one row per edge (the nodes are in GraphML and GEXF) ---------------------------
EDGE_COLUMNS = [
    *_cols("source target type", "code"), Column("symmetric", "bool"), Column("facts", "int"),
    *_cols("reports originals copies mentions", "int"), *[Column(f"reports_{s}", "int") for s in STATUSES],
    Column("contradicted", "bool"), Column("first_date"), Column("first_date_day", "day"),
    Column("last_date"), Column("last_date_day", "day"), Column("flagged", "int"),
]


def edge_row(edge: dict) -> dict:
    return {**{c.name: edge.get(c.name) for c in EDGE_COLUMNS}, "first_date_day": day(edge.get("first_date")),
            "last_date_day": day(edge.get("last_date"))}


@dataclass(frozen=True, slots=True)
class Table:
    columns: list[Column]
    flatten: Callable[[dict], dict]


TABLES: dict[str, Table] = {
    "events": Table(EVENT_COLUMNS, event_row),
    "facts": Table(FACT_COLUMNS, fact_row),
    "stories": Table(STORY_COLUMNS, story_row),
    "documents": Table(DOCUMENT_COLUMNS, document_row),
    "network": Table(EDGE_COLUMNS, edge_row),
}
