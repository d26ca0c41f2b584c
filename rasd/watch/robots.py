"""robots.txt, fetched once per site and kept for a while (settings [watch] robots_ttl).

What an answer means follows RFC 9309: a robots.txt that is found is obeyed for rasd's
product token (the User-Agent up to its first "/"); a 4xx answer (none, or forbidden)
means no rules; a 5xx answer means the site is in trouble, and nothing is fetched from it
until the answer is asked again (after `retry_seconds`). A site that cannot be reached at
all raises: its pages could not be fetched either. Parsed by urllib.robotparser, which reads
paths as prefixes (no `*` or `$` wildcards) and honours Crawl-delay.
"""
from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from urllib.robotparser import RobotFileParser

from rasd.watch.urls import origin_of

log = logging.getLogger(__name__)


@dataclass
class _Entry:
    rules: RobotFileParser
    until: float                # monotonic time after which robots.txt is asked again


class Robots:
    """`fetch(url)` returns (status, body) for a robots.txt URL, or raises FetchError."""

    def __init__(self, fetch: Callable[[str], tuple[int, bytes]], *, agent: str, ttl: float = 3600,
                 retry_seconds: float = 600, clock: Callable[[], float] = time.monotonic):
        self._fetch, self.agent, self.ttl, self.retry_seconds, self._clock = fetch, agent, ttl, retry_seconds, clock
        self._cache: dict[str, _Entry] = {}
        self._locks: dict[str, threading.Lock] = {}
        self._lock = threading.Lock()

    def allowed(self, url: str) -> bool:
        return self._rules(url).can_fetch(self.agent, url)

    def crawl_delay(self, url: str) -> float | None:
        delay = self._rules(url).crawl_delay(self.agent)
        return float(delay) if delay is not None else None

    def _rules(self, url: str) -> RobotFileParser:
        origin = origin_of(url)
        with self._lock:
            lock = self._locks.setdefault(origin, threading.Lock())
        with lock:      # one fetch per site, however many threads ask at once
            entry = self._cache.get(origin)
            if entry is None or self._clock() >= entry.until:
                entry = self._cache[origin] = self._load(origin)
            return entry.rules

    def _load(self, origin: str) -> _Entry:
        status, body = self._fetch(f"{origin}/robots.txt")
        rules = RobotFileParser(f"{origin}/robots.txt")
        ttl = self.ttl
        if 200 <= status < 300:
            rules.parse(body.decode("utf-8", errors="replace").splitlines())
        elif 400 <= status < 500:
            rules.allow_all = True
        else:
            log.info("%s/robots.txt answered %d: nothing is fetched from this site for now", origin, status)
            rules.disallow_all = True
            ttl = min(ttl, self.retry_seconds)
        return _Entry(rules, self._clock() + ttl)
