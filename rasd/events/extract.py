"""Events from sentences: triggers, roles, status and claimant (SPEC §2–4).

For each sentence outside removed boilerplate: find the triggers of every type, keep
those whose required context is there (a personnel noun for DEPLOY, a weapon for a
plain "send"), fill the roles, then the claim. An accusation is also a claim: the
event it accuses someone of gets the accuser as claimant and the accused as source.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass, replace

from rasd.events import roles as R
from rasd.events.claims import opens_with_say, speaker, speaker_slot, status_of, trailing_speaker
from rasd.events.denials import denials_at_the_end, denials_of_what_came_before
from rasd.events.described import described_as
from rasd.events.lexicon import Lexicon, lexicon
from rasd.events.triggers import Trigger, triggers
from rasd.events.violence import DEFINITE, RELATIVE, as_noun, not_physical, suffered, violent
from rasd.model import Actor, Document, Event, Span

_COMPLEMENT_PREP = re.compile(r"(?<!\w)(?:من|الي|علي|ب|against|from|to|for)(?!\w)|(?<!\w)[بل]$")


_COMPLEMENT_TAIL = re.compile(r"(?<!\w)(?:من|الي|علي)\s+(?:\S+\s+){0,2}$")


def _is_complement(gap: str, trigger: str) -> bool:
    """"حذرت موسكو سيول من إرسال …", "هددت إسرائيل باستهداف …", "حذر … من الاستمرار في إطلاق":
    what is warned against or asked for."""
    words = gap.split()
    if len(words) <= 4 and (bool(_COMPLEMENT_PREP.search(gap)) or trigger.startswith(("ب", "ل"))):
        return True
    # a preposition a few words before the trigger, still in the speech verb's clause
    return "," not in gap and bool(_COMPLEMENT_TAIL.search(gap))
_ATTITUDE = re.compile(r"(?<!\w)[وف]?(?:تؤيد|يؤيد|تعارض|يعارض|ترفض|يرفض|تستبعد|يستبعد|تدعم فكره|supports?|opposes?|rules? out)"
                       r"\s+(?:(?:بشده|بقوه|قطعيا|strongly|firmly)\s+)?$")   # (an adverb between: "تعارض بشدة بيع")
_EASED = re.compile(r"(?<!\w)[وف]?(?:eased|eases|easing|lifted|lifts|lifting|relaxed|removed|waived|رفع|رفعت|يرفع|ترفع"
                    r"|رفع|تخفيف|خففت|خفف|الغاء|الغت|الغي)\s+(?:\S+\s+){0,2}$")
_OPTION = re.compile(r"(?<!\w)(?:خيار|الخيار|خيارات|سيناريو|احتمال|امكانيه|option|options|scenario|possibility)"
                     r"\s+(?:\S+\s+){0,6}$")
# taking things is not an attack on their makers: "seized drones bearing Emirati markings",
# "استولت القوات على أسلحة" (a town seized is: its object is a place, or no item)
_SEIZE = re.compile(r"[وف]?(?:seized|captured|استولي|استولت|استولوا)$")
_NEGATED = re.compile(r"(?<!\w)(?:never|not|لم|لن|ما)\s+(?:\S+\s+)?$")
# a transfer word naming a trade or a business ("shipping companies", "export controls" aside)
_TRADE_AFTER = re.compile(r"\s+(?:compan(?:y|ies)|firms?|lines?|lanes?|routes?|industry|agents?|vessels?|"
                          r"costs?|rates?|insurance)(?!\w)")
_TRADE_BEFORE = re.compile(r"(?<!\w)(?:شركات|شركه|خطوط|سفن|ممرات|طرق|قطاع|تكاليف|اسعار)\s+$")
# a demonstrative after a noun points back ("التوغل المحدود هذه تهدف"); before an ال-word it is
# the next noun's ("باستعمال هذه المسيرات")
_THESE_AFTER = re.compile(r"(?:\s+ال\S+)?\s+(?:هذه|هذا|تلك)(?!\w)(?!\s+ال)")
_THESE_BEFORE = re.compile(r"(?<!\w)(?:these|those)\s+$")
_EVALUATED = re.compile(r"(?<!\w)[وف]?(?:يعتبر|تعتبر|يعد|تعد|يشكل|تشكل)\s+$")   # "يعتبر تصدير الأسلحة … انتهاكا"
_ANY = re.compile(r"(?<!\w)(?:[لبو]?اي|any)\s+$")
# a condition and what would follow it: "انه اذا حدث هجوم فربما يكون مجرد ضربات جوية", "لو امتلكت
# القنبلة … استخدامها", "if the aggression continued" — nothing that happened (the threat that
# names the condition is the event)
_CONDITIONAL = re.compile(r"(?<!\w)[وف]?(?:اذا|لو|لولا|في حال|في حاله|if|unless)(?!\w)[^.;:؛!?؟]{0,90}$")
# the words the costlier window tests above need, looked for once a sentence (`_holds`)
_IF_WORD = re.compile(r"(?<!\w)[وف]?(?:اذا|لو|لولا|في حال|في حاله|if|unless)(?!\w)")
_OPTION_WORD = re.compile(r"(?:خيار|سيناريو|احتمال|امكانيه|option|scenario|possibility)")


def _holds(view: R.SentenceView, rx: re.Pattern) -> bool:
    """Does the sentence hold a match of `rx` anywhere ("the three countries", "البلدين", a
    condition word)? Asked once a sentence, kept in the view; where `_STEMS` knows words every
    match contains, the regex runs only where one of them is (substring tests are fast)."""
    got = view.cache.get(rx)
    if got is None:
        text = view.text
        stems = _STEMS.get(rx)
        got = view.cache[rx] = (stems is None or any(w in text for w in stems)) and rx.search(text) is not None
    return got


_PAIR = re.compile(r"(?<!\w)(?:ال|لل|وال)?(?:بلدين|بلدان|حليفين|حليفان|جانبين|جانبان|طرفين|طرفان|دولتين|دولتان)(?!\w)"
                   r"|(?<!\w)بينهما(?!\w)")
# "الدول الثلاث", "the three countries", "a trilateral drill": the three countries named last
_TRIO = re.compile(r"(?<!\w)(?:ال|لل|وال)?(?:دول|بلدان|اطراف)\s+(?:ال)?ثلاث(?:ه)?(?!\w)"
                   r"|(?<!\w)(?:ال)?ثلاثي(?:ه)?(?!\w)|(?<!\w)(?:the\s+)?three\s+(?:countries|nations|allies|sides|navies|armies)(?!\w)"
                   r"|(?<!\w)trilateral(?!\w)")
# a stem each match of these patterns contains
_STEMS = {_PAIR: ("بلد", "حليف", "جانب", "طرف", "دولت", "بينهما"), _TRIO: ("ثلاث", "three", "trilateral")}
_ACCUSATION = re.compile(r"^[وفبل]?(?:ال)?(?:اتهام|accusation)")
_OF_WHAT = re.compile(r"\s*(?:\S+\s+)?ب")     # "نيودلهي بتأجيج", "روسيا بـ«…»": what one is accused of
_BLAME = re.compile(r"^[وف]?(?:باللوم|(?:\S+\s+)*باللوم)$")     # "باللوم", "ألقى باللوم"
_ALSO_BEFORE = re.compile(r"(?<!\w)(?:كما|ثم)\s+$")
_OWNED = re.compile(r"'s\s+$")     # "Israel's bombardment of Gaza": the owner did it
# an English verb coordinated with the one before: "… and had never supplied", "and also sent"
_AND_VERB = re.compile(r"(?<!\w)and\s+(?:(?:has|have|had|would|will|was|were|is|are|also|never|not|then|later|"
                       r"already|reportedly)\s+){0,3}$")
_SUBJECT = "#subject"      # view.cache: the last grammatical subject read in the sentence
_SPEAKING = "#speaking"    # view.cache: the subject of the last request, threat or accusation
_PASSIVE = re.compile(r"(?<!\w)(?:تم|يتم|جري|سيتم)\s+$")
_SELF = re.compile(r"(?<!\w)(?:ب?انها|ب?انه|ب?انهم|بلادها|بلاده)(?!\w)")


def _speaks_of_itself(before: str) -> bool:
    """Does a pronoun for the speaker stand before the trigger ("أشارت كوريا الجنوبية إلى أنها
    تدرس")? Not a plural after a feminine singular verb: in "قالت إنهم يشاركون" they are others."""
    m = _SELF.search(before)
    if m is None:
        return False
    for m in _SELF.finditer(before, m.end()):
        pass
    if m.group().endswith("انهم"):
        words = before[:m.start()].split()
        return not (words and words[-1].endswith("ت"))
    return True
# محذرا، متهما، داعيا، ملوحة: an adverbial participle, whose agent is the sentence's main actor
_PARTICIPLE = re.compile(r"^[وف]?(?:م\w+ا|(?:داعي|حاث|طالب)[اه]|(?:محذر|ملوح|متوعد|مهدد|متهم|مناشد|مطالب)ه)$")


@dataclass(slots=True)
class _Reading:
    """What every type's frame reads around a trigger: its subject, the preposition closing it,
    the actors after it (and those of them no preposition governs)."""
    view: R.SentenceView
    lex: Lexicon
    t: Trigger
    subj: R.Slot | Actor | None
    tprep: str
    word: str
    passive: bool
    prev_subject: R.Slot | None
    main_actor: R.Slot | None
    after: list
    bare_after: list


def _subject_before_and(view: R.SentenceView, pos: int) -> R.Slot | None:
    """The subject a coordinated English verb shares: the last actor before "and" that no
    preposition governs and no other verb's object is ("China's embassy said Beijing …")."""
    for s in R._near_before(view, pos, 120):
        if R._prep_before(view, s) == "" and s.mention.role != "demonym":
            return s
    return None


def _roles(view: R.SentenceView, lex: Lexicon, t: Trigger, prev_subject: R.Slot | None,
           main_actor: R.Slot | None) -> tuple[R.Slot | Actor | None, R.Slot | Actor | None]:
    """The source and target a trigger's frame reads: the subject first (the grammatical one,
    else the one a participle, a relative pronoun, "و" or "كما" goes on with), then each
    type's own frame."""
    etype = t.group.type
    tprep = R.trigger_prep(view, t.start, t.end)
    word = view.text[t.start:t.end]
    participle = bool(_PARTICIPLE.match(word))
    subj = None if participle else R.subject(view, t.start, t.end)
    if participle:   # "طالب الجانب الروسي بـ…، ملوّحاً بـ…": the speech act it goes on with, else the speaker
        subj = view.cache.get(_SPEAKING) or main_actor
    if subj is None:
        subj = _lam_subject(view, t.start)
    if subj is None and word.startswith(("و", "ف")) and prev_subject is not None:
        subj = prev_subject   # "سافر شويغو إلى بيونغ يانغ، وطلب من كيم …"
    if subj is None:
        subj = _antecedent(view, t.start)   # "وزير الخارجية التركي الذي افتتح الجلسة بكلمة دعا فيها …"
    if subj is None and _ALSO_BEFORE.search(view.text, max(0, t.start - 8), t.start):
        subj = view.cache.get(_SUBJECT)   # "التي اقتنتها المجر سنة 2020، كما تسلمت …": the same subject
    if subj is None and (m := _AND_VERB.search(view.text, max(0, t.start - 40), t.start)) is not None:
        subj = _subject_before_and(view, m.start())   # "Beijing … opposes … and had never supplied …"
    if subj is not None:
        view.cache[_SUBJECT] = subj
        if etype in ("REQUEST", "THREATEN", "ACCUSE") and not participle:
            view.cache[_SPEAKING] = subj
    if subj is None and main_actor is not None and _speaks_of_itself(view.text[max(0, t.start - 40):t.start]):
        subj = main_actor     # "أشارت كوريا الجنوبية إلى أنها تدرس إرسال …": the pronoun is the speaker
    passive = bool(_PASSIVE.search(view.text[max(0, t.start - 8):t.start]))
    if passive and etype in ("TRANSFER", "DEPLOY"):
        subj = None   # "تم إرسال … من كوريا الشمالية": the agent, if any, comes with من
    # (not past a contrast that opens another clause: "would send a Patriot system, while the
    # Netherlands pledged …")
    after = [s for s in R._near_after(view, t.end, 80) if s is not subj]
    if _holds(view, _CONTRAST_WORD):
        after = [s for s in after if not _CONTRAST_CUT.search(view.gap(t.end, s.start))]
    bare_after = [s for s in after if not R.governed(view, s, t.end, tprep) and not R.qualifies_item(view, s)
                  and not R.attributed(view, s, lex)]
    r = _Reading(view, lex, t, subj, tprep, word, passive, prev_subject, main_actor, after, bare_after)
    if etype == "TRANSFER":
        return _transfer_roles(r)
    if etype == "DEPLOY":
        return _deploy_roles(r)
    if etype in R.SYMMETRIC:
        return _symmetric_roles(r)
    if etype in ("REQUEST", "THREATEN", "ACCUSE"):
        return _speech_roles(r)
    if etype == "SANCTION":
        return _sanction_roles(r)
    if etype == "ATTACK":
        return _attack_roles(r)
    return subj, None


def _transfer_roles(r: _Reading) -> tuple[R.Slot | Actor | None, R.Slot | Actor | None]:
    """Supplier and recipient by the group's direction: "زوّد X بـ", "تسلّم … من", "تعتمد X على Y"."""
    view, lex, t, subj, tprep, group, passive = r.view, r.lex, r.t, r.subj, r.tprep, r.t.group.group, r.passive
    prev_subject, bare_after = r.prev_subject, r.bare_after
    if group == "supply" and view.text[t.start - 1:t.start] == "-":
        return _compound_supplier(view, t)
    frm = R.by_prep(view, t.end, ("من", "from"), tprep=tprep)
    to = R.by_prep(view, t.end, ("الي", "ل", "to"), tprep=tprep) or R.beneficiary(view, t.end, lex)
    origin = R.demonym_near(view, t.end, skip=subj) or R.weapon_origin(view, t.end)
    if subj is not None and _SEIZED_BEFORE.search(view.text, max(0, t.start - 45), t.start):
        # "اعترضت البحرية الأمريكية شحنة أسلحة إيرانية متجهة إلى الحوثيين": who seized the
        # shipment did not send it; its maker did
        subj = None
    if isinstance(origin, R.Slot) and R._clause_cut(view, t.end, origin.start):
        origin = None   # "للحصول على أسلحة، إلى حجم المعاناة التي يواجهها الجيش الروسي": another clause's
    if group == "acquire" and frm is None and subj is not None and _FROM_IT.match(view.text, t.end):
        # "عزز المغرب تعاونه مع إسرائيل، واقتنى منها منظومة": "منها" is the other country named before
        frm = _last_other_before(view, t.start, subj, since=0)
    if group == "acquire":
        bought_for = R.beneficiary(view, t.end, lex) or _bought_for(view, t.end)
        if bought_for is not None and bought_for is not frm and subj is not None \
                and bought_for.actor.country != subj.actor.country \
                and R._prep_before(view, bought_for) not in ("في", "in"):   # "لدعم عملياتها في أوكرانيا": where
            # "تمول شراء منظومتين من الولايات المتحدة لصالح أوكرانيا"; with no seller named, the
            # buyer gives what it buys ("pledged to buy ammunition for Ukraine")
            return frm or origin or subj, bought_for
        source, buyer = frm or origin, subj if subj is not frm else None
        if isinstance(buyer, R.Slot) and source is not None and buyer.actor.country == _country(_actor(source)):
            # "وقعت الهند وفرنسا عقداً لشراء 26 مقاتلة رافال": the seller is one of the pair, the other buys
            partner = R.coordinated(view, buyer)
            if partner is not None and partner.actor.country != buyer.actor.country:
                buyer = partner     # (the pair model takes a list for one side: the rules' reading stands)
                view.cache.setdefault(R.FIRM_TRIGGERS, set()).add(t.start)
        if source is not None and isinstance(buyer, R.Slot):
            _also_receivers_and_makers(view, t, source, buyer)
        return source, buyer
    if group == "rely":
        on = R.by_prep(view, t.end, ("علي", "on"), tprep=tprep)
        if on is not None and subj is not None:
            _also(view, *((s, subj) for s in R.listed_after(view, on)))   # "على الولايات المتحدة وفرنسا"
        return on or frm, subj
    if passive and frm is None:
        frm = R.from_before(view, t.start)
    if passive and to is None:
        to = prev_subject   # "استخدمت روسيا صواريخ تم توريدها من كوريا الشمالية"
    if group in ("provide", "supply") and _BE_BEFORE.search(view.text, max(0, t.start - 12), t.start):
        # "the North Korean soldiers were equipped with Russian weapons", "Ukraine was supplied
        # with F-16s by the Netherlands", "drones were sold to Russia by Iran": the passive's
        # subject (or the one "to" whom) receives, from "by" whom or the maker of what was given
        giver = R.by_prep(view, t.end, ("by",), tprep=tprep, same_clause=True) or origin
        taker = R.by_prep(view, t.end, ("to",), tprep=tprep, same_clause=True) or subj
        if giver is None or taker is None or _country(_actor(giver)) == _country(_actor(taker)):
            return None, None
        if isinstance(giver, R.Slot) and (partner := R.coordinated(view, giver)) is not None and partner.start > giver.end:
            _also(view, (partner, taker))     # "by the Netherlands and Denmark"
        return giver, taker
    if group == "provide":   # "كوريا الشمالية تزود روسيا بقذائف": the object is the recipient
        bare = [s for s in R._near_after(view, t.end, 80)
                if not R.governed(view, s, t.end, tprep) and s.mention.role != "demonym"]
        obj = bare[0] if bare else None
        if subj is obj and len(bare) > 1:             # VSO: "تزود بيلاروسيا روسيا بالذخائر"
            obj = bare[1]
        elif subj is obj:
            subj = R.subject(view, t.start, t.start)   # only a subject before the verb
            subj = None if subj is obj else subj
        return subj or frm, obj or to
    if subj is not None and frm is not None and to is None and subj.start > t.end \
            and frm.actor.country != subj.actor.country:
        return frm, subj   # «سلمت أوكرانيا ثلاث منظومات من مخزون الجيش الألماني»: after the verb, the recipient
    src = subj if subj is not to else None
    src = src or frm or R.from_before(view, t.start) or origin
    if to is None and src is not None and _EITHER_SIDE.search(view.text, t.end, min(len(view.text), t.end + 70)):
        return src, _both_sides(view, t.end, src)
    if to is None:
        to = R.enumerated_after(view, t.end)
    partner = R.coordinated(view, src) if isinstance(src, R.Slot) else None
    if to is None and bare_after and bare_after[0] is not src and bare_after[0] is not partner:
        to = bare_after[0]
    if to is None and src is not None and _ARRIVAL.search(view.text, max(0, t.start - 90), t.start):
        # "أعلن الرئيس الأوكراني وصول المقاتلات التي تبرعت بها الدنمارك": who announces the arrival receives
        said = speaker_slot(view, lex, t.start)
        to = said if said is not None and said.actor.country != _country(_actor(src)) else None
    if to is not None and partner is not None and partner.start > t.end and partner is not to:
        _also(view, (partner, to))     # "التي تبرعت بها الدنمارك وهولندا": both gave
    if isinstance(to, R.Slot) and src is not None:
        for other in _gapped_recipients(view, to):
            _also(view, (None, other))   # "selling jets to India, tanks to Algeria and air defences to China"
    return src, to


def _also_receivers_and_makers(view: R.SentenceView, t: Trigger, source, buyer: R.Slot) -> None:
    """"وكانت مالي وبوركينا فاسو قد تسلمتا طائرات مسيرة تركية ومروحيات روسية": each buyer
    joined to the subject receives, from each maker named on the things received."""
    partner = R.coordinated(view, buyer)
    buyers = [buyer] + ([partner] if partner is not None and partner.actor.country != _country(_actor(source)) else [])
    makers = [source]
    for s in R._near_after(view, t.end, 90):
        if R._clause_cut(view, t.end, s.start):
            break
        if s.mention.role == "demonym" and R.qualifies_item(view, s) \
                and s.actor.country not in {_country(_actor(m)) for m in makers} | {b.actor.country for b in buyers}:
            makers.append(s)
    _also(view, *((m, b) for m in makers for b in buyers if not (m is source and b is buyer)))


def _gapped_recipients(view: R.SentenceView, first: R.Slot) -> list[R.Slot]:
    """The recipients of a verb left out after its first object ("fighter jets to India, tanks
    to Algeria and air defence systems to China", "مقاتلات للهند ودبابات للجزائر"): each "to X"
    that follows, with a thing named before it, in the same clause."""
    if R._prep_before(view, first) not in ("to", "الي", "ل"):
        return []
    out, last = [], first
    for s in R._near_after(view, first.end, 160):
        if s.start - last.end > 60 or R._NEXT_CLAUSE.search(view.gap(last.end, s.start)) \
                or "." in view.gap(last.end, s.start):
            break
        if R._prep_before(view, s) not in ("to", "الي", "ل"):
            if R._prep_before(view, s) == "" and not R.qualifies_item(view, s):
                break    # "…, and Russia supplied helicopters to Mali": another subject, another clause
            continue
        if any(x.mention.kind in ("item", "weapon") and last.end <= x.start < s.start for x in view.slots) \
                and _GAP_JOIN.match(view.gap(last.end, s.start)):
            out.append(s)
            last = s
    return out


# between two gapped objects: a comma or "and"/"و", then the thing sent
_GAP_JOIN = re.compile(r"^\s*(?:[,،]\s*(?:and\s+|و)?|and\s+|و)")


# what a request to stop or refrain asks for is no delivery: "الكف عن تسليح تايوان", "to stop arming"
_STOP_ASKED = re.compile(r"(?<!\w)(?:[وب]?الكف|كف|[وب]?وقف|توقف|عدم|stop|halt|cease|end|refrain)(?!\w)")


def _asks_for_arms(view: R.SentenceView, t: Trigger) -> bool:
    """Does the request name weapons or equipment it asks for, in its own clause (not to stop a supply)?"""
    for s in R._slots_from(view, t.end):
        if s.start > t.end + 80:
            return False
        if s.mention.kind in ("item", "weapon") and s.mention.category not in ("food", "energy", "money", None):
            gap = view.gap(t.end, s.start)
            return not R._CLAUSE_BREAK.search(gap) and not _STOP_ASKED.search(gap)
    return False


# the arrival or receipt of what a relative clause then says was given
_ARRIVAL = re.compile(r"(?<!\w)(?:[وب]?وصول|[وب]?تسلم|[وب]?استلام|arrival|receipt)(?!\w)[^.,،]{0,80}"
                      r"(?:التي|الذي|اللتين|that|which)\s+(?:\S+\s+)?$")


def _deploy_roles(r: _Reading) -> tuple[R.Slot | Actor | None, R.Slot | Actor | None]:
    """Sender and host (or beneficiary) of troops."""
    view, lex, t, subj, tprep = r.view, r.lex, r.t, r.subj, r.tprep
    # a demonym is the sender when it stands on the troops ("British Royal Marines commandos flew into …")
    src = subj if subj is not None and (subj.mention.role != "demonym"
                                        or view.has_cue("personnel", lex.needs["personnel"], subj.end,
                                                        min(len(view.text), subj.end + 30))) else None
    src = src or R.by_prep(view, t.end, ("من",), tprep=tprep) or R.from_before(view, t.start) \
        or R.demonym_near(view, max(0, t.start - 60), 140)
    tgt = R.beneficiary(view, t.end, lex)
    if tgt is None:
        tgt = R.by_prep(view, t.end, ("الي", "ل", "to", "into"), tprep=tprep) \
            or R.location_country(view, t.end, preps=("في", "الي", "ب", "in", "to", "into"))
        if tgt is None:
            tgt = _across_border(view, t.end)
        if tgt is not None:
            view.cache.setdefault("destination", set()).add(t.start)   # where, not for whom
    partner = _troops_with(view, src) if isinstance(src, R.Slot) else None
    if partner is not None and tgt is not None:
        _also(view, (partner, tgt))
    return src, tgt


# "to the border with Guyana", "على الحدود مع أوكرانيا": troops massed facing a neighbour
_BORDER_WITH = re.compile(r"(?<!\w)(?:border|borders|frontier|[لبو]?(?:ال)?حدود)\s+(?:مع|with)\s+(?:the\s+)?$")


def _across_border(view: R.SentenceView, te: int) -> R.Slot | None:
    """The neighbour troops were sent to the border with, in the trigger's clause."""
    for s in R._near_after(view, te, 90):
        if R._clause_cut(view, te, s.start):
            return None
        if _BORDER_WITH.search(view.text, max(0, s.start - len(view.clitic(s)) - 24), s.start - len(view.clitic(s))):
            return s
    return None


def _symmetric_roles(r: _Reading) -> tuple[R.Slot | Actor | None, R.Slot | Actor | None]:
    """The two sides of a meeting, agreement or cooperation."""
    view, lex, t, subj, tprep, word = r.view, r.lex, r.t, r.subj, r.tprep, r.word
    etype, main_actor, bare_after = r.t.group.type, r.main_actor, r.bare_after
    if subj is None and main_actor is not None and etype == "MEET":
        subj = main_actor if main_actor.start > t.end else None   # "خلال زيارة لروسيا …، وعدت الوزيرة …"
    pair = R.by_prep(view, t.end, ("بين", "between"), limit=40)
    if pair is not None:
        other = R.coordinated(view, pair)
        if other is not None:
            return pair, other
    first = subj
    other = R.by_prep(view, t.end, ("مع", "with", "الي", "ب", "جانب"), tprep=tprep, same_clause=True)
    if first is not None and other is None:
        other = R.coordinated(view, first) or next(
            (s for s in bare_after if s.start > first.end and s.actor.country != first.actor.country
             and "," not in view.gap(t.end, s.start)), None)   # (not past a comma: "a meeting of commanders that the system, which Moscow …")
    if first is not None and other is None and etype in ("MEET", "AGREE"):
        other = R.foreign_capital(view, t.end, first)
    if first is not None and other is None and etype == "AGREE":
        # "signed a $367 million contract for the TB2", "an agreement to buy JF-17s from
        # Pakistan": the other party of an arms contract is the maker or the seller
        other = R.by_prep(view, t.end, ("من", "from"), tprep=tprep) or R.demonym_near(view, t.end, 90) \
            or R.weapon_origin(view, t.end, 90)
        if other is not None and _country(_actor(other)) == first.actor.country:
            other = None
    if first is not None and other is None and etype == "COOPERATE" and _EXERCISE.search(word):
        host = R.location_country(view, t.end, preps=("في", "ب", "in")) \
            or _actor(R.by_prep(view, t.end, ("by",), limit=40))   # "NATO drills in Norway", "hosted by Norway"
        other = host if host is not None and host.country != first.actor.country else None
    if first is None and other is not None:
        first = R.coordinated(view, other)
    lead = _lead(view, lex, main_actor) if first is None and etype in ("MEET", "AGREE") else None
    if first is None:
        pairs = [s for s in view.actors() if s.end <= t.start and R.coordinated(view, s)]
        if pairs:
            first, other = pairs[-1], R.coordinated(view, pairs[-1])
            run = [pairs[-1]]
            for s in reversed(pairs[:-1]):
                if R.coordinated(view, s) is not run[-1]:
                    break
                run.append(s)
            if lead is not None and lead.end <= min(s.start for s in run) \
                    and lead.actor.country not in {s.actor.country for s in run}:
                # "جولة شملت القاهرة وعمّان التقى خلالها …": the one who toured met each
                _also(view, *((lead, s) for s in run[1:]))
                view.cache.setdefault(R.ONE_SIDE, set()).update(s.actor.country for s in run)
                return lead, run[0]
    if (first is None or other is None) and _holds(view, _TRIO):
        three = R.last_listed(view, 3) or R.last_countries(view, 3)
        if three is not None and lead is not None and lead.start < t.start \
                and lead.actor.country not in {a.country for a in three}:
            # "جولات شملت مالي وبوركينا فاسو والنيجر، التقى خلالها قادة الدول الثلاث": the
            # visitor met each of the three, not the three one another
            _also(view, (lead, three[1]), (lead, three[2]))
            view.cache.setdefault(R.ONE_SIDE, set()).update(a.country for a in three)
            return lead, three[0]
        if three is not None:
            _also(view, (three[0], three[2]), (three[1], three[2]))
            return three[0], three[1]
    if (first is None or other is None) and _holds(view, _PAIR):
        both = R.last_two_countries(view)     # "ويرتبط الحليفان بمعاهدة", "التعاون بين البلدين"
        if both is not None:
            return both
    return first, other


def _speech_roles(r: _Reading) -> tuple[R.Slot | Actor | None, R.Slot | Actor | None]:
    """Who accuses, warns or asks whom."""
    view, lex, t, subj, tprep, word = r.view, r.lex, r.t, r.subj, r.tprep, r.word
    etype, group, main_actor, after = r.t.group.type, r.t.group.group, r.main_actor, r.after
    if etype == "ACCUSE":
        # "رفضت طهران الاتهامات الغربية بـ…", "Moscow dismissed Western accusations": the
        # adjective on the noun accuses; the one who rejects them is the accused
        agent = R.adjective_after(view, t.end) or R.adjective_before(view, t.start)
        if agent is not None:
            accused = subj if subj is not None and subj.mention.country != agent.mention.country else None
            if _ACCUSATION.match(word):     # (not "ادعاءات روسية": a claim need not accuse anyone)
                view.cache.setdefault(R.FIRM_TRIGGERS, set()).add(t.start)
            return agent, accused
        owner = _genitive_accuser(view, t, word)
        if owner is not None:
            # "نفت أسمرة اتهامات أديس أبابا بدعم متمردين": the accusations are Addis Ababa's; the
            # one who rejects them is the accused
            accused = subj if subj is not None and subj is not owner and subj.actor.country != owner.actor.country \
                else None
            return owner, accused
    if group == "vow":
        return _vow(view, lex, t, subj)
    if group == "condemn":
        condemned = _condemned(view, t.end, subj)
        if condemned is None and subj is not None and _THE_ACT.match(view.text, _past_subject(view, t.end, subj)):
            doer = _last_doer(view, subj)
            if doer is not None:
                view.cache.setdefault(R.FIRM_TRIGGERS, set()).add(t.start)   # a pair from the story, not the sentence
                partner = R.coordinated(view, subj)
                if partner is not None and partner.actor.country != doer.country:
                    _also(view, (partner, doer))     # "أدانت طوكيو وسيول": each condemns
                return subj, doer
        return subj, condemned
    if etype == "ACCUSE" and subj is None and _PRONOUN_ACCUSED.search(view.text, max(0, t.start - 16), t.start):
        # "sanctions on two Chinese companies it accused of helping Russia": the companies
        accused = next(iter(R._near_before(view, t.start, 40)), None)
        if accused is not None and main_actor is not None and accused.actor.country != main_actor.actor.country:
            view.cache.setdefault(R.FIRM_TRIGGERS, set()).add(t.start)
            return main_actor, accused
    if etype == "ACCUSE" and subj is not None and subj.start > t.end and word[:1] in "وف" \
            and _OF_WHAT.match(view.text, subj.end):
        # "انتقدت الخارجية الباكستانية الصفقة، واتهمت نيودلهي بتأجيج …": the one right after a
        # coordinated "واتهمت" and before its بـ is the accused; the accuser opened the sentence
        first = next((s for s in view.actors() if s.end <= t.start and R._prep_before(view, s) in ("", "ل")
                      and s.actor.country != subj.actor.country), None)
        if first is not None:
            view.cache[_SPEAKING] = first    # a participle after it goes on with the accuser ("داعيةً باريس …")
            return first, subj
    if etype == "ACCUSE" and subj is not None and _BLAME.match(word):
        blamed = R.by_prep(view, t.end, ("علي", "on"), limit=40, tprep=tprep)
        if blamed is not None and blamed.actor.country != subj.actor.country:
            # "ألقى نظام بيونغ يانغ باللوم على الولايات المتحدة", "blamed … on Washington": an idiom
            # with both its parties in place, which the pair model reads as a mere mention
            view.cache.setdefault(R.FIRM_TRIGGERS, set()).add(t.start)
            return subj, blamed
    if subj is not None and _OBJECT_PRONOUN.match(view.text, t.end):
        # "lodged representations with Washington and urged it to stop arming Taiwan": "it" is
        # the other side named before, not what comes after
        other = _last_other_before(view, t.start, subj)
        if other is not None:
            view.cache.setdefault(R.FIRM_TRIGGERS, set()).add(t.start)   # read off the syntax: the pair model sees no object
            return subj, other
    if etype in ("REQUEST", "THREATEN", "ACCUSE"):
        partner = R.coordinated(view, subj) if subj is not None else None
        # not the attacker on the violence a request or a warning speaks of: "طالبت كييف حلفاءها
        # بالدفاعات الجوية، محذرة من الهجمات الروسية" asks the allies and threatens no one
        # (a threat also names whom what it threatens falls on: "warned that it could impose
        # restrictions on Chinese banks", "بعمل عسكري ضد إيران")
        objects = ("", "علي", "من", "الي") + (("ضد", "against", "on") if etype == "THREATEN" else ())
        direct = [s for s in after if s is not partner and R.governed(view, s, t.end, tprep) in objects
                  and not (etype in ("REQUEST", "THREATEN") and R.on_violence(view, s))
                  and not (subj is not None and s.mention.role == "short" and s.actor.country == subj.actor.country)]
        # (not the speaker again: "X warned that it could impose …")
        if not direct and subj is not None and _BOTH_SIDES.match(view.text, t.end):
            return subj, _both_sides(view, t.end, subj)
        if not direct and etype == "THREATEN":
            payer = _who_will_pay(view, t.end)
            if payer is not None and (subj is None or payer.actor.country != subj.actor.country):
                return subj, payer
        if direct and etype == "THREATEN" and R.governed(view, direct[0], t.end, tprep) in ("ضد", "against", "on"):
            # read off what the threat would fall on: the pair model, seeing no object, doubts it
            view.cache.setdefault(R.FIRM_TRIGGERS, set()).add(t.start)
        return subj, direct[0] if direct else None


# an accusation noun in construct (no article): "اتهامات أديس أبابا", "اتهام واشنطن لموسكو"
_ACCUSATION_CONSTRUCT = re.compile(r"^[وفب]?(?:اتهامات|اتهام|مزاعم)$")


def _genitive_accuser(view: R.SentenceView, t: Trigger, word: str) -> R.Slot | None:
    """The actor an Arabic accusation noun in construct belongs to: the one right after it."""
    if not _ACCUSATION_CONSTRUCT.match(word):
        return None
    nxt = next(iter(R._near_after(view, t.end, 30)), None)
    if nxt is None or view.clitic(nxt) or view.gap(t.end, nxt.start).strip():
        return None
    return nxt


# a verb of seizing before what was being shipped: "اعترضت … شحنة أسلحة", "seized a shipment of"
_SEIZED_BEFORE = re.compile(R.SEIZING.pattern + r"[^,،.]{0,30}$")
_BE_BEFORE = re.compile(r"(?<!\w)(?:were|was|been|being|are|is)\s+(?:\w+ly\s+)?$")    # an English passive
_CONTRASTS = "while|whereas|فيما|بينما|في حين"
_CONTRAST_WORD = re.compile(_CONTRASTS)
_CONTRAST_CUT = re.compile(rf"[,،]\s*(?:{_CONTRASTS})(?!\w)")


def _bought_for(view: R.SentenceView, te: int) -> R.Slot | None:
    """"buy ammunition for Ukraine": the actor right after "for" in the trigger's clause."""
    for s in R._near_after(view, te, 60):
        if R._clause_cut(view, te, s.start):
            return None
        if view.text[max(0, s.start - 4):s.start] == "for ":
            return s
    return None


# an English object pronoun right after the verb: "urged it to", "warned them against"
_OBJECT_PRONOUN = re.compile(r"\s+(?:it|them)\s+(?:to|against|of|not)(?!\w)")


def _last_other_before(view: R.SentenceView, ts: int, subj: R.Slot, *, since: int | None = None) -> R.Slot | None:
    """The last actor before the trigger of another country than the subject's, after the
    subject (or after `since`)."""
    lo = subj.end if since is None else since
    for s in reversed(view.actors()):
        if s.end <= ts and s.start >= lo and s is not subj and s.actor.country != subj.actor.country:
            return s
        if s.end <= lo:
            return None
    return None


# "اقتنى منها", "تسلمت منه": a pronoun after من for the one it was bought from
_FROM_IT = re.compile(r"\s+[وف]?(?:منها|منه|منهم|منهما)(?!\w)")


def _sanction_roles(r: _Reading) -> tuple[R.Slot | Actor | None, R.Slot | Actor | None]:
    """Who imposes sanctions on whom."""
    view, t, subj = r.view, r.t, r.subj
    imposer = R.by_prep(view, t.end, ("من", "from", "by"), limit=50)
    on = R.by_prep(view, t.end, ("علي", "on", "against"))
    if on is None and _SANCTIONS_ON.match(view.text, t.end):
        on = R.demonym_near(view, t.end, 60)    # "عقوبات على 3 شركات إيرانية", "on two Chinese firms"
    also = R._near_after(view, on.end, 50)[:1] if isinstance(on, R.Slot) else []
    if also and also[0].actor.country != on.actor.country and _AND_MORE.match(view.gap(on.end, also[0].start)):
        _also(view, (None, also[0]))     # "… على 3 شركات إيرانية و2 من المسؤولين الفنزويليين"
    agent = R.adjective_after(view, t.end)
    if agent is not None and imposer is None:
        # "العقوبات الغربية على إيران", "تصف طهران العقوبات الغربية بأنها …": the adjective imposes
        if on is None and subj is not None and subj.actor.country != agent.actor.country:
            on = subj
        return agent, on
    if imposer is not None and subj is not None and on is None and imposer is not subj:
        return imposer, subj    # "تعاني روسيا من عقوبات قاسية من الغرب": the subject bears them
    return subj or imposer, on


def _attack_roles(r: _Reading) -> tuple[R.Slot | Actor | None, R.Slot | Actor | None]:
    """Attacker and attacked."""
    view, t, subj, tprep, word = r.view, r.t, r.subj, r.tprep, r.word
    group, bare_after = r.t.group.group, r.bare_after
    if group == "use":
        return _user_and_target(view, t, subj, tprep)
    if group == "intercept":
        return _interception(view, t, subj)
    if group == "hit" and subj is None:
        # "أصابت صواريخ روسية محطة كهرباء": the maker of the weapons that hit, named after the verb
        subj = R.demonym_near(view, t.end, 40)
        if subj is not None:
            view.cache.setdefault(R.FIRM_TRIGGERS, set()).add(t.start)   # weapons that hit: an attack, whatever the pair model says
    if group == "inflict":
        # "وكبّدت القوات الأوكرانية خسائر": after a coordinated verb the noun that follows is the
        # one who suffers; the doer is the subject before it (or the one the "و" goes on with)
        doer = subj if subj is not None and subj.start < t.start else r.prev_subject
        if doer is None and word.startswith("و"):
            doer = next((s for s in reversed(view.actors()) if s.end <= t.start and R._prep_before(view, s) == ""), None)
        hit = R.by_prep(view, t.end, ("on", "علي"), tprep=tprep, same_clause=True) or next(
            (s for s in R._near_after(view, t.end, 40) if s is not doer and R._prep_before(view, s) == ""
             and not R._clause_cut(view, t.end, s.start)), None)
        return doer, hit
    agent = R.adjective_after(view, t.end) if not word.isascii() else None   # (English puts demonyms first)
    if subj is None and word.isascii() and word.endswith("ing") and view.text[max(0, t.start - 2):t.start] == ", ":
        # "Azerbaijan launched an operation in Karabakh, shelling Armenian positions": the clause's subject
        subj = next((s for s in view.actors() if s.end <= t.start and R._prep_before(view, s) == ""), None)
    if agent is not None and word.startswith("تحت"):    # "جنود كوريون تحت نيران أوكرانية"
        return agent, R.subject(view, t.start, t.start)
    if suffered(view, t):      # "تعرض صحافي عراقي للخطف على أيدي مسلحين": the subject suffered it
        return agent or _done_by(view, t.end), subj
    if agent is None and group == "attack_noun" and _CIRCUMSTANCE.search(view.text, max(0, t.start - 8), t.start):
        subj = None    # "مقتل جندي أفغاني في هجوم انتحاري": the one before was hurt in it, not its author
    if agent is not None:
        subj = agent
    if subj is None and agent is None:
        subj = _own_forces(view, r.lex, t)
    tgt = R.by_prep(view, t.end, ("علي", "ضد", "on", "against"), tprep=tprep) or _fired_at(view, t.end)
    if tgt is None and subj is not None and bare_after and bare_after[0].start > subj.start \
            and len(view.gap(max(t.end, subj.end), bare_after[0].start - len(view.clitic(bare_after[0]))).split()) <= 2:
        tgt = bare_after[0]
    if tgt is None:
        tgt = R.place_object(view, max(t.end, subj.end if subj else 0))
    if tgt is None:
        tgt = R.location_country(view, t.end, last=True, preps=("في", "الي", "ب", "علي", "in", "to", "on"))
    if isinstance(subj, R.Slot) and tgt is not None and (partner := R.coordinated(view, subj)) is not None \
            and view.gap(min(subj.end, partner.end), max(subj.start, partner.start)) in R.HYPHEN:
        _also(view, (partner, tgt))      # "the American-British strikes on Sanaa": one compound, both attackers
    return subj, tgt


# a violence noun as the circumstance of what the clause tells ("قتل جنديان في هجوم", "killed in an attack")
_CIRCUMSTANCE = re.compile(r"(?<!\w)(?:في|خلال|جراء|اثناء|in|during)\s+$")
# "على أيدي مسلحين", "من قبل الشرطة", "by Iraqi officers": who did what was suffered
_BY_HANDS = re.compile(r"(?<!\w)(?:علي\s+(?:ايدي|يد)|من\s+قبل|by)\s+(?:(?!(?:في|من|الي|in|at|from)\s)\S+\s+)?$")


def _done_by(view: R.SentenceView, te: int) -> R.Slot | None:
    for s in R._near_after(view, te, 80):
        if _BY_HANDS.search(view.text, max(0, s.start - 40), s.start):
            return s
    return None


# "و2 من المسؤولين", "and three officials": a second party of the same list with its own count
_AND_MORE = re.compile(r"^\s+(?:و|and\s+)[^,،]{0,40}$")
# the trigger followed by what sanctions fall on: "عقوبات جديدة على", "sanctions on"
_SANCTIONS_ON = re.compile(r"\s+(?:[^\W\d_]+\s+)?(?:علي|on|against)\s")


# "firms it accused of", "companies that Washington accused of": a reduced relative clause
_PRONOUN_ACCUSED = re.compile(r"(?<!\w)(?:it|they|he|she)\s+(?:has\s+|had\s+|have\s+)?$")


# "fired missiles at a U.S. destroyer", "launched drones towards Israel"
_AT = re.compile(r"(?<!\w)(?:at|towards|toward)\s+(?:(?:a|an|the|two|three|several|its)\s+)?$"
                 r"|(?<!\w)(?:باتجاه|في اتجاه|نحو|صوب)\s+(?:\S+\s+)?$")   # "باتجاه المدن الإسرائيلية", "نحو شمال إسرائيل"


def _fired_at(view: R.SentenceView, te: int) -> R.Slot | None:
    """The target an English attack names with "at" / "towards" (not a place or a time: "at
    dawn", "at the border" name no actor)."""
    for s in R._near_after(view, te, 90):
        k = s.start - len(view.clitic(s))
        if _AT.search(view.text, max(0, k - 20), k):
            return s
    return None


# "في ضرب", "لقصف", "to strike", "in attacks on": what the weapons were used for, its object the target
_STRIKE = re.compile(r"(?<!\w)(?:[وف]?(?:في|ل|لل)\s*)?(?:ال)?(?:ضرب|قصف|استهداف|مهاجمه|هجمات|ضربات|غارات)(?!\w)"
                     r"|(?<!\w)(?:to|in)\s+(?:strike|attack|hit|target|bomb|shell|pound|attacks|strikes|raids)(?!\w)")


_MUNITIONS = frozenset({"missile", "drone", "ammunition", "rocket_launcher"})
_MORE = "#more_pairs"      # view.cache: the other (source, target) pairs the frame just read names


def _also(view: R.SentenceView, *pairs: tuple[R.Slot | Actor | None, R.Slot | Actor]) -> None:
    """Record the other pairs one reading names ("both sides", "the three countries", "شاحنات
    جزائرية وموريتانية"; a source None is the event's own, as the caller settles it): the caller
    takes them with the event (`_sentence_events`)."""
    view.cache.setdefault(_MORE, []).extend(pairs)


# "drones launched from Houthi-controlled areas", "صواريخ أُطلقت من جنوب لبنان": where they came from
_FROM_WHERE = re.compile(r"(?<!\w)(?:launched|fired|sent|flown)\s+(?:from|by)\s+(?:the\s+)?$"
                         r"|(?<!\w)(?:اطلقت|اطلق|اطلقها|انطلقت|انطلق)\s+(?:من|من قبل)\s+(?:\S+\s+)?$")


def _launched_from(view: R.SentenceView, te: int) -> Actor | None:
    for s in R._near_after(view, te, 140):
        if _FROM_WHERE.search(view.text, max(0, s.start - len(view.clitic(s)) - 30), s.start - len(view.clitic(s))):
            return s.actor
    return None


def _interception(view: R.SentenceView, t: Trigger, defender: R.Slot | None) -> tuple[R.Slot | Actor | None,
                                                                                      R.Slot | Actor | None]:
    """"أسقطت الدفاعات الجوية الروسية 30 مسيرة أوكرانية", "Pakistani jets downed several Indian
    aircraft": missiles and drones shot down were the attack of the side that launched them on
    the one that downed them; an aircraft shot down was attacked by whoever downed it."""
    downed = next((s for s in R._slots_from(view, t.end) if s.mention.kind in ("item", "weapon")
                   and s.start < t.end + 80), None)
    owner = R.demonym_near(view, t.end, 90)
    origin = owner.actor if owner is not None else _launched_from(view, t.end)
    if defender is not None and defender.mention.role == "demonym" and owner is not None \
            and owner.start == defender.start:
        defender = None
    if defender is None:      # "أسقطت الدفاعات الروسية …": the demonym on the defences, else the speaker's side
        defender = next((s for s in R._near_before(view, t.start, 40) if s.mention.role == "demonym"
                         and not R._clause_cut(view, s.end, t.start)), None) \
            or R.adjective_after(view, t.end) or speaker_slot(view, lexicon(), t.start)
    if downed is not None and downed.mention.category in _MUNITIONS:
        return origin, defender
    return defender, origin


def _user_and_target(view: R.SentenceView, t: Trigger, user: R.Slot | None,
                     tprep: str) -> tuple[R.Slot | Actor | None, R.Slot | Actor | None]:
    """"استخدمت القوات الروسية المسيّرات الإيرانية في ضرب محطات الكهرباء الأوكرانية", "which
    Moscow has used to strike Ukrainian cities", "used by Russia against Ukraine": whoever uses
    the weapons attacks what they are used against, for or in. A demonym right after the weapon
    says where it was made (the supplier), not who was hit."""
    if user is None or view.text[t.start:t.end] == "used":
        user = R.by_prep(view, t.end, ("by",), limit=40) or user
    target = R.by_prep(view, t.end, ("ضد", "against"), tprep=tprep)
    if target is None:
        m = _STRIKE.search(view.text, t.end, min(len(view.text), t.end + 90))
        if m is not None and not R._clause_cut(view, t.end, m.start()):
            after = [s for s in R._near_after(view, m.end(), 60) if s is not user]
            if after and not R._clause_cut(view, m.end(), after[0].start):
                target = after[0]
            else:
                target = R.location_country(view, m.end(), preps=("في", "ب", "in", "across", "on"))
    if target is None:
        target = R.location_country(view, t.end, preps=("في", "in", "across"))
    if target is not None and user is not None and _country(_actor(target)) == _country(_actor(user)):
        target = None
    if isinstance(target, R.Slot) and (also := R.coordinated(view, target)) is not None:
        _also(view, (None, also))     # "شاحنات جزائرية وموريتانية"
    return user, target


# "دعا الطرفين إلى", "دعوتها طرفي الصراع إلى", "urged both sides to": the two parties named last
_BOTH_SIDES = re.compile(r"\s*(?:\S+\s+){0,2}?(?:(?:[لب]?ال)?(?:طرفين|جانبين)(?!\w)|[لب]?طرفي\s+(?:ال)?(?:صراع|نزاع|حرب|قتال|ازمه)"
                         r"|both\s+sides|the\s+two\s+sides|the\s+warring\s+(?:sides|parties)|the\s+two\s+parties)")
# "لم ترسل أسلحة إلى أي من طرفي النزاع", "never supplied weapons to either side": both parties of the war
_EITHER_SIDE = re.compile(r"(?<!\w)(?:الي|ل)\s*(?:اي\s+من\s+|كلا\s+)?(?:ال)?طرفي\s+(?:ال)?(?:صراع|نزاع|حرب|قتال)"
                          r"|(?<!\w)to\s+(?:either|both)\s+(?:side|sides|party|parties)(?!\w)")


def _both_sides(view: R.SentenceView, te: int, subj: R.Slot) -> R.Slot | Actor | None:
    """The sides a request or warning to "both sides" is addressed to: the country of the
    conflict when one is named right after ("طرفي الصراع في السودان"), else the two countries
    named last other than the speaker's."""
    place = R.location_country(view, te, preps=("في", "in"))
    if place is not None and R._near_after(view, te, 60):
        return place
    named = R.last_countries(view, 3) or R.last_countries(view, 2) or ()
    sides = [a for a in named if a.country != subj.actor.country][-2:]
    if len(sides) == 2:
        _also(view, (None, sides[1]))
    return sides[0] if sides else None


def _condemned(view: R.SentenceView, te: int, subj: R.Slot | None) -> R.Slot | None:
    """"دانت السعودية الاعتداءات الإسرائيلية على لبنان", "condemned Russia for the strike": who is
    condemned is the party named as the object, or the attacker on the attack condemned — never
    the place attacked ("دانت … الهجمات على بورتسودان" condemns no one)."""
    for s in R._near_after(view, te, 60):
        if s is subj or R._prep_before(view, s) != "":
            return None
        words = view.gap(te, s.start - len(view.clitic(s))).split()
        if not words:
            return s if not R.qualifies_item(view, s) else None
        if len(words) == 1 and R.VIOLENCE_NOUN.match(words[0]) and s.mention.role == "demonym":
            return s
        return None
    return None


# what a condemnation names when it names the act just reported: "أدانت طوكيو وسيول عملية
# الإطلاق", "condemned the attack", "نددت بالهجوم"
_THE_ACT = re.compile(r"\s*(?:ب)?(?:عمليه\s+)?(?:ال|بال)(?:اطلاق|هجوم|هجمات|قصف|غاره|غارات|ضربه|ضربات|تجربه|تفجير|"
                      r"اعتداء|توغل)(?!\w)|\s*the\s+(?:latest\s+)?(?:launch|attack|attacks|strike|strikes|test|"
                      r"bombing|shelling|incursion)(?!\w)")


def _past_subject(view: R.SentenceView, te: int, subj: R.Slot) -> int:
    """Where the object starts: past the subject and its partner when they follow the verb
    ("أدانت طوكيو وسيول عملية الإطلاق")."""
    if subj.start < te:
        return te
    partner = R.coordinated(view, subj)
    return partner.end if partner is not None and partner.start > subj.end else subj.end


def _last_doer(view: R.SentenceView, subj: R.Slot) -> Actor | None:
    """Who did the attack or test the sentences before report last (not the condemner)."""
    return next((e.source for e in reversed(view.doc.norm.memo.get(_SO_FAR, ()))
                 if e.sentence.start < view.sentence.start and e.type in ("ATTACK", "TEST") and e.status == "asserted"
                 and e.source is not None and e.source.country not in (subj.actor.country, "IGO")), None)


_EXERCISE = re.compile(r"(?:مناور|تدريب|تمرين|تمارين|drill|exercise|manoeuvre|maneuver|war\s?games)")


def _compound_supplier(view: R.SentenceView, t: Trigger) -> tuple[R.Slot | None, R.Slot | None]:
    """"Ukraine fired U.S.-supplied ATACMS", "صواريخ أمريكية الصنع": the country glued to "-supplied"
    supplied the weapons to whoever the clause says has or uses them (its subject)."""
    supplier = next((s for s in R._near_before(view, t.start, 3)), None)
    if supplier is None:
        return None, None
    user = next((s for s in R._near_before(view, supplier.start, 80) if R._prep_before(view, s) == ""
                 and s.actor.country != supplier.actor.country and not R._clause_cut(view, s.end, supplier.start)),
                None)
    return supplier, user


def _vow(view: R.SentenceView, lex: Lexicon, t: Trigger, subj: R.Slot | None) -> tuple[R.Slot | Actor | None,
                                                                                      R.Slot | Actor | None]:
    """"Beijing would take resolute measures", "«لن تمر هذه الهجمات دون رد»، قال مسؤول أمريكي": a
    vow of retaliation threatens whoever the story has just named as acting against the one
    who vows — an actor after the vow in the sentence ("…بالعدو الأمريكي"), else the first
    other country the sentences before name (their subject: "Washington approved the sale to
    Taiwan" → Washington)."""
    who = subj or speaker_slot(view, lex, t.start) or trailing_speaker(view, lex, t.end)
    if who is None:
        return None, None
    mine = who.actor.country
    after = [s for s in R._near_after(view, t.end, 90) if s.actor.country != mine and s.mention.kind != "weapon"]
    if after and not R._clause_cut(view, t.end, after[0].start):
        if (partner := R.coordinated(view, after[0])) is not None and partner.actor.country != mine:
            _also(view, (who, partner))     # "the American-British aggression", "بالعدو الأمريكي والبريطاني"
        return who, after[0]
    # "Peskov said strikes deep into Russia would mean NATO countries were at war with Russia,
    # and warned of an appropriate response": the other side the sentence itself names
    before = [s for s in view.actors() if s.end <= t.start and s.actor.country != mine and s.mention.kind != "weapon"
              and not R.qualifies_item(view, s)]
    if before:
        return who, before[-1]
    doc = view.doc
    # the last one the story has shown acting against the one who vows ("US sanctions Chinese
    # firms … . It said China would take necessary measures": the United States)
    against = next((e.source for e in reversed(doc.norm.memo.get(_SO_FAR, ()))
                    if e.sentence.start < view.sentence.start and e.source is not None and e.target is not None
                    and e.target.country == mine and e.source.country != mine and e.source.code != "IGO"
                    and e.type in ("ATTACK", "SANCTION", "THREATEN", "ACCUSE", "TRANSFER", "DEPLOY")
                    and e.status == "asserted"), None)
    if against is not None:
        # (a pair from the story, not from this sentence: the pair model cannot weigh it)
        view.cache.setdefault(R.FIRM_TRIGGERS, set()).add(t.start)
        return who, against
    k = bisect_left(R.span_starts(doc, doc.sentences) or [s.start for s in doc.sentences], view.sentence.start)
    for sent in reversed(doc.sentences[max(0, k - 3):k]):
        for m in R.starting_in(doc, doc.mentions, sent.start, sent.end):
            if sent.start <= m.start < sent.end and m.country and m.country not in (mine, "IGO") \
                    and (m.code or m.role in ("demonym", "composed")) and m.kind != "weapon":
                return who, Actor(m.code or m.country, m.country, m.name, m.entity_id)
    return who, None


_SO_FAR = "#events_so_far"     # doc.norm.memo key: the rules' events of the sentences read so far


# "سبق لأنقرة أن زوّدت …", "يمكن لموسكو أن ترسل …": the actor after لـ is the verb's subject
_LAM_SUBJECT = re.compile(r"(?<!\w)(?:سبق|يسبق|يمكن|يحق|يجوز)\s+(?P<who>ل\S+(?:\s+\S+)?)\s+ان\s+$")


def _lam_subject(view: R.SentenceView, ts: int) -> R.Slot | None:
    m = _LAM_SUBJECT.search(view.text, max(0, ts - 60), ts)
    if m is None:
        return None
    a, b = m.span("who")
    return next((s for s in view.actors() if a <= s.start < b), None)


# "US Marines and British Royal Marines", "قوات فرنسية وأخرى بلجيكية": two armies' troops joined
_TROOPS_AND = re.compile(r"^\w*\s+(?:[^\W\d_]+\s+){0,3}(?:and\s+(?:the\s+)?|و(?:اخرون\s+|اخرين\s+|اخري\s+)?)$")


def _troops_with(view: R.SentenceView, sender: R.Slot) -> R.Slot | None:
    """Another country's troops joined to the sender's by "and", just before or after it."""
    for s in R._near_before(view, sender.start, 40)[:1]:
        if s.actor.country != sender.actor.country and _TROOPS_AND.match(view.text[s.end:sender.start]):
            return s
    for s in R._near_after(view, sender.end, 40)[:1]:
        if s.actor.country != sender.actor.country and _TROOPS_AND.match(view.text[sender.end:s.start]):
            return s
    return None


# "فسيدفع لبنان ثمناً لم يعرفه", "Tehran will pay a heavy price": who a threat is aimed at
_PAY = re.compile(r"(?<!\w)[وف]?(?:سيدفع|ستدفع|سيدفعون|سيندم|ستندم)(?!\w)|(?<!\w)will\s+(?:pay|regret)(?!\w)")


def _who_will_pay(view: R.SentenceView, te: int) -> R.Slot | None:
    """The actor said to be going to pay a price (or regret it) after a threat's trigger."""
    for m in _PAY.finditer(view.text, te):
        after = R._near_after(view, m.end(), 25)
        if after and not m.group().startswith("will"):
            return after[0]
        before = R._near_before(view, m.start(), 25)
        if before and m.group().startswith("will"):
            return before[0]
    return None


# "X الذي افتتح الجلسة بكلمة دعا فيها": a relative clause whose verb the trigger goes on
_RELATIVE_OPENS = re.compile(r"(?<!\w)(?:الذي|التي|الذين)\s+(?:\S+\s+){0,6}$")


def _antecedent(view: R.SentenceView, ts: int) -> R.Slot | None:
    """The actor a relative pronoun before the trigger stands for: its clause's subject."""
    m = _RELATIVE_OPENS.search(view.text, max(0, ts - 60), ts)
    if m is None or "," in view.text[m.start():ts]:
        return None
    before = R._near_before(view, m.start(), 4)
    return before[0] if before else None


def _lead(view: R.SentenceView, lex: Lexicon, main_actor: R.Slot | None) -> R.Slot | None:
    """The person the sentence opens with when they act, not report ("قال لافروف إن …"):
    who toured the countries listed after them."""
    if main_actor is None or main_actor.mention.kind not in ("person", "title") \
            or speaker_slot(view, lex) is not None or R.coordinated(view, main_actor) is not None:
        return None
    return main_actor


def _main_actor(view: R.SentenceView) -> R.Slot | None:
    actors = view.actors()
    return actors[0] if actors else None


def _actor(slot: R.Slot | Actor | None) -> Actor | None:
    if isinstance(slot, Actor) or slot is None:
        return slot
    return slot.actor


def _country(actor: Actor | None) -> str | None:
    return actor.country if actor else None


class _Views:
    """Sentence views of one document, built on demand from document-wide hits of the trigger
    and cue matchers (the pipeline's keyword pass, instead of a pass per sentence)."""

    def __init__(self, doc: Document, lex: Lexicon):
        self.doc, self.lex, n = doc, lex, doc.norm
        # (word start, word end, form, proclitics glued before the form)
        self.triggers = [(ws, we, form, n.text[ws:start]) for ws, we, form, start in lex.trigger_regex.document_spans(n)]
        self.cues = sorted((ws, we, form) for ws, we, form, _ in lex.cue_index.document_spans(n, overlapping=True))
        self.trigger_starts = [t[0] for t in self.triggers]
        self.cue_starts = [c[0] for c in self.cues]
        self.mention_starts = [m.start for m in doc.mentions]
        self.o2n = n.norm_offsets()
        self.bounds = [(self.o2n[s.start], self.o2n[s.end]) for s in doc.sentences]
        self._built: dict[int, R.SentenceView] = {}

    def trigger_hits(self, i: int) -> list[tuple[int, int, str]]:
        ns, ne = self.bounds[i]
        a, b = bisect_left(self.trigger_starts, ns), bisect_left(self.trigger_starts, ne)
        return [(s - ns, e - ns, f, p) for s, e, f, p in self.triggers[a:b] if e <= ne]

    def names_anyone(self, i: int) -> bool:
        """Does sentence `i` hold a knowledge-base mention with a country?"""
        sentence = self.doc.sentences[i]
        a = bisect_left(self.mention_starts, sentence.start)
        b = bisect_left(self.mention_starts, sentence.end)
        return any(m.country for m in self.doc.mentions[a:b])

    def view(self, i: int) -> R.SentenceView:
        got = self._built.get(i)
        if got is None:
            doc, sentence = self.doc, self.doc.sentences[i]
            a = bisect_left(self.mention_starts, sentence.start)
            b = bisect_left(self.mention_starts, sentence.end)
            inside = [m for m in doc.mentions[a:b] if m.end <= sentence.end]
            got = self._built[i] = R.SentenceView.build(doc, sentence, inside, self.o2n)
            ns, ne = self.bounds[i]
            a, b = bisect_left(self.cue_starts, ns), bisect_left(self.cue_starts, ne)
            got.preload([(s - ns, e - ns, f) for s, e, f in self.cues[a:b] if e <= ne], self.lex.cue_names)
        return got

    def carried(self, i: int, depth: int = 3) -> Actor | None:
        """The speaker a sentence opening with "وأضاف" continues: the last one stated before it."""
        for j in range(i - 1, max(-1, i - 1 - depth), -1):
            v = self.view(j)
            said = speaker(v, self.lex, len(v.text))
            if said is not None:
                return said
            if not opens_with_say(v):
                # "Lavrov met Kim on Friday. '…,' he added.": the first person the sentence names
                person = next((s for s in v.actors() if s.mention.kind == "person" or s.mention.role == "composed"
                               and s.mention.kind == "title"), None)
                return person.actor if person is not None and j == i - 1 else None
        return None


@dataclass(slots=True)
class SentenceWork:
    """What the rules found in one sentence, and what the learned layer is asked about it."""
    index: int
    view: R.SentenceView
    triggers: list[Trigger]
    rules: list[Event]
    carry: Actor | None = None


def sentence_work(doc: Document, *, every_party: bool = False) -> list[SentenceWork]:
    """The rules over each sentence that has a trigger (and, with `every_party`, each that
    names a country at all: the learned layer looks at those too)."""
    lex = lexicon()
    views = _Views(doc, lex)
    out: list[SentenceWork] = []
    so_far = doc.norm.memo[_SO_FAR] = []     # the rules' events of the sentences read so far
    for i in range(len(doc.sentences)):
        mine = views.trigger_hits(i)
        if not mine and not (every_party and views.names_anyone(i)):
            continue   # no trigger: nothing to extract, and no view to build
        view = views.view(i)
        carry = views.carried(i) if opens_with_say(view) else None
        found = triggers(view, lex, mine) if mine else []
        events = _sentence_events(view, lex, carry, found) if found else []
        so_far += events
        out.append(SentenceWork(i, view, found, events, carry))
    return out


def extract_events(doc: Document, *,
                   learned: Callable[[Document, list[SentenceWork]], list[list[Event]]] | None = None) -> Document:
    """Stage: set `doc.events` (needs sentences, mentions, quantities, dates). `learned`, when
    given, decides each sentence's events from the rules' findings and its own model."""
    work = sentence_work(doc, every_party=learned is not None)
    decided = learned(doc, work) if learned is not None else [w.rules for w in work]
    events: list[Event] = []
    destinations: set[int] = set()     # DEPLOY events whose target is only where troops went
    for w, found in zip(work, decided):
        dest = w.view.cache.get("destination", ())
        n = doc.norm
        destinations.update(len(events) + k for k, e in enumerate(found)
                            if e.type == "DEPLOY" and n.from_orig(e.trigger.start) - w.view.offset in dest)
        events += _agreed_not_cooperation(w.view, found)
    events = _host_of_deployments(events, destinations)
    events += _to_the_story_recipient(doc, work, events)
    events += described_as(doc, events)
    doc.events = denials_at_the_end(doc, denials_of_what_came_before(doc, events + _deal_details(doc, events)))
    return doc


def _to_the_story_recipient(doc: Document, work: list[SentenceWork], events: list[Event]) -> list[Event]:
    """"Canada pledged to donate more than 80,000 rockets" in an article whose transfers all go
    to Ukraine: a supplier named without a recipient gives to the one the story is about —
    where the article's transfers with a recipient (two at least) all name the same one, and
    the supplier neither is it nor attacks it in the article."""
    recipients = {e.target.country for e in events if e.type == "TRANSFER" and e.target is not None}
    if len(recipients) != 1:
        return []
    (r,) = recipients
    sales = [e for e in events if e.type == "TRANSFER" and e.target is not None]
    if len(sales) < 2:
        return []
    hostile = {e.source.country for e in events if e.type == "ATTACK" and e.source is not None
               and e.target is not None and e.target.country == r}
    given = {(e.sentence.start, e.source.country) for e in events if e.type == "TRANSFER" and e.source is not None}
    to = sales[0].target
    lex = lexicon()
    out = []
    for w in work:
        for t, src in w.view.cache.get(R.HALVES, ()):
            if src.country == r or src.country in hostile or (w.view.sentence.start, src.country) in given:
                continue
            view = w.view
            status, denier = status_of(view, lex, t.start, t.end)
            a, b = view.orig(t.start, t.end)
            out.append(Event(type="TRANSFER", sentence=view.sentence, trigger=Span(a, b), source=src, target=to,
                             status=status, claimant=denier if status == "denied" and denier else speaker(view, lex, t.start),
                             date=R.pick_date(view, t.start, t.end), location=None,
                             quantity=R.pick_quantity(view, "TRANSFER", t.start, t.end), item=R.pick_item(view, t.end),
                             part=view.sentence.part))
            given.add((view.sentence.start, src.country))
    return out


# "the deal", "الصفقة", "الشحنة", "the package": a sentence that goes on about a deal just reported
_DEAL = re.compile(r"(?<!\w)(?:[وفبل]?(?:ال|لل)(?:صفقه|صفقات|حزمه|شحنه|شحنات|عقد|اتفاقيه)"
                   r"|the\s+(?:deal|package|shipment|contract|sale|order))(?!\w)")
# "تبدأ عمليات التسليم عام 2026", "Deliveries are expected to begin in 2028": when the deal arrives
_DELIVERY = re.compile(r"(?<!\w)(?:[وفبل]?(?:ال|لل)?(?:تسليم|تسلم|دفعه الاولي|شحنه الاولي)"
                       r"|deliver(?:y|ies)|the\s+first\s+(?:batch|deliveries|delivery))(?!\w)")
_EXPECTED = re.compile(r"(?<!\w)[وف]?(?:من المتوقع|من المقرر|من المنتظر|expected|due to|set to|will)(?!\w)")
_CASUALTIES = re.compile(r"(?<!\w)(?:[وب]?(?:قتل|مقتل|اصابه|اصيب|جرح|مصرع|استشهاد|قتلي|جرحي|اسر|اسري)|killed|wounded"
                         r"|dead|injured|casualties|captured)(?!\w)")
_VALUE_UNITS = {"usd", "eur", "rub", "ton", "missile", "drone", "aircraft", "tank", "launcher", "vehicle", "gun",
                "shell", "system", "ship", "container", "piece", "round_ammo"}


def _deal_details(doc: Document, events: list[Event]) -> list[Event]:
    """"وقّعت الرباط صفقة لشراء مسيّرات تركية. وتبلغ قيمة الصفقة نحو 70 مليون دولار": a sentence
    that states no event of its own but the value or size of "the deal" (the shipment, the
    package) reported in the three sentences before is a second mention of that transfer or
    agreement, with its quantity — its evidence the sentence that gives it; one that says when
    the deliveries begin ("ومن المقرر أن تبدأ عمليات التسليم عام 2026") is one of the transfer,
    with that date."""
    deals = [e for e in events if e.type in ("TRANSFER", "AGREE", "DEPLOY") and e.source is not None
             and e.target is not None]
    if not deals:
        return []
    stated = {e.sentence.start for e in events}
    starts = [e.sentence.start for e in deals]      # in document order: the window by bisection
    sales = {frozenset((e.source.country, e.target.country)): e for e in deals if e.type == "TRANSFER"}
    n = doc.norm
    out = []
    for i, s in enumerate(doc.sentences):
        if s.start in stated:
            continue
        window = doc.sentences[max(0, i - 3)].start
        before = [e for e in deals[bisect_left(starts, window):bisect_left(starts, s.start)] if e.part == s.part]
        if not before:
            continue
        ns, ne = n.from_orig(s.start), n.from_orig(s.end)
        in_s = [q for q in R.starting_in(doc, doc.quantities, s.start, s.end) if q.end <= s.end]
        qs = [q for q in in_s if q.unit in _VALUE_UNITS]
        deal = next((e for e in reversed(before) if e.type != "DEPLOY"), None)
        if qs and deal is not None and _DEAL.search(n.text, ns, ne):
            q = next((q for q in qs if q.unit in ("usd", "eur", "rub")), qs[0])
            out += _detail(deal, sales, s, Span(q.start, q.end), quantity=q)
            continue
        troops = [q for q in in_s if q.unit in R.PERSONNEL_UNITS]
        sent = next((e for e in reversed(before) if e.type == "DEPLOY"), None)
        if troops and sent is not None and not _CASUALTIES.search(n.text, ns, ne):
            # "يضم الفيلق في مالي نحو 2500 متطوع": the size of the force just reported
            out.append(replace(sent, sentence=s, trigger=Span(troops[0].start, troops[0].end), quantity=troops[0],
                               location=None))
            continue
        when = [d for d in R.starting_in(doc, doc.dates, s.start, s.end) if d.end <= s.end]
        if not when:
            continue
        ahead = when[0].value > (doc.published or "")[:len(when[0].value)] or bool(_EXPECTED.search(n.text, ns, ne))
        sale = next((e for e in reversed(before) if e.type == "TRANSFER"), None)
        if sale is not None and _DELIVERY.search(n.text, ns, ne):
            out.append(replace(sale, sentence=s, trigger=Span(when[0].start, when[0].end), date=when[0],
                               quantity=None, location=None, status="planned" if ahead else sale.status))
        elif deal is not None and _DEAL.search(n.text, ns, ne):
            # "ومن المتوقع أن يوقع العقد النهائي قبل نهاية العام الجاري": when the deal is (to be) made
            out.append(replace(deal, sentence=s, trigger=Span(when[0].start, when[0].end), date=when[0],
                               quantity=None, location=None, status="planned" if ahead else deal.status))
    return out


def _detail(last: Event, sales: dict[frozenset, Event], s, at: Span, *, quantity) -> list[Event]:
    """The deal `last` (and, for an agreement, the sale `sales` holds for its pair) mentioned
    again in sentence `s` with `quantity`."""
    out = [replace(last, sentence=s, trigger=at, quantity=quantity, location=None)]
    if last.type == "AGREE":    # a deal to buy arms is also the sale reported for that pair
        sale = sales.get(frozenset((last.source.country, last.target.country)))
        if sale is not None:
            out.append(replace(sale, sentence=s, trigger=at, quantity=quantity, location=None,
                               status=last.status, claimant=last.claimant))
    return out


def _agreed_not_cooperation(view: R.SentenceView, found: list[Event]) -> list[Event]:
    """"وقّع البلدان اتفاقية للتعاون العسكري", "signed a defence cooperation pact": the
    cooperation an agreement is about is what the parties agreed on, no second event between
    them ("…، كما أجرى جيشا البلدين تدريبات مشتركة" still is one)."""
    agreed = {frozenset((_country(e.source), _country(e.target))) for e in found if e.type == "AGREE"}
    if not agreed:
        return found
    n = view.doc.norm
    return [e for e in found if not (
        e.type == "COOPERATE" and frozenset((_country(e.source), _country(e.target))) in agreed
        and _agreed_on(view, n.from_orig(e.trigger.start) - view.offset, n.from_orig(e.trigger.end) - view.offset))]


def _agreed_on(view: R.SentenceView, ts: int, te: int) -> bool:
    """Is the cooperation word at [ts, te) what an agreement noun is about?"""
    return bool(_AGREEMENT_BEFORE.search(view.text, max(0, ts - 40), ts) or _AGREEMENT_AFTER.match(view.text, te))


# an agreement noun governing the cooperation word: "اتفاقية للتعاون العسكري", "بروتوكول التعاون",
# "مذكرة تفاهم للتعاون", "an accord on military cooperation"; "a defence cooperation agreement"
_AGREEMENT_BEFORE = re.compile(
    r"(?:اتفاق\w*|مذكر\w*(?:\s+تفاهم)?|بروتوكول\w*|معاهد\w*|ميثاق)\s+(?:\S+\s+)?(?:[وف]?(?:لل|ل|ال|بال))?$"
    r"|(?:agreements?|pacts?|accords?|treaty|treaties|memorand\w*)\s+(?:on|for)\s+(?:\S+\s+)?$")
_AGREEMENT_AFTER = re.compile(r"\w*\s+(?:\S+\s+)?(?:agreements?|pacts?|accords?|deals?|treaty|treaties|memorand\w*)(?!\w)")


def _host_of_deployments(events: list[Event], destinations: set[int]) -> list[Event]:
    """"أرسلت كوريا الشمالية جنودا إلى أوكرانيا" in an article that says twice that they went to
    support Russia: a destination that is the war zone is not the host. Where one host has at
    least two mentions for a sender, a lone different destination of the same sender takes it."""
    hosts: dict[str, dict[str, Actor]] = {}
    votes: dict[tuple[str, str], int] = {}
    for e in events:
        if e.type == "DEPLOY" and e.target is not None:
            key = (e.source.country, e.target.country)
            votes[key] = votes.get(key, 0) + 1
            hosts.setdefault(e.source.country, {})[e.target.country] = e.target
    out = []
    for i, e in enumerate(events):
        if i in destinations and e.target is not None:
            best = max(hosts.get(e.source.country, {}), key=lambda c: votes[(e.source.country, c)])
            if best != e.target.country and votes[(e.source.country, best)] >= 2 \
                    and votes[(e.source.country, e.target.country)] == 1:
                e = replace(e, target=hosts[e.source.country][best])
        out.append(e)
    return out


# the types whose parties _roles reads only off the sentence's actors (TRANSFER may take them from
# the story, ATTACK and TEST are recorded with a party missing)
_FROM_THE_SENTENCE = frozenset({"MEET", "AGREE", "COOPERATE", "REQUEST", "THREATEN", "ACCUSE", "SANCTION", "DEPLOY"})


def _sentence_events(view: R.SentenceView, lex: Lexicon, carry: Actor | None, found: list[Trigger]) -> list[Event]:
    out: list[Event] = []
    accuser: tuple[Actor | None, Actor | None, int] | None = None
    seen: set[tuple] = set()
    facts: dict[tuple, set[tuple]] = {}     # the (quantity, date) recorded for each key
    prev_subject = None
    main = speaker_slot(view, lex) or _main_actor(view)
    opens_say = opens_with_say(view)
    speech_end = -1   # end of a THREATEN/REQUEST trigger: what it warns against or asks for is no event
    agreement = any(t.group.type == "AGREE" for t in found)
    not_events = view.cache.setdefault(R.NOT_EVENTS, set())
    view.cache[R.TRIGGERS] = [(t.start, t.end) for t in found]
    # A sentence that names no one gives these types no parties (a speed path: what _roles
    # would read there comes from actors, "البلدين" / "الدول الثلاث", or a carried subject)
    alone = not view.actors() and main is None and carry is None \
        and not _holds(view, _PAIR) and not _holds(view, _TRIO)
    for t in found:
        if not _may_be_event(view, lex, t, speech_end, agreement):
            not_events.add(t.start)
            continue
        if t.group.type in ("THREATEN", "REQUEST"):
            speech_end = t.end
        if alone and prev_subject is None and t.group.type in _FROM_THE_SENTENCE:
            continue   # no one named here, and nothing a pair word or the sentence before could lend
        src_slot, tgt_slot = _roles(view, lex, t, prev_subject, main)
        more = view.cache.pop(_MORE, ())      # taken now: a trigger left without an event passes none on
        if isinstance(src_slot, R.Slot):
            prev_subject = src_slot
        src, tgt = _actor(src_slot), _actor(tgt_slot)
        etype = t.group.type
        accused = False
        if etype == "ACCUSE":
            accuser = (src, tgt, t.end)
        elif accuser is not None and t.start >= accuser[2]:
            # "تتهم كييف كوريا الشمالية بتزويد روسيا": the accused is the source, the accuser claims it
            src = src if src and src.country != _country(accuser[0]) else accuser[1]
            if tgt is not None and src is not None and tgt.country == src.country:
                tgt = None
            accused = True
        if src is not None and tgt is not None and src.country == tgt.country \
                and not (etype == "ATTACK" and R.armed_group(src) != R.armed_group(tgt)):
            tgt = None      # one country on both sides: only fighting between its army and rebels
        if etype == "TRANSFER" and src is not None and tgt is None:
            view.cache.setdefault(R.HALVES, []).append((t, src))   # "Canada pledged to donate 80,000 rockets"
        if etype != "ATTACK" and (src is None or (tgt is None and etype != "TEST")):
            if etype in R.SYMMETRIC and (src or tgt) is not None:
                # one side read ("التفاوض مع روسيا"): whoever the learned layer pairs it with, not without it
                view.cache.setdefault(R.ONE_PARTY, {}).setdefault(etype, set()).add((src or tgt).country)
            continue   # no record without both parties (see below); decided before the costlier claim
        status, claimant = _claim(view, lex, t, src, carry if opens_say else None, accuser if accused else None)
        if status == "denied" and _NEGATED.search(view.text, max(0, t.start - 12), t.start):
            # "has never sent troops", "لم تسلم": the negation is the syntax's, which the pair model
            # (trained on far fewer denials) may doubt
            view.cache.setdefault(R.FIRM_TRIGGERS, set()).add(t.start)
        noun_like = t.group.group == "attack_noun" or t.group.group == "attack" and as_noun(view, t)
        if noun_like and not violent(view, lex, t, any_time=True) \
                and (R.adjective_after(view, t.end) is None or DEFINITE.match(view.text[t.start:t.end])) \
                and not (src is not None and tgt is not None
                         and (suffered(view, t) or _OWNED.search(view.text, max(0, t.start - 4), t.start))):
            continue   # "الاعتداء الأميركي على مزرعة": a violence noun needs something concrete
            # (or both sides of what was suffered: "تعرض للتعذيب على أيدي ضباط مصريين", or of an
            # English possessive: "Nato's bombing of the Chinese embassy")
        if src is None or (tgt is None and etype != "TEST"):
            # An event without both parties tells an analyst little — except violence, which is
            # worth recording when the text shows it happened (casualties, attackers, explosives).
            # Only where the sentence names no actor at all: with actors present, a missing party
            # means the roles were not understood, and a half-filled record would mislead.
            if not (etype == "ATTACK" and status == "asserted" and violent(view, lex, t)):
                continue
        pair = (_country(src), _country(tgt))
        key = (etype, *(sorted(pair) if etype in R.SYMMETRIC and tgt else pair), status)
        quantity, date = R.pick_quantity(view, etype, t.start, t.end), R.pick_date(view, t.start, t.end)
        fact = (quantity.value if quantity else None, date.value if date else None)
        if key in seen and not another_fact(fact, facts.get(key, ())):
            continue
        seen.add(key)
        facts.setdefault(key, set()).add(fact)
        a, b = view.orig(t.start, t.end)
        out.append(Event(
            type=etype, sentence=view.sentence, trigger=Span(a, b), source=src, target=tgt,
            status=status, claimant=claimant,
            date=date,
            location=R.pick_location(view, t.end),
            quantity=quantity,
            item=R.pick_item(view, t.end) if etype in ("TRANSFER", "ATTACK", "TEST") else None,
            part=view.sentence.part))
        if t.start in view.cache.get(R.FIRM_TRIGGERS, ()):
            view.cache.setdefault(R.FIRM, []).append(out[-1])
        asked = out[-1]
        out += _listed(view, out[-1], more, seen)
        if etype == "REQUEST" and tgt is not None and _asks_for_arms(view, t):
            # "طالبت كييف حلفاءها بمنظومات دفاع جوي": arms sought are a transfer planned, the asker's claim
            k_ = ("TRANSFER", tgt.country, src.country, "planned")
            if k_ not in seen:
                seen.add(k_)
                out.append(replace(asked, type="TRANSFER", source=tgt, target=src, status="planned",
                                   claimant=src, item=R.pick_item(view, t.end), quantity=None))
        supplier = _supplier_of_used_weapons(view, t, src)
        if supplier is not None and ("TRANSFER", supplier.country, src.country, status) not in seen:
            seen.add(("TRANSFER", supplier.country, src.country, status))
            out.append(replace(out[-1], type="TRANSFER", source=supplier, target=src, location=None,
                               quantity=None, date=out[-1].date))
    if any(e.type == "ATTACK" and e.source is not None for e in out):
        # the sentence's violence is already recorded with its parties
        view.cache[R.SPARE_VIOLENCE] = [e for e in out if e.type == "ATTACK" and e.source is None]
        out = [e for e in out if not (e.type == "ATTACK" and e.source is None)]
    return out


def _hedged_right_before(view: R.SentenceView, ts: int) -> bool:
    """A "قد" / "ربما" or a "may/might/could" right before the trigger."""
    return bool(_MAY_BEFORE.search(view.text, max(0, ts - 14), ts))


_MAY_BEFORE = re.compile(r"(?<!\w)(?:قد|ربما|may|might|could)\s+(?:\S+\s+)?$")


def _claim(view: R.SentenceView, lex: Lexicon, t: Trigger, src: Actor | None, carried: Actor | None,
           accusation: tuple | None) -> tuple[str, Actor | None]:
    """Status and claimant of the event at trigger `t`: `carried` is the speaker a "وأضاف"
    sentence goes on with; `accusation` (accuser, accused, end) the accusation the event is
    the content of ("تتهم كييف موسكو بقصف …"): its accuser claims it."""
    etype = t.group.type
    status, denier = status_of(view, lex, t.start, t.end)
    if status == "hedged" and etype in ("THREATEN", "REQUEST") \
            and not view.has_cue("hedge", lex.hedge, max(0, t.start - 60), t.start) \
            and not _hedged_right_before(view, t.start):
        status = "asserted"   # "warned that it could impose …": the hedge is the threatened act's, not the warning's
    if status == "asserted" and t.group.group == "offer":
        status = "planned"   # an offer is a transfer proposed
    if status == "asserted" and (t.prefix.lstrip("وف") == "ل" or t.prefix.lstrip("وف") == "لل" and etype != "ATTACK") \
            and not suffered(view, t) and not view.text[t.start:t.end].endswith("ات"):   # (not "جولة لعقوبات")
        status = "planned"   # "لشراء", "للحصول على", "لتفجيرها": ل + verbal noun is "in order to"
    claimant = denier if status == "denied" and denier else speaker(view, lex, t.start)
    if claimant is None:
        claimant = carried
    if etype == "ACCUSE":
        claimant = claimant or src
    elif accusation is not None:
        claimant = accusation[0]
    if etype == "THREATEN" and claimant is None:
        claimant = src
    return status, claimant


def _listed(view: R.SentenceView, first: Event, more, seen: set[tuple]) -> list[Event]:
    """The other pairs the frame read with `first` ("both sides", "the three countries", a
    list of targets), each with its own count where one stands before it."""
    out = []
    for a_, b_slot in more:
        a_, b_ = _actor(a_) or first.source, _actor(b_slot)
        if a_ is None or b_ is None or a_.country == b_.country:
            continue
        pair_ = (a_.country, b_.country)
        k_ = (first.type, *(sorted(pair_) if first.type in R.SYMMETRIC else pair_), first.status)
        if k_ not in seen:
            seen.add(k_)
            own = R.count_before(view, b_slot) if isinstance(b_slot, R.Slot) else None
            out.append(replace(first, source=a_, target=b_, quantity=own or first.quantity))
            view.cache.setdefault(R.FIRM, []).append(out[-1])
    return out


def another_fact(fact: tuple, recorded) -> bool:
    """Is an event of a key already recorded in the sentence a second fact — another count
    ("اعترضت 54 مسيرة، كما أسقطت ستة صواريخ") or another time ("اقتنتها سنة 2020، كما تسلمت
    السنة الماضية آخر دفعة")? Only when the first named a count or a date too."""
    quantity, date = fact
    return any((quantity is not None and q is not None and quantity != q)
               or (date is not None and d is not None and date != d) for q, d in recorded) \
        and fact not in recorded


# "شن" launches force only when what it launches is ("launched drones at" has its own frame)
_LAUNCH = re.compile(r"^[وف]?[يت]?شن(?:ت|وا|ون|ها|ه|هم)?$")


def _may_be_event(view: R.SentenceView, lex: Lexicon, t: Trigger, speech_end: int, agreement: bool) -> bool:
    """Whether a trigger may state an event, before its roles are read; `speech_end` is the end
    of the threat or request before it (-1: none), `agreement` whether the sentence has an
    agreement trigger. The learned layer adds no event on a trigger judged here not to state one."""
    etype = t.group.type
    if speech_end >= 0 and etype in ("TRANSFER", "DEPLOY", "ATTACK", "TEST") \
            and _is_complement(view.text[speech_end:t.start], view.text[t.start:t.end]):
        return False   # what a threat warns against or a request asks for
    if etype == "COOPERATE" and agreement and _agreed_on(view, t.start, t.end):
        return False   # the agreement is the event; a later "تدريبات مشتركة" still is one
    if etype == "ATTACK" and (not_physical(view, lex, t) or RELATIVE.search(view.text, max(0, t.start - 10), t.start)):
        return False   # "الهجوم الذي استهدف السفارة": a description of an attack named before
    if etype == "TRANSFER":
        if t.end - t.start == 5 and view.text[t.start:t.end] == "ships" and not _actor_right_before(view, t.start):
            return False   # "the Mistral ships", "two cargo ships": vessels, unless someone ships
        if _TRADE_AFTER.match(view.text, t.end) \
                or _TRADE_BEFORE.search(view.text, max(0, t.start - 12), t.start - len(t.prefix)):
            return False   # "Iranian shipping companies", "شركات الشحن": a trade named, not a delivery
    if etype == "ATTACK" and _SEIZE.match(view.text[t.start:t.end]) and _takes_items(view, t):
        return False   # "seized drones and ammunition": weapons taken, no one attacked
    if etype == "ATTACK" and lex.foiled.search(view.text, max(0, t.start - 80), t.start):
        return False   # "أحبطت الشرطة هجوماً انتحارياً": foiled, it did not happen
    if etype == "ATTACK" and _LAUNCH.match(view.text[t.start:t.end]) \
            and not lex.launchable.match(view.text, t.end, min(len(view.text), t.end + 40)):
        return False   # "شنت حملة اعتقالات", "شنت انتقادات حادة": launched, but not force
    if etype not in ("THREATEN", "REQUEST", "ACCUSE") and _holds(view, _IF_WORD) \
            and _CONDITIONAL.search(view.text, max(0, t.start - 100), t.start):
        return False   # "اذا حدث هجوم": a condition, not an event
    if _ANY.search(view.text, max(0, t.start - 4), t.start) or _EVALUATED.search(view.text, max(0, t.start - 8), t.start):
        return False   # "أي مبيعات أسلحة …", "أي هجوم …": any such event, not one that happened
    if etype in ("TRANSFER", "DEPLOY", "ATTACK") and _ATTITUDE.search(view.text, max(0, t.start - 24), t.start):
        return False   # "لا تؤيد إرسال أسلحة", "لم تعد تستبعد تسليم": an attitude to an action, not the action
    if etype == "SANCTION" and _EASED.search(view.text, max(0, t.start - 30), t.start):
        return False   # "eased some sanctions on", "رفعت العقوبات عن": sanctions lifted are none imposed
    if view.text[t.start - len(t.prefix) - 1:t.start - len(t.prefix)] == "#":
        return False   # "#العدوان_الأمريكي": a hashtag, not a sentence
    if _holds(view, _OPTION_WORD) and _OPTION.search(view.text, max(0, t.start - 50), t.start):
        return False   # "ثمة خيار آخر يتمثل في شن ضربات جوية": an option weighed, not an act
    if etype == "ATTACK" and (_THESE_AFTER.match(view.text, t.end) or _THESE_BEFORE.search(view.text, max(0, t.start - 8),
                                                                                         t.start)):
        return False   # "عمليات التوغل المحدود هذه", "these attacks": the ones already reported
    return True


def _actor_right_before(view: R.SentenceView, ts: int) -> bool:
    """Does an actor end right before `ts` (an adverb may stand between: "Iran also ships")?"""
    return any(s.end <= ts and len(view.gap(s.end, ts).split()) <= 1 for s in view.actors()
               if ts - s.end <= 20)


def _own_forces(view: R.SentenceView, lex: Lexicon, t: Trigger) -> R.Slot | None:
    """"وبحسب بيان للجيش الإسرائيلي، فإن الطائرات الحربية قصفت …", "the army said its jets struck":
    weapons with no maker named strike for the military that reports it."""
    before = [s for s in view.slots if s.end <= t.start and t.start - s.end <= 12]
    if not before or before[-1].mention.kind not in ("item", "weapon") or before[-1].mention.country:
        return None
    teller = speaker_slot(view, lex, t.start) or next(
        (s for a, b in view.cue("according", lex.according) if b <= t.start
         for s in R._near_after(view, b, 30)[:1]), None)
    if teller is None or teller.actor is None or (teller.actor.code or "")[3:] != "MIL":
        return None
    return teller


def _takes_items(view: R.SentenceView, t: Trigger) -> bool:
    """Is what the trigger takes a weapon or item named within a few words of it?"""
    after = [s for s in view.slots if s.start >= t.end and s.start - t.end <= 25]
    return bool(after) and after[0].mention.kind in ("weapon", "item") \
        and len(view.text[t.end:after[0].start].split()) <= 3


def _supplier_of_used_weapons(view: R.SentenceView, t: Trigger, user: Actor) -> Actor | None:
    """Using foreign-made weapons implies they were supplied: "استخدام روسيا أسلحة كورية شمالية"."""
    if t.group.type != "ATTACK" or t.group.group != "use":
        return None
    slot = R.demonym_near(view, t.end, 60)
    origin = slot.actor if slot is not None else R.weapon_origin(view, t.end, 60)
    if origin is None or origin.country == user.country:
        return None
    return Actor(origin.country, origin.country, origin.name, origin.kb_id)
