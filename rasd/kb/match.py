"""Fast, clitic-aware matching of knowledge-base names in normalized text.

One Aho-Corasick automaton (pyahocorasick) holds every normalized name, alias,
inflected demonym, title and item noun. A hit counts only at word boundaries, where
the left side may carry proclitics (و ف ب ل ك and the article: "وبيونغ يانغ",
"لروسيا", "بالأسلحة", "للكرملين"). Overlapping hits are resolved longest first.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from rasd.kb.load import KB, Entity, default_kb
from rasd.text.keywords import Hits, KeywordSet
from rasd.text.normalize import norm

# Proclitic sequences allowed before a name without the article / with it.
_PROCLITICS = frozenset({"", "و", "ف", "ب", "ل", "ك", "وب", "ول", "فب", "فل", "وك", "فك",
                         "ال", "وال", "فال", "بال", "كال", "وبال", "فبال", "لل", "ولل", "فلل"})
_PROCLITICS_ART = frozenset({"", "و", "ف", "ب", "ك", "وب", "فب", "وك", "فك"})
_LAM = frozenset({"ل", "ول", "فل"})   # ل + ال contracts to لل: "للكرملين"
# Feminine, plural and dual endings of a nisba adjective (normalized: ة→ه).
_NISBA = ("", "ه", "ين", "ون", "ات", "ان", "تين", "تان", "ا")   # "ا": the accusative "مصرياً"


@dataclass(frozen=True, slots=True)
class Pattern:
    key: str            # what the automaton holds (normalized)
    target: str         # entity id, or "title:N" / "item:N"
    role: str           # name, demonym, metonym, title, item
    lam: bool = False   # key is an article name with its alef dropped (matches after ل)
    cased: str = ""     # the exact original spelling a hit must have ("US", not "us")


@dataclass(slots=True, unsafe_hash=True)
class Hit:
    start: int          # normalized offsets
    end: int
    pattern: Pattern


def demonym_forms(base: str) -> list[str]:
    """Inflections of a (possibly two-word) nisba: كوري شمالي → كوريه شماليه, كوريين الشماليين …"""
    words = norm(base).split()
    forms = []
    for suf in _NISBA:
        infl = [w + suf for w in words]
        forms.append(" ".join(infl))
        if len(infl) > 1:
            forms.append(" ".join([infl[0]] + ["ال" + w for w in infl[1:]]))
    return forms


def _keys(ent: Entity) -> list[tuple[str, str]]:
    role = "metonym" if ent.type == "place" and ent.actor else "name"
    out = [(norm(n).lower(), role) for n in (ent.name_ar, *ent.aliases_ar, ent.name_en, *ent.aliases_en) if n]
    for d in ent.demonyms_ar:
        out += [(f, "demonym") for f in demonym_forms(d)]
    for d in ent.demonyms_en:
        out.append((norm(d).lower(), "demonym"))
    return [(k, r) for k, r in out if len(k) >= 2]


class Matcher:
    """Finds knowledge-base names in normalized text."""

    def __init__(self, kb: KB):
        self.kb = kb
        table: dict[str, list[Pattern]] = {}

        def add(key: str, target: str, role: str) -> None:
            table.setdefault(key, []).append(Pattern(key, target, role))
            if key.startswith("ال") and len(key) > 3:
                table.setdefault(key[1:], []).append(Pattern(key[1:], target, role, lam=True))

        for ent in kb.entities.values():
            for key, role in _keys(ent):
                add(key, ent.id, role)
            for name in ent.aliases_cased:
                table.setdefault(norm(name).lower(), []).append(Pattern(norm(name).lower(), ent.id, "name", cased=name))
        for i, title in enumerate(kb.titles):
            for w in title.words:
                add(norm(w), f"title:{i}", "title")
        for i, rec in enumerate(kb.item_nouns):
            for w in list(rec.get("ar") or []) + list(rec.get("en") or []):
                add(norm(str(w)).lower(), f"item:{i}", "item")
        self.keywords = KeywordSet({key: tuple(patterns) for key, patterns in table.items()})
        # The pattern a key's hit stands for after a given prefix (or None): decided once.
        # Keyed by the patterns tuple's id: the tuples live as long as the matcher.
        self._choice: dict[tuple[int, str], Pattern | None] = {}

    def hits(self, ntext: str, *, found: Hits | None = None) -> list[Hit]:
        """Non-overlapping hits, longest first, in text order. `found`: the keyword hits of
        `ntext` when known (`self.keywords.hits` of a document)."""
        cands: list[Hit] = []
        n = len(ntext)
        choice = self._choice
        for end_idx, patterns in self.keywords.scan(ntext) if found is None else found:
            end = end_idx + 1
            if end < n and ntext[end].isalnum():
                continue
            start = end - len(patterns[0].key)
            if start == 0 or not ntext[start - 1].isalnum():
                prefix = ""                      # the common case: the hit starts a word
            else:
                ws = start - 1
                while ws > 0 and ntext[ws - 1].isalnum() and start - ws < 5:
                    ws -= 1
                if ws > 0 and ntext[ws - 1].isalnum():
                    continue
                prefix = ntext[start - (start - ws):start]
            key = (id(patterns), prefix)
            best = choice.get(key, _UNSEEN)
            if best is _UNSEEN:
                ok = [p for p in patterns if _left_ok(p, prefix)]
                best = choice[key] = _best(ok) if ok else None
            if best is not None:
                cands.append(Hit(start, end, best))
        if len(cands) < 2:
            return cands
        cands.sort(key=lambda h: (h.start - h.end, h.start))
        taken: list[Hit] = []
        used = bytearray(n + 1)
        for h in cands:
            if 1 in used[h.start:h.end]:
                continue
            used[h.start:h.end] = b"\x01" * (h.end - h.start)
            taken.append(h)
        taken.sort(key=lambda h: h.start)
        return taken


def _left_ok(p: Pattern, prefix: str) -> bool:
    if p.lam:
        return prefix in _LAM
    if p.key.startswith("ال") and p.role != "demonym":
        return prefix in _PROCLITICS_ART     # (a nisba's ال is its root's: الماني takes the article, "الالمانيه")
    if not p.key[:1].isalpha() or p.key[:1].isascii():
        return prefix == ""
    if p.role in ("name", "metonym") and "ال" in prefix:
        return False    # a name takes no article: "المالي" is "the financial", not Mali
    return prefix in _PROCLITICS


_UNSEEN = object()
_ROLE_RANK = {"name": 0, "metonym": 1, "demonym": 2, "title": 3, "item": 4}


def _best(patterns: list[Pattern]) -> Pattern:
    return min(patterns, key=lambda p: _ROLE_RANK.get(p.role, 9))


def default_matcher(extra_dirs: tuple[str, ...] = ()) -> Matcher:
    """The matcher of `default_kb(extra_dirs)`, built once per set of folders."""
    return _matcher(tuple(extra_dirs))


@lru_cache(maxsize=4)
def _matcher(extra_dirs: tuple[str, ...]) -> Matcher:
    return Matcher(default_kb(extra_dirs))
