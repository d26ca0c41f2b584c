"""Tokens with their clitics split off: "وبيونغ" → و + بيونغ, "بالأسلحة" → بال + اسلحه.

Arabic glues conjunctions (و ف), prepositions (ب ل ك), the future particle (س) and the
article (ال) to the front of a word, and object or possessive pronouns to its end. Without
a morphological analyser, a bare rule over-strips ("وزير" is not و + زير), so a candidate
split is kept only when the stem is a word rasd knows (a name, title, trigger, item or
number word) and the unsplit word is not. Segmentations are memoized per word form, so
a corpus pays for each distinct word once.

The stage `tokenize` is not in the default `extract` pipeline (events do not need it);
add "tokens" to `[pipeline] stages` to get `doc.tokens`.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from functools import lru_cache
from itertools import accumulate

import numpy as np

from rasd.model import Document, Token

# Words are runs of \w (letters, digits; "_" too, which Arabic news does not use).
_GAP_SPLIT = re.compile(r"(\W+)")
_MARK_RUN = re.compile("[\u064b-\u065f\u0670\u0640]+")
# Shortest first: the split that strips least and still finds a known stem wins.
PROCLITICS = tuple(sorted({c + p for c in ("", "و", "ف") for p in ("", "ب", "ل", "ك", "س", "ال", "بال", "لل", "كال")}
                          - {""}, key=len))
# Pronouns, then verb and noun inflections ("أرسلت", "يقاتلون").
ENCLITICS = ("هما", "كما", "هم", "هن", "كم", "نا", "ها", "ه", "ك", "ي", "تها", "ته", "ت", "وا", "ون", "ين", "ان", "ات", "ا")


@lru_cache(maxsize=1)
def vocabulary() -> frozenset[str]:
    """Every normalized word that rasd's lexicons and knowledge base contain."""
    from rasd.events.lexicon import lexicon
    from rasd.kb.match import default_matcher
    words: set[str] = set()
    inner: set[str] = set()     # words of multi-word names: "للكرملين" in "مجلس الأمن التابع للكرملين"
    firsts: set[str] = set()    # words that start a name: what a clitic may be glued to
    for key, patterns in default_matcher().keywords.table.items():
        if all(p.lam for p in patterns):        # "لكرملين" is a matching device, not a word
            continue
        parts = key.split()
        firsts.add(parts[0])
        (words if len(parts) == 1 else inner).update(parts)
    lex = lexicon()
    for form in list(lex.form_groups) + list(lex.cue_names):
        words.update(form.split())
    from rasd.text.numbers import lexicon as numbers
    nl = numbers()
    words.update(nl.units, nl.scales, nl.plurals)
    # An inner word joins the vocabulary unless it is another known word with a clitic on it.
    def clitic_form(w: str) -> bool:
        if w in firsts:                 # "بيونغ" starts "بيونغ يانغ": a word, not ب + يونغ
            return False
        return any(w.startswith(p) and (w[len(p):] in firsts or "ال" + w[len(p):] in firsts)
                   for p in PROCLITICS if len(w) - len(p) >= 2)
    words.update(w for w in inner if not clitic_form(w))
    return frozenset(w for w in words if len(w) >= 2)


class Segmenter:
    """Splits normalized words into (prefix, stem, suffix); memoized per form."""

    def __init__(self, known: frozenset[str]):
        self.known = known
        self.memo: dict[str, tuple[str, str, str]] = {}

    def split(self, word: str) -> tuple[str, str, str]:
        got = self.memo.get(word)
        if got is None:
            got = self._split(word)
            if len(self.memo) < 200_000:
                self.memo[word] = got
        return got

    def split_all(self, words: list[str]) -> list[tuple[str, str, str]]:
        """`split` for every word: memo lookups at C speed, the rare new form computed."""
        got = list(map(self.memo.get, words))
        if None in got:
            got = [s if s is not None else self.split(w) for s, w in zip(got, words)]
        return got

    def _split(self, word: str) -> tuple[str, str, str]:
        if word in self.known or not word[:1].isalpha() or word.isascii():
            return "", word, ""
        for pre in PROCLITICS:
            rest = word[len(pre):]
            if not word.startswith(pre) or len(rest) < 2:
                continue
            # "لل" is ل + ال: the stem may be known with its article ("للكرملين" → الكرملين)
            for stem in (rest, "ال" + rest) if pre.endswith("لل") else (rest,):
                if stem in self.known:
                    return pre, stem, ""
                for suf in ENCLITICS:
                    if stem.endswith(suf) and stem[:-len(suf)] in self.known:
                        return pre, stem[:-len(suf)], suf
        for suf in ENCLITICS:
            if word.endswith(suf) and word[:-len(suf)] in self.known:
                return "", word[:-len(suf)], suf
        return "", word, ""


@lru_cache(maxsize=1)
def default_segmenter() -> Segmenter:
    return Segmenter(vocabulary())


class TokenList(Sequence[Token]):
    """The tokens of a document, stored as parallel lists; a `Token` is made when asked for
    (a document has hundreds of tokens and most uses read only a few)."""

    def __init__(self, starts: list[int], ends: list[int], forms: list[str], splits: list[tuple[str, str, str]]):
        self.starts, self.ends, self.forms, self.splits = starts, ends, forms, splits

    def __len__(self) -> int:
        return len(self.starts)

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        pre, stem, suf = self.splits[i]
        return Token(self.starts[i], self.ends[i], self.forms[i], stem, pre, suf)


@lru_cache(maxsize=1)
def _word_chars() -> np.ndarray:
    """True for the code points of the Basic Multilingual Plane that regex \\w matches."""
    return np.array([chr(i).isalnum() or i == 0x5F for i in range(0x10000)], dtype=bool)


_NONE = np.zeros(1, dtype=bool)


def _word_runs(text: str) -> tuple[list[str], np.ndarray, np.ndarray]:
    """`word_spans` with numpy offsets."""
    units = text.encode("utf-16-le", "surrogatepass")
    if len(units) != 2 * len(text):            # beyond the table (emoji …): the regex way
        pieces = _GAP_SPLIT.split(text)          # word, gap, word, …, word ("" at either end)
        offsets = list(accumulate(map(len, pieces), initial=0))
        keep = [i for i in range(0, len(pieces), 2) if pieces[i]]
        return ([pieces[i] for i in keep], np.array([offsets[i] for i in keep], dtype=np.int64),
                np.array([offsets[i + 1] for i in keep], dtype=np.int64))
    codes = np.frombuffer(units, dtype=np.uint16)
    is_word = _word_chars()[codes]
    edges = np.flatnonzero(np.diff(np.concatenate((_NONE, is_word, _NONE))))
    # Every other character made a space: str.split then cuts exactly the word runs.
    spaced = np.where(is_word, codes, np.uint16(32)).tobytes().decode("utf-16-le", "surrogatepass")
    return spaced.split(), edges[0::2], edges[1::2]


def word_spans(text: str) -> tuple[list[str], list[int], list[int]]:
    """The runs of word characters (regex \\w+) of `text`: forms, starts, ends. Found with a
    numpy table of the code points: the regex engine checks each character at ~20 ns."""
    forms, starts, ends = _word_runs(text)
    return forms, starts.tolist(), ends.tolist()


def tokenize(doc: Document) -> Document:
    """Stage: set `doc.tokens` (needs the normalized text)."""
    n, seg = doc.norm, default_segmenter()
    forms, starts, norm_ends = _word_runs(n.text)
    starts, ends = n.array_to_orig(starts), n.array_to_orig(norm_ends, ends=True)
    norm_ends = norm_ends.tolist()
    for at, drop_start, drop_end in n.drops():   # a final vowel mark or tatweel belongs to the word
        i = bisect_left(norm_ends, at)
        if i < len(norm_ends) and norm_ends[i] == at:
            m = _MARK_RUN.match(doc.text, drop_start, drop_end)
            if m:
                ends[i] = m.end()
    doc.tokens = TokenList(starts, ends, forms, seg.split_all(forms))
    return doc
