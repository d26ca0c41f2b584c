"""Keyword lists found in the normalized text, all in one pass.

Four stages look for five keyword lists in a document's normalized text: date words,
number words, knowledge-base names, event triggers and claim cues. An Aho-Corasick
automaton costs about the same per character whatever it holds (~20 ns with
pyahocorasick), so five passes over a 4 KB article cost ~0.27 ms and one pass over an
automaton holding every list ~0.1 ms. The pipeline's `keywords` stage runs that one pass (a `Scanner`) and leaves
each list's hits on the document's `Normalized`; a list asked for hits that no pass left
scans the text with its own automaton, so every stage also works alone, with the same hits.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import cached_property

import ahocorasick

from rasd.text.normalize import Normalized

Hits = list[tuple[int, object]]   # (offset of the key's last character, the key's value)


class KeywordSet:
    """Normalized keys, each with a value handed back with its hits (a pattern, a length …)."""

    def __init__(self, table: Mapping[str, object]):
        self.table = dict(table)

    @cached_property
    def automaton(self) -> ahocorasick.Automaton:
        automaton = ahocorasick.Automaton()
        for key, value in self.table.items():
            automaton.add_word(key, value)
        automaton.make_automaton()
        return automaton

    def scan(self, text: str, pos: int = 0, endpos: int | None = None) -> Hits:
        """Every occurrence inside text[pos:endpos], overlapping ones included."""
        if not self.table:
            return []
        return list(self.automaton.iter(text, pos, len(text) if endpos is None else endpos))

    def hits(self, n: Normalized) -> Hits:
        """`scan` of the whole normalized text, from the pipeline's shared pass when it ran."""
        got = n.memo.get(self)
        if got is None:
            got = n.memo[self] = self.scan(n.text)
        return got


class Scanner:
    """Several keyword sets found with one automaton: each key holds (set number, value)
    for every set it belongs to."""

    def __init__(self, sets: Iterable[KeywordSet]):
        self.sets = list(dict.fromkeys(sets))        # a set shared by two stages is scanned once
        merged: dict[str, list[tuple[int, object]]] = {}
        for i, kw in enumerate(self.sets):
            for key, value in kw.table.items():
                merged.setdefault(key, []).append((i, value))
        self.automaton = ahocorasick.Automaton()
        for key, slots in merged.items():
            self.automaton.add_word(key, tuple(slots))
        if merged:
            self.automaton.make_automaton()

    def run(self, n: Normalized) -> None:
        """Leave every set's hits on `n`, as `KeywordSet.hits` would find them."""
        lists: list[Hits] = [[] for _ in self.sets]
        if self.sets and len(self.automaton):
            for last, slots in self.automaton.iter(n.text):
                for i, value in slots:
                    lists[i].append((last, value))
        for kw, found in zip(self.sets, lists):
            n.memo[kw] = found
