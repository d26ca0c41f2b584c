"""A sentence's events, decided by the model from the rules' findings and its candidates.

The rules stay the first reader: where they found an event the model agrees with, their
record (trigger, status, claimant, date, quantity, item) is kept as it is. The model adds
the events the rules missed — a noun they do not list, a pair they could not place, an
actor named in the sentence before — and drops the ones it judges wrong, having learned
from labelled articles how far to trust each rule. An event the model adds gets its
status, claimant and arguments from the same rule functions, read at the party it
concerns.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

import numpy as np

from rasd.events import roles as R
from rasd.events.claims import opens_with_say, speaker, speaker_slot, status_of, trailing_speaker
from rasd.events.denials import closing_denial
from rasd.events.classifier import attribution as A
from rasd.events.classifier.features import context_parties
from rasd.events.classifier import sentence as S
from rasd.events.classifier.features import (HOT, Candidate, Party, Roles, Words, cues_of, parties,
                                             sentence_candidates, with_sentence_types)
from rasd.events.classifier.model import Model, default_model
from rasd.events.extract import SentenceWork, another_fact
from rasd.events.lexicon import Lexicon, lexicon
from rasd.events.triggers import Trigger
from rasd.model import Actor, Document, Event, Span

_SPEECH = ("ACCUSE", "THREATEN", "REQUEST")
# Types the model adds only where the sentence has a trigger of theirs: a meeting, a signing, a request or
# an accusation is said in so many words; the model's other types find events the lexicon lacks.
_NEED_A_WORD = frozenset({"MEET", "AGREE", "ACCUSE", "ATTACK", "REQUEST"})
UNNAMED_ATTACK = 0.25    # sentence-model probability of ATTACK below which the rules' unnamed violence is dropped


def _key(etype: str, src: str | None, tgt: str | None) -> tuple:
    if etype in R.SYMMETRIC and src and tgt:
        src, tgt = sorted((src, tgt))
    return etype, src, tgt


def _country(a: Actor | None) -> str | None:
    return a.country if a else None


def _anchor(view: R.SentenceView, etype: str, c: Candidate, triggers: list[Trigger]) -> tuple[int, int]:
    """Where the event is stated: its nearest trigger of that type, else the target's (or the
    source's) mention — status and claim cues are read before it."""
    here = c.target if c.target is not None and c.target.slots else c.source
    slot = here.slots[0] if here.slots else None
    mine = [t for t in triggers if t.group.type == etype]
    if mine:
        pos = slot.start if slot is not None else 0
        t = min(mine, key=lambda t: abs(t.start - pos))
        return t.start, t.end
    if slot is not None:
        return slot.start, slot.end
    return 0, min(1, len(view.text))


def rule_claim(view: R.SentenceView, lex: Lexicon, w: SentenceWork, etype: str, src: Actor, ts: int, te: int,
               accuser: tuple[Actor, Actor, int] | None) -> tuple[str, Actor | None]:
    """The rules' status and claimant of an event stated at [ts, te)."""
    status, denier = status_of(view, lex, ts, te)
    claimant = denier if status == "denied" and denier else speaker(view, lex, ts)
    if claimant is None and opens_with_say(view):
        claimant = w.carry
    if etype in _SPEECH and claimant is None:
        claimant = src
    if accuser is not None and etype != "ACCUSE" and ts >= accuser[2] and _country(accuser[1]) == src.country:
        claimant = accuser[0]    # "اتهمت كييف موسكو بقصف …": the accuser claims the accused event
    return status, claimant


def _new_event(view: R.SentenceView, lex: Lexicon, w: SentenceWork, etype: str, c: Candidate,
               accuser: tuple[Actor, Actor, int] | None) -> Event:
    ts, te = _anchor(view, etype, c, w.triggers)
    src = c.source.actor
    tgt = c.target.actor if c.target is not None else None
    status, claimant = rule_claim(view, lex, w, etype, src, ts, te, accuser)
    a, b = view.orig(ts, te)
    return Event(type=etype, sentence=view.sentence, trigger=Span(a, b), source=src, target=tgt,
                 status=status, claimant=claimant, date=R.pick_date(view, ts, te),
                 location=R.pick_location(view, te),
                 quantity=R.pick_quantity(view, etype, ts, te),
                 item=R.pick_item(view, te) if etype in ("TRANSFER", "ATTACK", "TEST") else None,
                 part=view.sentence.part)


@dataclass(slots=True)
class Inputs:
    """What the models read in one sentence."""
    text: str                        # the sentence as written (what the encoder reads)
    groups: S.SentenceFeatures       # the sentence model's features
    shared: list[str]                # the pair model's features common to every candidate
    candidates: list[Candidate]
    words: Words
    here: list[Party]                # the countries the sentence names
    roles: Roles


def inputs(w: SentenceWork) -> Inputs:
    view = w.view
    words = Words.of(view.text)
    cues = cues_of(view)
    here = parties(view)
    roles = Roles.of(view, w.triggers)
    shared, cands = sentence_candidates(view, w.triggers, cues, w.rules, words, here, roles)
    sent = view.sentence
    return Inputs(view.doc.text[sent.start:sent.end], S.feature_groups(view, words, w.triggers, cues), shared, cands,
                  words, here, roles)


def stage_one(model: Model, xs: list[Inputs], *, encode: bool = True) -> np.ndarray:
    """[sentences, types]: the sentence model's probability of each type. The sparse model
    answers first; where it is unsure of some type, the model with the encoder's embedding
    answers instead (all such sentences of the batch encoded at once)."""
    out = np.zeros((len(xs), len(model.types)), dtype=np.float32)
    for i, x in enumerate(xs):
        out[i] = model.sentence.probabilities_of(*S.scaled_indices(model.sentence.vocab, x.groups))
    if not encode or model.encoded is None:
        return out
    lo, hi = model.cascade
    unsure = [i for i, x in enumerate(xs) if x.candidates and ((out[i] >= lo) & (out[i] <= hi)).any()]
    if unsure:
        vecs = S.encoder().encode([xs[i].text for i in unsure])
        for i, v in zip(unsure, vecs):
            out[i] = model.encoded.probabilities_of(*S.scaled_indices(model.encoded.vocab, xs[i].groups), embedding=v)
    return out


def with_stage_one(x: Inputs, probs: np.ndarray, types: tuple[str, ...]) -> list[str]:
    """The pair model's shared features once the sentence model has answered (the candidates'
    own features gain the crossed ones in place)."""
    hot = [t for t, p in zip(types, probs) if p >= HOT]
    return with_sentence_types(x.shared, x.candidates, S.bins(probs, types), hot)


def decide(doc: Document, work: list[SentenceWork], *, model: Model | None = None, encode: bool = True,
           veto: float = 0.05, expand: bool = True) -> list[list[Event]]:
    """The events of each sentence the rules looked at: the rules' records the model does not
    veto (its probability for their key below `veto`), and the ones it adds; with `expand`,
    an event with one member of a list of countries holds for every member."""
    model = model or default_model()
    xs = [inputs(w) for w in work]
    probs = stage_one(model, xs, encode=encode)
    return [_sentence(w, x, p, model, veto, expand) for w, x, p in zip(work, xs, probs)]


def _sentence(w: SentenceWork, x: Inputs, sentence_probs: np.ndarray, model: Model, veto: float,
              expand: bool) -> list[Event]:
    view = w.view
    cands = x.candidates
    # Violence whose attacker or target is not named is the rules' call (the pair model learns
    # from named pairs), unless the sentence model finds no attack in the sentence at all.
    attack = sentence_probs[model.types.index("ATTACK")]
    unnamed = [e for e in w.rules if (e.source is None or e.target is None and e.type == "ATTACK")
               and attack >= UNNAMED_ATTACK]
    if not cands:      # no country named here: the rules found the parties in the sentences before
        return unnamed + [e for e in w.rules if e not in unnamed and e.source is not None
                          and not (e.target is None and e.type == "ATTACK")]
    shared = with_stage_one(x, sentence_probs, model.types)
    probs = model.pair_probabilities(shared, [c.features for c in cands])
    # "دانت السعودية ومصر وقطر الهجمات": a list shares its role, unless they act on each other
    if not view.cache.get("mutual"):
        same_side = np.array([c.source_list is not None and c.source_list == c.target_list for c in cands])
        one_way = np.array([t not in R.SYMMETRIC for t in model.types])
        probs = np.where(same_side[:, None] & one_way[None, :], -1.0, probs)
    keys = [(c.source.country, c.target.country if c.target else None) for c in cands]
    chosen: dict[tuple, tuple[str, Candidate]] = {}
    top: dict[tuple, float] = {}
    for i, k in zip(*np.nonzero(probs >= model.thresholds[None, :])):
        etype = model.types[k]
        key = _key(etype, *keys[i])
        if probs[i, k] > top.get(key, -1.0):
            top[key] = float(probs[i, k])
            chosen[key] = (etype, cands[i])
    _only_between(view, chosen, cands)
    _not_venues(view, chosen)
    _not_quoted_sources(view, chosen)
    if not view.cache.get("mutual"):
        _one_direction(chosen, top)
    if expand:
        _expand(chosen, cands)

    firm = view.cache.get(R.FIRM, ())

    def kept(e: Event) -> bool:
        """A rule's event stands unless the model's best probability for its key is below `veto`
        (no candidate for it: the rules' word stands) — and one the rules read off a structure
        the pair model, reading one pair at a time, does not see (a list, an accusation's
        adjective) stands as the rules read it."""
        if any(e is x for x in firm):
            return True
        k = model.types.index(e.type)
        key = _key(e.type, _country(e.source), _country(e.target))
        mine = [probs[i, k] for i, pair in enumerate(keys) if _key(e.type, *pair) == key]
        return not mine or max(mine) >= veto
    out = unnamed + [e for e in w.rules if e not in unnamed and e.source is not None
                     and not (e.target is None and e.type == "ATTACK") and kept(e)]
    if expand:     # the rules' reading of an enumerated list stands even where the model doubts it
        _enumerated(view, [e for e in w.rules if e.source is not None], chosen, cands)
    _not_against(view, chosen)      # after the lists: "ضد كوريا الشمالية أو روسيا" is one
    _not_from(view, chosen)
    _not_what_is_alleged(view, w.triggers, chosen)
    _not_across_contrast(view, chosen)
    _not_from_an_aside(view, w.triggers, chosen)
    _relied_on_supply(view, w.triggers, chosen)
    _where_is_no_recipient(view, chosen)
    _seizers_are_no_side(view, chosen)
    _attackers_are_named(chosen)
    _makers_are_not_hit(view, w.triggers, chosen)
    _not_the_users_target(view, w.rules, chosen)
    _the_rules_speakers(w.rules, chosen)
    _tellers_are_not_targets(view, x.roles, w.rules, chosen)
    _not_what_is_asked(view, w.rules, chosen)
    _list_is_one_side(view, chosen)
    _subject_lists(view, w.triggers, chosen, cands)
    have = {_key(e.type, _country(e.source), _country(e.target)) for e in out}
    # a one-way event the rules read in one direction is not added the other way round
    # ("تعاني روسيا من عقوبات من الغرب"), even where the model doubts the rules' reading,
    # unless the sentence says the two act on each other
    # (an attack too, unless the sentence also tells of one downed with its sides named: "أسقطت
    # الدفاعات الروسية مسيرات أوكرانية"; not "اعترضت الدفاعات معظمها", the same attack again)
    downed = {view.orig(t.start, t.end)[0] for t in w.triggers if t.group.group == "intercept"}
    downing = any(e.type == "ATTACK" and e.trigger.start in downed and e.source is not None and e.target is not None
                  for e in w.rules)
    reversed_rules = set() if view.cache.get("mutual") else {
        (e.type, _country(e.target), _country(e.source)) for e in w.rules
        if e.type not in R.SYMMETRIC and (e.type != "ATTACK" or not downing)
        and e.target is not None and e.source is not None}
    accuser = next(((e.source, e.target, 0) for e in out if e.type == "ACCUSE" and e.target), None)
    lex = lexicon()
    not_events = view.cache.get(R.NOT_EVENTS, ())
    # a type whose every trigger here the rules judged no event ("any talks", "لا تؤيد إرسال")
    ruled_out = {t.group.type for t in w.triggers if t.start in not_events} - {
        t.group.type for t in w.triggers if t.start not in not_events}
    worded = {t.group.type for t in w.triggers}
    one_party = view.cache.get(R.ONE_PARTY, {})
    for key, (etype, c) in sorted(chosen.items(), key=lambda kv: kv[0][0] != "ACCUSE"):
        if key in have or key in reversed_rules or etype in ruled_out:
            continue
        if etype in _NEED_A_WORD and etype not in worded:
            continue   # "تبادل بوتين وكيم رسائل": no meeting without a word for one
        if etype in one_party and c.target is not None and not {c.source.country, c.target.country} & one_party[etype]:
            continue   # "يجبرهم على التفاوض مع روسيا": a meeting with Russia, if any, not between two others
        e = _new_event(view, lex, w, etype, c, accuser)
        if etype == "ACCUSE" and accuser is None and e.target is not None:
            accuser = (e.source, e.target, 0)
        out.append(e)
        have.add(key)
    if attack >= UNNAMED_ATTACK and not any(e.type == "ATTACK" for e in out):
        out += view.cache.get(R.SPARE_VIOLENCE, [])   # "أعلن الناتو مقتل جندي … في هجوم انتحاري": not by the speaker
    out = _complete_violence(out, cands, probs, model)
    if model.status is not None or model.claimant is not None:
        out = [attribute(w, x, e, model, lex, accuser) for e in out]
    out.sort(key=lambda e: e.trigger.start)
    return out


def attribute(w: SentenceWork, x: Inputs, e: Event, model: Model, lex: Lexicon,
              accuser: tuple[Actor, Actor, int] | None) -> Event:
    """The event with the status and claimant the attribution models choose, reading it at
    its trigger, from the rules' answer and the sentence around it."""
    view = w.view
    if e.source is None:
        return e
    n = view.doc.norm
    ts, te = n.from_orig(e.trigger.start) - view.offset, n.from_orig(e.trigger.end) - view.offset
    status, claimant = e.status, e.claimant
    offer = any(t.start == ts and t.group.group == "offer" for t in w.triggers)
    asked = e.type == "TRANSFER" and any(t.start == ts and t.group.type == "REQUEST" for t in w.triggers)
    if offer or asked:
        status = "planned"     # an offer or a request for arms is a transfer proposed or sought, whatever the tense
    elif model.status is not None:
        status = A.predict_status(model.status, A.status_features(view, x.words, lex, ts, te, e.type, e.status))
        if status == "denied" and e.status != "denied" and (closing_denial(view, lex, te) is not None
                                                            or not _says_no(view, lex)):
            # "X accused Y of …, a charge Y denies": the report stands; the denial is added apart.
            # And nothing is denied in a sentence with no word of denial or negation.
            status = e.status
        elif e.status == "denied" and status != "denied" and _stopped(view, lex, ts, te):
            status = e.status    # "cancelled a deal for Su-35 fighters": stopped, whatever the tense says
    if model.claimant is not None:
        cands = A.claimant_candidates(x.here, w.carry, accuser[0] if accuser else None,
                                      context_parties(view, {p.country for p in x.here}, limit=1))
        feats = [A.claimant_features(view, x.words, x.roles, k, ts, e.type, _country(e.source), _country(e.target),
                                     _country(e.claimant), opens_with_say(view)) for k in cands]
        best = cands[A.rank_claimant(model.claimant, feats)]
        # the model picks a country; where the rules named a speaker of that country, theirs
        # is the one who speaks ("KHARTOUM (AP) — Sudan's army accused …": the army, not the
        # dateline's city)
        claimant = (None if best.country is None
                    else e.claimant if _country(e.claimant) == best.country else best.actor)
    if status == e.status and claimant == e.claimant:
        return e
    return replace(e, status=status, claimant=claimant)


def _complete_violence(out: list[Event], cands: list[Candidate], probs: np.ndarray, model: Model) -> list[Event]:
    """The rules' violence with a party missing ("A Russian missile strike on the Ukrainian city
    of Poltava": attacker, no target): the target the pair model finds likeliest for that
    attacker, when it is at least half as sure as it needs to be to add an event itself; and
    once the sentence has an attack with both parties, its half-named ones say nothing more."""
    k = model.types.index("ATTACK")
    done = []
    for e in out:
        if e.type == "ATTACK" and e.source is not None and e.target is None:
            best = max(((float(p[k]), c) for c, p in zip(cands, probs)
                        if c.target is not None and c.source.country == e.source.country), default=None,
                       key=lambda pc: pc[0])
            if best is not None and best[0] >= model.thresholds[k] / 2:
                e = replace(e, target=best[1].target.actor)
        done.append(e)
    if any(e.type == "ATTACK" and e.source is not None and e.target is not None for e in done):
        done = [e for e in done if not (e.type == "ATTACK" and (e.source is None or e.target is None))]
    seen: dict[tuple, set] = {}
    unique = []
    for e in done:      # a completed event may now repeat one the model added (a second count or date stays)
        key = (e.type, _country(e.source), _country(e.target), e.status)
        fact = (e.quantity.value if e.quantity else None, e.date.value if e.date else None)
        if key in seen and not another_fact(fact, seen[key]):
            continue
        seen.setdefault(key, set()).add(fact)
        unique.append(e)
    return unique


# "في العاصمة الإماراتية أبوظبي", "in the Emirati capital", "at Al Salam Palace in Jeddah"
_VENUE = re.compile(r"(?<!\w)(?:في|in|at)\s+(?:\S+\s+){0,2}$")


def _venue_only(view: R.SentenceView, party) -> bool:
    """Is the party named only as where something happens (its places and demonyms within three
    words after في / in / at)?"""
    return bool(party.slots) and all(
        s.mention.kind == "place" or s.mention.role == "demonym" for s in party.slots) and all(
        _VENUE.search(view.text, max(0, s.start - 40), s.start - len(view.clitic(s))) for s in party.slots)


# the types whose sides are never merely where they happen (a drill's or a deployment's host is one)
_SIDES_NOT_VENUES = ("MEET", "AGREE", "REQUEST", "THREATEN", "ACCUSE")


def _not_venues(view: R.SentenceView, chosen: dict[tuple, tuple[str, Candidate]]) -> None:
    """"التقى علييف وباشينيان في العاصمة الإماراتية أبوظبي": where a meeting, a signing or a
    request is made is no side of it when the sentence has two other sides for it ("… اجتماعاً
    في بروكسل، بطلب من كييف" asks NATO, not Belgium)."""
    sides: dict[str, set[str]] = {}
    venues: set[str] = set()
    for key, (etype, c) in chosen.items():
        if etype in _SIDES_NOT_VENUES and c.target is not None:
            for p in (c.source, c.target):
                if _venue_only(view, p):
                    venues.add(p.country)
    if not venues:
        return
    for key, (etype, c) in chosen.items():
        if etype in _SIDES_NOT_VENUES and c.target is not None \
                and c.source.country not in venues and c.target.country not in venues:
            sides.setdefault(etype, set()).update((c.source.country, c.target.country))
    for key, (etype, c) in list(chosen.items()):
        if etype in sides and c.target is not None and {c.source.country, c.target.country} & venues:
            del chosen[key]


def _not_against(view: R.SentenceView, chosen: dict[tuple, tuple[str, Candidate]]) -> None:
    """"حذر لافروف واشنطن وسيول من بناء تحالفات ضد كوريا الشمالية": a party named only as what
    something is aimed against is the source of nothing the sentence says, and no one a warning
    or a request is addressed to; nor is the attacker named on the violence a request speaks of
    ("طالبت كييف حلفاءها بالدفاعات الجوية، محذرة من الهجمات الروسية" — while a threat "if the
    American aggression goes on" is aimed at the aggressor)."""
    for key, (etype, c) in list(chosen.items()):
        if c.source.slots and all(_aimed_at(view, s) for s in c.source.slots):
            del chosen[key]
        elif etype in ("THREATEN", "REQUEST") and c.target is not None and c.target.slots \
                and all(_aimed_at(view, s) or etype == "REQUEST" and R.on_violence(view, s) for s in c.target.slots):
            del chosen[key]


# "aimed at North Korea", "موجهة ضد", "directed against"
_AIMED = re.compile(r"(?<!\w)(?:aimed|directed|targeted)\s+(?:at|against)\s+$")


def _aimed_at(view: R.SentenceView, slot: R.Slot) -> bool:
    return R._prep_before(view, slot) in ("ضد", "against") \
        or bool(_AIMED.search(view.text, max(0, slot.start - 20), slot.start))


def _not_from(view: R.SentenceView, chosen: dict[tuple, tuple[str, Candidate]]) -> None:
    """"شراء منظومتين من الولايات المتحدة", "bought drones from Turkey": a party named only with
    من / from is where a transfer comes from, never its recipient; and one named only with مع /
    with ("banks that trade with Russia") does no one-way act to anyone."""
    def from_(s: R.Slot) -> bool:
        if R._prep_before(view, s) in ("من", "from"):
            return True
        first = R.coordinated(view, s) if s.actor is not None else None   # "من النرويج والولايات المتحدة": both
        return first is not None and first.end <= s.start and R._prep_before(view, first) in ("من", "from")
    for key, (etype, c) in list(chosen.items()):
        named = [s for s in c.target.slots if s.mention.kind != "weapon"] if c.target is not None else []
        if etype == "TRANSFER" and named and all(from_(s) for s in named):
            del chosen[key]     # (a weapon of that country's make, "منظومة ناسامز", names no recipient)
        elif etype not in R.SYMMETRIC and c.source.slots \
                and all(R._prep_before(view, s) in ("مع", "with") for s in c.source.slots):
            del chosen[key]


# what an accusation is of: "accused Ankara of sending", "اتهمت كييف موسكو بقصف"
_ALLEGED = re.compile(r"\s(?:of\s+(?:\w+\s+)?\w+ing(?!\w)|ب(?:ال)?(?:تزويد|تسليح|تمويل|دعم|ارسال|تهريب|شن|قصف|استهداف"
                      r"|هجوم|تورط|مساعد|مشارك|انتهاك|خرق|تقويض|نقل|بيع|تصدير|توريد|تدريب|ايواء|استخدام|تاجيج"
                      r"|عرقل|زعزع|تدخل|احتضان))")


# what sanctions are for: "on three entities involved in supplying drones to Moscow",
# "على شركات متهمة بنقل تكنولوجيا الصواريخ إلى روسيا", "for their role in"
_SANCTIONED_FOR = re.compile(r"(?<!\w)(?:involved in|accused of|responsible for|implicated in|linked to|for helping|"
                             r"for supplying|for (?:their|its|his|her) role in|over (?:its|their) (?:role|support))"
                             r"(?!\w)|(?<!\w)(?:ال)?(?:متورط|متهم|ضالع)\S*\s|(?<!\w)(?:لتورط|لدور|بسبب)\S*\s")


def _not_what_is_alleged(view: R.SentenceView, triggers: list[Trigger],
                         chosen: dict[tuple, tuple[str, Candidate]]) -> None:
    """"sanctions on two firms it accused of helping Russia", "اتهمت كييف موسكو بتزويد إيران":
    who is accused stands before what they are accused of; a party named in it is not accused."""
    starts = []
    for t in triggers:
        if t.group.type in ("ACCUSE", "SANCTION"):
            rx = _ALLEGED if t.group.type == "ACCUSE" else _SANCTIONED_FOR
            m = rx.search(view.text, t.end, min(len(view.text), t.end + 90))
            if m is not None:
                starts.append((t.end, m.start()))
    if not starts:
        return
    for key, (etype, c) in list(chosen.items()):
        if etype in ("ACCUSE", "SANCTION") and c.target is not None and c.target.slots and all(
                any(te <= s.start and s.start >= what for te, what in starts) for s in c.target.slots):
            del chosen[key]     # (nor sanctioned: "sanctions on firms it accused of helping Russia")


# a word that opens a contrasting clause: "…، بينما تعتمد الهند على روسيا", "…, while France signed"
_CONTRAST = re.compile(r"(?<!\w)(?:بينما|فيما|في حين|while|whereas)(?!\w)|,\s+and(?=\s)")


def _not_across_contrast(view: R.SentenceView, chosen: dict[tuple, tuple[str, Candidate]]) -> None:
    """"الصين وتركيا أبرز موردي السلاح إلى باكستان، بينما تعتمد الهند على روسيا": parties on the
    two sides of a contrast, the later one the subject of its own clause, are in two statements,
    not one event ("…، فيما استهدفت الثانية أهدافاً إسرائيلية" goes on with the same subject)."""
    cuts = [m.end() for m in _CONTRAST.finditer(view.text)]
    if not cuts:
        return

    def side(party) -> set[int]:
        return {sum(s.start > c for c in cuts) for s in party.slots}

    def opens(s: R.Slot, c: int) -> bool:
        return len(view.gap(c, s.start - len(view.clitic(s))).split()) <= 1 and R._prep_before(view, s) == ""

    def opens_clause(party) -> bool:
        """Is the party the subject of the clause after a contrast word ("بينما تعتمد الهند")?"""
        return any(opens(s, c) for s in party.slots for c in cuts if c <= s.start)
    # the cuts after which someone opens a clause of their own ("…, and Russia supplied helicopters
    # to Mali"): no pair spans them, whoever its later side is
    owned = [c for c in cuts if any(s.start >= c and opens(s, c) for s in view.actors())]

    def apart(a, b) -> bool:
        return any((all(s.start < c for s in a.slots) and all(s.start >= c for s in b.slots))
                   or (all(s.start < c for s in b.slots) and all(s.start >= c for s in a.slots)) for c in owned)
    for key, (etype, c) in list(chosen.items()):
        if c.target is not None and c.source.slots and c.target.slots \
                and not side(c.source) & side(c.target) and (opens_clause(c.source) or opens_clause(c.target)
                                                             or apart(c.source, c.target)):
            del chosen[key]


def _not_from_an_aside(view: R.SentenceView, triggers: list[Trigger], chosen: dict[tuple, tuple[str, Candidate]]) -> None:
    """A party named only inside a relative clause set off by commas takes no part in an event
    the clause has no word for: the aside tells of it, the sentence's verb of others."""
    asides = [(m.start(), m.end()) for m in R.ASIDE.finditer(view.text)]
    if not asides:
        return

    def aside_of(party) -> tuple[int, int] | None:
        return next(((a, b) for a, b in asides if party is not None and party.slots
                     and all(a <= s.start and s.end <= b for s in party.slots)), None)
    for key, (etype, c) in list(chosen.items()):
        for party in (c.source, c.target):
            span = aside_of(party)
            if span is not None and not any(t.group.type == etype and span[0] <= t.start < span[1] for t in triggers):
                del chosen[key]
                break


def _stopped(view: R.SentenceView, lex: Lexicon, ts: int, te: int) -> bool:
    """Does a negation, refusal or cancellation stand right before the trigger (the rules'
    reading of "لم يرسل", "failed to deliver", "cancelled a deal")?"""
    status, denier = status_of(view, lex, ts, te)
    return status == "denied" and denier is None


def _says_no(view: R.SentenceView, lex: Lexicon) -> bool:
    """Has the sentence a denial verb or a negation word ("نفت", "لم", "denied", "never")?"""
    words = view.text.split()
    return bool(view.cue("deny", lex.deny)) or any(w in lex.negation_words or w in lex.refusal for w in words) \
        or any(f"{a} {b}" in lex.refusal for a, b in zip(words, words[1:]))


def _relied_on_supply(view: R.SentenceView, triggers: list[Trigger], chosen: dict[tuple, tuple[str, Candidate]]) -> None:
    """Those a country relies on for arms ("اعتمدت على الولايات المتحدة وفرنسا", "relies on
    Russia and France") supply it: never the recipient of a transfer in the sentence."""
    suppliers: set[int] = set()
    for t in triggers:
        if t.group.group == "rely":
            first = R.by_prep(view, t.end, ("علي", "on"), tprep=R.trigger_prep(view, t.start, t.end))
            if first is not None:
                suppliers.update(s.start for s in (first, *R.listed_after(view, first)))
    if not suppliers:
        return
    for key, (etype, c) in list(chosen.items()):
        if etype == "TRANSFER" and c.target is not None and c.target.slots \
                and all(s.start in suppliers for s in c.target.slots):
            del chosen[key]


def _where_is_no_recipient(view: R.SentenceView, chosen: dict[tuple, tuple[str, Candidate]]) -> None:
    """"مسيّرات إيرانية جديدة في سماء خيرسون": a place where weapons are seen, named only after
    في / in, received nothing."""
    for key, (etype, c) in list(chosen.items()):
        if etype == "TRANSFER" and c.target is not None and _venue_only(view, c.target) \
                and all(s.mention.kind == "place" and s.mention.role != "metonym" for s in c.target.slots):
            del chosen[key]


def _seizers_are_no_side(view: R.SentenceView, chosen: dict[tuple, tuple[str, Candidate]]) -> None:
    """"The U.S. Navy seized a shipment of Iranian missile parts bound for the Houthis": who seizes
    a shipment (named right before the verb) neither sends nor receives it."""
    verbs = [m.start() for m in R.SEIZING.finditer(view.text)]
    if not verbs:
        return

    def seizes(party) -> bool:
        return bool(party.slots) and all(any(0 <= v - s.end <= 12 for v in verbs) for s in party.slots)
    for key, (etype, c) in list(chosen.items()):
        if etype == "TRANSFER" and (seizes(c.source) or c.target is not None and seizes(c.target)):
            del chosen[key]


def _attackers_are_named(chosen: dict[tuple, tuple[str, Candidate]]) -> None:
    """An attack's doer is named in its sentence: the countries of the sentences before stand in
    for who speaks, meets or is asked, not for who strikes ("وكبّدت القوات الأوكرانية خسائر"
    after a paragraph on British and American arms is no British attack)."""
    for key, (etype, c) in list(chosen.items()):
        if etype == "ATTACK" and c.source.context:
            del chosen[key]


def _makers_are_not_hit(view: R.SentenceView, triggers: list[Trigger],
                        chosen: dict[tuple, tuple[str, Candidate]]) -> None:
    """A country named only as where weapons come from ("seized drones bearing Emirati
    markings") is not the target of an attack — unless they were shot down: "أسقطت خمس
    طائرات مسيّرة أوكرانية" downs Ukraine's drones, an attack on Ukraine."""
    if any(t.group.group == "intercept" for t in triggers):
        return
    for key, (etype, c) in list(chosen.items()):
        if etype == "ATTACK" and c.target is not None and c.target.slots \
                and all(R.qualifies_item(view, s) for s in c.target.slots):
            del chosen[key]


def _not_the_users_target(view: R.SentenceView, rules: list[Event],
                          chosen: dict[tuple, tuple[str, Candidate]]) -> None:
    """"Ukraine fired U.S.-made missiles at Russia": the maker of the weapons an attack used (or
    the supplier the rules read) supplied the attacker, not the one attacked."""
    supplied = {(e.source.country, e.target.country) for e in rules
                if e.type == "TRANSFER" and e.source is not None and e.target is not None}
    attacked = {(e.source.country, e.target.country) for e in rules
                if e.type == "ATTACK" and e.source is not None and e.target is not None}
    for key, (etype, c) in list(chosen.items()):
        if etype != "TRANSFER" or c.target is None:
            continue
        on_target = [x for x, t in attacked if t == c.target.country and x != c.source.country]
        maker = any(R.qualifies_item(view, s) for s in c.source.slots)
        if on_target and (maker or any((c.source.country, x) in supplied for x in on_target)):
            del chosen[key]
        elif maker and (c.source.country, c.target.country) in attacked:
            del chosen[key]     # "أصابت صواريخ روسية محطة في خاركيف": Russia's missiles hit Ukraine, not sold to it


def _tellers_are_not_targets(view: R.SentenceView, roles: Roles, rules: list[Event],
                             chosen: dict[tuple, tuple[str, Candidate]]) -> None:
    """"North Korea has sent 3,000 more troops to Russia, South Korea's spy agency told lawmakers":
    who tells of a one-way act the rules read with both its sides is not a second side of it."""
    read = {(e.type, e.source.country) for e in rules if e.type in _ONE_WAY and e.source is not None
            and e.target is not None}
    done_to = {(e.type, e.target.country) for e in rules if e.type in _ONE_WAY and e.source is not None
               and e.target is not None}
    if not read:
        return
    # the clause of a speaker closing the sentence: ", U.S. Secretary of State Antony Blinken said"
    closing = trailing_speaker(view, lexicon(), 0)
    cut = view.text.rfind(",", 0, closing.start) if closing is not None else len(view.text)
    ruled = {_key(e.type, _country(e.source), _country(e.target)) for e in rules}

    def telling(party) -> bool:
        return bool(party.slots) and all(s.start in roles.speakers or s.start > cut >= 0 for s in party.slots)
    for key, (etype, c) in list(chosen.items()):
        if key in ruled or c.target is None:
            continue
        if (etype, c.source.country) in read and telling(c.target) \
                or (etype, c.target.country) in done_to and c.source.slots and all(s.start > cut >= 0
                                                                                    for s in c.source.slots):
            del chosen[key]     # (nor a second doer told of after: "The Houthis are armed by Iran, U.S. officials
            #  say"; one that speaks first may be: "أعلنت الحكومة الألمانية أنها ستمول شراء …")


_ONE_WAY = ("TRANSFER", "DEPLOY", "ATTACK", "SANCTION")


def _not_what_is_asked(view: R.SentenceView, rules: list[Event], chosen: dict[tuple, tuple[str, Candidate]]) -> None:
    """"urged China to use its influence on Pyongyang": who a request is made of is the one the
    rules read; a party named after it with a preposition is in what is asked, not asked."""
    asked = {}
    n = view.doc.norm
    for e in rules:
        if e.type == "REQUEST" and e.source is not None and e.target is not None:
            asked[e.source.country] = max(asked.get(e.source.country, -1), n.from_orig(e.trigger.end) - view.offset)
    if not asked:
        return
    targets = {e.target.country for e in rules if e.type == "REQUEST" and e.target is not None}
    for key, (etype, c) in list(chosen.items()):
        if etype == "REQUEST" and c.source.country in asked and c.target is not None \
                and c.target.country not in targets and c.target.slots \
                and all(s.start > asked[c.source.country] and R._prep_before(view, s) not in ("", "ل")
                        for s in c.target.slots):
            del chosen[key]


def _the_rules_speakers(rules: list[Event], chosen: dict[tuple, tuple[str, Candidate]]) -> None:
    """"حذر لافروف واشنطن وسيول وطوكيو من … ضد كوريا الشمالية، مضيفاً أن موسكو تتفهم … بيونغ يانغ":
    who warns, asks or accuses is the speaker the rules read — the model's pairs of that type
    keep that source (the others named are what is spoken of)."""
    speakers: dict[str, set[str]] = {}
    for e in rules:
        if e.type in ("THREATEN", "REQUEST", "ACCUSE") and e.source is not None:
            speakers.setdefault(e.type, set()).add(e.source.country)
    for key, (etype, c) in list(chosen.items()):
        if etype in speakers and c.source.country not in speakers[etype]:
            del chosen[key]


def _not_quoted_sources(view: R.SentenceView, chosen: dict[tuple, tuple[str, Candidate]]) -> None:
    """"…، وفقاً لمسؤولين أميركيين": a country named only as the source of what is said is no
    side of a meeting, agreement or cooperation (its candidate's features say it only speaks);
    nor the doer of a transfer, deployment, attack or sanction it reports ("قال الجهاز الكوري
    الجنوبي إن كوريا الشمالية زودت روسيا …") unless the sentence speaks of itself ("أنها
    أرسلت", "it had sent", "قواتها")."""
    self_ref = speaking = None
    for key, (etype, c) in list(chosen.items()):
        if etype in R.SYMMETRIC and ("Sspeaker" in c.features or "Tspeaker" in c.features):
            del chosen[key]
        elif etype in ("TRANSFER", "DEPLOY", "ATTACK", "SANCTION") and "Sspeaker" in c.features:
            if self_ref is None:
                said = speaker_slot(view, lexicon())
                speaking = said.actor.country if said is not None else None
                self_ref = bool(_SELF_REFERENCE.search(view.text) or _ANNOUNCED_ITS_OWN.search(view.text))
            if not self_ref and c.source.country == speaking:
                del chosen[key]


# "أعلنت القوات اليمنية، اليوم، تنفيذ عمليتين", "announced the launch of": its own act announced
_ANNOUNCED_ITS_OWN = re.compile(r"(?<!\w)[وف]?(?:اعلن|اعلنت|تعلن|يعلن)\s+(?:\S+\s+){0,7}?"
                                r"(?:تنفيذ|شن|اطلاق|نشر|ارسال|تسليم|استهداف|اسقاط|اعتراض)(?!\w)"
                                r"|(?<!\w)announced\s+(?:the\s+)?(?:launch|deployment|delivery|start)\s+of(?!\w)")
# the speaker speaking of itself: "أعلنت روسيا أنها أرسلت", "قواتها", "Russia said it had sent"
_SELF_REFERENCE = re.compile(r"(?<!\w)(?:[وب]?[اإ]نه|[وب]?[اإ]نها|[وب]?[اإ]نهم|\w+(?:ها|هم)|it|its|they|their|we|our)(?!\w)")


def _one_direction(chosen: dict[tuple, tuple[str, Candidate]], top: dict[tuple, float]) -> None:
    """"اتهمت كييف القوات الروسية بـ…": one sentence states a one-way event between two parties
    in one direction — the likelier — unless it says they act on each other (the "mutual"
    cue: "تبادل الطرفان الاتهامات"). Attacks are left alone: a sentence often holds a strike
    and the interception of it ("أسقطت الدفاعات الروسية مسيّرات أوكرانية")."""
    for key in [k for k in chosen if k[0] not in R.SYMMETRIC and k[0] != "ATTACK" and k[2] is not None]:
        back = (key[0], key[2], key[1])
        if key in chosen and back in chosen:
            del chosen[key if top[key] < top[back] else back]


def _only_between(view: R.SentenceView, chosen: dict[tuple, tuple[str, Candidate]], cands: list[Candidate]) -> None:
    """"التعاون العسكري بين الإمارات والصين", "cooperation between Iran and Venezuela": a sentence
    that names the two sides of a relation with "between" names them for the symmetric events
    it states, so a meeting or cooperation of one of them with a third party named elsewhere
    in it (the speaker, the worried neighbour) is dropped."""
    between: set[frozenset] = set()
    for c in cands:
        if c.target is None or c.source_list is None or c.source_list != c.target_list:
            continue
        # (a party may be named before too: "قال بقائي إن التعاون بين إيران وفنزويلا …")
        if any(R._prep_before(view, s) in ("بين", "between") for s in c.source.slots + c.target.slots):
            between.add(frozenset((c.source.country, c.target.country)))
    if not between:
        return
    named = frozenset().union(*between)
    for key, (etype, c) in list(chosen.items()):
        if etype in R.SYMMETRIC and c.target is not None:
            pair = frozenset((c.source.country, c.target.country))
            if pair not in between and pair & named:
                del chosen[key]


def _list_is_one_side(view: R.SentenceView, chosen: dict[tuple, tuple[str, Candidate]]) -> None:
    """"جولات شملت مالي وبوركينا فاسو والنيجر، التقى خلالها قادة الدول الثلاث": where the rules
    read the countries of a list as each met by someone outside it (`R.ONE_SIDE`), the list's
    members did not meet, sign with or cooperate with one another."""
    one_side = view.cache.get(R.ONE_SIDE)
    if not one_side:
        return
    for key, (etype, c) in list(chosen.items()):
        if etype in R.SYMMETRIC and c.target is not None \
                and c.source.country in one_side and c.target.country in one_side:
            del chosen[key]


# "ودانت كل من السعودية ومصر": "كل من" right after the verb opens its subject ("زوّدت تركيا
# كلاً من النيجر ومالي", after the subject, opens the object and is left alone)
_SUBJECT_LIST = re.compile(r"^\s*[وف]?كل\s+من\s*$")


def _subject_lists(view: R.SentenceView, triggers: list[Trigger], chosen: dict[tuple, tuple[str, Candidate]],
                   cands: list[Candidate]) -> None:
    """A list that is a verb's subject is no target of a one-way event the sentence states."""
    firsts: dict[int, R.Slot] = {}
    for c in cands:
        for party, lst in ((c.source, c.source_list), (c.target, c.target_list)):
            if lst is not None and party is not None and party.slots \
                    and (lst not in firsts or party.slots[0].start < firsts[lst].start):
                firsts[lst] = party.slots[0]
    subjects = set()
    for lst, slot in firsts.items():
        word = slot.start - len(view.clitic(slot))
        if any(t.end <= word and _SUBJECT_LIST.match(view.text[t.end:word]) for t in triggers):
            subjects.add(lst)
    for key, (etype, c) in list(chosen.items()):
        if etype not in R.SYMMETRIC and c.target_list in subjects and c.source_list != c.target_list:
            del chosen[key]


def _enumerated(view: R.SentenceView, events: list[Event], chosen: dict[tuple, tuple[str, Candidate]],
                cands: list[Candidate]) -> None:
    """The rules read the first member of an enumerated list; every member takes part."""
    firsts: dict[int, int] = {}      # list number → start of its first mention
    for c in cands:
        for party, lst in ((c.source, c.source_list), (c.target, c.target_list)):
            if lst is not None and party is not None and party.slots:
                firsts[lst] = min(firsts.get(lst, 10 ** 9), party.slots[0].start)
    marked = {lst for lst, start in firsts.items() if R.ENUMERATION.search(view.text, max(0, start - 30), start)}
    if not marked:
        return
    by_pair = {(c.source.country, c.target.country if c.target else None): c for c in cands}
    seeds = {}
    for e in events:
        c = by_pair.get((_country(e.source), _country(e.target))) if e.target is not None else None
        if c is not None and ({c.source_list, c.target_list} & marked) and c.source_list != c.target_list:
            seeds[_key(e.type, c.source.country, c.target.country)] = (e.type, c)
    _expand(seeds, cands)
    for key, val in seeds.items():
        chosen.setdefault(key, val)


def _expand(chosen: dict[tuple, tuple[str, Candidate]], cands: list[Candidate]) -> None:
    """"زوّدت تركيا كلاً من النيجر ومالي وبوركينا فاسو", "Britain, France and Germany imposed
    sanctions": an event with one member of a list holds for the others on the same side (a
    symmetric one between every two members, when both sides are in the list)."""
    by_pair = {(c.source.country, c.target.country if c.target else None): c for c in cands}
    members: dict[int, list[str]] = {}
    for c in cands:
        if c.target is None:
            continue
        if c.source_list is not None:
            members.setdefault(c.source_list, [])
            if c.source.country not in members[c.source_list]:
                members[c.source_list].append(c.source.country)
    for key, (etype, c) in list(chosen.items()):
        if c.target is None:
            continue
        s, t = c.source.country, c.target.country
        pairs = []
        if c.target_list is not None and c.target_list != c.source_list:
            pairs += [(s, y) for y in members.get(c.target_list, ()) if y != s]
        if c.source_list is not None and c.source_list != c.target_list:
            pairs += [(z, t) for z in members.get(c.source_list, ()) if z != t]
        if c.source_list is not None and c.source_list == c.target_list and etype in R.SYMMETRIC:
            group = members.get(c.source_list, ())
            pairs += [(a, b) for a in group for b in group if a < b]
        for a, b in pairs:
            k = _key(etype, a, b)
            if k not in chosen and (a, b) in by_pair:
                chosen[k] = (etype, by_pair[(a, b)])
