"""The PostgreSQL store: the SQLite store's code over a PostgreSQL connection.

`PgStore` is `rasd.store.sqlite.Store` with another connection: every query in rasd is
written once (SQLite's dialect) and `PgConnection` translates it (`rasd.store.dialect`),
so both backends run the same writes and the same read layer and give the same results.

Several writers (ingest processes, on one machine or many) share one store. Locking:
a writer's transaction (`BEGIN IMMEDIATE`, as in SQLite) takes one transaction-scoped
ADVISORY lock, `pg_advisory_xact_lock(WRITER_LOCK)`, released by its COMMIT or ROLLBACK.
Story, fact, copy and count updates read-modify-write rows that any article may touch
(a fact's dates and counts, a story's actors, the next event number), so writers take
turns per batch, exactly as SQLite's one writer does; the pipeline (reading, text, KB,
events), which is nearly all of the time per article, runs in every process at once.
Readers take no lock at all (MVCC): they never block a writer nor wait for one.

A writer's in-memory duplicate index (`lineage.Index`) stays valid while no other writer
commits; `store_writes` counts every writer's commits, and `PRAGMA data_version` is
answered from it (the count less our own commits), so the index is rebuilt from the
store exactly when SQLite's would be.

Round trips: a writer's transaction runs in psycopg's pipeline mode. A write whose result
nobody reads (an INSERT, UPDATE or DELETE without RETURNING, one row or many) inside a
document's savepoint is sent without waiting for its answer; the next statement whose
answer is needed (a read, a RETURNING, the end of the document's savepoint) waits once for
everything sent before it. Each document's writes are settled at its `RELEASE`, so a
failure is still raised inside that document's savepoint and undoes that document alone.
Bulk rows: the rows an executemany gives one table (a document's sentences, mentions,
events ...) go in one statement, `INSERT ... SELECT * FROM unnest(one array per column)`
(`_unnest`), not one statement per row; so do the rows of an `UPDATE ... WHERE key = ?`
(the facts a document widens). Measured over 1,000 generated articles: ~150 statements and
~78 round trips an article became 32 and 15; with a document's facts read and merged at
once (`rasd.stories.facts`), ~22 and ~6 (docs/benchmarks.md#past-one-machine).

psycopg (3.x) is imported here only: `pip install rasd[postgres]`.
"""
from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources

from rasd.errors import StoreBusy, StoreClaimed, StoreError
from rasd.store.dialect import Upserts, translate
from rasd.store.sqlite import Store

log = logging.getLogger(__name__)

WRITER_LOCK = 0x72617364          # "rasd": the advisory lock key every writer takes
BASELINE = 9                      # the store version postgres_baseline.sql creates

_VALUES = re.compile(r"^INSERT INTO (\w+)\s*(?:\(([^)]*)\))?\s*VALUES\s*\(((?:\s*%s\s*,)*\s*%s\s*)\)(.*)$", re.S)
_CONFLICT_ON = re.compile(r"\bON CONFLICT\s*\(([^)]*)\)", re.I)
_SET_WHERE = re.compile(r"^UPDATE (\w+) SET ((?:\s*\w+\s*=\s*%s\s*,)*\s*\w+\s*=\s*%s)\s+WHERE (\w+)\s*=\s*%s\s*$", re.S)


def redact(url: str) -> str:
    """The URL without its password, for messages and logs."""
    return re.sub(r"(://[^:/@]+):[^@]*@", r"\1:***@", url)


def _psycopg():
    try:
        import psycopg
    except ImportError as e:
        raise StoreError("a postgresql:// store needs the PostgreSQL driver: pip install 'rasd[postgres]'") from e
    return psycopg


def _adapters(psycopg) -> tuple[list, list]:
    """Booleans and NUMERIC read back as SQLite gives them (0/1; int or float), Python
    booleans written as integers: JSON from both backends comes out the same."""
    from psycopg.adapt import Dumper, Loader

    class BoolAsInt(Loader):
        def load(self, data):
            return 1 if bytes(data) == b"t" else 0

    class NumericAsNumber(Loader):
        def load(self, data):
            text = bytes(data).decode()
            return int(text) if text.lstrip("-").isdigit() else float(text)

    class BoolDumper(Dumper):
        oid = psycopg.postgres.types["int8"].oid

        def dump(self, obj):
            return b"1" if obj else b"0"

    class BinaryBoolDumper(BoolDumper):      # in the arrays of a many-row INSERT (`_unnest`)
        format = psycopg.pq.Format.BINARY

        def dump(self, obj):
            return (1 if obj else 0).to_bytes(8, "big")

    return [("bool", BoolAsInt), ("numeric", NumericAsNumber)], [(bool, BoolDumper), (bool, BinaryBoolDumper)]


class Cursor:
    """What rasd uses of a sqlite3 cursor: iteration, fetch*, description, lastrowid."""

    def __init__(self, cur, *, returning: bool = False):
        self._cur = cur
        self.lastrowid = cur.fetchone()[0] if returning else None
        self.rowcount = cur.rowcount

    @property
    def description(self):
        return self._cur.description

    def fetchone(self):
        return self._cur.fetchone() if self._cur.description else None

    def fetchall(self):
        return self._cur.fetchall() if self._cur.description else []

    def fetchmany(self, size: int = 1):
        return self._cur.fetchmany(size) if self._cur.description else []

    def __iter__(self):
        return iter(self._cur) if self._cur.description else iter(())


class _Rows:
    """A cursor over rows computed here (the PRAGMAs)."""

    def __init__(self, rows: list[tuple]):
        self._rows = rows
        self.description, self.lastrowid, self.rowcount = None, None, -1

    def fetchone(self):
        return self._rows[0] if self._rows else None

    def fetchall(self):
        return list(self._rows)

    def __iter__(self):
        return iter(self._rows)


class PgConnection:
    """A psycopg connection that takes rasd's SQL as a sqlite3 connection does: `?`
    parameters, SQLite's dialect (`translate`), explicit BEGIN/COMMIT (autocommit
    otherwise, like `isolation_level=None`), and `BEGIN IMMEDIATE` as the writer lock."""

    def __init__(self, url: str, *, wait: float = 600, read_only: bool = False):
        psycopg = _psycopg()
        self._errors = psycopg.errors
        self._idle = psycopg.pq.TransactionStatus.IDLE
        self.url = url
        self.wait = wait
        try:
            self._conn = psycopg.connect(url, autocommit=True, connect_timeout=10)
        except psycopg.Error as e:
            raise StoreError(f"{redact(url)}: cannot connect: {str(e).strip().splitlines()[0]}") from None
        loaders, dumpers = _adapters(psycopg)
        for name, loader in loaders:         # on this connection's own map only
            self._conn.adapters.register_loader(name, loader)
        for kind, dumper in dumpers:
            self._conn.adapters.register_dumper(kind, dumper)
        if read_only:
            self._conn.execute("SET default_transaction_read_only = on")
        self.upserts = Upserts()
        self.row_factory = None              # sqlite3.Row (any non-None): rows as dicts
        # `rasd_search(query, text)` is a regular expression match here: the read layer sets
        # the function that turns a query into the pattern (rasd.stories.queries._with_search)
        self.search_patterns = None
        self._writing = False
        self._mine = 0                       # our own commits counted in store_writes
        self._pipeline = None                # (context manager, pipeline) of a write transaction
        self._savepoints = 0                 # open savepoints: writes inside them are pipelined

    # -- sqlite3.Connection's surface ---------------------------------------------------
    @property
    def in_transaction(self) -> bool:
        return self._conn.info.transaction_status != self._idle

    def execute(self, sql: str, params=None):
        word = sql.lstrip()[:16].upper()
        if word.startswith("PRAGMA"):
            return self._pragma(sql)
        if word.startswith("BEGIN"):
            return self._begin(immediate="IMMEDIATE" in sql.upper())
        if word.startswith("COMMIT"):
            return self._commit()
        if word.startswith("ROLLBACK") and "TO" not in sql.upper().split():
            self._writing = False
            self._leave_pipeline(settle=False)
            return self._run("ROLLBACK")
        if word.startswith("SAVEPOINT"):
            self._savepoints += 1
            return self._run(sql, answer=False)
        if word.startswith("RELEASE"):
            self._savepoints = max(0, self._savepoints - 1)
            return self._run(sql)            # settles the document's writes (see the module's docstring)
        st = translate(sql, self.upserts, params=params is not None)
        if st.searched and self.search_patterns is not None:
            params = list(params)
            for i in st.searched:
                params[i] = self.search_patterns(params[i])
        return self._run(st.sql, params, returning=st.returning, answer=not self._blind(st.sql, st.returning))

    def executemany(self, sql: str, rows) -> None:
        rows = list(rows)
        if not rows:
            return
        st = translate(sql, self.upserts)
        text = st.sql.rsplit(" RETURNING ", 1)[0] if st.returning else st.sql
        try:
            with self._conn.cursor() as cur:
                if together := self._unnest(text, rows):
                    cur.execute(*together)
                else:
                    cur.executemany(text, rows)      # sent together, as are all writes in pipeline mode
            if self._pipeline and not self._savepoints:
                self._pipeline[1].sync()
        except self._errors.Error as e:
            self._resync()
            raise self._error(e) from e

    def script(self, sql: str) -> None:
        """Several statements at once, no parameters (the baseline schema): not in pipeline
        mode, which takes one statement at a time."""
        self._leave_pipeline()
        self._run(sql)

    def close(self) -> None:
        self._leave_pipeline(settle=False)
        self._conn.close()

    # -- what differs -------------------------------------------------------------------
    def _unnest(self, sql: str, rows: list) -> tuple[str, list] | None:
        """Many rows as one statement with an array per column (`unnest`): an INSERT becomes
        `INSERT ... SELECT * FROM unnest(arrays)`, an UPDATE of columns by key
        (`UPDATE t SET a = ?, b = ? WHERE k = ?`) `UPDATE t SET a = u.a ... FROM unnest(arrays)
        AS u(...) WHERE t.k = u.k`. The server plans and starts one statement, not one per row,
        and the statement's text stays the same whatever the number of rows (psycopg and the
        server prepare it once). None where it does not apply (a value that is not a
        parameter; a table not in the catalog) or could mean otherwise: rows sharing a key in
        an upsert (DO UPDATE) or an UPDATE, which PostgreSQL refuses in one statement (or
        applies once) and SQLite applies in turn."""
        if len(rows) < 2:
            return None
        if m := _VALUES.match(sql):
            table, names, group, tail = m.groups()
            every = self.upserts.columns.get(table, [])
            columns = [c.strip().strip('"') for c in names.split(",")] if names else every
            if len(columns) != group.count("%s") or any(c not in every for c in columns):
                return None
            if "DO UPDATE" in tail.upper():
                target = _CONFLICT_ON.search(tail)
                key = [c.strip().strip('"') for c in target.group(1).split(",")] if target else []
                if not key or any(k not in columns for k in key) or not _distinct(rows, [columns.index(k) for k in key]):
                    return None
        elif m := _SET_WHERE.match(sql):
            table, sets, key = m.groups()
            every = self.upserts.columns.get(table, [])
            columns = [c.split("=")[0].strip() for c in sets.split(",")] + [key]
            if any(c not in every for c in columns) or not _distinct(rows, [len(columns) - 1]):
                return None
        else:
            return None
        arrays = [_one_type(list(values)) for values in zip(*rows)]
        if any(a is None for a in arrays):
            return None
        types = self.upserts.types[table]
        casts = ", ".join(f"%b::{types[every.index(c)]}[]" for c in columns)
        quoted = ", ".join(f'"{c}"' for c in columns)
        if sql.startswith("UPDATE"):
            sets = ", ".join(f'"{c}" = _rows."{c}"' for c in columns[:-1])
            return (f'UPDATE {table} SET {sets} FROM unnest({casts}) AS _rows({quoted}) '
                    f'WHERE {table}."{key}" = _rows."{key}"', arrays)
        return f"INSERT INTO {table} ({quoted}) SELECT * FROM unnest({casts}){tail}", arrays

    def _blind(self, sql: str, returning: bool) -> bool:
        """A write whose answer nobody waits for: pipelined inside a savepoint."""
        return bool(self._pipeline and self._savepoints and not returning
                    and sql.lstrip()[:6].upper() in ("INSERT", "UPDATE", "DELETE")
                    and " RETURNING " not in sql.upper())

    def _run(self, sql: str, params=None, *, returning: bool = False, answer: bool = True):
        from psycopg.rows import dict_row, tuple_row
        try:
            cur = self._conn.cursor(row_factory=dict_row if self.row_factory is not None else tuple_row)
            cur.execute(sql, params)
            if answer and self._pipeline:
                self._pipeline[1].sync()     # one round trip, which also settles the writes sent before
            return Cursor(cur, returning=returning)
        except self._errors.LockNotAvailable as e:
            raise StoreBusy(f"{redact(self.url)}: another process has been writing to this store for over "
                            f"{self.wait:.0f} s; try again when it ends (or raise [store] wait)") from e
        except self._errors.Error as e:
            self._resync()
            raise self._error(e) from e

    def _resync(self) -> None:
        """After an error in pipeline mode the server skips every statement it is sent until
        the next sync: send one, so that what comes next (the ROLLBACK TO of the document's
        savepoint) is run."""
        if self._pipeline:
            try:
                self._pipeline[1].sync()
            except self._errors.Error:
                pass

    def _enter_pipeline(self) -> None:
        manager = self._conn.pipeline()
        self._pipeline = (manager, manager.__enter__())

    def _leave_pipeline(self, *, settle: bool = True) -> None:
        """Out of pipeline mode; `settle`: raise what the writes sent last met (before a
        COMMIT, which would otherwise end a failed transaction as a silent ROLLBACK)."""
        if self._pipeline is None:
            return
        manager, self._pipeline = self._pipeline[0], None
        self._savepoints = 0
        try:
            manager.__exit__(None, None, None)
        except self._errors.Error as e:
            if settle:
                raise self._error(e) from e

    def _error(self, e) -> StoreError:
        return StoreError(f"{redact(self.url)}: {type(e).__name__}: {str(e).strip().splitlines()[0]}")

    def _begin(self, *, immediate: bool):
        self._run("BEGIN")
        if immediate:
            # the writer lock (see the module's docstring), waited for up to `wait` seconds
            try:
                self._run("SELECT set_config('lock_timeout', %s, true)", (f"{int(self.wait * 1000)}ms",))
                self._run("SELECT pg_advisory_xact_lock(%s)", (WRITER_LOCK,))
            except StoreError:
                self._run("ROLLBACK")        # no transaction is left open, as after SQLite's busy BEGIN
                raise
            self._writing = True
            self._enter_pipeline()
        return _Rows([])

    def _commit(self):
        if self._writing and self.upserts.columns:        # store_writes exists once migrated
            self._run("UPDATE store_writes SET n = n + 1")
            self._mine += 1
        self._writing = False
        try:
            self._leave_pipeline()
        except StoreError:
            self._run("ROLLBACK")            # the transaction failed: end it, as SQLite's failed COMMIT does
            raise
        return self._run("COMMIT")

    def _pragma(self, sql: str):
        if "data_version" in sql:
            # other writers' commits since we connected (SQLite's data_version), as a number
            # that changes when, and only when, another writer has committed
            n = self._run("SELECT n FROM store_writes").fetchone()
            return _Rows([(n[0] - self._mine if n else 0,)])
        return _Rows([])                     # page cache, WAL, foreign keys: SQLite's own settings

    def load_catalog(self) -> None:
        """Each table's columns and primary key, for `INSERT OR REPLACE`."""
        up = Upserts()
        for table, column, kind in self._run("SELECT table_name, column_name, udt_name FROM information_schema.columns "
                                             "WHERE table_schema = current_schema() "
                                             "ORDER BY table_name, ordinal_position"):
            up.columns.setdefault(table, []).append(column)
            up.types.setdefault(table, []).append(kind)
        for table, column in self._run(
                "SELECT c.relname, a.attname FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid "
                "JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = ANY(i.indkey) "
                "WHERE i.indisprimary AND c.relnamespace = current_schema()::regnamespace "
                "ORDER BY c.relname, array_position(i.indkey::int2[], a.attnum)"):
            up.keys.setdefault(table, []).append(column)
        nullable = {c for c, in self._run("SELECT DISTINCT column_name FROM information_schema.columns "
                                          "WHERE table_schema = current_schema() AND is_nullable = 'YES'")}
        up.not_null = frozenset({c for cols in up.columns.values() for c in cols} - nullable)
        self.upserts = up


def _distinct(rows: list, at: list[int]) -> bool:
    """Whether no two of `rows` share their values at the positions `at` (a key)."""
    return len({tuple(r[i] for i in at) for r in rows}) == len(rows)


def _one_type(values: list) -> list | None:
    """A column's values as one Python type, as an array parameter must be (booleans and
    integers as integers, with floats as floats), or None when they cannot be."""
    kinds = {type(v) for v in values if v is not None}
    if len(kinds) <= 1:
        return values
    if kinds <= {bool, int}:
        return [None if v is None else int(v) for v in values]
    if kinds <= {bool, int, float}:
        return [None if v is None else float(v) for v in values]
    return None


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


class PgStore(Store):
    """The store in a PostgreSQL database (`postgresql://user@host/dbname`). `create`:
    make the schema in an empty database (ingest); a read command asks for an existing one."""

    def __init__(self, url: str, *, create: bool = True, **options):
        self.url = url
        self._create = create
        super().__init__(redact(url), **options)

    def _connect(self):
        return PgConnection(self.url, wait=self.wait)

    def migrate(self) -> None:
        exists = self.db.execute("SELECT to_regclass('migrations') IS NOT NULL").fetchone()[0]
        if not exists and not self._create:
            raise StoreError(f"no store at {self.path}: make one with `rasd ingest FILES --db {self.path}`")
        self._write("BEGIN IMMEDIATE")       # two processes creating one store: the second waits, then skips
        try:
            self.db.execute("CREATE TABLE IF NOT EXISTS migrations (version BIGINT PRIMARY KEY, name TEXT, "
                            "applied_at TEXT)")
            if not self._applied(BASELINE):
                self.db.script(resources.files("rasd.store").joinpath("postgres_baseline.sql").read_text("utf-8"))
                folder = resources.files("rasd.store").joinpath("migrations")
                names = sorted(f.name for f in folder.iterdir() if f.name.endswith((".sql", ".py")))
                self.db.executemany("INSERT INTO migrations VALUES (?, ?, ?)",
                                    [(int(n.split("_")[0]), n, _now()) for n in names
                                     if int(n.split("_")[0]) <= BASELINE])
            self.db.execute("COMMIT")
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.load_catalog()
        folder = resources.files("rasd.store").joinpath("migrations")
        for f in sorted(folder.iterdir(), key=lambda p: p.name):
            if f.name.endswith((".sql", ".py")) and int(f.name.split("_")[0]) > BASELINE:
                self._migrate_one(f)         # later migrations: one history for both backends
        self.db.load_catalog()               # with what the later migrations added
        self._rederive()

    def save_all(self, items):
        """`Store.save_all`, then a commit: the writer lock is held while this batch is
        written, not while the pipeline makes the next one, so other writers' batches go in
        between (SQLite's one writer keeps a transaction open over `batch` documents instead;
        a commit here costs ~1 ms, not a page of every index)."""
        out = super().save_all(items)
        if not self._held:                   # inside `transaction()`, its caller commits
            self.flush()
        return out

    @contextmanager
    def exclusive(self, name: str) -> Iterator[None]:
        """`Store.exclusive` on a server: a session-level advisory lock on the store's
        connection, which the server releases when the connection ends, however the process
        ends. Keyed by `name` and the schema: two stores in one database do not exclude each
        other. (The writers' lock, `WRITER_LOCK`, is a one-number key: another key space.)"""
        key = (f"rasd {name}",)
        if not self.db.execute("SELECT pg_try_advisory_lock(hashtext(?), hashtext(current_schema()))",
                               key).fetchone()[0]:
            raise StoreClaimed(f"another rasd {name} is using {self.path}; stop it first")
        try:
            yield
        finally:
            try:
                self.db.execute("SELECT pg_advisory_unlock(hashtext(?), hashtext(current_schema()))", key)
            except StoreError as e:          # the connection is gone, and the lock with it
                log.debug("%s: releasing the %s lock: %s", self.path, name, e)

    def _holds_documents(self) -> bool:
        return bool(self.db.execute("SELECT EXISTS (SELECT 1 FROM documents)").fetchone()[0])
