"""Paragraphs and sentences over the original text.

Paragraphs are lines (news sites put one paragraph a line; a headline is a line with
no final stop). Sentences end at . ! ? ؟ … followed by space or a closing quote, but
not inside numbers (1.5), after one-letter or listed abbreviations (د. م. U.S.), nor
inside an open quotation. Text that boilerplate removed yields no sentence.
"""
from __future__ import annotations

import re

from rasd.model import Document, Paragraph, Sentence

# A terminator run, with any closing quotes or brackets that follow it.
_END = re.compile(r"[.!?؟…]+[\"'”’»)\]]*(?=\s|$)")
_ABBREV = re.compile(r"(?:^|\s)(?:[^\W\d]|د|م|ص|ج|ق|هـ|dr|mr|mrs|ms|st|no|vs|gen|col|lt|u\.s|u\.k|ش\.م\.م)\.$",
                     re.IGNORECASE)
_LIST_ITEM = re.compile(r"^\s*(?:\d{1,2}|[-•*▪●])[.)\-]?\s")
_OPEN_QUOTES = {"“": "”", "«": "»", '"': '"'}


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


def split_paragraph(text: str, start: int, end: int, *, quotes: bool = True) -> list[tuple[int, int]]:
    """Sentence bounds inside text[start:end], trimmed of surrounding space. `quotes=False`
    says the paragraph has no quotation marks (the quotation check is skipped)."""
    out: list[tuple[int, int]] = []
    cur = start
    for m in _END.finditer(text, start, end):
        stop, after = m.span()
        if _abbreviation(text, cur, stop):
            continue
        # A long quotation may hold several stops; keep it whole unless it runs on too long.
        if quotes and after - cur < 600 and not _closes_at(m) and _quote_open(text, cur, stop):
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


def _closes_at(m: re.Match) -> bool:
    return m.group().rstrip(".!?؟…") != ""


# Line breaks as str.splitlines sees them: paragraphs are the runs between them.
_LINE = re.compile("[^\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]+")
_QUOTES = re.compile('["“”«»]')


def split_sentences(doc: Document) -> Document:
    """Stage: set `doc.paragraphs` and `doc.sentences` (skipping removed boilerplate)."""
    text = doc.text
    removed = sorted(doc.removed, key=lambda r: r.start)
    paragraphs: list[Paragraph] = []
    sentences: list[Sentence] = []
    parts = doc.parts
    quotes = _QUOTES.search(text) is not None
    r = 0      # removed spans ending before this line are behind us
    for line in _LINE.finditer(text):
        start, end = line.span()
        if line.group().isspace():
            continue
        while r < len(removed) and removed[r].end <= start:
            r += 1
        clipped = r < len(removed) and removed[r].start < end
        for s, e in _keep(start, end, removed[r:]) if clipped else ((start, end),):
            if clipped and not text[s:e].strip():
                continue
            pnum = 1
            if len(parts) > 1:
                part = doc.part_of(s)
                pnum = part.number if part else 1
            paragraphs.append(Paragraph(s, e, pnum))
            here = len(paragraphs) - 1
            for a, b in split_paragraph(text, s, e, quotes=quotes and _QUOTES.search(text, s, e) is not None):
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
