"""An in-memory multimap from 64-bit keys to increasing integer values, for the writer's
duplicate lookups (LSH bands, paragraph hashes).

Why not an SQLite index: every article adds ~30 keys (16 bands, a dozen paragraphs) that
land at random places in a B-tree. Once the tree outgrows what one commit touches, each
key dirties a page of its own, written to the WAL and checkpointed: ingest time per article
grew with the corpus. Here new keys go into a dict; every `BUFFER` keys the dict becomes a
sorted numpy run, and runs are merged so that each is at least twice the next (a log-
structured merge): adding a key costs amortized O(log n) numpy work, and a lookup a binary
search per run (a handful of runs), skipped for keys that a bitmap of the runs' keys says
are absent, most of them. The store searches the runs for a batch's keys in one go
(`prefetch`), since numpy's cost is per call more than per key.

The index is derived data: the store rebuilds it from the rows it persists (see
`lineage.Index`). Values are the callers' (document number << 16 | detail); a removed
document's values are skipped until the next merge drops them.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np

BUFFER = 65_536          # keys held in the dict before they become a sorted run
SHIFT = 16               # value >> SHIFT is the document number
BITS = 1 << 20           # first size of the bitmap of keys in runs (grows with them)
PER_KEY = 32             # bits a key, at least: 3% of absent keys pass for present (4 MB a million keys)


class KeyIndex:
    def __init__(self, *, buffer: int = BUFFER):
        self.buffer = buffer
        self._runs: list[tuple[np.ndarray, np.ndarray]] = []    # (keys, values), sorted by both; largest first
        # One bit per hashed key of the runs (a one-hash Bloom filter, PER_KEY bits a key):
        # most of an original article's keys are in no run, and the bitmap says so without
        # a binary search in each run.
        self._bits = np.zeros(BITS // 8, dtype=np.uint8)
        self._new: dict[int, list[int]] = {}                     # values in insertion (= increasing) order
        self._new_count = 0
        self._dead: set[int] = set()                             # removed document numbers
        # the runs' values of a batch's keys, searched together (`prefetch`); runs change
        # only when the dict is sealed, which drops it
        self._cache: dict[int, list[int]] = {}
        self._cache_as: tuple[bool, int] | None = None           # (newest, want) it was made for

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

    def prefetch(self, keys: Iterable[int], limit: int, *, newest: bool) -> None:
        """Search the runs for a batch's keys at once, before its documents are looked up and
        added one by one: numpy's cost is per call, and one call for 32 documents' keys costs
        about what one for a single document's does."""
        keys = list(dict.fromkeys(keys))
        want = limit + len(self._dead)
        self._cache = self._search_runs(keys, want, newest=newest)
        self._cache.update((k, []) for k in keys if k not in self._cache)
        self._cache_as = (newest, want)

    def extend(self, keys: np.ndarray, values: np.ndarray) -> None:
        """Bulk load (a rebuild): any order."""
        keys, values = np.asarray(keys, dtype=np.int64), np.asarray(values, dtype=np.int64)
        if len(keys):
            order = np.lexsort((values, keys))
            self._push(keys[order], values[order])

    def remove(self, doc: int) -> None:
        self._dead.add(doc)
        self._cache_as = None
        if len(self._dead) > 4096:       # many updated documents: drop their values for good
            self._compact()

    def newest(self, keys: Sequence[int], limit: int) -> list[list[int]]:
        """For each key, its `limit` largest live values, largest first."""
        out: list[list[int]] = [[] for _ in keys]
        for i, vs in self._lookup(keys, limit, newest=True).items():
            out[i] = sorted(vs, reverse=True)[:limit]
        return out

    def oldest(self, keys: Sequence[int], limit: int) -> list[list[int]]:
        """For each key, its `limit` smallest live values, smallest first."""
        out: list[list[int]] = [[] for _ in keys]
        for i, vs in self._lookup(keys, limit, newest=False).items():
            out[i] = sorted(vs)[:limit]
        return out

    # -- inside ------------------------------------------------------------------
    def _lookup(self, keys: Sequence[int], limit: int, *, newest: bool) -> dict[int, list[int]]:
        """Values of the keys found (by the key's position in `keys`), at least `limit` live
        ones from each place a key is in, when it has that many."""
        dead = self._dead
        want = limit + len(dead)         # enough to leave `limit` once removed ones are skipped
        cache = self._cache
        if not (self._cache_as == (newest, want) and all(k in cache for k in keys)):
            cache = self._search_runs(keys, want, newest=newest)
        found = {i: list(cache[k]) for i, k in enumerate(keys) if cache.get(k)}
        new = self._new
        for i, k in enumerate(keys):
            vs = new.get(k)
            if vs:
                found.setdefault(i, []).extend(vs[-want:] if newest else vs[:want])
        if dead:
            found = {i: [v for v in vs if v >> SHIFT not in dead] for i, vs in found.items()}
        return found

    def _search_runs(self, keys: Sequence[int], want: int, *, newest: bool) -> dict[int, list[int]]:
        """key -> the `want` newest (or oldest) values of each run that has the key."""
        found: dict[int, list[int]] = {}
        keys = list(dict.fromkeys(keys))     # each key once
        if not self._runs or not keys:
            return found
        q = np.fromiter(keys, dtype=np.int64, count=len(keys))
        bit = q & (len(self._bits) * 8 - 1)
        q = q[((self._bits[bit >> 3] >> (bit & 7).astype(np.uint8)) & 1).astype(bool)]
        if not q.size:
            return found
        bounds = np.concatenate((q, q + 1))      # keys are integers: right(k) == left(k + 1)
        n = len(q)
        for run_keys, run_values in self._runs:
            pos = run_keys.searchsorted(bounds)
            lo, hi = pos[:n], pos[n:]
            hits = np.flatnonzero(hi > lo)
            for k, a, b in zip(q[hits].tolist(), lo[hits].tolist(), hi[hits].tolist()):
                part = run_values[max(a, b - want):b] if newest else run_values[a:min(b, a + want)]
                found.setdefault(k, []).extend(part.tolist())
        return found

    def _seal(self) -> None:
        """The dict becomes a sorted run; runs merge while one is not twice the next."""
        if not self._new_count:
            return
        keys = np.fromiter((k for k, vs in self._new.items() for _ in vs), dtype=np.int64, count=self._new_count)
        values = np.fromiter((v for vs in self._new.values() for v in vs), dtype=np.int64, count=self._new_count)
        self._new.clear()
        self._new_count = 0
        # a key's values are together and increasing: a stable sort by key keeps them so
        order = np.argsort(keys, kind="stable")
        self._push(keys[order], values[order])

    def _push(self, keys: np.ndarray, values: np.ndarray) -> None:
        self._cache_as = None            # the runs change
        self._mark(keys)
        while self._runs and len(self._runs[-1][0]) < 2 * len(keys):
            k1, v1 = self._runs.pop()
            keys, values = np.concatenate((k1, keys)), np.concatenate((v1, values))
            # the older run's values are all smaller: a stable sort by key (a linear merge of
            # two sorted runs, for numpy's timsort) keeps each key's values increasing
            order = np.argsort(keys, kind="stable")
            keys, values = keys[order], values[order]
        self._runs.append((keys, values))

    def _mark(self, keys: np.ndarray) -> None:
        total = len(keys) + sum(len(k) for k, _ in self._runs)
        if total * PER_KEY > len(self._bits) * 8:    # too few bits a key: double, mark all again
            size = len(self._bits) * 8
            while total * PER_KEY > size:
                size *= 2
            self._bits = np.zeros(size // 8, dtype=np.uint8)
            for k, _ in self._runs:
                self._set(k)
        self._set(keys)

    def _set(self, keys: np.ndarray) -> None:
        bit = keys & (len(self._bits) * 8 - 1)
        np.bitwise_or.at(self._bits, bit >> 3, np.left_shift(1, bit & 7).astype(np.uint8))

    def _compact(self) -> None:
        self._seal()
        if self._runs:
            keys = np.concatenate([r[0] for r in self._runs])
            values = np.concatenate([r[1] for r in self._runs])
            live = ~np.isin(values >> SHIFT, np.fromiter(self._dead, dtype=np.int64))
            self._runs = []
            self._bits[:] = 0
            self.extend(keys[live], values[live])
        self._dead.clear()
