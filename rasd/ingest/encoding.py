"""Bytes to text: UTF-8 (with or without BOM), windows-1256, ISO-8859-6, UTF-16, and any
charset a server or a page declares.

The order (`decode_text`): a byte-order mark; the charset the transport declares, or for
HTML the page's own `<meta charset>`; valid UTF-8; windows-1256 or ISO-8859-6 only when
the bytes look Arabic (`looks_arabic`: Latin-1 or GB2312 bytes read as windows-1256 give
Arabic letters glued to Latin ones, or runs far longer than Arabic words); then a guess.
A declared single-byte charset is not believed over bytes that are valid multi-byte UTF-8
(servers default to "iso-8859-1"), nor a declared Latin-1 or windows-1252 over bytes that
look Arabic.

Arabic single-byte encodings decode without error as each other, so the choice between
them is made by what the result looks like: the right one gives Arabic letters where the
wrong one gives accented Latin letters. Mojibake (UTF-8 read as Latin-1/cp1252 somewhere
upstream, "Ø§Ù„") is detected and repaired when the repair is clean.

A file is "binary" when it starts with a known file signature (PDF, ZIP, PNG, ...) or
when control bytes are a large share of its start; text with a few stray control
characters is text, and `clean_controls` blanks them. A file that is UTF-8 but for a
few damaged bytes is read as UTF-8 with those bytes replaced (U+FFFD), not re-read
whole in a single-byte encoding.
"""
from __future__ import annotations

import codecs
import re

from rasd.errors import InputError

_ARABIC = re.compile(r"[\u0621-\u064a]")
_LATIN_ACCENTED = re.compile(r"[\u00c0-\u00ff]")
_MOJIBAKE = re.compile(r"(?:[ØÙÚÛ][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013-\u203a\u20ac\u2122]){3,}")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\ufffd]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")
_ARABIC_RUN = re.compile(r"[\u0621-\u064a\u0660-\u0669\u067e\u0686\u0698\u06af]+")
_LATIN_LETTER = re.compile(r"[A-Za-z]")
_SCRIPTS = re.compile(r"<(script|style)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_TAGS = re.compile(r"<[^>]*>")
# <meta charset="…"> or <meta http-equiv="Content-Type" content="…; charset=…">, in the
# first bytes of a page (browsers look at the first 1,024; pages put it later too).
_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.IGNORECASE)
_META_SCAN = 8192
# Charsets a declaration names loosely, as browsers read them (WHATWG Encoding): Latin-1 is
# windows-1252, GB2312 and GBK are GB18030, their supersets.
_AS_READ = {"latin_1": "cp1252", "iso8859_1": "cp1252", "ascii": "cp1252", "gb2312": "gb18030", "gbk": "gb18030",
            "iso8859_9": "cp1254", "iso8859_11": "cp874", "euc_kr": "cp949", "big5": "big5hkscs"}
_LATIN_DECLARED = {"cp1252", "iso8859_15"}

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
_ANY_CONTROL = re.compile("[" + "".join(re.escape(chr(c)) for c in _CONTROL_TABLE) + "]")


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
    # (the substring tests first: each is a fast scan, the regex a slow one, on every document)
    if not ("Ø" in text or "Ù" in text or "Ú" in text or "Û" in text) or not _MOJIBAKE.search(text):
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
    if not _ANY_CONTROL.search(text):
        return text, 0      # the common case, found by a regex scan (a translate costs ten times more)
    n = len(text) - len(text.translate(_DROP_CONTROLS))
    return (text.translate(_CONTROL_TABLE), n) if n else (text, 0)


def replace_surrogates(text: str) -> tuple[str, int]:
    """Lone UTF-16 surrogates (a JSON "\\ud800" escape without its pair) as U+FFFD, and how
    many there were: a str holding one cannot be encoded to UTF-8, to store or to print.
    One code point for one: offsets hold."""
    return _SURROGATE.subn("\ufffd", text)


def _has_words(text: str, *, html: bool = False) -> bool:
    """Natural text breaks into words: bytes decoded by a wrong single-byte table rarely do.
    Sampled at the start and in the middle; a page's scripts, styles and tags left out
    (minified script has few spaces)."""
    if html:
        text = _TAGS.sub(" ", _SCRIPTS.sub(" ", text))
    half = len(text) // 2
    sample = text[:5000] + text[half:half + 5000] if len(text) > 10000 else text
    return len(sample) < 200 or sum(ch.isspace() for ch in sample) / len(sample) > 0.04


def looks_arabic(text: str) -> bool:
    """Is `text` (bytes decoded as windows-1256 or ISO-8859-6) Arabic? Arabic words are runs
    of 2-12 letters between spaces and Latin letters; Latin-1 bytes read that way give single
    "letters" inside Latin words ("Mأ¤scot"), and two-byte Chinese gives long unbroken runs."""
    runs = _ARABIC_RUN.findall(text[:20000])
    letters = sum(len(r) for r in runs)
    if letters < 3 or letters < 3 * len(_LATIN_ACCENTED.findall(text[:20000])):
        return False
    mean = letters / len(runs)
    if not 2.5 <= mean <= 12:
        return False
    # Runs glued to a Latin letter on either side: mixed-script words that Arabic text lacks.
    sample = text[:20000]
    glued = sum(1 for m in _ARABIC_RUN.finditer(sample)
                if (m.start() and _LATIN_LETTER.match(sample[m.start() - 1])) or
                (m.end() < len(sample) and _LATIN_LETTER.match(sample[m.end()])))
    return glued <= 0.1 * len(runs)


def codec_name(label: str | None) -> str | None:
    """Python's codec for a declared charset label, as a browser reads it; None if unknown."""
    if not label:
        return None
    try:
        name = codecs.lookup(label.strip().strip("\"'")).name.replace("-", "_")
    except LookupError:
        return None
    return _AS_READ.get(name, name)


def meta_charset(data: bytes) -> str | None:
    """The charset a page declares in its first bytes (`<meta charset>`), or None."""
    m = _META_CHARSET.search(data, 0, _META_SCAN)
    return m.group(1).decode("ascii", "replace") if m else None


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


def decode_text(data: bytes, *, max_bad: float = 0.02, max_control: float = 0.10,
                declared: str | None = None, html: bool = False) -> tuple[str, str, int]:
    """(text, encoding name, bytes sequences replaced by U+FFFD) or
    InputError("undecodable"|"binary"|"empty").

    `declared`: the charset the transport gives (an HTTP Content-Type, a WARC record's
    headers); `html`: look for the page's own `<meta charset>` when there is none.
    """
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
    if data.startswith(b"\xef\xbb\xbf"):
        declared, html = "utf-8", False
    got = _as_declared(data, codec_name(declared or (meta_charset(data) if html else None)), max_bad)
    if got is not None:
        return got
    try:
        return _checked(data.decode("utf-8-sig"), "utf-8", 0, max_bad)
    except UnicodeDecodeError:
        pass
    damaged = _mostly_utf8(data, max_bad)
    if damaged is not None:
        return _checked(damaged[0], "utf-8", damaged[1], max_bad)
    arabic = _arabic_single_byte(data)
    if arabic is not None:
        return arabic
    from charset_normalizer import from_bytes
    match = from_bytes(data).best()
    if match is None:
        raise InputError("undecodable", "no encoding fits")
    text = str(match)
    if len(_CONTROL.findall(text)) > max_bad * max(1, len(text)) or not _has_words(text, html=html):
        raise InputError("undecodable", f"no encoding gives text with words (best guess {match.encoding})")
    return text, match.encoding, 0


def _as_declared(data: bytes, codec: str | None, max_bad: float) -> tuple[str, str, int] | None:
    """The bytes read in the charset declared for them, when it is believable; else None
    (and the usual order decides)."""
    if codec is None or codec in ("utf_16", "utf_16_le", "utf_16_be"):
        return None                     # a UTF-16 declaration on bytes without a BOM is a lie
    if codec in ("utf_8", "utf_8_sig"):
        return None                     # the usual order reads UTF-8, damaged or not
    if _is_multibyte_utf8(data):
        return None                     # valid multi-byte UTF-8 is UTF-8, whatever the label
    if codec in _LATIN_DECLARED and _arabic_single_byte(data) is not None:
        return None                     # an Arabic page behind a server's default label
    try:
        text = data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None
    if codec in ("cp1256", "iso8859_6"):
        return None if not looks_arabic(text) else (text, codec, 0)
    return _checked(text, codec, 0, max_bad) if not _CONTROL.search(text[:20000]) else None


def _is_multibyte_utf8(data: bytes) -> bool:
    if len(data.translate(None, _ASCII)) == 0:
        return False
    try:
        data.decode("utf-8")
        return True
    except UnicodeDecodeError:
        return False


def _arabic_single_byte(data: bytes) -> tuple[str, str, int] | None:
    """(text, "cp1256" or "iso8859_6", 0) when the bytes look Arabic in one of them, else None."""
    best: tuple[int, str, str] | None = None
    for enc in ("cp1256", "iso8859_6"):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        score = _score(text)
        if best is None or score > best[0]:
            best = (score, text, enc)
    if best is not None and best[0] > 0 and _has_words(best[1]) and looks_arabic(best[1]):
        return best[1], best[2], 0
    return None


def decode(data: bytes, *, max_bad: float = 0.02) -> tuple[str, str]:
    """(text, encoding name) or InputError("undecodable"|"binary"|"empty")."""
    text, encoding, _ = decode_text(data, max_bad=max_bad)
    return text, encoding
