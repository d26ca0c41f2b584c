"""Violence without named parties, and uses of violence words that are not attacks.

Wire copy reports bombings and killings whose perpetrators are unknown ("انفجرت سيارة
مفخخة أمس فقتلت 12 شخصاً"): such an ATTACK is recorded with null parties when the
sentence shows it happened — a past-tense verb, or a noun with a casualty count or a time —
and not when the words name violence in general ("تهمة القتل", "سياسة الاغتيالات"), refer
back to an earlier attack ("منذ اغتيال الحريري", "الهجوم الذي استهدف …"), or speak of
words rather than force ("هجوماً حاداً على الحكومة").
"""
from __future__ import annotations

import re

from rasd.events import roles as R
from rasd.events.lexicon import Lexicon
from rasd.events.triggers import Trigger

_ANCHOR_TIME = re.compile(r"(?<!\w)(?:امس|اليوم|فجر|صباح|مساء|ليل|ليله|الليله|الاحد|الاثنين|الثلاثاء|الاربعاء|الخميس|الجمعه|السبت)(?!\w)")


def violent(view: R.SentenceView, lex: Lexicon, t: Trigger, *, any_time: bool = False) -> bool:
    """Physical violence stated as an event, without named parties: "انفجرت سيارة مفخخة أمس فقتل 5".
    A verb with a casualty, attacker or explosive counts; a noun needs a concrete count or time too."""
    if t.group.group not in ("attack", "attack_noun", "detonate", "fire"):
        return False
    text = view.text
    if _CLAIMED.search(text, max(0, t.start - 50), t.start):
        return True     # claimed by those who carried it out: it happened
    clause = word_opens_clause(view, t)
    if lex.back_reference.search(text[max(0, t.start - 12):t.start]) \
            or RELATIVE.search(text, max(0, t.start - 10), t.start) \
            or not clause and _BACK_PHRASE.search(text, max(0, t.start - 45), t.start):
        return False    # "منذ اغتيال …", "الجنود الذين قتلوا …": a reference, not the news
    cue = any(not (t.start <= a < t.end) for a, _ in view.cue("violence", lex.needs["violence"]))
    count = any(q.unit in ("person", "soldier") or q.unit is None and _casualty_count(view, lex, q)
                for q in view.doc.quantities if view.sentence.start <= q.start < view.sentence.end)
    dated = bool(_ANCHOR_TIME.search(text)) or any(
        view.sentence.start <= d.start < view.sentence.end and d.precision == "day" for d in view.doc.dates)
    word = view.text[t.start:t.end]
    if _DAWN.match(view.text, t.end) and word.lstrip("وف") == "فجر":
        return False    # "فجر الجمعة": dawn, not "detonated"
    if DEFINITE.match(word) and not (count and (dated or any_time)):
        return False    # "القتل والخطف": a crime named in general, not one that happened
    if _AGENT_VERB.search(text, max(0, t.start - 20), t.start):
        return True     # "شنوا الهجوم", "نفذت عمليات انتحارية": someone carried it out
    if t.group.group in ("attack", "detonate", "fire") and not as_noun(view, t):
        return _perfect(word) and (cue or dated or count)
    if _SUFFERED.search(text, max(0, t.start - 16), t.start) or suffered(view, t):
        return True     # "تعرضت قافلته لهجوم", "تعرضت الوزيرة …، لمحاولة اغتيال": it happened to someone
    return cue and count or cue and dated or any_time and count


def word_opens_clause(view: R.SentenceView, t: Trigger) -> bool:
    """A past verb with و or ف opens a clause of its own ("… بعد صلاة العشاء، واعتدت على المصلين"):
    a time phrase before it does not refer it back."""
    word = view.text[t.start:t.end]
    return word[:1] in "وف" and t.group.group in ("attack", "detonate", "fire") and not as_noun(view, t) \
        and _perfect(word)


# "إثر مقتل جنديين في هجوم …": the attack inside a back-referring phrase (not "بعد ظهر أمس")
_BACK_PHRASE = re.compile(r"(?<!\w)(?:منذ|اثر|عقب|بعد(?!\s+(?:ظهر|الظهر|منتصف|ظهيره)))\s+[^,.:]{0,40}$")
RELATIVE = re.compile(r"(?<!\w)(?:الذي|التي|الذين|اللذين|اللتين|اللواتي)\s+$")
_DAWN = re.compile(r"\s+(?:امس|اليوم|الاحد|الاثنين|الثلاثاء|الاربعاء|الخميس|الجمعه|السبت|يوم)(?!\w)")
DEFINITE = re.compile(r"^(?:[وف]?(?:ال|بال|لل|كال))")


# Forms that are both a past verb and a verbal noun: "قتل" is "was killed" or "killing".
_GENERIC_NOUN_BEFORE = re.compile(r"(?<!\w)(?:قضيه|تهمه|حمله|اعمال|عمليات|جرائم|محاكمه|سيناريو|ظاهره)\s+$")
_DID = re.compile(r"(?<!\w)(?:قام|قامت|قاموا|اقدم|اقدمت|اقدموا)\s+(?:\S+\s+){0,2}$")
_AMBIGUOUS = frozenset({"قتل", "خطف", "ضرب", "قصف", "فجر", "اغتيال", "تفجير"})
_MASDAR_BEFORE = re.compile(r"(?<!\w)(?:في|الي|علي|عن|من|قصد|عزم|بهدف|محاوله\w*|موضوع|مرور|تهديد|خطر|تسببت|ادي|ادت|"
                            r"يعرف|لماذا|كيف|يقبل|تخشي|يخشي)\s+$")


def as_noun(view: R.SentenceView, t: Trigger) -> bool:
    """An ambiguous form read as a noun: after a preposition or a governing word ("قصد قتل آخرين");
    but "قام مسلحون بخطف …" is the act itself."""
    word = view.text[t.start:t.end]
    if _DID.search(view.text, max(0, t.start - 24), t.start):
        return False
    bare = word[1:] if word[:1] in "وفبل" and word[1:] in _AMBIGUOUS else word
    return bare in _AMBIGUOUS and (word != bare or bool(_MASDAR_BEFORE.search(view.text, max(0, t.start - 14), t.start))
                                   or bool(_GENERIC_NOUN_BEFORE.search(view.text, max(0, t.start - 14), t.start)))


def _perfect(word: str) -> bool:
    """A past-tense verb ("قتلوا", "انفجرت", "اغتال"), not a present or future one ("يقتلون")."""
    w = word[1:] if word[:1] in "وف" else word
    return not w.startswith(("ي", "ت", "ن", "س")) or w.startswith(("تم", "تعرض"))


_CASUALTY_BEFORE = re.compile(r"(?<!\w)[وب]?(?:مقتل|قتل|اصابه|جرح|اصيب|مصرع|استشهاد|قتلت|قتلوا)\s+(?:\S+\s+)?$")
_SUFFERED = re.compile(r"(?<!\w)[وفب]?(?:تعرض|تعرضت|تعرضوا|يتعرض|تتعرض)\s+(?:\S+\s+){0,4}$")
_AGENT_VERB = re.compile(r"(?<!\w)[وف]?(?:شن|شنت|شنوا|نفذ|نفذت|نفذوا|ارتكب|ارتكبت|ارتكبوا)\s+(?:\S+\s+)?$")
# who claims an attack carried it out: "تبنت الجماعة الهجوم", "claimed responsibility for a
# missile attack", "أعلنت مسؤوليتها عن الهجوم"
_CLAIMED = re.compile(r"(?<!\w)(?:[وف]?(?:تبنى|تبنت|تبنوا|يتبنى|تتبنى)|(?:claimed|claims|claiming)\s+responsibility\s+for"
                      r"|مسؤوليتها\s+عن|مسؤوليته\s+عن|مسؤوليتهم\s+عن)\s+(?:\S+\s+){0,3}$")


_SUFFERED_VERB = re.compile(r"(?<!\w)[وفب]?(?:تعرض|تعرضت|تعرضوا|يتعرض|تتعرض|تعرضه|تعرضها)(?!\w)")


def suffered(view: R.SentenceView, t: Trigger) -> bool:
    """"تعرضت وزيرة الدولة …، لمحاولة اغتيال": ل after تعرض is its preposition, not "in order to"."""
    return t.prefix.lstrip("وف") in ("ل", "لل") and bool(
        _SUFFERED_VERB.search(view.text, max(0, t.start - 120), t.start))


def _casualty_count(view: R.SentenceView, lex: Lexicon, q) -> bool:
    """A number of people hurt: "قتل 5 أشخاص", "مقتل 13 معظمهم من الشرطة", "إصابة عشرة"."""
    n = view.doc.norm
    start, end = n.from_orig(q.start) - view.offset, n.from_orig(q.end) - view.offset
    if _CASUALTY_BEFORE.search(view.text, max(0, start - 20), start):
        return True
    return bool(lex.casualty.match(view.text, end + 1)) if end + 1 < len(view.text) else False


def not_physical(view: R.SentenceView, lex: Lexicon, t: Trigger) -> bool:
    """"شنت هجوما حادا على الحكومة" (words), "تهمة الخطف" (a generic reference): no ATTACK."""
    if lex.verbal.match(view.text[t.end:t.end + 20]):
        return True
    if t.group.group != "attack_noun" and not (t.group.group == "attack" and as_noun(view, t)):
        return False
    before = view.text[max(0, t.start - 40):t.start]
    return bool(lex.generic_head.search(before) or lex.back_reference.search(before[-12:]))
