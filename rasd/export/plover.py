"""PLOVER JSON records, one per line, of rasd's event mentions and facts.

The mapping is data (`plover.yaml`, from SPEC §3); the records' shape is the JSON Schema
`plover.schema.json`, rasd's PLOVER profile, which every record the tests write is
validated against. PLOVER fields are filled where rasd knows them: `id`, `date` and
`enddate` (a month or year becomes its first and last day, the precision kept in
`rasd_date_precision`), `source` and `recipient` (lists of one actor: country `code`,
`sector`, `actor_text`, `identifier_id`), `event`, `mode`, `context`, `quad_code`,
`event_text` (the evidence sentence), `text_info` (its offsets), `cite_info`, `event_loc`,
`link` (the fact). What PLOVER names but no coder fills, rasd's status and claimant, and
what it has no field for (quantity, item, story, counts, sanctions flags) are extension
fields named `rasd_*`.
"""
from __future__ import annotations

import calendar
import json
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import TextIO

import yaml

from rasd.export.columns import precision

SCHEMA_FILE = "plover.schema.json"
STATUS_ORDER = ("asserted", "planned", "hedged", "denied")     # a fact reads as its first status present


@dataclass(frozen=True, slots=True)
class Profile:
    codebook: str
    types: dict
    quad: dict
    items: dict
    status_context: dict
    sectors: dict


@lru_cache(maxsize=1)
def profile() -> Profile:
    data = yaml.safe_load(resources.files("rasd.export").joinpath("plover.yaml").read_text(encoding="utf-8"))
    return Profile(**data)


def schema() -> dict:
    """rasd's PLOVER profile as a JSON Schema (draft 2020-12)."""
    return json.loads(resources.files("rasd.export").joinpath(SCHEMA_FILE).read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def _coder() -> str:
    from importlib.metadata import PackageNotFoundError, version
    try:
        return f"rasd {version('rasd')}"
    except PackageNotFoundError:     # pragma: no cover - run from a source tree without installing
        return "rasd"


def categorize(type_: str, *, status: str | None, item: str | None, has_target: bool) -> dict:
    """{"event", "mode", "context", "quad_code"} for a rasd type, status and item category."""
    p = profile()
    rule = p.types[type_]
    if status == "planned" and "planned" in rule:
        rule = {**rule, **rule["planned"]}
    if not has_target and "no_target" in rule:
        rule = {**rule, **rule["no_target"]}
    event = rule["event"]
    mode, context = list(rule.get("mode") or []), list(rule.get("context") or [])
    by_item = p.items.get(event, {}).get(item) if item else None
    if by_item and not mode:
        mode = [by_item]
        if event == "AID":
            context = context or [by_item]
    if status in p.status_context:
        context.append(p.status_context[status])
    return {"event": [event], "mode": mode or None, "context": context or None, "quad_code": p.quad[event]}


def _span(value: str | None) -> tuple[str | None, str | None]:
    """(first day, last day) of a date precise to the day, month or year."""
    kind = precision(value)
    if kind == "day":
        return value[:10], None
    if kind == "month":
        y, m = int(value[:4]), int(value[5:7])
        return f"{value}-01", f"{value}-{calendar.monthrange(y, m)[1]:02d}"
    if kind == "year":
        return f"{value}-01-01", f"{value}-12-31"
    return None, None


def actor(a: dict | None) -> dict | None:
    if not a:
        return None
    code = a.get("code") or a.get("country") or ""
    return {"code": a.get("country") or code[:3], "sector": profile().sectors.get(code[3:]),
            "actor_text": a.get("name"), "identifier_id": a.get("kb_id"), "rasd_code": code}


def event_record(row: dict) -> dict:
    """One event mention (`iter_events`' row) as a PLOVER record."""
    r = row["record"]
    d = r.get("date") or {}
    if d.get("value"):
        date, enddate = _span(d["value"])
        date_source = "event"
    else:
        date, enddate = (row.get("published") or "")[:10] or None, None
        date_source = "published" if date else None
    item, loc, ev = r.get("item") or {}, r.get("location"), r["evidence"]
    return {
        "id": f"rasd:{r['doc']}:{row['n']}",
        "date": date, "enddate": enddate,
        "source": [actor(r["source"])] if r.get("source") else [],
        "recipient": [actor(r["target"])] if r.get("target") else [],
        **categorize(r["type"], status=r["status"], item=item.get("category"), has_target=bool(r.get("target"))),
        "event_loc": {"name": loc.get("name"), "cc3": loc.get("country"), "rasd_kb_id": loc.get("kb_id")} if loc else None,
        "event_text": [ev["text"]],
        "text_info": {"start": ev["start"], "end": ev["end"]},
        "cite_info": {"corpus": "rasd", "citation": r["doc"], "url": row.get("url"), "publication": row.get("outlet"),
                      "language": row.get("language"), "coder": _coder(), "codebook": profile().codebook},
        "link": f"rasd:fact:{row['fact']}" if row.get("fact") is not None else None,
        "rasd_kind": "event",
        "rasd_type": r["type"], "rasd_status": r["status"], "rasd_claimant": actor(r.get("claimant")),
        "rasd_date_precision": d.get("precision") or ("day" if date else None),
        "rasd_date_text": d.get("text"), "rasd_date_source": date_source,
        "rasd_quantity": r.get("quantity"), "rasd_item": r.get("item"),
        "rasd_doc": r["doc"], "rasd_part": r.get("part", 1), "rasd_published": row.get("published"),
        "rasd_story": row.get("story"), "rasd_fact": row.get("fact"),
    }


def fact_record(fact: dict) -> dict:
    """One fact (`iter_facts`' row) as a PLOVER record: the event across articles, dated
    from its first to its last date."""
    counts = fact.get("doc_counts") or {}
    status = next((s for s in STATUS_ORDER if counts.get(s)), None)
    date, end_first = _span(fact.get("first_date"))
    last_first, last_end = _span(fact.get("last_date"))
    enddate = last_end or last_first
    return {
        "id": f"rasd:fact:{fact['id']}",
        "date": date, "enddate": enddate if enddate != date else end_first,
        "source": [{"code": fact["source"]}] if fact.get("source") else [],
        "recipient": [{"code": fact["target"]}] if fact.get("target") else [],
        **categorize(fact["type"], status=status, item=fact.get("item"), has_target=bool(fact.get("target"))),
        "cite_info": {"corpus": "rasd", "coder": _coder(), "codebook": profile().codebook},
        "rasd_kind": "fact",
        "rasd_type": fact["type"], "rasd_status": status, "rasd_contradicted": bool(fact.get("contradicted")),
        "rasd_date_precision": precision(fact.get("first_date")), "rasd_item": fact.get("item"),
        "rasd_first_date": fact.get("first_date"), "rasd_last_date": fact.get("last_date"),
        "rasd_first_reported": fact.get("first_reported"), "rasd_last_reported": fact.get("last_reported"),
        "rasd_reports": fact.get("reports"), "rasd_originals": fact.get("originals"),
        "rasd_copies": fact.get("copies"), "rasd_mentions": fact.get("mentions"),
        "rasd_reports_by_status": counts, "rasd_mentions_by_status": fact.get("counts") or {},
        "rasd_flags": fact.get("flags") or [],
    }


def write_plover(kind: str, rows: Iterable[dict], f: TextIO) -> int:
    to_record = event_record if kind == "events" else fact_record
    n = 0
    for row in rows:
        f.write(json.dumps(to_record(row), ensure_ascii=False) + "\n")
        n += 1
    return n
