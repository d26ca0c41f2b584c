"""Cap the element nesting of HTML before it reaches the parser.

lexbor (the parser inside resiliparse) looks through the stack of open elements for every
start tag ("is a <p> open in button scope?"), and resiliparse's main-content extraction walks
the tree again by depth: both are quadratic in the nesting depth, so 80,000 unclosed <div>
(400 KB) took five minutes. `cap_nesting` leaves out the start tags (and their end tags) that
would open an element deeper than `MAX_HTML_DEPTH`, keeping their text (a block element
left out becomes a <br>, so its text still starts a line), in one linear pass.
It follows the parser's stack of open elements closely enough to count depth: void elements,
a <p>, <li>, <td> … that closes an open one of its kind, an end tag that closes what is open
above its element, raw text (<script>, <style> …) and comments. A page that nests less deep —
every real one — comes back unchanged (the same string object).
"""
from __future__ import annotations

import re

# libxml2 (lxml, which trafilatura reads the metadata with) flattens deeper nesting already; Blink
# caps at 512. Real pages nest some tens of elements deep (the deepest of 190 pages of the
# boilerplate evaluation set: 39).
MAX_HTML_DEPTH = 256

_TAG = re.compile(r"<(?:(/?)([A-Za-z][^\s/>]*)|!--)")
_VOID = frozenset("area base br col embed hr img input link meta param source track wbr keygen basefont "
                  "bgsound frame image".split())
_RAW = frozenset("script style textarea title xmp iframe noembed noframes plaintext".split())
_ONCE = frozenset(("html", "head", "body"))          # a second one is merged into the first
_FOREIGN = frozenset(("svg", "math"))                 # "/>" closes an element inside these
_SCOPE = frozenset("applet caption html table td th marquee object template svg math".split())
_BUTTON_SCOPE = _SCOPE | {"button"}
_TABLE_SCOPE = frozenset(("html", "table", "template"))
_MARKERS = frozenset("td th caption applet marquee object template html".split())
# "special" elements but address, div and p: an <li> does not close an <li> outside one of these
_LIST_SCOPE = frozenset("applet area article aside base basefont bgsound blockquote body br button caption "
                        "center col colgroup details dir dl embed fieldset figcaption figure footer form frame "
                        "frameset h1 h2 h3 h4 h5 h6 head header hgroup hr html iframe img input keygen link "
                        "listing main marquee menu meta nav noembed noframes noscript object ol param plaintext "
                        "pre script search section select source style summary table tbody td template textarea "
                        "tfoot th thead title tr track ul wbr xmp svg math".split())
# Start tags that close an open <p> (in button scope).
_CLOSES_P = frozenset("address article aside blockquote center details dialog dir div dl fieldset figcaption "
                      "figure footer header hgroup main menu nav ol p search section summary ul h1 h2 h3 h4 h5 "
                      "h6 pre listing form table dd dt li".split())
_HEADINGS = frozenset("h1 h2 h3 h4 h5 h6".split())
# Block elements: one left out becomes a <br>, so that its text still starts a line.
_BLOCK = _CLOSES_P | frozenset("li dd dt tr td th caption tbody thead tfoot table".split())
# A start tag of the key closes an open element of the value's names found before a scope boundary.
_CLOSES: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "li": (frozenset({"li"}), _LIST_SCOPE),
    "dd": (frozenset({"dd", "dt"}), _LIST_SCOPE),
    "dt": (frozenset({"dd", "dt"}), _LIST_SCOPE),
    "tr": (frozenset({"tr"}), _TABLE_SCOPE),
    "td": (frozenset({"td", "th"}), _TABLE_SCOPE),
    "th": (frozenset({"td", "th"}), _TABLE_SCOPE),
    "tbody": (frozenset({"tbody", "thead", "tfoot"}), _TABLE_SCOPE),
    "thead": (frozenset({"tbody", "thead", "tfoot"}), _TABLE_SCOPE),
    "tfoot": (frozenset({"tbody", "thead", "tfoot"}), _TABLE_SCOPE),
    "caption": (frozenset({"caption"}), _TABLE_SCOPE),
    "colgroup": (frozenset({"colgroup"}), _TABLE_SCOPE),
    "a": (frozenset({"a"}), _MARKERS),
    "nobr": (frozenset({"nobr"}), _SCOPE),
    "button": (frozenset({"button"}), _SCOPE),
    "select": (frozenset({"select"}), frozenset()),
}
_RAW_END: dict[str, re.Pattern] = {}


class _Stack:
    """The open elements, with where each name and each scope boundary last stands."""

    def __init__(self):
        self.names: list[str] = []
        self.at: dict[str, list[int]] = {}           # name → its positions in `names`
        self.bounds: dict[frozenset, list[int]] = {s: [] for s in
                                                   (_SCOPE, _BUTTON_SCOPE, _TABLE_SCOPE, _MARKERS, _LIST_SCOPE)}

    def push(self, name: str) -> None:
        i = len(self.names)
        self.names.append(name)
        self.at.setdefault(name, []).append(i)
        for scope, where in self.bounds.items():
            if name in scope:
                where.append(i)

    def pop(self) -> str:
        name = self.names.pop()
        self.at[name].pop()
        for scope, where in self.bounds.items():
            if name in scope:
                where.pop()
        return name

    def last(self, names) -> int:
        return max((got[-1] for n in names if (got := self.at.get(n))), default=-1)

    def in_scope(self, names, scope: frozenset) -> int:
        """Position of the last open element of `names` with no boundary of `scope` after it, or -1."""
        i = self.last(names)
        if i < 0:
            return -1
        b = self.bounds.get(scope)
        return i if not b or b[-1] <= i else -1

    def pop_to(self, i: int) -> None:
        while len(self.names) > i:
            self.pop()


def cap_nesting(html: str, limit: int = MAX_HTML_DEPTH) -> str:
    """`html` without the start tags, and their end tags, that would open an element deeper
    than `limit` (their text stays); `html` itself when nothing nests that deep."""
    if html.count("<") <= limit:
        return html
    return _scan(html, limit)


def _scan(html: str, limit: int) -> str:
    st = _Stack()
    dropped: dict[str, int] = {}
    cut: list[tuple[int, int, str]] = []
    pos = 0
    while True:
        m = _TAG.search(html, pos)
        if m is None:
            break
        if m.group(2) is None:                       # <!-- comment -->
            end = html.find("-->", m.end())
            if end < 0:
                break                                # the rest is a comment
            pos = end + 3
            continue
        gt = html.find(">", m.end())
        if gt < 0:
            break
        pos = gt + 1
        name = m.group(2).lower()
        if m.group(1):                               # an end tag
            if dropped.get(name):
                dropped[name] -= 1
                cut.append((m.start(), pos, ""))
            elif st.at.get(name):
                st.pop_to(st.at[name][-1])
            continue
        if name in _VOID or name in _ONCE and st.at.get(name):
            continue
        if name in _RAW:
            end_re = _RAW_END.get(name) or _RAW_END.setdefault(name, re.compile("</" + name, re.I))
            end = end_re.search(html, pos)
            if end is None:
                break                                # raw text to the end
            pos = end.start()
            continue
        if html[gt - 1] == "/" and (st.bounds[_SCOPE] and st.names[st.bounds[_SCOPE][-1]] in _FOREIGN):
            continue                                 # <path/> inside <svg>
        if name == "form" and st.at.get("form"):
            continue                                 # a form inside a form is ignored
        if name in _CLOSES_P:
            i = st.in_scope(("p",), _BUTTON_SCOPE)
            if i >= 0:
                st.pop_to(i)
        if name in _HEADINGS and st.names and st.names[-1] in _HEADINGS:
            st.pop()
        if name in ("option", "optgroup") and st.names and st.names[-1] == "option":
            st.pop()
        if name == "optgroup" and st.names and st.names[-1] == "optgroup":
            st.pop()
        closes = _CLOSES.get(name)
        if closes is not None:
            i = st.in_scope(*closes)
            if i >= 0:
                st.pop_to(i)
                if name == "select":
                    continue                         # <select> in a select closes it and opens none
        if len(st.names) >= limit:
            dropped[name] = dropped.get(name, 0) + 1
            cut.append((m.start(), pos, "<br>" if name in _BLOCK else ""))
            continue
        st.push(name)
    if not cut:
        return html
    out, last = [], 0
    for a, b, repl in cut:
        out.append(html[last:a])
        out.append(repl)
        last = b
    out.append(html[last:])
    return "".join(out)


def max_depth(html: str) -> int:
    """The deepest nesting `cap_nesting` counts in `html` (for checking real pages)."""
    deepest = 0
    orig_push = _Stack.push

    def push(self, name):
        nonlocal deepest
        orig_push(self, name)
        deepest = max(deepest, len(self.names))
    _Stack.push = push
    try:
        _scan(html, 10 ** 9)
    finally:
        _Stack.push = orig_push
    return deepest
