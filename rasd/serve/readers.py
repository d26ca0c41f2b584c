"""Read-only connections to the store for the server's worker threads.

The server answers requests on several threads at once; a SQLite connection must not be
used by two at a time, so each request borrows one from this small pool and gives it back.
The connections are read-only (`PRAGMA query_only`): no route can write through them, and
in WAL mode they read while an ingest writes.
"""
from __future__ import annotations

import queue
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager



class Readers:
    """At most `size` connections to the store at `path`, opened as they are first needed."""

    def __init__(self, path: str, *, size: int = 4):
        from rasd.store.base import open_store
        open_store(path, create=False).close()   # an older store is upgraded once, as by every read command
        self.path = path
        self._idle: queue.SimpleQueue[sqlite3.Connection] = queue.SimpleQueue()
        self._slots = threading.BoundedSemaphore(size)
        self._opened: list[sqlite3.Connection] = []
        self._lock = threading.Lock()

    def _open(self) -> sqlite3.Connection:
        # handed from thread to thread, one at a time (the semaphore): not tied to the opener
        from rasd.store.base import connect_reader
        db = connect_reader(self.path)       # read-only: SQLite's query_only, PostgreSQL's read-only transactions
        with self._lock:
            self._opened.append(db)
        return db

    @contextmanager
    def connection(self) -> Iterator[sqlite3.Connection]:
        with self._slots:
            try:
                db = self._idle.get_nowait()
            except queue.Empty:
                db = self._open()
            try:
                yield db
            finally:
                self._idle.put(db)

    def close(self) -> None:
        with self._lock:
            for db in self._opened:
                db.close()
            self._opened.clear()
