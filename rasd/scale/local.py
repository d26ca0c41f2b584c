"""`rasd ingest --workers N`: the pipeline on N processes of this machine.

Worker processes are spawned, not forked: a fork would share the writer's open database
connection, which a child's exit could close under it. Each loads the pipeline (the KB,
the lexicons, the learned layer) once, in its initializer; batches are sent in input order
with at most two per worker in flight, and come back in the same order.
"""
from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor

from rasd.pipeline import Pipeline
from rasd.scale.work import batches, prepare

# the worker process's pipeline, made once by `_start` (one per process, never shared)
_pipeline: Pipeline | None = None


def _start(settings: dict) -> None:
    global _pipeline
    _pipeline = Pipeline.default(settings)
    _pipeline.warm_up()


def _work(items: list) -> list:
    return prepare(_pipeline, items)


def process_batches(paths: list[str], *, workers: int, settings: dict,
                    meta_file: str | None = None) -> Iterator[list]:
    """`rasd.api.process_batches` on `workers` processes: the same batches, in order."""
    size = max(1, int(settings.get("pipeline", {}).get("batch_size", 32)))
    ctx = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(workers, mp_context=ctx, initializer=_start, initargs=(settings,)) as pool:
        pending: deque = deque()
        for batch in batches(paths, settings=settings, meta_file=meta_file, size=size):
            pending.append(pool.submit(_work, batch))
            if len(pending) >= 2 * workers:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
