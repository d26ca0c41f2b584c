"""A timeline for the page: reports grouped by day, copies folded under their original, and
a bar chart of reports by date coloured by status.

The rows are `rasd.stories.queries.timeline`'s; nothing here reads the store.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

STATUSES = ("asserted", "denied", "hedged", "planned")


@dataclass(slots=True)
class Entry:
    row: dict                                        # one event mention, as `timeline` gives it
    copies: list[dict] = field(default_factory=list)  # the same fact in copies of its article


@dataclass(slots=True)
class Day:
    day: str                                         # YYYY-MM-DD, or "" for undated reports
    entries: list[Entry]


def fold(rows: list[dict]) -> list[Day]:
    """Rows grouped by the day they were published, in the rows' order. A mention from a copy
    of an article goes under the first entry of the same fact from its original when the rows
    hold one (a copy adds no evidence: it is shown, not counted), and stands alone otherwise."""
    entries: list[Entry] = []
    by_origin: dict[tuple[str, int], Entry] = {}
    for row in rows:
        origin = by_origin.get((row.get("copy_of"), row["fact"])) if row.get("copy_of") else None
        if origin is not None:
            if all(c["doc"] != row["doc"] for c in origin.copies):   # one line per copy
                origin.copies.append(row)
            continue
        entry = Entry(row)
        entries.append(entry)
        by_origin.setdefault((row["doc"], row["fact"]), entry)
    days: list[Day] = []
    for entry in entries:
        day = (entry.row.get("published") or "")[:10]
        if not days or days[-1].day != day:
            days.append(Day(day, []))
        days[-1].entries.append(entry)
    return days


@dataclass(frozen=True, slots=True)
class Bar:
    label: str                  # the day or month
    x: float
    width: float
    parts: tuple[tuple[str, float, float, int], ...]   # (status, y, height, reports)
    total: int


@dataclass(frozen=True, slots=True)
class Chart:
    width: int
    height: int
    bars: tuple[Bar, ...]
    first: str
    last: str
    peak: int


def chart(counts: list[dict], *, rtl: bool, width: int = 720, height: int = 120, max_bars: int = 60) -> Chart | None:
    """Reports (event mentions) by day, or by month when the days would not fit, stacked by
    status, from `timeline_counts` rows ({"day", "status", "mentions"}). Time runs the way
    the page reads: right to left in Arabic, so the earliest bar is at the right edge. None
    when nothing is dated."""
    if not counts:
        return None
    cut = 10 if len({c["day"] for c in counts}) <= max_bars else 7
    by_period: dict[str, Counter] = {}
    for c in counts:
        by_period.setdefault(c["day"][:cut], Counter())[c["status"]] += c["mentions"]
    keys = sorted(by_period)
    peak = max(sum(c.values()) for c in by_period.values())
    slot = width / len(keys)
    bar_width = max(1.0, min(slot * 0.8, 40.0))
    bars = []
    for i, key in enumerate(keys):
        left = (width - (i + 1) * slot if rtl else i * slot) + (slot - bar_width) / 2
        y = float(height)
        parts = []
        for status in STATUSES:
            n = by_period[key][status]
            if n:
                h = (height - 4) * n / peak
                y -= h
                parts.append((status, round(y, 2), round(h, 2), n))
        bars.append(Bar(key, round(left, 2), round(bar_width, 2), tuple(parts), sum(by_period[key].values())))
    return Chart(width, height, tuple(bars), keys[0], keys[-1], peak)
