"""Ingest time per article in stores of different sizes, measured side by side: a news
stream is stored up to each size (`--stored`), a copy of the store is kept at each, and then
each smaller store and the largest one get the same next `--add` articles at the same time,
in two processes that start timing together (twice, in both orders, averaged), so that this
VM's drifting speed and its two cores touch both alike. Reports the store's time per article
(documents, events, copies, stories, facts and the commits: wall and CPU time) and the
commits' part of it.

`ingest_bench.py` follows one store as it grows, which shows the trend but mixes the VM's
speed changes into it; this one answers "is adding an article to a big store slower than to
a small one?" directly.

    python bench/ingest_side_by_side.py --stored 10000 100000
    python bench/ingest_side_by_side.py --stored 1000 10000 100000 --add 6000 --rounds 3 --stores /tmp/sbs
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from itertools import islice

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from generate import news_articles  # noqa: E402
from machine import describe  # noqa: E402

from rasd.model import Document  # noqa: E402
from rasd.pipeline import Pipeline, load_settings  # noqa: E402
from rasd.store.sqlite import Store  # noqa: E402

INGEST_BATCH = load_settings()["store"]["batch"]    # as `rasd ingest` commits


def _batches(pipeline: Pipeline, stream, count: int):
    while count > 0:
        size = min(pipeline.batch_size, count)
        yield pipeline.run_batch([Document(id=a["id"], text=a["text"], published=a["published"], source="bench")
                                  for a in islice(stream, size)])
        count -= size


def build(folder: str, sizes: list[int], total: int) -> dict[int, str]:
    """Store the stream up to each size; a copy of the store at each (kept from an earlier
    run in the same folder: the stream is the same every time)."""
    copies = {size: os.path.join(folder, f"at{size}.db") for size in sizes}
    if all(os.path.exists(path) for path in copies.values()):
        return copies
    pipeline = Pipeline.default()
    stream = news_articles(total)
    stored = 0
    grow = os.path.join(folder, "grow.db")
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(grow + suffix):
            os.remove(grow + suffix)
    with Store(grow, batch=INGEST_BATCH) as store:
        for size in sizes:
            for docs in _batches(pipeline, stream, size - stored):
                store.save_all(docs)
            store.flush()
            stored = size
            dst = sqlite3.connect(copies[size] + ".part")
            store.db.backup(dst)
            dst.close()
            os.replace(copies[size] + ".part", copies[size])
    os.remove(grow)
    return copies


def add(path: str, stored: int, count: int) -> dict:
    """In a process of its own: the `count` articles after the first `stored`, added to `path`
    once the parent says go (a line on stdin)."""
    pipeline = Pipeline.default()
    pipeline.warm_up()
    stream = islice(news_articles(stored + count), stored, None)
    batches = list(_batches(pipeline, stream, count))         # the pipeline's work is not timed
    store = Store(path, batch=INGEST_BATCH)
    store._index.ready(store.db)                               # nor is building the index
    committing = 0.0
    flush = store.flush

    def timed_flush() -> None:
        nonlocal committing
        t = time.perf_counter()
        flush()
        committing += time.perf_counter() - t
    store.flush = timed_flush
    print("ready", flush=True)
    sys.stdin.readline()
    t0, c0 = time.perf_counter(), time.process_time()
    for docs in batches:
        store.save_all(docs)
    store.flush()
    spent, cpu = time.perf_counter() - t0, time.process_time() - c0
    store.db.close()
    return {"stored": stored, "ms": 1000 * spent / count, "cpu_ms": 1000 * cpu / count,
            "commit_ms": 1000 * committing / count}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--stored", type=int, nargs="+", default=[10_000, 100_000], help="store sizes compared")
    ap.add_argument("--add", type=int, default=3_000, help="articles added to each store, timed")
    ap.add_argument("--rounds", type=int, default=1, help="times each pair is run (each time in both orders)")
    ap.add_argument("--stores", metavar="DIR", help="keep the built stores here and reuse them on the next run")
    ap.add_argument("--child", nargs=3, metavar=("PATH", "STORED", "ADD"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        path, stored, count = args.child
        print(json.dumps(add(path, int(stored), int(count))))
        return
    print(describe(), flush=True)
    sizes = sorted(set(args.stored))
    if args.stores:
        os.makedirs(args.stores, exist_ok=True)
        compare(args.stores, sizes, args.add, args.rounds)
    else:
        with tempfile.TemporaryDirectory() as tmp:
            compare(tmp, sizes, args.add, args.rounds)


def compare(folder: str, sizes: list[int], count: int, rounds: int) -> None:
    copies = build(folder, sizes, sizes[-1] + count)
    largest = sizes[-1]
    print(f"stores of {', '.join(map(str, sizes))} articles ready; {count} articles added to each "
          f"smaller one and to the {largest} one at the same time, {rounds} round(s)", flush=True)
    for n in sizes[:-1] or sizes:
        pair = [n, largest] if n != largest else [n]
        changes = []
        for _ in range(rounds):
            # twice, in both orders: which process runs on the faster core is not up to us
            results = _mean(_side_by_side(folder, copies, pair, count),
                            _side_by_side(folder, copies, pair[::-1], count)[::-1])
            print("  ".join(f"{int(r['stored']):>7} stored: {r['ms']:5.2f} ms/article of store time "
                            f"(CPU {r['cpu_ms']:5.2f}, commits {r['commit_ms']:4.2f})" for r in results), flush=True)
            if len(results) == 2:
                changes.append(results[1]["ms"] / results[0]["ms"] - 1)
        if changes:
            print(f"  {n} vs {largest} stored: median change {statistics.median(changes):+.1%} "
                  f"(rounds {', '.join(f'{c:+.1%}' for c in changes)})", flush=True)


def _mean(first: list[dict], second: list[dict]) -> list[dict]:
    return [{k: (a[k] + b[k]) / 2 for k in a} for a, b in zip(first, second)]


def _side_by_side(folder: str, copies: dict[int, str], sizes: list[int], count: int) -> list[dict]:
    children = []
    for i, n in enumerate(sizes):
        path = os.path.join(folder, f"run{i}.db")          # a fresh copy: adding changes it
        for suffix in ("-wal", "-shm"):                 # a crashed run's log must not replay onto it
            if os.path.exists(path + suffix):
                os.remove(path + suffix)
        shutil.copy(copies[n], path)
        children.append(subprocess.Popen([sys.executable, __file__, "--child", path, str(n), str(count)],
                                         stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True))
    for child in children:                              # all prepared, then all go at once
        if child.stdout.readline().strip() != "ready":
            raise SystemExit("a measuring process failed while preparing")
    for child in children:
        child.stdin.write("go\n")
        child.stdin.flush()
    results = []
    for child in children:
        out, _ = child.communicate()
        if child.returncode:
            raise SystemExit(f"a measuring process failed ({child.returncode})")
        results.append(json.loads(out))
    return results


if __name__ == "__main__":
    main()
