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
from dataclasses import dataclass, field
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
        return any(r.start < end and start < r.end for r in self.removed)

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
