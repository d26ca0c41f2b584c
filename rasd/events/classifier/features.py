"""Candidates and their features: what the learned layer is asked about.

A candidate is an ordered pair of parties in one sentence — (source country, target
country), or a source alone — and the question is, for each event type, whether the
sentence states that event between them. Parties are the countries the knowledge base
found in the sentence (actors, demonyms, places, weapons of known origin), and, where the
sentence names only one, up to two countries named just before it ("ونفت الخارجية
ذلك", "the two leaders met"): context parties.

Features are strings (a trained vocabulary maps them to weights): the sentence's word
stems, the rule layer's triggers and cues, and for the pair the prepositions that govern
each party, the words between and around them, their order, their mention kinds, which of
them the rules' syntax makes a trigger's subject or object or a speaker, where the triggers
stand relative to them (and how far, from the nearest trigger of each type), how many
countries the sentence names, and what the rules themselves extracted. Parties named in
one list ("بريطانيا وفرنسا وألمانيا") are marked, so that an event with one holds for all.
The same function builds them for training and for extraction, so the two cannot drift.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

from rasd.events import roles as R
from rasd.model import Actor, Event

_WORD = re.compile(r"\w+")
_PROCLITIC = re.compile(r"^(?:[وف](?=\w{3}))?(?:(?:بال|كال|وال|لل|ال)(?=\w{2})|[بل](?=\w{3})|س(?=[يتن]\w{2}))?")
_ENCLITIC = re.compile(r"(?:هما|هم|ها|ات|ون|ين|ان|وا|ته|تها|يه|يا|ه|ت|ي)$")
_EN_SUFFIX = re.compile(r"(?:ing|ed|es|s)$")
MAX_PARTIES = 7          # countries per sentence considered (the first ones named)
CONTEXT_REACH = 400      # characters before the sentence searched for context parties
_BETWEEN_MAX = 12        # words between two parties kept as features


def stem(word: str) -> str:
    """A light stem for features: proclitics and common endings off ("وبإرسالها" → "ارسال",
    "deliveries" → "deliveri"). Crude on purpose: the raw word is a feature too."""
    if word.isascii():
        return _EN_SUFFIX.sub("", word) if len(word) > 4 else word
    w = _PROCLITIC.sub("", word, count=1)
    if len(w) > 4:
        w = _ENCLITIC.sub("", w, count=1)
    return w


@dataclass(slots=True)
class Party:
    country: str
    actor: Actor
    slots: list[R.Slot] = field(default_factory=list)   # its mentions in the sentence; none for context
    context: bool = False


@dataclass(slots=True)
class Candidate:
    source: Party
    target: Party | None
    features: list[str]
    source_list: int | None = None    # the list of coordinated parties each side stands in, if any
    target_list: int | None = None


@dataclass(slots=True)
class Words:
    """The sentence's words (normalized text) with their offsets and stems."""
    starts: list[int]
    ends: list[int]
    forms: list[str]
    stems: list[str]

    @classmethod
    def of(cls, text: str) -> "Words":
        starts, ends, forms = [], [], []
        for m in _WORD.finditer(text):
            starts.append(m.start())
            ends.append(m.end())
            forms.append(m.group())
        return cls(starts, ends, forms, [stem(f) for f in forms])

    def index_at(self, offset: int) -> int:
        """The index of the word at or after `offset` (the first whose end is past it)."""
        return bisect_right(self.ends, offset)




def parties(view: R.SentenceView) -> list[Party]:
    """The countries the sentence names, in order of first mention — an armed group apart from
    the state of its country, so that a civil war's sides ("قوات الدعم السريع" and "الجيش
    السوداني", both SDN) can be the two parties of an event."""
    by_country: dict[tuple[str, bool], Party] = {}
    actors = set(id(s) for s in view.actors())
    for s in view.slots:
        m = s.mention
        if R.patron(view, s):
            continue     # "the Iran-backed Houthis": the group's backer, not a side of what it does
        if id(s) in actors:
            country, actor = s.actor.country, s.actor
        elif m.country and m.country != "IGO" and m.kind in ("place", "weapon"):
            country, actor = m.country, R.country_actor(m.country)    # the country itself, as the KB names it
        else:
            continue
        if not country:
            continue
        side = (country, R.armed_group(actor))
        got = by_country.get(side)
        if got is None:
            if len(by_country) >= MAX_PARTIES:
                continue
            got = by_country[side] = Party(country, actor)
        elif got.actor.code == country and actor.code != country and id(s) in actors:
            got.actor = actor    # prefer a sector code (RUSGOV) over a bare country
        got.slots.append(s)
    return list(by_country.values())


_JOIN = re.compile(r"^(?:,|و|او|and|or|,\s*and|,\s*or|as well as|ثم|&)?$")
_JOIN_THE = re.compile(r"^(?:,|and|or|,\s*and|,\s*or)\s+the$")     # "Russia, the United Arab Emirates and Egypt"


def lists(view: R.SentenceView, here: list[Party]) -> dict[str, int]:
    """Countries named in one list ("بريطانيا وفرنسا وألمانيا", "Ukraine, Ethiopia, Morocco and
    Nigeria"): each country to the number of its list. A list is a run of mentions with only a
    comma, "و", "and" or "or" between them."""
    slots = sorted(((s, p.country) for p in here for s in p.slots), key=lambda x: x[0].start)
    out: dict[str, int] = {}
    run: list[str] = []
    n = 0

    def close() -> None:
        nonlocal n
        if len(set(run)) >= 2:
            n += 1
            for c in run:
                out.setdefault(c, n)
    for (a, ca), (b, cb) in zip(slots, slots[1:]):
        cl = view.clitic(b)        # "الأمريكية والبريطانية": the article is glued to the second
        gap = view.gap(a.end, b.start - len(cl)).strip()
        glued = not gap and cl[:1] == "و"
        if a.end <= b.start and (glued or gap and _JOIN.match(gap)
                                 or _JOIN_THE.match(gap) and b.mention.kind == "country" and b.mention.role == "name"):
            if not run:
                run.append(ca)
            run.append(cb)
        else:
            close()
            run = []
    close()
    return out


def context_parties(view: R.SentenceView, have: set[str], limit: int = 2) -> list[Party]:
    """Countries acting in the text just before the sentence, latest first, not in `have`."""
    doc, start = view.doc, view.sentence.start
    out: list[Party] = []
    seen = set(have)
    # Only the mentions that start in the reach before the sentence, by bisection, when they are
    # in order (a scan from the document's end for every sentence was quadratic); in any other
    # order, all of them, as the checks below go.
    mentions = doc.mentions
    if R.span_starts(doc, mentions) is not None:
        mentions = R.starting_in(doc, mentions, start - CONTEXT_REACH, start)
    for m in reversed(mentions):
        if m.start >= start:
            continue
        if m.start < start - CONTEXT_REACH or len(out) >= limit:
            break
        country = m.country if (m.code or m.role in ("demonym", "composed")) else None
        if country and country not in seen:
            seen.add(country)
            out.append(Party(country, Actor(m.code or country, country, m.name, m.entity_id), context=True))
    return out


def _rel(pos: int, a: int, b: int) -> str:
    """Where `pos` stands relative to two offsets a <= b."""
    return "B" if pos < a else ("M" if pos < b else "A")


def sentence_features(view: R.SentenceView, words: Words, triggers, cues: dict[str, list]) -> list[str]:
    """Features every candidate of the sentence shares: stems, rule triggers, cues."""
    out = ["bias"]
    out += ["w:" + s for s in set(words.stems)]
    out += ["t:" + t.group.type + ":" + t.group.group for t in triggers]
    out += ["c:" + name for name, hits in cues.items() if hits]
    return out


def _slot_features(tag: str, view: R.SentenceView, words: Words, party: Party) -> list[str]:
    out = []
    for s in party.slots:
        m = s.mention
        out.append(f"{tag}k:{m.kind}:{m.role}")
        prep = R._prep_before(view, s)
        out.append(f"{tag}p:{prep}")
        i = words.index_at(s.start)
        j = words.index_at(s.end - 1)
        out += [f"{tag}<:{words.stems[k]}" for k in range(max(0, i - 2), i)]
        out += [f"{tag}>:{words.stems[k]}" for k in range(j + 1, min(len(words.stems), j + 3))]
    if party.actor.code and len(party.actor.code) > 3:
        out.append(f"{tag}sector:{party.actor.code[3:]}")
    return out


def _closest(a: Party, b: Party) -> tuple[R.Slot, R.Slot]:
    return min(((x, y) for x in a.slots for y in b.slots),
               key=lambda p: abs(p[0].start - p[1].start))


@dataclass(slots=True)
class Roles:
    """Who the rule layer's syntax puts where, per sentence: the subject of each trigger, the
    actor each preposition after it governs, and the speakers of attribution verbs."""
    subjects: dict[int, str]          # slot start → "TYPE" of a trigger it is the subject of
    objects: dict[int, list[str]]     # slot start → ["TYPE:prep", ...] it completes
    speakers: set[int]                # slot starts of speakers ("قال مسؤول أمريكي")

    @classmethod
    def of(cls, view: R.SentenceView, triggers) -> "Roles":
        from rasd.events.claims import _actor_next_to
        from rasd.events.lexicon import lexicon
        subjects: dict[int, str] = {}
        objects: dict[int, list[str]] = {}
        for t in triggers:
            s = R.subject(view, t.start, t.end)
            if s is not None:
                subjects.setdefault(s.start, t.group.type)
            tprep = R.trigger_prep(view, t.start, t.end)
            for slot in R._near_after(view, t.end, 80):
                p = R.governed(view, slot, t.end, tprep) or "0"
                objects.setdefault(slot.start, []).append(f"{t.group.type}:{p}")
        lex = lexicon()
        speakers = set()
        for name, matcher in (("say", lex.say), ("according", lex.according)):
            for a, b in view.cue(name, matcher):
                slot = _actor_next_to(view, a, b) if name == "say" else R._near_after(view, b, 40)[:1]
                if isinstance(slot, list):
                    slot = slot[0] if slot else None
                if slot is not None:
                    speakers.add(slot.start)
        return cls(subjects, objects, speakers)


def _role_features(tag: str, party: Party, roles: Roles) -> list[str]:
    out = []
    speaks = acts = False
    for s in party.slots:
        ty = roles.subjects.get(s.start)
        if ty:
            out.append(f"{tag}subj:{ty}")
        out += [f"{tag}obj:{o}" for o in roles.objects.get(s.start, ())]
        if s.start in roles.speakers:
            speaks = True
        else:
            acts = True
    # a country that is only quoted is rarely a party to the event; one that acts and is also
    # quoted ("Ankara has sold drones …, according to Baykar") is as likely as any other
    if speaks:
        out.append(f"{tag}speaker" if not acts else f"{tag}speaker+")
    return out


_BREAK = re.compile(r"[,;:\"()]|(?<!\w)(?:لكن|بينما|فيما|حيث|الذي|التي|الذين|which|while|but|whereas)(?!\w)")


def _anchored(view: R.SentenceView, words: Words, triggers, s: R.Slot, t: R.Slot) -> list[str]:
    """Each party seen from the nearest trigger of each type: on which side and how far, the
    words between (as an argument classifier would read them), and the trigger word itself."""
    nearest: dict[str, object] = {}
    mid = (s.start + t.start) // 2
    for tr in triggers:
        ty = tr.group.type
        if ty not in nearest or abs(tr.start - mid) < abs(nearest[ty].start - mid):
            nearest[ty] = tr
    out = []
    for ty, tr in nearest.items():
        ti = words.index_at(tr.start)
        sides = []
        for tag, slot in (("S", s), ("T", t)):
            si = words.index_at(slot.start)
            side = "B" if slot.start < tr.start else "A"
            d = abs(si - ti)
            sides.append(side)
            out.append(f"a:{ty}:{tag}{side}{'0-1' if d <= 1 else '2-3' if d <= 3 else '4-7' if d <= 7 else '8+'}")
            lo, hi = (si + 1, ti) if si < ti else (ti + 1, si)
            out += [f"aw:{ty}:{tag}{side}:{words.stems[k]}" for k in range(lo, min(hi, lo + 6))]
        out.append(f"at:{ty}:{words.stems[ti] if ti < len(words.stems) else ''}:S{sides[0]}T{sides[1]}")
    return out


def _near(words: Words, pos: int, slot: R.Slot) -> str:
    """Word distance from a trigger at `pos` to a mention, bucketed."""
    d = abs(words.index_at(pos) - words.index_at(slot.start))
    return "0-1" if d <= 1 else "2-3" if d <= 3 else "4-7" if d <= 7 else "8+"


def pair_features(view: R.SentenceView, words: Words, triggers, src: Party, tgt: Party | None,
                  rule_keys: set[tuple], rule_types: set[str], roles: Roles | None = None) -> list[str]:
    out: list[str] = []
    out += _slot_features("S", view, words, src)
    if roles is not None:
        out += _role_features("S", src, roles)
        if tgt is not None:
            out += _role_features("T", tgt, roles)
    if src.context:
        out.append("Sctx")
    if tgt is None:
        out.append("Tnone")
        first = src.slots[0] if src.slots else None
        for t in triggers:
            if first is not None:
                out.append(f"tr:{t.group.type}:{'B' if t.start < first.start else 'A'}1")
        for etype in rule_types:
            if (etype, src.country, None) in rule_keys:
                out.append(f"r:{etype}:S")
        return out
    out += _slot_features("T", view, words, tgt)
    tc = tgt.country
    for etype in rule_types:
        if (etype, src.country, tc) in rule_keys:
            out.append(f"r:{etype}")
        elif (etype, tc, src.country) in rule_keys:
            out.append(f"r:{etype}:rev")
        else:
            out.append(f"r:{etype}:other")
    if tgt.context or src.context:
        out.append("ctx" if tgt.context else "ctxS")
        here = src if tgt.context else tgt
        first = here.slots[0]
        for t in triggers:
            out.append(f"trc:{t.group.type}:{'B' if t.start < first.start else 'A'}:{'S' if here is src else 'T'}")
        return out
    s, t = _closest(src, tgt)
    order = "ST" if s.start < t.start else "TS"
    a, b = (s, t) if order == "ST" else (t, s)
    out.append("o:" + order)
    i, j = words.index_at(a.end), words.index_at(b.start)
    gap = j - i
    out.append("d:" + ("0" if gap <= 0 else "1" if gap == 1 else "2-3" if gap <= 3 else "4-7" if gap <= 7 else "8+"))
    out += [f"m{order}:{words.stems[k]}" for k in range(i, min(j, i + _BETWEEN_MAX))]
    if _BREAK.search(view.gap(a.end, b.start)):
        out.append("break")
    out += _anchored(view, words, triggers, s, t)
    for tr in triggers:
        rel = _rel(tr.start, a.start, b.start)
        ty = tr.group.type
        out.append(f"tr:{ty}:{order}:{rel}")
        out.append(f"tp:{ty}:{R._prep_before(view, s)}:{R._prep_before(view, t)}")
        out.append(f"tn:{ty}:S{_near(words, tr.start, s)}:T{_near(words, tr.start, t)}")
    cl = view.clitic(b)
    gap = view.gap(a.end, b.start - len(cl)).strip()
    if gap in ("", "و", ",", "and", "&") and (gap or cl.startswith("و")):
        out.append("coord")
    return out


def sentence_candidates(view: R.SentenceView, triggers, cues: dict[str, list], rule_events: list[Event],
                        words: Words | None = None, here: list[Party] | None = None, roles: Roles | None = None
                        ) -> tuple[list[str], list[Candidate]]:
    """The shared features and the candidates of one sentence (`words`, `here` — its parties —
    and `roles`, when the caller has them)."""
    words = words or Words.of(view.text)
    shared = sentence_features(view, words, triggers, cues)
    here = parties(view) if here is None else here
    if not here:
        return shared, []
    # the actors of the sentences just before, when this one names a single party (tried: one
    # more even when it names two or more — held-out F1 fell by 0.02)
    more = context_parties(view, {here[0].country}) if len(here) == 1 else []
    # (tried and dropped: each party's rank among the parties around a trigger — held-out F1 fell by 0.02)
    rule_keys = {(e.type, e.source.country if e.source else None, e.target.country if e.target else None)
                 for e in rule_events}
    rule_types = {k[0] for k in rule_keys}
    roles = roles or Roles.of(view, triggers)
    # a sentence naming many countries states an event between few of its pairs
    many = "np:" + ("1" if len(here) == 1 else "2" if len(here) == 2 else "3" if len(here) == 3
                    else "4-5" if len(here) <= 5 else "6+")
    cands: list[Candidate] = []
    everyone = here + more
    listed = lists(view, here)
    for src in everyone:
        for tgt in everyone:
            if tgt is src or (src.context and tgt.context) or _outlet_only(src) or _outlet_only(tgt):
                continue
            cands.append(Candidate(src, tgt, pair_features(view, words, triggers, src, tgt, rule_keys, rule_types,
                                                           roles) + [many],
                                   listed.get(src.country), listed.get(tgt.country)))
    for src in here:
        if _outlet_only(src):
            continue
        cands.append(Candidate(src, None, pair_features(view, words, triggers, src, None, rule_keys, rule_types,
                                                        roles) + [many], listed.get(src.country)))
    return shared, cands


def _outlet_only(party: Party) -> bool:
    """Is the party named only as an outlet ("في تصريح لقناة المسيرة")? It reports: a
    claimant (the attribution model's candidate), not a side of an event."""
    return bool(party.slots) and all(s.mention.kind == "outlet" for s in party.slots)


CUES = ("say", "according", "deny", "hedge", "plan", "relay", "beneficiary", "personnel", "violence", "mutual")


def cues_of(view: R.SentenceView) -> dict[str, list]:
    """The claim and status cues the keyword pass found in the sentence."""
    return {name: view.cache.get(name) or [] for name in CUES}


# Pair features that say where the parties stand; crossed with the types the sentence model
# finds likely, they let the pair model learn each type's own argument structure
# ("تسلم": the recipient is the subject; "imposed sanctions on": the target follows "on").
_CROSSED = ("Sp:", "Tp:", "o:", "Ssubj", "Tsubj", "Sobj", "Tobj", "Sk:", "Tk:", "Sspeaker", "Tspeaker",
            "ctx", "Tnone", "coord", "break", "d:", "S<:", "T<:", "np:")
HOT = 0.3      # a sentence-model probability from which its type is crossed with the pair features


def with_sentence_types(shared: list[str], cands: list[Candidate], stage_one: list[str],
                        hot: list[str]) -> list[str]:
    """Add the sentence model's answers: `stage_one` (binned probabilities) to the shared
    features, and each `hot` type crossed with every candidate's positional features."""
    for c in cands:
        crossed = [f for f in c.features if f.startswith(_CROSSED)]
        c.features = c.features + [f"{t}|{f}" for t in hot for f in crossed]
    return shared + stage_one
