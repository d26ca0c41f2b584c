"""Whole-word matching of many word forms at once, with Arabic clitics.

A regex alternation of hundreds of forms is slow in Python's `re` (it is tried at every
position); an Aho-Corasick automaton finds every occurrence in one C pass. A hit counts
when the rest of its word is an allowed proclitic run before it (و ف س ب ل ك ال …) and an
allowed ending after it (ه ها هم ت وا ون ين …). `spans` gives matches as tuples (the
document-wide passes want thousands); `finditer`, `search`, `match` give objects with the
small interface of `re.Match` that the event code uses: start(), end(), group(0|1).
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator

from rasd.text.keywords import Hits, KeywordSet
from rasd.text.normalize import Normalized, norm

# Proclitic runs: conjunction, then future/preposition/article.
PREFIXES = frozenset(c + p for c in ("", "و", "ف")
                     for p in ("", "س", "ب", "ل", "لل", "ال", "بال", "ك", "كال", "وال"))
SUFFIXES = frozenset({"", "ه", "ها", "هم", "هما", "هن", "ت", "ا", "وا", "ون", "ين", "ان", "ات", "تها",
                      "ته", "تهم", "نا", "كم", "ي", "تا", "تان", "تين"})


_PRONOUNS = frozenset({"ه", "ها", "هم", "هما", "هن", "ي", "نا", "كم"})


class WordMatch:
    __slots__ = ("_start", "_end", "form", "word_start")

    def __init__(self, start: int, end: int, form: str, word_start: int):
        self._start, self._end, self.form, self.word_start = start, end, form, word_start

    def start(self) -> int:
        return self.word_start

    def end(self) -> int:
        return self._end

    def group(self, n: int = 0) -> str:
        return self.form   # group(0) and group(1) alike: callers use the bare form

    def __repr__(self) -> str:
        return f"<WordMatch {self.form!r} {self.word_start}:{self._end}>"


def _LONGEST_FIRST(span: tuple[int, int, str, int]) -> tuple[int, int]:
    return span[0], span[0] - span[1]


class WordMatcher:
    """Finds any of `words` (normalized) as whole words, clitics allowed unless `clitics=False`."""

    def __init__(self, words: Iterable[str], *, clitics: bool = True):
        self.clitics = clitics
        self.forms = {norm(w).lower() for w in words if w and norm(w)}
        table = {f: f for f in self.forms}
        # A noun in ة (normalized ه) is written with ت before a pronoun: "دعوة" → "دعوتها",
        # "زيارة" → "زيارته". The twin form reports the listed one (same length).
        for f in self.forms:
            if f.endswith("ه") and len(f) > 2:
                table.setdefault(f[:-1] + "ت", f)
        self.keywords = KeywordSet(table)

    def spans(self, text: str, pos: int = 0, endpos: int | None = None, *, overlapping: bool = False,
              found: Hits | None = None) -> list[tuple[int, int, str, int]]:
        """(word start, word end, form, form start) of every match inside text[pos:endpos]:
        the longest at each place, unless `overlapping`. `found`: the keyword hits of the
        whole of `text` when known (then pos = 0 and endpos = len(text))."""
        endpos = len(text) if endpos is None else endpos
        cands: list[tuple[int, int, str, int]] = []
        if not self.forms:
            return cands
        clitics = self.clitics
        for last, form in self.keywords.scan(text, pos, endpos) if found is None else found:
            end = last + 1
            start = end - len(form)
            if start == pos or not text[start - 1].isalnum():
                ws, prefix = start, ""                  # the common case: the hit starts the word
            else:
                ws = start - 1
                while ws > pos and text[ws - 1].isalnum() and start - ws < 5:
                    ws -= 1
                if ws > pos and text[ws - 1].isalnum():
                    continue
                prefix = text[ws:start]
            if end == endpos or not text[end].isalnum():
                we, suffix = end, ""
            else:
                we = end + 1
                while we < endpos and text[we].isalnum() and we - end < 4:
                    we += 1
                if we < endpos and text[we].isalnum():
                    continue
                suffix = text[end:we]
            if text[end - 1] != form[-1] and suffix not in _PRONOUNS:
                continue    # the ت twin of a form in ة stands only before a pronoun
            if clitics:
                if (prefix and prefix not in PREFIXES) or (suffix and suffix not in SUFFIXES):
                    continue
            elif prefix or suffix:
                continue
            cands.append((ws, we, form, start))
        if len(cands) < 2 or overlapping:
            return cands
        cands.sort(key=_LONGEST_FIRST)
        out, last_end = [], -1
        for c in cands:
            if c[0] >= last_end:
                out.append(c)
                last_end = c[1]
        return out

    def _hits(self, text: str, pos: int, endpos: int, *, overlapping: bool = False) -> list[WordMatch]:
        return [WordMatch(start, we, form, ws) for ws, we, form, start in
                self.spans(text, pos, endpos, overlapping=overlapping)]

    def document_spans(self, n: Normalized, *, overlapping: bool = False) -> list[tuple[int, int, str, int]]:
        """`spans` of a document's normalized text, from the pipeline's keyword pass when it ran."""
        return self.spans(n.text, overlapping=overlapping, found=self.keywords.hits(n))

    def finditer(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[WordMatch]:
        return iter(self._hits(text, pos, len(text) if endpos is None else min(endpos, len(text))))

    def search(self, text: str, pos: int = 0, endpos: int | None = None) -> WordMatch | None:
        hits = self._hits(text, pos, len(text) if endpos is None else min(endpos, len(text)))
        return hits[0] if hits else None

    def match(self, text: str, pos: int = 0) -> WordMatch | None:
        m = self.search(text, pos, min(len(text), pos + 60))
        return m if m is not None and m.word_start == pos else None
