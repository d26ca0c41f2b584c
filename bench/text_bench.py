"""Text-core throughput: normalization, the keyword pass (date and number words), tokens,
boilerplate, sentences, dates and numbers together, in MB/s of UTF-8 text on one core
(issue target: >= 5 MB/s), and each stage alone. Documents go through the stages in
batches, as `Pipeline.pipe` runs them.

    python bench/text_bench.py --megabytes 20
"""
from __future__ import annotations

import argparse
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from machine import describe  # noqa: E402
from generate import articles  # noqa: E402

from rasd.model import Document  # noqa: E402
from rasd.pipeline import build_stages, load_settings, settle_gc, stage_table  # noqa: E402

STAGES = ["normalize", "keywords", "tokens", "boilerplate", "sentences", "dates", "numbers"]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--megabytes", type=float, default=10)
    ap.add_argument("--passes", type=int, default=3,
                    help="passes over the same articles; the best is reported (this VM's speed drifts)")
    args = ap.parse_args()
    print(describe(), flush=True)
    settings = load_settings()
    stages = build_stages(STAGES, stage_table(settings))
    warm = Document(id="w", text="أرسلت روسيا 3 آلاف جندي يوم الاثنين.", published="2024-11-05")
    for st in stages:                 # builds the lexicons, the keyword scanner and the vocabulary once
        warm = st(warm)
    batch = []
    size = 0
    for a in articles(10 ** 9):
        batch.append(a)
        size += len(a["text"].encode("utf-8"))
        if size >= args.megabytes * 1e6:
            break
    settle_gc(settings["pipeline"].get("gc_young_threshold"))   # as Pipeline.warm_up does
    passes = []
    size_of_batch = int(settings["pipeline"].get("batch_size", 32))
    for _ in range(args.passes):
        spent = {s.name: 0.0 for s in stages}
        for i in range(0, len(batch), size_of_batch):     # as Pipeline.pipe runs them
            docs = [Document(id=a["id"], text=a["text"], published=a["published"])
                    for a in batch[i:i + size_of_batch]]
            for st in stages:
                t = time.process_time()
                docs = [st(doc) for doc in docs]
                spent[st.name] += time.process_time() - t
        passes.append(spent)
        print(f"  pass {len(passes)}: {size / sum(spent.values()) / 1e6:.2f} MB/s per core", flush=True)
    best = min(passes, key=lambda p: sum(p.values()))
    total = sum(best.values())
    print(f"text core: {size / 1e6:.1f} MB in {len(batch)} articles: {size / total / 1e6:.2f} MB/s per core "
          f"({len(batch) / total:.0f} articles/s), best of {len(passes)} passes; by stage in that pass:")
    for name, t in best.items():
        print(f"  {name:12s} {size / t / 1e6:7.2f} MB/s")


if __name__ == "__main__":
    main()
