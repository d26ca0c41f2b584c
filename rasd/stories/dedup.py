"""Near-duplicate articles: MinHash signatures and LSH bands, persistent in the store.

Outlets copy wire text with other clutter, reorder it or cut it short. rasd keeps every
copy and links it to the earliest one (copy lineage). A document's signature is a MinHash
over its word 4-grams (normalized text, boilerplate excluded); its LSH bands go into an
indexed table, so a new article finds its candidates with a few index lookups whatever
the size of the corpus. Candidates are confirmed by estimated Jaccard similarity (a copy)
or containment (a shorter cut of a longer article).

datasketch's MinHash was measured at ~1,300 documents/s here (Python hashing per
shingle, one pass per permutation); rasd hashes each word once (memoized), combines word
hashes into 4-gram hashes in numpy and takes a one-permutation MinHash: one sort.
"""
from __future__ import annotations

import zlib
from dataclasses import dataclass

import numpy as np

from rasd.model import Document

NUM_PERM = 64
BANDS, ROWS = 16, 4            # 16 x 4 = 64: candidates from Jaccard ~0.5 up
SHINGLE = 4
_MASK32 = np.uint64(0xFFFFFFFF)
_WORD_HASH: dict[str, int] = {}


@dataclass(frozen=True, slots=True)
class Signature:
    values: np.ndarray     # NUM_PERM uint32
    shingles: int

    def bands(self) -> list[int]:
        """One 63-bit hash per band (SQLite integers are signed 64-bit)."""
        out = []
        for b in range(BANDS):
            chunk = self.values[b * ROWS:(b + 1) * ROWS].tobytes()
            out.append(zlib.crc32(chunk) | (b << 32))
        return out

    def jaccard(self, other: "Signature") -> float:
        return float(np.count_nonzero(self.values == other.values)) / NUM_PERM

    def containment(self, other: "Signature") -> float:
        """Estimated share of this document's shingles found in `other`."""
        j = self.jaccard(other)
        if self.shingles == 0:
            return 0.0
        inter = j * (self.shingles + other.shingles) / (1 + j)
        return min(1.0, inter / self.shingles)

    def to_bytes(self) -> bytes:
        return self.values.astype(np.uint32).tobytes()

    @classmethod
    def from_bytes(cls, blob: bytes, shingles: int) -> "Signature":
        return cls(np.frombuffer(blob, dtype=np.uint32).copy(), shingles)


def _word_hashes(words: list[str]) -> np.ndarray:
    table = _WORD_HASH
    hashes = list(map(table.get, words))          # C-speed lookups; misses are rare once warm
    if None not in hashes:
        return np.array(hashes, dtype=np.uint64)
    for i, h in enumerate(hashes):
        if h is None:
            h = hashes[i] = zlib.crc32(words[i].encode("utf-8"))
            if len(table) < 500_000:
                table[words[i]] = h
    return np.fromiter(hashes, dtype=np.uint64, count=len(hashes))


def _mix(z: np.ndarray) -> np.ndarray:
    """splitmix64 finalizer: spreads 4-gram hashes over all 64 bits."""
    z = z + np.uint64(0x9E3779B97F4A7C15)
    z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return z ^ (z >> np.uint64(31))


_BIN_SHIFT = np.uint64(64 - (NUM_PERM.bit_length() - 1))


def signature_of_words(words: list[str]) -> Signature:
    """One-permutation MinHash (Li, Owen & Zhang 2012) with densification (Shrivastava 2017):
    one hash per 4-gram, the hash space cut into NUM_PERM bins, the minimum of each bin.
    One sort instead of NUM_PERM passes; the same Jaccard estimate."""
    if len(words) < SHINGLE:
        words = words + [""] * (SHINGLE - len(words))
    return _signature(_word_hashes(words))


def _signature(w: np.ndarray) -> Signature:
    if w.size < SHINGLE:
        w = np.concatenate((w, np.zeros(SHINGLE - w.size, dtype=np.uint64)))
    grams = (w[:-3] * np.uint64(0x9E3779B1) + w[1:-2] * np.uint64(0x85EBCA77)
             + w[2:-1] * np.uint64(0xC2B2AE3D) + w[3:])
    z = np.unique(_mix(grams))                    # sorted: a bin's first value is its minimum
    bins = (z >> _BIN_SHIFT).astype(np.int64)
    present, first = np.unique(bins, return_index=True)
    values = np.zeros(NUM_PERM, dtype=np.uint32)
    values[present] = (z[first] & _MASK32).astype(np.uint32)
    if present.size < NUM_PERM:                   # empty bins borrow from the next full one
        full = set(present.tolist())
        for b in range(NUM_PERM):
            if b not in full:
                k = 1
                while (b + k) % NUM_PERM not in full:
                    k += 1
                values[b] = np.uint32(zlib.crc32(int(values[(b + k) % NUM_PERM]).to_bytes(4, "little")
                                                 + bytes([k])))
    return Signature(values, int(z.size))


def content_text(doc: Document) -> str:
    """Normalized text of the document outside removed boilerplate: clutter does not count."""
    n = doc.norm
    if not doc.removed:
        return n.text
    o2n = n.norm_offsets()
    return "\n".join(n.text[o2n[s.start]:o2n[s.end]] for s in doc.sentences)


def signature(doc: Document) -> Signature:
    # (hashing words through a memo dict measured faster than hashing UTF-8 bytes in numpy)
    return signature_of_words(content_text(doc).split())
