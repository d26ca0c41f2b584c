"""A page's main text by a cascade: the fast path decides most pages, a second extractor the rest.

The fast path is resiliparse's main-content extraction written as minimal HTML (C speed,
~2 ms a page), read into blocks and chosen from by structure (`rasd.ingest.maintext`).
Where its output looks wrong — shorter than `min_chars` while the page has prose it left
out, or without one block of prose — trafilatura decides the page instead (~15-30 ms):
pages whose article resiliparse pruned with the chrome, or keeps in a script template.
The share of pages that reach it is the price of the cascade (~6% of the shared
benchmark's pages); `bench/maintext_bench.py` reports it.

Every decision is a pure function of the page: the same bytes give the same text, so
re-ingesting a page changes nothing.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass

from rasd.ingest.blocks import parse_blocks
from rasd.ingest.maintext import Options, Selection, classify, cues, select

log = logging.getLogger(__name__)
_PROSE_LINE = 80


@dataclass
class MainText:
    """The main text of a page and how it was found."""
    text: str
    extractor: str              # "rasd" (the fast path), "trafilatura", or "plain" (all the page's text)
    why: str = ""               # why the fast path was not trusted: "short", "no_prose", "empty"
    selection: Selection | None = None


def main_text(html: str, *, options: Options | None = None) -> MainText:
    """The main text of `html` (a page already decoded, its nesting capped)."""
    from resiliparse.extract.html2text import extract_plain_text
    opts = options or Options()
    minimal = extract_plain_text(html, preserve_formatting="minimal_html", main_content=True, links=True,
                                 comments=False, alt_texts=False)
    sel = select(parse_blocks(minimal), options=opts)
    text = sel.text
    why = _doubt(sel, text, opts)
    if not why:
        return MainText(text, "rasd", selection=sel)
    plain = extract_plain_text(html, main_content=False, comments=False, alt_texts=False)
    if why == "short" and _prose_outside(plain, text) < opts.min_chars - len(text):
        return MainText(text, "rasd", selection=sel)    # a short article on a small page
    if opts.fallback:
        second = _trafilatura(html, fast=opts.fallback_fast)
        if len(second.strip()) > len(text.strip()):
            return MainText(second, "trafilatura", why, sel)
    if text.strip():
        return MainText(text, "rasd", why, sel)
    # Nothing kept by either: all the page's text, as rasd read pages before (a page of a
    # few lines, a form) rather than nothing.
    return MainText(plain, "plain", why, sel)


def _doubt(sel: Selection, text: str, opts: Options) -> str:
    """Why the fast path's text looks wrong ("" when it does not)."""
    if not text.strip():
        return "empty"
    if len(text) < opts.min_chars:
        return "short"
    if not sel.prose_chars:
        return "no_prose"
    return ""


def _prose_outside(plain: str, kept: str) -> int:
    """Characters of the page's prose-like lines (80 characters or more) that the fast path
    did not keep: where there are none, a short text is a short page, not a pruned article."""
    return sum(len(line) for line in plain.split("\n") if len(line) >= _PROSE_LINE and line.strip() not in kept)


def _trafilatura(html: str, *, fast: bool) -> str:
    try:
        from trafilatura import extract
        return extract(html, fast=fast, include_comments=False, include_tables=True) or ""
    except Exception as e:      # trafilatura raises many kinds on broken pages: the fast path's text stands
        log.debug("trafilatura failed: %s", e)
        return ""


def fragment_text(html: str, *, options: Options | None = None) -> str:
    """The text of an HTML fragment (a feed entry's content) without its furniture: share
    lines, "read also" links, advertising labels. A fragment is the article already: no
    main block is looked for and no second extractor is asked."""
    from resiliparse.extract.html2text import extract_plain_text
    opts = options or Options()
    blocks = parse_blocks(extract_plain_text(html, preserve_formatting="minimal_html", links=True,
                                             comments=False, alt_texts=False))
    kept = [b.text for b, (kind, _) in zip(blocks, classify(blocks, opts, cues())) if kind != "bad"]
    return "\n\n".join(kept) if kept else extract_plain_text(html, comments=False, alt_texts=False)
