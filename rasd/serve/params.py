"""What a request may ask for, checked once for the API and the pages alike: each check
returns the value in the form `rasd.stories.queries` takes, or raises `BadParameter`
(HTTP 400) with a message saying what is accepted. The checks are the CLI's own
(`rasd.validate_args`), so `?type=transfr` gets the same "did you mean" as `--type transfr`.
"""
from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass

from rasd.errors import BadParameter
from rasd.stories.queries import FACT_ORDERS, STATUS_LABELS
from rasd.validate_args import BadValue, check_date, check_item, check_type, resolve_actor

STATUSES = tuple(STATUS_LABELS)          # asserted, denied, hedged, planned


def _checked(name: str, check: Callable[[str], str], value: str | None) -> str | None:
    if value is None or not value.strip():
        return None
    try:
        return check(value)
    except BadValue as e:
        raise BadParameter(name, str(e)) from None


def date(name: str, value: str | None) -> str | None:
    return _checked(name, check_date, value)


def event_type(value: str | None) -> str | None:
    return _checked("type", check_type, value)


def item(value: str | None) -> str | None:
    return _checked("item", check_item, value)


def actor(db: sqlite3.Connection, name: str, value: str | None) -> str | None:
    """A code or a name in Arabic or English → the country code facts are kept by."""
    return _checked(name, lambda v: resolve_actor(v, db=db), value)


def claimant(db: sqlite3.Connection, value: str | None) -> str | None:
    """As `actor`, or "outlet": the outlet's own voice, no one quoted."""
    if value is not None and value.strip().lower() == "outlet":
        return "outlet"
    return actor(db, "claimant", value)


def status(value: str | None) -> str | None:
    if value is None or not value.strip():
        return None
    key = value.strip().lower()
    if key not in STATUSES:
        raise BadParameter("status", f"unknown status {value!r}; the statuses are {', '.join(STATUSES)}")
    return key


def order(value: str | None) -> str:
    key = (value or "reports").strip().lower()
    if key not in FACT_ORDERS:
        raise BadParameter("order", f"unknown order {value!r}; give one of {', '.join(FACT_ORDERS)}")
    return key


def search(value: str | None) -> str | None:
    return value.strip() if value and value.strip() else None


@dataclass(frozen=True, slots=True)
class Page:
    limit: int
    offset: int

    def more(self, rows: list) -> tuple[list, int | None]:
        """`rows` fetched with `fetch` (one more than asked): the page, and the offset of the
        next one (None on the last page)."""
        if len(rows) > self.limit:
            return rows[:self.limit], self.offset + self.limit
        return rows, None

    @property
    def fetch(self) -> int:
        return self.limit + 1


def page(limit: int | str | None, offset: int | str | None, *, default: int, most: int) -> Page:
    """`limit` (capped at `most`, `default` when absent) and `offset`; negative or non-numeric
    values are refused."""
    def number(name: str, value, fallback: int) -> int:
        if value is None or value == "":
            return fallback
        try:
            n = int(value)
        except (TypeError, ValueError):
            raise BadParameter(name, f"{value!r} is not a whole number") from None
        if n < 0 or (name == "limit" and n == 0):
            raise BadParameter(name, f"must be {'at least 1' if name == 'limit' else '0 or more'}, not {n}")
        return n
    return Page(min(number("limit", limit, default), most), number("offset", offset, 0))


def flag(name: str, value: str | bool | None) -> bool:
    """A yes/no parameter: 1, true, yes, on (and the opposites); absent is no."""
    if value is None or isinstance(value, bool):
        return bool(value)
    key = value.strip().lower()
    if key in ("", "0", "false", "no", "off"):
        return False
    if key in ("1", "true", "yes", "on"):
        return True
    raise BadParameter(name, f"{value!r} is not yes or no (give 1 or 0)")


def fact_filters(db: sqlite3.Connection, raw: dict[str, str | None]) -> dict:
    """The facts explorer's filters, as typed in a URL, → `list_facts`' keyword arguments."""
    return {"actor": actor(db, "actor", raw.get("actor")), "source": actor(db, "source", raw.get("source")),
            "target": actor(db, "target", raw.get("target")),
            "counterpart": actor(db, "counterpart", raw.get("counterpart")), "type": event_type(raw.get("type")),
            "item": item(raw.get("item")), "status": status(raw.get("status")),
            "claimant": claimant(db, raw.get("claimant")), "contradicted": flag("contradicted", raw.get("contradicted")),
            "since": date("since", raw.get("since")), "until": date("until", raw.get("until")),
            "search": search(raw.get("q")), "order": order(raw.get("order"))}
