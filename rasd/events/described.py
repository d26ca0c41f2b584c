"""Accusations made by describing an act: "وصفت الخارجية الروسية الخطوة بأنها عمل عدائي",
"India's foreign ministry described the test as a reckless provocation".

Whoever calls an act hostile, an aggression or a provocation accuses the one who did it. The
describer is the verb's subject; the act is named by a noun ("the test", "العقوبات", "الخطوة"),
and the one who did it is taken from the events already read: the latest one before the verb —
in its sentence or the three before — whose type the noun names ("the sanctions" → a
SANCTION), or any one for a bare "step" or "move"; failing that, the last other actor named
before the verb in its own sentence ("مداهمة الشرطة الأذربيجانية …، وهي خطوة وصفتها …").
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

from rasd.events import roles as R
from rasd.events.claims import status_of
from rasd.events.lexicon import lexicon
from rasd.model import Actor, Document, Event, Span

# The verb, then (within a short span) the judgement. Normalized Arabic (ة → ه, أ → ا).
_DESCRIBED = re.compile(
    r"(?<!\w)[وف]?(?:وصف|وصفت|وصفوا|وصفها|وصفته|وصفتها|يصف|تصف|يصفون)(?!\w)(?P<obj>[^.!?؟]{0,60}?)"
    r"(?:\s+(?:بانه|بانها|بانهم|بانهما|ب|انه|انها))\s*[«\"“]?\s*(?:\S+\s+)?(?P<judge>"
    r"عدائي\w*|عدوان\w*|استفزاز\w*|انتهاك\w*|تصعيد\w*|ارهاب\w*|قرصن\w*|اجرام\w*|جريمه|بلطج\w*|ابتزاز|"
    r"غير قانوني\w*|غير مسؤول\w*|تدخل سافر)"
    r"|(?<!\w)(?:described|called|denounced|branded|labelled|labeled|termed|condemned)(?!\w)(?P<obj_en>[^.!?]{0,60}?)"
    r"\s+as\s+[\"“]?(?:an?\s+|the\s+)?(?:\w+\s+){0,2}?(?P<judge_en>provocation|provocative|hostile|aggression|"
    r"aggressive|reckless|illegal|violation|escalation|escalatory|terrorism|piracy|blackmail|irresponsible|"
    r"unacceptable|destabili[sz]ing)(?!\w)",
    re.IGNORECASE)

_VERB_STEMS = ("وصف", "يصف", "تصف", "described", "called", "denounced", "branded", "labelled", "labeled", "termed",
               "condemned")
_JUDGEMENT_STEMS = ("عدائي", "عدوان", "استفزاز", "انتهاك", "تصعيد", "ارهاب", "قرصن", "اجرام", "جريمه", "بلطج",
                    "ابتزاز", "غير قانوني", "غير مسؤول", "تدخل سافر", "provocat", "hostile", "aggress", "reckless",
                    "illegal", "violation", "escalat", "terroris", "piracy", "blackmail", "irresponsible",
                    "unacceptable", "destabili")

# the act's noun → the type of the event that is that act
_NOUN_TYPES = (
    (re.compile(r"عقوب|sanction|embargo|restriction", re.IGNORECASE), ("SANCTION",)),
    (re.compile(r"تجرب|اختبار|test|launch", re.IGNORECASE), ("TEST",)),
    (re.compile(r"ضرب|غار|هجوم|قصف|strike|attack|bombing|raid", re.IGNORECASE), ("ATTACK",)),
    (re.compile(r"صفق|deal|sale|شحن|deliver", re.IGNORECASE), ("TRANSFER", "AGREE")),
    (re.compile(r"نشر|قوات|deploy|troops", re.IGNORECASE), ("DEPLOY",)),
)


def described_as(doc: Document, events: list[Event]) -> list[Event]:
    """The ACCUSE events of the document's "described … as hostile" sentences."""
    n = doc.norm
    text = n.text
    # substring tests first (every document passes here): a judgement word, then a verb
    if not any(w in text for w in _JUDGEMENT_STEMS) or not any(w in text for w in _VERB_STEMS):
        return []
    hits = list(_DESCRIBED.finditer(text))
    if not hits:
        return []
    lex = lexicon()
    o2n = n.norm_offsets()
    bounds = [(o2n[s.start], o2n[s.end]) for s in doc.sentences]
    nstarts = [b[0] for b in bounds]
    mstarts = [m.start for m in doc.mentions]
    out = []
    for hit in hits:
        i = bisect_right(nstarts, hit.start()) - 1
        if i < 0 or hit.end() > bounds[i][1]:
            continue
        sentence = doc.sentences[i]
        a, b = bisect_left(mstarts, sentence.start), bisect_left(mstarts, sentence.end)
        view = R.SentenceView.build(doc, sentence, [m for m in doc.mentions[a:b] if m.end <= sentence.end], o2n)
        vs = hit.start() - bounds[i][0]
        ve = vs + len(hit.group(0).split()[0])
        describer = R.subject(view, vs, ve)
        if describer is None:
            continue
        noun = hit.group("obj") if hit.group("obj") is not None else hit.group("obj_en") or ""
        doer = _doer(doc, events, i, sentence.start + 0, view, vs, noun, describer.actor)
        if doer is None:
            continue
        status, _ = status_of(view, lex, vs, ve)
        a0, b0 = view.orig(vs, ve)
        out.append(Event(type="ACCUSE", sentence=sentence, trigger=Span(a0, b0), source=describer.actor,
                         target=doer, status=status, claimant=describer.actor, date=R.pick_date(view, vs, ve),
                         location=None, quantity=None, item=None, part=sentence.part))
    return out


def _doer(doc: Document, events: list[Event], i: int, _start: int, view: R.SentenceView, vs: int, noun: str,
          describer: Actor) -> Actor | None:
    """Who did the act the noun names: the latest fitting event's source, else the last other
    actor before the verb in its sentence."""
    obj_start = vs + 1
    for s in view.actors():     # "العقوبات الغربية", "Israel's strikes": the noun says whose act it is
        if obj_start <= s.start and view.text.find(noun.strip()[-20:], vs) >= 0 \
                and s.end <= vs + len(noun) + 12 and s.actor.country != describer.country:
            return s.actor
    types = next((t for pattern, t in _NOUN_TYPES if pattern.search(noun)), None)
    lo = doc.sentences[max(0, i - 3)].start
    here = doc.sentences[i]
    verb_at = view.orig(vs, vs)[0]
    for e in reversed(events):
        if not (lo <= e.sentence.start <= here.start) or e.source is None or e.source.country == describer.country:
            continue
        if e.sentence.start == here.start and e.trigger.start > verb_at:
            continue
        if types is None or e.type in types:
            return e.source
    if types is not None:
        return None
    for s in reversed(view.actors()):
        if s.end <= vs and s.actor.country != describer.country:
            return s.actor
    return None
