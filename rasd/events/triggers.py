"""Triggers: where an event may be stated, and whether the context it needs is there.

One Aho-Corasick pass over the document finds every listed trigger form (with its
clitics); a form may belong to several groups (إرسال is a TRANSFER with a weapon after it
and a DEPLOY with soldiers near it), and each group may need a word class nearby.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from rasd.events import roles as R
from rasd.events.lexicon import Lexicon, TriggerGroup

# A trigger that is really part of a speech or attribution phrase is not an event.
_ITEM_WINDOW = 70
# "على مدينة خيرسون", "باتجاه المدن الإسرائيلية", "نحو شمال إسرائيل", "at", "towards"
_AT = re.compile(r"(?<!\w)(?:علي|باتجاه|في اتجاه|نحو|صوب|on|at|towards|toward)(?!\w)")


@dataclass(slots=True, unsafe_hash=True)
class Trigger:
    start: int
    end: int
    group: TriggerGroup
    prefix: str = ""     # proclitics before the listed form: "وب" in "وبإرسال"


def _needs_ok(view: R.SentenceView, lex: Lexicon, t: Trigger) -> bool:
    need = t.group.needs
    if need is None:
        return True
    if need in ("item", "used_item"):
        # weapons are used after they are named as often as before ("the drones, which Moscow
        # has used to strike …"); sent or sold ones come after the verb
        lo = t.start - _ITEM_WINDOW if need == "used_item" else t.end - 5
        return any(s.mention.kind in ("item", "weapon") and lo <= s.start < t.end + _ITEM_WINDOW
                   for s in view.slots)
    if need == "fired_at":   # "أطلقت … 40 طائرة مسيرة … على مدينة خيرسون": a weapon, then its target
        # (any weapon: "أطلقت طائرة بدون طيار … عدة صواريخ على منزل" fired the second)
        return any(_AT.search(view.text, s.end, min(len(view.text), s.end + 50)) for s in view.slots
                   if s.mention.kind in ("item", "weapon") and t.end <= s.start < t.end + 80) \
            or view.has_cue(need, lex.needs[need], t.end, min(len(view.text), t.end + 40))
    lo, hi = max(0, t.start - 50), min(len(view.text), t.end + 60)
    if need == "personnel":
        # not a word inside the name of an organization things go to: "قوات" in "أرسلت شحنات أسلحة
        # إلى قوات الدعم السريع" is no troops sent ("الفيلق الإفريقي … باقٍ", the force itself, is)
        names = [s for s in view.actors() if s.mention.kind == "organization" and s.mention.role == "name"
                 and R._prep_before(view, s) in ("الي", "ل", "to")]
        return any(lo <= a and b <= hi and not any(s.start <= a < s.end for s in names)
                   for a, b in view.cue(need, lex.needs[need]))
    return view.has_cue(need, lex.needs[need], lo, hi)


def _word_at(text: str, t: "Trigger") -> str:
    """The whole word(s) a trigger match sits in."""
    a, b = t.start, t.end
    while a > 0 and text[a - 1].isalnum():
        a -= 1
    while b < len(text) and text[b].isalnum():
        b += 1
    return text[a:b]


def triggers(view: R.SentenceView, lex: Lexicon, matches=None) -> list[Trigger]:
    """Triggers in the sentence whose context is there. `matches`: (start, end, form) in sentence
    offsets, when the caller has already run the trigger matcher over the whole document."""
    if matches is None:
        matches = [(m.start(), m.end(), m.group(1), view.text[m.start():m._start])
                   for m in lex.trigger_regex.finditer(view.text)]
    found: list[Trigger] = []
    cues = None
    for start, end, form, prefix in matches:
        for g in lex.form_groups.get(form, ()):
            t = Trigger(start, end, g, prefix)
            if cues is None:
                cues = [*view.cue("say", lex.say), *view.cue("according", lex.according), *view.cue("deny", lex.deny)]
            if any(a <= t.start and t.end <= b for a, b in cues) or _word_at(view.text, t) in lex.not_triggers:
                continue
            if _needs_ok(view, lex, t):
                found.append(t)
    # DEPLOY wins over TRANSFER on the same words ("إرسال جنود"), firing at a target over a test
    # launch, longer over shorter.
    rank = {"DEPLOY": 0, "ATTACK": 0}
    # "received the Pakistani army chief" is a meeting, "received two drones" a transfer: the
    # word is both, and what comes first after it decides
    host = {(t.start, t.end) for t in found if t.group.type == "MEET" and _receives_someone(view, t)} \
        if len(found) > 1 else ()
    found.sort(key=lambda t: (t.start, -(t.end - t.start),
                              0 if t.group.type == "MEET" and (t.start, t.end) in host else rank.get(t.group.type, 1)))
    kept: list[Trigger] = []
    for t in found:
        if kept and t.start < kept[-1].end:
            last = kept[-1]
            if not (last.group.type == "DEPLOY" and t.group.type == "TRANSFER" and (t.start, t.end) == (last.start, last.end)
                    and _sends_items_too(view, t)):
                continue
        kept.append(t)
    return kept


def _receives_someone(view: R.SentenceView, t: Trigger) -> bool:
    """Is the first thing named after the trigger someone (a person, a title), not a country's thing?"""
    nxt = next((s for s in view.slots if s.start >= t.end), None)
    return nxt is not None and nxt.start - t.end <= 40 \
        and (nxt.mention.kind in ("person", "title", "institution") or nxt.mention.role == "composed")


def _sends_items_too(view: R.SentenceView, t: Trigger) -> bool:
    """"sent military advisers and air defence systems", "أرسلت جنوداً ومعدات عسكرية": troops and
    things sent in one object, a deployment and a transfer; not weapons a later clause names."""
    return any(s.mention.kind in ("item", "weapon") and t.end <= s.start < t.end + _ITEM_WINDOW
               and not R._CLAUSE_BREAK.search(view.text, t.end, s.start) for s in view.slots)
