"""From knowledge-base hits to actor mentions: titles, metonymy, short forms.

- A title or institution followed by a demonym or a country/capital makes an actor:
  "وزارة الدفاع الروسية" → RUSGOV, "الجيش الروسي" → RUSMIL, "سفير كوريا الشمالية" →
  PRKGOV, "المتحدث باسم الكرملين" → RUSGOV, "وزير الدفاع في سيول" → KORGOV.
- A person takes the code of the office they held on the publication date.
- A capital or seat of power used as an actor is its government (SPEC §5).
- "الشمال" stands for North Korea once North Korea has been named in the document.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import accumulate

from rasd.kb.load import KB
from rasd.kb.match import Hit, Matcher
from rasd.model import Document, Mention
from rasd.text.datelines import document_datelines
from rasd.text.keywords import KeywordSet
from rasd.text.normalize import norm

# What may stand between a title and the country that completes it.
_GAP = re.compile(r"^\s+(?:ال|لل|ل|ب|لدي\s+|في\s+|باسم\s+(?:ال)?|من\s+)?$")
_NORTH = re.compile(r"(?<!\w)(?:[وفبل]?ال|لل)شمال(?!\w)")
# "الجنود الشماليين", "القوات الشمالية": the North's, once North Korea is named and a title precedes.
_NORTHERN = re.compile(r"(?<!\w)ال(?:شمالي|شماليه|شماليين|شماليون)(?!\w)")


def _attributes(kb: KB, hit: Hit, day: str | None) -> tuple:
    """What a hit says, apart from where it is: kind, entity, code, country, name, role, category, calibre."""
    p = hit.pattern
    if p.role == "title":
        t = kb.titles[int(p.target.split(":")[1])]
        return ("title" if t.kind == "title" else "institution", None, None, None, "", "title", t.sector, None)
    if p.role == "item":
        rec = kb.item_nouns[int(p.target.split(":")[1])]
        return ("item", None, None, None, "", "item", rec.get("category"), None)
    ent = kb.entities[p.target]
    code = ent.code if ent.type == "country" and p.role == "name" else ent.code_on(day)
    if ent.type == "weapon":
        code = None
    return (ent.type, ent.id, code, ent.country, ent.name_ar or ent.name_en, p.role, ent.category, ent.calibre_mm)


def _compose(title: Mention, other: Mention, doc: Document) -> Mention | None:
    """Title + country-bearing mention → an actor with the title's sector."""
    if other.role != "composed" and (other.kind in ("title", "institution", "item", "weapon")
                                     or not other.country):
        return None
    if other.kind == "place" and other.role != "metonym":
        return None     # "الجنود في منطقة كورسك" is where they are, not whose they are
    if other.kind == "person":
        return None     # a known person keeps the office the knowledge base gives them
    sector = title.category or "GOV"
    if other.role == "composed":
        code = other.code if title.kind == "title" else f"{other.country}{sector}"
    elif other.kind == "outlet" or (other.kind == "organization" and other.country == "IGO") \
            or (other.code or "")[3:] == "REB":
        code = other.code   # "رئيس وفد الحوثيين" speaks for the group, not for Yemen's government
    else:
        code = f"{other.country}{sector}" if other.country not in ("IGO",) else other.code
    return Mention(title.start, other.end, title.kind, other.entity_id, code, other.country,
                   doc.text[title.start:other.end], "composed", category=sector)


def link(doc: Document, matcher: Matcher) -> Document:
    """Stage: set `doc.mentions` (needs the normalized text)."""
    n = doc.norm
    kb = matcher.kb
    day = doc.published
    raw: list[Mention] = []
    memo: dict[tuple, tuple] = {}
    to_orig = n.orig_offsets()
    published_for = _published_for(doc) if len(doc.parts) > 1 else None
    for hit in matcher.hits(n.text, found=matcher.keywords.hits(n)):
        a, b = to_orig[hit.start], to_orig[hit.end - 1] + 1
        if doc.removed and doc.is_removed_span(a, b):
            continue
        if hit.pattern.cased and doc.text[a:b] != hit.pattern.cased:
            continue    # "us", not "US"
        when = published_for(a) or day if published_for is not None else day
        key = (hit.pattern, when)
        attrs = memo.get(key)
        if attrs is None:
            attrs = memo[key] = _attributes(kb, hit, when)
        raw.append(Mention(a, b, *attrs))
    raw = _compass_regions(doc, _datelines(doc, raw))
    raw = _speaker_pronouns(doc, _pronoun_subjects(doc, _anaphors(doc, _short_forms(doc, _drop_namesakes(doc, raw)), kb)))
    # Compose right to left so that "المتحدث باسم القوات الجوية الأوكرانية" builds inner first.
    out: list[Mention] = []
    for m in reversed(raw):
        if m.kind in ("title", "institution") and out:
            nxt = out[-1]
            gap = n.text[n.from_orig(m.end):n.from_orig(nxt.start)]
            # "مسؤولون من وزارة الدفاع" is composed; "منظومات للدفاع الجوي من الولايات المتحدة" is not
            if _GAP.match(gap) and not (m.kind == "institution" and "من" in gap.split()):
                composed = _compose(m, nxt, doc)
                if composed is not None:
                    out[-1] = composed
                    continue
        out.append(m)
    out.reverse()
    out = _compose_country_first(doc, out)
    out = _anaphors(doc, out, kb, after_titles=True)
    out = _posted_to(doc, out)
    doc.mentions = _new_people(doc, out)
    return doc


def _published_for(doc: Document):
    """`doc.published_for` for many offsets: the part by bisection over the parts' starts when
    they are in order and apart (as find_boilerplate makes them; then the one part that may
    hold an offset is the last starting at or before it), else by `doc.part_of`'s scan."""
    parts = list(doc.parts)
    if not all(p.start <= p.end for p in parts) or not all(a.end <= b.start for a, b in zip(parts, parts[1:])):
        return doc.published_for
    starts = [p.start for p in parts]

    def published_for(offset: int) -> str | None:
        i = bisect_right(starts, offset) - 1
        part = parts[i] if i >= 0 and offset < parts[i].end else None
        if part is not None and part.published:
            return part.published
        return doc.published
    return published_for


class _Overlaps:
    """Does a span overlap one of `spans` (x.start < end and start < x.end)? By bisection over
    their starts in order with the furthest end so far (they may overlap and be in any order),
    not by a scan of all of them for each span asked about."""

    def __init__(self, spans):
        pairs = sorted((x.start, x.end) for x in spans)
        self.starts = [a for a, _ in pairs]
        self.reach = list(accumulate((b for _, b in pairs), max))

    def __call__(self, start: int, end: int) -> bool:
        i = bisect_left(self.starts, end)
        return i > 0 and self.reach[i - 1] > start


# An envoy's post is part of the title: "نائبة الممثل الدائم لروسيا لدى الأمم المتحدة", "the US
# ambassador to Israel", "سفير إيران في بغداد" — the second name is where they serve, not an actor.
_ENVOY = re.compile(r"(?:سفير|سفيره|سفراء|مندوب|مندوبه|ممثل|ممثله|مبعوث|مبعوثه|سفاره|بعثه|قنصل|قنصليه|"
                    r"ambassador|envoy|representative|embassy|mission|consul)", re.I)
_POST = re.compile(r"^\s+(?:لدي|في|to|at|in)\s+$")


def _posted_to(doc: Document, mentions: list[Mention]) -> list[Mention]:
    n = doc.norm
    out: list[Mention] = []
    skip = False
    for i, m in enumerate(mentions):
        if skip:
            skip = False
            continue
        nxt = mentions[i + 1] if i + 1 < len(mentions) else None
        if nxt is not None and m.role == "composed" and m.code and _ENVOY.search(n.text[n.from_orig(m.start):
                                                                                          n.from_orig(m.end)]) \
                and nxt.country and nxt.kind in ("country", "organization", "place") \
                and _POST.match(n.text[n.from_orig(m.end):n.from_orig(nxt.start)]):
            out.append(Mention(m.start, nxt.end, m.kind, m.entity_id, m.code, m.country, doc.text[m.start:nxt.end],
                               "composed", category=m.category))
            skip = True
            continue
        out.append(m)
    return out


_NAME_WORD = re.compile(r"[^\W\d_]{2,}")


@lru_cache(maxsize=1)
def _stopwords() -> frozenset[str]:
    from importlib import resources
    import yaml
    groups = yaml.safe_load(resources.files("rasd.kb").joinpath("data", "stopwords.yaml").read_text("utf-8"))
    return frozenset(norm(w) for group in groups for w in group)


def _new_people(doc: Document, mentions: list[Mention]) -> list[Mention]:
    """A person the knowledge base does not know, introduced by a title: "قال النائب الكوري الجنوبي
    لي سيونغ كوون إن …" gives a new person mention with the title's country and sector. A
    bare title ("النائب") takes the country of the same title used just before in the text."""
    stop = _stopwords()
    n = doc.norm
    extra: list[Mention] = []
    last_code: dict[str, tuple[str, str]] = {}      # sector → (code, country) of the latest composed title
    for i, m in enumerate(mentions):
        if m.kind != "title":
            continue
        if m.code:
            last_code[m.category or ""] = (m.code, m.country or "")
        nxt = mentions[i + 1] if i + 1 < len(mentions) else None
        start = n.from_orig(m.end)
        words = []
        pos = start
        for w in re.finditer(r"\S+", n.text[start:start + 60]):
            token = w.group().strip('،,.:"')
            if (w.start() > 1 and not words) or not _NAME_WORD.fullmatch(token) or token in stop \
                    or (token.startswith("ال") and len(token) > 3):
                break
            if token.isascii() and not doc.text[n.to_orig(start + w.start())].isupper():
                break   # English names are capitalized: "President Aleksandar Vucic greeted him"
            words.append(token)
            pos = start + w.start() + len(token)
            if w.group() != token or len(words) == 4:   # a comma or stop ends the name
                break
        if len(words) < 2:
            continue
        a, b = n.span_to_orig(start + 1, pos)
        if nxt is not None and nxt.start < b:
            continue                                    # a known name follows the title
        code, country = (m.code, m.country) if m.code else last_code.get(m.category or "", (None, None))
        extra.append(Mention(a, b, "person", None, code, country, doc.text[a:b], "new", category=m.category))
    return sorted(mentions + extra, key=lambda x: x.start) if extra else mentions


_GAP_EN = re.compile(r"^(?:\s+|'s\s+|’s\s+)$")


def _compose_country_first(doc: Document, mentions: list[Mention]) -> list[Mention]:
    """English order: "Russian defence ministry", "South Korea's intelligence agency", "US officials"."""
    if not any(m.kind in ("title", "institution") and not m.country for m in mentions):
        return mentions
    n = doc.norm
    out: list[Mention] = []
    for m in mentions:
        prev = out[-1] if out else None
        if prev is not None and m.kind in ("title", "institution") and not m.country \
                and doc.text[m.start:m.end].isascii() \
                and prev.kind in ("country", "place") and prev.country and prev.country != "IGO" \
                and _GAP_EN.match(n.text[n.from_orig(prev.end):n.from_orig(m.start)]):
            sector = m.category or "GOV"
            out[-1] = Mention(prev.start, m.end, m.kind, prev.entity_id, f"{prev.country}{sector}", prev.country,
                              doc.text[prev.start:m.end], "composed", category=sector)
            continue
        out.append(m)
    return out


def _datelines(doc: Document, mentions: list[Mention]) -> list[Mention]:
    """Not the mentions of a wire's dateline ("KHARTOUM, Sudan (AP) —"): where the story was
    filed and who sent it, not who acts (a capital there is not its government)."""
    spans = document_datelines(doc)
    if not spans:
        return mentions
    covered = _within(spans)
    return [m for m in mentions if not covered(m.start, m.end)]


def _compass_regions(doc: Document, mentions: list[Mention]) -> list[Mention]:
    """"western Libya", "Western Ukraine": a part of the country named next, not the West."""
    drop = {i for i, m in enumerate(mentions[:-1]) if m.country == "WST" and m.role == "demonym"
            and mentions[i + 1].kind in ("country", "place") and mentions[i + 1].country != "WST"
            and 0 < mentions[i + 1].start - m.end <= 1}
    return [m for i, m in enumerate(mentions) if i not in drop] if drop else mentions


def _within(spans: list[tuple[int, int]]):
    """Is [start, end) wholly inside one of `spans` (in order, apart)? By bisection."""
    starts = [a for a, _ in spans]

    def covered(start: int, end: int) -> bool:
        i = bisect_right(starts, start) - 1
        return i >= 0 and end <= spans[i][1]
    return covered


def _drop_namesakes(doc: Document, mentions: list[Mention]) -> list[Mention]:
    """"كيم" alone is Kim Jong Un; "النائب كيم بيونغ جو" is someone else: a one-word alias right
    after a title and followed by more of a name (not a known word) is dropped, and the
    new-person rule takes the whole name."""
    stop = _stopwords()
    n = doc.norm
    out = []
    starts: list[int] | None = None     # every mention's start, in order: built when first needed
    for i, m in enumerate(mentions):
        prev = mentions[i - 1] if i else None
        titled = prev is not None and prev.kind == "title" and not n.text[n.from_orig(prev.end):n.from_orig(m.start)].strip()
        if titled and m.kind == "person" and " " not in doc.text[m.start:m.end].strip():
            after = n.text[n.from_orig(m.end):n.from_orig(m.end) + 20].split()
            nxt = after[0].strip('،,.:"') if after else ""
            if nxt and _NAME_WORD.fullmatch(nxt) and nxt not in stop and not nxt.startswith("ال"):
                if starts is None:
                    starts = sorted(x.start for x in mentions)
                k = bisect_left(starts, m.end)
                if not (k < len(starts) and starts[k] - m.end <= 2):   # no mention starts in [end, end + 2]
                    continue
        out.append(m)
    return out


def _short_forms(doc: Document, mentions: list[Mention]) -> list[Mention]:
    """"الشمال" for North Korea once it has been named; "الجنود الشماليين" likewise."""
    first_prk = next((m.start for m in mentions if m.country == "PRK"), None)
    if first_prk is None:
        return mentions
    n = doc.norm
    extra = []
    titles = {m.end: m for m in mentions if m.kind in ("title", "institution") and not m.country}
    taken = _Overlaps(mentions)
    for rx, role in ((_NORTH, "short"), (_NORTHERN, "demonym")):
        for m in rx.finditer(n.text, n.from_orig(first_prk)):
            a, b = n.span_to_orig(m.start(), m.end())
            if taken(a, b) or doc.is_removed_span(a, b):
                continue
            if role == "demonym" and (a - 1) not in titles:
                continue
            extra.append(Mention(a, b, "country", "Q423", "PRK" if role == "short" else None, "PRK",
                                 "كوريا الشمالية", role))
    return sorted(mentions + extra, key=lambda x: x.start) if extra else mentions


@dataclass(frozen=True)
class _Anaphor:
    pattern: re.Pattern
    countries: frozenset[str]
    sector: str | None = None     # stands for the last actor of this sector (REB: "the group"; NATO)
    # stands for another actor than the country named ("حلفاؤها" after Ukraine: the West)
    stands_for: dict[str, str] = field(default_factory=dict)
    forms: tuple[str, ...] = ()   # the bare forms: a substring test before the regex scans the text
    after_titles: bool = False    # its antecedent may be a composed title ("الجيش الصومالي")
    # words one of which the antecedent's text holds ("army" for "the army": not "French troops")
    named_like: tuple[str, ...] = ()

    def fits(self, m: Mention, text: str = "") -> bool:
        if self.sector is not None:
            if not (m.code and m.code[3:] == self.sector):
                return False
        elif m.country not in self.countries:
            return False
        return not self.named_like or any(w in text[m.start:m.end].lower() for w in self.named_like)


@lru_cache(maxsize=1)
def anaphor_keywords() -> KeywordSet:
    """The anaphors' forms, each with the numbers of the anaphors it belongs to: which of them
    an article holds comes from the pipeline's one keyword pass, not a search per anaphor."""
    table: dict[str, list[int]] = {}
    for i, a in enumerate(_anaphor_table()):
        for f in a.forms:
            table.setdefault(f, []).append(i)
    return KeywordSet({k: tuple(v) for k, v in table.items()})


@lru_cache(maxsize=1)
def _anaphor_table() -> tuple[_Anaphor, ...]:
    from importlib import resources
    import yaml
    records = yaml.safe_load(resources.files("rasd.kb").joinpath("data", "anaphors.yaml").read_text("utf-8"))
    out = []
    for r in records or ():
        forms = sorted({norm(f).lower() for f in (r.get("forms_ar") or []) + (r.get("forms_en") or [])}, key=len,
                       reverse=True)
        stands_for = dict(r.get("stands_for") or {})
        if forms and (r.get("countries") or r.get("sector") or stands_for):
            out.append(_Anaphor(re.compile(r"(?<!\w)[وفبل]?(?:" + "|".join(map(re.escape, forms)) + r")(?!\w)"),
                                frozenset(r.get("countries") or stands_for), r.get("sector"), stands_for, tuple(forms),
                                bool(r.get("after_titles")), tuple(w.lower() for w in r.get("named_like") or ())))
    return tuple(out)


def _anaphors(doc: Document, mentions: list[Mention], kb: KB, *, after_titles: bool = False) -> list[Mention]:
    """"المملكة" after "السعودية" is Saudi Arabia (kb/data/anaphors.yaml): a short form stands
    for the last country of its kind named before it in the article ("الجماعة" after "الحوثيين"
    for the last armed group). `after_titles`: the forms whose antecedent may be a composed
    title ("الجيش" after "الجيش الصومالي"), run once titles are composed; else the others."""
    n = doc.norm
    table = _anaphor_table()
    present = {i for _, found in anaphor_keywords().hits(n) for i in found if table[i].after_titles == after_titles}
    if not present:
        return mentions      # (most articles: none of this pass's forms)
    named = [m for m in mentions if m.country and m.role != "short" and m.kind not in ("weapon", "outlet")]
    if not named:
        return mentions
    extra = []
    bare_titles: set[tuple[int, int]] = set()
    named_starts = [m.start for m in named]
    starts: list[int] | None = None      # every mention's start (they are in order): built when first needed
    taken: _Overlaps | None = None
    for i, a in enumerate(table):
        if i not in present:
            continue
        kinds = [m for m in named if a.fits(m, doc.text)]
        if not kinds:
            continue
        # The last of `kinds` before the first that starts at or after the hit: by bisection
        # when they are in order of start (they are: mentions come in text order).
        kind_starts = [m.start for m in kinds]
        if not all(x <= y for x, y in zip(kind_starts, kind_starts[1:])):
            kind_starts = None
        for hit in a.pattern.finditer(n.text, n.from_orig(kinds[0].end)):
            start, end = n.span_to_orig(hit.start(), hit.end())
            while start < end and doc.text[start] in "وفبل" and not _word_start(doc, start, end):
                start += 1
            if kind_starts is not None:
                k = bisect_left(kind_starts, start)
                last = kinds[k - 1] if k else None
            else:
                last = None
                for m in kinds:
                    if m.start >= start:
                        break
                    last = m
            if last is None:
                continue
            if a.stands_for and _last_named_before(named, named_starts, start) is not last:
                continue    # "Washington and its allies": whose allies is the one named just before
            if taken is None:
                taken = _Overlaps(mentions)
            overlaps = taken(start, end)
            if not overlaps and doc.is_removed_span(start, end):
                continue
            if overlaps:
                if starts is None:
                    starts = [m.start for m in mentions]
                if not (_bare_title_at(doc, mentions, starts, start, end) if a.sector is not None
                        else _only_inside(mentions, starts, start, end)):
                    continue
                bare_titles.add((start, end))   # "the army" after Sudan's army: that army, not a title
            if a.sector is not None:     # "the group": the armed group itself, not its country
                extra.append(Mention(start, end, last.kind, last.entity_id, last.code, last.country, last.name,
                                     "short"))
                continue
            country = a.stands_for.get(last.country, last.country)
            ent = kb.countries.get(country)
            extra.append(Mention(start, end, "country", ent.id if ent else None, country, country,
                                 ent.name_ar if ent else country, "short"))
    if bare_titles:
        covered = _within(sorted(bare_titles))
        mentions = [m for m in mentions if not covered(m.start, m.end)]
    return sorted(mentions + extra, key=lambda x: x.start) if extra else mentions


def _near(mentions: list[Mention], starts: list[int], start: int, end: int) -> list[Mention]:
    """The mentions starting within a few characters of [start, end), or a few before it
    (mentions are in order of start; a name is short): by bisection, not a scan of all."""
    lo = max(0, bisect_left(starts, start - 4) - 3)
    return mentions[lo:bisect_right(starts, end + 4)]


def _last_named_before(named: list[Mention], starts: list[int], start: int) -> Mention | None:
    """The last of `named` (in order of start, `starts` theirs) that starts before `start`."""
    k = bisect_left(starts, start)
    return named[k - 1] if k else None


def _only_inside(mentions: list[Mention], starts: list[int], start: int, end: int) -> bool:
    """Do only mentions that cannot act lie in [start, end), wholly ("Gulf" in "the Gulf state")?"""
    inside = [m for m in _near(mentions, starts, start, end) if m.start < end and start < m.end]
    return bool(inside) and all(start <= m.start and m.end <= end and not m.code for m in inside)


def _bare_title_at(doc: Document, mentions: list[Mention], starts: list[int], start: int, end: int) -> bool:
    """Do only country-less titles ("army", "الجيش") overlap [start, end), with no country
    named right before or after that would make them someone's ("Sudan's army", "الجيش
    السوداني", "the army of Mali")?"""
    mentions = _near(mentions, starts, start, end)
    inside = [m for m in mentions if m.start < end and start < m.end]
    if not inside or any(m.kind not in ("title", "institution") or m.country or m.start < start or m.end > end
                         for m in inside):
        return False
    after = doc.text[end:end + 4]
    for m in mentions:      # the mentions nearby (a country's start or end within 4 characters)
        if m.country and 0 <= m.start - end <= 4 and not after[:m.start - end].strip(" "):
            return False     # "الجيش السوداني"
        if m.country and 0 <= start - m.end <= 3:
            return False     # "Sudan's army", "the Sudanese army"
    return not _OF_COUNTRY.match(doc.text, end)


_OF_COUNTRY = re.compile(r"\s+(?:of|in)\s+[A-Z]")


# "Azerbaijan is negotiating … . It also signed a $1.6 billion agreement": a sentence opening
# with "It" / "They" and a verb goes on with the country the sentence before opened with
_PRONOUN_OPENS = re.compile(r"(It|They)\s+(?!is\b|was\b|will be\b|would be\b|has been\b|had been\b|seems\b|appears\b"
                            r"|remains\b|said\b|says\b|added\b|noted\b)")


def _pronoun_subjects(doc: Document, mentions: list[Mention]) -> list[Mention]:
    """"It" / "They" opening an English sentence, as the country that opened the one before
    ("Azerbaijan is believed to be negotiating … . It also signed …"): a short form of it."""
    if not doc.sentences or "It " not in doc.text and "They " not in doc.text:
        return mentions
    starts = [m.start for m in mentions]
    extra = []
    for prev, sent in zip(doc.sentences, doc.sentences[1:]):
        m = _PRONOUN_OPENS.match(doc.text, sent.start)
        if m is None or sent.part != prev.part:
            continue
        k = bisect_left(starts, prev.start)
        first = next((x for x in mentions[k:k + 3] if x.start < prev.start + 40 and x.country and x.code
                      and x.kind in ("country", "organization", "institution")), None)
        if first is not None:
            extra.append(Mention(m.start(1), m.end(1), first.kind, first.entity_id, first.code, first.country,
                                 first.name, "short"))
    return sorted(mentions + extra, key=lambda x: x.start) if extra else mentions


# "The Biden administration has warned that it could impose …", "Tehran said that they would":
# the pronoun after a speech verb's "that" is the one who speaks
_THAT_IT = re.compile(r"(?<![\w-])(?:said|says|warned|warns|stated|announced|added|insisted|threatened|vowed|"
                      r"pledged|declared|signalled|signaled|indicated)\s+that\s+(it|they)\s")


def _speaker_pronouns(doc: Document, mentions: list[Mention]) -> list[Mention]:
    """"X warned that it could …": "it" as X — the nearest actor before the verb in its sentence."""
    if " that it " not in doc.text and " that they " not in doc.text:
        return mentions
    starts = [m.start for m in mentions]
    extra = []
    for m in _THAT_IT.finditer(doc.text):
        k = bisect_left(starts, m.start())
        speaker = next((x for x in reversed(mentions[max(0, k - 4):k]) if m.start() - x.end < 60 and x.country
                        and x.code and x.kind in ("country", "organization", "institution", "person")
                        and "." not in doc.text[x.end:m.start()]), None)
        if speaker is not None:
            extra.append(Mention(m.start(1), m.end(1), speaker.kind, speaker.entity_id, speaker.code,
                                 speaker.country, speaker.name, "short"))
    return sorted(mentions + extra, key=lambda x: x.start) if extra else mentions


def _word_start(doc: Document, start: int, end: int) -> bool:
    """Does the form itself start at `start` (its first letter is not a proclitic)?"""
    return norm(doc.text[start:end]).lower().startswith(("ال", "the"))
