"""The Python API: read inputs, run the pipeline, get documents and SPEC records.

    >>> from rasd.api import extract_text
    >>> [r["type"] for r in extract_text("صادق البرلمان الروسي على معاهدة دفاع مشترك مع كوريا الشمالية.")]
    ['AGREE']
"""
from __future__ import annotations

from collections.abc import Iterator

from rasd.events.records import records
from rasd.ingest.readers import read_paths
from rasd.model import Document, Skipped
from rasd.pipeline import Pipeline, load_settings


def process(paths: list[str], *, meta_file: str | None = None, settings: dict | None = None,
            pipeline: Pipeline | None = None) -> Iterator[Document | Skipped]:
    """Documents with every view filled, or Skipped inputs, in input order."""
    for batch in process_batches(paths, meta_file=meta_file, settings=settings, pipeline=pipeline):
        yield from batch


def process_batches(paths: list[str], *, meta_file: str | None = None, settings: dict | None = None,
                    pipeline: Pipeline | None = None) -> Iterator[list[Document | Skipped]]:
    """`process`, a batch of the pipeline's `batch_size` at a time (the documents go through
    the stages together; skipped inputs keep their place)."""
    settings = settings or load_settings()
    pipeline = pipeline or Pipeline.default(settings)
    pipeline.warm_up()
    pending: list[Document | Skipped] = []
    for item in read_paths(paths, settings=settings, meta_file=meta_file):
        pending.append(item)
        if len(pending) >= pipeline.batch_size:
            yield _run(pending, pipeline)
            pending = []
    if pending:
        yield _run(pending, pipeline)


def _run(items: list[Document | Skipped], pipeline: Pipeline) -> list[Document | Skipped]:
    """The documents among `items` through the pipeline as one batch; skipped ones in place."""
    done = iter(pipeline.run_batch([it for it in items if not isinstance(it, Skipped)]))
    return [it if isinstance(it, Skipped) else next(done) for it in items]


def extract_text(text: str, *, doc_id: str = "text", published: str | None = None) -> list[dict]:
    """SPEC event records for one text."""
    doc = Pipeline.default().run(Document(id=doc_id, text=text, published=published))
    return records(doc)
