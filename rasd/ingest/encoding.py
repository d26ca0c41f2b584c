"""Bytes to text: UTF-8 (with or without BOM), windows-1256, ISO-8859-6, UTF-16.

Arabic single-byte encodings decode without error as each other, so the choice is
made by what the result looks like: the right one gives Arabic letters where the wrong
one gives accented Latin letters. Mojibake (UTF-8 read as Latin-1/cp1252 somewhere
upstream, "Ø§Ù„") is detected and repaired when the repair is clean.

A file is "binary" when it starts with a known file signature (PDF, ZIP, PNG, ...) or
when control bytes are a large share of its start; text with a few stray control
characters is text, and `clean_controls` blanks them. A file that is UTF-8 but for a
few damaged bytes is read as UTF-8 with those bytes replaced (U+FFFD), not re-read
whole in a single-byte encoding.
"""
from __future__ import annotations

import re

from rasd.errors import InputError

_ARABIC = re.compile(r"[\u0621-\u064a]")
_LATIN_ACCENTED = re.compile(r"[\u00c0-\u00ff]")
_MOJIBAKE = re.compile(r"(?:[ØÙÚÛ][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013-\u203a\u20ac\u2122]){3,}")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\ufffd]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")

# File signatures of formats that are never text, whatever the share of control bytes in
# their first block (a PDF's first KB is mostly ASCII). Only signatures that no text
# plausibly starts with.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "PDF"), (b"PK\x03\x04", "ZIP"), (b"PK\x05\x06", "ZIP"), (b"\x89PNG\r\n\x1a\n", "PNG"),
    (b"\xff\xd8\xff", "JPEG"), (b"GIF87a", "GIF"), (b"GIF89a", "GIF"), (b"\x7fELF", "ELF"),
    (b"\x1f\x8b", "gzip"), (b"BZh91AY&SY", "bzip2"), (b"\xfd7zXZ\x00", "xz"), (b"\x28\xb5\x2f\xfd", "zstd"),
    (b"7z\xbc\xaf\x27\x1c", "7z"), (b"Rar!\x1a\x07", "RAR"), (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "OLE2"),
    (b"SQLite format 3\x00", "SQLite"), (b"\x00asm", "WebAssembly"), (b"\xcf\xfa\xed\xfe", "Mach-O"),
    (b"\xca\xfe\xba\xbe", "Mach-O"), (b"OggS\x00", "Ogg"), (b"wOFF", "WOFF"), (b"wOF2", "WOFF2"),
)
# C0 controls but tab, line feed and carriage return, and DEL, as bytes: their share in the
# first block tells a binary file from text with stray control characters.
_CONTROL_BYTES = bytes([*range(0x00, 0x09), 0x0b, 0x0c, *range(0x0e, 0x20), 0x7f])
_SAMPLE = 65536
_ASCII = bytes(range(128))
# Control characters in decoded text: C0 but tab, line feed and carriage return; DEL; C1.
# The ones str.splitlines breaks at become a line feed (a paragraph boundary stays one),
# the others a space: one character for one, so the text keeps its length and no offset moves.
_LINE_CONTROLS = "\x0b\x0c\x1c\x1d\x1e\x85"
_CONTROL_TABLE = {c: (" " if chr(c) not in _LINE_CONTROLS else "\n")
                  for c in [*range(0x00, 0x09), 0x0b, 0x0c, *range(0x0e, 0x20), *range(0x7f, 0xa0)]}
_DROP_CONTROLS = dict.fromkeys(_CONTROL_TABLE)


def _score(text: str) -> int:
    return len(_ARABIC.findall(text)) - 3 * len(_LATIN_ACCENTED.findall(text))


def binary_reason(data: bytes, *, max_control: float = 0.10) -> str | None:
    """Why `data` is not text (a known signature, or too many control bytes), or None."""
    for magic, name in _MAGIC:
        if data.startswith(magic):
            return f"a {name} file, not text"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None         # UTF-16: half its bytes are NUL or 0x06, by design
    head = data[:_SAMPLE]
    control = len(head) - len(head.translate(None, _CONTROL_BYTES))
    if control > max_control * len(head):
        return f"{control} control bytes in the first {len(head)}: not text"
    return None


def looks_binary(data: bytes, *, max_control: float = 0.10) -> bool:
    return binary_reason(data, max_control=max_control) is not None


def fix_mojibake(text: str) -> tuple[str, bool]:
    """Repair UTF-8 that was decoded as cp1252/Latin-1; returns (text, repaired)."""
    if not _MOJIBAKE.search(text):
        return text, False
    for enc in ("cp1252", "latin-1"):
        try:
            fixed = text.encode(enc).decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
        if _score(fixed) > 0:
            return fixed, True
    return text, False


def clean_controls(text: str) -> tuple[str, int]:
    """`text` with each stray control character replaced by a space (or by a line feed for
    the ones that break lines), and how many there were. Same length: offsets hold."""
    n = len(text) - len(text.translate(_DROP_CONTROLS))
    return (text.translate(_CONTROL_TABLE), n) if n else (text, 0)


def replace_surrogates(text: str) -> tuple[str, int]:
    """Lone UTF-16 surrogates (a JSON "\\ud800" escape without its pair) as U+FFFD, and how
    many there were: a str holding one cannot be encoded to UTF-8, to store or to print.
    One code point for one: offsets hold."""
    return _SURROGATE.subn("\ufffd", text)


def _has_words(text: str) -> bool:
    """Natural text breaks into words: bytes decoded by a wrong single-byte table rarely do."""
    sample = text[:5000]
    return len(sample) < 200 or sum(ch.isspace() for ch in sample) / len(sample) > 0.04


def _checked(text: str, encoding: str, bad: int, max_bad: float) -> tuple[str, str, int]:
    """Decoded text, unless replacement characters are too large a share of it."""
    sample = text[:20000]
    replaced = sample.count("\ufffd")
    if replaced > max(1.0, max_bad * len(sample)):      # one is damage, not a wrong encoding
        raise InputError("undecodable", f"{replaced} replacement characters in the first {len(sample)}")
    return text, encoding, bad


def _mostly_utf8(data: bytes, max_bad: float) -> tuple[str, int] | None:
    """(text, bad sequences) when `data` is UTF-8 but for a few damaged bytes, else None.

    UTF-8 is self-checking: text in a single-byte encoding fails at nearly every non-ASCII
    byte, while a damaged UTF-8 file has many valid multi-byte characters for each bad byte.
    """
    text = data.decode("utf-8-sig", errors="replace")
    bad = text.count("\ufffd") - data.count("\ufffd".encode())
    high = len(data.translate(None, _ASCII))      # bytes 0x80-0xFF
    if bad <= 0 or high == 0:
        return None
    # non-ASCII characters decoded validly (ASCII bytes always decode to themselves)
    valid = len(text) - (len(data) - high) - bad
    if valid >= 10 * bad and bad <= max(1.0, max_bad * len(text)):
        return text, bad
    return None


def decode_text(data: bytes, *, max_bad: float = 0.02, max_control: float = 0.10) -> tuple[str, str, int]:
    """(text, encoding name, bytes sequences replaced by U+FFFD) or
    InputError("undecodable"|"binary"|"empty")."""
    if not data.strip():
        raise InputError("empty", "no text")
    why = binary_reason(data, max_control=max_control)
    if why:
        raise InputError("binary", why)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return _checked(data.decode("utf-16"), "utf-16", 0, max_bad)
        except UnicodeDecodeError:      # an odd length or a lone surrogate: damaged, not unreadable
            text = data.decode("utf-16", errors="replace")
            return _checked(text, "utf-16", text.count("\ufffd"), max_bad)
    try:
        return _checked(data.decode("utf-8-sig"), "utf-8", 0, max_bad)
    except UnicodeDecodeError:
        pass
    damaged = _mostly_utf8(data, max_bad)
    if damaged is not None:
        return _checked(damaged[0], "utf-8", damaged[1], max_bad)
    best: tuple[int, str, str] | None = None
    for enc in ("cp1256", "iso8859_6"):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        score = _score(text)
        if best is None or score > best[0]:
            best = (score, text, enc)
    if best is not None and best[0] > 0 and _has_words(best[1]):
        return best[1], best[2], 0
    from charset_normalizer import from_bytes
    match = from_bytes(data).best()
    if match is None:
        raise InputError("undecodable", "no encoding fits")
    text = str(match)
    if len(_CONTROL.findall(text)) > max_bad * max(1, len(text)) or not _has_words(text):
        raise InputError("undecodable", f"no encoding gives text with words (best guess {match.encoding})")
    return text, match.encoding, 0


def decode(data: bytes, *, max_bad: float = 0.02) -> tuple[str, str]:
    """(text, encoding name) or InputError("undecodable"|"binary"|"empty")."""
    text, encoding, _ = decode_text(data, max_bad=max_bad)
    return text, encoding
