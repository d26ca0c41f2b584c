"""Imported once by the fork server of `rasd ingest --workers N` (`rasd.scale.local`),
before it forks the workers: the default pipeline is built and warmed up here, so that the
knowledge base, the entity matcher and the sentence encoder (module-level caches of their
own modules) are in memory once, and every worker forked from this process starts with
them (shared, copy on write, out of the garbage collector's sight after `warm_up`) instead
of loading its own: ~5 s of CPU per worker measured, most of what kept two workers on two
cores from doing twice the work of one (docs/benchmarks.md#past-one-machine).

A worker given the default settings takes this pipeline as it is (`PIPELINE`); one given
others (`--fast`, `--config`) builds its own from the cached parts, which costs little.
"""
from __future__ import annotations

from rasd.pipeline import Pipeline, load_settings

SETTINGS = load_settings()
PIPELINE = Pipeline.default(SETTINGS)
PIPELINE.warm_up()
