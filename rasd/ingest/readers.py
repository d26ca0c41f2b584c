"""Inputs to Documents: plain text, HTML, JSON Lines, WARC, RSS/Atom, with a manifest.

`read_paths(paths)` walks files and folders (recursively, in sorted order, following
links but never a loop) and yields a `Document` per article or a `Skipped` with a
reason per input that cannot be read. Nothing here aborts a batch.

Nothing here holds more than one document's bytes either: WARC, JSON Lines (gzipped or
not) and manifests are streamed, a gzipped file is expanded only up to the limits in
settings [input] (`Limits`), and a record past a limit is skipped with reason
"too_large" while the rest of its file is read.
"""
from __future__ import annotations

import datetime as dt
import email.utils
import gzip
import json
import logging
import os
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from rasd.errors import InputError
from rasd.ingest.cascade import fragment_text, main_text
from rasd.ingest.htmldepth import cap_nesting
from rasd.ingest.encoding import clean_controls, decode_text, fix_mojibake, replace_surrogates
from rasd.ingest.language import identify
from rasd.ingest.maintext import Options as MainTextOptions
from rasd.ingest.metadata import dateline_date, page_metadata
from rasd.model import Document, Skipped
from rasd.text.dates import find_published

log = logging.getLogger(__name__)
MANIFEST = "manifest.jsonl"
_CHUNK = 1 << 20        # bytes read at a time from a streamed file


@dataclass(frozen=True)
class Limits:
    """What one input may cost (settings [input]; settings.toml says why each has its value)."""
    max_bytes: int = 50_000_000            # one document's raw bytes (file, gzip expansion, JSONL line, WARC record)
    max_expanded: int = 10_000_000_000     # all the bytes one compressed WARC or JSON Lines file expands to
    max_chars: int = 500_000               # one document's decoded text
    max_bad: float = 0.02                  # share of U+FFFD above which text is undecodable
    max_control: float = 0.10              # share of control bytes above which a file is binary

    @classmethod
    def of(cls, settings: dict) -> "Limits":
        inp, d = settings.get("input", {}), cls()
        return cls(max_bytes=int(inp.get("max_bytes", d.max_bytes)),
                   max_expanded=int(inp.get("max_expanded_bytes", d.max_expanded)),
                   max_chars=int(inp.get("max_text_chars", d.max_chars)),
                   max_bad=float(inp.get("max_bad_chars", d.max_bad)),
                   max_control=float(inp.get("max_control_bytes", d.max_control)))


# ------------------------------------------------------------------ bounded streams

class _Capped:
    """A read-only stream over `raw` that stops a decompression bomb: InputError("too_large")
    once more than `limit` bytes have come out of it, or once a run of more than `max_line`
    bytes has no line break (a reader that buffers lines, as warcio does for headers, would
    otherwise hold all of it). Errors of a gzip stream become InputError("bad_gzip")."""

    def __init__(self, raw: BinaryIO, *, limit: int | None = None, max_line: int | None = None, gz: bool = False):
        self.raw, self.limit, self.max_line, self.gz = raw, limit, max_line, gz
        self.total = 0      # bytes read so far
        self.line = 0       # bytes since the last line break

    def read(self, size: int = -1) -> bytes:
        if size is None or size < 0:
            return b"".join(iter(lambda: self.read(_CHUNK), b""))
        # read1: at most one read of the compressed file, so that the bytes expanded before a
        # truncation or a corrupt block are handed out (and their records read) before the error.
        return self._take(size, whole=False)

    def read_upto(self, size: int) -> bytes:
        """`size` bytes, or fewer at the end of the stream, in one buffer (one document's bytes)."""
        return self._take(size, whole=True)

    def _take(self, size: int, *, whole: bool) -> bytes:
        try:
            data = self.raw.read1(size) if self.gz and not whole else self.raw.read(size)
        except (OSError, EOFError, zlib.error) as e:
            if not self.gz:
                raise
            raise InputError("bad_gzip", f"truncated or corrupt gzip: {e} (after {self.total:,} bytes)") from None
        if self.limit is not None and self.total + len(data) > self.limit:
            # Hand out what is within the limit (its complete lines and records are read) and
            # refuse at the next read.
            if self.total >= self.limit:
                raise InputError("too_large", f"expands to more than {self.limit:,} bytes (max_expanded_bytes)")
            data = data[:self.limit - self.total]
        self.total += len(data)
        if self.max_line is not None and data:
            nl = data.rfind(b"\n")
            self.line = len(data) - nl - 1 if nl >= 0 else self.line + len(data)
            if self.line > self.max_line:
                raise InputError("too_large", f"more than {self.max_line:,} bytes without a line break (max_bytes)")
        return data


def _is_gzip(f: BinaryIO) -> bool:
    head = f.read(2)
    f.seek(0)
    return head == b"\x1f\x8b"


def _stream(f: BinaryIO, limits: Limits, *, gz: bool | None, max_line: int | None = None) -> _Capped:
    """`f` as a bounded stream, expanded if gzipped (gz None: when it starts like gzip)."""
    if gz is None:
        gz = _is_gzip(f)
    if not gz:
        return _Capped(f, max_line=max_line)
    return _Capped(gzip.GzipFile(fileobj=f, mode="rb"), limit=limits.max_expanded, max_line=max_line, gz=True)


def _lines(stream: _Capped, max_line: int, chunk: int = _CHUNK) -> Iterator[tuple[int, bytes | None, int]]:
    """(line number, the line's bytes, its size) for each line of `stream`, read a block at a
    time; the bytes are None for a line longer than `max_line`, which is never held whole.
    Blank lines may be left out (their numbers are counted)."""
    n = 0
    carry: list[bytes] | None = []      # the start of the current line (None: too long, dropped)
    size = 0                            # its size so far
    while block := stream.read(chunk):
        if not size and not block.strip():
            # Whitespace only (blank lines, or a padding bomb): count the lines at C speed.
            n += block.count(b"\n")
            continue
        pieces = block.split(b"\n")
        for piece in pieces[:-1]:
            n += 1
            size += len(piece)
            if carry is not None and size <= max_line:
                yield n, (b"".join(carry) + piece) if carry else piece, size
            else:
                yield n, None, size
            carry, size = [], 0
        tail = pieces[-1]
        size += len(tail)
        if carry is not None and size > max_line:
            carry = None
        elif carry is not None and tail:
            carry.append(tail)
    if size:
        yield n + 1, (b"".join(carry) if carry is not None else None), size


# ------------------------------------------------------------------ metadata values

_PUBLISHED_YMD = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T ].*)?")     # a time may follow
_PUBLISHED_DMY = re.compile(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})(?:[T ].*)?")
_PUBLISHED_PARTIAL = re.compile(r"[0-9]{4}(?:-[0-9]{2})?")       # a year or a month: kept as written


def _date(y: str, m: str, d: str) -> str | None:
    try:
        return dt.date(int(y), int(m), int(d)).isoformat()
    except ValueError:
        return None


def parse_published(value: str) -> tuple[str | None, str]:
    """A publication date written in a common form, as YYYY-MM-DD, or (None, why not).

    ISO dates and date-times, YYYY/MM/DD, RFC 822 ("Wed, 06 Nov 2024 10:00:00 GMT"), and
    DD/MM/YYYY or MM/DD/YYYY when only one reading is a date (28/11/2026); 05/06/2026
    could be either and is refused rather than guessed. YYYY and YYYY-MM stay as they are.
    """
    s = value.strip()
    if _PUBLISHED_PARTIAL.fullmatch(s):
        return s, ""
    if m := _PUBLISHED_YMD.fullmatch(s):
        return (d, "") if (d := _date(*m.groups())) else (None, "is not a valid date")
    if m := _PUBLISHED_DMY.fullmatch(s):
        a, b, y = m.groups()
        if int(a) > 12 >= int(b) or a == b:
            d = _date(y, b, a)
        elif int(b) > 12 >= int(a):
            d = _date(y, a, b)
        else:
            return None, "is ambiguous (day/month or month/day)"
        return (d, "") if d else (None, "is not a valid date")
    try:
        return email.utils.parsedate_to_datetime(s).date().isoformat(), ""
    except (TypeError, ValueError, IndexError, OverflowError):
        return None, "is not a date rasd can read"


def _clean(value: str) -> str:
    """A metadata string made storable and printable: no lone surrogates, no control characters."""
    return clean_controls(replace_surrogates(value)[0])[0]


def _as_string(rec: dict, key: str) -> str | None:
    """rec[key] as a string: numbers are written out (an id of 42 is "42"); anything else
    (a list, an object, true) is InputError("bad_field"). Not cleaned: an id or a file name
    is a key that must match its manifest line or file as written (`finish_document` cleans)."""
    value = rec.get(key)
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else str(value)
    raise InputError("bad_field", f"{key} is a JSON {_json_type(value)}, not a string")


def _json_type(value: object) -> str:
    return {dict: "object", list: "array", bool: "boolean", int: "number", float: "number"}.get(type(value), "value")


def _parse_json(raw: bytes, limits: Limits) -> tuple[object, int]:
    """(the JSON value of a line, bytes replaced in decoding it) or InputError("bad_json")."""
    try:
        line, _, bad = decode_text(raw, max_bad=limits.max_bad, max_control=limits.max_control)
        # strict=False: a raw control character inside a string is cleaned later, like anywhere else
        return json.loads(line, strict=False), bad
    except InputError as e:
        raise InputError("bad_json", f"{e.reason}: {e.detail}") from None
    except RecursionError:
        raise InputError("bad_json", "nested too deeply") from None
    except ValueError as e:     # JSONDecodeError, and an integer of more than 4,300 digits
        raise InputError("bad_json", str(e)[:200]) from None


def bad_bytes_warning(bad: int, encoding: str) -> list[str]:
    if not bad:
        return []
    return [f"encoding: {bad} invalid {encoding.upper()} byte sequence{'s' if bad > 1 else ''} replaced with U+FFFD"]


# ------------------------------------------------------------------ manifest

_MANIFEST_FIELDS = ("outlet", "url", "language")      # and "published" (SPEC §1)


def _manifest_record(where: str, raw: bytes | None, size: int, limits: Limits) -> dict | None:
    """The cleaned metadata of one manifest line, or None (with a warning naming the line)."""
    if raw is None:
        log.warning("%s: a line of %s bytes, more than %s (max_bytes), ignored", where, f"{size:,}",
                    f"{limits.max_bytes:,}")
        return None
    if not raw.strip():
        return None
    try:
        rec, _ = _parse_json(raw, limits)
    except InputError as e:
        log.warning("%s: not JSON (%s), ignored", where, e.detail)
        return None
    if not isinstance(rec, dict):
        log.warning("%s: a JSON %s, not an object, ignored", where, _json_type(rec))
        return None
    try:
        name = _as_string(rec, "file")
    except InputError as e:
        log.warning("%s: %s, ignored", where, e.detail)
        return None
    if not name:
        log.warning('%s: no "file", ignored', where)
        return None
    meta: dict = {"file": name}
    for key in _MANIFEST_FIELDS:
        try:
            value = _as_string(rec, key)
        except InputError as e:
            log.warning("%s: %s; the field is ignored", where, e.detail)
            continue
        meta[key] = _clean(value) if value else None
    published = rec.get("published")
    if isinstance(published, str) and published.strip():
        meta["published"], why = parse_published(published)
        if why:
            log.warning("%s: published %r %s; the field is ignored", where, published, why)
    elif published not in (None, ""):
        log.warning("%s: published is a JSON %s, not a date string; the field is ignored", where,
                    _json_type(published))
    return meta


def load_manifest(path: Path, *, max_line: int = Limits.max_bytes) -> dict[str, dict]:
    """file name (and stem) → metadata, from a manifest.jsonl (SPEC §1). A line that cannot
    be used is logged with its line number and ignored; so is a manifest that cannot be read."""
    limits = Limits(max_bytes=max_line)
    meta: dict[str, dict] = {}
    try:
        with open(path, "rb") as f:
            for n, raw, size in _lines(_Capped(f), max_line):
                rec = _manifest_record(f"{path}:{n}", raw, size, limits)
                if rec:
                    meta[rec["file"]] = rec
                    meta[Path(rec["file"]).stem] = rec
    except OSError as e:
        log.warning("%s: manifest not read (%s)", path, e.strerror or e)
    return meta


# ------------------------------------------------------------------ documents

def guess_language(text: str) -> str:
    """"ar", "en", another ISO 639-1 code, or "other" (`rasd.ingest.language`)."""
    return identify(text)


def finish_document(doc: Document, meta: dict | None, limits: Limits, where: str = "") -> Document | Skipped:
    """A read document made safe for the pipeline and the store, with its metadata; or a
    `Skipped` when its text is longer than a document may be.

    The text is cleaned here, once, before any offset is taken: lone surrogates become U+FFFD
    and stray control characters a space (or a line feed), one character for one.
    """
    meta = meta or {}
    text, repaired = fix_mojibake(doc.text)
    if repaired:
        doc.text = text
        doc.warnings.append("mojibake: UTF-8 decoded as Latin-1 upstream; repaired")
    if len(doc.text) > limits.max_chars:
        return Skipped(where or doc.source, "too_large",
                       f"{len(doc.text):,} characters of text > {limits.max_chars:,} (max_text_chars)")
    doc.text, surrogates = replace_surrogates(doc.text)
    if surrogates:
        doc.warnings.append(f"surrogates: {surrogates} lone UTF-16 surrogate{'s' if surrogates > 1 else ''} "
                            "replaced with U+FFFD")
    doc.text, controls = clean_controls(doc.text)
    if controls:
        doc.warnings.append(f"control characters: {controls} replaced with spaces (line breaks kept as line feeds)")
    doc.id = _clean(doc.id)
    for key in ("title", "outlet", "url", "language", "published"):
        value = getattr(doc, key)
        if isinstance(value, str):
            setattr(doc, key, _clean(value))
    doc.published = meta.get("published") or doc.published or find_published(doc.text)
    doc.outlet = meta.get("outlet") or doc.outlet
    doc.url = meta.get("url") or doc.url
    doc.language = meta.get("language") or doc.language or guess_language(doc.text)
    for warning in doc.warnings:    # stored with the document; shown with --verbose
        log.info("%s: %s", where or doc.source, warning)
    return doc


def _storable(value: str | None) -> str | None:
    """`value` with any lone surrogate replaced (one inside ruby text, which the main-text
    stage leaves out before resiliparse would refuse it, can reach the metadata)."""
    if value is None or value.isascii():
        return value
    try:
        value.encode("utf-8")
        return value
    except UnicodeEncodeError:
        return replace_surrogates(value)[0]


def html_document(doc_id: str, html: str, source: str, *, options: MainTextOptions | None = None) -> Document:
    """Main text by the cascade (`rasd.ingest.cascade`: resiliparse and rasd's structure
    rules, trafilatura where their text looks wrong); title, date, author, site and URL from
    what the page declares, or a dateline at the top of its text (`rasd.ingest.metadata`);
    the language from the text."""
    # (lexbor is quadratic in the nesting depth: main_text caps a page's at 256 levels)
    try:
        got = main_text(html, options=options)
    except UnicodeEncodeError:
        # A lone surrogate (a str from JSON: decoded bytes have none), which resiliparse
        # refuses. Asking first costs ~0.1 ms a page, a tenth of a page's reading.
        html, _ = replace_surrogates(html)
        got = main_text(html, options=options)
    if got.extractor != "rasd":
        log.debug("%s: main text by %s (%s)", source, got.extractor, got.why)
    doc = Document(id=doc_id, text=got.text, source=source)
    meta = page_metadata(html)
    doc.title, doc.published, doc.outlet, doc.url = (_storable(meta.title), meta.published, _storable(meta.site),
                                                     _storable(meta.url))
    if not doc.published and got.selection is not None:
        doc.published = dateline_date([b.text for b in got.selection.blocks])
    doc.language = identify(got.text, declared=meta.language)
    return doc


def _record(path: Path, n: int, rec: dict) -> Document:
    """The Document of one JSON Lines record; InputError("bad_json"|"bad_field") if it has none.

    Strings are taken as they are, numbers written out (an id of 42 is "42"); any other type
    skips the record, and so does a "published" that is not a string: a number there is no
    date, and guessing one would put the article in the wrong place on a timeline.
    """
    text = rec.get("text")
    if text is not None and not isinstance(text, str):
        raise InputError("bad_field", f"text is a JSON {_json_type(text)}, not a string")
    if not text or not text.strip():
        raise InputError("bad_json", 'a line needs {"id", "text"}')
    published = rec.get("published")
    if published is not None and not isinstance(published, str):
        raise InputError("bad_field", f"published is a JSON {_json_type(published)}, not a date string")
    doc = Document(id=_as_string(rec, "id") or f"{path.stem}-{n}", text=text, source=str(path), seq=n,
                   title=_as_string(rec, "title"), outlet=_as_string(rec, "outlet"), url=_as_string(rec, "url"),
                   language=_as_string(rec, "language"))
    if published and published.strip():
        doc.published, why = parse_published(published)
        if why:
            doc.warnings.append(f"published: {_clean(published)!r} {why}; ignored")
    return doc


def _jsonl_line(path: Path, n: int, raw: bytes | None, size: int, meta: dict,
                limits: Limits) -> Iterator[Document | Skipped]:
    where = f"{path}:{n}"
    if raw is None:
        yield Skipped(where, "too_large", f"a line of {size:,} bytes > {limits.max_bytes:,} (max_bytes)")
        return
    if not raw.strip():
        return
    try:
        rec, bad = _parse_json(raw, limits)
        if not isinstance(rec, dict):
            raise InputError("bad_json", 'a line needs {"id", "text"}')
        doc = _record(path, n, rec)
    except InputError as e:
        yield Skipped(where, e.reason, e.detail)
        return
    doc.warnings += bad_bytes_warning(bad, "utf-8")
    yield finish_document(doc, meta.get(doc.id), limits, where)


def _read_jsonl(path: Path, meta: dict, limits: Limits) -> Iterator[Document | Skipped]:
    """One Document per line, streamed (gzipped or not): a large file is never held in memory,
    a line is held only if it is within max_bytes."""
    with open(path, "rb") as f:
        stream = _stream(f, limits, gz=path.name.lower().endswith(".gz"))
        try:
            for n, raw, size in _lines(stream, limits.max_bytes):
                yield from _jsonl_line(path, n, raw, size, meta, limits)
        except InputError as e:
            yield Skipped(str(path), e.reason, e.detail)


def _header_int(value: str | None) -> int:
    try:
        return int(value or 0)
    except ValueError:
        return 0


def _read_warc(path: Path, limits: Limits, options: MainTextOptions) -> Iterator[Document | Skipped]:
    """Documents from a WARC (gzipped per record or not), streamed: a record is held only if
    its body is within max_bytes; a larger one is skipped and the rest of the archive read."""
    from warcio.archiveiterator import ArchiveIterator
    n = 0
    with open(path, "rb") as f:
        # Expanded here, not by warcio, so that the expansion is counted and capped.
        stream = _stream(f, limits, gz=None, max_line=limits.max_bytes)
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
                url = record.rec_headers.get_header("WARC-Target-URI") or ""
                rid = record.rec_headers.get_header("WARC-Record-ID") or f"{path.name}#{n}"
                where = f"{path}#{url or rid}"
                declared = _header_int(record.rec_headers.get_header("Content-Length"))
                if declared > limits.max_bytes:
                    # warcio reads past the record block by block when the next one is asked for
                    yield Skipped(where, "too_large",
                                  f"a record of {declared:,} bytes > {limits.max_bytes:,} (max_bytes)")
                    continue
                # A body with a Content-Encoding (gzip, br) expands as it is read: read one byte past the limit.
                body = record.content_stream().read(limits.max_bytes + 1)
                if len(body) > limits.max_bytes:
                    yield Skipped(where, "too_large",
                                  f"its body expands to more than {limits.max_bytes:,} bytes (max_bytes)")
                    continue
                if getattr(record.raw_stream, "limit", 0) > 0:
                    yield Skipped(str(path), "bad_warc", f"truncated: record {n + 1} ends before its declared length")
                    return
                n += 1
                try:
                    html, enc, bad = decode_text(body, max_bad=limits.max_bad, max_control=limits.max_control,
                                                 declared=_charset(ctype), html="html" in ctype)
                except InputError as e:
                    yield Skipped(where, e.reason, e.detail)
                    continue
                doc = html_document(url or rid.strip("<>"), html, str(path), options=options)
                doc.seq = n
                doc.url = doc.url or url
                doc.warnings += bad_bytes_warning(bad, enc)
                yield finish_document(doc, None, limits, where)
        except InputError as e:   # past max_expanded_bytes, a bomb of one line, or a corrupt gzip member
            reason = "bad_warc" if e.reason == "bad_gzip" else e.reason
            yield Skipped(str(path), reason, f"{e.detail}; after {n} records")
        except Exception as e:  # warcio raises plain exceptions on truncated or corrupt archives
            yield Skipped(str(path), "bad_warc", f"truncated or corrupt after {n} records: {e}")


def _charset(content_type: str) -> str | None:
    """The charset of a Content-Type header ("text/html; charset=windows-1256"), or None."""
    m = re.search(r"charset\s*=\s*[\"']?([A-Za-z0-9._:-]+)", content_type, re.IGNORECASE)
    return m.group(1) if m else None


def _read_feed(path: Path, data: bytes, limits: Limits, options: MainTextOptions) -> Iterator[Document | Skipped]:
    import feedparser
    parsed = feedparser.parse(data)
    if not parsed.entries:
        yield Skipped(str(path), "bad_feed", str(parsed.get("bozo_exception") or "no entries"))
        return
    for i, e in enumerate(parsed.entries):
        body = ""
        if e.get("content"):
            body = e.content[0].get("value", "")
        body = body or e.get("summary", "")
        text = fragment_text(cap_nesting(replace_surrogates(body)[0]), options=options) if "<" in body else body
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
        yield finish_document(doc, None, limits, f"{path}#{i}")


def _kind(path: Path, settings: dict) -> str:
    """warc, html, feed, jsonl or text, by extension; "x.jsonl.gz" is the kind of "x.jsonl"."""
    name = path.name.lower()
    inp = settings.get("input", {})
    for candidate in (name, name[:-3]) if name.endswith(".gz") else (name,):
        for kind in ("warc", "html", "feed", "jsonl"):
            if any(candidate.endswith(ext) for ext in inp.get(kind, [])):
                return kind
    return "text"


def _read_bytes(path: Path, limits: Limits) -> bytes:
    """A one-document file's bytes, expanded if gzipped; InputError("too_large") past max_bytes,
    found before more than max_bytes + 1 are held."""
    with open(path, "rb") as f:
        if not path.name.lower().endswith(".gz"):
            size = os.fstat(f.fileno()).st_size
            if size > limits.max_bytes:
                raise InputError("too_large", f"{size:,} bytes > {limits.max_bytes:,}")
            return f.read(limits.max_bytes)
        data = _stream(f, limits, gz=True).read_upto(limits.max_bytes + 1)
    if len(data) > limits.max_bytes:
        raise InputError("too_large", f"gzip expands to more than {limits.max_bytes:,} bytes (max_bytes)")
    return data


def _read_one(path: Path, kind: str, data: bytes, meta: dict, limits: Limits,
              options: MainTextOptions) -> Iterator[Document | Skipped]:
    """The documents of a text, HTML or feed file's bytes."""
    if kind == "feed" and (b"<rss" in data[:2000] or b"<feed" in data[:2000]):
        yield from _read_feed(path, data, limits, options)
        return
    text, enc, bad = decode_text(data, max_bad=limits.max_bad, max_control=limits.max_control,
                                 html=kind in ("html", "feed"))
    if kind in ("html", "feed"):
        doc = html_document(path.stem, text, str(path), options=options)
    else:
        doc = Document(id=path.stem, text=text, source=str(path))
    doc.encoding = enc
    doc.warnings += bad_bytes_warning(bad, enc)
    yield finish_document(doc, meta.get(path.name) or meta.get(path.stem), limits, str(path))


def read_file(path: Path, *, settings: dict, meta: dict) -> Iterator[Document | Skipped]:
    """Documents from one file; a file that cannot be read yields one `Skipped`."""
    limits, options = Limits.of(settings), MainTextOptions.of(settings)
    kind = _kind(path, settings)
    try:
        if kind == "warc":
            yield from _read_warc(path, limits, options)       # streamed; the size limit is per record
        elif kind == "jsonl":
            yield from _read_jsonl(path, meta, limits)   # streamed; the size limit is per record
        else:
            yield from _read_one(path, kind, _read_bytes(path, limits), meta, limits, options)
    except FileNotFoundError:
        yield Skipped(str(path), "missing", "deleted before it could be read")
    except InputError as e:
        yield Skipped(str(path), e.reason, e.detail)
    except OSError as e:
        yield Skipped(str(path), "unreadable", e.strerror or str(e))


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
    max_line = Limits.of(settings).max_bytes
    meta = load_manifest(Path(meta_file), max_line=max_line) if meta_file else {}
    manifests: dict[Path, dict] = {}
    for item in walk(paths):
        if isinstance(item, Skipped):
            yield item
            continue
        folder_meta = meta
        if not meta_file:
            m = item.parent / MANIFEST
            if item.parent not in manifests:
                manifests[item.parent] = load_manifest(m, max_line=max_line) if m.is_file() else {}
            folder_meta = manifests[item.parent]
        yield from read_file(item, settings=settings, meta=folder_meta)
