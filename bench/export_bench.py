"""Exports on large stores: peak memory and rows per second of `rasd export facts|events
--format parquet` at two store sizes, side by side (issue 19: memory flat in store size).

The stores are generated news streams, ingested with the rules alone (`serve_bench.build`:
~4 KB articles, 300 a day, 15% near-copies), built once at `--stores DIR/sN.db` and reused
(a store given with `--store N=PATH` is used as it is: `bench/serve_bench.py` builds the
same 100,000-article store). Each export runs as the CLI in a process of its own, so its
peak RSS (getrusage of that process) is its own; its anonymous memory (Python objects,
SQLite's page cache; RSS less the store's memory-mapped file pages) is sampled every 20 ms.

    python bench/export_bench.py --sizes 10000 100000 --stores /tmp/export_bench
    python bench/export_bench.py --sizes 10000 100000 --store 100000=/tmp/serve100k.db
"""
from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from machine import describe  # noqa: E402
from serve_bench import build  # noqa: E402

KINDS = ("facts", "events")


def _anon_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as f:
            return next(int(line.split()[1]) for line in f if line.startswith("RssAnon:"))
    except (OSError, StopIteration):
        return 0


def run_export(store: str, kind: str, out: str) -> dict:
    """One `rasd export KIND --format parquet` in its own process: wall time, rows, peak RSS
    and peak anonymous memory."""
    cmd = [sys.executable, "-m", "rasd.cli", "export", kind, "--format", "parquet", "--db", store, "-o", out]
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    peak_anon = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak_anon
        while not done.is_set():
            peak_anon = max(peak_anon, _anon_kb(proc.pid))
            time.sleep(0.02)
    sampler = threading.Thread(target=sample)
    sampler.start()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    done.set()
    sampler.join()
    message = proc.stderr.read()
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed: {message}")
    rows = int(re.search(r"(\d+) \w+ written", message).group(1))
    return {"rows": rows, "seconds": wall, "rows_per_s": rows / wall, "peak_rss_mb": usage.ru_maxrss / 1024,
            "peak_anon_mb": peak_anon / 1024, "file_mb": os.path.getsize(out) / 2**20}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000], help="store sizes, in articles")
    ap.add_argument("--stores", metavar="DIR", default=os.path.join(tempfile.gettempdir(), "rasd_export_bench"),
                    help="where the stores are built and kept (sN.db)")
    ap.add_argument("--store", action="append", default=[], metavar="N=PATH", help="use this store for size N")
    ap.add_argument("--rounds", type=int, default=2, help="exports per store and kind (the best is reported)")
    args = ap.parse_args()
    print(describe(), flush=True)
    given = dict(s.split("=", 1) for s in args.store)
    os.makedirs(args.stores, exist_ok=True)
    stores = {}
    for n in sorted(args.sizes):
        stores[n] = given.get(str(n)) or os.path.join(args.stores, f"s{n}.db")
        if str(n) not in given:
            build(stores[n], n)
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        for kind in KINDS:
            for n, path in stores.items():
                runs = [run_export(path, kind, os.path.join(tmp, f"{kind}{n}.parquet")) for _ in range(args.rounds)]
                results[kind, n] = min(runs, key=lambda r: r["seconds"])
                r = results[kind, n]
                print(f"{kind:6} {n:>7} articles: {r['rows']:>8} rows  {r['seconds']:7.1f} s  "
                      f"{r['rows_per_s']:8.0f} rows/s  peak RSS {r['peak_rss_mb']:6.0f} MB  "
                      f"anon {r['peak_anon_mb']:6.0f} MB  file {r['file_mb']:7.2f} MB", flush=True)
    sizes = sorted(stores)
    if len(sizes) > 1:
        lo, hi = sizes[0], sizes[-1]
        for kind in KINDS:
            a, b = results[kind, lo], results[kind, hi]
            print(f"{kind}: {lo} vs {hi} articles: rows/s {a['rows_per_s']:.0f} vs {b['rows_per_s']:.0f}, "
                  f"peak RSS {a['peak_rss_mb']:.0f} vs {b['peak_rss_mb']:.0f} MB, "
                  f"anon {a['peak_anon_mb']:.0f} vs {b['peak_anon_mb']:.0f} MB")


if __name__ == "__main__":
    main()
