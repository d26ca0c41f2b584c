"""Inputs to Documents: plain text, HTML, JSON Lines, WARC, RSS/Atom, with a manifest.

`read_paths(paths)` walks files and folders (recursively, in sorted order, following
links but never a loop) and yields a `Document` per article or a `Skipped` with a
reason per input that cannot be read. Nothing here aborts a batch.
"""
from __future__ import annotations

import gzip
import io
import json
import logging
import os
from collections.abc import Iterator
from pathlib import Path

from rasd.errors import InputError
from rasd.ingest.encoding import decode, fix_mojibake
from rasd.model import Document, Skipped
from rasd.text.dates import find_published

log = logging.getLogger(__name__)
MANIFEST = "manifest.jsonl"


def guess_language(text: str) -> str:
    sample = text[:2000].encode("utf-8")
    # Arabic letters are two bytes with a lead byte D8–DB in UTF-8: counting those is C-fast.
    arabic = sum(sample.count(lead) for lead in (b"\xd8", b"\xd9", b"\xda", b"\xdb"))
    letters = arabic + sum(65 <= c <= 122 for c in sample[:400])
    return "ar" if arabic / max(1, letters) > 0.3 else "en"


def load_manifest(path: Path) -> dict[str, dict]:
    """file name (and stem) → metadata, from a manifest.jsonl (SPEC §1)."""
    meta: dict[str, dict] = {}
    with open(path, encoding="utf-8-sig") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
            except json.JSONDecodeError:
                log.warning("%s:%d: not JSON, ignored", path, n)
                continue
            name = rec.get("file")
            if name:
                meta[name] = rec
                meta[Path(name).stem] = rec
    return meta


def _finish(doc: Document, meta: dict | None) -> Document:
    meta = meta or {}
    text, repaired = fix_mojibake(doc.text)
    if repaired:
        doc.text = text
        doc.warnings.append("mojibake: UTF-8 decoded as Latin-1 upstream; repaired")
    doc.published = meta.get("published") or doc.published or find_published(doc.text)
    doc.outlet = meta.get("outlet") or doc.outlet
    doc.url = meta.get("url") or doc.url
    doc.language = meta.get("language") or doc.language or guess_language(doc.text)
    return doc


def html_document(doc_id: str, html: str, source: str) -> Document:
    """Main text with resiliparse, metadata (title, date, site, URL) with trafilatura."""
    from resiliparse.extract.html2text import extract_plain_text
    text = extract_plain_text(html, main_content=True, comments=False, alt_texts=False)
    if not text.strip():
        text = extract_plain_text(html, main_content=False, comments=False, alt_texts=False)
    doc = Document(id=doc_id, text=text, source=source)
    try:
        from trafilatura import extract_metadata
        meta = extract_metadata(html)
    except Exception as e:  # trafilatura raises many kinds on broken pages; metadata is optional
        log.debug("%s: no metadata: %s", source, e)
        meta = None
    if meta is not None:
        doc.title = meta.title
        doc.published = (meta.date or "")[:10] or None
        doc.outlet = meta.sitename
        doc.url = meta.url
    return doc


def _jsonl_line(path: Path, n: int, raw: bytes, meta: dict) -> Iterator[Document | Skipped]:
    if not raw.strip():
        return
    where = f"{path}:{n}"
    try:
        line, _ = decode(raw)
        rec = json.loads(line)
    except (InputError, json.JSONDecodeError) as e:
        yield Skipped(where, "bad_json", str(e))
        return
    if not isinstance(rec, dict) or not isinstance(rec.get("text"), str) or not rec["text"].strip():
        yield Skipped(where, "bad_json", 'a line needs {"id", "text"}')
        return
    doc_id = str(rec.get("id") or f"{path.stem}-{n}")
    doc = Document(id=doc_id, text=rec["text"], source=str(path), seq=n, title=rec.get("title"),
                   published=rec.get("published"), outlet=rec.get("outlet"), url=rec.get("url"),
                   language=rec.get("language"))
    yield _finish(doc, meta.get(doc_id))


def _read_jsonl(path: Path, meta: dict) -> Iterator[Document | Skipped]:
    """One Document per line, streamed: a large file is never held in memory."""
    with open(path, "rb") as f:
        for n, raw in enumerate(f, 1):
            yield from _jsonl_line(path, n, raw, meta)


def _read_warc(path: Path, data: bytes) -> Iterator[Document | Skipped]:
    from warcio.archiveiterator import ArchiveIterator
    stream = io.BytesIO(data)
    n = 0
    try:
        for record in ArchiveIterator(stream):
            if record.rec_headers.get_header("Content-Length") is None:
                yield Skipped(str(path), "bad_warc", f"truncated: record header {n + 1} is incomplete")
                return
            if record.rec_type not in ("response", "resource"):
                continue
            ctype = (record.http_headers.get_header("Content-Type") if record.http_headers else
                     record.rec_headers.get_header("Content-Type")) or ""
            if "html" not in ctype and "text" not in ctype:
                continue
            body = record.content_stream().read()
            if getattr(record.raw_stream, "limit", 0) > 0:
                yield Skipped(str(path), "bad_warc", f"truncated: record {n + 1} ends before its declared length")
                return
            url = record.rec_headers.get_header("WARC-Target-URI") or ""
            rid = record.rec_headers.get_header("WARC-Record-ID") or f"{path.name}#{n}"
            n += 1
            try:
                html, _ = decode(body)
            except InputError as e:
                yield Skipped(f"{path}#{url or rid}", e.reason, e.detail)
                continue
            doc = html_document(url or rid.strip("<>"), html, str(path))
            doc.seq = n
            doc.url = doc.url or url
            yield _finish(doc, None)
    except Exception as e:  # warcio raises plain exceptions on truncated or corrupt archives
        yield Skipped(str(path), "bad_warc", f"truncated or corrupt after {n} records: {e}")


def _read_feed(path: Path, data: bytes) -> Iterator[Document | Skipped]:
    import feedparser
    from resiliparse.extract.html2text import extract_plain_text
    parsed = feedparser.parse(data)
    if not parsed.entries:
        yield Skipped(str(path), "bad_feed", str(parsed.get("bozo_exception") or "no entries"))
        return
    for i, e in enumerate(parsed.entries):
        body = ""
        if e.get("content"):
            body = e.content[0].get("value", "")
        body = body or e.get("summary", "")
        text = extract_plain_text(body) if "<" in body else body
        title = e.get("title") or ""
        full = f"{title}\n{text}".strip() if title and not text.startswith(title) else text
        if not full.strip():
            yield Skipped(f"{path}#{i}", "empty", "feed entry without text")
            continue
        published = None
        if e.get("published_parsed"):
            t = e.published_parsed
            published = f"{t.tm_year:04d}-{t.tm_mon:02d}-{t.tm_mday:02d}"
        doc = Document(id=e.get("id") or e.get("link") or f"{path.stem}-{i}", text=full,
                       source=str(path), seq=i, title=title or None, url=e.get("link"), published=published,
                       outlet=parsed.feed.get("title"))
        yield _finish(doc, None)


def _kind(path: Path, settings: dict) -> str:
    name = path.name.lower()
    inp = settings.get("input", {})
    for kind in ("warc", "html", "feed", "jsonl"):
        if any(name.endswith(ext) for ext in inp.get(kind, [])):
            return kind
    return "text"


def read_file(path: Path, *, settings: dict, meta: dict) -> Iterator[Document | Skipped]:
    """Documents from one file; a file that cannot be read yields one `Skipped`."""
    max_bytes = settings.get("input", {}).get("max_bytes", 50_000_000)
    kind = _kind(path, settings)
    try:
        size = path.stat().st_size
        if kind == "jsonl" and not path.name.endswith(".gz"):
            yield from _read_jsonl(path, meta)   # streamed; the size limit is per record
            return
        if size > max_bytes:
            yield Skipped(str(path), "too_large", f"{size:,} bytes > {max_bytes:,}")
            return
        with open(path, "rb") as f:
            data = f.read()
    except FileNotFoundError:
        yield Skipped(str(path), "missing", "deleted before it could be read")
        return
    except OSError as e:
        yield Skipped(str(path), "unreadable", e.strerror or str(e))
        return
    if path.name.lower().endswith(".gz") and kind != "warc":
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError) as e:
            yield Skipped(str(path), "bad_gzip", str(e))
            return
    try:
        if kind == "warc":
            yield from _read_warc(path, data)
        elif kind == "jsonl":
            for n, raw in enumerate(data.splitlines(), 1):   # gzipped JSON Lines
                yield from _jsonl_line(path, n, raw, meta)
        elif kind == "feed" and b"<rss" in data[:2000] or kind == "feed" and b"<feed" in data[:2000]:
            yield from _read_feed(path, data)
        elif kind in ("html", "feed"):
            html, enc = decode(data)
            doc = html_document(path.stem, html, str(path))
            doc.encoding = enc
            yield _finish(doc, meta.get(path.name) or meta.get(path.stem))
        else:
            text, enc = decode(data)
            doc = Document(id=path.stem, text=text, source=str(path), encoding=enc)
            yield _finish(doc, meta.get(path.name) or meta.get(path.stem))
    except InputError as e:
        yield Skipped(str(path), e.reason, e.detail)


def walk(paths: list[str]) -> Iterator[Path | Skipped]:
    """Files under `paths`, each folder's files in sorted path order; loops are reported, not followed."""
    seen: set[tuple[int, int]] = set()
    for p in paths:
        path = Path(p)
        if not path.exists():
            yield Skipped(str(path), "missing", "no such file or folder")
            continue
        if path.is_file():
            yield path
            continue
        found: list[Path] = []
        for root, dirs, files in os.walk(path, followlinks=True):
            st = os.stat(root)
            if (st.st_dev, st.st_ino) in seen:
                yield Skipped(root, "loop", "folder already visited (symlink loop)")
                dirs[:] = []
                continue
            seen.add((st.st_dev, st.st_ino))
            dirs[:] = [d for d in dirs if not d.startswith(".")]
            found += [Path(root) / n for n in files if not n.startswith(".") and n != MANIFEST]
        # One global order (the store sorts by path the same way): extract == export.
        yield from sorted(found, key=str)


def read_paths(paths: list[str], *, settings: dict, meta_file: str | None = None) -> Iterator[Document | Skipped]:
    """Every Document (or Skipped) under `paths`, with manifest metadata applied."""
    meta = load_manifest(Path(meta_file)) if meta_file else {}
    manifests: dict[Path, dict] = {}
    for item in walk(paths):
        if isinstance(item, Skipped):
            yield item
            continue
        folder_meta = meta
        if not meta_file:
            m = item.parent / MANIFEST
            if item.parent not in manifests:
                manifests[item.parent] = load_manifest(m) if m.is_file() else {}
            folder_meta = manifests[item.parent]
        yield from read_file(item, settings=settings, meta=folder_meta)
