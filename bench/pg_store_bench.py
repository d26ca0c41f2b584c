"""The store on PostgreSQL beside SQLite (issue 20), in the same run:

1. store time per article as the store grows: one news stream goes through the pipeline
   once, and each batch is written to a SQLite store and a PostgreSQL store in turn (the
   same documents, timed apart: save_all and the commit). Reported for the `--window`
   articles after each size in `--at` (e.g. 10,000 and 100,000 stored), with the statements
   the PostgreSQL server ran and the round trips it took per article, and the load average.
2. two writers against one: `rasd ingest` of a generated corpus into a new PostgreSQL store
   by one process, then by two processes at once, each given half; wall time and articles/s.

    python bench/pg_store_bench.py --pg postgresql://rasd:rasd@127.0.0.1/rasd_bench --at 10000 100000
    python bench/pg_store_bench.py --pg ... --at 1000 5000 --window 500 --writers 2000
    python bench/pg_store_bench.py --pg ... --at 10000 50000 --window 1000 --fast
    python bench/pg_store_bench.py --pg ... --no-growth --writers 4000

`--fast`: the pipeline without its learned layer (as `rasd ingest --fast`): the stores get
slightly different events, the same kind of work, and the stream is made ~10x sooner.
"""
from __future__ import annotations

import argparse
import collections
import os
import subprocess
import sys
import tempfile
import time
from itertools import islice

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from generate import news_articles, write_jsonl  # noqa: E402
from machine import describe  # noqa: E402

from rasd.model import Document  # noqa: E402
from rasd.pipeline import Pipeline, load_settings  # noqa: E402
from rasd.store.base import open_store  # noqa: E402

BATCH = load_settings()["store"]["batch"]        # documents per commit, as `rasd ingest`


def _fresh(url: str, schema: str) -> str:
    """A new schema in the bench database, and the URL that uses it."""
    import psycopg
    with psycopg.connect(url, autocommit=True) as c:
        c.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
        c.execute(f'CREATE SCHEMA "{schema}"')
    return f"{url}{'&' if '?' in url else '?'}options=-csearch_path%3D{schema}"


class ServerCalls:
    """What the PostgreSQL store asks of the server: statements (a row of an executemany
    is one) and round trips (a statement waited for, or a pipeline sync)."""

    def __init__(self):
        import psycopg
        self.statements = self.round_trips = 0
        execute, executemany, sync = psycopg.Cursor.execute, psycopg.Cursor.executemany, psycopg.Pipeline.sync
        calls = self

        def one(cur, query, params=None, **kw):
            calls.statements += 1
            calls.round_trips += cur.connection._pipeline is None
            return execute(cur, query, params, **kw)

        def many(cur, query, rows, **kw):
            rows = list(rows)
            calls.statements += len(rows)
            calls.round_trips += cur.connection._pipeline is None
            return executemany(cur, query, rows, **kw)

        def synced(pipeline):
            calls.round_trips += 1
            return sync(pipeline)
        psycopg.Cursor.execute, psycopg.Cursor.executemany, psycopg.Pipeline.sync = one, many, synced


def _load() -> str:
    return "/".join(f"{x:.1f}" for x in os.getloadavg())


def growth(pg: str, at: list[int], window: int, folder: str, *, fast: bool) -> None:
    total = max(at) + window
    calls = ServerCalls()
    stores = {"sqlite": open_store(os.path.join(folder, "grow.db"), batch=BATCH),
              "postgresql": open_store(_fresh(pg, "bench_grow"), batch=BATCH)}
    settings = load_settings()
    settings["events"]["learned"] = not fast
    pipeline = Pipeline.default(settings)
    stream = news_articles(total)
    spent = {name: [] for name in stores}            # (articles stored before, seconds) per batch
    asked = []                                       # (articles stored before, statements, round trips)
    loads = collections.defaultdict(list)            # size -> load averages seen in its window
    done = 0
    t0 = time.perf_counter()
    while done < total:
        size = min(pipeline.batch_size, total - done)
        docs = pipeline.run_batch([Document(id=a["id"], text=a["text"], published=a["published"], source="bench")
                                   for a in islice(stream, size)])
        for name, store in stores.items():
            before = (calls.statements, calls.round_trips)
            start = time.perf_counter()
            store.save_all(docs)
            if store._pending == 0 or done + size >= total:   # a commit happened (or the last one)
                store.flush()
            spent[name].append((done, size, time.perf_counter() - start))
            if name == "postgresql":
                asked.append((done, calls.statements - before[0], calls.round_trips - before[1]))
        for size_at in at:
            if size_at <= done < size_at + window:
                loads[size_at].append(os.getloadavg()[0])
        done += size
        if done % 10_000 < size:
            print(f"  {done} stored ({time.perf_counter() - t0:.0f} s, load {_load()})", flush=True)
    for store in stores.values():
        store.close()
    print(f"store time per article, the {window} articles after each size (commits every {BATCH}); "
          f"PostgreSQL's statements and round trips per article; the 1-minute load average:")
    print(f"{'stored':>9} " + " ".join(f"{name:>12}" for name in stores) + f" {'statements':>11} {'trips':>6} {'load':>5}")
    for size in at:
        row = []
        for name in stores:
            part = [(n, s) for before, n, s in spent[name] if size <= before < size + window]
            row.append(sum(s for _, s in part) / max(1, sum(n for n, _ in part)) * 1000)
        mine = [(st, rt) for before, st, rt in asked if size <= before < size + window]
        load = sum(loads[size]) / max(1, len(loads[size]))
        print(f"{size:>9} " + " ".join(f"{ms:>9.2f} ms" for ms in row)
              + f" {sum(s for s, _ in mine) / window:>11.1f} {sum(r for _, r in mine) / window:>6.1f} {load:>5.1f}")


def _children_cpu() -> float:
    """User and system CPU seconds of this process's ended children."""
    import resource
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def writers(pg: str, count: int, folder: str) -> None:
    """One `rasd ingest` process against two at once, each given half, into a new store."""
    halves = [os.path.join(folder, f"half{i}.jsonl") for i in (0, 1)]
    whole = os.path.join(folder, "all.jsonl")
    write_jsonl(whole, count)
    lines = open(whole, encoding="utf-8").read().splitlines(keepends=True)
    for i, path in enumerate(halves):
        with open(path, "w", encoding="utf-8") as f:
            f.writelines(lines[i::2])
    rasd = [sys.executable, "-m", "rasd.cli", "ingest", "--fast"]
    print(f"one writer against two, {count} articles (load {_load()} before):")
    for name, inputs in (("one writer", [[whole]]), ("two writers", [[h] for h in halves])):
        url = _fresh(pg, "bench_writers")
        subprocess.run([*rasd, "--db", url, os.devnull], check=False, capture_output=True)   # the schema
        start, cpu = time.perf_counter(), _children_cpu()
        procs = [subprocess.Popen([*rasd, *paths, "--db", url], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
                 for paths in inputs]
        for p in procs:
            _, err = p.communicate()
            if p.returncode:
                raise SystemExit(err.decode())
        wall, cpu = time.perf_counter() - start, _children_cpu() - cpu
        with open_store(url, create=False) as s:
            stored = s.counts()["documents"]
        print(f"{name:>12}: {count} articles in {wall:.1f} s, {count / wall:.1f} articles/s ({stored} stored); "
              f"CPU of the ingest processes {cpu:.1f} s, {cpu / wall:.2f} cores busy on average (load {_load()})")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pg", default=os.environ.get("RASD_BENCH_PG") or os.environ.get("RASD_TEST_PG"),
                    help="a PostgreSQL database the bench may fill (schemas bench_*)")
    ap.add_argument("--at", type=int, nargs="+", default=[10_000, 100_000])
    ap.add_argument("--window", type=int, default=2_000)
    ap.add_argument("--writers", type=int, default=4_000, help="articles for one writer against two (0: skip)")
    ap.add_argument("--fast", action="store_true", help="the pipeline without its learned layer")
    ap.add_argument("--no-growth", action="store_true", help="one writer against two only")
    args = ap.parse_args()
    if not args.pg:
        raise SystemExit("give --pg postgresql://user@host/dbname (or set RASD_BENCH_PG)")
    print(describe())
    with tempfile.TemporaryDirectory() as folder:
        if not args.no_growth:
            growth(args.pg, sorted(args.at), args.window, folder, fast=args.fast)
        if args.writers:
            writers(args.pg, args.writers, folder)


if __name__ == "__main__":
    main()
