"""Bytes to text: UTF-8 (with or without BOM), windows-1256, ISO-8859-6, UTF-16.

Arabic single-byte encodings decode without error as each other, so the choice is
made by what the result looks like: the right one gives Arabic letters where the wrong
one gives accented Latin letters. Mojibake (UTF-8 read as Latin-1/cp1252 somewhere
upstream, "Ø§Ù„") is detected and repaired when the repair is clean.
"""
from __future__ import annotations

import re

from rasd.errors import InputError

_ARABIC = re.compile(r"[\u0621-\u064a]")
_LATIN_ACCENTED = re.compile(r"[\u00c0-\u00ff]")
_MOJIBAKE = re.compile(r"(?:[ØÙÚÛ][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013-\u203a\u20ac\u2122]){3,}")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\ufffd]")


def _score(text: str) -> int:
    return len(_ARABIC.findall(text)) - 3 * len(_LATIN_ACCENTED.findall(text))


def looks_binary(data: bytes) -> bool:
    head = data[:8192]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False
    return b"\x00" in head


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


def _has_words(text: str) -> bool:
    """Natural text breaks into words: bytes decoded by a wrong single-byte table rarely do."""
    sample = text[:5000]
    return len(sample) < 200 or sum(ch.isspace() for ch in sample) / len(sample) > 0.04


def _text(text: str, encoding: str, max_bad: float) -> tuple[str, str]:
    """Decoded text, unless it is mostly control characters (a binary file that happens to decode)."""
    sample = text[:20000]
    bad = len(_CONTROL.findall(sample))
    if bad > max_bad * max(1, len(sample)):
        raise InputError("binary", f"{bad} control characters in the first {len(sample)}: not text")
    return text, encoding


def decode(data: bytes, *, max_bad: float = 0.02) -> tuple[str, str]:
    """(text, encoding name) or InputError("undecodable"|"binary"|"empty")."""
    if not data.strip():
        raise InputError("empty", "no text")
    if looks_binary(data):
        raise InputError("binary", "NUL bytes: not a text file")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _text(data.decode("utf-16"), "utf-16", max_bad)
    try:
        return _text(data.decode("utf-8-sig"), "utf-8", max_bad)
    except UnicodeDecodeError:
        pass
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
        return best[1], best[2]
    from charset_normalizer import from_bytes
    match = from_bytes(data).best()
    if match is None:
        raise InputError("undecodable", "no encoding fits")
    text = str(match)
    if len(_CONTROL.findall(text)) > max_bad * max(1, len(text)) or not _has_words(text):
        raise InputError("undecodable", f"no encoding gives text with words (best guess {match.encoding})")
    return text, match.encoding
