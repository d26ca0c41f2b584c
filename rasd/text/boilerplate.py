"""Boilerplate: comment threads, share lines, tag clouds, copyright, menus, embeds.

Removed text is *recorded*, not deleted: `doc.removed` holds its spans so that offsets
keep pointing into the original and no later stage takes an event from it. A trailing
"اقرأ أيضاً" article is split off as its own `Part`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml

from rasd.model import Document, Part, Removed
from rasd.text.normalize import norm

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


def _lines(text: str):
    start = 0
    for line in text.splitlines(keepends=True):
        yield start, line
        start += len(line)


def _is_menu_run(line_norm: str) -> bool:
    """A long run of short words with no punctuation and much repetition: a menu or tag cloud."""
    words = _WORD.findall(line_norm)
    if len(words) < 12 or _SENTENCE_PUNCT.search(line_norm):
        return False
    return len(set(words)) / len(words) < 0.6


def find_boilerplate(doc: Document) -> Document:
    """Stage: set `doc.removed` and `doc.parts` from the text's lines."""
    removed: list[Removed] = []
    part_starts: list[int] = [0]
    in_rest = None  # reason while inside a comment thread
    for start, line in _lines(doc.text):
        body = line.rstrip("\r\n")
        if not body.strip():
            continue
        end = start + len(body)
        n = norm(body)
        m = READ_ALSO.match(n)
        if m:
            in_rest = None
            # The heading is boilerplate; a title on the same line belongs to the new part.
            head_end = start + _orig_len(body, m.end())
            removed.append(Removed(start, head_end if head_end < end else end, "read_also"))
            part_starts.append(head_end if head_end < end else end + 1)
            continue
        if in_rest:
            removed.append(Removed(start, end, in_rest))
            continue
        for rule in rules():
            hit = rule.pattern.search(n)
            if not hit:
                continue
            if rule.scope == "prefix":
                removed.append(Removed(start, start + _orig_len(body, hit.end()), rule.reason))
            else:
                removed.append(Removed(start, end, rule.reason))
                if rule.scope == "rest":
                    in_rest = rule.reason
            break
        else:
            if _is_menu_run(n):
                removed.append(Removed(start, end, "menu"))
    doc.removed = removed
    bounds = part_starts + [len(doc.text)]
    doc.parts = [Part(bounds[i], max(bounds[i], bounds[i + 1]), i + 1) for i in range(len(part_starts))]
    return doc


def _orig_len(original: str, norm_len: int) -> int:
    """Length of the prefix of `original` whose normalized form is `norm_len` long."""
    from rasd.text.normalize import normalize
    n = normalize(original)
    lead = len(original) - len(original.lstrip())
    # norm() strips leading space; normalize() keeps one
    offset = norm_len + (1 if lead and n.text.startswith(" ") else 0)
    return n.to_orig(offset) if offset < len(n.text) else len(original)
