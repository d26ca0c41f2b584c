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
elsewhere `cap_nesting` runs as before. ~1 ms a page.
"""
from __future__ import annotations

import re

from rasd.ingest.htmldepth import _RAW, _TAG, _VOID, MAX_HTML_DEPTH

_RAW_END: dict[str, re.Pattern] = {}
# cap_nesting's tokens (`_TAG`, then the first ">" after the name), in one match.
_WHOLE_TAG = re.compile(_TAG.pattern.replace(r"([A-Za-z][^\s/>]*)", r"([A-Za-z][^\s/>]*)[^>]*>"))


def needs_no_cap(html: str, limit: int = MAX_HTML_DEPTH) -> bool:
    """True when `cap_nesting(html, limit)` is certain to return `html` unchanged; False
    when it might not (then call it)."""
    if html.count("<") <= limit:
        return True
    open_by_name: dict[str, int] = {}
    total = 0
    pos = 0
    while pos is not None:
        pos, total = _count_until_skip(html, pos, open_by_name, total, limit)
        if pos is _TOO_DEEP:
            return False
    return True


_TOO_DEEP = -1


def _count_until_skip(html: str, pos: int, open_by_name: dict[str, int], total: int,
                      limit: int) -> tuple[int | None, int]:
    """Count the tags from `pos` on until a comment or raw text starts: (where to go on from,
    or None at the end of the page, or _TOO_DEEP; the open elements counted)."""
    get = open_by_name.get
    for m in _WHOLE_TAG.finditer(html, pos):
        slash, name = m.groups()
        if name is None:                    # <!-- comment -->
            end = html.find("-->", m.end())
            return (None if end < 0 else end + 3), total      # unclosed: the rest is a comment
        name = name.lower()
        if slash:
            n = get(name)
            if n:
                open_by_name[name] = n - 1
                total -= 1
        elif name in _RAW:
            end_re = _RAW_END.get(name) or _RAW_END.setdefault(name, re.compile("</" + name, re.I))
            end = end_re.search(html, m.end())
            return (None if end is None else end.start()), total   # unclosed: raw text to the end
        elif name not in _VOID:
            if total >= limit:
                return _TOO_DEEP, total     # cap_nesting might be at the cap here
            open_by_name[name] = get(name, 0) + 1
            total += 1
    return None, total
