"""Arabic normalization for matching, with a map back to the original offsets.

The original text is never changed: `normalize(text)` returns a `Normalized` whose
`text` is for matching only and whose `to_orig` maps any span found in it back to the
exact original span.

Speed matters (every stage runs on it), so one-to-one substitutions, which keep
offsets, are a chain of `str.replace` over the characters present, and the characters
to drop (diacritics, tatweel, invisible controls, extra spaces) are found from one
character-class scan. Line
breaks are kept, so normalized lines correspond one to one to original lines. The
offset map is piecewise constant between drops and stored as breakpoints.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

import numpy as np

# One-to-one substitutions: the normalized text has the same length before drops.
_SUBST = {
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ٲ": "ا", "ٳ": "ا",
    "ى": "ي", "ی": "ي", "ې": "ي", "ئ": "ي",
    "ة": "ه", "ۀ": "ه", "ە": "ه", "ھ": "ه", "ۃ": "ه",
    "ؤ": "و",
    "ک": "ك", "ڪ": "ك",
    "گ": "ك",
    "٫": ".", "٬": ",", "،": ",", "؛": ";", "؟": "?", "٪": "%",
    "“": '"', "”": '"', "„": '"', "‟": '"', "″": '"', "«": '"', "»": '"',
    "‘": "'", "’": "'", "‚": "'", "‛": "'", "′": "'",
    "–": "-", "—": "-", "‐": "-", "‑": "-", "−": "-",
    "\u00a0": " ", "\t": " ", "\r": " ", "\u2028": " ", "\u2029": " ",
    "\u2002": " ", "\u2003": " ", "\u2009": " ", "\u202f": " ", "\u3000": " ", "\x0b": " ", "\x0c": " ",
}
for _i in range(10):
    _SUBST[chr(0x0660 + _i)] = str(_i)   # Arabic-Indic digits
    _SUBST[chr(0x06F0 + _i)] = str(_i)   # Persian digits
for _c in range(ord("A"), ord("Z") + 1):
    _SUBST[chr(_c)] = chr(_c + 32)
_TABLE = str.maketrans(_SUBST)
# str.translate walks every character through a dict; a chain of str.replace over the few
# characters present is ~10x faster on Arabic text.
_PAIRS = tuple(_SUBST.items())


def _substitute(text: str) -> str:
    for k, v in _PAIRS:
        if k in text:
            text = text.replace(k, v)
    return text

# Dropped: harakat and Quranic marks, superscript alef, tatweel, zero-width and bidi
# controls, BOM, soft hyphen; and every space after the first in a run.
_D = "\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff\u00ad"
_MARKS = re.compile(f"[{_D}]+")
_BLOCK = re.compile(f"[ {_D}]+")
_BLOCK_CHARS = frozenset(" " + re.sub(r"(.)-(.)", lambda m: "".join(map(chr, range(ord(m[1]), ord(m[2]) + 1))), _D))


def _drops(text: str) -> list[tuple[int, int]]:
    """Spans to drop: in every run of spaces and dropped characters, the dropped characters
    and every space after the first. Runs are found from their marks and double spaces
    (a character-class scan and str.find): a regex that looks behind for a space at every
    position scans ~10x slower."""
    seeds = [m.start() for m in _MARKS.finditer(text)]
    i = text.find("  ")
    while i >= 0:
        seeds.append(i)
        i = text.find("  ", i + 2)
    if not seeds:
        return []
    seeds.sort()
    spans: list[tuple[int, int]] = []
    done = -1
    for seed in seeds:
        if seed < done:
            continue                    # in the run already handled
        start = seed
        while start > 0 and text[start - 1] in _BLOCK_CHARS:
            start -= 1
        end = _BLOCK.match(text, seed).end()
        space = text.find(" ", start, end)
        if space < 0:
            spans.append((start, end))
        else:
            if space > start:
                spans.append((start, space))      # marks before the run's first space
            if space + 1 < end:
                spans.append((space + 1, end))
        done = end
    return spans


_DIGIT_RUN = re.compile(r"\d+")


@dataclass(frozen=True, slots=True)
class Normalized:
    """Normalized text plus the breakpoints that map it back to the original."""
    text: str
    original_length: int
    _breaks: tuple[int, ...] = ()   # normalized offsets where the shift changes
    _shifts: tuple[int, ...] = ()   # original - normalized offset from that break on
    _orig_breaks: tuple[int, ...] = ()
    # What later stages derive from the text once per document: digit runs, keyword hits.
    memo: dict = field(default_factory=dict, compare=False, repr=False)

    def digit_runs(self) -> list[tuple[int, int]]:
        """`digit_runs` of the normalized text, scanned once and kept (dates and numbers both
        start from them)."""
        got = self.memo.get("digits")
        if got is None:
            got = self.memo["digits"] = digit_runs(self.text)
        return got

    def has_drops(self) -> bool:
        """True when characters were dropped: offsets differ from the original's."""
        return bool(self._breaks)

    def drops(self) -> list[tuple[int, int, int]]:
        """(normalized offset, original start, original end) of every run of dropped characters."""
        prev = (0,) + self._shifts[:-1]
        return [(b, b + p, b + s) for b, p, s in zip(self._breaks, prev, self._shifts)]

    def to_orig(self, offset: int) -> int:
        """Original offset of the character at normalized `offset` (or of the end)."""
        if offset >= len(self.text):
            return self.original_length
        if not self._breaks:
            return offset
        i = bisect_right(self._breaks, offset) - 1
        return offset + (self._shifts[i] if i >= 0 else 0)

    def orig_offsets(self) -> list[int]:
        """to_orig for every normalized offset at once (one list, built from C-level range
        copies), for stages that map thousands of offsets."""
        if not self._breaks:
            return list(range(len(self.text))) + [self.original_length]
        out: list[int] = list(range(self._breaks[0]))
        for i, b in enumerate(self._breaks):
            nxt = self._breaks[i + 1] if i + 1 < len(self._breaks) else len(self.text)
            out.extend(range(b + self._shifts[i], nxt + self._shifts[i]))
        out.append(self.original_length)
        return out

    def norm_offsets(self) -> list[int]:
        """from_orig for every original offset at once (0 … original_length)."""
        if not self._breaks:
            n = len(self.text)
            return list(range(n)) + [n] * (self.original_length - n + 1)
        out: list[int] = []
        prev_shift = 0
        kept = 0
        for b, shift in zip(self._breaks, self._shifts):
            # kept characters up to normalized offset b, then the dropped run (maps to b)
            out.extend(range(kept, b))
            out.extend([b] * (shift - prev_shift))
            kept, prev_shift = b, shift
        out.extend(range(kept, len(self.text)))
        out.extend([len(self.text)] * (self.original_length + 1 - len(out)))
        return out

    def array_to_orig(self, offsets: np.ndarray, *, ends: bool = False) -> list[int]:
        """to_orig for a numpy array of offsets (ends=True: of span ends, mapped as in
        `span_to_orig`), in one vectorized step: for stages that map every word of a document."""
        if not self._breaks:
            return offsets.tolist()
        lo = 1 if ends else 0   # an end e is mapped through its last character e - 1
        shifts = np.array((0,) + self._shifts)
        return (offsets + shifts[np.searchsorted(self._breaks, offsets - lo, side="right")]).tolist()

    def span_to_orig(self, start: int, end: int) -> tuple[int, int]:
        """Original span covering normalized [start, end): drops inside it are included."""
        if end <= start:
            o = self.to_orig(start)
            return o, o
        return self.to_orig(start), self.to_orig(end - 1) + 1

    def from_orig(self, offset: int) -> int:
        """Normalized offset of the first kept character at or after original `offset`."""
        if not self._breaks:
            return min(offset, len(self.text))
        ob = self._orig_breaks   # original offset of the first kept character after each drop
        i = bisect_right(ob, offset) - 1
        j = i + 1
        if j < len(ob) and offset >= self._breaks[j] + (self._shifts[i] if i >= 0 else 0):
            return self._breaks[j]   # inside the dropped run j
        return min(offset - (self._shifts[i] if i >= 0 else 0), len(self.text))


def normalize(text: str) -> Normalized:
    """Normalize `text` for matching; see the module docstring for what changes."""
    subst = _substitute(text)
    drops = _drops(subst)
    if not drops:
        return Normalized(subst, len(text))
    pieces: list[str] = []
    breaks: list[int] = []
    shifts: list[int] = []
    kept = 0      # length of normalized text so far
    last = 0      # original offset after the previous drop
    for start, end in drops:
        pieces.append(subst[last:start])
        kept += start - last
        last = end
        breaks.append(kept)
        shifts.append(last - kept)
    pieces.append(subst[last:])
    return Normalized("".join(pieces), len(text), tuple(breaks), tuple(shifts),
                      tuple(b + s for b, s in zip(breaks, shifts)))


def digit_runs(text: str) -> list[tuple[int, int]]:
    """Spans of the runs of digits in `text` (a plain `\\d+` scans ~2x faster than a pattern
    that looks behind for the start of a run)."""
    return [m.span() for m in _DIGIT_RUN.finditer(text)]


def norm(text: str) -> str:
    """The normalized form of a short string (lexicon entries, names)."""
    return normalize(text).text.strip()
