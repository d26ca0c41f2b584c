"""Numbers and quantities (SPEC §6) in digits of three scripts and in words.

`find_quantities(doc)` sets `doc.quantities`: each a value, an approximation
(exact, more_than, less_than, at_least, at_most, about), a unit (soldier, missile,
km2 ...; "mm" for calibres) and its span in the original text. `parse_number(text)`
gives the value of one number expression ("مائتان وأربعون" → 240, "11 ألف" → 11000).

Work happens on the normalized text; a cheap regex finds the places where a number
can start so that the token scan runs only there.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from itertools import accumulate

import yaml

from rasd.model import Document, Quantity
from rasd.text.datelines import document_datelines
from rasd.text.keywords import Hits, KeywordSet
from rasd.text.normalize import digit_runs, norm, normalize

_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+|[%$]")
_TEN = {"عشر", "عشره"}
_CALIBRE_BEFORE = re.compile(r"(?:عيار|calibre|caliber)\s*$")
_AT_LEAST_AFTER = re.compile(r"\s+(?:علي الاقل|at least)(?!\w)")
_CALIBRE_AFTER = {"ملم", "مم", "ملليمتر", "مليمتر", "mm", "ملي"}


@dataclass(frozen=True)
class Lexicon:
    units: dict[str, int]
    teens: dict[str, int]
    scales: dict[str, int]
    plurals: dict[str, int]
    approx: re.Pattern          # matches an approximation phrase at the end of a string
    approx_kind: dict[str, str]
    nouns: dict[str, str]        # one- or two-word noun → unit
    start: KeywordSet            # number words (→ length): where a number may start (with digits)
    duals: dict[str, str] = field(default_factory=dict)    # a dual noun ("منظومتين") → its unit


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    data = yaml.safe_load(resources.files("rasd.text").joinpath("numbers.yaml").read_text("utf-8"))
    units = {norm(k): v for k, v in data["units"].items()}
    teens = {norm(k): v for k, v in data["teens"].items()}
    scales = {norm(k): v for k, v in data["scales"].items()}
    plurals = {norm(k): v for k, v in data["plurals"].items()}
    approx_kind = {norm(p): kind for kind, phrases in data["approx"].items() for p in phrases}
    alts = "|".join(sorted(map(re.escape, approx_kind), key=len, reverse=True))
    approx = re.compile(rf"(?:^|[\s,(\"])[وفب]?({alts})\s*$")
    nouns = {norm(w): unit for unit, words in data["nouns"].items() for w in words}
    duals = {form: unit for unit, forms in data.get("duals", {}).items()
             for w in forms for form in (norm(w), "ال" + norm(w))}
    words = set(units) | set(scales) | set(plurals) | set(teens) | set(duals)
    return Lexicon(units, teens, scales, plurals, approx, approx_kind, nouns, KeywordSet({w: len(w) for w in words}),
                   duals)


def _plain(word: str, table: dict[str, int]) -> str | None:
    """The lexicon form of `word` with a conjunction/preposition and a tanween alef allowed."""
    for w in (word, word[1:] if word[:1] in "وبل" else None):
        if not w:
            continue
        if w in table:
            return w
        if w.endswith("ا") and w[:-1] in table:
            return w[:-1]
    return None


def _digits(tok: str) -> float | None:
    if not tok[0].isdigit():
        return None
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?", tok):
        return float(tok.replace(",", ""))
    try:
        return float(tok.replace(",", "."))
    except ValueError:
        return None


@dataclass
class _Parse:
    value: float
    end_token: int        # index after the last token used
    plural: bool          # a bare plural of magnitude (a lower bound)
    unit: str | None = None   # a dual noun's own unit ("منظومتين": two systems)


def _round(x: float) -> bool:
    """A number that a smaller one can be added to in words: 1000, 300, 20 (not 2014)."""
    if x <= 0 or not float(x).is_integer():
        return False
    x = int(x)
    while x % 10 == 0:
        x //= 10
    return x < 10


def _parse_tokens(toks: list[str], i: int, lex: Lexicon) -> _Parse | None:
    """Parse one number expression starting at toks[i]."""
    total, current, used, plural = 0.0, 0.0, i, False
    j = i
    joined = False   # the last word was joined with و, so a number word must follow
    if j + 1 < len(toks) and toks[j] in ("ب", "و", "ل") and toks[j + 1][:1].isdigit():
        j = used = i = j + 1    # "بـ11 ألفاً": the clitic is split from the digits
    if i < len(toks) and toks[i][:1] in "وب" and toks[i][1:] in lex.duals:
        return _Parse(2.0, i + 1, False, lex.duals[toks[i][1:]])
    if i < len(toks) and toks[i] in lex.duals:
        return _Parse(2.0, i + 1, False, lex.duals[toks[i]])
    while j < len(toks):
        tok = toks[j]
        if tok == "و" and used > i:      # "مائتان و أربعون", "ألف و500"
            joined = True
            j += 1
            continue
        d = _digits(tok)
        if d is not None:
            if used > i and not joined:
                break
            if joined and not (total + current > d and _round(total + current)):
                j -= 1      # "بين عامي 2014 و2017": two numbers; "ألف و500": one
                break
            current += d
            j += 1; used = j; joined = False
            continue
        # teens: "احد عشر"
        if j + 1 < len(toks) and toks[j + 1] in _TEN and _plain(tok, lex.teens):
            current += lex.teens[_plain(tok, lex.teens)]
            j += 2; used = j; joined = False
            continue
        u = _plain(tok, lex.units)
        if u is not None and lex.units[u] == 100 and 0 < current < 10 and not joined:
            current *= 100          # "ثلاث مئة" written as two words
            j += 1; used = j
            continue
        if u is not None and (used == i or joined or tok.startswith("و")):
            current += lex.units[u]
            j += 1; used = j; joined = False
            continue
        s = _plain(tok, lex.scales)
        if s is not None and not (s in lex.plurals and used == i):
            current = (current or 1) * lex.scales[s]
            total += current
            current = 0
            j += 1; used = j; joined = False
            continue
        p = _plain(tok, lex.plurals)
        if p is not None and used == i:
            # عشرات الآلاف, مئات الملايين: a plural of magnitude of a plural of magnitude
            value = lex.plurals[p]
            j += 1
            if j < len(toks) and toks[j].startswith("ال") and toks[j][2:] in lex.plurals:
                value *= lex.plurals[toks[j][2:]]
                j += 1
            total, used, plural = value, j, True
            break
        break
    if used == i:
        return None
    return _Parse(total + current, used, plural)


def parse_number(text: str) -> float | None:
    """The value of the number expression at the start of `text`, or None."""
    toks = _TOKEN.findall(normalize(text).text)
    if not toks:
        return None
    p = _parse_tokens(toks, 0, lexicon())
    return p.value if p else None


def _unit(toks: list[str], lex: Lexicon) -> tuple[str | None, int]:
    """The unit of the noun(s) at the start of `toks` and how many tokens it takes."""
    k = 0
    if toks[:1] in (["من"], ["of"]):  # "الآلاف من الجنود", "thousands of troops"
        k = 1
    def bare(w: str) -> str:
        w = w[2:] if w.startswith("ال") and len(w) > 4 else w
        return w[:-1] if w.endswith("ا") and w[:-1] in lex.nouns else w
    if len(toks) >= k + 2:
        if toks[k] in ("كم", "km", "كلم") and toks[k + 1] == "2":
            return "km2", k + 2
        for two in (toks[k] + " " + toks[k + 1], bare(toks[k]) + " " + toks[k + 1],
                    bare(toks[k]) + " " + bare(toks[k + 1])):
            if two in lex.nouns:
                return lex.nouns[two], k + 2
    if len(toks) >= k + 1:
        one = bare(toks[k])
        if one in lex.nouns:
            return lex.nouns[one], k + 1
        if toks[k] in lex.nouns:
            return lex.nouns[toks[k]], k + 1
    return None, 0


_CLITIC = frozenset("وبل")


def _starts(ntext: str, lex: Lexicon, digits: list[tuple[int, int]] | None = None,
            words: Hits | None = None) -> list[int]:
    """Offsets where a number may start: a digit run, or a number word at a word start
    (a clitic و ب ل may precede it). `digits`, `words`: the digit runs and number-word hits
    of `ntext` when known."""
    found = {s for s, _ in (digit_runs(ntext) if digits is None else digits)}
    n = len(ntext)
    for last, size in lex.start.scan(ntext) if words is None else words:
        start, end = last + 1 - size, last + 1
        ws = start - 1 if start > 0 and ntext[start - 1] in _CLITIC else start
        if ws > 0 and ntext[ws - 1].isalnum():
            continue
        tail = end
        while tail < n and ntext[tail].isalnum() and tail - end < 3:
            tail += 1
        if tail < n and ntext[tail].isalnum() or ntext[end:tail] not in ("", "ا", "ان", "ين"):
            continue
        found.add(ws)
    return sorted(found)


def quantities_in(ntext: str, *, skip: list[tuple[int, int]] = (), digits: list[tuple[int, int]] | None = None,
                  words: Hits | None = None) -> list[tuple[int, int, float, str | None, str]]:
    """(start, end, value, unit, approx) in normalized text; `skip` are normalized spans to ignore
    (dates); `digits`, `words`: the digit runs and number-word hits of `ntext` when the caller
    has them."""
    lex = lexicon()
    out = []
    pos = 0
    # Is a start inside a skipped span (a <= start < b for some)? By bisection, not a scan of
    # every span per candidate: of the spans from a <= start, the furthest end must pass it.
    skipped = sorted(skip)
    skip_starts = [a for a, _ in skipped]
    skip_reach = list(accumulate((b for _, b in skipped), max))
    for start in _starts(ntext, lex, digits, words):
        if start < pos:
            continue
        k = bisect_right(skip_starts, start)
        if k and skip_reach[k - 1] > start:
            continue
        if _DESIGNATION.search(ntext, max(0, start - 3), start) or _DESIGNATION_AFTER.match(ntext, start) \
                or _DESIGNATION_AR.search(ntext, max(0, start - 6), start):
            continue    # "Shahed-136", "AIM-120C", "إف-16", "F16": a model, not a count
        window = ntext[start:start + 90]
        spans = [(t.start() + start, t.end() + start, t.group()) for t in _TOKEN.finditer(window)]
        toks = [t for _, _, t in spans]
        parsed = _parse_tokens(toks, 0, lex) if toks else None
        if parsed is None:
            continue
        end = spans[parsed.end_token - 1][1]
        rest = toks[parsed.end_token:]
        unit, used = (parsed.unit, 0) if parsed.unit else _unit(rest, lex) if rest else (None, 0)
        if rest and rest[0] in _CALIBRE_AFTER or _CALIBRE_BEFORE.search(ntext[max(0, start - 12):start]):
            unit, used = "mm", (1 if rest and rest[0] in _CALIBRE_AFTER else 0)
        if used:
            end = spans[parsed.end_token + used - 1][1]
        value = parsed.value
        if unit is None and ntext[max(0, start - 2):start].strip() == "$":
            unit = "usd"      # "$250 million"
        is_year = (unit is None and value.is_integer() and 1900 <= value <= 2100
                   and re.fullmatch(r"\d{4}", toks[0] or ""))
        if is_year:
            pos = end
            continue
        approx = "at_least" if parsed.plural else "exact"
        if _AT_LEAST_AFTER.match(ntext, end):       # "20 جنديا على الأقل"
            approx = "at_least"
        a = lex.approx.search(ntext, max(0, start - 30), start)
        qstart = start
        if a:
            approx = lex.approx_kind[a.group(1)]
            qstart = a.start(1)
        out.append((qstart, end, value, unit, approx))
        pos = end
    return out


# A number glued to a name by a hyphen ("Shahed-136", "فتح-360", "S-400") or to letters ("F16",
# "120C") names a model; so does one right after "طراز"/"model" letters ("إف 16").
_DESIGNATION = re.compile(r"[a-z]-?$|[^\W\d_]\s?-\s?$")    # (an Arabic letter glued before digits is a clitic: "بـ11")
_DESIGNATION_AFTER = re.compile(r"\d+[^\W\d_]")
# Latin model letters spelled in Arabic before the number: "رافال إف 4", "ميغ 29", "تي 72", "إس 400"
_DESIGNATION_AR = re.compile(r"(?<!\w)(?:اف|ميغ|ميج|سو|تي|اس|بي|ام|جي)\s?$")


def find_quantities(doc: Document) -> Document:
    """Stage: set `doc.quantities` (needs the normalized text and dates)."""
    n = doc.norm
    skip = [(n.from_orig(d.start), n.from_orig(d.end)) for d in doc.dates]
    skip += [(n.from_orig(a), n.from_orig(b)) for a, b in document_datelines(doc)]   # "TAIPEI, Oct 26 (Reuters) -"
    found = []
    for s, e, value, unit, approx in quantities_in(n.text, skip=skip, digits=n.digit_runs(),
                                                   words=lexicon().start.hits(n)):
        a, b = n.span_to_orig(s, e)
        q = Quantity(a, b, value, unit, approx, doc.text[a:b])
        if doc.is_removed(q):
            continue
        found.append(q)
    doc.quantities = found
    return doc
