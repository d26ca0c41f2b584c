"""Extraction quality on every labelled set the project can see, in one run.

    python bench/score_extraction.py [--shared ../shared] [--fast] [--keep DIR]

Runs the pipeline in-process over the seed corpus, the challenge set and the GSR dev half
(../shared/eval, read-only, not shipped with rasd), writes the records as `rasd extract`
would, and prints the shared scorers' figures: event / status / claimant F1, date and
quantity accuracy, evidence spans, the per-type and per-language breakdown, and GSR ATTACK
detection. `--fast` scores the rules-only path. Sets that are absent are skipped.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from rasd.api import process  # noqa: E402
from rasd.events.records import records  # noqa: E402
from rasd.model import Skipped  # noqa: E402
from rasd.pipeline import Pipeline, load_settings  # noqa: E402


def extract(paths: list[str], out: str, *, fast: bool) -> float:
    """Write the SPEC records for `paths` to `out`; the seconds it took."""
    settings = load_settings()
    if fast:
        settings.setdefault("events", {})["learned"] = False
    pipeline = Pipeline.default(settings)
    t = time.perf_counter()
    with open(out, "w", encoding="utf-8") as f:
        for doc in process(paths, settings=settings, pipeline=pipeline):
            if isinstance(doc, Skipped):
                continue
            for rec in records(doc):
                f.write(json.dumps(rec, ensure_ascii=False) + "\n")
    return time.perf_counter() - t


def scorer(shared: str, name: str, *args: str) -> str:
    return subprocess.run([sys.executable, os.path.join(shared, "eval", name), *args],
                          capture_output=True, text=True, check=True).stdout


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", default=os.path.join(os.path.dirname(__file__), "..", "..", "shared"))
    ap.add_argument("--fast", action="store_true", help="the rules-only path")
    ap.add_argument("--keep", help="folder to keep the predicted records in")
    args = ap.parse_args()
    shared = os.path.abspath(args.shared)
    ev = os.path.join(shared, "eval")
    if not os.path.isdir(ev):
        print(f"no evaluation data at {ev}: nothing to score")
        return 0
    out_dir = args.keep or tempfile.mkdtemp(prefix="rasd-score-")
    os.makedirs(out_dir, exist_ok=True)
    sets = [("seeds", os.path.join(shared, "corpus", "seeds"), os.path.join(ev, "seeds.gold.jsonl")),
            ("challenge", os.path.join(ev, "challenge", "docs"), os.path.join(ev, "challenge", "gold.jsonl"))]
    for name, corpus, gold in sets:
        if not os.path.isdir(corpus):
            continue
        pred = os.path.join(out_dir, f"{name}.jsonl")
        secs = extract([corpus], pred, fast=args.fast)
        print(f"== {name} ({secs:.1f} s)")
        print(scorer(shared, "score.py", "--gold", gold, "--pred", pred, "--corpus", corpus).rstrip())
        manifest = os.path.join(corpus, "manifest.jsonl")
        extra = ["--manifest", manifest] if os.path.exists(manifest) else []
        print(scorer(shared, "breakdown.py", "--gold", gold, "--pred", pred, *extra).rstrip())
    gsr = os.path.join(ev, "gsr", "assault_dev.jsonl")
    if os.path.exists(gsr):
        pred = os.path.join(out_dir, "gsr.jsonl")
        secs = extract([gsr], pred, fast=args.fast)
        print(f"== GSR assault_dev ({secs:.1f} s)")
        print(scorer(shared, "detect_score.py", "--gold", gsr, "--pred", pred, "--type", "ATTACK").rstrip())
    return 0


if __name__ == "__main__":
    sys.exit(main())
