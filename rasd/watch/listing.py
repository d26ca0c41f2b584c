"""A feed's or a sitemap's bytes → the articles it lists.

RSS and Atom are read by feedparser, from bytes wrapped in a stream (given a string,
feedparser may treat it as a URL or a file name and fetch it itself), with the feed's URL
as the base for relative links. Sitemaps (`<urlset>`, `<sitemapindex>`, gzipped or not,
Google News extensions) are read with defusedxml, which refuses a DTD outright: no entity
expansion (billion laughs), no external entity. A feed that declares entities is refused as
well before feedparser sees it, for the same reason.
"""
from __future__ import annotations

import io
import zlib
from dataclasses import dataclass, field

from rasd.errors import FetchError
from rasd.ingest.readers import parse_published
from rasd.watch.urls import TRACKING, normalize

_NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"


@dataclass(frozen=True)
class Entry:
    url: str                       # normalized: the article's key and document id
    link: str                      # as the listing gives it (absolute): what is fetched
    guid: str | None = None
    stamp: str | None = None       # the entry's updated (else published) date as written: a change means "fetch again"
    published: str | None = None   # YYYY-MM-DD where the listing says
    title: str | None = None


@dataclass
class Listing:
    kind: str                      # feed or sitemap
    entries: list[Entry] = field(default_factory=list)
    sitemaps: list[str] = field(default_factory=list)     # a sitemap index's children
    title: str | None = None


def parse_listing(data: bytes, *, url: str, kind: str | None = None, content_type: str = "",
                  max_bytes: int = 50_000_000, drop: tuple[str, ...] = TRACKING) -> Listing:
    """The entries of a feed or sitemap at `url` (kind None: told from the content).
    FetchError("bad_listing") when it is neither, or holds no entries."""
    if data[:2] == b"\x1f\x8b":     # a .xml.gz sitemap served as it is stored
        data = _gunzip(data, max_bytes, url)
    if kind is None:
        kind = "sitemap" if _root(data) in ("urlset", "sitemapindex") else "feed"
    listing = _sitemap(data, url, drop) if kind == "sitemap" else _feed(data, url, content_type, drop)
    if not listing.entries and not listing.sitemaps:
        raise FetchError("bad_listing", f"{url}: no entries")
    return listing


def _gunzip(data: bytes, max_bytes: int, url: str) -> bytes:
    try:
        out = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(data, max_bytes + 1)
    except zlib.error as e:
        raise FetchError("bad_listing", f"{url}: bad gzip: {e}") from None
    if len(out) > max_bytes:
        raise FetchError("too_large", f"{url}: expands to more than {max_bytes:,} bytes")
    return out


def _root(data: bytes) -> str | None:
    """The local name of the document's first element, read from its first 4 KB."""
    head = data[:4096].decode("utf-8", errors="replace")
    i = 0
    while (i := head.find("<", i)) >= 0:
        if head.startswith(("<?", "<!"), i):
            i += 2
            continue
        name = head[i + 1:].split(None, 1)[0].split(">", 1)[0] if head[i + 1:] else ""
        return name.rsplit(":", 1)[-1] or None
    return None


def _entry(link: str | None, base: str, drop: tuple[str, ...], **fields) -> Entry | None:
    from urllib.parse import urljoin
    if not link or not link.strip():
        return None
    absolute = urljoin(base, link.strip())
    try:
        key = normalize(absolute, drop=drop)
    except ValueError:
        return None
    if not key.startswith(("http://", "https://")):
        return None
    return Entry(url=key, link=absolute, **fields)


def _date(value: str | None) -> str | None:
    if not value or not value.strip():
        return None
    date, _ = parse_published(value)
    return date if date and len(date) == 10 else None


# -- RSS and Atom --------------------------------------------------------------------------
def _feed(data: bytes, url: str, content_type: str, drop: tuple[str, ...]) -> Listing:
    import feedparser
    if b"<!ENTITY" in data[:65536].upper():
        raise FetchError("bad_listing", f"{url}: declares XML entities; refused (entity expansion)")
    headers = {"content-location": url}
    if content_type:
        headers["content-type"] = content_type
    parsed = feedparser.parse(io.BytesIO(data), response_headers=headers)
    if not parsed.entries and parsed.get("bozo"):
        raise FetchError("bad_listing", f"{url}: not a feed ({parsed.get('bozo_exception')})")
    listing = Listing("feed", title=parsed.feed.get("title") or None)
    seen: set[str] = set()
    for e in parsed.entries:
        # dict.get: feedparser's own get maps a missing "updated" to "published", with a warning
        updated, published = dict.get(e, "updated"), dict.get(e, "published")
        entry = _entry(e.get("link"), url, drop, guid=e.get("id") or None, stamp=updated or published or None,
                       published=_date(published) or _date(updated),
                       title=(e.get("title") or "").strip() or None)
        if entry is not None and entry.url not in seen:
            seen.add(entry.url)
            listing.entries.append(entry)
    return listing


# -- sitemaps ------------------------------------------------------------------------------
def _sitemap(data: bytes, url: str, drop: tuple[str, ...]) -> Listing:
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import ParseError, fromstring
    try:
        root = fromstring(data, forbid_dtd=True)
    except DefusedXmlException as e:
        raise FetchError("bad_listing", f"{url}: {type(e).__name__}: DTDs and entities are refused") from None
    except ParseError as e:
        raise FetchError("bad_listing", f"{url}: not XML: {e}") from None
    listing = Listing("sitemap")
    name = root.tag.rsplit("}", 1)[-1]
    if name == "sitemapindex":
        listing.sitemaps = [loc for child in root if (loc := _text(child, "loc"))]
        return listing
    if name != "urlset":
        raise FetchError("bad_listing", f"{url}: <{name}> is not a sitemap")
    seen: set[str] = set()
    for item in root:
        lastmod = _text(item, "lastmod")
        news = next((c for c in item if c.tag == f"{_NEWS}news"), None)
        published = _text(news, "publication_date") if news is not None else None
        title = _text(news, "title") if news is not None else None
        entry = _entry(_text(item, "loc"), url, drop, stamp=lastmod or published,
                       published=_date(published) or _date(lastmod), title=title)
        if entry is not None and entry.url not in seen:
            seen.add(entry.url)
            listing.entries.append(entry)
    # newest first, so that a first poll capped at a few articles takes the latest ones
    listing.entries.sort(key=lambda e: e.stamp or "", reverse=True)
    return listing


def _text(element, local: str) -> str | None:
    for child in element:
        if child.tag.rsplit("}", 1)[-1] == local and child.text and child.text.strip():
            return child.text.strip()
    return None
