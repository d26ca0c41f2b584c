"""Which language a document is in: Arabic, English, or the language it clearly is.

1. Arabic letters make up a large share of the text's letters: "ar" (as rasd always did;
   Persian and Urdu pages are "ar" too, for now).
2. The function words of language.yaml: the language whose words make up a clear share of
   the text's words, well ahead of the next one.
3. Otherwise resiliparse's n-gram detector (101 languages) where its answer stands clear of
   its second guess (Russian, Greek, Chinese … have no word list here); else the language
   the page declares (`<html lang>`) when there is one; a few unaccented Latin words
   (a headline) stay "en", as rasd always read them; anything else is "other".

~0.05 ms a document. Nothing is downloaded: the word lists ship with rasd, the n-gram
profiles with resiliparse.
"""
from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from importlib import resources

import yaml

from rasd.errors import ConfigError

OTHER = "other"
_WORD = re.compile(r"[^\W\d_]+")
_SAMPLE = 1500           # characters looked at
_MIN_WORDS = 4           # below this, a text says too little to tell
_MIN_CHARS = 20          # ... unless it is this long (Chinese and Japanese have no spaces)
_SHARE = 0.12            # function words of the best language among the text's words, at least
_LEAD = 1.4              # ... and this many times the next language's
_NGRAM_MARGIN = 20       # resiliparse: a clear answer is this much closer than the second
_NOT_A_TO_Z = bytes(c for c in range(256) if not 65 <= c <= 122)


def _validate(data: object) -> list[str]:
    if not isinstance(data, dict) or not data:
        return ["language.yaml: a mapping of language code to a list of words expected"]
    return [f"language.yaml: {code}: a non-empty list of lowercase words expected" for code, words in data.items()
            if not (isinstance(code, str) and isinstance(words, list) and words
                    and all(isinstance(w, str) and w == w.lower() for w in words))]


@lru_cache(maxsize=1)
def function_words() -> dict[str, frozenset[str]]:
    data = yaml.safe_load(resources.files("rasd.ingest").joinpath("language.yaml").read_text("utf-8"))
    problems = _validate(data)
    if problems:
        raise ConfigError("; ".join(problems))
    return {code: frozenset(words) for code, words in data.items()}


@lru_cache(maxsize=1)
def _languages_of() -> dict[str, tuple[str, ...]]:
    """Function word → the languages it is a function word of: a text's words are then
    looked up once, not once per language (a third of the cost)."""
    out: dict[str, tuple[str, ...]] = {}
    for code, words in function_words().items():
        for w in words:
            out[w] = out.get(w, ()) + (code,)
    return out


def is_arabic(text: str) -> bool:
    """Arabic letters are more than 30% of the letters at the start of `text`."""
    sample = text[:2000].encode("utf-8")
    # Arabic letters are two bytes with a lead byte D8–DB in UTF-8: counting those is C-fast,
    # and so is counting the bytes A-z (by deleting the others).
    arabic = sum(sample.count(lead) for lead in (b"\xd8", b"\xd9", b"\xda", b"\xdb"))
    letters = arabic + len(sample[:400].translate(None, _NOT_A_TO_Z))
    return arabic / max(1, letters) > 0.3


def identify(text: str, *, declared: str | None = None) -> str:
    """An ISO 639-1 code ("ar", "en", "de" …) or "other" (see the module's docstring)."""
    if is_arabic(text):
        return "ar"
    words = _WORD.findall(text[:_SAMPLE].lower())
    if len(words) >= _MIN_WORDS:
        seen = Counter(words)
        hits = dict.fromkeys(function_words(), 0)
        languages_of = _languages_of()
        for w, n in seen.items():
            for code in languages_of.get(w, ()):
                hits[code] += n
        ranked = sorted(((n, code) for code, n in hits.items()), reverse=True)
        (best, code), (second, _) = ranked[0], ranked[1]
        if best >= _SHARE * len(words) and best >= _LEAD * second:
            return code
    guess = _ngram_guess(text[:_SAMPLE]) if len(words) >= _MIN_WORDS or len(text) >= _MIN_CHARS else None
    if guess:
        return guess
    declared = (declared or "").lower()[:2]
    if declared.isalpha() and len(declared) == 2:
        return declared
    # Too little to tell: unaccented Latin words (a headline, a name) are most likely English
    # among rasd's inputs, as rasd always read them; anything else is not guessed at.
    return "en" if all(w.isascii() for w in words) else OTHER


def _ngram_guess(text: str) -> str | None:
    try:
        from resiliparse.parse.lang import detect_fast
        ranked = detect_fast(text, n_results=2)
    except Exception:       # an optional help: its absence or failure leaves "other"
        return None
    if isinstance(ranked, tuple):
        ranked = [ranked]
    if not ranked or ranked[0][0] == "unknown":
        return None
    if len(ranked) > 1 and ranked[1][1] - ranked[0][1] < _NGRAM_MARGIN:
        return None
    return ranked[0][0]
