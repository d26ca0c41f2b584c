"""The HTTP client of `rasd watch`: safe to point at the open web, polite to the sites.

Every request:

- goes only where the SSRF guard allows (`guard.check`), and connects to the very address
  the guard checked: `PinnedBackend` looks the host up in `Pins` instead of asking DNS
  again, so a name cannot answer a public address to the check and a private one to the
  connection. TLS still verifies the certificate for the host name (SNI and the Host
  header come from the URL). Proxies from the environment are ignored: through a proxy
  the guard would check the wrong address;
- follows redirects itself, up to `max_redirects`, each hop checked by the guard (and by
  robots.txt) again; a hop back to a URL already seen is a loop;
- is bounded: connect and read timeouts, a deadline for the whole answer (a server that
  drips a byte a second never trips a read timeout), and a size limit counted while the
  body streams in, after gzip/brotli decoding (a bomb or an endless body stops there);
- is retried on 429 and 5xx with exponential backoff and jitter, honouring Retry-After up
  to `max_retry_after`; longer than that, the fetch fails with the wait attached so the
  caller backs off;
- waits its turn per host (`HostGate`): at most `host_concurrency` at once, `host_delay`
  seconds apart (or the site's robots.txt Crawl-delay, up to `max_crawl_delay`).
"""
from __future__ import annotations

import email.utils
import logging
import random
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from urllib.parse import urljoin, urldefrag

import brotli  # noqa: F401  httpx asks for and decodes "br" only when brotli is installed: make sure it is
import httpcore
import httpx

from rasd.errors import FetchError, Refused, Stopped
from rasd.watch import guard
from rasd.watch.robots import Robots
from rasd.watch.urls import host_of

log = logging.getLogger(__name__)
REDIRECTS = (301, 302, 303, 307, 308)
RETRY = (429, 500, 502, 503, 504)


@dataclass(frozen=True)
class FetchOptions:
    """settings [watch]; settings.toml says why each has its value."""
    user_agent: str = "rasd/0.1 (news monitor; obeys robots.txt)"
    connect_timeout: float = 10.0
    read_timeout: float = 20.0
    total_timeout: float = 60.0
    max_body_bytes: int = 5_000_000
    max_redirects: int = 5
    retries: int = 2
    backoff: float = 2.0
    max_retry_after: float = 120.0
    host_delay: float = 1.0
    host_concurrency: int = 1
    robots: bool = True
    robots_ttl: float = 3600.0
    max_robots_bytes: int = 512_000
    max_crawl_delay: float = 30.0

    @classmethod
    def of(cls, settings: dict) -> "FetchOptions":
        w, d = settings.get("watch", {}), cls()
        return cls(**{k: type(getattr(d, k))(w[k]) for k in d.__dataclass_fields__ if k in w})


@dataclass(frozen=True)
class Page:
    url: str                    # where the answer came from, after redirects
    status: int
    headers: httpx.Headers
    body: bytes = b""

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()

    @property
    def charset(self) -> str | None:
        for param in self.headers.get("content-type", "").split(";")[1:]:
            key, _, value = param.partition("=")
            if key.strip().lower() == "charset" and value.strip():
                return value.strip().strip('"\'').lower()
        return None


# -- connecting to the checked address -----------------------------------------------------
class Pins:
    """host → the address the guard checked for it, for the connection that follows."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._addresses: dict[str, str] = {}

    def pin(self, host: str, address: str) -> None:
        with self._lock:
            self._addresses[host] = address

    def address(self, host: str) -> str:
        with self._lock:
            if host not in self._addresses:     # every connection is preceded by a check: fail closed
                raise Refused(f"{host}: no checked address to connect to")
            return self._addresses[host]


class PinnedBackend(httpcore.SyncBackend):
    def __init__(self, pins: Pins):
        self.pins = pins

    def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):
        return super().connect_tcp(self.pins.address(host), port, timeout=timeout, local_address=local_address,
                                   socket_options=socket_options)


def pinned_transport(pins: Pins, *, connections: int = 20) -> httpx.HTTPTransport:
    transport = httpx.HTTPTransport(trust_env=False)
    # httpx builds its httpcore pool without a way to choose the network backend: this is
    # the same pool with ours (httpx==0.28.1 and httpcore 1.x are pinned in pyproject.toml)
    transport._pool = httpcore.ConnectionPool(ssl_context=httpx.create_ssl_context(trust_env=False),
                                              max_connections=connections, max_keepalive_connections=connections,
                                              keepalive_expiry=5.0, network_backend=PinnedBackend(pins))
    return transport


# -- politeness ----------------------------------------------------------------------------
class HostGate:
    """Per host: at most `concurrency` requests at once, started `delay` seconds apart."""

    def __init__(self, *, concurrency: int, stop: threading.Event):
        self.concurrency, self.stop = max(1, concurrency), stop
        self._lock = threading.Lock()
        self._slots: dict[str, threading.BoundedSemaphore] = {}
        self._next: dict[str, float] = {}

    @contextmanager
    def slot(self, host: str, delay: float) -> Iterator[None]:
        with self._lock:
            sem = self._slots.setdefault(host, threading.BoundedSemaphore(self.concurrency))
        while not sem.acquire(timeout=0.2):
            if self.stop.is_set():
                raise Stopped("stopped while waiting for a host")
        try:
            while True:
                with self._lock:
                    wait = self._next.get(host, 0.0) - time.monotonic()
                    if wait <= 0:
                        self._next[host] = time.monotonic() + delay
                        break
                if self.stop.wait(min(wait, 0.5)):
                    raise Stopped("stopped while waiting for a host")
            yield
        finally:
            with self._lock:
                self._next[host] = max(self._next.get(host, 0.0), time.monotonic() + delay)
            sem.release()

    def hold(self, host: str, seconds: float) -> None:
        """Nothing more to `host` for `seconds` (it asked us to wait)."""
        with self._lock:
            self._next[host] = max(self._next.get(host, 0.0), time.monotonic() + seconds)


# -- the client ----------------------------------------------------------------------------
class Fetcher:
    def __init__(self, options: FetchOptions, policy: guard.Policy, *, stop: threading.Event | None = None,
                 resolve: guard.Resolver = socket.getaddrinfo, rng: random.Random | None = None):
        self.options, self.policy, self.resolve = options, policy, resolve
        self.stop = stop or threading.Event()
        self.rng = rng or random.Random()
        self.pins = Pins()
        self.gate = HostGate(concurrency=options.host_concurrency, stop=self.stop)
        timeout = httpx.Timeout(options.read_timeout, connect=options.connect_timeout)
        self.client = httpx.Client(transport=pinned_transport(self.pins), timeout=timeout, follow_redirects=False,
                                   trust_env=False, headers={"User-Agent": options.user_agent})
        self.robots = Robots(self._robots_txt, agent=options.user_agent, ttl=options.robots_ttl)

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> "Fetcher":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def get(self, url: str, *, etag: str | None = None, last_modified: str | None = None,
            max_bytes: int | None = None) -> Page:
        """A 200 or, for a conditional GET, a 304 answer; FetchError (Refused, robots,
        http_404, timeout, too_large ...) otherwise."""
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        page = self._retrying(url, headers, max_bytes or self.options.max_body_bytes, robots=self.options.robots)
        if page.status == 200 or page.status == 304:
            return page
        raise FetchError(f"http_{page.status}", page.url)

    # -- steps -----------------------------------------------------------------------------
    def _robots_txt(self, url: str) -> tuple[int, bytes]:
        try:
            page = self._retrying(url, {}, self.options.max_robots_bytes, robots=False, truncate=True)
        except FetchError as e:
            if e.reason == "rate_limited" or e.reason.startswith("http_5"):
                return 503, b""         # the site is in trouble: Robots keeps away from it for a while
            raise
        return page.status, page.body

    def _retrying(self, url: str, headers: dict, max_bytes: int, *, robots: bool, truncate: bool = False) -> Page:
        for attempt in range(self.options.retries + 1):
            page = self._follow(url, headers, max_bytes, robots=robots, truncate=truncate)
            if page.status not in RETRY:
                return page
            asked = retry_after(page.headers.get("retry-after"))
            wait = asked if asked is not None else self._backoff(attempt)
            reason = "rate_limited" if page.status == 429 else f"http_{page.status}"
            if wait > self.options.max_retry_after:
                raise FetchError(reason, f"{page.url} asks to wait {wait:.0f} s", retry_after=wait)
            if attempt == self.options.retries:
                raise FetchError(reason, f"{page.url}, {attempt + 1} tries", retry_after=asked)
            log.info("%s: %d, trying again in %.1f s", page.url, page.status, wait)
            self.gate.hold(host_of(page.url), wait)
            if self.stop.wait(wait):
                raise Stopped("stopped while waiting to retry")
        raise AssertionError("unreachable")

    def _backoff(self, attempt: int) -> float:
        """backoff · 2^attempt, half of it fixed and half random ("equal jitter"), so that
        many clients told off at once do not come back at once."""
        full = self.options.backoff * 2 ** attempt
        return full / 2 + self.rng.uniform(0, full / 2)

    def _follow(self, url: str, headers: dict, max_bytes: int, *, robots: bool, truncate: bool) -> Page:
        seen = [url]
        for _ in range(self.options.max_redirects + 1):
            if robots and not self.robots.allowed(url):
                raise FetchError("robots", f"{url} is disallowed by its site's robots.txt")
            target = guard.check(url, self.policy, resolve=self.resolve)
            self.pins.pin(target.host, target.address)
            page = self._send(url, headers, max_bytes, truncate=truncate, robots=robots)
            location = page.headers.get("location")
            if page.status not in REDIRECTS or not location:
                return page
            url = urldefrag(urljoin(url, location.strip()))[0]
            if url in seen:
                raise FetchError("redirect_loop", " → ".join(seen + [url]))
            seen.append(url)
        raise FetchError("too_many_redirects", f"more than {self.options.max_redirects}: " + " → ".join(seen))

    def _send(self, url: str, headers: dict, max_bytes: int, *, truncate: bool, robots: bool) -> Page:
        delay = self.options.host_delay
        if robots and (crawl := self.robots.crawl_delay(url)):
            delay = max(delay, min(crawl, self.options.max_crawl_delay))
        with self.gate.slot(host_of(url), delay):
            try:
                with self.client.stream("GET", url, headers=headers) as r:
                    body = self._body(r, url, max_bytes, truncate=truncate) if r.status_code == 200 else b""
                    return Page(url=url, status=r.status_code, headers=r.headers, body=body)
            except httpx.TimeoutException as e:
                raise FetchError("timeout", f"{url}: {type(e).__name__}") from None
            except httpx.ConnectError as e:
                raise FetchError("connect", f"{url}: {e}") from None
            except httpx.DecodingError as e:
                raise FetchError("bad_encoding", f"{url}: {e}") from None
            except (httpx.TransportError, httpx.InvalidURL) as e:
                raise FetchError("network", f"{url}: {type(e).__name__}: {e}") from None

    def _body(self, r: httpx.Response, url: str, max_bytes: int, *, truncate: bool) -> bytes:
        declared = r.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > max_bytes and not truncate:
            raise FetchError("too_large", f"{url}: {int(declared):,} bytes declared > {max_bytes:,}")
        deadline = time.monotonic() + self.options.total_timeout
        chunks, size = [], 0
        for chunk in r.iter_bytes():       # decoded: the limit counts what gzip/brotli expand to
            size += len(chunk)
            if size > max_bytes:
                if truncate:
                    chunks.append(chunk[:len(chunk) - (size - max_bytes)])
                    break
                raise FetchError("too_large", f"{url}: more than {max_bytes:,} bytes")
            chunks.append(chunk)
            if time.monotonic() > deadline:
                raise FetchError("timeout", f"{url}: not finished after {self.options.total_timeout:g} s")
        return b"".join(chunks)


def retry_after(value: str | None, *, now: float | None = None) -> float | None:
    """Seconds to wait from a Retry-After header: a number of seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))
