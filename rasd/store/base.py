"""What a store backend provides, and how `--db` picks one.

A store is `rasd.store.sqlite.Store` (a file: the embedded default) or
`rasd.store.postgres.PgStore` (`postgresql://user@host/dbname`: a shared server). Both
give the same interface: `save_all` / `save` / `skip` / `flush` / `close` for the writer,
`transaction` (writes that its caller commits together) and `exclusive` (what one process
at a time may do: `rasd watch`), `db` (a connection taking rasd's SQL, in SQLite's
dialect, with `?` parameters) for the read layer (`rasd.stories.queries`), and the same
results. `rasd.store.dialect` holds what differs between the two SQL dialects.
"""
from __future__ import annotations

from pathlib import Path

from rasd.errors import StoreError

URL_SCHEMES = ("postgresql://", "postgres://")


def is_server(db: str) -> bool:
    """`db` names a PostgreSQL database, not a SQLite file."""
    return str(db).startswith(URL_SCHEMES)


def open_store(db: str, *, create: bool = True, **options):
    """The store at `db`. `create=False` (the read commands): it must exist already."""
    if is_server(db):
        from rasd.store.postgres import PgStore
        return PgStore(db, create=create, **options)
    from rasd.store.sqlite import Store
    if not create and not Path(db).is_file():
        raise StoreError(f"no store at {db}: make one with `rasd ingest FILES --db {db}`")
    return Store(db, **options)


def connect_reader(db: str):
    """A read-only connection to the store at `db` (the server's pool)."""
    if is_server(db):
        from rasd.store.postgres import PgConnection
        conn = PgConnection(db, read_only=True)
        conn.load_catalog()
        return conn
    import sqlite3
    conn = sqlite3.connect(db, isolation_level=None, check_same_thread=False, timeout=10)
    conn.execute("PRAGMA query_only = ON")
    # the store's read settings (rasd.store.sqlite.connect): index pages stay in memory
    conn.execute("PRAGMA cache_size = -65536")
    conn.execute("PRAGMA mmap_size = 536870912")
    return conn
