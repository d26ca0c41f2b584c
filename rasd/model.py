"""The canonical document and its views.

One `Document` per article travels through the pipeline. Its `text` is the text
exactly as decoded from the input (for HTML: the extracted main text) and is never
rewritten; every view — paragraphs, sentences, tokens, mentions, numbers, dates,
events, removed boilerplate — is a span into it, anchored by character offsets
(Unicode code points, end exclusive).

Views are values: no code assigns to one (`dataclasses.replace` makes a changed copy),
and they hash by their fields. They are not declared `frozen`: a frozen dataclass sets
every field through `object.__setattr__`, which makes building one 3-6x slower, and a
4 KB article makes several hundred views.
"""
from __future__ import annotations

import hashlib
from bisect import bisect_left
from dataclasses import dataclass, field
from itertools import accumulate
from typing import Literal

Status = Literal["asserted", "denied", "hedged", "planned"]
Precision = Literal["day", "month", "year"]
Approx = Literal["exact", "more_than", "less_than", "at_least", "about", "at_most"]


@dataclass(slots=True, unsafe_hash=True)
class Span:
    start: int
    end: int

    def __len__(self) -> int:
        return self.end - self.start

    def contains(self, other: "Span") -> bool:
        return self.start <= other.start and other.end <= self.end

    def overlaps(self, other: "Span") -> bool:
        return self.start < other.end and other.start < self.end


@dataclass(slots=True, unsafe_hash=True)
class Paragraph(Span):
    part: int = 1


@dataclass(slots=True, unsafe_hash=True)
class Sentence(Span):
    paragraph: int = 0
    part: int = 1


@dataclass(slots=True, unsafe_hash=True)
class Token(Span):
    norm: str = ""
    stem: str = ""
    prefix: str = ""  # proclitics split off the stem (normalized), e.g. "وال"
    suffix: str = ""  # enclitic pronoun or inflection split off, e.g. "ها"


@dataclass(slots=True, unsafe_hash=True)
class Removed(Span):
    """Boilerplate that stays in the text but yields nothing: comments, share lines, tags."""
    reason: str = ""


@dataclass(slots=True, unsafe_hash=True)
class Part(Span):
    """An article inside the document; part 1 is the main one, later ones are "read also" blocks."""
    number: int = 1
    published: str | None = None


@dataclass(slots=True, unsafe_hash=True)
class Actor:
    code: str
    country: str | None
    name: str
    kb_id: str | None = None

    def as_record(self) -> dict:
        return {"code": self.code, "country": self.country, "name": self.name, "kb_id": self.kb_id}


@dataclass(slots=True, unsafe_hash=True)
class Mention(Span):
    """A span that names a knowledge-base entity (or a new one introduced by a title)."""
    kind: str = ""            # country, person, organization, place, weapon, outlet, demonym, institution
    entity_id: str | None = None
    code: str | None = None   # actor code when the mention can act (RUSGOV, PRK ...)
    country: str | None = None
    name: str = ""            # canonical name
    role: str = "name"        # name, demonym, metonym, title, short
    category: str | None = None  # weapons: item category
    calibre_mm: float | None = None


@dataclass(slots=True, unsafe_hash=True)
class Quantity(Span):
    value: float = 0.0
    unit: str | None = None
    approx: Approx = "exact"
    text: str = ""


@dataclass(slots=True, unsafe_hash=True)
class DateExpr(Span):
    value: str = ""           # YYYY-MM-DD, YYYY-MM or YYYY
    precision: Precision = "day"
    text: str = ""


@dataclass(slots=True, unsafe_hash=True)
class Item:
    text: str
    category: str
    calibre_mm: float | None = None

    def as_record(self) -> dict:
        return {"text": self.text, "category": self.category, "calibre_mm": self.calibre_mm}


@dataclass(slots=True, unsafe_hash=True)
class Location:
    name: str
    country: str | None = None
    kb_id: str | None = None

    def as_record(self) -> dict:
        return {"name": self.name, "country": self.country, "kb_id": self.kb_id}


@dataclass(slots=True, unsafe_hash=True)
class Event:
    type: str
    sentence: Sentence
    trigger: Span
    source: Actor | None = None
    target: Actor | None = None
    status: Status = "asserted"
    claimant: Actor | None = None
    date: DateExpr | None = None
    location: Location | None = None
    quantity: Quantity | None = None
    item: Item | None = None
    part: int = 1


@dataclass(slots=True)
class Document:
    """One article: the decoded text, its metadata, and views anchored by offsets."""
    id: str
    text: str
    source: str = ""                  # path or URL it was read from
    seq: int = 0                      # record number inside a multi-record file (JSONL, WARC, feed)
    outlet: str | None = None
    url: str | None = None
    language: str | None = None
    published: str | None = None      # YYYY-MM-DD
    title: str | None = None
    encoding: str = "utf-8"
    warnings: list[str] = field(default_factory=list)
    paragraphs: list[Paragraph] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    tokens: list[Token] = field(default_factory=list)
    removed: list[Removed] = field(default_factory=list)
    parts: list[Part] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    quantities: list[Quantity] = field(default_factory=list)
    dates: list[DateExpr] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    # Set by the normalization stage; not persisted (derivable from text).
    norm: "object | None" = field(default=None, repr=False)

    @property
    def content_hash(self) -> str:
        return content_hash(self.text)

    def slice(self, span: Span) -> str:
        return self.text[span.start:span.end]

    def is_removed(self, span: Span) -> bool:
        return self.is_removed_span(span.start, span.end)

    def is_removed_span(self, start: int, end: int) -> bool:
        """Does text[start:end] overlap a removed span (some r with r.start < end and start < r.end)?"""
        removed = self.removed
        if not removed:
            return False
        index = _removed_index(self) if len(removed) > 8 else None
        if index is None:
            for r in removed:      # (a loop: asked for every mention, a generator costs more here)
                if r.start < end and start < r.end:
                    return True
            return False
        # By bisection: stages ask once per quantity, date and mention, and a page can hold
        # thousands of removed lines. Of the spans starting before `end`, one overlaps exactly
        # when the furthest end among them passes `start` (spans may overlap and be in any order).
        starts, reach = index
        i = bisect_left(starts, end)
        return i > 0 and reach[i - 1] > start

    def part_of(self, offset: int) -> Part | None:
        for part in self.parts:
            if part.start <= offset < part.end:
                return part
        return None

    def published_for(self, offset: int) -> str | None:
        """The publication date that governs relative dates at `offset` (a "read also" part has its own)."""
        part = self.part_of(offset)
        if part is not None and part.published:
            return part.published
        return self.published


def _removed_index(doc: Document) -> tuple[list[int], list[int]] | None:
    """The starts of `doc.removed` in order, and for each k the furthest end among the first k+1
    of them; None for a document not normalized yet. Built once per list and kept in the
    normalized text's memo with the list itself (so that its id stays its own) and its length
    (a list that grows is indexed again)."""
    memo = getattr(doc.norm, "memo", None)
    if memo is None:
        return None
    removed = doc.removed
    key = ("model.removed", id(removed))
    got = memo.get(key)
    if got is not None and got[0] is removed and got[1] == len(removed):
        return got[2]
    spans = sorted((r.start, r.end) for r in removed)
    index = [a for a, _ in spans], list(accumulate((b for _, b in spans), max))
    memo[key] = (removed, len(removed), index)
    return index


@dataclass(frozen=True, slots=True)
class Skipped:
    """An input that could not be read; never aborts a batch."""
    source: str
    reason: str   # a short code: empty, binary, undecodable, too_large, missing, loop, bad_json, bad_warc ...
    detail: str = ""

    def __str__(self) -> str:
        return f"{self.source}: skipped ({self.reason}) {self.detail}".rstrip()


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]
