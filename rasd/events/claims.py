"""Who claims an event, and with what status (SPEC §4).

Status is the first rule that holds: denied (a denial verb governs the trigger, or a
negation stands right before it), hedged (a hedge nearby), planned (a plan cue or a
future verb), else asserted. The claimant is the actor next to the nearest speech
verb before the trigger ("قال المتحدث باسم الكرملين …"), else the actor after an
attribution cue anywhere in the sentence ("… وفقاً لمسؤولين أميركيين"), else the
speaker carried over from the previous sentence when this one opens with "وأضاف".
"""
from __future__ import annotations

import re

from rasd.events.lexicon import Lexicon
from rasd.events.roles import SentenceView, Slot, _prep_before
from rasd.model import Actor

_SCOPED_HEDGE = re.compile(r"(?:يشتبه|اشتبه|تشير التقديرات|التقديرات|يعتقد|يرجح|من المحتمل|من المرجح)"
                           r"[^,.]{0,60}(?:ان|الي ان)(?!\w)")
_VERB_FORM = re.compile(r"[وف]?[يتن]\w{2,}")   # an imperfect verb; anything else may be a noun phrase
_COUNT = re.compile(r"\s+(?:عدد|حجم|قيم)\w{0,3}(?!\w)")   # "تقدر عدد الجنود بـ…", "تقدر قيمتها": estimating a number, not doubting the event
_AUXILIARY = frozenset({"يتم", "تتم", "يكن", "تكن", "يكون", "تكون", "يعد", "تعد"})
_MAY = re.compile(r"(?<!\w)قد\s+[يتن]\w+")   # قد + imperfect = may; قد + perfect = already
# "وكانت مالي وبوركينا فاسو قد تسلمتا": كان … قد is the pluperfect (had received), whatever the
# verb's first letter (a perfect تفعّل begins with ت too)
_HAD = re.compile(r"(?<!\w)[وف]?(?:كان|كانت|كانوا|كانا|كانتا)(?!\w)[^.,،]{0,40}$")


def _may(text: str, a: int, b: int) -> bool:
    m = _MAY.search(text, a, b)
    return m is not None and not _HAD.search(text, max(0, m.start() - 45), m.start())


_FUTURE = re.compile(r"^[وف]?س[يتن]")
_OUTLET_ANAPHOR = re.compile(r"^\s*(?:ال)?(?:صحيفه|صحف|وكاله|قناه|مجله|موقع)(?!\w)")
_OPENS_WITH_SAY = re.compile(r"^\W*[وف](?:اضاف|تابع|اوضح|اشار|قال|اكد)")


_COMPLEMENTIZER = re.compile(r"(?<!\w)(?:ان|انه|انها|بان|بانه|that)(?!\w)")
_REPORT_NOUN = re.compile(r"^\s*(?:ال)?(?:تصريحات|تقارير|تقرير|بيان|مصادر|مصدر|وثائق|معلومات)\s*$")


def _actor_next_to(view: SentenceView, start: int, end: int) -> Slot | None:
    """Speaker of a verb at [start, end): the actor right before it (SVO: "الاستخبارات تقدر"),
    else right after it (VSO: "قال المتحدث …"), else a little before it."""
    before = next((s for s in reversed(view.actors()) if s.end <= start), None)
    if before is not None:
        gap = view.gap(before.end, start)
        if len(gap.split()) <= 1 and "," not in gap and not _COMPLEMENTIZER.search(gap) \
                and _prep_before(view, before) == "":
            return before
    for s in view.actors():
        if s.start >= end:
            between = view.gap(end, s.start - len(view.clitic(s)))
            if _COMPLEMENTIZER.search(between) or len(between.split()) > 2 or "," in between.strip(" ,"):
                break
            prep = _prep_before(view, s)
            if prep in ("", "باسم") or (prep == "ل" and _REPORT_NOUN.match(between)):
                return s
            break
    if before is not None:
        gap = view.gap(before.end, start)
        if len(gap.split()) <= 3 and not _COMPLEMENTIZER.search(gap) and _prep_before(view, before) == "":
            return before
    return None


def _outlet_before(view: SentenceView) -> Actor | None:
    doc = view.doc
    for m in reversed(doc.mentions):
        if m.end <= view.sentence.start and m.kind == "outlet" and m.code:
            return Actor(m.code, m.country, m.name, m.entity_id)
    return None


def _after_cue(view: SentenceView, end: int) -> Slot | None:
    for s in view.actors():
        if s.start >= end:
            gap = view.gap(end, s.start - len(view.clitic(s)))
            return s if len(gap.split()) <= 3 and not _COMPLEMENTIZER.search(gap) else None
    return None


# words a speech verb's letters begin: "إضافي" (additional) is not "أضاف" (he added)
_NOT_SAY = re.compile(r"[وف]?(?:ال)?اضافي(?!\w)")


def _speakers(view: SentenceView, lex: Lexicon) -> tuple[list, list]:
    """(relays, says): (cue start, speaker slot) for every attribution cue with a speaker."""
    got = view.cache.get("speakers")
    if got is None:
        relays = []
        for a, b in view.cue("relay", lex.relay):
            rest, word = view.text[b:b + 40], view.text[a:b]
            if "عن" in word or re.match(r"\s*(?:\S+\s+){0,3}عن(?!\w)", rest):
                k = b + rest.find("عن") + 2 if "عن" not in word else b
                slot = _after_cue(view, k)
                if slot is not None:
                    relays.append((a, slot))
        says = [(a, slot) for a, b in view.cue("say", lex.say)
                if not _NOT_SAY.match(view.text, a) and (slot := _actor_next_to(view, a, b)) is not None]
        got = view.cache["speakers"] = (relays, says)
    return got


def speaker_slot(view: SentenceView, lex: Lexicon, ts: int | None = None) -> Slot | None:
    """The outermost speaker before `ts`: "أفادت الغارديان بأن مسؤولين قالوا إن …" → the Guardian.
    A relay ("نقلت يونهاب عن المتحدث …", "نقلا عن تقارير …") passes the claim to the quoted source."""
    ts = len(view.text) if ts is None else ts
    relays, says = _speakers(view, lex)
    for pos, slot in relays:
        if pos < ts:
            return slot
    for pos, slot in says:
        if pos < ts:
            return slot
    return None


def trailing_speaker(view: SentenceView, lex: Lexicon, ts: int) -> Slot | None:
    """"…, South Korea's intelligence agency said on Wednesday." / "…، قال مسؤول أمريكي.":
    a speech verb closing the sentence, after a comma, with its speaker next to it."""
    for a, b in view.cue("say", lex.say):
        if a <= ts or "," not in view.text[ts:a] or (len(view.text[b:].split()) > 6
                                                     and not _SAID_THEN_ASIDE.match(view.text, b)):
            continue
        slot = _actor_next_to(view, a, b)
        if slot is not None and slot.start > view.text.rfind(",", ts, a):
            return slot
    return None


# "…, an official said Saturday, as tensions rose …": the speech verb closes the report, and
# what follows its comma is an aside of the writer's
_SAID_THEN_ASIDE = re.compile(r"[^,،.]{0,30}[,،]\s*(?:as|while|amid|after|when|adding|but|وسط|فيما|بينما|بعد|"
                              r"مضيفا|مؤكدا|في ظل)(?!\w)")


_CANCEL_SKIP = frozenset({"a", "an", "the", "its", "their", "all", "some"})


def _words_before(text: str, ts: int, n: int) -> list[str]:
    """The last `n` words before `ts` in its clause, determiners skipped."""
    head = text[max(0, ts - 40):ts]
    cut = max(head.rfind(","), head.rfind("،"), head.rfind("."))
    return [w for w in head[cut + 1:].split() if w not in _CANCEL_SKIP][-n:]


# what a cancellation stops: a deal, a sale, aid, a delivery, a visit ("suspended security
# assistance", "ألغت صفقة شراء") — not an attack ("halted the offensive" is no denial of it)
_CANCELLABLE = re.compile(r"(?<!\w)[وفبل]?(?:ال)?(?:deal|sale|purchase|order|contract|delivery|deliveries|shipment|assistance|"
                          r"aid|visit|talks|صفق|بيع|شراء|تسليم|توريد|مساعد|زيار|محادثات|اتفاق)")


def _headline_speaker(view: SentenceView, ts: int) -> Slot | None:
    """"لافروف: روسيا لم ترسل أسلحة", "Kremlin: …": a headline's speaker before a colon — the
    sentence opens with the name (a title may come with it) and nothing else."""
    colon = view.text.find(":", 0, min(ts, 45))
    if colon < 0:
        return None
    slots = [s for s in view.actors() if s.end <= colon]
    if len(slots) != 1 or len(view.text[:colon].split()) > 4:
        return None
    return slots[0]


def speaker(view: SentenceView, lex: Lexicon, ts: int) -> Actor | None:
    """The claimant stated in this sentence for a trigger at `ts`, if any."""
    slot = speaker_slot(view, lex, ts) or trailing_speaker(view, lex, ts) or _headline_speaker(view, ts)
    if slot is not None:
        return slot.actor
    for a, b in view.cue("say", lex.say):
        if b <= ts and _OUTLET_ANAPHOR.match(view.text[b:]):
            return _outlet_before(view)
    for a, b in view.cue("according", lex.according):
        slot = _after_cue(view, b)
        if slot is not None:
            return slot.actor
        if _OUTLET_ANAPHOR.match(view.text[b:]):
            return _outlet_before(view)
    return None


# "he added", "she said", "the ministry said", "said the spokesman": a speech verb whose speaker
# is a pronoun or a bare title — the speaker named in the sentences before.
_PRONOUN_SAY = re.compile(
    r"(?<!\w)(?:he|she|they|the\s+(?:ministry|spokesman|spokeswoman|spokesperson|official|officials|minister|"
    r"president|agency|statement|army|military|command|embassy|government|envoy|ambassador))\s+(?:also\s+|later\s+)?"
    r"(?:said|says|added|told|noted|stressed|insisted|wrote)(?!\w)"
    r"|(?<!\w)(?:said|added)\s+(?:he|she|the\s+(?:spokesman|spokeswoman|official|minister|statement))(?!\w)")


def opens_with_say(view: SentenceView) -> bool:
    """Does the sentence continue the speaker of the ones before ("وأضاف …", '"…," he added')?
    (Asked several times a sentence: the answer is kept in the view.)"""
    got = view.cache.get(_OPENS_SAY)
    if got is None:
        text = view.text
        got = view.cache[_OPENS_SAY] = bool(_OPENS_WITH_SAY.match(text) or any(w in text for w in _SAY_WORDS)
                                            and _PRONOUN_SAY.search(text))
    return got


_OPENS_SAY = "#opens_say"
_SAY_WORDS = ("said", "says", "added", "told", "noted", "stressed", "insisted", "wrote")   # one in each _PRONOUN_SAY


def status_of(view: SentenceView, lex: Lexicon, ts: int, te: int) -> tuple[str, Actor | None]:
    """Status of the trigger at [ts, te), and the denier when it is denied."""
    text = view.text
    denials = [(a, b) for a, b in view.cue("deny", lex.deny) if b <= ts]
    if denials:
        a, b = denials[-1]
        slot = _actor_next_to(view, a, b)
        return "denied", slot.actor if slot else None
    before = text[max(0, ts - 20):ts].split()
    if len(before) > 1 and before[-1] in _AUXILIARY and before[-2] in ("ان", "بان", "لان"):
        return "planned", None      # "أن يتم قصفها": that it be done — not that it was
    if before and (before[-1] in lex.negation_words
                   or len(before) > 1 and before[-1] in _AUXILIARY and before[-2] in lex.negation_words):
        return "denied", None       # "لم يرسل", "لم يتم خطفهم"
    if before and (before[-1] in lex.refusal or len(before) > 1 and " ".join(before[-2:]) in lex.refusal):
        return "denied", None       # "failed to deliver", "رفضت تسليم": it did not happen
    if _CANCELLABLE.search(text, ts, te) and any(w.lstrip("وف") in lex.cancel for w in _words_before(text, ts, 3)):
        return "denied", None       # "cancelled a deal for Su-35 fighters", "ألغت الجزائر صفقة": stopped
    clause_start = max(text.rfind(",", 0, ts), text.rfind("؛", 0, ts))
    zone_start = max(0, ts - 60, clause_start + 1)
    # a noun's adjectives follow it: "ضربة جوية أميركية محتملة"
    after = 40 if not _VERB_FORM.match(text, ts) else 12
    hedges = [(a, b) for a, b in view.cue("hedge", lex.hedge) if zone_start <= a and b <= te + after
              and not _COUNT.match(text, b) and "," not in text[te:a]]
    if hedges or _may(text, zone_start, te + 12) or _hedged_before(view, ts):
        return "hedged", None
    if _FUTURE.match(text[ts:te]) or view.has_cue("plan", lex.plan, max(0, ts - 45, clause_start + 1), ts) \
            or view.has_cue("plan", lex.plan, te, te + 12):
        return "planned", None
    return "asserted", None


def _hedged_before(view: SentenceView, ts: int) -> bool:
    """`_report_hedge` of the sentence up to `ts`, from the ends of its scoped hedges found once."""
    starts = view.cache.get(_HEDGE_STARTS)
    if starts is None:
        starts = view.cache[_HEDGE_STARTS] = [m.start() for m in _SCOPED_HEDGE.finditer(view.text)] \
            if any(w in view.text for w in _HEDGE_HEADS) else []
    return any(a < ts for a in starts) and _report_hedge(view.text[:ts])


_HEDGE_STARTS = "#hedge_starts"
_HEDGE_HEADS = ("يشتبه", "اشتبه", "التقديرات", "يعتقد", "يرجح", "المحتمل", "المرجح")


def _report_hedge(prefix: str) -> bool:
    """Hedges that scope over the whole rest of a sentence: "يشتبه في أن", "تشير التقديرات إلى أن"."""
    return bool(_SCOPED_HEDGE.search(prefix))
