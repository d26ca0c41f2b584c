"""Article text for the page: cut into segments at every evidence span and dropped
boilerplate span, so the template can mark each one up, and made inert.

Offsets are Unicode code points into the stored text (Python str indices), so slicing the
original string puts every highlight exactly on its evidence; the segments are then
rendered by the template (autoescaped), never by building HTML here.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

# the controls that embed, override or isolate a direction (they can make a line read
# backwards, or hide what a link says), and other C0/C1 controls; tabs and line breaks stay.
# The marks (LRM, RLM, ALM) only nudge neutral characters and stay, as in rasd/terminal.py.
_UNSAFE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def inert(text: str) -> str:
    """`text` without direction overrides and control characters (what every page shows of
    untrusted text; HTML escaping is the templates' autoescape)."""
    return _UNSAFE.sub("", text)


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int
    label: str                   # an event type, or a boilerplate reason
    key: int                     # the event's place in the document (its `n`), or -1 for boilerplate


@dataclass(frozen=True, slots=True)
class Segment:
    start: int
    end: int
    text: str
    events: tuple[Span, ...]     # the evidence spans covering it, in document order
    removed: str | None          # why this boilerplate was dropped, or None

    @property
    def types(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(s.label for s in self.events))

    @property
    def opens(self) -> bool:
        """The segment starts an evidence span: it carries the span's anchor."""
        return any(s.start == self.start for s in self.events)


def segments(text: str, events: list[Span], removed: list[Span]) -> list[Segment]:
    """`text` cut at every span's ends, each piece with the evidence spans and the dropped
    boilerplate covering it; neighbouring pieces covered alike are joined. Spans are clipped
    to the text (a bad offset cannot raise)."""
    size = len(text)
    cuts = sorted({0, size, *(min(max(p, 0), size) for s in (*events, *removed) for p in (s.start, s.end))})
    out: list[Segment] = []
    for a, b in zip(cuts, cuts[1:]):
        covering = tuple(s for s in events if s.start <= a and b <= s.end)
        dropped = next((s.label for s in removed if s.start <= a and b <= s.end), None)
        if out and out[-1].events == covering and out[-1].removed == dropped:
            last = out.pop()
            a = last.start
        out.append(Segment(a, b, text[a:b], covering, dropped))
    return out
