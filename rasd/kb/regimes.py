"""The sanctions regimes' model, and reading it from YAML (`rasd/kb/data/sanctions.yaml`)
with a line for each problem: a bad date, a window that ends before it starts, an unknown
category, direction or field, a missing source. What is wrong is left out and named, never
guessed; `rasd.kb.sanctions` refuses a packaged file with problems, and `rasd kb validate`
lists them.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import yaml

from rasd.kb.load import SECTORS, yaml_problem

# every arms category of SPEC §2; food, energy and money are never arms
ARMS = frozenset({"ammunition", "artillery", "missile", "rocket_launcher", "drone", "aircraft", "armour",
                  "small_arms", "air_defence", "naval", "technology", "other"})
PERSONNEL = "personnel"           # in a dispute's `items`: DEPLOY facts
DIRECTIONS = ("to", "from", "both")
AUTHORITIES = ("UN", "EU", "UK", "US")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_COUNTRY = re.compile(r"^[A-Z]{3}$")
_UN_SYMBOL = re.compile(r"^S/RES/\d+ \(\d{4}\)$")
FOREVER = dt.date.max


@dataclass(frozen=True, slots=True)
class Party:
    """Who a measure targets: a country (all of it, only some sectors, or all but some),
    or a listed group by its knowledge-base id."""
    country: str | None = None
    sectors: tuple[str, ...] | None = None      # None: every sector ("" is the bare country code)
    except_sectors: tuple[str, ...] = ()
    group: str | None = None

    def matches(self, code: str | None, kb_id: str | None) -> bool:
        if self.group:
            return kb_id == self.group
        if not code or code[:3] != self.country:
            return False
        sector = code[3:]
        return (self.sectors is None or sector in self.sectors) and sector not in self.except_sectors


@dataclass(frozen=True, slots=True)
class Contest:
    by: tuple[str, ...]                 # the Council members who disputed it
    start: dt.date | None               # None: from the window's start
    end: dt.date | None                 # None: to the window's end
    counterparts: tuple[str, ...]       # only for transfers with these countries; () every one
    items: frozenset[str]               # only for these categories (PERSONNEL: DEPLOY); empty: all
    note: str


@dataclass(frozen=True, slots=True)
class Window:
    start: dt.date
    end: dt.date | None                 # first day no longer in force; None while in force
    resolution: str
    paragraph: str
    measure: str
    items: frozenset[str]
    general: bool                       # covers every arms category, and a vague or unnamed item
    personnel: bool
    sources: tuple[str, ...]
    contested: tuple[Contest, ...] = ()
    note: str = ""
    verify: bool = False

    @property
    def last(self) -> dt.date:
        return FOREVER if self.end is None else self.end - dt.timedelta(days=1)


@dataclass(frozen=True, slots=True)
class Measure:
    id: str
    direction: str
    parties: tuple[Party, ...]
    windows: tuple[Window, ...]


@dataclass(frozen=True, slots=True)
class Regime:
    id: str
    name: str
    authority: str
    committee: str
    measures: tuple[Measure, ...]
    note: str = ""


# -- reading -------------------------------------------------------------------------------
class _Loader(yaml.CSafeLoader if hasattr(yaml, "CSafeLoader") else yaml.SafeLoader):
    """Dates stay strings, so that a bad one ("2016-13-01") is a problem the reader names
    with its place, not an exception from the YAML parser."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()}


def read(text: str, name: str) -> tuple[tuple[Regime, ...], list[str]]:
    """The regimes of a sanctions file's text, and one line per problem (what has one is
    left out)."""
    try:
        data = yaml.load(text, Loader=_Loader)
    except yaml.YAMLError as e:
        return (), [yaml_problem(name, e)]
    reader = _Reader(name)
    return reader.file(data), reader.problems


_FILE_KEYS = {"reviewed", "regimes"}
_REGIME_KEYS = {"id", "name", "authority", "committee", "note", "measures"}
_MEASURE_KEYS = {"id", "resolution", "paragraph", "measure", "direction", "parties", "items", "personnel",
                 "windows", "note"}
_PARTY_KEYS = {"country", "sectors", "except_sectors", "group"}
_WINDOW_KEYS = {"from", "to", "resolution", "paragraph", "measure", "items", "personnel", "sources",
                "contested", "note", "verify"}
_CONTEST_KEYS = {"by", "from", "to", "with", "items", "note"}


class _Bad(Exception):
    """One problem that leaves the record it is in unusable."""


class _Reader:
    def __init__(self, name: str):
        self.name = name
        self.problems: list[str] = []
        self._ids: set[str] = set()

    def _say(self, where: str, what: str) -> None:
        self.problems.append(f"{self.name}: {where}: {what}" if where else f"{self.name}: {what}")

    def _mapping(self, rec, where: str, keys: set[str]) -> dict:
        if not isinstance(rec, dict):
            raise _Bad(f"expected a mapping of {', '.join(sorted(keys))}, found {type(rec).__name__}")
        unknown = sorted(str(k) for k in rec if k not in keys)
        if unknown:
            self._say(where, f"unknown field(s) {', '.join(unknown)} (the fields are {', '.join(sorted(keys))})")
        return rec

    def file(self, data) -> tuple[Regime, ...]:
        try:
            data = self._mapping(data, "", _FILE_KEYS)
            if data.get("reviewed") is not None:
                _date(data["reviewed"], "reviewed")
            regimes = data.get("regimes")
            if not isinstance(regimes, list) or not regimes:
                raise _Bad("`regimes` must be a non-empty list")
        except _Bad as e:
            self._say("", str(e))
            return ()
        out = []
        for i, rec in enumerate(regimes, 1):
            where = f"regime {rec.get('id', i) if isinstance(rec, dict) else i}"
            try:
                out.append(self.regime(self._mapping(rec, where, _REGIME_KEYS), where))
            except _Bad as e:
                self._say(where, str(e))
        return tuple(out)

    def regime(self, rec: dict, where: str) -> Regime:
        rid = _text(rec, "id")
        authority = rec.get("authority", "UN")
        if authority not in AUTHORITIES:
            raise _Bad(f"authority {authority!r} is not one of {', '.join(AUTHORITIES)}")
        measures = []
        for i, m in enumerate(_list(rec, "measures"), 1):
            at = f"{rid} / {m.get('id', f'measure {i}') if isinstance(m, dict) else f'measure {i}'}"
            try:
                measures.append(self.measure(self._mapping(m, at, _MEASURE_KEYS), at, authority))
            except _Bad as e:
                self._say(at, str(e))
        return Regime(id=rid, name=_text(rec, "name"), authority=authority, committee=_text(rec, "committee"),
                      measures=tuple(measures), note=str(rec.get("note") or ""))

    def measure(self, rec: dict, where: str, authority: str) -> Measure:
        mid = _text(rec, "id")
        if mid in self._ids:
            raise _Bad(f"duplicate measure id {mid}")
        self._ids.add(mid)
        direction = rec.get("direction")
        if direction not in DIRECTIONS:
            raise _Bad(f"direction {direction!r} is not one of {', '.join(DIRECTIONS)}")
        parties = tuple(self.party(p, where) for p in _list(rec, "parties"))
        defaults = {"resolution": rec.get("resolution"), "paragraph": rec.get("paragraph"),
                    "measure": rec.get("measure"), "items": rec.get("items"), "personnel": rec.get("personnel", False)}
        windows = []
        for i, w in enumerate(_list(rec, "windows"), 1):
            at = f"{where} / window {i}"
            try:
                windows.append(self.window(self._mapping(w, at, _WINDOW_KEYS), at, defaults, authority))
            except _Bad as e:
                self._say(at, str(e))
        return Measure(id=mid, direction=direction, parties=parties, windows=tuple(windows))

    def party(self, rec, where: str) -> Party:
        if not isinstance(rec, dict):
            raise _Bad(f"a party must be a mapping such as {{country: PRK}}, found {rec!r}")
        self._mapping(rec, where, _PARTY_KEYS)
        country = rec.get("country")
        if not isinstance(country, str) or not _COUNTRY.match(country):
            raise _Bad(f"party {rec}: country must be an ISO alpha-3 code such as PRK, found {country!r}")
        sectors = rec.get("sectors")
        for s in [*(sectors or ()), *(rec.get("except_sectors") or ())]:
            if s != "" and s not in SECTORS:
                raise _Bad(f"party {rec}: unknown sector {s!r} (the sectors are {', '.join(SECTORS)})")
        group = rec.get("group")
        if group is not None and (sectors or rec.get("except_sectors")):
            raise _Bad(f"party {rec}: a group is named by its id alone; sectors do not apply")
        return Party(country=country, sectors=tuple(sectors) if sectors is not None else None,
                     except_sectors=tuple(rec.get("except_sectors") or ()), group=group)

    def window(self, rec: dict, where: str, defaults: dict, authority: str) -> Window:
        values = {**defaults, **{k: rec[k] for k in ("resolution", "paragraph", "measure", "items", "personnel")
                                 if k in rec}}
        start = _date(rec.get("from"), "from")
        end = _date(rec["to"], "to") if rec.get("to") is not None else None
        if end is not None and end <= start:
            raise _Bad(f"ends ({end}) before it starts ({start})")
        resolution = _text(values, "resolution")
        if authority == "UN" and not _UN_SYMBOL.match(resolution):
            raise _Bad(f"resolution {resolution!r} is not a symbol such as 'S/RES/1718 (2006)'")
        items, general = _items(values.get("items"))
        if not isinstance(values.get("personnel"), bool):
            raise _Bad(f"personnel must be true or false, found {values.get('personnel')!r}")
        sources = rec.get("sources")
        if not isinstance(sources, list) or not sources or not all(isinstance(s, str) and s for s in sources):
            raise _Bad("sources must be a non-empty list (the resolution's text, the committee's page)")
        contested = tuple(self.contest(c, where, start, end) for c in rec.get("contested") or ())
        if not isinstance(rec.get("verify", False), bool):
            raise _Bad(f"verify must be true or false, found {rec.get('verify')!r}")
        return Window(start=start, end=end, resolution=resolution, paragraph=_text(values, "paragraph"),
                      measure=_text(values, "measure"), items=items, general=general,
                      personnel=values["personnel"], sources=tuple(sources), contested=contested,
                      note=str(rec.get("note") or ""), verify=bool(rec.get("verify", False)))

    def contest(self, rec, where: str, start: dt.date, end: dt.date | None) -> Contest:
        rec = self._mapping(rec, where, _CONTEST_KEYS)
        by = rec.get("by")
        if not isinstance(by, list) or not by or not all(isinstance(c, str) and _COUNTRY.match(c) for c in by):
            raise _Bad(f"contested: `by` must list the Council members' codes, such as [RUS], found {by!r}")
        c_start = _date(rec["from"], "contested from") if rec.get("from") is not None else None
        c_end = _date(rec["to"], "contested to") if rec.get("to") is not None else None
        if (c_start and c_start < start) or (c_end and end and c_end > end) or (c_start and c_end and c_end <= c_start):
            raise _Bad(f"contested from {c_start} to {c_end} is not inside its window ({start} to {end or 'open'})")
        counterparts = rec.get("with") or []
        if not all(isinstance(c, str) and _COUNTRY.match(c) for c in counterparts):
            raise _Bad(f"contested: `with` must list country codes, found {counterparts!r}")
        items = rec.get("items") or []
        unknown = [i for i in items if i not in ARMS and i != PERSONNEL]
        if unknown:
            raise _Bad(f"contested: unknown item categories {unknown} (the categories are "
                       f"{', '.join(sorted(ARMS))}, and {PERSONNEL})")
        return Contest(by=tuple(by), start=c_start, end=c_end, counterparts=tuple(counterparts),
                       items=frozenset(items), note=str(rec.get("note") or ""))


def _text(rec: dict, key: str) -> str:
    value = rec.get(key)
    if not isinstance(value, str) or not value.strip():
        raise _Bad(f"missing {key}")
    return value.strip()


def _list(rec: dict, key: str) -> list:
    value = rec.get(key)
    if not isinstance(value, list) or not value:
        raise _Bad(f"{key} must be a non-empty list")
    return value


def _date(value, what: str) -> dt.date:
    if not isinstance(value, str) or not _DATE.match(value):
        raise _Bad(f"{what} must be a day written YYYY-MM-DD, found {value!r}")
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise _Bad(f"{what} {value!r} is not a real day") from None


def _items(spec) -> tuple[frozenset[str], bool]:
    """(categories covered, whether a vague or unnamed item is covered) of `items`: all,
    {all_except: [...]}, or a list of categories."""
    if spec == "all":
        return ARMS, True
    if isinstance(spec, dict) and set(spec) == {"all_except"} and isinstance(spec["all_except"], list):
        _known(spec["all_except"])
        return ARMS - set(spec["all_except"]), True
    if isinstance(spec, list) and spec:
        _known(spec)
        return frozenset(spec), False
    raise _Bad(f"items must be all, {{all_except: [...]}} or a list of categories, found {spec!r}")


def _known(categories: list) -> None:
    unknown = [c for c in categories if c not in ARMS]
    if unknown:
        raise _Bad(f"unknown item categories {unknown} (the arms categories are {', '.join(sorted(ARMS))})")
