"""An in-memory multimap from 64-bit keys to increasing integer values, for the writer's
duplicate lookups (LSH bands, paragraph hashes).

Why not an SQLite index: every article adds ~30 keys (16 bands, a dozen paragraphs) that
land at random places in a B-tree. Once the tree outgrows what one commit touches, each
key dirties a page of its own, written to the WAL and checkpointed: ingest time per article
grew with the corpus. Here new keys go into a dict; every `BUFFER` keys the dict becomes a
sorted numpy run, and runs are merged so that each is at least twice the next (a log-
structured merge): lookups cost a binary search per run (a handful of runs), and adding a
key costs amortized O(log n) numpy work, whatever the size of the corpus.

The index is derived data: the store rebuilds it from the rows it persists (see
`lineage.Index`). Values are the callers' (document number << 16 | detail); a removed
document's values are skipped until the next merge drops them.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np

BUFFER = 65_536          # keys held in the dict before they become a sorted run
SHIFT = 16               # value >> SHIFT is the document number


class KeyIndex:
    def __init__(self, *, buffer: int = BUFFER):
        self.buffer = buffer
        self._runs: list[tuple[np.ndarray, np.ndarray]] = []    # (keys, values), sorted by both; largest first
        self._new: dict[int, list[int]] = {}                     # values in insertion (= increasing) order
        self._new_count = 0
        self._dead: set[int] = set()                             # removed document numbers

    def __len__(self) -> int:
        return self._new_count + sum(len(k) for k, _ in self._runs)

    def add(self, keys: Iterable[int], values: Iterable[int]) -> None:
        """Values must be larger than any added before (document numbers grow), and a
        document has one value per key."""
        for k, v in zip(keys, values):
            self._new.setdefault(k, []).append(v)
            self._new_count += 1
        if self._new_count >= self.buffer:
            self._seal()

    def extend(self, keys: np.ndarray, values: np.ndarray) -> None:
        """Bulk load (a rebuild): any order."""
        keys, values = np.asarray(keys, dtype=np.int64), np.asarray(values, dtype=np.int64)
        if len(keys):
            order = np.lexsort((values, keys))
            self._push(keys[order], values[order])

    def remove(self, doc: int) -> None:
        self._dead.add(doc)
        if len(self._dead) > 4096:       # many updated documents: drop their values for good
            self._compact()

    def newest(self, keys: Sequence[int], limit: int) -> list[list[int]]:
        """For each key, its `limit` largest live values, largest first."""
        return [sorted(vs, reverse=True)[:limit] for vs in self._lookup(keys, limit, newest=True)]

    def oldest(self, keys: Sequence[int], limit: int) -> list[list[int]]:
        """For each key, its `limit` smallest live values, smallest first."""
        return [sorted(vs)[:limit] for vs in self._lookup(keys, limit, newest=False)]

    # -- inside ------------------------------------------------------------------
    def _lookup(self, keys: Sequence[int], limit: int, *, newest: bool) -> list[list[int]]:
        found: list[list[int]] = [[] for _ in keys]
        dead = self._dead
        want = limit + len(dead)         # enough to leave `limit` once removed ones are skipped
        if self._runs:
            q = np.asarray(keys, dtype=np.int64)
            for run_keys, run_values in self._runs:
                lo = np.searchsorted(run_keys, q, "left")
                hi = np.searchsorted(run_keys, q, "right")
                for i in np.flatnonzero(hi > lo).tolist():
                    a, b = int(lo[i]), int(hi[i])
                    part = run_values[max(a, b - want):b] if newest else run_values[a:min(b, a + want)]
                    found[i].extend(part.tolist())
        for i, k in enumerate(keys):
            vs = self._new.get(k)
            if vs:
                found[i].extend(vs[-want:] if newest else vs[:want])
        if dead:
            found = [[v for v in vs if v >> SHIFT not in dead] for vs in found]
        return found

    def _seal(self) -> None:
        """The dict becomes a sorted run; runs merge while one is not twice the next."""
        if not self._new_count:
            return
        keys = np.fromiter((k for k, vs in self._new.items() for _ in vs), dtype=np.int64, count=self._new_count)
        values = np.fromiter((v for vs in self._new.values() for v in vs), dtype=np.int64, count=self._new_count)
        self._new.clear()
        self._new_count = 0
        order = np.lexsort((values, keys))
        self._push(keys[order], values[order])

    def _push(self, keys: np.ndarray, values: np.ndarray) -> None:
        self._runs.append((keys, values))
        while len(self._runs) > 1 and len(self._runs[-2][0]) < 2 * len(self._runs[-1][0]):
            (k2, v2), (k1, v1) = self._runs.pop(), self._runs.pop()
            keys, values = np.concatenate((k1, k2)), np.concatenate((v1, v2))
            order = np.lexsort((values, keys))
            self._runs.append((keys[order], values[order]))

    def _compact(self) -> None:
        self._seal()
        if self._runs:
            keys = np.concatenate([k for k, _ in self._runs])
            values = np.concatenate([v for _, v in self._runs])
            live = ~np.isin(values >> SHIFT, np.fromiter(self._dead, dtype=np.int64))
            self._runs = []
            self.extend(keys[live], values[live])
        self._dead.clear()
