"""A web page's title, publication date, author, site, URL and declared language, cheaply.

Read from what pages declare, in this order of trust: JSON-LD (schema.org Article and its
kin), `<meta>` tags (Open Graph, article:*, Dublin Core, parsely, itemprop), a `<time>`
element marked as the publication time, a date in the URL, the first `<time datetime>`.
A page that declares no date gets one from a dateline among the first blocks of its text
(`dateline_date`: "12.12.2022 - Empa", "Erstellt am Dienstag 6. Mai 2014", "May 19, 2020",
"القاهرة - 12 أكتوبر 2024", "(د ب أ) الخرطوم، الأحد 13 أكتوبر 2024 - ..." at the head of the
first paragraph), or from an Arabic or English one later (`rasd.text.dates.find_published`,
in the reader). Regular expressions over the page's source, no DOM: ~0.3 ms a page where
`trafilatura.extract_metadata` took ~15 ms.
"""
from __future__ import annotations

import datetime as dt
import email.utils
import html as htmllib
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from urllib.parse import urlsplit

import yaml

from rasd.errors import ConfigError

_SCAN = 400_000        # characters of a page searched: metadata sits in the head or near the article's top
# Inside a tag the patterns stop at "<" as well as ">": a hostile page of unclosed tags then
# costs each try the length of one tag, not the bound of the repeat.
_META = re.compile(r"<meta\s([^<>]{1,2000})>", re.IGNORECASE)
_ATTR = re.compile(r"""([A-Za-z_:][-A-Za-z0-9_:.]*)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""")
_LD_JSON = re.compile(r"""<script[^<>]{0,200}application/ld\+json[^<>]{0,100}>""", re.IGNORECASE)
_LD_MAX = 20           # JSON-LD scripts read at most (a page has a few; a hostile one thousands)
# The first <title> and <h1>: the start tag by a pattern, the end tag by str.find within
# `_TITLE_CHARS` (a lazy ".*?</title" tried from every unclosed start tag is quadratic).
_TITLE = re.compile(r"<title[^<>]{0,200}>", re.IGNORECASE)
_H1 = re.compile(r"<h1[^<>]{0,500}>", re.IGNORECASE)
_TITLE_CHARS = 2000
_TAG = re.compile(r"<[^>]*>")
_TIME = re.compile(r"<time\s([^<>]{1,1000})>", re.IGNORECASE)
_CANONICAL = re.compile(r"""<link\s[^<>]{0,300}rel\s*=\s*["']?canonical[^<>]{0,300}>""", re.IGNORECASE)
_HTML_LANG = re.compile(r"""<html\s[^<>]{0,1000}?\blang\s*=\s*["']?([A-Za-z]{2,3})\b""", re.IGNORECASE)
# Case-sensitive on purpose: an IGNORECASE search of a page costs ~1 ms, this ~0.02 ms.
_ITEMPROP_DATE = re.compile(r"""itemprop\s*=\s*["']?date[Pp]ublished["']?[^<>]{0,300}>\s*([^<]{6,60})<""")
_URL_DATE = re.compile(r"/((?:19|20)\d{2})[/-](\d{1,2})[/-](\d{1,2})(?:/|-|\b)")
_ISO = re.compile(r"\s*((?:19|20)\d{2})[-/.](\d{1,2})[-/.](\d{1,2})")
_DMY = re.compile(r"\s*(\d{1,2})[./](\d{1,2})[./]((?:19|20)\d{2})\b")
_SPACES = re.compile(r"\s+")
_ARTICLE_TYPES = {"article", "newsarticle", "reportagenewsarticle", "blogposting", "analysisnewsarticle",
                  "opinionnewsarticle", "backgroundnewsarticle", "report", "scholarlyarticle", "techarticle",
                  "liveblogposting", "socialmediaposting", "webpage", "itempage", "medicalwebpage"}
# Meta names and properties, most trusted first.
_DATE_KEYS = ("article:published_time", "og:article:published_time", "datepublished", "article.published",
              "publish-date", "publish_date", "publishdate", "pubdate", "parsely-pub-date", "sailthru.date",
              "dc.date.issued", "dcterms.issued", "dc.date", "dcterms.date", "dcterms.created", "date",
              "og:published_time", "cxenseparse:recs:publishtime", "article:modified_time", "datemodified",
              "og:updated_time", "last-modified")
_TITLE_KEYS = ("og:title", "twitter:title", "dc.title", "headline", "parsely-title")
_AUTHOR_KEYS = ("author", "article:author", "parsely-author", "dc.creator", "dcterms.creator", "sailthru.author",
                "byl", "twitter:creator")
_SITE_KEYS = ("og:site_name", "application-name", "publisher", "dc.publisher", "twitter:site")


@dataclass
class PageMeta:
    title: str | None = None
    published: str | None = None      # YYYY-MM-DD
    author: str | None = None
    site: str | None = None
    url: str | None = None
    language: str | None = None       # as the page declares it (<html lang>), two or three letters


def page_metadata(html: str) -> PageMeta:
    """What `html` declares about itself (see the module's docstring); never raises."""
    page = html[:_SCAN]
    metas = _meta_tags(page)
    ld = _json_ld(page)
    meta = PageMeta()
    meta.published = _date(ld.get("datePublished")) or _first_date(metas, _DATE_KEYS[:17])
    times: list[str] | None = None
    if not meta.published:
        # The <time> tags' attributes, read once for the marked one here and the first one below.
        times = _TIME.findall(page)
        meta.published = (_time_published(times) or _date(ld.get("dateModified"))
                          or _first_date(metas, _DATE_KEYS[17:]))
    meta.url = _canonical(page) or metas.get("og:url") or _text(ld.get("url"))
    if not meta.published and meta.url:
        meta.published = _url_date(meta.url)
    meta.published = (meta.published or _itemprop_date(page)
                      or _first_time(times if times is not None else _TIME.findall(page)))
    meta.title = _first(metas, _TITLE_KEYS) or _text(ld.get("headline")) or _title(page)
    meta.author = _author(ld.get("author")) or _author_meta(metas)
    meta.site = (metas.get("og:site_name") or _name(ld.get("publisher")) or _first(metas, _SITE_KEYS[1:])
                 or _host(meta.url))
    if m := _HTML_LANG.search(page, 0, 5000):
        meta.language = m.group(1).lower()
    for key in ("title", "author", "site"):
        value = getattr(meta, key)
        setattr(meta, key, _clean(value) if value else None)
    return meta


def _meta_tags(page: str) -> dict[str, str]:
    """name / property / itemprop / http-equiv (lowercased) → content, the first of each."""
    out: dict[str, str] = {}
    for tag in _META.findall(page):
        # (name, "double", 'single', bare): one value group matched, the others empty, so
        # `or` picks it (or "" for an empty quoted value); the last of a repeated name wins
        attrs = {name.lower(): double or single or bare for name, double, single, bare in _ATTR.findall(tag)}
        content = attrs.get("content")
        if content is None:
            continue
        value = None            # the content, unescaped once for all the tag's names
        for key in ("property", "name", "itemprop", "http-equiv"):
            if name := attrs.get(key):
                if value is None:
                    value = (htmllib.unescape(content) if "&" in content else content).strip()
                out.setdefault(name.lower().strip(), value)
    return out


def _json_ld(page: str) -> dict:
    """The first schema.org article-like object of the page's JSON-LD (or {})."""
    fallback: dict = {}
    for n, m in enumerate(_LD_JSON.finditer(page)):
        end = page.find("</script", m.end())
        if n >= _LD_MAX or end < 0:
            break
        try:
            data = json.loads(page[m.end():end], strict=False)
        except (ValueError, RecursionError):
            continue
        for obj in _objects(data, 0):
            kinds = obj.get("@type")
            kinds = {str(k).lower() for k in (kinds if isinstance(kinds, list) else [kinds])}
            if kinds & _ARTICLE_TYPES and ("datePublished" in obj or "headline" in obj):
                if kinds - {"webpage", "itempage", "medicalwebpage"}:
                    return obj
                fallback = fallback or obj
    return fallback


def _objects(data: object, depth: int):
    """Every JSON object in `data`, breadth first (an @graph, a list, a mainEntity)."""
    if depth > 4:
        return
    if isinstance(data, dict):
        yield data
        for key in ("@graph", "mainEntity", "mainEntityOfPage", "itemListElement"):
            if key in data:
                yield from _objects(data[key], depth + 1)
    elif isinstance(data, list):
        for item in data[:50]:
            yield from _objects(item, depth + 1)


def _date(value: object) -> str | None:
    """A date written the ways metadata writes them, as YYYY-MM-DD; None if it is none."""
    if isinstance(value, list) and value:
        value = value[0]
    if not isinstance(value, str) or not value.strip():
        return None
    for pattern, order in ((_ISO, (0, 1, 2)), (_DMY, (2, 1, 0))):
        if m := pattern.match(value):
            y, mo, d = (int(m.group(i + 1)) for i in order)
            return _valid(y, mo, d)
    try:
        return email.utils.parsedate_to_datetime(value.strip()).date().isoformat()
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


def _valid(y: int, m: int, d: int) -> str | None:
    try:
        day = dt.date(y, m, d)
    except ValueError:
        return None
    return day.isoformat() if day.year >= 1990 else None


def _first_date(metas: dict[str, str], keys: tuple[str, ...]) -> str | None:
    for key in keys:
        if key in metas and (d := _date(metas[key])):
            return d
    return None


def _time_published(times: list[str]) -> str | None:
    """A <time> (`times`: each one's attributes) marked as the publication time (pubdate,
    itemprop, a class that says so)."""
    for attrs in times:
        lowered = attrs.lower()
        if "datetime" in lowered and ("pubdate" in lowered or "datepublished" in lowered or "publish" in lowered):
            if d := _date(_attr(attrs, "datetime")):
                return d
    return None


def _itemprop_date(page: str) -> str | None:
    """An element marked itemprop="datePublished" that writes the date as its text."""
    m = _ITEMPROP_DATE.search(page)
    return _date(m.group(1)) if m else None


def _first_time(times: list[str]) -> str | None:
    """The first <time datetime> of the page (`times`: each one's attributes): on a news
    page, the article's more often than not (it may be a listing's: the last resort before
    a dateline in the text)."""
    for attrs in times:
        if d := _date(_attr(attrs, "datetime")):
            return d
    return None


def _attr(attrs: str, name: str) -> str | None:
    for a in _ATTR.finditer(attrs):
        if a.group(1).lower() == name:
            return next((g for g in a.groups()[1:] if g is not None), None)
    return None


def _url_date(url: str) -> str | None:
    m = _URL_DATE.search(url)
    return _valid(*(int(g) for g in m.groups())) if m else None


def _canonical(page: str) -> str | None:
    m = _CANONICAL.search(page)
    href = _attr(m.group(0)[5:], "href") if m else None
    return htmllib.unescape(href).strip() if href and href.startswith(("http://", "https://")) else None


def _first(metas: dict[str, str], keys: tuple[str, ...]) -> str | None:
    return next((metas[k] for k in keys if metas.get(k)), None)


def _title(page: str) -> str | None:
    for pattern, close in ((_TITLE, "</title"), (_H1, "</h1")):
        if m := pattern.search(page):
            end = _find_ci(page, close, m.end())
            if end > 0 and (text := _TAG.sub(" ", page[m.end():end])).strip():
                return htmllib.unescape(text)
    return None


def _find_ci(page: str, close: str, start: int) -> int:
    """Where `close` (an end tag's start, any case) is within `_TITLE_CHARS` of `start`, or -1."""
    window = page[start:start + _TITLE_CHARS]
    at = window.lower().find(close)
    return start + at if at >= 0 else -1


def _text(value: object) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


def _name(value: object) -> str | None:
    if isinstance(value, list) and value:
        value = value[0]
    if isinstance(value, dict):
        return _text(value.get("name"))
    return _text(value)


def _author(value: object) -> str | None:
    names = [_name(v) for v in (value if isinstance(value, list) else [value])[:5]]
    names = [n for n in names if n and not n.startswith(("http://", "https://"))]
    return ", ".join(names) or None


def _author_meta(metas: dict[str, str]) -> str | None:
    value = _first(metas, _AUTHOR_KEYS)
    return None if not value or value.startswith(("http://", "https://", "@")) else value


def _host(url: str | None) -> str | None:
    if not url:
        return None
    host = urlsplit(url).hostname or ""
    return host[4:] if host.startswith("www.") else host or None


def _clean(value: str) -> str | None:
    value = _SPACES.sub(" ", htmllib.unescape(value) if "&" in value else value).strip()
    return value[:500] or None


# -- a dateline in the page's first blocks ---------------------------------------------------
_DATELINE_BLOCKS = 12      # blocks looked at, from the top of the page's text
_DATELINE_CHARS = 120      # a dateline is a short block (a paragraph's date is an event's)
_NUMERIC = re.compile(r"(?<![\d.])(?:((?:19|20)\d\d)-(\d\d)-(\d\d)|(\d{1,2})\.\s?(\d{1,2})\.\s?((?:19|20)\d\d))(?![\d])")
# Arabic writes numeric dates day first, with slashes: 13/10/2024 (and 2024/10/13).
_AR_NUMERIC = re.compile(r"(?<![\d/])(?:((?:19|20)\d\d)/(\d{1,2})/(\d{1,2})|(\d{1,2})/(\d{1,2})/((?:19|20)\d\d))(?![\d/])")
_ARABIC = re.compile("[\u0600-\u06ff]")
# One character for one, so that offsets stay: hamza seats folded as months.yaml's names are,
# and Arabic-Indic digits as ASCII ones.
_AR_FOLD = str.maketrans("أإآٱىة٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "اااايه01234567890123456789")
# The head of an Arabic news paragraph that is a dateline: "القاهرة - ", "(د ب أ) الخرطوم، الأحد ",
# "الخرطوم (رويترز) - ", "الأحد ". A city is one to three words; after a comma only with
# the agency before it ("أعلنت الوزارة، الثلاثاء ..." opens a sentence, not a dateline).
_AR_AGENCY = r"\([^()]{1,40}\)"
_AR_CITY = r"[^\s\d()،,:\-–—]+(?:\s+[^\s\d()،,:\-–—]+){0,2}"
_AR_WEEKDAY = r"(?:يوم\s+)?(?:الاحد|الاثنين|الثلاثاء|الاربعاء|الخميس|الجمعه|السبت)\s*[،,]?\s*"
_AR_HEAD = re.compile(rf"\s*(?:(?:{_AR_AGENCY}\s*)?{_AR_CITY}\s*(?:{_AR_AGENCY}\s*)?[-–—:]\s*"
                      rf"|{_AR_AGENCY}\s*{_AR_CITY}\s*[،,]\s*)?(?:{_AR_WEEKDAY})?")


def _fold_name(name: str) -> str:
    return str(name).lower().translate(_AR_FOLD)


@lru_cache(maxsize=1)
def _months() -> tuple[dict[str, int], re.Pattern]:
    data = yaml.safe_load(resources.files("rasd.ingest").joinpath("months.yaml").read_text("utf-8"))
    if not isinstance(data, dict) or sorted(data) != list(range(1, 13)):
        raise ConfigError("months.yaml: months 1 to 12, each a list of names, expected")
    names = {_fold_name(n): m for m, ns in data.items() for n in ns}
    alt = "|".join(sorted(map(re.escape, names), key=len, reverse=True))
    # "6. Mai 2014", "19 févr. 2021", "May 19, 2020", "19 de mayo de 2021", "12 أيار/مايو 2024"
    # (a Levantine name and its Egyptian one side by side)
    pattern = re.compile(rf"(?<!\w)(?:(\d{{1,2}})\.?\s+(?:de\s+)?({alt})(?:\s*/\s*(?:{alt}))?\.?[,،]?\s+(?:de\s+)?"
                         rf"((?:19|20)\d\d)|({alt})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+((?:19|20)\d\d))(?!\d)",
                         re.IGNORECASE)
    return names, pattern


def dateline_date(texts: list[str]) -> str | None:
    """The first date written in a short block among the first `_DATELINE_BLOCKS` of a page's
    text (a dateline or byline), or at the head of an Arabic paragraph after a dateline's
    city and agency, as YYYY-MM-DD; None if there is none."""
    texts = texts[:_DATELINE_BLOCKS]
    # On an Arabic page a numeric date is day first ("13/10/2024 10:30" on a line of its own).
    arabic_page = any(_ARABIC.search(text, 0, 200) for text in texts)
    for text in texts:
        if len(text) > _DATELINE_CHARS:
            if arabic_page and _ARABIC.search(text, 0, 40) and (day := _date_at_head(text[:200].translate(_AR_FOLD))):
                return day
            continue
        if day := _date_in(text.translate(_AR_FOLD) if arabic_page else text, arabic=arabic_page):
            return day
    return None


def _date_in(text: str, *, arabic: bool, at: int | None = None) -> str | None:
    """The first valid date in `text` (starting exactly at `at` when it is given)."""
    names, by_name = _months()
    patterns = (_NUMERIC, by_name, _AR_NUMERIC) if arabic else (_NUMERIC, by_name)
    for pattern in patterns:
        m = pattern.match(text, at) if at is not None else pattern.search(text)
        if not m:
            continue
        if pattern is by_name:
            d, name, y = (m.group(1), m.group(2), m.group(3)) if m.group(1) else (m.group(5), m.group(4), m.group(6))
            day = _valid(int(y), names[_fold_name(name)], int(d))
        else:
            y, mo, d = (m.group(1), m.group(2), m.group(3)) if m.group(1) else (m.group(6), m.group(5), m.group(4))
            day = _valid(int(y), int(mo), int(d))
        if day:
            return day
    return None


def _date_at_head(head: str) -> str | None:
    """A date right after the dateline that opens an Arabic paragraph (folded), or None."""
    m = _AR_HEAD.match(head)
    return _date_in(head, arabic=True, at=m.end()) if m else None
