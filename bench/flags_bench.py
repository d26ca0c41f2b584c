"""`rasd facts --flagged` on large stores (issue 19): how long listing the flagged facts takes,
beside the plain `rasd facts` on the same store, and what the cheap first filter saves.

Flags are worked out as facts are read (rasd/stories/queries.py `facts_flags`,
`flagged_fact_ids`): SQL keeps the transfers and deployments with a party in a country some
embargo targets (from the `facts` table alone), the mentions' actors are read only for those
in a country where a measure targets some sectors or named groups, and the rest are flagged
by their country codes. "every mention" shows what reading each candidate fact's mentions
would cost instead; "facts, 50" is the plain `rasd facts` page, flags included.

The stores are the generated news stream (`bench/generate.py news_articles`, 300 articles a
day from 2024-01-01), ingested with the rules alone, built once at `--stores` and reused.

    python bench/flags_bench.py --articles 10000 100000 --stores /tmp/flags
    python bench/flags_bench.py --store /tmp/some.db           # an existing store as it is
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from machine import describe  # noqa: E402

from rasd.kb.sanctions import FLAGGED_TYPES, flags_for_fact, party_countries  # noqa: E402
from rasd.store.sqlite import Store, connect  # noqa: E402
from rasd.stories.queries import fact_actors, flagged_fact_ids, list_facts  # noqa: E402


from stores import build  # noqa: E402


def _timed(action, rounds: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(rounds):
        t0 = time.perf_counter()
        result = action()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), result


def every_mention(db) -> int:
    """The costly way, for comparison: every candidate fact's mentions read for its actors."""
    countries = sorted(party_countries())
    marks = ", ".join("?" * len(countries))
    rows = [dict(zip(("id", "type", "source", "target", "item", "first_date", "last_date"), r)) for r in db.execute(
        "SELECT id, type, source, target, item, first_date, last_date FROM facts WHERE type IN (?, ?) "
        f"AND (source IN ({marks}) OR target IN ({marks}))", [*FLAGGED_TYPES, *countries, *countries])]
    actors = fact_actors(db, [r["id"] for r in rows])
    return sum(bool(flags_for_fact({**r, **actors[r["id"]]})) for r in rows)


def measure(path: str, rounds: int) -> dict:
    with Store(path):
        pass                                    # the store brought up to this version's schema
    db = connect(path)
    size = {name: db.execute(f"SELECT count(*) FROM {name}").fetchone()[0]
            for name in ("documents", "events", "facts")}
    list_facts(db, flagged=True, limit=50)         # warm the page cache alike for every row below
    out = {"store": os.path.basename(path), **size}
    out["flagged facts"] = len(flagged_fact_ids(db, [], []))
    out["first filter (s)"], _ = _timed(lambda: flagged_fact_ids(db, [], []), rounds)
    out["every mention (s)"], n = _timed(lambda: every_mention(db), rounds)
    assert n == out["flagged facts"], (n, out["flagged facts"])      # the same answer, the costly way
    out["facts --flagged, 50 (s)"], _ = _timed(lambda: list_facts(db, flagged=True, limit=50, per_side=5), rounds)
    out["facts, 50 (s)"], _ = _timed(lambda: list_facts(db, limit=50, per_side=5), rounds)
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "rasd.cli", "facts", "--flagged", "--json", "--db", path],
                          capture_output=True, text=True, check=True)
    out["CLI rasd facts --flagged --json (s)"] = time.perf_counter() - t0
    out["CLI facts listed"] = len(json.loads(proc.stdout))
    db.close()
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, nargs="*", default=[2000])
    ap.add_argument("--stores", default="/tmp/flags_bench", help="folder of the built stores")
    ap.add_argument("--store", action="append", default=[], help="measure this existing store instead")
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    print(describe(), flush=True)
    paths = list(args.store)
    if not paths:
        os.makedirs(args.stores, exist_ok=True)
        for n in args.articles:
            path = os.path.join(args.stores, f"at{n}.db")
            build(path, n)
            paths.append(path)
    rows = [measure(p, args.rounds) for p in paths]
    for key in rows[0]:
        print(f"{key:38s}" + "".join(f"{r[key]:>16.3f}" if isinstance(r[key], float) else f"{r[key]!s:>16}"
                                     for r in rows))


if __name__ == "__main__":
    main()
