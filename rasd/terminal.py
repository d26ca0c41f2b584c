"""Text from articles, file names and manifests made safe to print on a terminal.

Article text is written by strangers. Printed raw it can clear the screen (ESC[2J), retitle
the window (OSC 0), plant live hyperlinks (OSC 8), reverse a line's direction (U+202E) or —
read as Rich markup — break the table around it (`[/bold]`). Everything the CLI prints that
came from outside goes through `safe` (and is never parsed as markup); `field` also flattens
it to one line for tab-separated output in a pipe.
"""
from __future__ import annotations

import re

# Whole escape sequences first, so no half of one survives: CSI (ESC [ … final byte), OSC
# (ESC ] … BEL or ST, or unterminated to the end), DCS/SOS/PM/APC strings, two-byte escapes,
# and their 8-bit C1 forms.
_SEQUENCE = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]?"
    r"|\x1b\][^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"
    r"|\x1b[PX^_][^\x1b\x9c]*(?:\x1b\\|\x9c)?"
    r"|\x1b[ -~]?"
    r"|\x9b[0-?]*[ -/]*[@-~]?"
    r"|[\x90\x98\x9d\x9e\x9f][^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?")
# Other C0/C1 controls (tab and newline are kept by `safe`), and the bidi controls that
# embed, override or isolate a direction: they can make a line read backwards. The marks
# (LRM U+200E, RLM U+200F, ALM U+061C) only nudge neutral characters next to Arabic and stay.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_SPACE = re.compile(r"[\t\n\r\f\v\u2028\u2029]+")


def safe(text: object) -> str:
    """`text` with escape sequences removed and other control characters shown as U+FFFD
    (so a reader sees that something was there); tabs and newlines kept."""
    s = _SEQUENCE.sub("", str(text))
    return _CONTROL.sub(_replacement, s)


def _replacement(m: re.Match) -> str:
    c = m.group()
    if c == "\r":
        return "\n"
    return "" if "\u202a" <= c <= "\u2069" else "\ufffd"


def field(text: object) -> str:
    """One tab-separated field: `safe`, on one line, with no tab in it."""
    if text is None:
        return ""
    return _SPACE.sub(" ", safe(text)).strip()


def line(*fields: object) -> str:
    """A record for a pipe: fields joined by tabs, one line."""
    return "\t".join(field(f) for f in fields) + "\n"
