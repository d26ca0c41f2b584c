"""Boilerplate: comment threads, share lines, tag clouds, copyright, menus, embeds.

Removed text is *recorded*, not deleted: `doc.removed` holds its spans so that offsets
keep pointing into the original and no later stage takes an event from it. A trailing
"اقرأ أيضاً" article is split off as its own `Part`.

The work is linear in the text: each line is matched by a few regexes, and the one rule
shape the regex engine would make quadratic (a tail "\\S+\\s*$": tried from every
occurrence of its head, each try runs to the end of the non-space run) is searched by
`_tail_starts` instead.
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
    max_chars: int | None = None    # a longer line is not this boilerplate (prose that mentions it)


# A rule of scope "rest" opens a comment thread only after a line of the article's prose (a
# kept line this long that ends a sentence); before one, its line is removed alone: "1
# Comment" under a title is a counter in the byline, and took the whole article with it.
REST_AFTER = 40
_SENTENCE_END = re.compile(r"[.!?؟…。][\"'”’»)\]]*\s*$")


@lru_cache(maxsize=1)
def rules() -> tuple[Rule, ...]:
    data = yaml.safe_load(resources.files("rasd.text").joinpath("boilerplate.yaml").read_text("utf-8"))
    return tuple(Rule(block["reason"], block["scope"], re.compile(p), block.get("max_chars"))
                 for block in data for p in block["patterns"])


@lru_cache(maxsize=1)
def _combined() -> tuple[re.Pattern, re.Pattern]:
    """The rules in two regexes (group rN for rule N): the anchored ones (^…), tried once at the
    start of a line, and the rest but the tail rules (see `_tails`), searched; two passes per
    line instead of one per rule."""
    tails = {i for i, _ in _tails()}
    anchored = [(i, r) for i, r in enumerate(rules()) if r.pattern.pattern.startswith("^")]
    floating = [(i, r) for i, r in enumerate(rules())
                if not r.pattern.pattern.startswith("^") and i not in tails]
    join = lambda rs: re.compile("|".join(f"(?P<r{i}>{r.pattern.pattern})" for i, r in rs))  # noqa: E731
    return join(anchored), join(floating)


# An unanchored rule "HEAD\S+\s*$" ("https?://t\.co/\S+\s*$": a line that ends in a t.co link).
# The regex engine tries it at every occurrence of HEAD, and each try runs \S+ to the end of
# the non-space run and back: "https://t.co/" repeated 30,000 times took a minute.
_TAIL = r"\S+\s*$"
_SPACE = re.compile(r"\s")
_ATOM = re.compile(r"(\\[^\w\s]|[^\\\s\[\](){}*+?|^$.])(\??)")


@lru_cache(maxsize=1)
def _tails() -> tuple[tuple[int, re.Pattern], ...]:
    """(rule number, compiled HEAD) of the unanchored rules HEAD + `_TAIL` whose HEAD is a
    literal (escaped punctuation and optional characters allowed) without white space that
    starts with a character it does not repeat: two HEADs never overlap, and a HEAD lies
    inside one non-space run. `_tail_starts` finds those rules' matches in one pass."""
    out = []
    for i, r in enumerate(rules()):
        src = r.pattern.pattern
        if src.startswith("^") or not src.endswith(_TAIL):
            continue
        head = src[:-len(_TAIL)]
        atoms = [(m.group(1)[-1], m.group(2)) for m in _ATOM.finditer(head)]
        if not atoms or "".join(m.group(0) for m in _ATOM.finditer(head)) != head:
            continue
        first, optional = atoms[0]
        if optional or any(c == first for c, _ in atoms[1:]):
            continue
        out.append((i, re.compile(head)))
    return tuple(out)


def _tail_starts(head: re.Pattern, rule: re.Pattern, text: str) -> list[int]:
    """The starts of the matches of `rule` (HEAD + "\\S+\\s*$") in `text`, as `finditer` gives
    them: it is tried once per non-space run, at the run's first HEAD. A later HEAD of the
    same run does not overlap it and shares its "\\S+\\s*$" (the run's end and the space after
    it): it is inside the match, or fails as the first did."""
    out: list[int] = []
    n, run_end = len(text), -1
    for m in head.finditer(text):
        if m.start() < run_end:
            continue                    # in the run of an earlier HEAD
        sp = _SPACE.search(text, m.end())
        run_end = sp.start() if sp else n
        if rule.match(text, m.start()):
            out.append(m.start())
    return out


@lru_cache(maxsize=1)
def _floating_each() -> tuple[re.Pattern, ...]:
    """The unanchored rules but the tail rules one by one, for the whole text (MULTILINE: "$"
    ends a line). Each starts with a literal, which the regex engine finds by a fast scan; a
    combined alternation is tried at every character, and searching it line by line cost a
    third of this stage."""
    tails = {i for i, _ in _tails()}
    return tuple(re.compile(r.pattern.pattern, re.MULTILINE) for i, r in enumerate(rules())
                 if not r.pattern.pattern.startswith("^") and i not in tails)


def _floating_starts(text: str) -> list[int]:
    """Sorted offsets where an unanchored rule matches: the lines worth searching."""
    starts = [m.start() for p in _floating_each() for m in p.finditer(text)]
    for _, head, rule in _tails_multiline():
        starts += _tail_starts(head, rule, text)
    return sorted(starts)


@lru_cache(maxsize=1)
def _tails_multiline() -> tuple[tuple[int, re.Pattern, re.Pattern], ...]:
    return tuple((i, head, re.compile(rules()[i].pattern.pattern, re.MULTILINE)) for i, head in _tails())


def _floating_hit(floating: re.Pattern, line: str) -> tuple[int, int] | None:
    """(rule number, match end) of the leftmost unanchored rule that matches `line` (the first
    rule at that place), as one alternation of all of them would find it."""
    best = None
    hit = floating.search(line) if floating.pattern else None
    if hit is not None:
        best = (hit.start(), int(hit.lastgroup[1:]), hit.end())
    table = rules()
    for i, head in _tails():
        for at in _tail_starts(head, table[i].pattern, line)[:1]:
            if best is None or (at, i) < best[:2]:
                best = (at, i, table[i].pattern.match(line, at).end())
    return None if best is None else best[1:]


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
    prose = False   # has a kept line of prose come yet?
    for raw in n.text.split("\n"):
        line_start, pos = pos, pos + len(raw) + 1
        line = raw.strip()
        if not line:
            continue
        lead = line_start + (len(raw) - len(raw.lstrip()))
        m = READ_ALSO.match(line)
        hit = None if m or in_rest else anchored.match(line)
        found = (int(hit.lastgroup[1:]), hit.end()) if hit is not None else None
        if found is None and not (m or in_rest) and spots and _any_between(spots, line_start, pos):
            found = _floating_hit(floating, line)
        if found and (limit := table[found[0]].max_chars) and len(line) > limit:
            found = None    # a paragraph with a caption's "©" in it is a paragraph
        if not (m or in_rest or found or _is_menu_run(line)):
            prose = prose or (len(line) >= REST_AFTER and _SENTENCE_END.search(line) is not None)
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
        elif found:
            rule = table[found[0]]
            if rule.scope == "prefix":
                removed.append(Removed(start, n.span_to_orig(lead, lead + found[1])[1], rule.reason))
            else:
                removed.append(Removed(start, end, rule.reason))
                if rule.scope == "rest" and prose:
                    in_rest = rule.reason
        else:
            removed.append(Removed(start, end, "menu"))
    doc.removed = removed
    bounds = part_starts + [len(doc.text)]
    doc.parts = [Part(bounds[i], max(bounds[i], bounds[i + 1]), i + 1) for i in range(len(part_starts))]
    return doc


_BLANK_RUN = re.compile(r"\n[ \t]*(?:\n[ \t]*)+")


def kept_text(doc: Document) -> str:
    """The text the later stages read: the document's text with its removed spans cut out
    (runs of blank lines left by a cut folded to one). What `rasd text` prints. Normalizes
    the document and finds its boilerplate first where no stage has yet."""
    if doc.norm is None:
        from rasd.text.normalize import normalize
        doc.norm = normalize(doc.text)
        find_boilerplate(doc)
    pieces, at = [], 0
    for r in sorted(doc.removed, key=lambda r: r.start):
        if r.start > at:
            pieces.append(doc.text[at:r.start])
        at = max(at, r.end)
    pieces.append(doc.text[at:])
    return _BLANK_RUN.sub("\n\n", "".join(pieces)).strip()
