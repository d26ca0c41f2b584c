"""End-to-end `extract` throughput and memory: articles per second on one core, peak RSS,
and how both scale with corpus size. Articles are ~4 KB (UTF-8) generated Arabic news,
streamed from a JSON Lines file, so memory must stay flat as N grows.

    python bench/extract_bench.py --articles 2000 10000 [--path full|fast|both]

Both paths by default, side by side: the rules with the learned layer (what `rasd extract`
does) and the rules alone (`--fast`).
"""
from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from machine import describe  # noqa: E402
from generate import write_jsonl  # noqa: E402

from rasd.api import process  # noqa: E402
from rasd.events.records import records  # noqa: E402
from rasd.model import Skipped  # noqa: E402
from rasd.pipeline import Pipeline, load_settings  # noqa: E402


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


WINDOW = 500   # articles per window: this VM's speed drifts within minutes, so windows show it


def run(n: int, tmp: str, *, fast: bool = False, corpus: str | None = None) -> None:
    path = corpus or os.path.join(tmp, f"bench-{n}.jsonl")
    if not os.path.exists(path):
        write_jsonl(path, n)
    size = os.path.getsize(path) if os.path.isfile(path) else sum(
        os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(path) for f in fs)
    settings = load_settings()
    settings.setdefault("events", {})["learned"] = not fast
    pipeline = Pipeline.default(settings)
    pipeline.warm_up()     # loads the knowledge base and lexicons once
    t0, c0 = time.perf_counter(), time.process_time()
    docs = events = 0
    windows, wc = [], c0
    with open(os.devnull, "w") as sink:
        for doc in process([path], pipeline=pipeline):
            if isinstance(doc, Skipped):
                continue
            docs += 1
            for rec in records(doc):
                events += 1
                sink.write(str(rec))
            if docs % WINDOW == 0:
                now = time.process_time()
                windows.append(WINDOW / (now - wc))
                wc = now
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    n = docs
    print(f"{'fast' if fast else 'full'} N={n:>7}  {size / n / 1024:.1f} KB/article  {docs / cpu:8.1f} articles/s per core (cpu)  "
          f"{docs / wall:8.1f} articles/s wall  {size / cpu / 1e6:5.2f} MB/s  events {events}  "
          f"peak RSS {peak_mb():.0f} MB", flush=True)
    if len(windows) > 1:
        print(f"           windows of {WINDOW}: median {statistics.median(windows):.0f}, best {max(windows):.0f}, "
              f"worst {min(windows):.0f} articles/s per core", flush=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, nargs="+", default=[1000, 5000])
    ap.add_argument("--corpus", help="a file or folder of real articles instead of generated ones (the generated "
                    "corpus repeats its sentences, which the encoder's memory then serves for free)")
    ap.add_argument("--path", choices=("full", "fast", "both"), default="both",
                    help="the default path (rules and the learned layer), the rules alone (--fast), or both")
    args = ap.parse_args()
    print(describe(), flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        for n in ([0] if args.corpus else args.articles):
            for fast in ((False, True) if args.path == "both" else (args.path == "fast",)):
                run(n, tmp, fast=fast, corpus=args.corpus)


if __name__ == "__main__":
    main()
