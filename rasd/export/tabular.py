"""JSON Lines and CSV: text, one record per line or row, written as the rows arrive.

JSON Lines carries each record whole (an event is the SPEC record exactly as `rasd extract`
prints it; a fact keeps its per-status counts and any sanctions flags as nested objects);
CSV carries the flat columns of `rasd.export.columns`, a header first.
"""
from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from typing import TextIO

from rasd.export.columns import TABLES


def jsonl_record(kind: str, row: dict) -> dict:
    """What one JSON line holds: the SPEC record for an event, the row itself otherwise."""
    return row["record"] if kind == "events" else row


def write_jsonl(kind: str, rows: Iterable[dict], f: TextIO) -> int:
    n = 0
    for row in rows:
        f.write(json.dumps(jsonl_record(kind, row), ensure_ascii=False) + "\n")
        n += 1
    return n


def _cell(value) -> object:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ";".join(map(str, value))
    return value


def write_csv(kind: str, rows: Iterable[dict], f: TextIO) -> int:
    table = TABLES[kind]
    names = [c.name for c in table.columns]
    w = csv.writer(f)
    w.writerow(names)
    n = 0
    for row in rows:
        flat = table.flatten(row)
        w.writerow([_cell(flat.get(name)) for name in names])
        n += 1
    return n
