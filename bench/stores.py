"""Stores of generated news for the benches that read a large store (serve, flags, exports):
built once, resumed when interrupted, reused when they already hold enough articles."""
from __future__ import annotations

import os
import sys
import time
from itertools import islice
from urllib.parse import urlparse

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from generate import news_articles  # noqa: E402

from rasd.model import Document  # noqa: E402
from rasd.pipeline import Pipeline, load_settings  # noqa: E402
from rasd.store.sqlite import Store  # noqa: E402


def build(path: str, count: int) -> None:
    """A store of `count` generated articles at `path` (kept if it already holds them)."""
    if os.path.exists(path):
        with Store(path) as store:
            held = store.db.execute("SELECT count(*) FROM documents").fetchone()[0]
        if held >= count:
            print(f"{path}: {held} articles stored, reused", flush=True)
            return
    settings = load_settings()
    settings["events"]["learned"] = False
    pipeline = Pipeline.default(settings)
    t0 = time.perf_counter()
    with Store(path, batch=settings["store"]["batch"]) as store:
        stream = news_articles(count)
        done = store.db.execute("SELECT count(*) FROM documents").fetchone()[0]
        for _ in islice(stream, done):          # resume an interrupted build
            pass
        while done < count:
            batch = [Document(id=a["id"], text=a["text"], published=a["published"], source="bench",
                              outlet=urlparse(a["id"]).hostname, language="ar")
                     for a in islice(stream, min(pipeline.batch_size, count - done))]
            store.save_all(pipeline.run_batch(batch))
            done += len(batch)
            if done % 10_000 < len(batch):
                print(f"  {done} articles stored ({time.perf_counter() - t0:.0f} s)", flush=True)
    print(f"{path}: built {count} articles in {time.perf_counter() - t0:.0f} s", flush=True)
