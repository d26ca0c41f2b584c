"""A fetched page → a Document, exactly as `rasd ingest` reads an HTML file.

The bytes are decoded as a file's are (UTF-8, windows-1256, ISO-8859-6 detected), except
that a charset the server or the page declares is believed when the bytes are not UTF-8 and
decode under it without error; the main text, title, date and site come from the same
readers (resiliparse, trafilatura), and the same checks and cleaning apply (`_finish`:
length limit, control characters, mojibake). The listing's metadata wins over the page's:
the source's outlet and language, the entry's publication date; the page's own date (or
one found in its text) fills in where the listing gives none.
"""
from __future__ import annotations

import codecs
import re

from rasd.errors import InputError
from rasd.ingest.encoding import binary_reason, decode_text
from rasd.ingest.readers import Limits, _bad_bytes_warning, _finish, html_document
from rasd.model import Document, Skipped
from rasd.watch.fetch import Page
from rasd.watch.sources import Source
from rasd.watch.state import Pending

HTML_TYPES = ("text/html", "application/xhtml+xml", "")       # "" : no Content-Type, read as HTML
TEXT_TYPES = ("text/plain",)
_UNBELIEVED = (None, "utf-8", "ascii", "latin-1", "iso8859-1", "cp1252")
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.IGNORECASE)


def page_document(page: Page, entry: Pending, source: Source, limits: Limits) -> Document | Skipped:
    """The document of `entry`, fetched as `page`; Skipped (with the store's reason codes)
    when the page is not text, is binary, undecodable or too long."""
    where = entry.url
    kind = page.content_type
    if kind not in HTML_TYPES and kind not in TEXT_TYPES:
        return Skipped(where, "not_text", f"{kind or 'unknown'} content at {page.url}")
    try:
        text, encoding, bad = decode_page(page.body, declared=page.charset or _meta_charset(page.body), limits=limits)
    except InputError as e:
        return Skipped(where, e.reason, e.detail)
    if kind in TEXT_TYPES:
        doc = Document(id=entry.url, text=text, source=entry.url)
    else:
        doc = html_document(entry.url, text, entry.url)
    doc.encoding = encoding
    doc.warnings += _bad_bytes_warning(bad, encoding)
    meta = {"published": entry.published, "outlet": source.outlet, "language": source.language, "url": page.url}
    return _finish(doc, meta, limits, where)


def decode_page(data: bytes, *, declared: str | None, limits: Limits) -> tuple[str, str, int]:
    """(text, encoding, bytes replaced): `decode_text`, unless the bytes are not UTF-8 and
    the declared charset reads them without error (pages say windows-1256 more reliably
    than a guess can tell it from ISO-8859-6). A declared Latin-1 or windows-1252 is not
    believed: it decodes any bytes, and Arabic sites served with a server's default
    "iso-8859-1" are common."""
    if declared and not _is_utf8(data) and (codec := _codec(declared)) not in _UNBELIEVED:
        if binary_reason(data, max_control=limits.max_control) is None and data.strip():
            try:
                return data.decode(codec), codec, 0
            except UnicodeDecodeError:
                pass
    return decode_text(data, max_bad=limits.max_bad, max_control=limits.max_control)


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
        return True
    except UnicodeDecodeError:
        return False


def _codec(name: str) -> str | None:
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def _meta_charset(body: bytes) -> str | None:
    m = _META_CHARSET.search(body[:4096])
    return m.group(1).decode("ascii") if m else None
