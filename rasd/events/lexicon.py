"""Loads the event lexicons (triggers, claim and status cues) and compiles them.

Each word form becomes part of one regex over normalized text that allows the
proclitics (و ف ب ل ال س and their combinations) and the usual endings, so that
"وأرسلت", "بإرسال", "لشراء", "سيسافر", "يتهمها" all match their listed form.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml

from rasd.text.normalize import norm
from rasd.text.wordmatch import WordMatcher



def _alts(words) -> str:
    return "|".join(sorted({re.escape(w) for w in words if w}, key=len, reverse=True))


def word_regex(words, *, clitics: bool = True) -> WordMatcher:
    """A matcher that finds any of `words` (normalized) as whole words, with clitics."""
    return WordMatcher(words, clitics=clitics)


@dataclass(frozen=True)
class TriggerGroup:
    type: str
    group: str            # supply, acquire, send, presence, meet ...
    needs: str | None


@dataclass(frozen=True)
class Lexicon:
    triggers: tuple[TriggerGroup, ...]
    trigger_regex: WordMatcher                     # every trigger form of every group, in one pass
    form_groups: dict[str, tuple[TriggerGroup, ...]]
    say: WordMatcher
    according: WordMatcher
    deny: WordMatcher
    negation_words: frozenset[str]
    refusal: frozenset[str]                        # "failed to", "رفضت": one or two words before a trigger
    cancel: frozenset[str]                         # "cancelled", "ألغت": the word before a trigger (or its determiner)
    hedge: WordMatcher
    plan: WordMatcher
    needs: dict[str, WordMatcher]
    beneficiary: WordMatcher
    relay: WordMatcher
    not_triggers: frozenset[str]
    cue_index: WordMatcher       # every cue form of every lexicon below, for one pass per document
    cue_names: dict[str, tuple[str, ...]]
    generic_head: re.Pattern     # ends with a generic head: "تهمة " before "الخطف"
    verbal: re.Pattern           # starts with a verbal-attack adjective
    back_reference: re.Pattern   # ends with "منذ " / "بعد " ...
    foiled: re.Pattern           # a foiling word and the rest of its clause: "أحبطت الشرطة "
    launchable: re.Pattern       # what "شن" launches when it is force: "غارات", "هجوماً"
    casualty: WordMatcher


def _read(name: str):
    return yaml.safe_load(resources.files("rasd.events").joinpath("lexicon", name).read_text("utf-8"))


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    trig = _read("triggers.yaml")
    not_triggers = frozenset(norm(w) for w in trig.pop("not_triggers", []))
    cues = _read("cues.yaml")
    groups = tuple(
        TriggerGroup(etype, group, spec.get("needs"))
        for etype, by_group in trig.items() for group, spec in by_group.items())
    form_groups: dict[str, list[TriggerGroup]] = {}
    all_forms = []
    for g, (etype, group, spec) in zip(groups, ((t, gname, sp) for t, bg in trig.items() for gname, sp in bg.items())):
        for form in spec["forms"]:
            key = norm(form).lower()
            form_groups.setdefault(key, []).append(g)
            all_forms.append(form)
    needs = {k: word_regex(cues[k]) for k in ("personnel", "weapon_launch", "violence", "explosive", "fired_at",
                                              "responsibility")}
    indexed = {"say": cues["say"], "according": cues["according"], "deny": cues["deny"],
               "hedge": cues["hedge"], "plan": cues["plan"], "relay": cues["relay"],
               "beneficiary": cues["beneficiary"], "personnel": cues["personnel"],
               "weapon_launch": cues["weapon_launch"], "violence": cues["violence"], "casualty": cues["casualty"],
               "explosive": cues["explosive"], "fired_at": cues["fired_at"], "mutual": cues["mutual"],
               "responsibility": cues["responsibility"]}
    cue_names: dict[str, list[str]] = {}
    for name, words in indexed.items():
        for w in words:
            cue_names.setdefault(norm(w).lower(), []).append(name)
    return Lexicon(
        triggers=groups,
        cue_index=WordMatcher([w for words in indexed.values() for w in words]),
        cue_names={k: tuple(v) for k, v in cue_names.items()},
        trigger_regex=word_regex(all_forms),
        form_groups={k: tuple(v) for k, v in form_groups.items()},
        say=word_regex(cues["say"]),
        according=word_regex(cues["according"]),
        deny=word_regex(cues["deny"]),
        negation_words=frozenset(norm(w).lower() for w in cues["negation"]),
        refusal=frozenset(norm(w).lower() for w in cues["refusal"]),
        cancel=frozenset(norm(w).lower() for w in cues["cancel"]),
        hedge=word_regex(cues["hedge"]),
        plan=word_regex(cues["plan"]),
        needs=needs,
        beneficiary=word_regex(cues["beneficiary"]),
        relay=word_regex(cues["relay"]),
        generic_head=re.compile(rf"(?<!\w)[وف]?(?:[بل]|ال|بال|لل)?(?:{_alts(norm(w) for w in cues['generic_heads'])})"
                                rf"(?:\s+(?:في|عن|من|علي|ل|ب|الي))?\s+(?:\S+\s+)?$"),
        back_reference=re.compile(rf"(?<!\w)[وف]?(?:{_alts(norm(w) for w in cues['back_reference'])})\s+$"),
        foiled=re.compile(rf"(?<!\w)[وف]?(?:{_alts(norm(w).lower() for w in cues['foiled'])})(?!\w)[^,،.;:؛]{{0,60}}$"),
        launchable=re.compile(rf"\s*(?:\S+\s+){{0,5}}(?:[لب]|لل)?(?:ال)?(?:{_alts(norm(w).lower() for w in cues['launchable'])})(?!\w)"),
        casualty=word_regex(cues["casualty"]),
        verbal=re.compile(rf"^\s*(?:{_alts(norm(w) for w in cues['verbal'])})(?!\w)"),
        not_triggers=not_triggers,
    )
