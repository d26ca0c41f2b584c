"""Near-duplicate articles: MinHash signatures and LSH bands, persistent in the store.

Outlets copy wire text with other clutter, reorder it or cut it short. rasd keeps every
copy and links it to the earliest one (copy lineage). A document's signature is a MinHash
over its word 4-grams (normalized text, boilerplate excluded), stored with the document;
its LSH bands go into the writer's in-memory index (`keyindex`), so a new article finds
its candidates with a few lookups whatever the size of the corpus. Candidates are confirmed by estimated Jaccard similarity (a copy)
or containment (a shorter cut of a longer article).

datasketch's MinHash was measured at ~1,300 documents/s here (Python hashing per
shingle, one pass per permutation); rasd hashes every 4-gram of the text at once in numpy
(a polynomial hash by prefix sums, no Python work per word) and takes a one-permutation
MinHash: one sort.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from rasd.model import Document

NUM_PERM = 64
BANDS, ROWS = 16, 4            # 16 x 4 = 64: candidates from Jaccard ~0.5 up
SHINGLE = 4
# A band's key: its ROWS values mixed by odd 64-bit multipliers (the top 32 bits of the
# sum), its number above them. Arithmetic, not crc32, so that the writer rebuilds every
# stored document's bands from the signatures at once in numpy (`band_keys`).
_MIX = np.array([0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0xD6E8FEB86659FD93][:ROWS],
                dtype=np.uint64)
_BAND_NUMBERS = np.arange(BANDS, dtype=np.int64) << 32


def band_keys(values: np.ndarray) -> np.ndarray:
    """(n, NUM_PERM) uint32 signature values -> (n, BANDS) int64 band keys."""
    v = values.reshape(-1, BANDS, ROWS).astype(np.uint64)
    mixed = (v * _MIX).sum(axis=2, dtype=np.uint64)          # wraps modulo 2**64
    return (mixed >> np.uint64(32)).astype(np.int64) | _BAND_NUMBERS


@dataclass(frozen=True, slots=True)
class Signature:
    values: np.ndarray     # NUM_PERM uint32
    shingles: int
    _bands: tuple[int, ...] | None = field(default=None, init=False, repr=False, compare=False)

    def bands(self) -> tuple[int, ...]:
        """One key per band (`band_keys`). Kept: ingest looks the bands up, then adds them."""
        if self._bands is None:
            object.__setattr__(self, "_bands", tuple(band_keys(self.values).ravel().tolist()))
        return self._bands

    def jaccard(self, other: "Signature") -> float:
        return float(np.count_nonzero(self.values == other.values)) / NUM_PERM

    def to_bytes(self) -> bytes:
        return self.values.astype(np.uint32, copy=False).tobytes()


def containment(jaccard: float, shingles: int, other_shingles: int) -> float:
    """Estimated share of the shorter text's shingles found in the longer one, from the
    estimated Jaccard similarity of the two and their numbers of distinct shingles."""
    small, large = sorted((shingles, other_shingles))
    if small == 0:
        return 0.0
    return min(1.0, jaccard * (small + large) / (1 + jaccard) / small)


# Hashes are 32-bit, like the signature's values: half the memory traffic of 64-bit ones
# and as precise estimates (the tests compare estimates with exact Jaccard similarities).
_U32 = np.uint32
_BASE = 0x9E3779B1             # odd, so invertible modulo 2**32
_POWERS = (np.ones(1, dtype=np.uint32),) * 2


def _powers(n: int) -> tuple[np.ndarray, np.ndarray]:
    """BASE**i and BASE**-i modulo 2**32 for i < n (tables grown by doubling, kept; both
    replaced at once, so that another thread never sees one grown and not the other)."""
    global _POWERS
    if _POWERS[0].size < n:
        size = 1 << (n - 1).bit_length()
        pw = np.full(size, _BASE, dtype=np.uint32)
        inv = np.full(size, pow(_BASE, -1, 1 << 32), dtype=np.uint32)
        pw[0] = inv[0] = 1
        _POWERS = (np.cumprod(pw, dtype=np.uint32), np.cumprod(inv, dtype=np.uint32))
    return _POWERS


def _gram_hashes(units: np.ndarray, spaces: np.ndarray) -> np.ndarray:
    """Hash of the text of each 4-gram: sum(unit[i] * BASE**i) over the gram times
    BASE**-start, a difference of two prefix sums, so one pass over the text hashes every
    gram wherever it stands. `units`: UTF-16 code units of words between single spaces;
    `spaces`: where the spaces are (the k-th space opens the k-th word)."""
    pw, inv = _powers(units.size)
    prefix = units * pw[:units.size]
    np.add.accumulate(prefix, out=prefix)
    at = prefix.take(spaces)
    grams = at[SHINGLE:] - at[:-SHINGLE]          # the gram's units and the space closing it
    grams *= inv.take(spaces[:-SHINGLE])
    return grams


_FOLD, _SPREAD = _U32(16), _U32(0xC2B2AE35)


def _mix(z: np.ndarray) -> np.ndarray:
    """One xorshift-multiply round, in place: folds the high bits into the low ones (the
    low bits of a polynomial hash are its weakest), then the multiplication spreads every
    bit upward into the bits that choose the bin and order it (as good as three rounds in
    the estimate tests, for a third of the work)."""
    z ^= z >> _FOLD
    z *= _SPREAD
    return z


_BIN_SHIFT = _U32(32 - (NUM_PERM.bit_length() - 1))
_BINS = np.arange(NUM_PERM, dtype=np.uint32)
_BIN_START = _BINS << _BIN_SHIFT                # lowest hash of each bin


_U64_32, _LOW32 = np.uint64(32), np.uint64(0xFFFFFFFF)


def signature_of_words(words: list[str]) -> Signature:
    """The MinHash signature of a text given as its words (see `signatures_of_words`)."""
    return signatures_of_words([words])[0]


def signatures_of_words(texts: list[list[str]]) -> list[Signature]:
    """One-permutation MinHash (Li, Owen & Zhang 2012) with densification (Shrivastava 2017)
    of each text: one hash per 4-gram, the hash space cut into NUM_PERM bins, the minimum of
    each bin — one sort instead of NUM_PERM passes, the same Jaccard estimate. A batch is
    hashed and sorted together (each hash tagged with its text's number above it): numpy's
    cost per call, not per element, is most of the work for one 4 KB article."""
    padded = [words + [""] * (SHINGLE - len(words)) if len(words) < SHINGLE else words for words in texts]
    # hashing the joined text in numpy measured faster than hashing words one by one in
    # Python, even through a memo dict (whose lookups also slow down as the vocabulary grows)
    joined = "".join(" " + " ".join(words) + " " for words in padded)
    units = np.frombuffer(joined.encode("utf-16-le"), dtype=np.uint16)
    spaces = (units == 32).nonzero()[0]
    # Each text brings len(words) + 1 spaces, its two edge spaces included; a gram is valid
    # when its first and last space belong to the same text.
    owner = np.repeat(np.arange(len(padded), dtype=np.uint64), [len(w) + 1 for w in padded])
    grams = _gram_hashes(units, spaces)
    same = owner[:-SHINGLE] == owner[SHINGLE:]
    keys = (owner[:-SHINGLE][same] << _U64_32) | _mix(grams[same]).astype(np.uint64)
    keys.sort()
    ids = np.arange(len(padded), dtype=np.uint64)[:, None]
    # sorted, a bin's values are contiguous and its first one is its minimum
    firsts = keys.take(keys.searchsorted((ids << _U64_32) | _BIN_START), mode="clip")
    values = (firsts & _LOW32).astype(np.uint32)
    full = (firsts >> _U64_32 == ids) & ((values >> _BIN_SHIFT) == _BINS)
    fresh = np.empty(keys.size, dtype=bool)
    fresh[:1] = True
    np.not_equal(keys[1:], keys[:-1], out=fresh[1:])
    starts = keys.searchsorted(ids[:, 0] << _U64_32)
    distinct = np.add.reduceat(fresh, starts) if keys.size else np.zeros(len(padded), dtype=np.int64)
    rows = [values[i] if full[i].all() else _densify(values[i], full[i]) for i in range(len(padded))]
    bands = band_keys(np.stack(rows)).tolist() if rows else []     # the batch's LSH bands at once
    out = []
    for row, n, b in zip(rows, distinct.tolist(), bands):
        sig = Signature(row, int(n))
        object.__setattr__(sig, "_bands", tuple(b))
        out.append(sig)
    return out


_BIN_IDS = np.arange(NUM_PERM)
_DISTANCE, _SCRAMBLE = _U32(0x9E3779B9), _U32(0x85EBCA6B)


def _densify(values: np.ndarray, full: np.ndarray) -> np.ndarray:
    """Empty bins borrow from the next full one (circularly), rehashed with the distance,
    so that two documents agree on an empty bin exactly when they agree on its donor."""
    donors = full.nonzero()[0]
    donor = donors.take(donors.searchsorted(_BIN_IDS), mode="wrap")
    distance = ((donor - _BIN_IDS) % NUM_PERM).astype(np.uint32)
    borrowed = values.take(donor) ^ (distance * _DISTANCE)
    borrowed *= _SCRAMBLE
    return np.where(full, values, borrowed)


def content_text(doc: Document) -> str:
    """Normalized text of the document outside removed boilerplate: clutter does not count."""
    n = doc.norm
    if not doc.removed:
        return n.text
    o2n = n.norm_offsets()
    return "\n".join(n.text[o2n[s.start]:o2n[s.end]] for s in doc.sentences)


def signature(doc: Document) -> Signature:
    """The document's signature, computed once (`sign_all` computes a batch's at once)."""
    got = doc.norm.memo.get("signature")
    if got is None:
        got = doc.norm.memo["signature"] = signature_of_words(content_text(doc).split())
    return got


def sign_all(docs: list[Document]) -> None:
    """Compute the signatures of `docs` as one batch (~2.5x faster than one by one); `signature`
    then finds them."""
    todo = [d for d in docs if "signature" not in d.norm.memo]
    for doc, sig in zip(todo, signatures_of_words([content_text(d).split() for d in todo])):
        doc.norm.memo["signature"] = sig
