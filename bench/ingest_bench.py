"""Ingest time per article as the store grows (issue target: it must not grow with the
corpus): generated news articles are ingested one by one, as `rasd ingest` does (pipeline,
then one transaction with events, copies, stories and facts), and the mean time per
article is reported over windows ending at 1k, 10k and 100k stored articles.

Two corpora. `news` (the default) is a news stream: varied prose around template event
sentences, dates advancing 300 articles a day, 15% near-copies of the last day's articles,
ids that are URLs in no order (as feeds and WARC files give them: every table keyed by
document meets each new key at a random place).
`templated` builds every article from the same few dozen sentences, so each one shares
LSH bands and paragraphs with thousands of others: the worst case for duplicate detection,
where each article's candidates grow up to the per-band cap.

    python bench/ingest_bench.py --articles 100000
    python bench/ingest_bench.py --articles 100000 --corpus templated
"""
from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from itertools import islice

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from machine import describe  # noqa: E402
from generate import articles, news_articles  # noqa: E402

from rasd.model import Document  # noqa: E402
from rasd.pipeline import Pipeline, load_settings  # noqa: E402
from rasd.store.sqlite import Store  # noqa: E402

INGEST_BATCH = load_settings()["store"]["batch"]    # as `rasd ingest` commits

MARKS = (1_000, 2_000, 5_000, 10_000, 20_000, 50_000, 100_000)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=10_000)
    ap.add_argument("--corpus", choices=("news", "templated"), default="news")
    ap.add_argument("--window", type=int, default=2000,
                    help="articles averaged before each mark (four commits: one commit's time "
                         "swings with the VM's speed and the kernel's writeback)")
    args = ap.parse_args()
    print(describe(), f"corpus: {args.corpus}", flush=True)
    pipeline = Pipeline.default()
    pipeline.warm_up()
    marks = sorted({m for m in MARKS if m < args.articles} | {args.articles})
    with tempfile.TemporaryDirectory() as tmp, Store(os.path.join(tmp, "bench.db"), batch=INGEST_BATCH) as store:
        spent_pipe = spent_store = 0.0
        counted = 0
        stream = (news_articles(args.articles) if args.corpus == "news" else articles(args.articles, seed=3))
        n = 0
        while n < args.articles:
            # batches as `rasd ingest` makes them, cut at the marks
            size = min(pipeline.batch_size, next(m for m in marks if m > n) - n)
            batch = [Document(id=a["id"], text=a["text"], published=a["published"], source="bench")
                     for a in islice(stream, size)]
            t0 = time.perf_counter()
            docs = pipeline.run_batch(batch)
            t1 = time.perf_counter()
            store.save_all(docs)
            t2 = time.perf_counter()
            n += size
            if any(m - args.window < n <= m for m in marks):
                spent_pipe += t1 - t0
                spent_store += t2 - t1
                counted += size
            if n in marks:
                w = counted
                c = store.counts()
                # the pipeline's work per article does not depend on the corpus: the ratio of the
                # store's time to it is the store's growth with this VM's drifting speed divided out
                print(f"{n:>7} stored: {1000 * (spent_pipe + spent_store) / w:6.2f} ms/article "
                      f"(pipeline {1000 * spent_pipe / w:5.2f}, store + stories + facts {1000 * spent_store / w:5.2f}, "
                      f"store / pipeline {spent_store / spent_pipe:4.2f}); "
                      f"stories {c['stories']}, facts {c['facts']}, copies {c['copies']}; "
                      f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB", flush=True)
                spent_pipe = spent_store = 0.0
                counted = 0


if __name__ == "__main__":
    main()
