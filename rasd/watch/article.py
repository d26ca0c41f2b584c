"""A fetched page → a Document, exactly as `rasd ingest` reads an HTML file.

The bytes are decoded as a file's are (the charset the server or the page declares where the
bytes bear it out, then UTF-8, windows-1256 or ISO-8859-6); the main text, title, date and
site come from the same readers (the main-text cascade), and the same checks and cleaning
apply (`finish_document`:
length limit, control characters, mojibake). The listing's metadata wins over the page's:
the source's outlet and language, the entry's publication date; the page's own date (or
one found in its text) fills in where the listing gives none.
"""
from __future__ import annotations

from rasd.errors import InputError
from rasd.ingest.encoding import decode_text
from rasd.ingest.readers import Limits, bad_bytes_warning, finish_document, html_document
from rasd.model import Document, Skipped
from rasd.watch.fetch import Page
from rasd.watch.sources import Source
from rasd.watch.state import Pending

HTML_TYPES = ("text/html", "application/xhtml+xml", "")       # "" : no Content-Type, read as HTML
TEXT_TYPES = ("text/plain",)


def page_document(page: Page, entry: Pending, source: Source, limits: Limits) -> Document | Skipped:
    """The document of `entry`, fetched as `page`; Skipped (with the store's reason codes)
    when the page is not text, is binary, undecodable or too long."""
    where = entry.url
    kind = page.content_type
    if kind not in HTML_TYPES and kind not in TEXT_TYPES:
        return Skipped(where, "not_text", f"{kind or 'unknown'} content at {page.url}")
    try:
        text, encoding, bad = decode_page(page.body, declared=page.charset, limits=limits)
    except InputError as e:
        return Skipped(where, e.reason, e.detail)
    if kind in TEXT_TYPES:
        doc = Document(id=entry.url, text=text, source=entry.url)
    else:
        doc = html_document(entry.url, text, entry.url)
    doc.encoding = encoding
    doc.warnings += bad_bytes_warning(bad, encoding)
    meta = {"published": entry.published, "outlet": source.outlet, "language": source.language, "url": page.url}
    return finish_document(doc, meta, limits, where)


def decode_page(data: bytes, *, declared: str | None, limits: Limits) -> tuple[str, str, int]:
    """(text, encoding, bytes replaced): the same decoding as a file or WARC record — the
    charset the server declares, or the page's own <meta>, where the bytes bear it out
    (`rasd.ingest.encoding.decode_text`)."""
    return decode_text(data, max_bad=limits.max_bad, max_control=limits.max_control, declared=declared, html=True)
