"""Dates (SPEC §6): explicit, relative to the publication date, and Hijri.

`find_dates(doc)` sets `doc.dates`, each resolved to `YYYY-MM-DD`, `YYYY-MM` or `YYYY`
with its precision. Relative expressions (الاثنين، أمس، الشهر الماضي، تموز الماضي) are
resolved against the publication date of the part they stand in; a "read also" part
takes the latest full date written inside it as its own publication date.
`find_published(text)` finds a dateline (تاريخ النشر: 6th, November 2024) for pages
that come without metadata.

dateparser was measured and not used: it knows neither the Levantine months paired
with the Egyptian ones ("تشرين الأول/ أكتوبر") nor "مساء الاثنين", and costs ~1 ms a call.
"""
from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_left, bisect_right
from itertools import accumulate
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources

import yaml
from hijridate import Hijri

from rasd.model import DateExpr, Document
from rasd.text.keywords import Hits, KeywordSet
from rasd.text.normalize import digit_runs, normalize, norm

_AMBIGUOUS_MONTHS = {"مارس", "اب", "ماي", "may", "mar", "jan", "feb", "apr", "jun", "jul", "aug", "sep",
                     "sept", "oct", "nov", "dec"}
_MONTH_CONTEXT = re.compile(r"(?:في|شهر|منذ|خلال|مطلع|نهايه|اواخر|اوائل|بدايه|منتصف|حتى|in|since|by|until|early|late)\s*$")


def _alts(words) -> str:
    return "|".join(sorted({re.escape(w) for w in words}, key=len, reverse=True))


@dataclass(frozen=True)
class Lexicon:
    starts: KeywordSet                  # first words of every date expression (→ length): where a match may begin
    month: dict[str, int]
    hijri: dict[str, int]
    weekday: dict[str, int]
    rel: dict[str, tuple[str, int]]     # phrase -> (unit, offset): unit in day, week, month, year
    past: frozenset[str]
    nxt: frozenset[str]
    current: frozenset[str]             # "مارس الجاري": the month alone
    ordinal: dict[str, int]             # "الرابع عشر" -> 14
    pattern: re.Pattern
    year_before: re.Pattern             # what must stand before a bare year ("منذ 2022")
    future: re.Pattern                  # a future marker before a weekday, in the same clause


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    data = yaml.safe_load(resources.files("rasd.text").joinpath("dates.yaml").read_text("utf-8"))
    month = {norm(w).lower(): int(m) for m, ws in data["months"].items() for w in ws}
    hijri = {norm(w): int(m) for m, ws in data["hijri_months"].items() for w in ws}
    weekday = {norm(w).lower(): int(d) for d, ws in data["weekdays"].items() for w in ws}
    rel = {}
    for unit in ("days", "weeks", "months", "years"):
        for off, ws in data[f"relative_{unit}"].items():
            for w in ws:
                rel[norm(w).lower()] = (unit[:-1], int(off))
    past, nxt = frozenset(map(norm, data["past_markers"])), frozenset(map(norm, data["next_markers"]))
    current = frozenset(map(norm, data["current_markers"]))
    ordinal = {norm(w): int(d) for d, ws in data["day_ordinals"].items() for w in ws}
    M = f"(?:{_alts(month)})"
    pair = rf"{M}(?:\s*[/\\\-]\s*{M}|\s*\(\s*{M}\s*\))?"
    marker = f"(?:{_alts(past | nxt | current)})"
    year_d = r"(?:(?:من\s+)?(?:عام|سنه|العام)\s+)?(?P<dy>\d{4})"
    year_y = r"(?:(?:من\s+)?(?:عام|سنه|العام)\s+)?(?P<yy>\d{4})"
    year_o = r"(?:(?:من\s+)?(?:عام|سنه|العام)\s+)?(?P<oy>\d{4})"
    pattern = re.compile(
        r"(?<!\w)(?:"
        r"(?P<iso>(?P<iy>\d{4})-(?P<im>\d{2})-(?P<id>\d{2}))"
        r"|(?P<num>(?P<nd>\d{1,2})[/.](?P<nm>\d{1,2})[/.](?P<ny>\d{4}))"
        rf"|(?P<hijri>(?P<hd>\d{{1,2}})\s+(?P<hm>{_alts(hijri)})\s+(?P<hy>\d{{4}})\s*(?:هـ|ه(?!\w))?)"
        rf"|(?P<dmy>(?P<dd>\d{{1,2}})(?:st|nd|rd|th)?\s*,?\s*(?:من\s+|of\s+)?(?:شهر\s+)?(?P<dm>{pair})"
        rf"(?:\s*,?\s*{year_d})?(?:\s+(?P<dmark>{marker}))?)"
        rf"|(?P<odm>(?P<od>{_alts(ordinal)})\s+(?:من\s+)?(?:شهر\s+)?(?P<om>{pair})"
        rf"(?:\s*,?\s*{year_o})?(?:\s+(?P<omark>{marker}))?)"
        rf"|(?P<mdy>(?P<mm>{pair})\.?\s+(?P<md>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(?P<myr>\d{{4}}))?)"
        rf"|(?P<my>(?:شهر\s+)?(?P<ym>{pair})(?:\s*,?\s*{year_y})?(?:\s+(?P<ymark>{marker}))?)"
        rf"|(?P<rel>{_alts(rel)})"
        rf"|(?P<wd>(?:(?:يوم|مساء|صباح|ليله|ليل|فجر|ظهر|عصر|ظهيره|last|next|this)\s+)?[وف]?(?P<wdn>{_alts(weekday)})"
        rf"(?:\s+(?P<wmark>{marker}))?)"
        r"|(?P<year>(?:عام|سنه|العام|بحلول عام|منذ عام|in)\s+(?P<yr>\d{4}))"
        r"|(?P<bare>(?:19|20)\d\d)"
        r")(?!\w)",
    )   # no IGNORECASE: normalized text is already lower-case Latin (and "ſ".lower() is "ſ")
    # Where a match may begin: the first word of a month or weekday (a day or "شهر" may precede
    # it, so the words after vary), a relative phrase whole ("في وقت سابق من هذا الشهر": its
    # first word alone, "في", would make every "في" a candidate).
    firsts = {w.split()[0] for w in list(month) + list(hijri) + list(weekday) + list(ordinal)} | set(rel)
    firsts |= {"يوم", "مساء", "صباح", "ليله", "ليل", "فجر", "ظهر", "عصر", "ظهيره", "شهر", "عام", "سنه",
               "العام", "بحلول", "منذ", "in", "last", "next", "this"}
    year_before = re.compile(rf"(?<!\w)(?:{_alts(norm(w).lower() for w in data['year_prepositions'])})\s+$")
    # the marker, then no clause break up to the weekday ("will meet on Thursday", not "will
    # retaliate, he said on Thursday")
    future = re.compile(rf"(?<!\w)(?:{_alts(norm(w).lower() for w in data['future_markers'])})(?!\w)[^.,،;؛:!?\n]*$")
    return Lexicon(KeywordSet({w: len(w) for w in firsts}), month, hijri, weekday, rel, past, nxt, current, ordinal,
                   pattern, year_before, future)


def _month_of(pair: str, lex: Lexicon) -> int | None:
    for name in sorted(lex.month, key=len, reverse=True):
        if pair.lower().startswith(name):
            return lex.month[name]
    return None


def _latest_month(month: int, pub: dt.date, *, strictly_before: bool = False) -> tuple[int, int]:
    year = pub.year if (month < pub.month or (month == pub.month and not strictly_before)) else pub.year - 1
    return year, month


def _add_months(year: int, month: int, k: int) -> tuple[int, int]:
    n = year * 12 + (month - 1) + k
    return n // 12, n % 12 + 1


def _safe_date(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


@dataclass(slots=True, unsafe_hash=True)
class Found:
    start: int      # normalized offsets
    end: int
    value: str
    precision: str
    explicit: bool  # needs no publication date


def _resolve(m: re.Match, pub: dt.date | None, lex: Lexicon, ntext: str) -> Found | None:
    g = m.group
    kind = m.lastgroup
    s, e = m.start(), m.end()
    if kind == "iso":
        d = _safe_date(int(g("iy")), int(g("im")), int(g("id")))
        return Found(s, e, d.isoformat(), "day", True) if d else None
    if kind == "num":
        d = _safe_date(int(g("ny")), int(g("nm")), int(g("nd")))
        return Found(s, e, d.isoformat(), "day", True) if d else None
    if kind == "hijri":
        try:
            d = Hijri(int(g("hy")), lex.hijri[g("hm")], int(g("hd"))).to_gregorian()
        except (ValueError, OverflowError, KeyError):
            return None
        return Found(s, e, dt.date(d.year, d.month, d.day).isoformat(), "day", True)
    if kind in ("dmy", "odm"):
        if kind == "dmy":
            day, month, year, marker = int(g("dd")), _month_of(g("dm"), lex), g("dy"), g("dmark")
        else:
            day, month, year, marker = lex.ordinal[g("od")], _month_of(g("om"), lex), g("oy"), g("omark")
        current = marker in lex.current
        if current:
            marker = None
        if year:
            d = _safe_date(int(year), month, day)
            return Found(s, e, d.isoformat(), "day", True) if d else None
        if pub is None:
            return None
        y, mo = _latest_month(month, pub, strictly_before=bool(marker and marker in lex.past))
        if (y, mo) == (pub.year, pub.month) and day > pub.day and not marker and not current:
            y -= 1      # "في 20 نوفمبر" written on 6 November: last year's (but "20 نوفمبر الجاري" is to come)
        d = _safe_date(y, mo, day)
        return Found(s, e, d.isoformat(), "day", False) if d else None
    if kind == "mdy":      # "March 14, 2024"; "Nov 20", "Oct. 17" (a wire's dateline) without a year
        month, day = _month_of(g("mm"), lex), int(g("md"))
        if g("myr"):
            d = _safe_date(int(g("myr")), month, day)
            return Found(s, e, d.isoformat(), "day", True) if d else None
        if pub is None:
            return None
        y, mo = _latest_month(month, pub)
        if (y, mo) == (pub.year, pub.month) and day > pub.day:
            y -= 1
        d = _safe_date(y, mo, day)
        return Found(s, e, d.isoformat(), "day", False) if d else None
    if kind == "my":
        pair, year, marker = g("ym"), g("yy"), g("ymark")
        month = _month_of(pair, lex)
        first = pair.split()[0].lower() if pair.split() else ""
        current = marker in lex.current
        if current:
            marker = None
        if not year and not marker and not current and ("/" not in pair and "\\" not in pair and "(" not in pair) \
                and (first in _AMBIGUOUS_MONTHS or pair.lower() in _AMBIGUOUS_MONTHS) \
                and not _MONTH_CONTEXT.search(ntext[max(0, s - 12):s]):
            return None
        if year:
            return Found(s, e, f"{int(year):04d}-{month:02d}", "month", True)
        if pub is None:
            return None
        if marker and marker in lex.nxt:
            y, mo = pub.year if month > pub.month else pub.year + 1, month
        else:
            y, mo = _latest_month(month, pub, strictly_before=bool(marker))
        return Found(s, e, f"{y:04d}-{mo:02d}", "month", False)
    if kind == "rel":
        if pub is None:
            return None
        unit, off = lex.rel[g("rel").lower()]
        if unit == "day":
            return Found(s, e, (pub + dt.timedelta(days=off)).isoformat(), "day", False)
        if unit == "week":
            d = pub + dt.timedelta(days=7 * off)
            return Found(s, e, f"{d.year:04d}-{d.month:02d}", "month", False)
        if unit == "month":
            y, mo = _add_months(pub.year, pub.month, off)
            return Found(s, e, f"{y:04d}-{mo:02d}", "month", False)
        return Found(s, e, f"{pub.year + off:04d}", "year", False)
    if kind == "wd":
        if pub is None:
            return None
        wd = lex.weekday[g("wdn").lower()]
        back = (pub.weekday() - wd) % 7
        mark = (g("wmark") or "").lower()
        if mark in lex.nxt or g(0).startswith("next"):
            d = pub + dt.timedelta(days=(wd - pub.weekday()) % 7 or 7)   # "الخميس المقبل": the coming one
        elif not mark and not g(0).startswith(("last", "this")) and lex.future.search(ntext, max(0, s - 60), s):
            d = pub + dt.timedelta(days=(wd - pub.weekday()) % 7)        # "will meet on Thursday"
        else:
            if back == 0 and (mark in lex.past or g(0).startswith("last")):
                back = 7        # "الخميس الماضي" written on a Thursday: a week before
            d = pub - dt.timedelta(days=back)
        return Found(s, e, d.isoformat(), "day", False)
    if kind == "year":
        return Found(s, e, g("yr"), "year", True)
    if kind == "bare" and lex.year_before.search(ntext, max(0, s - 16), s):
        return Found(s, e, g("bare"), "year", True)
    return None


def _matches(ntext: str, lex: Lexicon, pos: int = 0, endpos: int | None = None,
             digits: list[tuple[int, int]] | None = None, words: Hits | None = None):
    """The date regex tried only where a date can begin (a digit or a date word), not at every
    word: the same matches as `pattern.finditer`, several times faster. `digits` and `words`:
    the digit runs and date-word hits of the whole of `ntext` when the caller has them."""
    endpos = len(ntext) if endpos is None else endpos
    digits = digit_runs(ntext) if digits is None else digits
    if words is None:
        words = lex.starts.scan(ntext, pos, endpos)
    else:
        words = [(last, size) for last, size in words if last < endpos and last + 1 - size >= pos]
    runs = [s for s, _ in digits[bisect_left(digits, (pos,)):bisect_left(digits, (endpos,))]]
    # a number that is not glued to a word or a decimal point: "2024", not "F16" or the 5 of "1.5"
    cands = {s for s in runs if s == 0 or not (ntext[s - 1].isalnum() or ntext[s - 1] in "._")}
    for last, size in words:
        start = last + 1 - size
        ws = start - 1 if start > 0 and ntext[start - 1] in "وف" else start
        if ws == 0 or not ntext[ws - 1].isalnum():
            cands.add(ws)
            cands.add(start)
    last_end = -1
    for c in sorted(cands):
        if c < last_end:
            continue
        m = lex.pattern.match(ntext, c, endpos)
        if m:
            last_end = m.end()
            yield m


def dates_in(ntext: str, pub: dt.date | None) -> list[Found]:
    lex = lexicon()
    out: list[Found] = []
    for m in _matches(ntext, lex):
        f = _resolve(m, pub, lex, ntext)
        if f is not None:
            out.append(_of_the_same_year(f, out[-1] if out else None, ntext))
    return with_context_dates(out, ntext, pub)


# Times named by reference to a date given before: "واتهمت بيشكيك حينها …" (then), "a treaty the two
# signed that month", "في الشهر نفسه"; and seasons: "منذ الخريف الماضي", "last summer".
_THEN = re.compile(r"(?<!\w)(?:(?P<then>حينها|حينذاك|انذاك|وقتها|في\s+ذلك\s+الوقت|at\s+the\s+time|(?:في\s+)?ذلك\s+اليوم"
                   r"|(?:في\s+)?اليوم\s+(?:نفسه|ذاته)|(?:on\s+)?(?:that|the\s+same)\s+day)"
                   r"|(?P<month>(?:في\s+)?(?:الشهر\s+(?:نفسه|ذاته)|نفس\s+الشهر)|(?:that|the\s+same)\s+month))(?!\w)",
                   re.IGNORECASE)
_LAST_SEASON = re.compile(r"(?<!\w)(?:ال)?(?P<ar>خريف|صيف|ربيع)\s+(?:الماضي|المنصرم|الفائت)(?!\w)"
                          r"|(?<!\w)last\s+(?P<en>autumn|fall|summer|spring)(?!\w)", re.IGNORECASE)
_THEN_WORDS = ("حينها", "حينذاك", "انذاك", "وقتها", "ذلك الوقت", "ذلك اليوم", "الشهر نفس", "الشهر ذات", "نفس الشهر",
               "اليوم نفس", "اليوم ذات", "that month", "same month", "that day", "same day", "the time", "That day",
               "The same", "At the time")
_SEASON_WORDS = ("خريف", "صيف", "ربيع", "last", "Last")
_SEASON_END = {"خريف": 11, "autumn": 11, "fall": 11, "صيف": 8, "summer": 8, "ربيع": 5, "spring": 5}


def with_context_dates(found: list[Found], ntext: str, pub: dt.date | None, start: int = 0,
                       end: int | None = None) -> list[Found]:
    """`found` (the dates of ntext[start:end], in order) with the times that refer back to
    one of them ("حينها", "that month": the date named last before, within a few sentences)
    and last season's year ("الخريف الماضي" in a January article: the year before)."""
    end = len(ntext) if end is None else end
    part = ntext[start:end]
    then = any(w in part for w in _THEN_WORDS)       # (a substring test first: the regexes scan slowly)
    season = pub is not None and any(w in part for w in _SEASON_WORDS)
    if not then and not season:
        return found
    extra = []
    ends = list(accumulate((f.end for f in found), max))     # found is in order of start: by bisection
    for m in (_THEN.finditer(ntext, start, end) if then else ()):
        k = bisect_right(ends, m.start())
        prev = found[k - 1] if k else None
        if prev is None or m.start() - prev.end > 600:
            continue
        if m.group("month"):
            if prev.precision in ("day", "month"):
                extra.append(Found(m.start(), m.end(), prev.value[:7], "month", False))
        else:
            extra.append(Found(m.start(), m.end(), prev.value, prev.precision, False))
    if season:
        for m in _LAST_SEASON.finditer(ntext, start, end):
            last = _SEASON_END[(m.group("ar") or m.group("en")).lower()]
            extra.append(Found(m.start(), m.end(), str(pub.year if pub.month > last else pub.year - 1), "year", False))
    if not extra:
        return found
    # a reference replaces the date inside it ("ذلك اليوم" is not today, "اليوم"); a season or
    # "then" that overlaps a date found is left out
    extra.sort(key=lambda x: x.start)
    kept = [f for f in found if not _inside_any(f, extra)]
    extra = [x for x in extra if not _overlaps_any(x, kept)]
    return sorted(kept + extra, key=lambda f: f.start)


def _inside_any(f: Found, spans: list[Found]) -> bool:
    """Is `f` within one of `spans` (sorted by start, not overlapping one another)?"""
    k = bisect_right(spans, f.start, key=lambda x: x.start)
    return bool(k) and f.end <= spans[k - 1].end


def _overlaps_any(x: Found, spans: list[Found]) -> bool:
    """Does `x` overlap one of `spans` (sorted by start, not overlapping one another)?"""
    k = bisect_right(spans, x.start, key=lambda f: f.start)
    return any(a.start < x.end and x.start < a.end for a in spans[max(0, k - 1):k + 1])


# "في مايو/أيار من العام نفسه", "in May of the same year", "later that year"
_SAME_YEAR = re.compile(r"\s*(?:من\s+)?(?:(?:العام|السنه)\s+(?:نفسه|نفسها|ذاته|ذاتها)|نفس\s+(?:العام|السنه))(?!\w)"
                        r"|\s*(?:of\s+)?(?:the\s+same\s+year|that\s+year)(?!\w)", re.IGNORECASE)


def _of_the_same_year(f: Found, before: Found | None, ntext: str) -> Found:
    """A month "of the same year" takes the year of the date named before it (within a few
    sentences), not the publication's: "وقّعا الاتفاقية في مارس 2021، وأجريا تدريباً في مايو من
    العام نفسه" is May 2021."""
    if f.precision != "month" or f.explicit or before is None or f.start - before.end > 400:
        return f
    m = _SAME_YEAR.match(ntext, f.end)
    if m is None:
        return f
    return Found(f.start, m.end(), before.value[:4] + f.value[4:7], "month", True)


def _pub(value: str | None) -> dt.date | None:
    # A Document built by API users may carry any value here (JSON "published": 7): a value
    # that is not a YYYY-MM-DD string is no publication date, not an error.
    if not value or not isinstance(value, str):
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def find_dates(doc: Document) -> Document:
    """Stage: set `doc.dates` (needs normalized text and parts); dates parts after the first."""
    n = doc.norm
    found: list[DateExpr] = []
    lex = lexicon()
    ntext, digits, words = n.text, n.digit_runs(), lex.starts.hits(n)
    # The date words by the offset of their last character (the order the scan gives them in),
    # so that each part takes its own by bisection: filtering all of them for each part, and
    # copying the text up to each part's end, was quadratic in a page of many parts.
    lasts = [last for last, _ in words]
    if not all(a <= b for a, b in zip(lasts, lasts[1:])):
        lasts = None
    for part in doc.parts or []:
        ns, ne = n.from_orig(part.start), n.from_orig(part.end)
        pub = _pub(doc.published)
        if part.number > 1:
            explicit = [f for f in dates_in(ntext[ns:ne], None) if f.explicit and f.precision == "day"]
            latest = max((f.value for f in explicit), default=None)
            if latest and (not doc.published or latest >= doc.published):
                pub = _pub(latest)
                doc.parts[part.number - 1] = replace(part, published=latest)
        # A word that ends before the part starts cannot start in it: `_matches` keeps the
        # ones in [ns, ne) of what is left; the regex sees the text as if it ended at `ne`.
        mine = words if lasts is None else words[bisect_left(lasts, ns):bisect_left(lasts, ne)]
        mine_found: list[Found] = []
        for m in _matches(ntext, lex, ns, ne, digits=digits, words=mine):
            f = _resolve(m, pub, lex, ntext)
            if f is not None:
                mine_found.append(_of_the_same_year(f, mine_found[-1] if mine_found else None, ntext))
        for f in with_context_dates(mine_found, ntext, pub, ns, ne):
            a, b = n.span_to_orig(f.start, f.end)
            d = DateExpr(a, b, f.value, f.precision, doc.text[a:b])
            if not doc.is_removed(d):
                found.append(d)
    doc.dates = found
    return doc


_DATELINE = re.compile(r"(?:تاريخ النشر|نشر في|نشر بتاريخ|published|posted|تاريخ)\s*:?\s*")


def find_published(text: str) -> str | None:
    """A publication date written near the top of a page, e.g. "تاريخ النشر: 6th, November 2024"."""
    head = normalize("\n".join(text.splitlines()[:12])).text
    for m in _DATELINE.finditer(head):
        for f in dates_in(head[m.end():m.end() + 60], None):
            if f.explicit and f.precision == "day" and f.start < 20:   # "الأربعاء 6 نوفمبر 2024"
                return f.value
    return None
