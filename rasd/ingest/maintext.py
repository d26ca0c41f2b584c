"""Which blocks of a web page are its main text: structure first, phrases as extra cues.

The blocks (`rasd.ingest.blocks`) come from resiliparse's main-content extraction, which
has already dropped what class names and tags give away (nav, footer, hidden elements).
What is left is decided here, in one pass over the blocks:

1. Each block is classed: *bad* when most of it is link text, when it is an item of a list
   of links, or when a phrase cue (maintext.yaml, many languages) calls it page furniture;
   *good* when it is long prose with few links; *short* otherwise (headings, captions,
   short paragraphs, list items).
2. The main block is the run of blocks with the largest sum of weights (Kadane's maximum
   subarray): a good or short block weighs its own text minus its link text (thrice) minus
   a fixed cost, a bad one weighs minus its length. Prose far from the article cannot pull
   the run to it across a menu or a list of links; a link list inside the article cannot
   split it.
3. Kept: the good and short blocks of that run; a run of `short_run` or more short blocks
   without links right before or after it (a recipe's steps, a table of specifications,
   each too short to pay its way into the run); long prose outside it (an article in two
   parts around an advert); the heading just before it (the title, past a byline), unless
   the run opens with a heading of its own that ranks as high.
   Dropped: the rest; short blocks after its last prose that end no sentence or ask the
   reader a question ("Was this article useful?"); short bare lines that open the run
   right before its first heading (a kicker, a date line, a label: the article starts at
   its title); where the article is written in paragraphs (<p>), the bare lines of text
   after its last one (an author's note, a disclaimer, a prompt to donate, a form).
4. An *end* cue ("related articles", "Das könnte Sie auch interessieren", "اقرأ أيضاً")
   past the first half of the main prose ends the article there, unless more prose follows
   (then it heads a box inside the article, and only the box goes); a *comments* cue ends it
   whatever follows. A teaser list after the article (a linked headline and its summary,
   again and again) is dropped, and the main run found again without it.

Everything is linear in the number of blocks, and the cues are tried only on short blocks.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

import yaml

from rasd.errors import ConfigError
from rasd.ingest.blocks import Block

CUE_KINDS = ("comments", "end", "chrome", "meta")
_FOLDS = (("أ", "ا"), ("إ", "ا"), ("آ", "ا"), ("ٱ", "ا"), ("ة", "ه"), ("ى", "ي"), ("\u00a0", " "), ("\u0640", ""))
_TRIM = " \t\n:•·-–—|>»«*#[]()"
_TITLE_REACH = 3
_PROSE_CHARS = 150          # a block this long is prose (as Selection.prose_chars counts it)
_SENTENCE_END = re.compile(r"[.!?…。！？؟][\"'”’»)\]]*$")
_CLOSERS = "\"'”’»)] "
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")


@dataclass(frozen=True)
class Options:
    """How the main text is chosen (settings [maintext]; settings.toml says why each value)."""
    good_chars: int = 150         # a block this long with few links is prose
    good_density: float = 0.3     # ... "few links": at most this share of link text
    link_density: float = 0.5     # a block with more link text than this is navigation
    list_density: float = 0.5     # a list whose items are more link text than this is a link list
    link_weight: float = 3.0      # a character of link text counts against a block this much
    block_cost: int = 30          # what every block pays to be in the main run
    bad_cost: int = 20            # what a bad block pays on top of its length
    end_share: float = 0.5        # an end cue ends the article past this share of its prose
    inline_share: float = 0.2     # ... unless this share of it follows (a box inside the article)
    trim_tail: bool = True        # short blocks after the last prose that end no sentence go
    teaser_run: int = 2           # linked headline + summary this many times in a row: a teaser list
    teaser_chars: int = 400       # ... a summary is at most this long
    short_run: int = 8            # this many short link-free blocks beside the main run belong to it
    tail_lines: bool = True       # bare lines after the last paragraph of an article in paragraphs go
    # The cascade (rasd.ingest.cascade)
    fallback: bool = True         # ask trafilatura where the fast path's text looks wrong
    fallback_fast: bool = True    # trafilatura without its own fallbacks (readability, jusText)
    min_chars: int = 500          # a fast-path text shorter than this looks wrong
    long_prose: int = 2000        # ... unless the whole page reads as an article with this much prose

    @classmethod
    def of(cls, settings: dict) -> "Options":
        got, d = settings.get("maintext", {}), cls()
        unknown = set(got) - set(d.__dataclass_fields__)
        if unknown:
            raise ConfigError(f"settings [maintext]: unknown keys {sorted(unknown)}")
        return cls(**{k: type(getattr(d, k))(got[k]) for k in d.__dataclass_fields__ if k in got})


@dataclass(frozen=True)
class Cues:
    """The phrase cues of maintext.yaml: which entries may match a block of a given length,
    and one regex for each set of them.

    An entry matches a block only where the block, folded, is at most its `max_chars` long,
    and a kind only where the block itself is at most the longest of its entries'. Rather
    than a lookahead per entry that reads the block to its end on every match, the entries
    a block's lengths allow are chosen first, and their alternation (each kind a named
    group, in the order of CUE_KINDS: one match a block, not one a kind) is compiled once
    per such choice, when first needed."""
    # (kind, max_chars, the entry's patterns as one alternation), in the order of maintext.yaml
    entries: tuple[tuple[str, int, str], ...]
    # For each length up to the longest a cue may match, the smallest limit at or above it:
    # of the kinds' (indexed by a block's length) and of the entries' (by its folded length).
    kind_bucket: tuple[int, ...]
    entry_bucket: tuple[int, ...]
    _compiled: dict = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def of(cls, entries: tuple[tuple[str, int, str], ...]) -> "Cues":
        kind_limits = {kind: max(limit for k, limit, _ in entries if k == kind) for kind, _, _ in entries}
        return cls(entries, _buckets(kind_limits.values()), _buckets(limit for _, limit, _ in entries))

    def kind(self, text: str) -> str | None:
        """The cue kind a short block matches ("comments", "end", "chrome", "meta"), or None."""
        n = len(text)
        if n >= len(self.kind_bucket):
            return None
        folded = fold(text)
        m = len(folded)
        if m >= len(self.entry_bucket):
            return None
        # Blocks whose lengths fall between the same two limits allow the same entries.
        key = (self.kind_bucket[n], self.entry_bucket[m])
        pattern = self._compiled.get(key)
        if pattern is None:
            pattern = self._compiled[key] = self._alternation(*key)
        match = pattern.match(folded)
        return match.lastgroup if match else None

    def _alternation(self, kind_limit: int, entry_limit: int) -> re.Pattern:
        """The entries of the kinds that may match a block of `kind_limit` characters that
        allow a folded block of `entry_limit`, one named group per kind."""
        by_kind: dict[str, list[str]] = {}
        for kind, limit, alternation in self.entries:
            if limit >= entry_limit and self._kind_limit(kind) >= kind_limit:
                by_kind.setdefault(kind, []).append(f"(?:{alternation})")
        groups = [f"(?P<{k}>{'|'.join(by_kind[k])})" for k in CUE_KINDS if k in by_kind]
        return re.compile("|".join(groups) or "(?!)", re.DOTALL)     # (?!): no entry allows it

    def _kind_limit(self, kind: str) -> int:
        return max(limit for k, limit, _ in self.entries if k == kind)


def _buckets(limits: Iterable[int]) -> tuple[int, ...]:
    """For each length from 0 to the largest of `limits`, the smallest of them at or above it."""
    ordered = sorted(set(limits))
    return tuple(ordered[bisect_left(ordered, n)] for n in range(ordered[-1] + 1)) if ordered else ()


def fold(text: str) -> str:
    """`text` as cues are matched against: lowercase, Arabic alef, ya and ta marbuta folded,
    no tatweel, trimmed of bullets and punctuation. str.replace over the few characters
    present: str.translate with a table costs ten times more."""
    text = text.lower()
    if not text.isascii():          # every folded character is outside ASCII
        for old, new in _FOLDS:
            if old in text:
                text = text.replace(old, new)
    return text.strip(_TRIM)


def validate_cues(data: object) -> list[str]:
    """What is wrong with the data of maintext.yaml (empty when nothing is)."""
    problems: list[str] = []
    if not isinstance(data, list):
        return ["maintext.yaml: a list of {kind, max_chars, patterns} expected"]
    for i, entry in enumerate(data):
        where = f"maintext.yaml entry {i + 1}"
        if not isinstance(entry, dict) or set(entry) != {"kind", "max_chars", "patterns"}:
            problems.append(f"{where}: needs exactly kind, max_chars and patterns")
            continue
        if entry["kind"] not in CUE_KINDS:
            problems.append(f"{where}: kind {entry['kind']!r} is not one of {', '.join(CUE_KINDS)}")
        if not isinstance(entry["max_chars"], int) or entry["max_chars"] <= 0:
            problems.append(f"{where}: max_chars must be a positive integer")
        if not isinstance(entry["patterns"], list) or not entry["patterns"]:
            problems.append(f"{where}: patterns must be a non-empty list")
            continue
        for p in entry["patterns"]:
            try:
                if not isinstance(p, str):
                    raise re.error("not a string")
                if re.compile(p).match(""):
                    problems.append(f"{where}: pattern {p!r} matches the empty string")
            except re.error as e:
                problems.append(f"{where}: pattern {p!r}: {e}")
    return problems


@lru_cache(maxsize=1)
def cues() -> Cues:
    data = yaml.safe_load(resources.files("rasd.ingest").joinpath("maintext.yaml").read_text("utf-8"))
    problems = validate_cues(data)
    if problems:
        raise ConfigError("; ".join(problems))
    entries = tuple((e["kind"], e["max_chars"], "|".join(f"(?:{p})" for p in e["patterns"])) for e in data)
    return Cues.of(entries)


@dataclass
class Selection:
    """The blocks of a page and which of them are its main text, with the reason for each drop."""
    blocks: list[Block]
    why: list[str] = field(default_factory=list)    # "" for a kept block, else why it was dropped
    region: tuple[int, int] = (0, -1)               # the main run, first and last block

    @property
    def kept(self) -> list[Block]:
        return [b for b, why in zip(self.blocks, self.why) if not why]

    @property
    def text(self) -> str:
        """The main text: kept blocks, a blank line between two."""
        return "\n\n".join(b.text for b in self.kept)

    @property
    def prose_chars(self) -> int:
        """Characters of the kept blocks that are long prose (how much article there is)."""
        return prose_chars(self.kept)


def prose_chars(blocks: list[Block]) -> int:
    """Characters of `blocks` that are long prose (`_PROSE_CHARS` or more, few links)."""
    return sum(len(b.text) for b in blocks if len(b.text) >= _PROSE_CHARS and b.density < 0.3)


def size(block: Block) -> int:
    """A block's length for weighing: a CJK character carries about three Latin ones' worth."""
    n = len(block.text)
    if n and max(block.text[0], block.text[n // 2]) >= "\u3040":
        n += 2 * len(_CJK.findall(block.text))
    return n


def _link_lists(blocks: list[Block], opts: Options) -> set[int]:
    """The lists (by number) whose items are mostly link text: related articles, menus, tags."""
    chars: dict[int, list[int]] = {}
    for b in blocks:
        if b.list_no:
            c = chars.setdefault(b.list_no, [0, 0, 0])
            c[0] += len(b.text)
            c[1] += b.links
            c[2] += 1
    return {no for no, (n, links, items) in chars.items() if items >= 2 and links > opts.list_density * n}


def classify(blocks: list[Block], opts: Options, cue_table: Cues,
             sizes: list[int] | None = None) -> list[tuple[str, str]]:
    """(class, reason) per block: ("bad", why), ("good", "") or ("short", ""). `sizes`: each
    block's `size`, where the caller has them."""
    link_lists = _link_lists(blocks, opts)
    sizes = sizes or [size(b) for b in blocks]
    out: list[tuple[str, str]] = []
    for b, n in zip(blocks, sizes):
        kind = cue_table.kind(b.text)
        if kind in ("end", "comments") and b.density > 0.3:
            kind = "chrome"     # "Read also: <a linked title>", an item, not a heading
        if kind:
            out.append(("bad", kind))
        elif b.density > opts.link_density:
            out.append(("bad", "links"))
        elif b.list_no in link_lists:
            out.append(("bad", "link_list"))
        elif n >= opts.good_chars and b.density < opts.good_density:
            out.append(("good", ""))
        else:
            out.append(("short", ""))
    return out


def _main_run(weights: list[float]) -> tuple[int, int]:
    """The first and last index of the contiguous run with the largest sum (Kadane)."""
    best, total, start, first, last = float("-inf"), 0.0, 0, 0, -1
    for i, w in enumerate(weights):
        if total <= 0:
            total, start = 0.0, i
        total += w
        if total > best:
            best, first, last = total, start, i
    return first, last


def select(blocks: list[Block], *, options: Options | None = None, cue_table: Cues | None = None) -> Selection:
    """The main text among `blocks` (see the module's docstring)."""
    opts, cue_table = options or Options(), cue_table or cues()
    sel = Selection(blocks, [""] * len(blocks))
    if not blocks:
        return sel
    sizes = [size(b) for b in blocks]       # weighed up to four times each: measured once
    classes = classify(blocks, opts, cue_table, sizes)
    sel.region = _main_run(_weights(blocks, classes, opts, sizes))
    teasers = _teasers(blocks, classes, sel.region, opts, sizes)
    if teasers:
        # Summaries of other articles: bad blocks, and the main run is found again without them.
        for i in teasers:
            classes[i] = ("bad", "teaser")
        sel.region = _main_run(_weights(blocks, classes, opts, sizes))
    core_last = sel.region[1]
    first, last = sel.region = _with_short_runs(blocks, classes, sel.region, opts)
    for i, (c, reason) in enumerate(classes):
        if c == "bad":
            sel.why[i] = reason
        elif not first <= i <= last and c != "good":
            sel.why[i] = "outside"
    title = _title_before(blocks, classes, first)
    if title is not None:
        sel.why[title] = ""
    if opts.trim_tail:
        # Short blocks after the last prose of the main run are what follows an article: a
        # byline, a contact line, a prompt. Inside the article they are sandwiched by prose.
        # (A run of short blocks the main run was grown by is content, and stays.)
        last_good = max((i for i in range(first, core_last + 1) if classes[i][0] == "good"), default=core_last)
        for i in range(last_good + 1, core_last + 1):
            if classes[i][0] == "short" and not _ends_statement(blocks[i].text):
                sel.why[i] = "tail"
    _end_at_cue(sel, classes, opts, sizes)
    _before_title(sel)
    if opts.tail_lines:
        _lines_after_paragraphs(sel, core_last)
    return sel


def _with_short_runs(blocks: list[Block], classes: list[tuple[str, str]], region: tuple[int, int],
                     opts: Options) -> tuple[int, int]:
    """The main run grown by a run of `short_run` or more short blocks without a link right
    before or after it: a recipe's steps, a table of specifications, a forum post's lines.
    Each of them weighs less than a block's cost, so the main run leaves them out; what sits
    beside an article as furniture is a line or two, or carries links."""
    first, last = region
    if opts.short_run <= 0:
        return region

    def plain_short(i: int) -> bool:
        return classes[i][0] == "short" and blocks[i].links == 0

    end = last
    while end + 1 < len(blocks) and plain_short(end + 1):
        end += 1
    start = first
    while start > 0 and plain_short(start - 1):
        start -= 1
    return (start if first - start >= opts.short_run else first), (end if end - last >= opts.short_run else last)


def _lines_after_paragraphs(sel: Selection, core_last: int) -> None:
    """Drop the bare lines (text outside <p>, <li>, headings) after the last paragraph of an
    article written in paragraphs (two at least, and two thirds of its prose): an author's
    note, a disclaimer, a prompt to subscribe or donate, a teaser, a form. An article's own
    text is written as its other paragraphs are; a run of short lines the main run was grown
    by after `core_last` (a recipe's steps) stays."""
    first, last = sel.region
    blocks, why = sel.blocks, sel.why

    def prose(i: int) -> bool:
        return not why[i] and len(blocks[i].text) >= _PROSE_CHARS and blocks[i].density < 0.3
    last_paragraph = next((i for i in range(last, first - 1, -1) if blocks[i].tag == "p" and prose(i)), None)
    if last_paragraph is None:
        return
    tail = [j for j in range(last_paragraph + 1, len(blocks))
            if not why[j] and blocks[j].tag == "line" and not core_last < j <= last]
    if not tail:            # most pages: nothing to weigh
        return
    proses = [i for i in range(first, last + 1) if prose(i)]
    paragraphs = sum(1 for i in proses if blocks[i].tag == "p")
    if paragraphs >= 2 and 3 * paragraphs >= 2 * len(proses):
        for j in tail:
            why[j] = "tail_line"


def _title_before(blocks: list[Block], classes: list[tuple[str, str]], first: int) -> int | None:
    """The article's title: the heading just before the main run, past at most a byline, a
    date or a link or two (`_TITLE_REACH` blocks); none where the run opens with a heading
    that ranks as high or higher (that one is the title, the one before a section's name,
    a site's motto, a search prompt)."""
    for i in range(first - 1, max(-1, first - 1 - _TITLE_REACH), -1):
        if blocks[i].tag == "h" and classes[i][0] != "bad":
            opening = blocks[first] if first < len(blocks) else None
            if opening is not None and opening.tag == "h" and opening.level and blocks[i].level >= opening.level:
                return None
            return i
        if classes[i][0] == "good":
            return None
    return None


def _before_title(sel: Selection) -> None:
    """Drop the bare lines that open the main run right before its first heading (at most
    `_TITLE_REACH`, each shorter than prose): a kicker, a date or byline line, a caption, a
    label ("Pressemitteilung"); the article starts at its title."""
    first, last = sel.region
    k = first
    while k <= last and k < first + _TITLE_REACH and sel.blocks[k].tag == "line":
        k += 1
    if first < k <= last and sel.blocks[k].tag == "h" and not sel.why[k]:
        for j in range(first, k):
            if not sel.why[j] and len(sel.blocks[j].text) < _PROSE_CHARS:
                sel.why[j] = "before_title"


def _weights(blocks: list[Block], classes: list[tuple[str, str]], opts: Options, sizes: list[int]) -> list[float]:
    return [-(n + opts.bad_cost) if c == "bad" else n - opts.link_weight * b.links - opts.block_cost
            for b, (c, _), n in zip(blocks, classes, sizes)]


def _end_at_cue(sel: Selection, classes: list[tuple[str, str]], opts: Options, sizes: list[int]) -> None:
    """Drop everything from the first end cue that comes past `end_share` of the main prose,
    unless it heads a box inside the article (more prose follows it); a comments cue ends
    the article whatever follows. Linear: prose blocks still to come are counted once,
    from the end, and no block of a box is visited twice."""
    first, last = sel.region
    prose = [sizes[i] if c == "good" and first <= i <= last else 0 for i, (c, _) in enumerate(classes)]
    blocks_after = [0] * (len(prose) + 1)       # prose blocks after position i
    for i in range(len(prose) - 1, -1, -1):
        blocks_after[i] = blocks_after[i + 1] + (1 if prose[i] else 0)
    total, seen, boxed = sum(prose), 0, 0
    for i, (_, reason) in enumerate(classes):
        if reason in ("end", "comments") and i > first and seen and seen >= opts.end_share * total:
            inline = reason == "end" and (total - seen >= opts.inline_share * total or blocks_after[i + 1] >= 2)
            if not inline:
                for j in range(i, len(sel.blocks)):
                    sel.why[j] = sel.why[j] or "after_end"
                return
            j = max(i + 1, boxed)      # the box: the cue and what follows it up to the next prose
            while j <= last and classes[j][0] != "good":
                sel.why[j] = sel.why[j] or "box"
                j += 1
            boxed = j
        if not sel.why[i]:
            seen += prose[i]


def _teasers(blocks: list[Block], classes: list[tuple[str, str]], region: tuple[int, int],
             opts: Options, sizes: list[int]) -> list[int]:
    """Teaser lists after the article: a linked headline, then its summary, again and again
    (`teaser_run` times or more). The summaries are prose and would pass for the article's;
    what gives them away is the linked block before each. Only past `end_share` of the main
    prose, where an article's own paragraphs rarely follow a link of their own."""
    first, last = region
    total = sum(sizes[i] for i in range(first, last + 1) if classes[i][0] == "good")
    found: list[int] = []
    seen, run = 0, []
    for i, (c, _) in enumerate(classes):
        if c == "bad":
            continue                # link blocks between two teasers (a label, "more") keep the run
        if i > 0 and classes[i - 1] == ("bad", "links") and len(blocks[i].text) <= opts.teaser_chars:
            run.append(i)
            continue
        if len(run) >= opts.teaser_run and seen >= opts.end_share * total:
            found += run
        run = []
        if c == "good" and first <= i <= last:
            seen += sizes[i]
    if len(run) >= opts.teaser_run and seen >= opts.end_share * total:
        found += run
    return found


def _ends_statement(text: str) -> bool:
    """Does `text` end a statement? A question after the article's last prose is a prompt to
    the reader ("Was this article useful?", "Lust auf mehr?"), not the article's."""
    if text.rstrip(_CLOSERS).endswith(("?", "？", "؟")):
        return False
    return bool(_SENTENCE_END.search(text))
