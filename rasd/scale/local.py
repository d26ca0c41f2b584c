"""`rasd ingest --workers N`: the pipeline on N processes of this machine.

Worker processes are not forked from this process: a fork would share the writer's open
database connection, which a child's exit could close under it. They are forked from a
fork server, a fresh process that has loaded the pipeline once (`rasd.scale.preload`), so
each worker starts with the KB, the lexicons and the learned layer already in memory
instead of loading its own (~5 s of CPU each); where there is no fork server (Windows)
they are spawned and each loads the pipeline in its initializer. Batches are sent in input
order with at most two per worker in flight, and come back in the same order.
"""
from __future__ import annotations

import multiprocessing
import sys
from collections import deque
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor

from rasd.pipeline import Pipeline
from rasd.scale.work import batches, prepare

# the worker process's pipeline, set once by `_start` (its own copy: the fork server's, or one it made)
_pipeline: Pipeline | None = None


def _start(settings: dict) -> None:
    global _pipeline
    preloaded = sys.modules.get("rasd.scale.preload")     # forked from the fork server
    if preloaded is not None and preloaded.SETTINGS == settings:
        _pipeline = preloaded.PIPELINE
        return
    _pipeline = Pipeline.default(settings)
    _pipeline.warm_up()


def _context():
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(["rasd.scale.preload"])
    return ctx


def _work(items: list) -> list:
    return prepare(_pipeline, items)


def process_batches(paths: list[str], *, workers: int, settings: dict,
                    meta_file: str | None = None) -> Iterator[list]:
    """`rasd.api.process_batches` on `workers` processes: the same batches, in order."""
    size = max(1, int(settings.get("pipeline", {}).get("batch_size", 32)))
    with ProcessPoolExecutor(workers, mp_context=_context(), initializer=_start, initargs=(settings,)) as pool:
        pending: deque = deque()
        for batch in batches(paths, settings=settings, meta_file=meta_file, size=size):
            pending.append(pool.submit(_work, batch))
            if len(pending) >= 2 * workers:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
