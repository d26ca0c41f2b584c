"""UN arms embargoes as data, and the flags a fact gets from them.

`rasd/kb/data/sanctions.yaml` lists sanctions regimes; each regime has measures (one
paragraph of a resolution: who is targeted, in which direction, which item categories,
whether personnel and training are covered) and each measure has date windows (in force
from, lifted on, reimposed on), with their sources and any dispute of their application
by a Council member. The file's own header explains every field.

`flags_for_fact(fact)` says which measures a TRANSFER (or DEPLOY) fact would breach on its
dates. A measure applies when its party is on the right side of the fact (the recipient
for "to", the supplier for "from"), resolved by country and sector code, or by a listed
group's knowledge-base id where the fact's mentions name it (`source_actors`,
`target_actors`); when the item's category is covered (a vague or unnamed item counts
only for measures on all arms); and when the fact's dates meet a window. The flag is
`uncertain` when the fact's dates, as precise as the text gave them (a month, a year),
reach both inside and outside the windows, and `contested` when a Council member disputed
the measure's application to such a transfer at that time. A transfer within one country
is not a supply to it, and food, energy and money are never arms.

The model (regimes, measures, windows) and the file's reader are in `rasd.kb.regimes`.
"""
from __future__ import annotations

import calendar
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from rasd.errors import KBError
from rasd.kb.regimes import (ARMS, FOREVER, PERSONNEL, Contest, Measure, Party, Regime, Window,  # noqa: F401
                             read)

FILE = "sanctions.yaml"
FLAGGED_TYPES = ("TRANSFER", "DEPLOY")
VAGUE_ITEMS = (None, "other")     # "weapons", "equipment": covered by measures on all arms only


@dataclass(frozen=True, slots=True)
class Flag:
    regime: str          # e.g. "DPRK", "IRAN-2231", "LIBYA"
    resolution: str      # e.g. "S/RES/2270 (2016)"
    paragraph: str       # e.g. "OP 6"
    measure: str         # what is breached, e.g. "arms embargo (supply from)"
    uncertain: bool      # the fact's date precision straddles a window edge
    contested: bool      # a Council member contested application at that time
    source: str          # URL/reference of the window


# -- reading the file ----------------------------------------------------------------------
def packaged_text() -> str:
    return resources.files("rasd.kb").joinpath("data", FILE).read_text("utf-8")


def load_regimes(text: str, name: str = FILE) -> tuple[Regime, ...]:
    """The regimes of a sanctions file's text; a file with any problem is a `KBError` (a
    regime left out silently would hide flags)."""
    regimes, problems = read(text, name)
    if problems:
        raise KBError(f"{len(problems)} problem(s) in the sanctions regimes, first: {problems[0]} "
                      f"(`rasd kb validate` lists them)")
    return regimes


@lru_cache(maxsize=1)
def default_regimes() -> tuple[Regime, ...]:
    """The packaged regimes, read once per process."""
    return load_regimes(packaged_text())


def party_countries(regimes: tuple[Regime, ...] | None = None) -> frozenset[str]:
    """Every country a measure targets, or where a listed group it targets belongs: a fact
    with neither party in one of them has no flag (the store's cheap first filter)."""
    regimes = default_regimes() if regimes is None else regimes
    return frozenset(p.country for r in regimes for m in r.measures for p in m.parties if p.country)


def actor_countries(regimes: tuple[Regime, ...] | None = None) -> frozenset[str]:
    """The countries where some measure targets only some sectors or named groups: a fact
    there needs its mentions' actor codes and ids to be flagged, one elsewhere only its
    country codes."""
    regimes = default_regimes() if regimes is None else regimes
    return frozenset(p.country for r in regimes for m in r.measures for p in m.parties
                     if p.country and (p.group or p.sectors is not None or p.except_sectors))


def validate(kb) -> tuple[list[str], int]:
    """For `rasd kb validate`: the packaged file's problems, including countries the KB
    does not know and groups that are not in it (or not of the country given); and how
    many measures it has."""
    regimes, problems = read(packaged_text(), FILE)
    return problems + kb_problems(regimes, kb), sum(len(r.measures) for r in regimes)


def kb_problems(regimes: tuple[Regime, ...], kb, name: str = FILE) -> list[str]:
    """Countries and groups the knowledge base `kb` does not know."""
    countries = set(kb.countries)
    problems = []
    for r in regimes:
        for m in r.measures:
            where = f"{name}: {r.id} / {m.id}"
            for p in m.parties:
                if p.country and p.country not in countries:
                    problems.append(f"{where}: unknown country {p.country!r} (not a code in countries.yaml)")
                if p.group:
                    entity = kb.entities.get(p.group)
                    if entity is None:
                        problems.append(f"{where}: unknown group {p.group!r} (no such id in the knowledge base)")
                    elif entity.country != p.country:
                        problems.append(f"{where}: group {p.group} is of country {entity.country!r} in the "
                                        f"knowledge base, not {p.country!r}")
            for w in m.windows:
                for c in w.contested:
                    for code in (*c.by, *c.counterparts):
                        if code not in countries:
                            problems.append(f"{where}: window from {w.start}: unknown country {code!r} in contested")
    return problems


# -- flags ---------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class _Dates:
    """A fact's dates as day ranges: the earliest and latest date, each as precise as the
    text gave it ("2025-09" is the whole month); both None when undated."""
    first: tuple[dt.date, dt.date] | None
    last: tuple[dt.date, dt.date] | None

    @classmethod
    def of(cls, fact: dict) -> "_Dates":
        first, last = _range(fact.get("first_date")), _range(fact.get("last_date"))
        return cls(first or last, last or first)

    @property
    def lo(self) -> dt.date:
        return self.first[0] if self.first else dt.date.min

    @property
    def hi(self) -> dt.date:
        return self.last[1] if self.last else FOREVER

    def meets(self, start: dt.date, last: dt.date) -> bool:
        return self.lo <= last and self.hi >= start

    def surely_in(self, spans: list[tuple[dt.date, dt.date]]) -> bool:
        """Some reported date lies wholly inside the spans: the earliest, the latest, or
        the whole range."""
        ranges = [r for r in (self.first, self.last, (self.lo, self.hi) if self.first else None) if r]
        return any(a <= lo and hi <= b for lo, hi in ranges for a, b in spans)


def _range(value: str | None) -> tuple[dt.date, dt.date] | None:
    """A stored date of day, month or year precision as (first day, last day)."""
    if not value:
        return None
    text = str(value)[:10]
    try:
        if len(text) == 4:
            return dt.date(int(text), 1, 1), dt.date(int(text), 12, 31)
        if len(text) == 7:
            year, month = int(text[:4]), int(text[5:7])
            return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])
        day = dt.date.fromisoformat(text)
        return day, day
    except ValueError:
        return None


def _actors(fact: dict, side: str) -> list[tuple[str | None, str | None]]:
    """(code, kb_id) of each actor on one side of the fact: those its mentions name
    (`source_actors` / `target_actors`, as `list_facts` gives them), else its country."""
    named = fact.get(f"{side}_actors")
    if named:
        return [(a.get("code"), a.get("kb_id")) for a in named]
    return [(fact[side], None)] if fact.get(side) else []


def _covers(window: Window, kind: str, item: str | None) -> bool:
    if kind == "DEPLOY":
        return window.personnel
    if item in VAGUE_ITEMS:
        return window.general or item in window.items
    return item in window.items


def _disputed(contest: Contest, window: Window, dates: _Dates, kind: str, item: str | None,
              other: str | None) -> bool:
    last = contest.end - dt.timedelta(days=1) if contest.end else window.last
    if not dates.meets(contest.start or window.start, last):
        return False
    if contest.counterparts and other not in contest.counterparts:
        return False
    what = PERSONNEL if kind == "DEPLOY" else item
    return not contest.items or what in contest.items


def _merged(windows: list[Window]) -> list[tuple[dt.date, dt.date]]:
    """The windows' day spans, joined where they meet or overlap."""
    spans: list[tuple[dt.date, dt.date]] = []
    for w in sorted(windows, key=lambda w: w.start):
        if spans and w.start <= spans[-1][1] + dt.timedelta(days=1):
            spans[-1] = (spans[-1][0], max(spans[-1][1], w.last))
        else:
            spans.append((w.start, w.last))
    return spans


def flags_for_fact(fact: dict, *, regimes: tuple[Regime, ...] | None = None) -> list[Flag]:
    """The measures `fact` would breach, one flag per regime, resolution and paragraph, in
    the file's order (`regimes`: the packaged ones unless given). `fact` is a dict as
    `rasd.stories.queries.list_facts` gives it: "type", "source", "target", "item",
    "first_date", "last_date", and optionally "source_actors" / "target_actors" ([{"code",
    "kb_id"}] of its mentions, `queries.fact_actors`), without which a listed group is not
    recognized (`list_facts` reads them where they matter before it fills "flags")."""
    kind = fact.get("type")
    if kind not in FLAGGED_TYPES:
        return []
    regimes = default_regimes() if regimes is None else regimes
    source, target = fact.get("source"), fact.get("target")
    if source and source == target:
        return []               # a transfer inside one country: no embargo is on supply from within
    item = fact.get("item")
    dates = _Dates.of(fact)
    suppliers, recipients = _actors(fact, "source"), _actors(fact, "target")
    hits: dict[tuple[str, str, str], list[Window]] = defaultdict(list)
    contested: dict[tuple[str, str, str], bool] = defaultdict(bool)
    for regime in regimes:
        for measure in regime.measures:
            sides = []
            if measure.direction in ("to", "both"):
                sides.append((recipients, source))
            if measure.direction in ("from", "both"):
                sides.append((suppliers, target))
            for actors, other in sides:
                if not any(p.matches(code, kb_id) for p in measure.parties for code, kb_id in actors):
                    continue
                for w in measure.windows:
                    if _covers(w, kind, item) and dates.meets(w.start, w.last):
                        key = (regime.id, w.resolution, w.paragraph)
                        hits[key].append(w)
                        contested[key] |= any(_disputed(c, w, dates, kind, item, other) for c in w.contested)
    flags = []
    for (regime_id, resolution, paragraph), windows in hits.items():
        first = min(windows, key=lambda w: w.start)
        flags.append(Flag(regime=regime_id, resolution=resolution, paragraph=paragraph, measure=first.measure,
                          uncertain=not dates.surely_in(_merged(windows)),
                          contested=contested[(regime_id, resolution, paragraph)],
                          source=first.sources[0] if first.sources else ""))
    return flags
