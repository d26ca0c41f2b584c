"""What `rasd watch` remembers in the store (tables of migration 009): each source's
validators, health and counts, and every entry a listing named.

The writes go through the store (`rasd.store`: SQLite or PostgreSQL, the same SQL). A
listing and the entries it brings are recorded in one transaction; an entry becomes `done`
in the transaction that stores its document (the caller stores the document and `finish`es
the entry inside one `Store.transaction()`). So a kill at any moment leaves each entry
either pending (fetched again next time) or done with its document stored: nothing is
lost, and nothing that was stored is fetched again.
"""
from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rasd.watch.listing import Entry, Listing
from rasd.watch.sources import Source

if TYPE_CHECKING:       # either backend's store (`rasd.store.base.open_store`): one interface
    from rasd.store.sqlite import Store

log = logging.getLogger(__name__)
# states an entry leaves for good; `pending` is the only one fetched
FINAL = ("done", "known", "skipped", "refused", "failed")


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0)


def _iso(t: dt.datetime | None) -> str | None:
    return t.isoformat(timespec="seconds") if t else None


def _time(s: str | None) -> dt.datetime | None:
    return dt.datetime.fromisoformat(s) if s else None


@dataclass(frozen=True)
class SourceState:
    url: str
    etag: str | None
    last_modified: str | None
    failures: int
    next_at: dt.datetime | None


@dataclass(frozen=True)
class Pending:
    """An entry to fetch."""
    url: str
    source: str
    link: str
    published: str | None
    attempts: int


@dataclass
class Found:
    """What recording a listing found: entries never seen, seen but changed, already stored."""
    new: int = 0
    changed: int = 0
    known: int = 0


class WatchState:
    def __init__(self, store: Store):
        self.store = store
        self.db = store.db

    @contextmanager
    def _tx(self) -> Iterator[None]:
        """A write transaction, or the caller's if one is open (a document being stored).
        Another writer holding the store makes it wait up to the store's `wait`: on SQLite
        its busy timeout, retried with a word to the log; on PostgreSQL the advisory lock
        every writer takes (`rasd.store.postgres.WRITER_LOCK`), under a lock timeout."""
        with self.store.transaction():
            yield

    # -- sources ---------------------------------------------------------------------------
    def register(self, sources: list[Source]) -> None:
        """The sources file's sources, with their outlet, language and interval as written now."""
        with self._tx():
            self.db.executemany(
                "INSERT INTO watch_sources (url, kind, outlet, language, every) VALUES (?,?,?,?,?) "
                "ON CONFLICT (url) DO UPDATE SET outlet = excluded.outlet, language = excluded.language, "
                "every = excluded.every, kind = coalesce(excluded.kind, kind)",
                [(s.url, s.kind, s.outlet, s.language, s.every) for s in sources])

    def source(self, url: str) -> SourceState:
        row = self.db.execute("SELECT etag, last_modified, failures, next_at FROM watch_sources WHERE url = ?",
                              (url,)).fetchone()
        if row is None:
            return SourceState(url, None, None, 0, None)
        return SourceState(url, row[0], row[1], row[2], _time(row[3]))

    def due(self, source: Source, now: dt.datetime, *, once: bool) -> bool:
        """Due when its interval (or its backoff) has passed; with `once`, every source is
        polled unless it is backing off after failures."""
        st = self.source(source.url)
        if st.next_at is None or now >= st.next_at:
            return True
        return once and st.failures == 0

    def next_due(self, sources: list[Source]) -> dt.datetime | None:
        times = [self.source(s.url).next_at for s in sources]
        return min((t for t in times if t is not None), default=None)

    def record_listing(self, source: Source, listing: Listing, *, etag: str | None, last_modified: str | None,
                       now: dt.datetime) -> Found:
        """The listing's entries (new ones pending), and the source polled: in one transaction."""
        with self._tx():
            found = self._record_entries(source, listing.entries, now)
            self.db.execute(
                "UPDATE watch_sources SET kind = ?, etag = ?, last_modified = ?, polled_at = ?, ok_at = ?, "
                "status = 'ok', error = NULL, failures = 0, next_at = ?, polls = polls + 1, "
                "entries = entries + ? WHERE url = ?",
                (listing.kind, etag, last_modified, _iso(now), _iso(now), _iso(now + dt.timedelta(seconds=source.every)),
                 found.new, source.url))
        return found

    def record_not_modified(self, source: Source, *, now: dt.datetime) -> None:
        with self._tx():
            self.db.execute("UPDATE watch_sources SET polled_at = ?, ok_at = ?, status = 'not_modified', error = NULL, "
                            "failures = 0, next_at = ?, polls = polls + 1 WHERE url = ?",
                            (_iso(now), _iso(now), _iso(now + dt.timedelta(seconds=source.every)), source.url))

    def record_failure(self, source: Source, error: str, *, now: dt.datetime, max_backoff: float,
                       retry_after: float | None = None, backoff: bool = True) -> dt.datetime:
        """The poll failed: the source waits its interval doubled for each failure in a row
        (up to `max_backoff`), or longer if the server asked; when it is due again. Without
        `backoff` (a refusal by our own guard, not the site's failure) it only waits its
        interval, and the next run, or a run with --allow-private, polls it."""
        failures = self.source(source.url).failures + 1 if backoff else 0
        wait = max(min(source.every * 2 ** max(0, failures - 1), max_backoff), retry_after or 0)
        due = now + dt.timedelta(seconds=wait)
        with self._tx():
            self.db.execute("UPDATE watch_sources SET polled_at = ?, status = 'error', error = ?, failures = ?, "
                            "next_at = ?, polls = polls + 1, errors = errors + 1 WHERE url = ?",
                            (_iso(now), error, failures, _iso(due), source.url))
        return due

    # -- entries ---------------------------------------------------------------------------
    def _record_entries(self, source: Source, entries: list[Entry], now: dt.datetime) -> Found:
        found = Found()
        fresh: list[Entry] = []
        for e in entries:
            row = self.db.execute("SELECT url, stamp, state FROM watch_entries WHERE url = ?", (e.url,)).fetchone()
            if row is None and e.guid:      # the same article under a new link
                row = self.db.execute("SELECT url, stamp, state FROM watch_entries WHERE source = ? AND guid = ?",
                                      (source.url, e.guid)).fetchone()
            if row is None:
                fresh.append(e)
            elif e.stamp and row[1] and e.stamp != row[1] and row[2] in ("done", "skipped", "failed"):
                self.db.execute("UPDATE watch_entries SET state = 'pending', attempts = 0, error = NULL, stamp = ?, "
                                "link = ?, published = coalesce(?, published), title = coalesce(?, title) "
                                "WHERE url = ?", (e.stamp, e.link, e.published, e.title, row[0]))
                found.changed += 1
            elif e.stamp and not row[1]:
                self.db.execute("UPDATE watch_entries SET stamp = ? WHERE url = ?", (e.stamp, row[0]))
        stored = self._stored(fresh) if fresh else set()
        for e in fresh:
            state = "known" if stored & {e.url, e.link, e.guid} else "pending"
            self.db.execute("INSERT INTO watch_entries (url, source, link, guid, stamp, published, title, state, "
                            "found_at, done_at) VALUES (?,?,?,?,?,?,?,?,?,?)",
                            (e.url, source.url, e.link, e.guid, e.stamp, e.published, e.title, state, _iso(now),
                             _iso(now) if state == "known" else None))
            found.known += state == "known"
            found.new += state == "pending"
        return found

    def _stored(self, entries: list[Entry]) -> set[str]:
        """Which of the entries' URLs, links and GUIDs the store already holds as a document
        id or URL (an article ingested from a file, a WARC, another feed)."""
        keys = json.dumps(sorted({k for e in entries for k in (e.url, e.link, e.guid) if k}))
        # one pass over documents per listing: `url` has no index, and adding one would cost
        # every ingest a random-key page per article for this one check
        return {r[0] for r in self.db.execute(
            "SELECT id FROM documents WHERE id IN (SELECT value FROM json_each(?)) "
            "UNION SELECT url FROM documents WHERE url IN (SELECT value FROM json_each(?))", (keys, keys))}

    def pending(self, source: str, *, limit: int) -> list[Pending]:
        # rowid: as the listings named them (on PostgreSQL a column of that name, migration 011)
        rows = self.db.execute("SELECT url, source, link, published, attempts FROM watch_entries "
                               "WHERE source = ? AND state = 'pending' ORDER BY rowid LIMIT ?", (source, limit))
        return [Pending(*r) for r in rows]

    def finish(self, entry: Pending, state: str, *, error: str | None = None, now: dt.datetime) -> None:
        """The entry's outcome; inside the caller's transaction when one is open (the
        document's), so that both are committed together."""
        assert state in FINAL
        with self._tx():
            self.db.execute("UPDATE watch_entries SET state = ?, error = ?, done_at = ?, attempts = attempts + 1 "
                            "WHERE url = ?", (state, error, _iso(now), entry.url))
            if state == "failed" or state == "refused":
                self.db.execute("UPDATE watch_sources SET errors = errors + 1 WHERE url = ?", (entry.source,))

    def retry_later(self, entry: Pending, error: str, *, max_attempts: int, now: dt.datetime) -> bool:
        """A fetch that failed but may work next round; False once `max_attempts` are spent
        (the entry is then failed)."""
        if entry.attempts + 1 >= max_attempts:
            self.finish(entry, "failed", error=error, now=now)
            return False
        with self._tx():
            self.db.execute("UPDATE watch_entries SET attempts = attempts + 1, error = ? WHERE url = ?",
                            (error, entry.url))
        return True

    def count_article(self, source: str) -> None:
        with self._tx():
            self.db.execute("UPDATE watch_sources SET articles = articles + 1 WHERE url = ?", (source,))


def watch_lock(store: Store) -> AbstractContextManager[None]:
    """One `rasd watch` per store: two would poll the same sources and fetch every article
    twice. Released when the process ends, however it ends (`Store.exclusive`)."""
    return store.exclusive("watch")
