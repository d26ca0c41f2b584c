"""Ingest past one process (issue 20): articles/s with 1 and 2 pipeline workers on this
machine, locally (`--workers`) and on Ray (`--ray`), the scaling efficiency of the pipeline
part, and the writer's own rate (where it becomes the bottleneck).

- pipeline part: the batches drained as they come back, nothing stored (reading, text, KB,
  events, signatures in the workers; in input order), with 1 worker and with 2, through the
  same pool (the same work, start-up and transfer): wall time, and the CPU time of this
  process and of the workers (and of the fork server they are forked from). On a shared
  machine the wall time measures the load as much as the code; the CPU time does not:
  `workers1 / (workers2 + parent2)` is the efficiency 2 free cores would give, and the
  difference between the two runs' worker CPU is what one more worker costs to start;
- writer: the same documents, already processed, stored by one writer (SQLite, or the
  PostgreSQL database given with --pg): the rate no number of workers can pass;
- end to end: `rasd ingest` into a new SQLite store.
Ray is measured on a private local cluster (`--ray local`) and on a 2-node cluster
simulated here: `ray start --head` plus a second node joining it on 127.0.0.1, one CPU each.

    python bench/scale_bench.py --articles 2000
    python bench/scale_bench.py --articles 2000 --pg postgresql://rasd:rasd@127.0.0.1/rasd_bench --no-ray
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from generate import write_jsonl  # noqa: E402
from machine import describe  # noqa: E402

from rasd.pipeline import load_settings  # noqa: E402
from rasd.store.base import open_store  # noqa: E402


def _drain(batches) -> tuple[int, float, list]:
    start, n, kept = time.perf_counter(), 0, []
    for b in batches:
        n += len(b)
        kept.append(b)
    return n, time.perf_counter() - start, kept


def _descendants() -> dict[int, float]:
    """CPU seconds of each process below this one (Linux /proc): the workers are the fork
    server's children, not ours, so this process's rusage does not count them."""
    procs = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                fields = open(f"/proc/{entry}/stat").read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            procs[int(entry)] = (int(fields[1]), (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK"))
    mine, found = {os.getpid()}, {}
    while True:
        more = {pid for pid, (parent, _) in procs.items() if parent in mine and pid not in mine}
        if not more:
            return found
        mine |= more
        found.update({pid: procs[pid][1] for pid in more})


def _load() -> str:
    return "/".join(f"{x:.1f}" for x in os.getloadavg())


def pool_costs(path: str, *, workers: int) -> dict:
    """The pipeline part on `workers` local worker processes: wall time, CPU time here
    (reading, sending, receiving) and in the workers, all per run."""
    from rasd.scale.local import process_batches
    # the fork server that loads the pipeline once (rasd.scale.local) outlives a run: its
    # whole CPU time is counted in each run, as each `rasd ingest` starts one of its own
    wall, parent, n, seen = time.perf_counter(), time.process_time(), 0, {}
    for batch in process_batches([path], workers=workers, settings=load_settings()):
        n += len(batch)
        seen.update(_descendants())  # workers end with the pool: read them while they run
    return {"n": n, "wall": time.perf_counter() - wall, "parent": time.process_time() - parent,
            "workers": sum(seen.values()), "load": os.getloadavg()[0]}


def pipeline_rate(path: str, *, workers: int, ray: str | None) -> tuple[float, list]:
    settings = load_settings()
    if ray:
        from rasd.scale.ray import process_batches
        n, s, kept = _drain(process_batches([path], address=ray, workers=workers, settings=settings))
    elif workers > 1:
        from rasd.scale.local import process_batches
        n, s, kept = _drain(process_batches([path], workers=workers, settings=settings))
    else:
        from rasd.api import process_batches
        n, s, kept = _drain(process_batches([path], settings=settings))
    return n / s, kept


def writer_rate(batches: list, where: str) -> float:
    n = sum(len(b) for b in batches)
    with open_store(where, batch=load_settings()["store"]["batch"]) as store:
        start = time.perf_counter()
        for b in batches:
            store.save_all(b)
        store.flush()
        return n / (time.perf_counter() - start)


def ingest_rate(path: str, count: int, folder: str, extra: list[str]) -> float:
    db = os.path.join(folder, f"e2e{time.monotonic_ns()}.db")
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "rasd.cli", "ingest", path, "--db", db, *extra], check=True,
                   capture_output=True)
    return count / (time.perf_counter() - start)


def _ray(*args: str) -> None:
    subprocess.run([os.path.join(os.path.dirname(sys.executable), "ray"), *args], check=True, capture_output=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--articles", type=int, default=2000)
    ap.add_argument("--pg", default=None, help="also measure the writer on this PostgreSQL database")
    ap.add_argument("--no-ray", action="store_true")
    ap.add_argument("--port", type=int, default=6390, help="the simulated cluster's head port")
    args = ap.parse_args()
    print(describe(), f"load {_load()}")
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "in.jsonl")
        write_jsonl(path, args.articles)
        rows = []
        costs = {w: pool_costs(path, workers=w) for w in (1, 2)}
        one, kept = pipeline_rate(path, workers=1, ray=None)
        two, _ = pipeline_rate(path, workers=2, ray=None)
        rows.append(("local, 1 process", one, ingest_rate(path, args.articles, folder, []), _load()))
        rows.append(("local, --workers 2", two, ingest_rate(path, args.articles, folder, ["--workers", "2"]), _load()))
        writers = [("SQLite", writer_rate(kept, os.path.join(folder, "w.db")))]
        if args.pg:
            from pg_store_bench import _fresh
            writers.append(("PostgreSQL", writer_rate(kept, _fresh(args.pg, "bench_scale"))))
        if not args.no_ray and shutil.which("ray", path=os.path.dirname(sys.executable)):
            for workers in (1, 2):
                rate, _ = pipeline_rate(path, workers=workers, ray="local")
                rows.append((f"Ray local, {workers} actor(s)", rate,
                             ingest_rate(path, args.articles, folder, ["--ray", "local", "--workers", str(workers)]),
                             _load()))
                import ray
                ray.shutdown()
            _ray("start", "--head", f"--port={args.port}", "--num-cpus=1", "--include-dashboard=false")
            try:
                _ray("start", f"--address=127.0.0.1:{args.port}", "--num-cpus=1")
                head = f"127.0.0.1:{args.port}"
                rate, _ = pipeline_rate(path, workers=2, ray=head)
                import ray
                ray.shutdown()
                rows.append(("Ray 2 nodes, 2 actors", rate,
                             ingest_rate(path, args.articles, folder, ["--ray", head, "--workers", "2"]), _load()))
            finally:
                _ray("stop", "--force")
    print(f"{args.articles} articles (~4 KB each), this machine ({os.cpu_count()} cores, shared)")
    print(f"{'':>24} {'pipeline art/s':>15} {'ingest art/s':>13}  load after (1/5/15 min)")
    for name, pipe, e2e, load in rows:
        print(f"{name:>24} {pipe:>15.1f} {e2e:>13.1f}  {load}")
    print(f"pipeline scaling efficiency, 2 local workers: {two / one / 2:.2f} (1 in-process pipeline against 2 workers)")
    print("the pipeline part through the worker pool (load: 1-minute average at the end of the run):")
    for w, c in costs.items():
        print(f"  {w} worker(s): {c['n'] / c['wall']:.1f} articles/s; CPU per article: workers "
              f"{c['workers'] / c['n'] * 1000:.1f} ms, this process {c['parent'] / c['n'] * 1000:.2f} ms; "
              f"load {c['load']:.1f}")
    one_c, two_c = costs[1], costs[2]
    print(f"  wall-clock efficiency {two_c['n'] / two_c['wall'] / (one_c['n'] / one_c['wall']) / 2:.2f}; "
          f"on 2 free cores (CPU time) {one_c['workers'] / (two_c['workers'] + two_c['parent']):.2f}; "
          f"one more worker's start-up ~{two_c['workers'] - one_c['workers']:.1f} s CPU")
    for name, rate in writers:
        print(f"writer alone ({name}): {rate:.1f} articles/s — the ceiling for any number of workers")


if __name__ == "__main__":
    main()
