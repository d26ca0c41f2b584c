"""The web app's words in Arabic and English (`strings.yaml`), and which language a request
asks for: Arabic unless `?lang=en` (remembered in a cookie) says otherwise.

The pages never hold a word of their own: every label goes through `Words`, so the two
languages cannot drift apart, and `load_words` refuses a file where a key lacks a language
or the two languages' `{placeholders}` differ.
"""
from __future__ import annotations

import re
import string
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from collections.abc import Mapping

import yaml

from rasd.errors import ConfigError

LANGS = ("ar", "en")
DEFAULT_LANG = "ar"
_FIELDS = re.compile(r"\{(\w+)\}")


@dataclass(frozen=True, slots=True)
class Words:
    """One language's words: `words("key", n=3)` is the label with its placeholders filled."""
    lang: str
    table: Mapping[str, str]

    @property
    def dir(self) -> str:
        return "rtl" if self.lang == "ar" else "ltr"

    def __call__(self, key: str, **values) -> str:
        text = self.table.get(key)
        if text is None:
            return key                       # a missing word shows its key rather than failing a page
        return string.Formatter().vformat(text, (), values) if values else text

    def has(self, key: str) -> bool:
        return key in self.table


def validate(data: object) -> dict[str, dict[str, str]]:
    """The table in `strings.yaml` ({key: {ar: ..., en: ...}}) → {lang: {key: text}}; raises
    `ConfigError` naming every key with a missing language or mismatched placeholders."""
    if not isinstance(data, dict):
        raise ConfigError("strings.yaml: expected a mapping of keys to {ar, en}")
    problems, out = [], {lang: {} for lang in LANGS}
    for key, entry in data.items():
        if not isinstance(entry, dict) or any(not isinstance(entry.get(lang), str) for lang in LANGS):
            problems.append(f"{key}: needs a text for each of {', '.join(LANGS)}")
            continue
        if len({frozenset(_FIELDS.findall(entry[lang])) for lang in LANGS}) > 1:
            problems.append(f"{key}: the languages' placeholders differ")
        for lang in LANGS:
            out[lang][str(key)] = entry[lang]
    if problems:
        raise ConfigError("strings.yaml: " + "; ".join(problems))
    return out


@lru_cache(maxsize=1)
def load_words() -> dict[str, Words]:
    text = resources.files("rasd.serve").joinpath("strings.yaml").read_text("utf-8")
    return {lang: Words(lang, table) for lang, table in validate(yaml.safe_load(text)).items()}


def pick_lang(asked: str | None, remembered: str | None) -> str:
    """The language for a request: `?lang=` first, then the cookie, then Arabic."""
    for value in (asked, remembered):
        if value in LANGS:
            return value
    return DEFAULT_LANG
