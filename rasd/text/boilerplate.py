"""Boilerplate: comment threads, share lines, tag clouds, copyright, menus, embeds.

Removed text is *recorded*, not deleted: `doc.removed` holds its spans so that offsets
keep pointing into the original and no later stage takes an event from it. A trailing
"اقرأ أيضاً" article is split off as its own `Part`.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml

from rasd.model import Document, Part, Removed

READ_ALSO = re.compile(r"^\s*(?:اقرا|اقرء)\s+(?:ايضا|كذلك)\s*[:：\-]?\s*")
_WORD = re.compile(r"\w+")
_SENTENCE_PUNCT = re.compile(r"[.!?؟،,:;]")


@dataclass(frozen=True, slots=True)
class Rule:
    reason: str
    scope: str          # line, rest or prefix
    pattern: re.Pattern


@lru_cache(maxsize=1)
def rules() -> tuple[Rule, ...]:
    data = yaml.safe_load(resources.files("rasd.text").joinpath("boilerplate.yaml").read_text("utf-8"))
    return tuple(Rule(block["reason"], block["scope"], re.compile(p))
                 for block in data for p in block["patterns"])


@lru_cache(maxsize=1)
def _combined() -> tuple[re.Pattern, re.Pattern]:
    """The rules in two regexes (group rN for rule N): the anchored ones (^…), tried once at the
    start of a line, and the rest, searched; two passes per line instead of one per rule."""
    anchored = [(i, r) for i, r in enumerate(rules()) if r.pattern.pattern.startswith("^")]
    floating = [(i, r) for i, r in enumerate(rules()) if not r.pattern.pattern.startswith("^")]
    join = lambda rs: re.compile("|".join(f"(?P<r{i}>{r.pattern.pattern})" for i, r in rs))  # noqa: E731
    return join(anchored), join(floating)


@lru_cache(maxsize=1)
def _floating_each() -> tuple[re.Pattern, ...]:
    """The unanchored rules one by one, for the whole text (MULTILINE: "$" ends a line). Each
    starts with a literal, which the regex engine finds by a fast scan; a combined alternation
    is tried at every character, and searching it line by line cost a third of this stage."""
    return tuple(re.compile(r.pattern.pattern, re.MULTILINE) for r in rules()
                 if not r.pattern.pattern.startswith("^"))


def _floating_starts(text: str) -> list[int]:
    """Sorted offsets where an unanchored rule matches: the lines worth searching."""
    return sorted(m.start() for p in _floating_each() for m in p.finditer(text))


def _is_menu_run(line_norm: str) -> bool:
    """A long run of short words with no punctuation and much repetition: a menu or tag cloud."""
    if len(line_norm) < 60 or _SENTENCE_PUNCT.search(line_norm):
        return False
    words = _WORD.findall(line_norm)
    if len(words) < 12:
        return False
    return len(set(words)) / len(words) < 0.6


def _any_between(sorted_offsets: list[int], start: int, end: int) -> bool:
    i = bisect_left(sorted_offsets, start)
    return i < len(sorted_offsets) and sorted_offsets[i] < end


def find_boilerplate(doc: Document) -> Document:
    """Stage: set `doc.removed` and `doc.parts` from the lines of the normalized text."""
    n = doc.norm
    removed: list[Removed] = []
    part_starts: list[int] = [0]
    in_rest = None  # reason while inside a comment thread
    (anchored, floating), table = _combined(), rules()
    spots = _floating_starts(n.text)
    pos = 0
    for raw in n.text.split("\n"):
        line_start, pos = pos, pos + len(raw) + 1
        line = raw.strip()
        if not line:
            continue
        lead = line_start + (len(raw) - len(raw.lstrip()))
        m = READ_ALSO.match(line)
        hit = None if m or in_rest else anchored.match(line)
        if hit is None and not (m or in_rest) and spots and _any_between(spots, line_start, pos):
            hit = floating.search(line)
        if not (m or in_rest or hit or _is_menu_run(line)):
            continue    # most lines: nothing to record, no offsets to map
        start, end = n.to_orig(lead), n.span_to_orig(lead, lead + len(line))[1]
        if m:
            in_rest = None
            # The heading is boilerplate; a title on the same line belongs to the new part.
            head_end = n.span_to_orig(lead, lead + m.end())[1] if m.end() < len(line) else end
            removed.append(Removed(start, head_end, "read_also"))
            part_starts.append(head_end if head_end < end else end + 1)
        elif in_rest:
            removed.append(Removed(start, end, in_rest))
        elif hit:
            rule = table[int(hit.lastgroup[1:])]
            if rule.scope == "prefix":
                removed.append(Removed(start, n.span_to_orig(lead, lead + hit.end())[1], rule.reason))
            else:
                removed.append(Removed(start, end, rule.reason))
                if rule.scope == "rest":
                    in_rest = rule.reason
        else:
            removed.append(Removed(start, end, "menu"))
    doc.removed = removed
    bounds = part_starts + [len(doc.text)]
    doc.parts = [Part(bounds[i], max(bounds[i], bounds[i + 1]), i + 1) for i in range(len(part_starts))]
    return doc
