"""`rasd ingest --ray ADDRESS --workers N`: the pipeline in Ray actors.

Imported only with `--ray` (Ray is an optional extra: `pip install 'rasd[ray]'`). Each
actor loads the pipeline once and runs batches sent to it round-robin; at most two
batches per actor are in flight, so a corpus of any size streams through in bounded
memory. Results come back to this process's writer in input order, so the store is the
one a local run makes (fact and story numbers included) and stays the single source of
truth: a killed run resumes by ingesting again, as a local one does.

ADDRESS: `auto` joins the cluster started on this machine (`ray start --head`), `local`
starts a private one for this run, anything else is a head's address (`10.0.0.5:6379`).
"""
from __future__ import annotations

import logging
from collections import deque
from collections.abc import Iterator

from rasd.errors import RasdError
from rasd.scale.work import batches, prepare

log = logging.getLogger(__name__)


class PipelineWorker:
    """A Ray actor (made remote in `process_batches`): one pipeline, many batches."""

    def __init__(self, settings: dict):
        from rasd.pipeline import Pipeline
        self.pipeline = Pipeline.default(settings)
        self.pipeline.warm_up()

    def run(self, items: list) -> list:
        return prepare(self.pipeline, items)


def connect(address: str) -> None:
    try:
        import ray
    except ImportError as e:
        raise RasdError("--ray needs Ray: pip install 'rasd[ray]'") from e
    if ray.is_initialized():
        return
    try:
        ray.init(address=None if address == "local" else address, include_dashboard=False,
                 log_to_driver=False, logging_level=logging.WARNING)
    except (ConnectionError, RuntimeError, ValueError) as e:
        raise RasdError(f"--ray {address}: cannot reach a Ray cluster ({str(e).splitlines()[0]}); "
                        "start one with `ray start --head`, or use --ray local") from e


def process_batches(paths: list[str], *, address: str, workers: int, settings: dict,
                    meta_file: str | None = None) -> Iterator[list]:
    """`rasd.api.process_batches` on `workers` Ray actors: the same batches, in order."""
    connect(address)      # first: without Ray installed it says so in one line
    import ray
    size = max(1, int(settings.get("pipeline", {}).get("batch_size", 32)))
    actor = ray.remote(num_cpus=1)(PipelineWorker)
    actors = [actor.remote(settings) for _ in range(workers)]
    pending: deque = deque()
    try:
        for n, batch in enumerate(batches(paths, settings=settings, meta_file=meta_file, size=size)):
            pending.append(actors[n % workers].run.remote(batch))
            if len(pending) >= 2 * workers:
                yield ray.get(pending.popleft())
        while pending:
            yield ray.get(pending.popleft())
    finally:
        for a in actors:
            ray.kill(a)
