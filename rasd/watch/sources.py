"""The sources file of `rasd watch`: which feeds and sitemaps to poll, and how often.

YAML (`.yaml`, `.yml`):

    every: 15m                 # optional: the interval of sources that give none
    sources:
      - url: https://example.org/ar/rss.xml
        outlet: Example Daily  # optional: stored as each article's outlet
        language: ar           # optional: otherwise guessed from the text
        every: 10m             # optional: this source's own interval
        kind: feed             # optional: feed or sitemap; otherwise told from the content

(a bare list of sources is read the same way). Any other file: one URL a line, `#` starts a
comment. Every mistake is a `SourcesError` naming the file and the source, so a typo such as
`ever: 10m` is caught at start rather than silently polling every 15 minutes.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from rasd.errors import SourcesError
from rasd.watch.urls import TRACKING, normalize

KINDS = ("feed", "sitemap")
KEYS = ("url", "outlet", "language", "every", "kind")
_DURATION = re.compile(r"(\d+(?:\.\d+)?)\s*(s|sec|m|min|h|d)?", re.IGNORECASE)
_UNIT = {"s": 1, "sec": 1, "m": 60, "min": 60, "h": 3600, "d": 86400, None: 1}
_LANGUAGE = re.compile(r"[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*")


@dataclass(frozen=True)
class Source:
    url: str                    # normalized: the source's key in the store
    every: float                # seconds between polls
    outlet: str | None = None
    language: str | None = None
    kind: str | None = None     # feed, sitemap, or None: told from what the URL returns


def parse_duration(value: str | int | float) -> float:
    """Seconds in "90s", "15m", "1.5h", "1d" or a bare number of seconds; ValueError otherwise."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        seconds = float(value)
    else:
        m = _DURATION.fullmatch(str(value).strip())
        if not m:
            raise ValueError(f"{value!r} is not a duration (write 90s, 15m, 1h or 1d)")
        seconds = float(m.group(1)) * _UNIT[m.group(2) and m.group(2).lower()]
    if seconds <= 0:
        raise ValueError(f"{value!r}: a duration must be more than zero")
    return seconds


def load_sources(path: str | Path, *, every: float | None = None, default_every: float = 900,
                 min_every: float = 60, drop: tuple[str, ...] = TRACKING) -> list[Source]:
    """The sources in `path`. A source's interval is its own `every`, else `every` (the
    command line's `--every`), else the YAML file's top-level `every`, else `default_every`
    (settings). An interval under `min_every` is refused: polling a site every few seconds
    is abuse, and a feed changes every few minutes at most."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as e:
        raise SourcesError(f"{path}: {e.strerror or e}") from None
    except UnicodeDecodeError:
        raise SourcesError(f"{path}: not UTF-8 text") from None
    if path.suffix.lower() in (".yaml", ".yml"):
        raw, default = _yaml_sources(path, text)
        if every is None and default is not None:
            every = _interval(path, "the file", default, min_every)
    else:
        raw = [(f"line {n}", {"url": s}) for n, line in enumerate(text.splitlines(), 1)
               if (s := line.split("#", 1)[0].strip())]
    if not raw:
        raise SourcesError(f"{path}: no sources")
    if every is None:
        every = default_every
    elif every < min_every:
        raise SourcesError(f"every {every:g} s is shorter than {min_every:g} s ([watch] min_every): "
                           "polling that often burdens the site for nothing")
    sources: dict[str, tuple[str, Source]] = {}
    for where, fields in raw:
        source = _source(path, where, fields, every=every, min_every=min_every, drop=drop)
        if source.url in sources:
            raise SourcesError(f"{path}: {where} repeats the URL of {sources[source.url][0]} ({source.url})")
        sources[source.url] = (where, source)
    return [s for _, s in sources.values()]


def _yaml_sources(path: Path, text: str) -> tuple[list[tuple[str, dict]], object]:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as e:
        raise SourcesError(f"{path}: not valid YAML: {' '.join(str(e).split())}") from None
    default = None
    if isinstance(data, dict):
        unknown = set(data) - {"sources", "every"}
        if unknown:
            raise SourcesError(f"{path}: unknown top-level key {sorted(map(str, unknown))[0]!r} "
                               "(known: sources, every)")
        default, data = data.get("every"), data.get("sources")
    if not isinstance(data, list):
        raise SourcesError(f"{path}: expected a list of sources (or `sources:` holding one)")
    found = []
    for n, item in enumerate(data, 1):
        if isinstance(item, str):
            item = {"url": item}
        if not isinstance(item, dict):
            raise SourcesError(f"{path}: source {n} is not a mapping with a url")
        found.append((f"source {n}", item))
    return found, default


def _source(path: Path, where: str, fields: dict, *, every: float, min_every: float,
            drop: tuple[str, ...]) -> Source:
    unknown = set(fields) - set(KEYS)
    if unknown:
        raise SourcesError(f"{path}: {where}: unknown key {sorted(map(str, unknown))[0]!r} "
                           f"(known: {', '.join(KEYS)})")
    url = fields.get("url")
    if not isinstance(url, str) or not url.strip():
        raise SourcesError(f"{path}: {where}: no url")
    try:
        key = normalize(url, drop=drop)
    except ValueError as e:
        raise SourcesError(f"{path}: {where}: {e}") from None
    if not key.startswith(("http://", "https://")):
        raise SourcesError(f"{path}: {where}: {url!r} is not an http(s) URL")
    kind = fields.get("kind")
    if kind is not None and kind not in KINDS:
        raise SourcesError(f"{path}: {where}: kind {kind!r} is not one of {', '.join(KINDS)}")
    language = fields.get("language")
    if language is not None and not (isinstance(language, str) and _LANGUAGE.fullmatch(language)):
        raise SourcesError(f"{path}: {where}: language {language!r} is not a language code such as ar or en")
    outlet = fields.get("outlet")
    if outlet is not None and not isinstance(outlet, (str, int)):
        raise SourcesError(f"{path}: {where}: outlet must be a name")
    own = fields.get("every")
    return Source(url=key, every=_interval(path, where, own, min_every) if own is not None else every,
                  outlet=str(outlet).strip() if outlet is not None else None, language=language, kind=kind)


def _interval(path: Path, where: str, value: object, min_every: float) -> float:
    try:
        seconds = parse_duration(value)     # type: ignore[arg-type]
    except ValueError as e:
        raise SourcesError(f"{path}: {where}: every: {e}") from None
    if seconds < min_every:
        raise SourcesError(f"{path}: {where}: every {value} is shorter than {min_every:g} s ([watch] min_every): "
                           "polling that often burdens the site for nothing")
    return seconds
