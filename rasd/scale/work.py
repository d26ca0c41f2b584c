"""What a worker does to one batch, whatever runs it (a local process or a Ray actor)."""
from __future__ import annotations

from collections.abc import Iterator

from rasd.ingest.readers import read_paths
from rasd.model import Document, Skipped
from rasd.pipeline import Pipeline

# what the store reads from a document's memo (`stories.dedup.signature`,
# `stories.lineage.paragraph_hashes`); the rest is the stages' caches, keyed by objects
# (keyword sets) that would travel with every document (~1 MB an article)
KEEP = ("signature", "paragraphs")


def batches(paths: list[str], *, settings: dict, meta_file: str | None, size: int) -> Iterator[list]:
    """The inputs, read here, `size` at a time (Documents and Skipped, in order)."""
    pending: list[Document | Skipped] = []
    for item in read_paths(paths, settings=settings, meta_file=meta_file):
        pending.append(item)
        if len(pending) >= size:
            yield pending
            pending = []
    if pending:
        yield pending


def prepare(pipeline: Pipeline, items: list[Document | Skipped]) -> list[Document | Skipped]:
    """`items` through the pipeline, with the duplicate signatures and paragraph hashes the
    store needs computed here too, and nothing else kept to travel back."""
    from rasd.stories.dedup import sign_all
    from rasd.stories.lineage import paragraph_hashes
    done = iter(pipeline.run_batch([it for it in items if not isinstance(it, Skipped)]))
    out = [it if isinstance(it, Skipped) else next(done) for it in items]
    docs = [d for d in out if isinstance(d, Document) and d.norm is not None]
    sign_all(docs)
    for d in docs:
        paragraph_hashes(d)
        for key in [k for k in d.norm.memo if k not in KEEP]:
            del d.norm.memo[key]
    return out
