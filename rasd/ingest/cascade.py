"""A page's main text by a cascade: the fast path decides most pages, a second extractor the rest.

The fast path is resiliparse's main-content extraction written as minimal HTML (C speed,
~1.5 ms a page), read into blocks and chosen from by structure (`rasd.ingest.maintext`).
Where its output looks wrong, the page is read again, whole (the tree is parsed once):
- it kept nothing: the same structure rules on all of the page's blocks, before
  resiliparse's main-content step pruned any, decide the page where they find an
  article ("page"; ~2 ms);
- it kept less than `min_chars` while the page has prose it left out, or no block of
  prose while the page has some: where the same rules on the whole page find a long
  article (`long_prose` characters of prose), that reading decides ("page");
- otherwise, or where the whole page gave nothing either: trafilatura decides the page
  (~5-50 ms): pages whose article resiliparse pruned with the chrome, or keeps in a
  script template.
The share of pages that reach trafilatura is the price of the cascade (~5% of the shared
benchmark's pages); `bench/maintext_bench.py` reports it.

Ruby annotations (the readings printed over Japanese and Chinese words) are left out first.
Every decision is a pure function of the page: the same bytes give the same text, so
re-ingesting a page changes nothing.
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass, replace

from rasd.ingest.blocks import Block, parse_blocks
from rasd.ingest.maintext import Options, Selection, classify, cues, prose_chars, select, size
from rasd.ingest.shallow import parse_page

log = logging.getLogger(__name__)
_PROSE_LINE = 80
# Ruby annotations (<rt>, <rp>): the reading of each word printed above it on Japanese and
# Chinese pages. Kept, they cut every annotated sentence into word / reading / word.
_RUBY_TEXT = re.compile(r"<(rt|rp)\b[^<>]*>[^<]*</\1\s*>", re.IGNORECASE)
_RUBY_TAG = re.compile(r"<r[tp]\b", re.IGNORECASE)
# A client-side template: HTML in a <script> that the page's script renders (text/template,
# text/x-template, text/html, text/x-handlebars-template, text/x-jquery-tmpl ...).
_TEMPLATE = re.compile(r"""<script\b[^<>]{0,200}?\btype\s*=\s*["']?text/(?:x-)?[a-z-]{0,30}?(?:template|tmpl|html)\b"""
                       r"""[^<>]{0,200}>""", re.IGNORECASE)
_SCRIPT_END = re.compile(r"</script", re.IGNORECASE)


@dataclass
class MainText:
    """The main text of a page and how it was found."""
    text: str
    # "rasd" (the fast path), "page" (the same rules on the page before resiliparse pruned
    # it), "trafilatura", or "plain" (all the page's text)
    extractor: str
    why: str = ""               # why the fast path was not trusted: "short", "no_prose", "empty"
    selection: Selection | None = None


def main_text(html: str, *, options: Options | None = None, templates: bool = True) -> MainText:
    """The main text of `html` (a page already decoded; its nesting is capped here where
    it nests too deep: `rasd.ingest.shallow.parse_page`). `templates`: whether the HTML in
    the page's client-side templates may be read where the page's own looks wrong."""
    opts = options or Options()
    tree, html = parse_page(without_ruby_text(html))     # parsed once, read once or twice
    sel = select(parse_blocks(minimal_html(tree, main_content=True)), options=opts)
    text = sel.text
    why = _doubt(sel, text, opts)
    if not why:
        return MainText(text, "rasd", selection=sel)
    # All of the page's blocks, before resiliparse's main-content step pruned any (~1.5 ms).
    page_blocks = parse_blocks(minimal_html(tree, main_content=False))
    # What the structure rules keep of the whole page is some of its blocks: where all of
    # them hold no prose, or less than `long_prose`, the rules' reading of it would be
    # doubted or too short below, and they are not asked.
    page_prose = prose_chars(page_blocks)
    if why == "empty" and page_prose:
        # Where that step left nothing, the same structure rules on the whole page mostly
        # find the article the second extractor would, at a tenth of its cost.
        page = select(page_blocks, options=opts)
        if not _doubt(page, page.text, opts):
            return MainText(page.text, "page", why, page)
    if why == "short" and _prose_outside(page_blocks, text) < opts.min_chars - len(text):
        return MainText(text, "rasd", selection=sel)    # a short article on a small page
    if why == "no_prose" and not any(size(b) >= opts.good_chars and b.density < opts.good_density
                                     for b in page_blocks):
        return MainText(text, "rasd", selection=sel)    # a page without prose: a list, a shop, a gallery
    if why != "empty" and opts.long_prose and page_prose >= opts.long_prose:
        # The whole page reads as a long article (the fast path's was pruned with the chrome):
        # that reading decides. trafilatura's cost grows with the page (~50 ms on 200 KB),
        # and where the same rules find this much prose it found the same article.
        page = select(page_blocks, options=opts)
        if page.prose_chars >= opts.long_prose and not _doubt(page, page.text, opts):
            return MainText(page.text, "page", why, page)
    if templates and (tpl := _template(html, opts, why)) is not None and len(tpl.text) > len(text):
        return tpl              # the article is in a client-side template: read it there (~2 ms)
    if opts.fallback:
        second = _without_furniture(_trafilatura(html, fast=opts.fallback_fast))
        if len(second.strip()) > len(text.strip()):
            return MainText(second, "trafilatura", why, sel)
    if text.strip():
        return MainText(text, "rasd", why, sel)
    # Nothing kept by either: all the page's text, as rasd read pages before (a page of a
    # few lines, a form) rather than nothing.
    return MainText("\n\n".join(b.text for b in page_blocks), "plain", why, sel)


def _template(html: str, opts: Options, why: str) -> MainText | None:
    """The main text of the HTML in the page's client-side templates (`<script
    type="text/template">` and kin, which the page's script renders: Blogger writes each
    post into one), read by the fast path and the whole-page rules; None where there is
    none, or its text looks wrong too."""
    parts = []
    for m in _TEMPLATE.finditer(html):
        end = _SCRIPT_END.search(html, m.end())
        parts.append(html[m.end():end.start() if end else len(html)])
    if not parts:
        return None
    inner = "<html><body>" + "\n".join(parts) + "</body></html>"
    got = main_text(inner, options=replace(opts, fallback=False), templates=False)
    if got.extractor == "page" or got.extractor == "rasd" and not got.why:
        return MainText(got.text, "template", why, got.selection)
    return None


def minimal_html(tree: object, *, main_content: bool) -> str:
    """resiliparse's minimal HTML of a parsed page (an `HTMLTree`): all of it, or its main content."""
    from resiliparse.extract.html2text import extract_plain_text
    return extract_plain_text(tree, preserve_formatting="minimal_html", main_content=main_content, links=True,
                              comments=False, alt_texts=False)


def without_ruby_text(html: str) -> str:
    """`html` without its ruby annotations' text (the same string where there is none)."""
    if _RUBY_TAG.search(html) is None:        # a regex finds it faster than `in` over a page of "<"s
        return html
    return _RUBY_TEXT.sub("", html)


def _doubt(sel: Selection, text: str, opts: Options) -> str:
    """Why the fast path's text looks wrong ("" when it does not)."""
    if not text.strip():
        return "empty"
    if len(text) < opts.min_chars:
        return "short"
    if not sel.prose_chars:
        return "no_prose"
    return ""


def _prose_outside(page_blocks: list[Block], kept: str) -> int:
    """Characters of the page's prose-like blocks (80 characters or more) that the fast path
    did not keep: where there are none, a short text is a short page, not a pruned article."""
    return sum(len(b.text) for b in page_blocks if len(b.text) >= _PROSE_LINE and b.text not in kept)


def _trafilatura(html: str, *, fast: bool) -> str:
    try:
        from trafilatura import extract
        return extract(html, fast=fast, include_comments=False, include_tables=True) or ""
    except Exception as e:      # trafilatura raises many kinds on broken pages: the fast path's text stands
        log.debug("trafilatura failed: %s", e)
        return ""


def _without_furniture(text: str) -> str:
    """The second extractor's text without the lines the phrase cues call furniture by
    themselves (share prompts, credits, notices, "updated at"), as the fast path drops them."""
    if not text:
        return text
    table = cues()
    lines = text.split("\n")
    kept = [line for line in lines if table.kind(line.strip()) not in ("chrome", "meta")]
    return text if len(kept) == len(lines) else "\n".join(kept)


def fragment_text(html: str, *, options: Options | None = None) -> str:
    """The text of an HTML fragment (a feed entry's content) without its furniture: share
    lines, "read also" links, advertising labels. A fragment is the article already: no
    main block is looked for and no second extractor is asked."""
    from resiliparse.extract.html2text import extract_plain_text
    opts = options or Options()
    html = without_ruby_text(html)
    blocks = parse_blocks(extract_plain_text(html, preserve_formatting="minimal_html", links=True,
                                             comments=False, alt_texts=False))
    kept = [b.text for b, (kind, _) in zip(blocks, classify(blocks, opts, cues())) if kind != "bad"]
    return "\n\n".join(kept) if kept else extract_plain_text(html, comments=False, alt_texts=False)
