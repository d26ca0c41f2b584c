"""Duplicate detection throughput and memory on many generated documents (issue target:
>= 5,000 documents/s per core on >= 100,000): MinHash signatures, then LSH band insertion
and candidate lookup in the writer's in-memory index, signatures stored in SQLite, as
ingest does it.

    python bench/dedup_bench.py --documents 100000
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

from generate import varied_articles  # noqa: E402
from machine import describe  # noqa: E402

from rasd.store.sqlite import connect  # noqa: E402
from rasd.stories.dedup import signatures_of_words  # noqa: E402
from rasd.stories.lineage import Index, candidate_rows, store_signature  # noqa: E402
from rasd.text.normalize import normalize  # noqa: E402


MARKS = (1_000, 10_000, 100_000)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--documents", type=int, default=100_000)
    ap.add_argument("--batch", type=int, default=32, help="documents signed together (the pipeline's batch_size)")
    args = ap.parse_args()
    print(describe(), flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        # the store's connection settings, its own tables and the ingest code path (rasd.stories.lineage)
        db = connect(os.path.join(tmp, "lsh.db"))
        db.execute("CREATE TABLE signatures (doc INTEGER PRIMARY KEY, minhash BLOB, shingles INTEGER, "
                   "language TEXT, published TEXT, embedding BLOB, paragraphs BLOB)")
        index = Index()     # as the store keeps it
        sig_s = lsh_s = 0.0
        found = 0
        db.execute("BEGIN")
        stream = varied_articles(args.documents)
        marks = sorted({m for m in MARKS if m < args.documents} | {args.documents})
        n = 0
        while n < args.documents:
            # batches of the pipeline's size, as `rasd ingest` signs them (Store.save_all)
            size = min(args.batch, next(m for m in marks if m > n) - n)
            batch = [(a["id"], a["published"], normalize(a["text"]).text.split()) for a in islice(stream, size)]
            t = time.process_time()
            sigs = signatures_of_words([words for _, _, words in batch])
            t2 = time.process_time()
            index.prefetch(db, sigs)        # as the store does for a batch
            for num, ((_, published, _), sig) in enumerate(zip(batch, sigs), start=n + 1):
                found += bool(candidate_rows(db, sig, index))
                store_signature(db, num, sig, "ar", published, index)   # num: the document's number
            t3 = time.process_time()
            sig_s += t2 - t
            lsh_s += t3 - t2
            before, n = n, n + size
            if n // 1_000 > before // 1_000:
                db.execute("COMMIT")
                db.execute("BEGIN")
            if n in marks:
                print(f"{n:>7} docs: signatures {n / sig_s:8.0f} docs/s, signatures + LSH lookup and insert "
                      f"{n / (sig_s + lsh_s):8.0f} docs/s per core, with candidates {found}, "
                      f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB", flush=True)
        db.execute("COMMIT")


if __name__ == "__main__":
    main()
