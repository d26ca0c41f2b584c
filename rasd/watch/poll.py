"""Rounds of `rasd watch`: poll the due sources, fetch what is new, ingest it, remember.

A round has two steps. First every due source's listing is fetched (conditional GET with
the validators of its last answer) and its entries recorded: new ones as pending. Then the
pending entries of the healthy sources (at most `max_articles` each, interleaved across
sources so that the threads work on different hosts) are fetched in a thread pool; the main
thread alone runs the pipeline and writes to the store (SQLite or PostgreSQL), one article
at a time, and commits each article with its entry marked done.

A source whose poll fails waits longer each time (`WatchState.record_failure`) while the
others go on; an article whose fetch fails is tried again next round, up to `max_attempts`;
one refused by the guard or by robots.txt, or gone (404, 410), is not tried again.

`stop` (set by SIGINT or SIGTERM) ends the run after the article being ingested: fetches
not yet begun are cancelled, those under way finish and are ingested, so nothing fetched is
thrown away and fetched again by the next run.
"""
from __future__ import annotations

import datetime as dt
import logging
import os
import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from concurrent.futures import Future, ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field, fields
from itertools import chain, zip_longest
from typing import TYPE_CHECKING

from rasd.errors import FetchError, Refused, Stopped
from rasd.ingest.readers import Limits
from rasd.model import Document, Skipped
from rasd.watch.article import page_document
from rasd.watch.fetch import Fetcher, Page
from rasd.watch.listing import Listing, parse_listing
from rasd.watch.sources import Source, parse_duration
from rasd.watch.state import Pending, SourceState, WatchState, utcnow
from rasd.watch.urls import TRACKING, normalize

if TYPE_CHECKING:       # either backend's store (`rasd.store.base.open_store`): one interface
    from rasd.store.sqlite import Store

log = logging.getLogger(__name__)
# an article answering these will not answer otherwise next round
GONE = ("http_400", "http_401", "http_403", "http_404", "http_410", "http_451", "redirect_loop",
        "too_many_redirects", "too_large")


@dataclass(frozen=True)
class PollOptions:
    """settings [watch]; settings.toml says why each has its value."""
    every: float = 900.0
    min_every: float = 60.0
    max_backoff: float = 21600.0
    concurrency: int = 4
    max_articles: int = 50
    max_attempts: int = 3
    max_sitemaps: int = 10
    max_listing_bytes: int = 20_000_000
    tracking_params: tuple[str, ...] = TRACKING

    @classmethod
    def of(cls, settings: dict) -> "PollOptions":
        w = settings.get("watch", {})
        durations = {"every", "min_every", "max_backoff"}
        values: dict = {}
        for f in fields(cls):
            if f.name not in w:
                continue
            v = w[f.name]
            values[f.name] = (parse_duration(v) if f.name in durations else tuple(v) if f.name == "tracking_params"
                              else int(v))
        return cls(**values)


@dataclass
class Totals:
    rounds: int = 0
    polled: int = 0             # listings answered 200
    not_modified: int = 0       # ... or 304
    source_errors: int = 0
    backing_off: int = 0        # sources left out: failing, and not due again yet
    found: int = 0              # entries never seen before
    changed: int = 0            # entries whose date changed: fetched again
    known: int = 0              # entries whose article the store already held
    new: int = 0                # articles stored new
    updated: int = 0            # ... replacing an older version
    duplicate: int = 0          # ... fetched, but the store had the same text
    skipped: int = 0            # fetched, but not an article (not text, too long ...)
    failed: int = 0             # failed for good, refused, or to be tried again next round

    def summary(self) -> str:
        return " · ".join(f"{k.replace('_', ' ')} {v}" for k, v in vars(self).items())


class Observer:
    """What the command shows as a watch goes; this one shows nothing."""

    def polled(self, source: Source, outcome: str, detail: str = "") -> None: ...
    def article(self, source: Source, url: str, outcome: str, detail: str = "") -> None: ...
    def waiting(self, until: dt.datetime | None) -> None: ...
    def round_done(self, totals: Totals) -> None: ...


@dataclass
class Ingester:
    """Documents into the store through the same pipeline as `rasd ingest` (built on first use)."""
    store: Store
    settings: dict
    _pipeline: object = field(default=None, repr=False)

    def process(self, item: Document | Skipped) -> Document | Skipped:
        """A document through the pipeline (a Skipped as it is): before the write lock is taken."""
        return self.warm_up().run_batch([item])[0] if isinstance(item, Document) else item

    def save(self, item: Document | Skipped) -> str:
        """A processed document stored: new, updated or duplicate; skipped for a Skipped.
        Committed by the caller's `Store.transaction()`."""
        outcome = self.store.save_all([item])[0]
        return "skipped" if isinstance(item, Skipped) else outcome.status

    def warm_up(self):
        """The pipeline, loaded (the knowledge base, lexicons and, unless --fast, the model)."""
        if self._pipeline is None:
            from rasd.pipeline import Pipeline
            self._pipeline = Pipeline.default(self.settings)
            self._pipeline.warm_up()
        return self._pipeline


class Watcher:
    def __init__(self, sources: list[Source], *, store: Store, fetcher: Fetcher, settings: dict,
                 options: PollOptions | None = None, observer: Observer | None = None,
                 stop: threading.Event | None = None, clock: Callable[[], dt.datetime] = utcnow):
        self.sources = sources
        self.by_url = {s.url: s for s in sources}
        self.store, self.fetcher = store, fetcher
        self.options = options or PollOptions.of(settings)
        self.observer = observer or Observer()
        self.stop = stop or fetcher.stop
        self.clock = clock
        self.limits = Limits.of(settings)
        self.ingester = Ingester(store, settings)
        self.state = WatchState(store)
        self.state.register(sources)
        self.totals = Totals()

    def run(self, *, once: bool = False) -> Totals:
        """Rounds until `stop` is set (or one round, `once`); what they did."""
        self.totals = Totals()
        while not self.stop.is_set():
            more = self.round(once=once)
            if once:
                break
            until = self.state.next_due(self.sources)
            if more:        # pending articles left over by max_articles: the next round goes on with them
                until = self.clock()
            self.observer.waiting(until)
            seconds = (until - self.clock()).total_seconds() if until else self.options.every
            self.stop.wait(max(1.0, seconds))
        return self.totals

    def round(self, *, once: bool = False) -> bool:
        """One round; True when pending articles remain for another."""
        now = self.clock()
        due = [s for s in self.sources if self.state.due(s, now, once=once)]
        if once:        # say why a source is left out, rather than leave a silent "polled 0"
            for s in self.sources:
                if s not in due:
                    st = self.state.source(s.url)
                    self.totals.backing_off += 1
                    self.observer.polled(s, "backoff", f"{st.failures} failed polls in a row: next try "
                                                       f"{st.next_at:%Y-%m-%d %H:%M} UTC")
        failed: set[str] = set()
        with ThreadPoolExecutor(max_workers=max(1, self.options.concurrency), thread_name_prefix="watch") as pool:
            listings = {pool.submit(self._fetch_listing, s, self.state.source(s.url)): s for s in due}
            for fut in self._completed(listings):
                if not self._record_listing(listings[fut], fut):
                    failed.add(listings[fut].url)
            healthy = [s for s in self.sources if s.url not in failed and self.state.source(s.url).failures == 0]
            queues = [self.state.pending(s.url, limit=self.options.max_articles) for s in healthy]
            # interleaved: the first of each source, then the second ..., so threads spread over hosts
            jobs = [e for e in chain.from_iterable(zip_longest(*queues)) if e is not None]
            # what the listing linked last, without its tracking parameters (an entry known by
            # its GUID keeps its first URL as its id, and is fetched where it is now)
            for entry, fut in self._fetched(pool, jobs):
                self._ingest(entry, fut)
        self.totals.rounds += 1
        self.observer.round_done(self.totals)
        # a source with more pending than one round takes: go on at once (failed fetches
        # waiting for their next try do not count: they wait for the next due poll)
        return not self.stop.is_set() and any(len(q) >= self.options.max_articles for q in queues)

    def _fetched(self, pool: ThreadPoolExecutor, jobs: list) -> Iterator[tuple[object, Future]]:
        """(entry, its fetch) as fetches complete, with at most `concurrency` articles fetching
        or fetched and not yet stored besides the one being stored: a killed watch has no more
        than that in hand to fetch again, and a long round holds no more pages in memory.
        Once `stop` is set nothing new starts; what has started still comes back, and is used."""
        todo = iter(jobs)
        running: dict[Future, object] = {}

        def start() -> None:
            entry = next(todo, None)
            if entry is not None and not self.stop.is_set():
                running[pool.submit(self.fetcher.get, normalize(entry.link, drop=self.options.tracking_params))] = entry
        for _ in range(max(1, self.options.concurrency)):
            start()
        while running:
            fut = next(as_completed(running))
            entry = running.pop(fut)
            start()          # the next fetch runs while this one is stored
            if not fut.cancelled():
                yield entry, fut

    def _completed(self, futures: dict[Future, object]):
        """`as_completed`, cancelling what has not started once `stop` is set (what has
        started still comes back, and is used)."""
        for fut in as_completed(futures):
            if not fut.cancelled():
                yield fut
            if self.stop.is_set():      # checked as soon as the last one is used, before waiting for more
                for other in futures:
                    other.cancel()

    # -- listings ----------------------------------------------------------------------------
    def _fetch_listing(self, source: Source, st: SourceState) -> tuple[Page, Listing | None]:
        """In a worker thread: the listing's answer, and its entries unless it was a 304.
        A sitemap index's children (up to `max_sitemaps`) are fetched and merged."""
        page = self.fetcher.get(source.url, etag=st.etag, last_modified=st.last_modified,
                                max_bytes=self.options.max_listing_bytes)
        if page.status == 304:
            return page, None
        listing = self._parse(page, source.kind)
        for child in listing.sitemaps[:self.options.max_sitemaps]:
            if self.stop.is_set():
                break
            sub = self.fetcher.get(child, max_bytes=self.options.max_listing_bytes)
            listing.entries += self._parse(sub, "sitemap").entries
        if listing.sitemaps and not listing.entries:
            raise FetchError("bad_listing", f"{source.url}: its sitemaps list no articles")
        return page, listing

    def _parse(self, page: Page, kind: str | None) -> Listing:
        return parse_listing(page.body, url=page.url, kind=kind, content_type=page.headers.get("content-type", ""),
                             max_bytes=self.options.max_listing_bytes, drop=self.options.tracking_params)

    def _record_listing(self, source: Source, fut: Future) -> bool:
        now = self.clock()
        try:
            page, listing = fut.result()
        except Stopped:
            return False
        except FetchError as e:
            due = self.state.record_failure(source, str(e), now=now, max_backoff=self.options.max_backoff,
                                            retry_after=e.retry_after, backoff=not isinstance(e, Refused))
            self.totals.source_errors += 1
            self.observer.polled(source, "error", f"{e} (next try {due:%H:%M} UTC)")
            return False
        if listing is None:
            self.state.record_not_modified(source, now=now)
            self.totals.not_modified += 1
            self.observer.polled(source, "not_modified")
            return True
        found = self.state.record_listing(source, listing, etag=page.headers.get("etag"),
                                          last_modified=page.headers.get("last-modified"), now=now)
        self.totals.polled += 1
        self.totals.found += found.new
        self.totals.changed += found.changed
        self.totals.known += found.known
        self.observer.polled(source, "ok", f"{len(listing.entries)} entries: {found.new} new, {found.changed} changed, "
                                           f"{found.known} already stored")
        return True

    # -- articles ----------------------------------------------------------------------------
    def _ingest(self, entry: Pending, fut: Future) -> None:
        source = self.by_url[entry.source]
        now = self.clock()
        try:
            page = fut.result()
        except Stopped:
            return                                  # not begun: still pending
        except FetchError as e:
            return self._failed(source, entry, e, now)
        try:
            item = self.ingester.process(page_document(page, entry, source, self.limits))
            # one transaction: the document, its entry marked done, its source's count (a kill keeps all or none)
            with self.store.transaction():
                outcome = self.ingester.save(item)
                self.state.finish(entry, "skipped" if outcome == "skipped" else "done",
                                  error=f"{item.reason}: {item.detail}" if isinstance(item, Skipped) else None,
                                  now=now)
                if outcome in ("new", "updated"):
                    self.state.count_article(entry.source)
        except Exception as e:                      # a bug on one page must not stop the watch
            log.exception("%s: could not be ingested", entry.url)
            return self._failed(source, entry, FetchError("ingest", f"{type(e).__name__}: {e}"), now)
        setattr(self.totals, outcome, getattr(self.totals, outcome) + 1)
        self.observer.article(source, entry.url, outcome, item.reason if isinstance(item, Skipped) else "")

    def _failed(self, source: Source, entry: Pending, e: FetchError, now: dt.datetime) -> None:
        self.totals.failed += 1
        if isinstance(e, Refused) or e.reason == "robots":
            self.state.finish(entry, "refused", error=str(e), now=now)
            outcome = "refused"
        elif e.reason in GONE:
            self.state.finish(entry, "failed", error=str(e), now=now)
            outcome = "failed"
        elif self.state.retry_later(entry, str(e), max_attempts=self.options.max_attempts, now=now):
            outcome = "retry"
        else:
            outcome = "failed"
        self.observer.article(source, entry.url, outcome, str(e))


@contextmanager
def stop_on_signals(stop: threading.Event) -> Iterator[None]:
    """SIGINT and SIGTERM set `stop` (the watch ends after the current article); a second
    one ends the process at once. The previous handlers come back afterwards."""
    def handle(signum, frame):
        if stop.is_set():
            signal.signal(signum, signal.SIG_DFL)
            os.kill(os.getpid(), signum)
            return
        log.warning("stopping after the current article (%s again stops at once)", signal.Signals(signum).name)
        stop.set()
    previous = {sig: signal.signal(sig, handle) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
