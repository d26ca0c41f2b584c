"""Checks of what a user types on the command line: event types, item categories, dates and
actors. Each returns the value in the form the queries take, or raises `BadValue` with a
message that says what is accepted (and, where a value is close to a valid one, which).
"""
from __future__ import annotations

import datetime as dt
import difflib
import re
import sqlite3
from functools import lru_cache

from rasd.errors import RasdError
from rasd.events.classifier.data import TYPES as EVENT_TYPES
from rasd.kb.load import KB, default_kb
from rasd.kb.match import _keys, default_matcher
from rasd.kb.validate import _CODE, ITEM_CATEGORIES
from rasd.text.normalize import norm

__all__ = ["EVENT_TYPES", "ITEM_CATEGORIES", "BadValue", "check_type", "check_item", "check_date", "resolve_actor"]

DATE_FORMS = "YYYY-MM-DD, YYYY-MM, YYYY, today, yesterday, Nd (N days ago) or Nw (N weeks ago)"
# spellings of item categories people type that SPEC spells otherwise
_ITEM_SPELLINGS = {"armor": "armour", "air_defense": "air_defence", "mlrs": "rocket_launcher",
                   "ammo": "ammunition", "shells": "ammunition", "missiles": "missile", "drones": "drone",
                   "uav": "drone", "tanks": "armour", "tank": "armour"}
_NO_ACTOR_TYPES = frozenset({"weapon", "outlet"})     # names that are not actors


class BadValue(RasdError, ValueError):
    """A value typed by the user is not one rasd accepts; the message says what is."""

    def __init__(self, message: str, *, value: str = "", suggestions: tuple[str, ...] = ()):
        super().__init__(message)
        self.value = value
        self.suggestions = suggestions


def _did_you_mean(word: str, choices) -> tuple[str, ...]:
    return tuple(difflib.get_close_matches(word, list(choices), n=3, cutoff=0.6))


def _hint(suggestions: tuple[str, ...]) -> str:
    return f" (did you mean {' or '.join(suggestions)}?)" if suggestions else ""


def check_type(value: str) -> str:
    """An event type in any case ("transfer") → its SPEC name ("TRANSFER")."""
    key = value.strip().upper()
    if key in EVENT_TYPES:
        return key
    near = _did_you_mean(key, EVENT_TYPES)
    raise BadValue(f"unknown event type {value!r}{_hint(near)}; the types are {', '.join(EVENT_TYPES)}",
                   value=value, suggestions=near)


def check_item(value: str) -> str:
    """An item category in any case, with spaces or hyphens for underscores ("Air defense",
    "rocket-launcher") → its SPEC name ("air_defence", "rocket_launcher")."""
    key = re.sub(r"[\s\-]+", "_", value.strip().lower())
    key = _ITEM_SPELLINGS.get(key, key)
    if key in ITEM_CATEGORIES:
        return key
    near = _did_you_mean(key, ITEM_CATEGORIES)
    raise BadValue(f"unknown item category {value!r}{_hint(near)}; the categories are {', '.join(ITEM_CATEGORIES)}",
                   value=value, suggestions=near)


_YEAR = re.compile(r"^(\d{4})$")
_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_DAY = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_AGO = re.compile(r"^(\d+)\s*([dw])$")


def check_date(value: str, *, end: bool | None = None, today: dt.date | None = None) -> str:
    """A date as the user writes it → an ISO date: "YYYY-MM-DD", or "YYYY-MM" / "YYYY" for a
    month or year, which the queries compare as a prefix (`since` 2024-10 is from 1 October
    on, `until` 2024-10 through 31 October). `end`: a month or year as its first day (False)
    or its last (True) instead. `today`, `yesterday`, `Nd` and `Nw` (N days or weeks ago)
    count back from `today` (default: the local date)."""
    key = value.strip().lower()
    day = today or dt.date.today()
    try:
        if key in ("today", "yesterday"):
            return (day - dt.timedelta(days=key == "yesterday")).isoformat()
        if m := _AGO.match(key):
            return (day - dt.timedelta(days=int(m[1]) * (7 if m[2] == "w" else 1))).isoformat()
        if m := _DAY.match(key):
            return dt.date(int(m[1]), int(m[2]), int(m[3])).isoformat()
        if m := _MONTH.match(key):
            first = dt.date(int(m[1]), int(m[2]), 1)
            return _span(first, _month_end(first), end, 7)
        if m := _YEAR.match(key):
            first = dt.date(int(m[1]), 1, 1)
            return _span(first, first.replace(month=12, day=31), end, 4)
    except (ValueError, OverflowError) as e:
        raise BadValue(f"{value!r} is not a date ({e}); write {DATE_FORMS}", value=value) from e
    raise BadValue(f"{value!r} is not a date rasd reads; write {DATE_FORMS}", value=value)


def _span(first: dt.date, last: dt.date, end: bool | None, width: int) -> str:
    """A month or year: as written (its first `width` characters), or its first or last day."""
    if end is None:
        return first.isoformat()[:width]
    return (last if end else first).isoformat()


def _month_end(first: dt.date) -> dt.date:
    following = (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return following - dt.timedelta(days=1)


def resolve_actor(value: str, *, db: sqlite3.Connection | None = None, extra_dirs: tuple[str, ...] = ()) -> str:
    """A country code, or a name the knowledge base links to a country, in Arabic or English and
    any case ("RUSSIA", "روسيا", "the Kremlin", "Kim Jong Un", "PRK", "prkgov") → the country
    code facts and stories are kept by ("RUS", "PRK"; "IGO" for an international body). With
    `db`, a code the store's facts or stories use is accepted too. Unknown or ambiguous names
    raise `BadValue` with the closest codes and names."""
    text = value.strip()
    kb = default_kb(tuple(extra_dirs))
    codes = _country_codes(kb)
    upper = text.upper()
    if _CODE.match(upper) and (upper[:3] in codes or _stored_code(db, upper[:3])):
        return upper[:3]                         # "RUS", or an actor code: "RUSGOV", "IGOUNO"
    found = _by_name(tuple(extra_dirs)).get(norm(text).lower()) or _by_matcher(kb, tuple(extra_dirs), text)
    if len(found) == 1:
        return next(iter(found))
    if len(found) > 1:
        options = tuple(sorted(found))
        raise BadValue(f"{value!r} names more than one actor: {', '.join(_describe(kb, c) for c in options)}; "
                       "give the code", value=value, suggestions=options)
    near = _suggest(kb, text)
    raise BadValue(f"no actor {value!r} in the knowledge base{_hint(tuple(_describe(kb, c) for c in near))}; give a "
                   "country code (RUS, PRK, IRN ...) or a name `rasd kb lookup NAME` finds", value=value,
                   suggestions=near)


def _country_codes(kb: KB) -> set[str]:
    return set(kb.countries) | {"IGO"}


def _stored_code(db: sqlite3.Connection | None, code: str) -> bool:
    if db is None:
        return False
    sql = ("SELECT EXISTS (SELECT 1 FROM story_actors WHERE actor = ?) "
           "OR EXISTS (SELECT 1 FROM facts WHERE source = ? OR target = ?)")
    return bool(db.execute(sql, (code, code, code)).fetchone()[0])


def _actor_country(ent) -> str | None:
    if ent.type in _NO_ACTOR_TYPES:
        return None
    if ent.type == "country":
        return ent.code
    if ent.type == "place" and ent.actor:
        return ent.actor[:3] if ent.actor[:3] != "IGO" else "IGO"
    return ent.country


@lru_cache(maxsize=4)
def _by_name(extra_dirs: tuple[str, ...]) -> dict[str, frozenset[str]]:
    """Every normalized name, alias and demonym → the country codes it stands for; where a name
    is a country's, the country alone (its people and places share names with it)."""
    table: dict[str, dict[str, set[str]]] = {}
    for ent in default_kb(extra_dirs).entities.values():
        code = _actor_country(ent)
        if not code:
            continue
        names = [k for k, _ in _keys(ent)] + [norm(n).lower() for n in ent.aliases_cased]
        for key in names:
            table.setdefault(key, {}).setdefault("country" if ent.type == "country" else "other", set()).add(code)
    return {k: frozenset(v.get("country") or v["other"]) for k, v in table.items()}


def _by_matcher(kb: KB, extra_dirs: tuple[str, ...], text: str) -> frozenset[str]:
    """A name with a clitic or article in front ("لروسيا", "والكرملين"), as the pipeline
    matches it: the one hit that covers the whole text but its first few letters."""
    key = norm(text).lower()
    hits = default_matcher(extra_dirs).hits(key)
    if len(hits) != 1 or hits[0].end != len(key) or hits[0].start > 4 or hits[0].pattern.target not in kb.entities:
        return frozenset()
    code = _actor_country(kb.entities[hits[0].pattern.target])
    return frozenset({code}) if code else frozenset()


def _describe(kb: KB, code: str) -> str:
    ent = kb.countries.get(code)
    return f"{code} ({ent.name_en or ent.name_ar})" if ent else code


def _suggest(kb: KB, text: str) -> tuple[str, ...]:
    """The country codes whose code or names are closest to `text`."""
    names: dict[str, str] = {}
    for code, ent in kb.countries.items():
        for n in (code, ent.name_en, ent.name_ar, *ent.aliases_en, *ent.aliases_ar):
            if n:
                names.setdefault(norm(n).lower(), code)
    out: list[str] = []
    for match in difflib.get_close_matches(norm(text).lower(), list(names), n=6, cutoff=0.6):
        if names[match] not in out:
            out.append(names[match])
    return tuple(out[:3])
