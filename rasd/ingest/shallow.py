"""Would `cap_nesting` return a page unchanged? Answered cheaply, without its stack.

`rasd.ingest.htmldepth.cap_nesting` follows the parser's stack of open elements with every
rule that can close one (~4 ms a real page: more than all the rest of reading it), and
returns a page that never opens an element deeper than `MAX_HTML_DEPTH` as it is. Real
pages nest some tens of elements deep, and a count that can only overestimate its depth
settles them: one counter per element name, up on a start tag (void elements aside), down
on an end tag while above zero. `cap_nesting` closes at least the element an end tag
names when one is open (and more, and also on some start tags), and opens at most one
element per start tag, so the number of open elements it counts never exceeds the sum of
these counters. The tags are read exactly as it reads them (the same tokens; comments and
raw text skipped alike). Where the sum stays under the cap, capping would change nothing;
elsewhere `cap_nesting` runs as before.

One regex lists the page's tokens at C speed (`findall`): a comment or an element of raw
text (<script> … up to its end tag) is one token without a name, a tag gives its name, and
the Python loop only counts. ~0.6 ms a page, most of it the regex (following the scan from
Python, match by match, and lowercasing every name: ~0.75 ms).

A small page needs no proof (`safe_to_parse`): nesting costs the parser and resiliparse's
main-content step time quadratic in the depth, and a page of `SMALL_PAGE_TAGS` "<" or
fewer nests no deeper than that. Read whole at the worst (2,000 nested <div>, <ul> or
<form>, the costliest tags), such a page takes ~0.1 s, what trafilatura takes on one large
page; counting its "<" costs ~0.01 ms where the proof costs ~0.3 (72% of the shared
benchmark's pages are that small, and the check's time on them is half of its total). A
page of up to `PARSE_FIRST_TAGS` "<" is parsed first and its tree's depth looked at
(`parse_page`).
"""
from __future__ import annotations

import re
from collections import defaultdict

from rasd.ingest.htmldepth import _RAW, _VOID, MAX_HTML_DEPTH, cap_nesting

# Names are counted as written, not lowercased (a call per tag saved): <DIV> and
# </div> then count apart, and only ever more open elements than cap_nesting's
# lowercased names would, so an answer of True still holds. Void elements in lower or
# upper case are known as such; a "Br" counts as opened (harmless: the count only grows).
_VOID_ANY_CASE = _VOID | {name.upper() for name in _VOID}


def _ascii_case(name: str) -> str:
    """A pattern for `name` in any ASCII case: exactly the names `str.lower` maps to it
    (no raw-text element's name has a "k", the one letter a non-ASCII one lowers to)."""
    return "".join(f"[{c}{c.upper()}]" for c in name)


# One token: a comment (unclosed: the rest of the page), an element of raw text from its
# start tag to its end tag's "</name" (found case-insensitively, as by cap_nesting's
# `re.I` search; unclosed: the rest of the page), or a tag (`htmldepth._TAG`, then the
# first ">" after the name). Each repeat stops at "<" or "-" only: a lazy ".*?" with a
# lookahead at every character cost twice the whole scan. The comment and raw-text
# alternatives are tried only after "<" and a character one of them can start with.
_RAW_FIRST = "".join(sorted({c for name in _RAW for c in (name[0], name[0].upper())}))
_TOKENS = re.compile(
    r"<(?:(?=[!" + _RAW_FIRST + r"])(?:!--[^-]*(?:-(?!->)[^-]*)*(?:-->)?"
    + "".join(f"|{_ascii_case(n)}(?=[\\s/>])[^>]*>[^<]*(?:<(?!(?i:/{n}))[^<]*)*" for n in sorted(_RAW))
    + r")|(/?)([A-Za-z][^\s/>]*)[^>]*>)")


# Pages with at most this many "<" go to the parser as they are; up to PARSE_FIRST_TAGS the
# parsed tree's depth is looked at; past it the depth is shown before parsing (see the
# module's docstring).
SMALL_PAGE_TAGS = 2000
PARSE_FIRST_TAGS = 10000
# A chain of MAX_HTML_DEPTH elements, each the child of the one before: the tree nests that deep.
_DEEP = "*" + " > *" * (MAX_HTML_DEPTH - 1)


def parse_page(html: str) -> tuple[object, str]:
    """(resiliparse's `HTMLTree` of `html`, the HTML it was parsed from): `html` itself, or
    `cap_nesting(html)` where `html` might nest deeper than `MAX_HTML_DEPTH`.

    A small page (`SMALL_PAGE_TAGS` "<" or fewer) is parsed as it is. A larger one of at
    most `PARSE_FIRST_TAGS` "<" is parsed first (~0.1 s at the worst, however it nests) and
    its tree looked at with a CSS selector (~0.35 ms where proving the depth from the
    source costs ~1 ms); only where the tree nests too deep is it capped and parsed again,
    before resiliparse's main-content step (~1 s on 8,000 nested elements) reads it. Past
    `PARSE_FIRST_TAGS`, the depth is shown before parsing (`needs_no_cap`), as the parse
    itself would be slow."""
    from resiliparse.parse.html import HTMLTree
    n = html.count("<")
    if n <= SMALL_PAGE_TAGS:
        return HTMLTree.parse(html), html
    if n <= PARSE_FIRST_TAGS:
        tree = HTMLTree.parse(html)
        if tree.document is None or tree.document.query_selector(_DEEP) is None:
            return tree, html
    elif needs_no_cap(html):
        return HTMLTree.parse(html), html
    html = cap_nesting(html)
    return HTMLTree.parse(html), html


def needs_no_cap(html: str, limit: int = MAX_HTML_DEPTH) -> bool:
    """True when `cap_nesting(html, limit)` is certain to return `html` unchanged; False
    when it might not (then call it)."""
    if html.count("<") <= limit:
        return True
    open_by_name: defaultdict[str, int] = defaultdict(int)
    total = 0
    for slash, name in _TOKENS.findall(html):
        if slash:
            if open_by_name[name]:
                open_by_name[name] -= 1
                total -= 1
        elif name and name not in _VOID_ANY_CASE:   # (no name: a comment or raw text)
            if total >= limit:
                return False                # cap_nesting might be at the cap here
            open_by_name[name] += 1
            total += 1
    return True
