"""Event records as SPEC §2 defines them: one JSON object per event mention."""
from __future__ import annotations

from rasd.model import Document, Event


def event_record(doc: Document, ev: Event) -> dict:
    """The SPEC record of `ev`; evidence is the exact sentence slice of the document text."""
    s = ev.sentence
    rec = {
        "doc": doc.id,
        "type": ev.type,
        "source": ev.source.as_record() if ev.source else None,
        "target": ev.target.as_record() if ev.target else None,
        "status": ev.status,
        "claimant": ev.claimant.as_record() if ev.claimant else None,
        "date": {"value": ev.date.value, "precision": ev.date.precision, "text": ev.date.text} if ev.date else None,
        "location": ev.location.as_record() if ev.location else None,
        "quantity": ({"value": _num(ev.quantity.value), "unit": ev.quantity.unit,
                      "approx": ev.quantity.approx, "text": ev.quantity.text} if ev.quantity else None),
        "item": ev.item.as_record() if ev.item else None,
        "evidence": {"start": s.start, "end": s.end, "text": doc.text[s.start:s.end]},
    }
    if ev.part > 1:
        rec["part"] = ev.part
    return rec


def _num(v: float) -> float | int:
    return int(v) if float(v).is_integer() else v


def records(doc: Document) -> list[dict]:
    return [event_record(doc, ev) for ev in doc.events]
