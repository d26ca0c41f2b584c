"""Paragraphs and sentences over the original text.

Paragraphs are lines (news sites put one paragraph a line; a headline is a line with
no final stop). Sentences end at . ! ? ؟ … followed by space or a closing quote, but
not inside numbers (1.5), after one-letter or listed abbreviations (د. م. U.S.), nor
inside an open quotation. Text that boilerplate removed yields no sentence.
"""
from __future__ import annotations

import re
from collections.abc import Iterator

from rasd.model import Document, Paragraph, Sentence

_STOPS = ".!?؟…"
_CLOSERS = "\"'”’»)]"
_ABBREV = re.compile(r"(?:^|\s)(?:[^\W\d]|د|م|ص|ج|ق|هـ|dr|mr|mrs|ms|st|no|vs|gen|col|lt|u\.s|u\.k|ش\.م\.م)\.$",
                     re.IGNORECASE)
# Line breaks as str.splitlines sees them: paragraphs are the runs between them.
_BREAKS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
_QUOTES = re.compile('["“”«»]')


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


def _abbreviation(text: str, cur: int, stop: int) -> bool:
    """True when the stop at `stop` ends an abbreviation ("د.", "U.S."), not a sentence."""
    if text[stop] != ".":
        return False
    space = text.rfind(" ", cur, stop)
    word_start = cur if space < 0 else space + 1
    # Only a short word or one with inner dots can be an abbreviation: skip the regex for the rest.
    if stop - word_start > 3 and text.find(".", word_start, stop) < 0:
        return False
    return _ABBREV.search(text[max(cur, stop - 10):stop + 1]) is not None


def split_paragraph(text: str, start: int, end: int, stops: list[tuple[int, int]], *,
                    quotes: bool = True) -> list[tuple[int, int]]:
    """Sentence bounds inside text[start:end], trimmed of surrounding space, given the
    terminator runs inside it. `quotes=False` says the paragraph has no quotation marks."""
    out: list[tuple[int, int]] = []
    cur = start
    for stop, after in stops:
        if _abbreviation(text, cur, stop):
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


def split_sentences(doc: Document) -> Document:
    """Stage: set `doc.paragraphs` and `doc.sentences` (skipping removed boilerplate)."""
    text = doc.text
    removed = sorted(doc.removed, key=lambda r: r.start)
    paragraphs: list[Paragraph] = []
    sentences: list[Sentence] = []
    parts = doc.parts
    quotes = _QUOTES.search(text) is not None
    runs = _stop_runs(text)
    nrem, nruns, several = len(removed), len(runs), len(parts) > 1
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
                      for s, e in _keep(start, end, removed[r:]) if text[s:e].strip()]
        else:
            j = k
            while j < nruns and runs[j][0] < end:
                j += 1
            pieces = ((start, end, runs[k:j]),)
        for s, e, stops in pieces:
            pnum = 1
            if several:
                part = doc.part_of(s)
                pnum = part.number if part else 1
            here = len(paragraphs)
            paragraphs.append(Paragraph(s, e, pnum))
            for a, b in split_paragraph(text, s, e, stops, quotes=quotes and _QUOTES.search(text, s, e) is not None):
                sentences.append(Sentence(a, b, here, pnum))
    doc.paragraphs, doc.sentences = paragraphs, sentences
    return doc


def _keep(start: int, end: int, removed) -> list[tuple[int, int]]:
    """Pieces of [start, end) not covered by removed spans."""
    pieces = [(start, end)]
    for r in removed:
        if r.end <= start or r.start >= end:
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
