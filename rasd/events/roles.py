"""Roles around a trigger: source, target, item, quantity, date and location.

Everything here works on one sentence in normalized text (`SentenceView`), where the
actor mentions found by the knowledge base are placed with normalized offsets.
Arabic news sentences are verb-first ("أرسلت كوريا الشمالية جنودا إلى روسيا") as often
as subject-first ("روسيا تعتزم شراء ..."); nominal triggers take their agent as a
genitive ("إرسال كوريا الشمالية جنودا"). The rules below try the cues that say most
first: a preposition (من/إلى/مع/على/ضد/بين), then word order.

A rule asks about the actors near one trigger, and a sentence has many triggers: the
mentions of a sentence are found by bisection on their offsets (`_Index`), not by a scan
of all of them per trigger, and the document's quantities, dates and mentions by bisection
too, so that the work stays near-linear in the length of the sentence and the document.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

from rasd.model import Actor, DateExpr, Document, Item, Location, Mention, Quantity, Sentence

SYMMETRIC = {"MEET", "AGREE", "COOPERATE"}
PERSONNEL_UNITS = {"soldier", "worker", "engineer", "person"}
_NOT_QUANTITY = {"mm", "percent", "time"}
_CLAUSE_BREAK = re.compile(r"[,;:.!?\"()]|(?<!\w)(?:لكن|بينما|فيما|حيث|الذي|التي|الذين)(?!\w)")


@dataclass(slots=True, unsafe_hash=True)
class Slot:
    """A mention placed in the sentence's normalized text, with the actor it stands for."""
    start: int
    end: int
    mention: Mention
    actor: Actor | None = None

    @classmethod
    def of(cls, start: int, end: int, m: Mention) -> "Slot":
        if not m.code and m.role == "demonym" and m.country:
            actor = Actor(m.country, m.country, m.name, m.entity_id)
        elif m.code:
            actor = Actor(m.code, m.country or m.code[:3], m.name or "", m.entity_id)
        else:
            actor = None
        return cls(start, end, m, actor)


class _Index:
    """Offsets of a sentence's slots and actors for bisection, built once per view. `slots`
    and `actors` are in order of start (the mentions are); when the ends are in order too
    (no mention nests in another), `actor_ends` is set, else rules that look backwards by end
    scan the actors as before."""

    __slots__ = ("slot_starts", "actor_starts", "actor_ends", "last_item")

    def __init__(self, slots: list[Slot], actors: list[Slot]):
        self.slot_starts = [s.start for s in slots]
        self.actor_starts = [s.start for s in actors]
        ends = [s.end for s in actors]
        self.actor_ends = ends if all(a <= b for a, b in zip(ends, ends[1:])) else None
        self.last_item: list[Slot | None] | None = None   # see `_item_before`

    @staticmethod
    def of(view: "SentenceView") -> "_Index | None":
        """The view's index, or None when its slots are not in order of start."""
        got = view.cache.get(_INDEX, False)
        if got is False:
            starts = [s.start for s in view.slots]
            got = None
            if all(a <= b for a, b in zip(starts, starts[1:])):
                got = _Index(view.slots, view.actors())
            view.cache[_INDEX] = got
        return got


_INDEX = "#index"      # view.cache keys of this module's memos (cue names have no "#")
_LOCATION = "#location"


@dataclass
class SentenceView:
    doc: Document
    sentence: Sentence
    text: str                      # normalized sentence text
    offset: int                    # normalized offset of the sentence start
    slots: list[Slot]
    _actors: list[Slot]
    cache: dict = field(default_factory=dict)   # per-sentence memo of claims work
    o2n: object = None                           # original → normalized offset lookup

    def preload(self, hits, names: dict[str, tuple[str, ...]]) -> None:
        """Fill the cue cache from a document-wide pass: hits are (start, end, form) in sentence offsets."""
        by_name: dict[str, list[tuple[int, int]]] = {}
        for s, e, form in hits:
            for name in names.get(form, ()):
                lst = by_name.setdefault(name, [])
                if lst and s < lst[-1][1]:        # overlapping within one lexicon: keep the longer
                    if e - s > lst[-1][1] - lst[-1][0]:
                        lst[-1] = (s, e)
                    continue
                lst.append((s, e))
        self.cache.update(_absent(names))     # every name looked for: () where the pass found none
        self.cache.update(by_name)

    @classmethod
    def build(cls, doc: Document, sentence: Sentence, mentions: list[Mention],
              o2n: list[int] | None = None) -> "SentenceView":
        """`o2n`: original → normalized offsets for the whole document, when the caller has it."""
        n = doc.norm
        f = o2n.__getitem__ if o2n is not None else n.from_orig
        ns, ne = f(sentence.start), f(sentence.end)
        slots = [Slot.of(f(m.start) - ns, f(m.end) - ns, m) for m in mentions]
        actors = [s for s in slots if s.actor is not None and s.mention.kind not in ("weapon", "item")
                  and not (s.mention.kind == "place" and not s.mention.code)]
        view = cls(doc, sentence, n.text[ns:ne], ns, slots, actors)
        view.o2n = f
        return view

    def actors(self) -> list[Slot]:
        return self._actors

    def cue(self, name: str, matcher) -> list[tuple[int, int]]:
        """(start, end) of every match of a lexicon matcher in this sentence, computed once."""
        got = self.cache.get(name)
        if got is None:
            got = self.cache[name] = [(ws, we) for ws, we, _, _ in matcher.spans(self.text)]
        return got

    def has_cue(self, name: str, matcher, a: int, b: int) -> bool:
        """Is there a match of the matcher wholly inside [a, b)?"""
        return any(a <= s and e <= b for s, e in self.cue(name, matcher))

    def gap(self, a: int, b: int) -> str:
        return self.text[a:b] if a <= b else ""

    def clitic(self, slot: Slot) -> str:
        """The proclitics glued to a mention: "ل" in "لروسيا", "وب" in "وبيونغ يانغ"."""
        i = slot.start
        while i > 0 and self.text[i - 1].isalpha():
            i -= 1
        return self.text[i:slot.start]

    def orig(self, a: int, b: int) -> tuple[int, int]:
        return self.doc.norm.span_to_orig(self.offset + a, self.offset + b)


_PREPS = ("من", "الي", "مع", "علي", "ضد", "بين", "في", "عن", "لدي", "باسم", "نحو", "جانب", "to", "from",
          "with", "against", "on", "in", "by", "between", "across", "into")
# Words that end the search for a subject before a trigger: a complementizer or relative.
_STOP_BEFORE = re.compile(r"(?<!\w)(?:ان|انه|انها|بان|الذي|التي|الذين|وان|فان|لان)(?!\w)|[,:\"]")


# a relative clause set off by commas (an aside): "Mali, which expelled French troops in 2022,
# received …" — what it names belongs to it, not to the sentence's verb
ASIDE = re.compile(r"[,،]\s*(?:which|who|الذي|التي|الذين)\s[^,،]{1,90}[,،]")
_ENCLOSED = re.compile(ASIDE.pattern + r"\s*$")
# ", which have already", ", who had": an English relative clause whose subject is the actor before it
_RELATIVE_EN = re.compile(r"^\s*,\s*(?:which|who|that)\s+(?:(?:has|have|had|is|are|was|were|will|would|also|already|"
                          r"recently|reportedly|previously|since|now|not|never|been)\s+){0,3}$")
# "يمكن أن", "يجب أن": a modal's أن does not open a new clause.
# "كان بوتين قد حذّر", "بوتين كان قد حذّر": the auxiliary between a subject and its verb
_AUXILIARY = re.compile(r"(?<!\w)[وف]?(?:كان|كانت|كانوا)\s+قد(?!\w)|(?<!\w)قد(?!\w)")
_MODAL = re.compile(r"(?<!\w)(?:يمكن|يجب|ينبغي|لا بد|من المحتمل|من المرجح|من الممكن|يحتمل)\s+ان(?!\w)")
# ", الثلاثاء،" or ", سيرغي شويغو،": a short aside between commas does not break a clause.
_APPOSITIVE = re.compile(r",[^,]{1,30},")


_NAMES: dict[int, frozenset[str]] = {}


_ABSENT: dict[int, dict[str, tuple]] = {}


def _absent(names: dict[str, tuple[str, ...]]) -> dict[str, tuple]:
    """Every cue name, each with no match (a shared empty tuple: cue lists are only read)."""
    got = _ABSENT.get(id(names))
    if got is None:
        got = _ABSENT[id(names)] = dict.fromkeys(_all_names(names), ())
    return got


def _all_names(names: dict[str, tuple[str, ...]]) -> frozenset[str]:
    got = _NAMES.get(id(names))
    if got is None:
        got = _NAMES[id(names)] = frozenset(n for ns in names.values() for n in ns)
    return got


_EN_DETERMINERS = frozenset({"a", "an", "the", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
                             "several", "some", "more", "other", "its", "their", "dozens", "of", "hundreds"})
_YEAR = re.compile(r"^[وف]?(?:19|20)\d\d$")
_COUNT_WORD = re.compile(r"^[وف]?(?:\d[\d.,]*|[٠-٩۰-۹]+|عدد|عددا|بعض|كثير|العديد|عشرات|مئات|الاف)$")
_PLACE_NOUNS = frozenset({"مدينه", "بلده", "منطقه", "قريه", "محافظه", "اقليم", "ولايه", "مقاطعه", "ميناء",
                          "مطار", "قاعده", "مخيم", "حي", "city", "town", "region", "province", "village",
                          # "على مدن أوكرانية", "على مواقع إسرائيلية": the places attacked, their country the target
                          "مدن", "بلدات", "قري", "مناطق", "مواقع", "منشات", "قواعد", "اهداف", "مقاطعات", "محافظات",
                          # whose stocks: "من مخزون الجيش الألماني" is from the German army
                          "مخزون", "مخزونات", "مخازن", "ترسانه", "مستودعات", "stocks", "stockpiles", "arsenal"})


def _prep_before(view: SentenceView, slot: Slot) -> str:
    """The preposition that governs `slot`: a clitic (ل ب) or a word right before it."""
    memo = view.cache.setdefault("prep", {})
    got = memo.get(slot.start)
    if got is None:
        got = memo[slot.start] = _find_prep(view, slot)
    return got


def _find_prep(view: SentenceView, slot: Slot) -> str:
    cl = view.clitic(slot)
    bare = cl.lstrip("وف")
    if bare.startswith("لل") or (bare.startswith("ل") and not bare.startswith("ال")):
        return "ل"
    if bare.startswith("ب"):
        return "ب"
    words = view.text[max(0, slot.start - 35):slot.start - len(cl)].split()
    if words and words[-1] in _PLACE_NOUNS:     # "على مدينة خيرسون", "في منطقة كورسك"
        words = words[:-1]
    tail = words[-1] if words else ""
    if tail == "من" and len(words) >= 2 and words[-2].lstrip("وف") in ("كل", "كلا"):
        return ""    # "زودت تركيا كلاً من النيجر ومالي": "each of", not "from"
    if tail == "من" and len(words) >= 2 and _COUNT_WORD.match(words[-2]) and not _YEAR.match(words[-2]):
        return ""    # "و2 من المسؤولين الفنزويليين", "عدد من": "of", not "from" (but "سنة 2020 من النرويج")
    while len(words) >= 2 and (words[-1] in _EN_DETERMINERS or words[-1].isascii() and words[-1].isdigit()):
        words = words[:-1]      # "sanctions on two Chinese companies", "on 19 Chinese": the preposition before
        tail = words[-1]
    if tail == "to" and len(words) >= 2 and words[-2] in ("according", "owing", "due", "thanks"):
        return ""    # "according to Baykar": a source, not a destination
    if tail in _PREPS:
        return tail
    if len(words) >= 2 and words[-2] in ("الي", "مع", "من") and words[-1] == "جانب":
        return "جانب"
    return ""


def attributed(view: SentenceView, slot: Slot, lex) -> bool:
    """Is `slot` named as the source of what is told ("according to UN experts", "بحسب
    الأمم المتحدة", "citing Pentagon officials": an "according" cue right before it, a
    determiner apart)? Then it is no object of the verb."""
    if view.clitic(slot):
        return False
    return any(b <= slot.start and all(w in _EN_DETERMINERS for w in view.text[b:slot.start].split())
               for _, b in view.cue("according", lex.according))


def trigger_prep(view: SentenceView, ts: int, te: int) -> str:
    """A preposition that ends the trigger itself: "سافر إلى", "حصل على"."""
    last = view.text[ts:te].split()[-1] if view.text[ts:te].split() else ""
    return last if last in _PREPS else ""


def governed(view: SentenceView, slot: Slot, te: int, tprep: str) -> str:
    """The preposition of `slot`, counting one that closes the trigger right before it."""
    p = _prep_before(view, slot)
    if not p and tprep and not view.gap(te, slot.start - len(view.clitic(slot))).strip():
        return tprep
    return p


def _clause_cut(view: SentenceView, a: int, b: int) -> bool:
    return bool(_CLAUSE_BREAK.search(view.gap(a, b)))


def _near_after(view: SentenceView, pos: int, limit: int = 90) -> list[Slot]:
    """The actors starting in [pos, pos + limit), in order."""
    ix = _Index.of(view)
    if ix is None:
        return [s for s in view.actors() if pos <= s.start < pos + limit]
    st = ix.actor_starts
    return view.actors()[bisect_left(st, pos):bisect_left(st, pos + limit)]


def _near_before(view: SentenceView, pos: int, limit: int = 70) -> list[Slot]:
    """The actors ending in (pos - limit, pos], last first."""
    ix = _Index.of(view)
    if ix is None or ix.actor_ends is None:
        return [s for s in reversed(view.actors()) if s.end <= pos and pos - s.end < limit]
    en = ix.actor_ends
    return view.actors()[bisect_right(en, pos - limit):bisect_right(en, pos)][::-1]


def _slots_from(view: SentenceView, pos: int) -> list[Slot]:
    """The slots starting at or after `pos`, in order (what a scan skipping the earlier ones sees)."""
    ix = _Index.of(view)
    if ix is None:
        return [s for s in view.slots if s.start >= pos]
    return view.slots[bisect_left(ix.slot_starts, pos):]


def _slots_between(view: SentenceView, lo: int, hi: int) -> tuple[int, int]:
    """Indices [i, j) of view.slots holding every slot that starts in [lo, hi) (and, when the
    slots are out of order, others: callers test the bounds)."""
    ix = _Index.of(view)
    if ix is None:
        return 0, len(view.slots)
    st = ix.slot_starts
    return bisect_left(st, lo), bisect_left(st, hi)


def _item_before(view: SentenceView, ix: _Index, i: int) -> Slot | None:
    """The last item or weapon slot among view.slots[:i]."""
    got = ix.last_item
    if got is None:
        got, prev = [], None
        for s in view.slots:
            got.append(prev)
            if s.mention.kind in ("item", "weapon"):
                prev = s
        got.append(prev)
        ix.last_item = got
    return got[i]


def _bare_gap(gap: str, *, auxiliary: bool = True) -> str:
    """`gap` without asides between commas (and auxiliaries "كان قد"): what stands between
    an actor and a verb once those are set aside. (Substring tests first: called very often.)"""
    if "," in gap:
        gap = _APPOSITIVE.sub(" ", gap)
    if auxiliary and "قد" in gap:
        gap = _AUXILIARY.sub(" ", gap)
    return gap


def subject(view: SentenceView, ts: int, te: int) -> Slot | None:
    """The agent of a trigger at [ts, te): an actor right before a verb (SVO: "روسيا تدعو سيول"),
    else right after it (VSO: "أرسلت كوريا الشمالية"; a masdar's genitive: "إرسال كوريا"),
    else a little before it."""
    tail = view.text[max(0, ts - 3):ts]
    enclosed = _ENCLOSED.search(view.text, max(0, ts - 110), ts) if ("," in tail or "،" in tail) else None
    if enclosed is not None:     # "Mali, which expelled French troops in 2022, received …": the clause's are its own
        held = subject(view, enclosed.start(), enclosed.start())
        if held is not None and held.end <= enclosed.start():
            return held
    before = _near_before(view, ts, 70)
    if before:
        s = before[0]
        gap = _bare_gap(view.gap(s.end, ts))
        if len(gap.split()) <= 1 and not _STOP_BEFORE.search(gap) and _prep_before(view, s) in ("", "ل"):
            return s
        if _RELATIVE_EN.match(view.gap(s.end, ts)):
            return s      # "Denmark, which has already handed over …", "in service with Kuwait, which signed …"
    tprep = trigger_prep(view, ts, te)
    # English puts the subject before the verb: the bare actor after "urged", "warned" is its object
    after = _near_after(view, te, 45) if not view.text[ts:te].isascii() else []
    if after and not governed(view, after[0], te, tprep) and not _clause_cut(view, te, after[0].start) \
            and (len(_bare_gap(view.gap(te, after[0].start - len(view.clitic(after[0]))), auxiliary=False).split()) <= 1
                 or _title_between(view, te, after[0].start)) \
            and not qualifies_item(view, after[0]):      # "إمدادات الأسلحة الغربية": where the weapons come from
        return after[0]
    for s in before:
        gap = _MODAL.sub(" ", _bare_gap(view.gap(s.end, ts), auxiliary=False))
        if _STOP_BEFORE.search(gap) or len(gap.split()) > 6:
            return None
        if _prep_before(view, s) in ("", "ل"):
            return s
        return None
    return None


def _title_between(view: SentenceView, a: int, b: int) -> bool:
    """Is [a, b) a title and nothing else ("هدّد وزير الدفاع يوآف غالانت": the minister is the name)?"""
    gap = view.gap(a, b).strip()
    if not gap or len(gap.split()) > 4:
        return False
    oa, ob = view.orig(a, b)
    return any(m.kind in ("title", "institution") and m.country is None and oa <= m.start and m.end <= ob
               and m.end - m.start >= len(gap) - 2 for m in starting_in(view.doc, view.doc.mentions, oa, ob))


def by_prep(view: SentenceView, te: int, preps: tuple[str, ...], limit: int = 110, tprep: str = "",
            *, same_clause: bool = False) -> Slot | None:
    """The first actor within `limit` after the trigger governed by one of `preps`; with
    `same_clause`, not past a word that opens another clause ("…، فيما أعلنت القاهرة …")."""
    for s in _near_after(view, te, limit):
        if same_clause and _NEXT_CLAUSE.search(view.gap(te, s.start)):
            return None
        if governed(view, s, te, tprep) in preps:
            return s
    return None


_NEXT_CLAUSE = re.compile(r"(?<!\w)(?:فيما|بينما|في حين|كما|while|whereas)(?!\w)")


def from_before(view: SentenceView, ts: int) -> Slot | None:
    """"مهندسين عسكريين من كوريا الشمالية تم إرسالهم": a "من X" shortly before a passive trigger."""
    for s in _near_before(view, ts, 60):
        if _prep_before(view, s) == "من" and not _STOP_BEFORE.search(view.gap(s.end, ts)):
            return s
    return None


def beneficiary(view: SentenceView, te: int, lex) -> Slot | None:
    """"لدعم القوات الروسية": the actor a deployment or transfer is for."""
    cue = next(((a, b) for a, b in view.cue("beneficiary", lex.beneficiary) if a >= te), None)
    if cue is None or cue[0] - te > 80:
        return None
    attributions = [*view.cue("say", lex.say), *view.cue("according", lex.according)]
    for s in _near_after(view, cue[1], 70):
        gap = view.gap(cue[1], s.start)
        # "لدعم القوات الروسية", "للمساعدة في إعادة بناء الأراضي التي تحتلها روسيا" —
        # not "لدعم قواتها، بحسب الاستخبارات الكورية" (another clause, its source)
        if "," in gap or any(cue[1] <= a < s.start for a, _ in attributions):
            return None
        return s
    return None


def demonym_near(view: SentenceView, te: int, limit: int = 70, *, skip: Slot | None = None) -> Slot | None:
    """A demonym on the object after the trigger: "طائرات مسيرة إيرانية الصنع", "جنود كوريين"."""
    slots = view.slots
    lo, hi = _slots_between(view, te, te + limit)
    ix = _Index.of(view)
    prev = _item_before(view, ix, lo) if ix is not None else None
    for i in range(lo, hi):
        s = slots[i]
        if te <= s.start < te + limit and s.mention.role in ("demonym", "composed") and s.mention.country \
                and (skip is None or not (skip.start <= s.start < skip.end)):
            nxt = slots[i + 1] if i + 1 < len(slots) else None
            if s.mention.role == "composed" \
                    or prev is not None and len(view.gap(prev.end, s.start).split()) <= 1 \
                    or nxt is not None and nxt.mention.kind in ("item", "weapon") \
                    and len(view.gap(s.end, nxt.start).split()) <= 1:      # "Iranian-made drones"
                return s
        if s.mention.kind in ("item", "weapon"):
            prev = s
    return None


def weapon_origin(view: SentenceView, te: int, limit: int = 120) -> Actor | None:
    """The producing country of a named weapon after the trigger: "شاهد" → IRN."""
    slots = view.slots
    lo, hi = _slots_between(view, te, te + limit)
    for i in range(lo, hi):
        s = slots[i]
        m = s.mention
        if m.kind == "weapon" and te <= s.start < te + limit and m.country:
            return Actor(m.country, m.country, m.country, None)
    return None


def armed_group(actor: Actor) -> bool:
    """An armed group or rebels (sector REB: SDNREB, YEMREB): a party apart from its own state."""
    return (actor.code or "")[3:] == "REB"


def country_actor(country: str) -> Actor:
    """The country itself as an actor (for a place that stands for where something happens)."""
    from rasd.kb.load import default_kb
    ent = default_kb().countries.get(country)
    return Actor(country, country, ent.name_ar if ent else country, ent.id if ent and ent.id.startswith("Q") else None)


def location_country(view: SentenceView, te: int, *, last: bool = False,
                     preps: tuple[str, ...] = ("في", "الي", "ب", "in", "to")) -> Actor | None:
    """The country of a place after في/الى: "في منطقة كورسك" (RUS), "في أوكرانيا" (UKR)."""
    found = None
    for s in _slots_from(view, te):
        if s.start >= te and s.mention.country and s.mention.kind in ("place", "country") \
                and s.mention.country not in ("IGO",) and _prep_before(view, s) in preps:
            found = s
            if not last:
                break
    if found is None:
        return None
    return found.actor if found.mention.kind == "country" else country_actor(found.mention.country)


def place_object(view: SentenceView, after: int) -> Actor | None:
    """"قصفت روسيا مدينة خاركيف": a place right after the attacker stands for its country."""
    for s in _slots_from(view, after):
        if len(view.gap(after, s.start).split()) > 2:
            return None
        m = s.mention
        if m.kind == "place" and m.country and not m.code:
            return country_actor(m.country)
        return None
    return None


def adjective_after(view: SentenceView, te: int) -> Slot | None:
    """A demonym right after a nominal trigger: "غارة إسرائيلية", "نيران أوكرانية" (the agent)."""
    for s in _slots_from(view, te):
        if s.mention.role == "demonym" and not view.gap(te, s.start - len(view.clitic(s))).strip():
            return s
        return None
    return None


_MAKER = re.compile(r"-(?:made|built|supplied|designed|produced|manufactured|developed)(?!\w)")


# a patron named on its client: "the Iran-backed Houthis", "الحوثيين المدعومين من إيران",
# "الفصائل الموالية لإيران" — who backs the group, not a side of what the group does
_PATRON_AFTER = re.compile(r"-(?:backed|supported|sponsored|funded|aligned|allied)(?!\w)")
_PATRON_BEFORE = re.compile(r"(?<!\w)(?:ال)?(?:مدعوم|موال)\S*\s+(?:من\s+)?$")


def patron(view: SentenceView, slot: Slot) -> bool:
    """Is `slot` named only as the backer of a group ("Iran-backed", "المدعومة من إيران")?"""
    return bool(_PATRON_AFTER.match(view.text, slot.end)
                or _PATRON_BEFORE.search(view.text, max(0, slot.start - len(view.clitic(slot)) - 25),
                                         slot.start - len(view.clitic(slot))))


def qualifies_item(view: SentenceView, slot: Slot) -> bool:
    """"المسيّرات الإيرانية", "صواريخ أتاكمز الأميركية": a demonym right after a weapon or item
    (a name, quotes and "الصنع" may stand between) says where it was made, not who is hit; so
    does a country glued to "-made", "-built" ("U.S.-made ATACMS")."""
    if _MAKER.match(view.text, slot.end):
        return True
    if slot.mention.role != "demonym":
        return False
    lo, hi = _slots_between(view, max(0, slot.start - 40), slot.start)
    for s in reversed(view.slots[lo:hi]):
        if s.end <= slot.start and s.mention.kind in ("item", "weapon"):
            gap = view.gap(s.end, slot.start - len(view.clitic(slot)))
            return len(re.sub(r"[\"'«»“”()\-]", " ", gap).split()) <= 1
        if s.end <= slot.start:
            return False
    return False


def adjective_before(view: SentenceView, ts: int) -> Slot | None:
    """A demonym right before a nominal trigger: "Western accusations", "Russian claims"."""
    lo, hi = _slots_between(view, max(0, ts - 40), ts)
    for s in reversed(view.slots[lo:hi]):
        if s.end <= ts and s.mention.role == "demonym" and not view.gap(s.end, ts).strip():
            return s
    return None


def foreign_capital(view: SentenceView, te: int, than: Slot | None) -> Slot | None:
    """"… في بيونغ يانغ": a capital after في, standing for the host of a meeting or signing."""
    for s in _slots_from(view, te):
        m = s.mention
        if s.start >= te and m.kind == "place" and m.code and _prep_before(view, s) == "في" \
                and (than is None or than.actor is None or m.country != than.actor.country):
            return s
    return None


def span_starts(doc: Document, spans: list) -> list[int] | None:
    """The starts of one of `doc`'s lists of spans (mentions, quantities, dates) when they are
    in order of start, else None: computed once per list and kept in the document's memo (a
    rule asks per trigger), with the list itself, so that its id stays its own."""
    memo = doc.norm.memo if doc.norm is not None else {}
    key = ("roles.starts", id(spans))
    got = memo.get(key)
    if got is not None and got[0] is spans and got[1] == len(spans):
        return got[2]
    starts: list[int] | None = [x.start for x in spans]
    if not all(a <= b for a, b in zip(starts, starts[1:])):
        starts = None
    memo[key] = (spans, len(spans), starts)
    return starts


def starting_in(doc: Document, spans: list, lo: int, hi: int) -> list:
    """The spans of one of `doc`'s lists, in its order, with lo <= start < hi."""
    st = span_starts(doc, spans)
    if st is None:
        return [x for x in spans if lo <= x.start < hi]
    return spans[bisect_left(st, lo):bisect_left(st, hi)]


def last_two_countries(view: SentenceView, reach: int = 600) -> tuple[Actor, Actor] | None:
    """The two countries named last before this sentence (or in it): what "البلدان" and
    "الحليفان" refer to."""
    got = last_countries(view, 2, reach)
    return (got[0], got[1]) if got is not None else None


_LIST_JOIN = re.compile(r"^\s*(?:,|،)?\s*(?:و|and|,\s*and)?\s*(?:the\s+)?$")


def last_listed(view: SentenceView, n: int, reach: int = 600) -> tuple[Actor, ...] | None:
    """The last `n` countries named together in one list ("South Korea, Japan and the United
    States", "مصر والسعودية والأردن") up to the end of this sentence: what "the three
    countries" refer to when other countries were named since."""
    doc, end = view.doc, view.sentence.end
    ms = [m for m in starting_in(doc, doc.mentions, view.sentence.start - reach, end)
          if view.sentence.start - reach <= m.start < end and m.country and m.country not in ("IGO", "WST")
          and (m.code or m.role in ("demonym", "composed"))]
    best: list = []
    run: list = []
    for m in ms:
        if run and run[-1].end <= m.start and _LIST_JOIN.match(doc.text[run[-1].end:m.start]):
            run.append(m)
        else:
            run = [m]
        if len({x.country for x in run}) == n:
            best = run[:]
    if not best:
        return None
    seen: dict[str, Actor] = {}
    for m in best:
        seen.setdefault(m.country, Actor(m.code or m.country, m.country, m.name, m.entity_id))
    return tuple(seen.values())


def last_countries(view: SentenceView, n: int, reach: int = 600) -> tuple[Actor, ...] | None:
    """The `n` countries named last up to the end of this sentence, in the order named: what
    "البلدان" (two) or "the three countries" refer to."""
    doc, start = view.doc, view.sentence.end
    seen: dict[str, Actor] = {}
    for m in reversed(starting_in(doc, doc.mentions, view.sentence.start - reach, start)):
        if m.start >= start or m.start < view.sentence.start - reach:
            continue
        country = m.country if m.code or m.role in ("demonym", "composed") else None
        if country and country not in seen and country not in ("IGO", "WST"):
            seen[country] = Actor(m.code or country, country, m.name, m.entity_id)
            if len(seen) == n:
                return tuple(reversed(seen.values()))
    return None


# "زوّدت تركيا كلاً من النيجر ومالي", "نفت كل من أنقرة وباكو", "sold drones to 30 countries,
# including Ukraine, Ethiopia and Morocco": a word that introduces a list as an enumeration
ENUMERATION = re.compile(r"(?<!\w)(?:[وف]?(?:كلا|كل)\s+من|من\s+بينها|من\s+بينهم|بينها|منها|مثل|including|"
                         r"such\s+as|among\s+them|notably)\s*:?\s*$")


def enumerated_after(view: SentenceView, te: int, limit: int = 100) -> Slot | None:
    """The first country of a list an enumeration word introduces after a trigger ("sold drones
    to more than 30 countries, including Ukraine, …"): the trigger's object when no
    preposition names one."""
    for s in _slots_from(view, te):
        if s.start > te + limit:
            return None
        word = s.start - len(view.clitic(s))
        if s.mention.country and s.mention.country != "IGO" and s.actor is not None \
                and ENUMERATION.search(view.text, max(te, word - 30), word):
            return s
    return None


HYPHEN = ("-", "–")     # "the American-British aggression", "US-Iranian talks"


def coordinated(view: SentenceView, slot: Slot) -> Slot | None:
    """"كيم وبوتين", "American-British": the actor joined to `slot` by و or a hyphen, after it or before it."""
    actors = view.actors()
    ix = _Index.of(view)
    after = actors[bisect_right(ix.actor_starts, slot.end):] if ix is not None else actors
    before = actors[:bisect_right(ix.actor_ends, slot.start)] if ix is not None and ix.actor_ends is not None \
        else actors
    for s in after:
        if s.start > slot.end and s.actor.country != slot.actor.country:
            cl = view.clitic(s)
            if cl.startswith("و") and not view.gap(slot.end, s.start - len(cl)).strip() \
                    or view.gap(slot.end, s.start) in HYPHEN or _and_between(view, slot.end, s.start):
                return s
            break
    for s in reversed(before):
        if s.end <= slot.start and s.actor.country != slot.actor.country:
            cl = view.clitic(slot)
            if cl.startswith("و") and not view.gap(s.end, slot.start - len(cl)).strip() \
                    or view.gap(s.end, slot.start) in HYPHEN or _and_between(view, s.end, slot.start):
                return s
            break
    return None


# "India and the United States", "Britain and France": English coordination of two names
_AND_EN = re.compile(r"\s+and\s+(?:the\s+)?$")    # matched at the gap's start, up to its end


def _and_between(view: SentenceView, a: int, b: int) -> bool:
    return 4 <= b - a <= 10 and _AND_EN.match(view.text, a, b) is not None


def listed_after(view: SentenceView, first: Slot) -> list[Slot]:
    """The members of the list `first` opens ("روسيا وفرنسا والولايات المتحدة"), after it."""
    out, cur = [], first
    while (nxt := coordinated(view, cur)) is not None and nxt.start > cur.start and nxt not in out:
        out.append(nxt)
        cur = nxt
    return out


def nearest(items, pos: int, *, within: tuple[int, int]):
    best, dist = None, 10 ** 9
    for it, (a, b) in items:
        if not (within[0] <= a and b <= within[1]):
            continue
        d = a - pos if a >= pos else (pos - b) * 1.5
        if d < dist:
            best, dist = it, d
    return best


def _inside(view: SentenceView, name: str, spans) -> list:
    """(span, (normalized start, end)) for the doc's spans inside this sentence, computed once."""
    got = view.cache.get(name)
    if got is None:
        s, f = view.sentence, view.o2n or view.doc.norm.from_orig
        got = view.cache[name] = [(x, (f(x.start) - view.offset, f(x.end) - view.offset))
                                  for x in starting_in(view.doc, spans, s.start, s.end + 1)
                                  if s.start <= x.start and x.end <= s.end]
    return got


# view.cache: the countries of a list the rules read as one side, each met by someone outside it
ONE_SIDE = "#one_side"
# view.cache: the events the rules read off a structure the pair model does not see — a list
# ("US Marines and British Royal Marines"), an accusation's adjective ("الاتهامات الغربية")
FIRM = "#firm"
# view.cache: the starts of the triggers read by such a structure
FIRM_TRIGGERS = "#firm_triggers"
# view.cache: (trigger, supplier) of the transfers the rules read with no recipient
HALVES = "#halves"
# view.cache: {type: countries} the rules read as one side of a symmetric event whose other
# side they could not place ("على التفاوض مع روسيا")
ONE_PARTY = "#one_party"
# view.cache: the starts of the triggers the rules judged to state no event ("أي هجوم")
NOT_EVENTS = "#not_events"
# view.cache: violence the rules recorded without an attacker, set aside because the sentence
# has an attack with its attacker — back if the learned layer rejects that reading
SPARE_VIOLENCE = "#spare_violence"

_MONEY = {"usd", "eur", "rub"}
_COUNTED = {"DEPLOY", "TRANSFER", "ATTACK", "AGREE", "SANCTION", "COOPERATE"}
_CLAUSE = re.compile(r"[,;:]|(?<!\w)(?:فيما|بينما|في حين|while|whereas)(?!\w)")


_OUT_OF = re.compile(r"\s+(?:من\s+اصل|من\s+مجموع|out\s+of|of\s+the)\s")


# a count of those who tell the story: "two security officials", "three sources", "مصدران"
_SPEAKERS_AFTER = re.compile(r"\s+(?:\S+\s+)?(?:officials|sources|diplomats|analysts|experts|lawmakers|"
                             r"مسؤولين|مسؤولون|مصادر|دبلوماسيين|دبلوماسيون|خبراء|محللين|محللون)(?!\w)")


_COUNTRIES_AFTER = re.compile(r"\s+(?:countries|nations|states|customers|buyers|دول|دوله|بلدان|بلدا|زبائن)(?!\w)")


def pick_quantity(view: SentenceView, etype: str, ts: int, te: int) -> Quantity | None:
    """How many of what the event moved, sent, used, bought or named: a count in the trigger's
    own clause before one in the next ("اعترضت 54 مسيرة، كما أسقطت ستة صواريخ"); for a transfer
    or a deal, its value when no count is given ("صفقة بقيمة 500 مليون دولار"). Troops for a
    deployment or an exercise; entities for sanctions ("عقوبات على 3 شركات")."""
    if etype not in _COUNTED:
        return None
    people = etype in ("DEPLOY", "COOPERATE")
    counts, values = [], []
    for q, span in _inside(view, "quantities", view.doc.quantities):
        if q.unit in _NOT_QUANTITY or _SPEAKERS_AFTER.match(view.text, span[1]):
            continue    # ("two security officials said": who tells it, not what was moved)
        if people and q.unit not in PERSONNEL_UNITS and (q.unit is not None or etype == "COOPERATE"):
            continue
        if etype in ("TRANSFER", "AGREE") and (q.unit in PERSONNEL_UNITS | {"km2", "km"}
                                               or _COUNTRIES_AFTER.match(view.text, span[1])):
            continue    # ("sold drones to more than ten countries": how many buyers, not how many drones)
        if q.unit in _MONEY:
            if etype in ("TRANSFER", "AGREE"):
                values.append((q, span))
            continue
        counts.append((q, span))
    if etype == "ATTACK" and len(counts) > 1:
        # "أسقطت سبعة من أصل ثمانية صواريخ", "shot down five out of six missiles": the attack was the total
        counts = [(q, span) for q, span in counts if not _OUT_OF.match(view.text, span[1])] or counts
    def own(cands):
        return [(q, span) for q, span in cands
                if not _CLAUSE.search(view.gap(*sorted((te, span[0] if span[0] >= te else span[1]))))]
    # the trigger's own clause first, a count before a value in each: "صفقة تقدر قيمتها بنحو ملياري
    # دولار" is valued though another clause counts "ثلاثة من كبار مديريها"
    for cands in (own(counts), own(values), counts, values):
        got = nearest(cands, te, within=(0, len(view.text)))
        if got is not None:
            return got
    return None


def count_before(view: SentenceView, slot: Slot) -> Quantity | None:
    """A count standing just before a listed party ("و2 من المسؤولين الفنزويليين"): its own."""
    for q, span in reversed(_inside(view, "quantities", view.doc.quantities)):
        if span[1] <= slot.start and slot.start - span[1] < 40 and not _CLAUSE.search(view.gap(span[1], slot.start)) \
                and q.unit not in _MONEY:
            return q
    return None


def pick_date(view: SentenceView, ts: int, te: int) -> DateExpr | None:
    """The date nearest the trigger in its own clause with no other event word between them,
    else past a comma but not past another event word, else in its own clause, else the
    nearest in the sentence: "تسلّمت الدفعة الأولى في شتنبر 2024، في إطار صفقة أبرمتها مع بايكار
    سنة 2023" dates the deal 2023 and the delivery September 2024; "من المقرر أن تتسلم المقاتلات
    التي تعاقدت عليها في ديسمبر 2021، اعتباراً من عام 2027" the delivery 2027. A wire's dateline
    ("MOSCOW, Nov 20 -") dates the report, not the event, when the sentence names another date."""
    dates = _inside(view, "dates", view.doc.dates)
    if len(dates) > 1:
        dates = [(d, span) for d, span in dates if not _DATELINE_END.match(view.text, span[1])
                 or span[0] > 60] or dates
    if len(dates) > 1 and _FIRST.search(view.text, max(0, ts - 25), ts):
        # "أول مفاوضات مباشرة بين البلدين منذ ربيع 2022", "the first visit since 2019": not when
        dates = [(d, span) for d, span in dates if not _SINCE.search(view.text, max(0, span[0] - 12), span[0])] or dates
    if len(dates) > 1 and ("," in view.text or "،" in view.text):
        # an aside that tells of no event the rules know ("which expelled French troops in 2022")
        triggers = [a for a, _ in view.cache.get(TRIGGERS, ())]
        asides = [(m.start(), m.end()) for m in ASIDE.finditer(view.text)
                  if not any(m.start() <= a < m.end() for a in triggers)]
        dates = [(d, span) for d, span in dates if not any(a <= span[0] and span[1] <= b for a, b in asides)] or dates
    whole = (0, len(view.text))
    if len(dates) < 2:
        return nearest(dates, ts, within=whole)
    # (a trigger right after this one is the same phrase: "توقيع معاهدة")
    others = [a for a, _ in view.cache.get(TRIGGERS, ()) if a != ts and not te <= a <= te + 2]

    def gap(span: tuple[int, int]) -> tuple[int, int]:
        return (te, span[0]) if span[0] >= te else (span[1], ts)

    def own(span: tuple[int, int]) -> bool:
        return not _CLAUSE.search(view.gap(*gap(span)))

    def alone(span: tuple[int, int]) -> bool:
        """No other event word between that owns the date (stands in its clause)."""
        lo, hi = gap(span)
        return not any(lo <= a < hi and not _CLAUSE.search(view.gap(*sorted((a, span[0] if span[0] >= a else span[1]))))
                       for a in others)
    for ok in (lambda sp: own(sp) and alone(sp), alone, own):
        got = nearest([(d, sp) for d, sp in dates if ok(sp)], ts, within=whole)
        if got is not None:
            return got
    return nearest(dates, ts, within=whole)


_FIRST = re.compile(r"(?<!\w)(?:اول|first)\s+(?:\S+\s+){0,2}$")
_SINCE = re.compile(r"(?<!\w)(?:منذ|since)\s+(?:\S+\s+)?$")
# after a dateline's date: "MOSCOW, Nov 20 (Reuters) - ", "بكين، 3 مايو - "
_DATELINE_END = re.compile(r"\s*(?:\([^)]{1,40}\)\s*)?[-–—]\s")
# view.cache: the (start, end) of every trigger the rules found in the sentence
TRIGGERS = "#triggers"


def pick_item(view: SentenceView, te: int) -> Item | None:
    best = None
    lo, hi = _slots_between(view, te - 10, te + 80)
    for slot in view.slots[lo:hi]:
        m = slot.mention
        if m.kind in ("item", "weapon") and te - 10 <= slot.start < te + 80:
            best = slot
            break
    if best is None:
        return None
    m = best.mention
    calibre = m.calibre_mm
    if calibre is None:
        for q in starting_in(view.doc, view.doc.quantities, view.sentence.start, view.sentence.end):
            if q.unit == "mm" and view.sentence.start <= q.start < view.sentence.end:
                n = view.doc.norm
                if abs((n.from_orig(q.start) - view.offset) - best.end) < 40:
                    calibre = q.value
                    break
    return Item(view.doc.text[m.start:m.end], m.category or "other", calibre)


def pick_location(view: SentenceView, te: int) -> Location | None:
    """The first place of the sentence after في/ب/الى (the same for every trigger: found once)."""
    got = view.cache.get(_LOCATION, False)
    if got is False:
        got = view.cache[_LOCATION] = _first_location(view)
    return got


def _first_location(view: SentenceView) -> Location | None:
    for slot in view.slots:
        m = slot.mention
        if m.kind == "place" and _prep_before(view, slot) in ("في", "ب", "الي", "in") and slot.start >= 0:
            return Location(m.name, m.country, m.entity_id if m.entity_id and m.entity_id.startswith("Q") else None)
    return None


VIOLENCE_NOUN = re.compile(r"^(?:[وبل]?ال)?(?:هجوم|هجمات|هجماتها|اعتداء|اعتداءات|قصف|غارات|غاره|ضربات|ضربه|عدوان|تفجير|تفجيرات"
                            r"|توغل|انتهاكات)$|^(?:attacks?|strikes?|bombings?|shelling|aggression|incursions?|raids?)$")


# verbs of seizing what is shipped ("اعترضت البحرية شحنة أسلحة", "seized a shipment"): who
# seizes is neither the sender nor the receiver
SEIZING = re.compile(r"(?<!\w)[وف]?(?:اعترض|اعترضت|ضبط|ضبطت|صادر|صادرت|احتجز|احتجزت|seized|intercepted|"
                     r"confiscated)(?!\w)")


def on_violence(view: SentenceView, slot: Slot) -> bool:
    """Is the slot a demonym on a violence noun: "الهجمات الروسية", "Russian strikes" — or, in
    English, a name before one with a weapon word between ("Houthi missile attacks")?"""
    cut = slot.start - len(view.clitic(slot))
    after = [w.strip(".,;:،؛\"'") for w in view.text[slot.end:slot.end + 30].split()]
    if slot.mention.role != "demonym":
        return bool(view.text[slot.start:slot.end].isascii() and len(after) >= 2
                    and _WEAPON_WORD.match(after[0]) and VIOLENCE_NOUN.match(after[1]))
    before = view.text[max(0, cut - 20):cut].split()
    return bool(before and VIOLENCE_NOUN.match(before[-1]) or after and VIOLENCE_NOUN.match(after[0])
                or len(after) >= 2 and _WEAPON_WORD.match(after[0]) and VIOLENCE_NOUN.match(after[1]))


_WEAPON_WORD = re.compile(r"^(?:missile|drone|rocket|air|artillery|mortar|naval|ballistic)$")
