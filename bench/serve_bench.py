"""The analyst's desk on a large store: latency of `rasd serve`'s list endpoints and pages,
side by side with the CLI's same query (issue 18: under 100 ms at the median and 300 ms
at p95 for the list endpoints, pages under 1 s, on 100,000 articles).

The store is a generated news stream (`bench/generate.py news_articles`: ~4 KB articles,
300 a day, 15% near-copies), ingested with the rules alone (`--fast`, as the extraction is
not what is measured). It is built once at `--store` and reused when it already holds
`--articles` documents (building 100,000 takes ~15 minutes on 2 cores).

Each request goes through the whole ASGI app in process (FastAPI's TestClient: routing,
validation, the query, JSON or HTML), `--rounds` times; the CLI column runs the same command
as a subprocess (`rasd facts --json ...`), whose time includes starting Python and loading
rasd, so it is measured fewer times and shown for scale.

    python bench/serve_bench.py --articles 100000 --store /tmp/serve100k.db
    python bench/serve_bench.py --articles 2000              # a quick look
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from machine import describe  # noqa: E402



from stores import build  # noqa: E402


def _samples(store: str) -> dict[str, str]:
    """Ids to ask about: the biggest story, the most reported fact, a document, the busiest actor."""
    import sqlite3
    db = sqlite3.connect(store)
    one = lambda sql: db.execute(sql).fetchone()[0]                       # noqa: E731
    out = {"story": str(one("SELECT story FROM story_docs GROUP BY story ORDER BY count(*) DESC LIMIT 1")),
           "fact": str(one("SELECT fact FROM fact_mentions GROUP BY fact ORDER BY count(*) DESC LIMIT 1")),
           "doc": one("SELECT id FROM documents WHERE num IN (SELECT doc FROM events GROUP BY doc "
                      "ORDER BY count(*) DESC LIMIT 1)"),
           "actor": one("SELECT source FROM facts WHERE source IS NOT NULL GROUP BY source ORDER BY count(*) DESC LIMIT 1"),
           "word": "طائرات مسيرة", "rare": "خيرسون"}
    db.close()
    return out


# (name, API path, the CLI command that prints the same data, or None)
LISTS = [
    ("stories", "/api/v1/stories", ["stories", "--json"]),
    ("stories ?actor", "/api/v1/stories?actor={actor}", ["stories", "--actor", "{actor}", "--json"]),
    ("facts", "/api/v1/facts", ["facts", "--json"]),
    ("facts ?contradicted", "/api/v1/facts?contradicted=1", ["facts", "--contradicted", "--json"]),
    ("facts ?actor&type", "/api/v1/facts?actor={actor}&type=TRANSFER", ["facts", "--actor", "{actor}", "--type",
                                                                          "TRANSFER", "--json"]),
    ("facts ?status&claimant", "/api/v1/facts?status=denied&claimant={actor}", None),
    ("facts ?order=recent", "/api/v1/facts?order=recent", None),
    ("facts, page 20", "/api/v1/facts?offset=950", None),
    ("documents", "/api/v1/documents", ["documents", "--json"]),
    ("documents ?since", "/api/v1/documents?since=2024-06", ["documents", "--since", "2024-06", "--json"]),
    ("actors", "/api/v1/actors", None),
    ("actor's timeline", "/api/v1/actors/{actor}/timeline", None),
    ("actor's facts", "/api/v1/actors/{actor}/facts", None),
]
ONES = [
    ("stats", "/api/v1/stats", ["stats", "--json"]),
    ("story + timeline", "/api/v1/stories/{story}", ["timeline", "{story}", "--json"]),
    ("fact", "/api/v1/facts/{fact}?evidence=5", None),
    ("document", "/api/v1/documents/{doc}", ["show", "{doc}", "--json"]),
    ("actor's network", "/api/v1/actors/{actor}/network", None),
    ("search, a common word", "/api/v1/search?q={word}", ["documents", "--search", "{word}", "--json"]),
    ("search, a word no article has", "/api/v1/search?q={rare}", ["documents", "--search", "{rare}", "--json"]),
]
PAGES = [("home", "/"), ("stories", "/stories"), ("story", "/stories/{story}"), ("facts explorer", "/facts"),
         ("fact", "/facts/{fact}"), ("documents", "/documents"), ("article", "/documents/{doc}"),
         ("actors", "/actors"), ("actor", "/actors/{actor}"), ("search", "/search?q={word}")]


def _serve(store: str) -> tuple[str, object]:
    """`rasd serve` on a free loopback port in a thread: (base URL, server)."""
    import socket
    import threading
    import uvicorn
    from rasd.serve.app import create_app
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(store), host="127.0.0.1", port=port, log_level="warning"))
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    return f"http://127.0.0.1:{port}", server


def _times(get, rounds: int) -> list[float]:
    get()                                   # warm: the first request opens a connection
    out = []
    for _ in range(rounds):
        t = time.perf_counter()
        get()
        out.append(1000 * (time.perf_counter() - t))
    return out


def _stat(ms: list[float]) -> str:
    ms = sorted(ms)
    p95 = ms[min(len(ms) - 1, round(0.95 * (len(ms) - 1)))]
    return f"{statistics.median(ms):8.1f} {p95:8.1f}"


def _cli(store: str, argv: list[str], rounds: int) -> str:
    rasd = os.path.join(os.path.dirname(sys.executable), "rasd")
    ms = _times(lambda: subprocess.run([rasd, *argv, "--db", store], check=True, capture_output=True), rounds)
    return f"{statistics.median(ms):8.0f}"


def measure(store: str, *, rounds: int, cli_rounds: int) -> None:
    import httpx
    ids = _samples(store)
    base, server = _serve(store)
    print(f"samples: {ids}", flush=True)
    print(f"{'':28s} {'API median':>10s} {'p95 ms':>8s}   {'CLI ms (whole process, median)':>30s}  bytes")
    with httpx.Client(base_url=base, timeout=120) as client:
        def get(path):
            r = client.get(path)
            r.raise_for_status()
            return r
        for title, group in (("list endpoints", LISTS), ("single items and the rest", ONES)):
            print(f"-- {title}")
            for name, path, cli in group:
                url = path.format(**ids)
                size = len(get(url).content)
                api = _stat(_times(lambda: get(url), rounds if "{rare}" not in path else 3))
                side = _cli(store, [a.format(**ids) for a in cli], cli_rounds) if cli else "       -"
                print(f"{name:28s} {api}   {side:>30s}  {size}", flush=True)
        print("-- pages (HTML)")
        for name, path in PAGES:
            url = path.format(**ids)
            size = len(get(url).content)
            print(f"{name:28s} {_stat(_times(lambda: get(url), max(3, rounds // 4)))}   {'':>30s}  {size}", flush=True)
    server.should_exit = True


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=2000)
    ap.add_argument("--store", help="where to build (or find) the store; default: a temporary file")
    ap.add_argument("--build-only", action="store_true")
    ap.add_argument("--rounds", type=int, default=40, help="requests per endpoint")
    ap.add_argument("--cli-rounds", type=int, default=3, help="CLI runs per command")
    args = ap.parse_args()
    print(describe(), flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        path = args.store or os.path.join(tmp, "serve.db")
        build(path, args.articles)
        if args.build_only:
            return
        measure(path, rounds=args.rounds, cli_rounds=args.cli_rounds)


if __name__ == "__main__":
    main()
