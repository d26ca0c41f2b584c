"""Wire datelines: where a story was filed, and by which agency, at the head of a paragraph.

"KHARTOUM, Sudan (AP) — Sudan's army accused …", "TAIPEI, Oct 26 (Reuters) - The U.S. …",
"NEW DELHI, May 8 (AP) — India launched …", "الخرطوم – رويترز", "موسكو - (أ ف ب)",
"أديس أبابا (رويترز) - قالت الحكومة …", "بكين، 3 مايو - ", "صنعاء - «الشرق الأوسط»".

The city, country, date and agency there say nothing of who did what: a capital is not its
government, the agency not an actor, "Oct 26" not a count. `dateline_spans(text)` gives the
spans (original offsets) of the datelines that open a paragraph, for the stages that must
look past them (entities, numbers).
"""
from __future__ import annotations

import re

# English: a city in capitals, then a state or country, a date, the agency in brackets, a dash.
# Something besides the city must be there (a country, a date, an agency) unless the city has
# five capitals or more ("WASHINGTON —"): "UN - Security Council" opens no dateline.
_EN = re.compile(
    r"(?m)^[ \t]*(?=[A-Z][A-Z.'\-]{4,}(?:[ \t][A-Z][A-Z.'\-]+)*[ \t]+[-–—][ \t]|[A-Z.'\- ]+(?:,|[ \t]*\())"
    r"[A-Z][A-Z.'\-]+(?:[ \t][A-Z][A-Z.'\-]+){0,3}"                      # KHARTOUM, NEW DELHI, ST. PETERSBURG
    r"(?:,[ \t]*[A-Z][a-z]+\.?(?:[ \t][A-Z][a-z]+){0,2})?"               # , Sudan / , Calif.
    r"(?:,?[ \t]*[A-Z][a-z]{2,8}\.?[ \t]\d{1,2}(?:,[ \t]*\d{4})?)?"       # , Oct 26 / May 8, 2025
    r"(?:[ \t]*\([A-Za-z][A-Za-z .&/-]{0,30}\))?"                        # (Reuters) (AP)
    r"[ \t]+[-–—][ \t]+")
# Arabic: one to three words of a city, an agency in brackets or guillemets (or a line of its
# own after the dash), a date after a comma, a dash.
_AR_CITY = r"[\u0621-\u064a]+(?:[ \t][\u0621-\u064a]+){0,2}"
_AR_AGENCY = r"(?:\([^()\n]{1,30}\)|«[^«»\n]{1,30}»|\"[^\"\n]{1,30}\")"
_AR_DATE = r"(?:[،,][ \t]*\d{1,2}[ \t][\u0621-\u064a]+(?:[ \t]*/[ \t]*[\u0621-\u064a]+)?(?:[ \t]\d{4})?[ \t]*)"
_AR = re.compile(
    rf"(?m)^[ \t]*(?:{_AR_AGENCY}[ \t]*)?{_AR_CITY}[ \t]*"
    rf"(?:{_AR_AGENCY}[ \t]*[-–—][ \t]*"                         # أديس أبابا (رويترز) -
    rf"|{_AR_DATE}[-–—][ \t]*"                                   # بكين، 3 مايو -
    rf"|[-–—][ \t]*{_AR_AGENCY}[ \t]*(?=\n|$)"                   # موسكو - (أ ف ب)
    rf"|[-–—][ \t]*[\u0621-\u064a]+(?:[ \t][\u0621-\u064a]+){{0,2}}[ \t]*(?=\n|$)"   # الخرطوم – رويترز
    rf"|[-–—][ \t]*{_AR_AGENCY}[ \t]*[-–—]?[ \t]*)")             # صنعاء - «الشرق الأوسط» -
_HEAD = 80      # a dateline is short: it ends this near the start of its line


_DASH = re.compile("[-–—]")


def dateline_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each dateline opening a line of `text`, in order. Only the lines with a
    dash near their start are tried (found from the dashes: most lines have none)."""
    out = []
    tried = -1
    for dash in _DASH.finditer(text):
        pos = text.rfind("\n", 0, dash.start()) + 1
        if pos == tried or dash.start() - pos > _HEAD:
            continue
        tried = pos
        for rx in (_EN, _AR):
            m = rx.match(text, pos)
            if m is not None and m.end() - m.start() <= _HEAD and m.group().strip():
                out.append((m.start(), m.end()))
                break
    return out


def document_datelines(doc) -> list[tuple[int, int]]:
    """`dateline_spans` of a document's text (original offsets), found once for every stage."""
    memo = doc.norm.memo
    got = memo.get("datelines")
    if got is None:
        got = memo["datelines"] = dateline_spans(doc.text)
    return got
