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


def split_paragraph(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence bounds inside text[start:end], trimmed of surrounding space."""
    out: list[tuple[int, int]] = []
    cur = start
    for m in _END.finditer(text, start, end):
        tail = text[max(cur, m.start() - 10):m.start() + 1]      # enough to see "د." or "U.S."
        if _ABBREV.search(tail):
            continue
        # A long quotation may hold several stops; keep it whole unless it runs on too long.
        if m.end() - cur < 600 and not _closes_at(text, m) and _quote_open(text, cur, m.start()):
            continue
        out.append((cur, m.end()))
        cur = m.end()
    if cur < end:
        out.append((cur, end))
    trimmed = []
    for s, e in out:
        piece = text[s:e]
        stripped = piece.strip()
        if stripped:
            s += len(piece) - len(piece.lstrip())
            trimmed.append((s, s + len(stripped)))
    return trimmed


def _closes_at(text: str, m: re.Match) -> bool:
    return m.group().rstrip(".!?؟…") != ""


def split_sentences(doc: Document) -> Document:
    """Stage: set `doc.paragraphs` and `doc.sentences` (skipping removed boilerplate)."""
    text = doc.text
    removed = sorted(doc.removed, key=lambda r: r.start)
    paragraphs: list[Paragraph] = []
    sentences: list[Sentence] = []
    pos = 0
    parts = doc.parts
    for line in text.splitlines(keepends=True):
        start, end = pos, pos + len(line.rstrip("\r\n"))
        pos += len(line)
        if end == start or line.isspace():
            continue
        for s, e in _keep(start, end, removed) if removed else ((start, end),):
            if not text[s:e].strip():
                continue
            pnum = 1
            if len(parts) > 1:
                part = doc.part_of(s)
                pnum = part.number if part else 1
            paragraphs.append(Paragraph(s, e, pnum))
            for a, b in split_paragraph(text, s, e):
                sentences.append(Sentence(a, b, len(paragraphs) - 1, pnum))
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
