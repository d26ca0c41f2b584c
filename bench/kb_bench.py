"""Knowledge base: load time (target <= 1 s) and matching throughput with the full KB loaded
(Aho-Corasick hits + linking, target >= 10 MB/s per core).

    python bench/kb_bench.py --megabytes 10
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

from rasd.kb.load import load_kb  # noqa: E402
from rasd.kb.match import Matcher  # noqa: E402
from rasd.kb.resolve import link  # noqa: E402
from rasd.model import Document  # noqa: E402
from rasd.text.normalize import normalize  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--megabytes", type=float, default=5)
    args = ap.parse_args()
    print(describe(), flush=True)
    t = time.perf_counter()
    kb = load_kb()
    loaded = time.perf_counter() - t
    t = time.perf_counter()
    matcher = Matcher(kb)
    matcher.keywords.automaton       # built on first use
    built = time.perf_counter() - t
    sizes = {}
    for e in kb.entities.values():
        sizes[e.type] = sizes.get(e.type, 0) + 1
    print(f"KB: {len(kb.entities)} entities {sizes}, {len(matcher.keywords.table)} patterns")
    print(f"load {loaded:.2f} s + automaton {built:.2f} s = {loaded + built:.2f} s")
    docs = []
    size = 0
    for a in articles(10 ** 9):
        doc = Document(id=a["id"], text=a["text"], published=a["published"])
        doc.norm = normalize(doc.text)
        docs.append(doc)
        size += len(a["text"].encode("utf-8"))
        if size >= args.megabytes * 1e6:
            break
    t = time.process_time()
    hits = sum(len(matcher.hits(d.norm.text)) for d in docs)
    match_s = time.process_time() - t
    t = time.process_time()
    mentions = sum(len(link(d, matcher).mentions) for d in docs)
    link_s = time.process_time() - t
    print(f"matching: {size / match_s / 1e6:.2f} MB/s per core ({hits} hits); "
          f"matching + linking (titles, metonymy, short forms): {size / link_s / 1e6:.2f} MB/s ({mentions} mentions)")


if __name__ == "__main__":
    main()
