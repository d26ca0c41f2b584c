"""Paragraphs and sentences over the original text.

Paragraphs are lines (news sites put one paragraph a line; a headline is a line with
no final stop). Sentences end at . ! ? ؟ … followed by space or a closing quote, but
not inside numbers (1.5), after one-letter or listed abbreviations (د. م. U.S.), nor
inside an open quotation. Text that boilerplate removed yields no sentence. A "sentence"
longer than `MAX_SENTENCE` characters is cut into chunks at word boundaries.

Every step is linear in the text (or n log n): hostile input — stops with no space after
them, thousands of abbreviations or boilerplate lines — must not make it quadratic.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator

from rasd.model import Document, Paragraph, Sentence

_STOPS = ".!?؟…"
_CLOSERS = "\"'”’»)]"
_ABBREV = re.compile(r"(?:^|\s)(?:[^\W\d]|د|م|ص|ج|ق|هـ|dr|mr|mrs|ms|st|no|vs|gen|col|lt|u\.s|u\.k|ش\.م\.م)\.$",
                     re.IGNORECASE)
# Line breaks as str.splitlines sees them: paragraphs are the runs between them.
_BREAKS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
_QUOTES = re.compile('["“”«»]')
# The longest sentence the later stages get. News sentences stay far below it (the longest in
# the classifier's training data is ~360 characters; a kept quotation, ~600), but text whose
# stops have no space after them ("…إلى إيران.أرسلت روسيا…") or a flattened table is one
# "sentence" of any length, and the event stages do per-sentence work that grows with its
# square (every trigger looks at every actor and cue of its sentence): 240 KB of such text
# took 26–41 s. Chunks of at most this many characters bound that work per chunk, so the
# whole document costs time linear in its length.
MAX_SENTENCE = 2000


def _stop_runs(text: str) -> list[tuple[int, int]]:
    """(start, end) of every run of terminators, with the closing quotes or brackets after it,
    that is followed by space or the end of `text`. str.find per terminator is ~6x faster
    than scanning with a character-class regex."""
    at: list[int] = []
    for ch in _STOPS:
        i = text.find(ch)
        while i >= 0:
            at.append(i)
            i = text.find(ch, i + 1)
    at.sort()
    runs: list[tuple[int, int]] = []
    n, past = len(text), -1
    for i in at:
        if i < past:
            continue            # inside the run already looked at
        j = i + 1
        while j < n and text[j] in _STOPS:
            j += 1
        past = k = j
        while k < n and text[k] in _CLOSERS:
            k += 1
        if k == n or text[k].isspace():
            runs.append((i, k))
    return runs


def _lines(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of every line that is not blank."""
    pos = 0
    for piece in text.splitlines(True):
        body = piece.rstrip(_BREAKS)
        if body and not body.isspace():
            yield pos, pos + len(body)
        pos += len(piece)


def _quote_open(text: str, start: int, end: int) -> bool:
    """True when text[start:end] leaves a quotation open (a stop inside it does not end the sentence)."""
    opened = text.count("“", start, end) + text.count("«", start, end)
    closed = text.count("”", start, end) + text.count("»", start, end)
    return opened > closed or text.count('"', start, end) % 2 == 1


class _Words:
    """For the stops of one paragraph, in increasing order: the start of the word (run without
    " ") that ends at a stop, and whether that word has a "." before the stop. Each character
    is looked at once; `str.rfind` from every stop back to the last space was quadratic in a
    paragraph with many stops and no space ("د.\tد.\t…")."""

    __slots__ = ("text", "scanned", "space", "dot")

    def __init__(self, text: str, start: int):
        self.text, self.scanned, self.space, self.dot = text, start, -1, -1

    def before(self, cur: int, stop: int) -> tuple[int, bool]:
        """(start of the word before `stop`, no earlier than `cur`; a "." in [that start, stop))."""
        text, lo = self.text, self.scanned
        if lo < stop:
            sp = text.rfind(" ", lo, stop)
            if sp >= 0:
                self.space = sp
            dot = text.rfind(".", lo, stop)
            if dot >= 0:
                self.dot = dot
            self.scanned = stop
        word_start = self.space + 1 if self.space >= cur else cur
        return word_start, self.dot >= word_start


def _abbreviation(text: str, cur: int, stop: int, words: _Words | None = None) -> bool:
    """True when the stop at `stop` ends an abbreviation ("د.", "U.S."), not a sentence."""
    if text[stop] != ".":
        return False
    if words is None:
        space = text.rfind(" ", cur, stop)
        word_start = cur if space < 0 else space + 1
        dotted = text.find(".", word_start, stop) >= 0
    else:
        word_start, dotted = words.before(cur, stop)
    # Only a short word or one with inner dots can be an abbreviation: skip the regex for the rest.
    if stop - word_start > 3 and not dotted:
        return False
    return _ABBREV.search(text[max(cur, stop - 10):stop + 1]) is not None


def split_paragraph(text: str, start: int, end: int, stops: list[tuple[int, int]], *,
                    quotes: bool = True) -> list[tuple[int, int]]:
    """Sentence bounds inside text[start:end], trimmed of surrounding space, given the
    terminator runs inside it. `quotes=False` says the paragraph has no quotation marks."""
    out: list[tuple[int, int]] = []
    cur = start
    words = _Words(text, start)
    for stop, after in stops:
        if _abbreviation(text, cur, stop, words):
            continue
        # A long quotation may hold several stops; keep it whole unless it runs on too long.
        if quotes and after - cur < 600 and text[after - 1] in _STOPS and _quote_open(text, cur, stop):
            continue
        out.append((cur, after))
        cur = after
    if cur < end:
        out.append((cur, end))
    trimmed = []
    for s, e in out:
        if text[s].isspace() or text[e - 1].isspace():
            piece = text[s:e]
            stripped = piece.strip()
            if not stripped:
                continue
            s += len(piece) - len(piece.lstrip())
            e = s + len(stripped)
        trimmed.append((s, e))
    return trimmed


def _cut(text: str, lo: int, hi: int) -> int:
    """Where to end a chunk that must end in [lo, hi]: after the last stop in [lo, hi) that is
    not a decimal point ("…إيران.أرسلت"), else at the last space, else at `hi` (no word
    boundary in sight: a cut inside a "word" of thousands of letters)."""
    space = -1
    for k in range(hi - 1, lo - 1, -1):
        ch = text[k]
        if ch in _STOPS and not (text[k - 1].isdigit() and text[k + 1].isdigit()):
            return k + 1
        if space < 0 and ch.isspace():
            space = k
    return space if space >= 0 else hi


def _chunks(text: str, start: int, end: int, limit: int = MAX_SENTENCE) -> list[tuple[int, int]]:
    """text[start:end] (trimmed) in pieces of at most `limit` characters, trimmed and cut at
    word boundaries (see `_cut`); each piece is at least limit/2 long but the last."""
    out: list[tuple[int, int]] = []
    s = start
    while end - s > limit:
        cut = _cut(text, s + limit // 2, s + limit)
        e = cut
        while e > s and text[e - 1].isspace():
            e -= 1
        out.append((s, e))
        s = cut
        while s < end and text[s].isspace():
            s += 1
    if s < end:
        out.append((s, end))
    return out


class _Parts:
    """`doc.part_of` for increasing offsets, by bisection when the parts are in order and do
    not overlap (as find_boilerplate makes them); scanning every part for every paragraph was
    quadratic in a text with thousands of "اقرأ أيضا" parts."""

    def __init__(self, doc: Document):
        parts = doc.parts
        self.doc, self.parts = doc, parts
        self.starts = [p.start for p in parts]
        self.ordered = all(a.end <= b.start for a, b in zip(parts, parts[1:]))

    def number(self, offset: int) -> int:
        if not self.ordered:
            part = self.doc.part_of(offset)
            return part.number if part else 1
        i = bisect_right(self.starts, offset) - 1
        # In order and apart, the one part that may hold `offset` is the last starting at or before it.
        if i >= 0 and offset < self.parts[i].end:
            return self.parts[i].number
        return 1


def split_sentences(doc: Document) -> Document:
    """Stage: set `doc.paragraphs` and `doc.sentences` (skipping removed boilerplate)."""
    text = doc.text
    removed = sorted(doc.removed, key=lambda r: r.start)
    paragraphs: list[Paragraph] = []
    sentences: list[Sentence] = []
    parts = _Parts(doc) if len(doc.parts) > 1 else None
    quotes = _QUOTES.search(text) is not None
    runs = _stop_runs(text)
    nrem, nruns = len(removed), len(runs)
    r = k = 0      # removed spans and terminator runs before the line are behind us
    for start, end in _lines(text):
        while r < nrem and removed[r].end <= start:
            r += 1
        while k < nruns and runs[k][0] < start:
            k += 1
        if r < nrem and removed[r].start < end:
            # The line's end may now be a removed span's start: terminators are found again
            # in each kept piece, whose end counts as the end of the text.
            pieces = [(s, e, [(a + s, b + s) for a, b in _stop_runs(text[s:e])])
                      for s, e in _keep(start, end, removed, r) if text[s:e].strip()]
        else:
            j = k
            while j < nruns and runs[j][0] < end:
                j += 1
            pieces = ((start, end, runs[k:j]),)
        for s, e, stops in pieces:
            pnum = parts.number(s) if parts is not None else 1
            here = len(paragraphs)
            paragraphs.append(Paragraph(s, e, pnum))
            for a, b in split_paragraph(text, s, e, stops, quotes=quotes and _QUOTES.search(text, s, e) is not None):
                if b - a <= MAX_SENTENCE:
                    sentences.append(Sentence(a, b, here, pnum))
                else:
                    sentences += [Sentence(c, d, here, pnum) for c, d in _chunks(text, a, b)]
    doc.paragraphs, doc.sentences = paragraphs, sentences
    return doc


def _keep(start: int, end: int, removed, first: int = 0) -> list[tuple[int, int]]:
    """Pieces of [start, end) not covered by removed spans (`removed` sorted by start; those
    before index `first` end before `start`)."""
    pieces = [(start, end)]
    for i in range(first, len(removed)):
        r = removed[i]
        if r.start >= end:
            break           # sorted by start: no later one reaches into the line
        if r.end <= start:
            continue
        nxt = []
        for s, e in pieces:
            if r.end <= s or r.start >= e:
                nxt.append((s, e))
                continue
            if s < r.start:
                nxt.append((s, r.start))
            if r.end < e:
                nxt.append((r.end, e))
        pieces = nxt
    return pieces
