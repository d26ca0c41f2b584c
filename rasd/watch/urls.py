"""URL normalization: one article, one key, whatever link a feed gives for it.

Feeds and sitemaps link the same article with campaign parameters (`?utm_source=rss`),
click ids (`fbclid`), a fragment, an upper-case host or an explicit default port. The
normalized URL drops all of those and is the article's key: its document id in the store,
what `watch_entries` remembers, and what is fetched (servers ignore the dropped parameters).
Other query parameters are kept as written and in order: on many news sites `?id=123` *is*
the article, and reordering could change what some servers answer.
"""
from __future__ import annotations

import fnmatch
from urllib.parse import unquote_plus, urlsplit, urlunsplit

DEFAULT_PORTS = {"http": 80, "https": 443}
# settings [watch] tracking_params holds the list in use; this is the fallback for callers
# without settings (tests, the Python API)
TRACKING = ("utm_*", "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "mc_cid", "mc_eid",
            "igshid", "yclid", "_ga", "_gl", "ocid", "cmpid")


def normalize(url: str, *, drop: tuple[str, ...] = TRACKING) -> str:
    """`url` with the scheme and host in lower case, no default port, no fragment, no
    tracking parameters (shell-style patterns, case-insensitive), and "/" for an empty path.
    ValueError for a URL without a scheme or host, or with a bad port."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = parts.hostname          # lower-cased; an IPv6 literal without its brackets
    if not scheme or not host:
        raise ValueError(f"not an absolute URL: {url!r}")
    port = parts.port              # ValueError for a port that is not a number in range
    netloc = f"[{host}]" if ":" in host else host
    if port is not None and port != DEFAULT_PORTS.get(scheme):
        netloc += f":{port}"
    if "@" in parts.netloc:        # credentials are kept: a private feed may need them
        netloc = parts.netloc.rsplit("@", 1)[0] + "@" + netloc
    query = "&".join(p for p in parts.query.split("&") if p and not _tracking(p, drop))
    return urlunsplit((scheme, netloc, parts.path or "/", query, ""))


def _tracking(pair: str, drop: tuple[str, ...]) -> bool:
    key = unquote_plus(pair.split("=", 1)[0]).lower()
    return any(fnmatch.fnmatchcase(key, pattern.lower()) for pattern in drop)


def host_of(url: str) -> str:
    """The host part of a URL (lower case, no port): what politeness is counted per."""
    return (urlsplit(url).hostname or "").lower()


def origin_of(url: str) -> str:
    """scheme://host[:port]: what a robots.txt covers."""
    parts = urlsplit(url)
    return f"{parts.scheme.lower()}://{parts.netloc.rsplit('@', 1)[-1].lower()}"
