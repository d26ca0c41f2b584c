"""A page's text as blocks: paragraphs, headings, list items and bare lines, with their links.

resiliparse writes the text of a page as "minimal HTML" at C speed: `<p>`, `<h1>`…`<h6>`,
`<ul>`/`<ol>`/`<li>`, `<pre>`, `<br>` and `<a href>`, nothing else, with the text of the
elements it does not keep (div, span, td…) as bare lines between them. One regex pass over
that small output gives each block its text and how much of it is link text, which is what
the main-text stage (`rasd.ingest.maintext`) decides on; walking the DOM from Python
instead costs 5-50 times more.
"""
from __future__ import annotations

import html as htmllib
import re
from dataclasses import dataclass

# A tag of the minimal HTML (a "/" or "", its name), or a run of text between tags (or a
# lone "<"): read with `findall`, as (slash, name, text) tuples, one of name and text empty.
_TOKEN = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)[^>]*>|([^<]+|<)")
# White space to fold to one space: a run of two or more, or one that is not a space (a
# single space matching too would make every word a replacement: 20 times slower).
_SPACE = re.compile(r"[ \t\r\f\v\u00a0\u2028\u2029]{2,}|[\t\r\f\v\u00a0\u2028\u2029]")
# Invisible hyphenation points and zero-width spaces: formatting, not text (a soft hyphen in
# every other syllable hides the words from any search).
_INVISIBLE = re.compile("[\u00ad\u200b]")
_MAX_WRAPPED = 3            # blocks one link may wrap (a card: heading, teaser, label)
_BLOCK_TAGS = {"p": "p", "h1": "h", "h2": "h", "h3": "h", "h4": "h", "h5": "h", "h6": "h",
               "li": "li", "pre": "pre"}


@dataclass(slots=True)
class Block:
    """One block of a page's text, in reading order."""
    text: str                 # white space folded; a <br> inside the block is a line feed
    tag: str                  # p, h (a heading), li, pre, or line (text outside those)
    links: int = 0            # characters of `text` inside links
    list_no: int = 0          # the <ul>/<ol> the item is in (numbered from 1), 0 outside a list
    level: int = 0            # a heading's level (1-6)

    @property
    def density(self) -> float:
        """The share of the block's characters that are link text."""
        return self.links / len(self.text) if self.text else 0.0


class _Builder:
    """Collects the pieces of the block being read and closes it into a `Block`.

    Link text is credited when its `</a>` comes: resiliparse leaves an `<a>` unclosed when
    the link held no text of its own (an image link), and the text after such a tag is not
    link text. A link that wraps whole blocks (a teaser: `<a><h3>…</h3><p>…</p></a>`) closes
    after them, and makes them link text.
    """

    __slots__ = ("blocks", "pieces", "chars", "links", "tag", "level", "list_no", "anchor")

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.pieces: list[str] = []
        self.chars = 0              # characters in `pieces`
        self.links = 0
        self.tag = "line"
        self.level = 0
        self.list_no = 0
        # When the open <a> began: (blocks closed, chars of the current block, inside a block)
        self.anchor: tuple[int, int, bool] | None = None

    def add(self, text: str) -> None:
        if not text:
            return
        if self.tag == "line" and "\n" in text:
            self._add_lines(text)
            return
        if "\u00ad" in text or "\u200b" in text:
            text = _INVISIBLE.sub("", text)
        if self.tag != "pre":
            text = _fold_spaces(text.replace("\n", " ") if "\n" in text else text)
        self.pieces.append(text)
        self.chars += len(text)

    def _add_lines(self, text: str) -> None:
        """Bare text: each line is a block of its own (resiliparse ends a div with a line
        feed). White space right before a line feed is left out: the block's text would be
        stripped of it, and it moves nothing else (most such text is the line feeds and
        indentation between two blocks)."""
        *lines, last = text.split("\n")
        for line in lines:
            if line and not line.isspace():
                self.add(line)
            if self.pieces or self.anchor is not None:     # else closing bare text changes nothing
                self.close()
        self.add(last)

    def open_link(self) -> None:
        self.anchor = (len(self.blocks), self.chars, self.tag != "line" or self.chars > 0)

    def close_link(self) -> None:
        if self.anchor is None:
            return
        closed, chars, _ = self.anchor
        self.anchor = None
        if closed == len(self.blocks):
            self.links += self.chars - chars             # a link inside the current block
        elif len(self.blocks) - closed <= _MAX_WRAPPED:
            for block in self.blocks[closed:]:            # a link around whole blocks
                block.links = len(block.text)

    def close(self, next_tag: str = "line", level: int = 0) -> None:
        if not self.pieces:         # most closes: the empty lines between two blocks
            if self.anchor is not None and self.anchor[2]:
                self.anchor = None
            self.tag, self.level = next_tag, level
            return
        text = "".join(self.pieces)
        if self.tag != "pre":
            # each line stripped of spaces, then the whole: one strip where there is one line
            text = "\n".join(part.strip(" ") for part in text.split("\n")).strip() if "\n" in text else text.strip()
        if text:
            self.blocks.append(Block(text, self.tag, min(self.links, len(text)),
                                     self.list_no if self.tag == "li" else 0, self.level))
        if self.anchor is not None and self.anchor[2]:
            self.anchor = None      # opened inside this block and never closed in it
        self.pieces, self.chars, self.links, self.tag, self.level = [], 0, 0, next_tag, level


def _fold_spaces(text: str) -> str:
    """`text` with its white space folded (`_SPACE`). Most text needs none, and eight
    substring tests say so ten times faster than the regex can."""
    if ("  " in text or "\t" in text or "\r" in text or "\u00a0" in text or "\f" in text or "\v" in text
            or "\u2028" in text or "\u2029" in text):
        return _SPACE.sub(" ", text)
    return text


def parse_blocks(minimal_html: str) -> list[Block]:
    """The blocks of resiliparse's `preserve_formatting="minimal_html"` output, in order."""
    out = _Builder()
    lists: list[int] = []       # the open lists, innermost last
    count = 0
    for slash, name, text in _TOKEN.findall(minimal_html):     # tuples: no Match object, no group() calls
        if text:
            out.add(htmllib.unescape(text) if "&" in text else text)
            continue
        if not name.islower():       # (resiliparse writes names in lowercase)
            name = name.lower()
        closing = slash
        if name == "a":
            if closing:
                out.close_link()
            else:
                out.open_link()
        elif name == "br":
            out.pieces.append("\n")
            out.chars += 1
        elif name in ("ul", "ol"):
            out.close()
            if closing:
                if lists:
                    lists.pop()
            else:
                count += 1
                lists.append(count)
            out.list_no = lists[-1] if lists else 0
        elif name in _BLOCK_TAGS:
            if closing:
                out.close()
                out.list_no = lists[-1] if lists else 0
            else:
                kind = _BLOCK_TAGS[name]
                out.close(kind, int(name[1]) if kind == "h" else 0)
                out.list_no = lists[-1] if lists else 0
    out.close()
    return out.blocks
