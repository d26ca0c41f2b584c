"""The SQLite store: one writer, WAL mode, migrations, idempotent upserts.

A document is written in one transaction with all its views, so a killed ingest
leaves either the whole document or nothing. A document whose id and content hash
are already stored is a duplicate and changes nothing; a changed text under a known id
replaces the old rows.
"""
from __future__ import annotations

import datetime as dt
import fcntl
import json
import logging
import os
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TypeVar

from rasd.errors import StoreBusy, StoreClaimed, StoreError
from rasd.events.records import event_record
from rasd import stories
from rasd.model import Document, Skipped

log = logging.getLogger(__name__)
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Outcome:
    status: str   # new, duplicate, updated


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


def connect(path: str, *, timeout: float = 60) -> sqlite3.Connection:
    """A connection with the store's settings (the benchmarks use them too)."""
    # one writer: another process writing makes us wait `timeout` seconds before failing
    db = sqlite3.connect(path, isolation_level=None, timeout=timeout)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA foreign_keys=ON")
    db.execute("PRAGMA synchronous=NORMAL")
    # a larger page cache and memory-mapped reads: index probes (LSH bands, paragraph
    # hashes, story actors) stay in memory as the corpus grows
    db.execute("PRAGMA cache_size=-131072")
    db.execute("PRAGMA mmap_size=536870912")
    # each document is written inside a savepoint, whose journal (the pages it changes, ~100
    # an article, ~400 KB) goes to a temporary file unless kept in memory: in memory it is
    # ~10% less store time per article, measured side by side at 100,000 stored articles
    db.execute("PRAGMA temp_store=MEMORY")
    # SQLite's default checkpoint (WAL over 1,000 pages): after every commit of an ingest batch,
    # so each batch pays for its own pages. Measured side by side over 12,000 articles: the same
    # time as checkpointing every ~80 MB, and readers keep a small WAL.
    return db


# what a migration can ask to derive again from the stored rows (see `Store._rederive`)
REDERIVE = {"facts": stories.facts.rebuild}


class Store:
    """`batch`: documents per transaction (`rasd ingest` takes it from the settings' `[store]
    batch`, where its choice is explained). Each document is written inside its own savepoint,
    so a failure or a kill never leaves half a document; a killed run loses at most the last
    batch, or `commit_seconds` of work, which re-ingesting restores (writes are idempotent).
    A second writer waits for the first up to `wait` seconds, then stops with `StoreBusy`."""

    def __init__(self, path: str | Path = "rasd.db", *, batch: int = 1, commit_seconds: float = 30,
                 wait: float = 600):
        self.path = str(path)
        self.batch = max(1, batch)
        self.commit_seconds = commit_seconds
        self.wait = wait
        self._pending = 0
        self._since = 0.0                          # when the open transaction began
        self._index = stories.lineage.Index()     # the writer's duplicate index, in memory
        self._next_event: int | None = None        # the next event number, known inside a transaction
        self._held = False                         # inside `transaction()`: its caller commits
        # (hash, number) or None of the ids `save_all` is saving, read together under the write
        # lock; dropped when the lock is let go (a commit), as another writer may then store them
        self._stored: dict[str, tuple | None] | None = None
        try:
            # short busy waits, retried up to `wait` (`_waiting`), so a waiting writer says so;
            # a new store's switch to WAL can meet another process's lock without waiting at all
            self.db = self._connect()
        except sqlite3.Error as e:
            raise StoreError(f"{self.path}: cannot open database: {e}") from e
        self.migrate()

    def _connect(self):
        """The connection (`rasd.store.postgres.PgStore` opens another kind)."""
        return self._waiting(lambda: connect(self.path, timeout=min(10.0, self.wait)))

    def flush(self) -> None:
        """Commit the documents written since the last commit."""
        self._next_event = None                 # another writer may add events once we commit
        self._stored = None
        if self.db.in_transaction:
            try:
                self.db.execute("COMMIT")
            except Exception:      # sqlite3.Error, or the StoreError of a PostgreSQL store
                self._index.reset()
                raise
        self._pending = 0

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Writes committed together, at the block's end (all undone if it raises): `save`
        and `save_all` inside it do not commit on their own. `rasd watch` stores an article
        and marks its entry done in one, so a kill leaves both or neither. Inside another
        `transaction()`, it is part of that one; it also commits what was written before it
        in an open transaction. The write lock is taken as `save` takes it (waiting `wait`)."""
        if self._held:
            yield
            return
        self._begin()
        self._held = True
        try:
            yield
        except BaseException:
            self._held = False
            self._rollback()
            raise
        self._held = False
        self.flush()

    def _rollback(self) -> None:
        """Undo the open transaction, and what the writer remembers of it."""
        self._index.reset()                    # it may hold the undone documents
        self._next_event = None
        self._stored = None
        self._pending = 0
        if self.db.in_transaction:
            self.db.execute("ROLLBACK")

    @contextmanager
    def exclusive(self, name: str) -> Iterator[None]:
        """One process at a time does `name` (`rasd watch`) with this store; another one
        meets `StoreClaimed`. The lock is a file beside the store (`news.db.watch-lock`,
        holding its pid) that the system releases when the process ends, however it ends."""
        path = Path(f"{self.path}.{name}-lock")
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                other = os.pread(fd, 32, 0).decode(errors="replace").strip()
                raise StoreClaimed(f"another rasd {name}{f' (pid {other})' if other else ''} is using "
                                   f"{self.path}; stop it first") from None
            os.ftruncate(fd, 0)
            os.pwrite(fd, str(os.getpid()).encode(), 0)
            yield
        finally:
            os.close(fd)

    def close(self) -> None:
        self.flush()
        self.db.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def migrate(self) -> None:
        """Apply the migrations this store lacks, each in its own transaction. Two processes
        opening a new store together must not both apply one: each migration is checked and
        applied under the write lock (BEGIN IMMEDIATE), so the second sees it done and skips it."""
        self._write("CREATE TABLE IF NOT EXISTS migrations (version INTEGER PRIMARY KEY, name TEXT, applied_at TEXT)")
        folder = resources.files("rasd.store").joinpath("migrations")
        for f in sorted(folder.iterdir(), key=lambda p: p.name):
            if f.name.endswith((".sql", ".py")):
                self._migrate_one(f)
        self._rederive()

    def _applied(self, version: int) -> bool:
        return self.db.execute("SELECT 1 FROM migrations WHERE version = ?", (version,)).fetchone() is not None

    def _migrate_one(self, f) -> None:
        version = int(f.name.split("_")[0])
        if self._applied(version):
            return
        code: dict = {}
        if f.name.endswith(".py"):               # a migration that needs Python: its upgrade(db)
            exec(compile(f.read_text("utf-8"), f.name, "exec"), code)
        # one that rebuilds tables runs with foreign keys off (a dropped parent table would
        # cascade into its children) and has them checked before it commits
        rebuild = code.get("FOREIGN_KEYS_OFF", False)
        if rebuild:
            self.db.execute("PRAGMA foreign_keys=OFF")
        self._write("BEGIN IMMEDIATE")
        try:
            if self._applied(version):           # another process applied it while we waited
                self.db.execute("COMMIT")
                return
            if self._holds_documents():          # a store in use, which may be large: say why we wait
                log.warning("%s: upgrading to store version %d (%s), once", self.path, version, f.name)
            if "upgrade" in code:
                code["upgrade"](self.db)
            for stmt in f.read_text("utf-8").split(";\n") if f.name.endswith(".sql") else ():
                if stmt.strip():
                    self.db.execute(stmt)
            if rebuild and (bad := self.db.execute("PRAGMA foreign_key_check").fetchone()):
                raise sqlite3.IntegrityError(f"foreign key check failed: {bad}")
            self.db.execute("INSERT INTO migrations VALUES (?, ?, ?)", (version, f.name, _now()))
            self.db.execute("COMMIT")
        except (sqlite3.Error, StoreError) as e:       # StoreError: a PostgreSQL store's
            self.db.execute("ROLLBACK")
            raise StoreError(f"migration {f.name} failed: {e}") from e
        finally:
            if rebuild:
                self.db.execute("PRAGMA foreign_keys=ON")

    def _holds_documents(self) -> bool:
        has_table = self.db.execute("SELECT 1 FROM sqlite_master WHERE name = 'documents'").fetchone()
        return bool(has_table and self.db.execute("SELECT EXISTS (SELECT 1 FROM documents)").fetchone()[0])

    def _write(self, sql: str) -> None:
        """Run `sql` that takes the write lock, waiting for another writer (`_waiting`)."""
        self._waiting(lambda: self.db.execute(sql))

    def _waiting(self, action: Callable[[], T]) -> T:
        """`action()`, retried while another process holds the lock, as long as the settings
        allow (`[store] wait`), with a word to the log each time it waits again."""
        deadline = time.monotonic() + self.wait
        while True:
            try:
                return action()
            except sqlite3.OperationalError as e:
                if "locked" not in str(e) and "busy" not in str(e):
                    raise
                if time.monotonic() >= deadline:
                    raise StoreBusy(f"{self.path}: another process has been writing to this store for over "
                                    f"{self.wait:.0f} s; try again when it ends (or raise [store] wait)") from e
                log.warning("%s: another process is writing to this store; waiting for it", self.path)
                time.sleep(0.1)     # a failure without a busy wait (see __init__) must not spin

    def _rederive(self) -> None:
        """Derive again what a migration asked for (`rederive` rows, a table of version 7:
        facts, when the rules that merge them change), from the stored rows, once the schema
        is the newest."""
        asked = self.db.execute("SELECT what FROM rederive").fetchall()
        stored = asked and self.db.execute("SELECT EXISTS (SELECT 1 FROM events)").fetchone()[0]
        for (what,) in asked:
            if stored:                           # a new store has nothing to wait for
                log.warning("%s: deriving %s again from the stored events, once (~30 s per 100,000 articles)",
                            self.path, what)
            self._write("BEGIN IMMEDIATE")
            try:
                if not self.db.execute("SELECT 1 FROM rederive WHERE what = ?", (what,)).fetchone():
                    self.db.execute("COMMIT")    # another process derived it while we waited
                    continue
                REDERIVE[what](self.db)
                self.db.execute("DELETE FROM rederive WHERE what = ?", (what,))
                self.db.execute("COMMIT")
            except (sqlite3.Error, KeyError) as e:
                self.db.execute("ROLLBACK")
                raise StoreError(f"deriving {what} again failed: {e!r}") from e

    # -- writing ---------------------------------------------------------------
    def save(self, doc: Document) -> Outcome:
        if self._stored is not None and doc.id in self._stored and self.db.in_transaction:
            row = self._stored[doc.id]
        else:
            row = self.db.execute("SELECT hash, num FROM documents WHERE id = ?", (doc.id,)).fetchone()
        if row and row[0] == doc.content_hash:
            return Outcome("duplicate")
        status = "updated" if row else "new"
        db = self.db
        self._begin()
        db.execute("SAVEPOINT doc")
        try:
            if row:
                db.execute("DELETE FROM documents WHERE num = ?", (row[1],))
                self._index.forget(row[1])
                self._next_event = None        # its events may have held the highest numbers
            # the document's number: ingest order, never reused (AUTOINCREMENT); every table
            # keyed by document uses it, so a new article's rows go at the end of each
            num = db.execute("INSERT INTO documents (id, hash, source, seq, outlet, url, language, published, title, "
                             "encoding, text, warnings, ingested_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                             (doc.id, doc.content_hash, doc.source, doc.seq, doc.outlet, doc.url, doc.language,
                              doc.published, doc.title, doc.encoding, doc.text,
                              json.dumps(doc.warnings, ensure_ascii=False), _now())).lastrowid
            if row:
                stories.lineage.renumber(db, row[1], num)
            db.executemany("INSERT INTO parts VALUES (?,?,?,?,?)",
                           [(num, p.number, p.start, p.end, p.published) for p in doc.parts])
            db.executemany("INSERT OR IGNORE INTO removed VALUES (?,?,?,?)",
                           [(num, r.start, r.end, r.reason) for r in doc.removed])
            db.executemany("INSERT INTO sentences VALUES (?,?,?,?,?,?)",
                           [(num, i, s.start, s.end, s.paragraph, s.part) for i, s in enumerate(doc.sentences)])
            db.executemany("INSERT OR IGNORE INTO mentions VALUES (?,?,?,?,?,?,?,?,?,?)",
                           [(num, m.start, m.end, m.kind, m.entity_id, m.code, m.country, m.name, m.role,
                             m.category) for m in doc.mentions])
            if self._next_event is None:       # read once a transaction, then counted here
                self._next_event = db.execute("SELECT coalesce(max(num), 0) + 1 FROM events").fetchone()[0]
            first = self._next_event
            rows = [(first + i, num, i, ev.type, ev.source and ev.source.code, ev.target and ev.target.code,
                     ev.source and ev.source.country, ev.target and ev.target.country, ev.status,
                     ev.claimant and ev.claimant.code, ev.date and ev.date.value, ev.sentence.start, ev.sentence.end,
                     json.dumps(event_record(doc, ev), ensure_ascii=False)) for i, ev in enumerate(doc.events)]
            db.executemany("INSERT INTO events VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)", rows)
            stories.update(db, doc, num, [(r[0], ev) for r, ev in zip(rows, doc.events)], self._index)
            db.execute("DELETE FROM skipped WHERE source = ?", (doc.source,))
            db.execute("RELEASE doc")
            self._next_event = first + len(rows)
            if self._stored is not None:
                self._stored[doc.id] = (doc.content_hash, num)
        except BaseException:
            # this document's rows are undone (an updated document's old rows come back)
            self._index.reset()
            self._next_event = None
            self._stored = None
            db.execute("ROLLBACK TO doc")
            db.execute("RELEASE doc")
            raise
        self._pending += 1
        # on time as well as count: a slow batch neither holds the write lock nor risks its
        # work to a kill for longer than `commit_seconds` (inside `transaction()`, its caller commits)
        if not self._held and (self._pending >= self.batch or time.monotonic() - self._since >= self.commit_seconds):
            self.flush()
        return Outcome(status)

    def _begin(self) -> None:
        if not self.db.in_transaction:
            self._write("BEGIN IMMEDIATE")
            self._since = time.monotonic()
            self._index.check(self.db)  # another writer may have committed since our last transaction

    def save_all(self, items: list[Document | Skipped]) -> list[Outcome | None]:
        """`save` each document and `skip` each skipped input, in order (None for those); the
        documents' duplicate signatures are computed together first (~2.5x faster), and looked
        up in the index together."""
        from rasd.stories.dedup import sign_all, signature
        docs = [it for it in items if isinstance(it, Document) and it.norm is not None]
        sign_all(docs)
        if docs:
            self._begin()
            self._index.prefetch(self.db, [signature(d) for d in docs],
                                 [h for d in docs for h, _ in stories.lineage.paragraph_hashes(d)])
        ids = list(dict.fromkeys(it.id for it in items if isinstance(it, Document)))
        if ids:
            # whether each is stored, in one query (not one per document)
            self._begin()
            self._stored = dict.fromkeys(ids)
            for i in range(0, len(ids), 500):
                part = ids[i:i + 500]
                self._stored.update((d, (h, n)) for d, h, n in self.db.execute(
                    "SELECT id, hash, num FROM documents WHERE id IN (SELECT value FROM json_each(?))",
                    (json.dumps(part, ensure_ascii=False),)))
        try:
            return [self.save(it) if isinstance(it, Document) else self.skip(it) for it in items]
        finally:
            self._stored = None

    def skip(self, item: Skipped) -> None:
        self.db.execute("INSERT INTO skipped VALUES (?,?,?,?) ON CONFLICT(source) DO UPDATE SET "
                        "reason = excluded.reason, detail = excluded.detail", (item.source, item.reason, item.detail, _now()))

    # -- reading ---------------------------------------------------------------
    def event_records(self) -> list[dict]:
        """Every stored event record, in the order `rasd extract` prints them."""
        return [r["record"] for r in self.event_rows()]

    def event_rows(self) -> list[dict]:
        """`event_records` with the article's published date, outlet and URL beside each."""
        rows = self.db.execute("SELECT e.record, d.published, d.outlet, d.url FROM events e "
                               "JOIN documents d ON d.num = e.doc ORDER BY d.source, d.seq, e.n")
        return [{"record": json.loads(r), "published": p, "outlet": o, "url": u} for r, p, o, u in rows]

    def counts(self) -> dict[str, int]:
        tables = ("documents", "parts", "removed", "sentences", "mentions", "events", "skipped",
                  "copies", "paragraph_copies", "stories", "story_docs", "facts", "fact_mentions")
        return {t: self.db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}

    def document(self, doc_id: str) -> dict | None:
        self.db.row_factory = sqlite3.Row
        try:
            row = self.db.execute("SELECT * FROM documents WHERE id = ?", (doc_id,)).fetchone()
            if row is None:
                return None
            doc = dict(row)
            num = doc.pop("num")             # the store's own key, not the document's
            doc["events"] = [json.loads(r["record"]) for r in
                             self.db.execute("SELECT record FROM events WHERE doc = ? ORDER BY n", (num,))]
            doc["removed"] = [dict(r) for r in self.db.execute("SELECT start, \"end\", reason FROM removed WHERE doc = ?", (num,))]
            doc["mentions"] = [{**dict(r), "doc": doc_id} for r in self.db.execute("SELECT * FROM mentions WHERE doc = ?", (num,))]
            return doc
        finally:
            self.db.row_factory = None

    def skipped(self) -> list[tuple[str, str, str]]:
        return list(self.db.execute("SELECT source, reason, detail FROM skipped ORDER BY source"))

    def stats(self) -> dict:
        c = self.counts()
        c["by_type"] = dict(self.db.execute("SELECT type, count(*) FROM events GROUP BY type ORDER BY 2 DESC"))
        c["by_status"] = dict(self.db.execute("SELECT status, count(*) FROM events GROUP BY status ORDER BY 2 DESC"))
        c["skipped_by_reason"] = dict(self.db.execute("SELECT reason, count(*) FROM skipped GROUP BY reason"))
        return c
