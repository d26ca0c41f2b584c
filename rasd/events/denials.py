"""Denials of what the sentence before stated.

"أعلنت واشنطن أن بيونغ يانغ أرسلت قذائف إلى موسكو. ونفت الخارجية الروسية هذه المعلومات."
The second sentence names no event of its own; it denies the first one's. A sentence with a
denial verb, no event of its own and a word that points back ("هذه المعلومات", "ذلك", "the
reports", "the allegations") denies the events of the sentence just before it (in the same
article part) that the denier takes part in — or all of them when the denier is not named.
Speech acts (requests, threats, accusations) are not denied this way: denying an accusation
denies the accused event, not that the accusation was made.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

from rasd.events import roles as R
from rasd.events.claims import _actor_next_to
from rasd.events.lexicon import lexicon
from rasd.model import Actor, Document, Event, Span

_DENIABLE = frozenset({"TRANSFER", "DEPLOY", "MEET", "AGREE", "COOPERATE", "ATTACK", "TEST", "SANCTION"})
_BACK = re.compile(r"(?<!\w)(?:[وفب]?(?:هذه|هذا|ذلك|تلك|هاته|هذين)|[وب]?(?:ال)?(?:تقارير|تقرير|اتهامات|ادعاءات|مزاعم|"
                   r"معلومات|انباء|روايه|اخبار)|[وب]?(?:بال|ب)امر|the (?:reports?|allegations?|claims?|accusations?|accounts?|matter)|"
                   r"(?:such|these|those) (?:reports?|claims?|allegations?)|denied it|denies it|rejected it)(?!\w)")
_SHORT = 14    # words: a denial this short that names no event can only be about what came before


def denials_of_what_came_before(doc: Document, events: list[Event]) -> list[Event]:
    """`events` with, after each sentence that denies the sentence before, the denied copies."""
    if not events:
        return events
    lex = lexicon()
    n = doc.norm
    by_sentence: dict[int, list[Event]] = {}
    starts = [s.start for s in doc.sentences]
    for e in events:
        by_sentence.setdefault(bisect_left(starts, e.sentence.start), []).append(e)
    denials = _deny_spans(doc, lex)
    if not denials:
        return events
    # A sentence's denials by bisection over their starts when they are in order (they are: the
    # cue scan gives them so), not by a scan of all of them for every sentence.
    dstarts: list[int] | None = [a for a, _ in denials]
    if not all(x <= y for x, y in zip(dstarts, dstarts[1:])):
        dstarts = None
    added: dict[int, list[Event]] = {}
    o2n = n.norm_offsets()
    for i, sent in enumerate(doc.sentences):
        if i in by_sentence or i == 0 or (i - 1) not in by_sentence:
            continue
        ns, ne = o2n[sent.start], o2n[sent.end]
        first = _first_inside(denials, dstarts, ns, ne)
        if first is None:
            continue
        text = n.text[ns:ne]
        if not (_BACK.search(text) or len(text.split()) <= _SHORT):
            continue
        before = doc.sentences[i - 1]
        if before.part != sent.part:
            continue
        inside = [m for m in R.starting_in(doc, doc.mentions, sent.start, sent.end + 1) if m.end <= sent.end]
        view = R.SentenceView.build(doc, sent, inside, o2n)
        a, b = first[0] - ns, first[1] - ns
        slot = _actor_next_to(view, a, b) or next(iter(view.actors()), None)
        denier: Actor | None = slot.actor if slot is not None else None
        ta, tb = view.orig(a, b)
        seen: set[tuple] = set()
        out = []
        for e in by_sentence[i - 1]:
            if e.type not in _DENIABLE or e.status == "denied" or e.source is None:
                continue
            parties = {e.source.country, e.target.country if e.target else None}
            if denier is not None and denier.country not in parties:
                continue
            key = (e.type, e.source.country, e.target.country if e.target else None)
            if key in seen:
                continue
            seen.add(key)
            out.append(Event(type=e.type, sentence=sent, trigger=Span(ta, tb), source=e.source, target=e.target,
                             status="denied", claimant=denier, item=e.item, part=sent.part))
        if out:
            added[i] = out
    if not added:
        return events
    merged: list[Event] = []
    for i in sorted(set(by_sentence) | set(added)):
        merged += by_sentence.get(i, []) + added.get(i, [])
    return merged


def _deny_spans(doc: Document, lex) -> list[tuple[int, int]]:
    """The denial verbs of the document (normalized offsets), found once for both stages."""
    memo = doc.norm.memo
    got = memo.get("deny_spans")
    if got is None:
        got = memo["deny_spans"] = [(ws, we) for ws, we, form, _ in lex.cue_index.document_spans(doc.norm, overlapping=True)
                                    if "deny" in lex.cue_names.get(form, ())]
    return got


# ", a charge Tehran denies", ", which Moscow denies", "، وهي اتهامات تنفيها المملكة", "، وهو ما تنفيه
# طهران": a clause closing the sentence that denies what it has just reported
_TRAILING = re.compile(r"[,،]\s*(?:a\s+(?:charge|claim|claims|accusation|report)|charges|claims|allegations|accusations|"
                       r"which|something|وهي\s+(?:اتهامات|مزاعم|ادعاءات|معلومات|تقارير)|وهو\s+(?:ما|اتهام|امر)|"
                       r"الامر\s+الذي|ما)\s+(?:\S+\s+){0,5}?$")
# "…، فيما نفت أبوظبي هذه الاتهامات", "…, while Moscow denied the reports": a contrast, the
# denial verb, and a word that points back at what the sentence reported
_CONTRAST_BEFORE = re.compile(r"(?<!\w)(?:فيما|بينما|في\s+حين|while|but)\s+(?:\S+\s+){0,2}?$")


def denials_at_the_end(doc: Document, events: list[Event]) -> list[Event]:
    """`events` with denied copies of those a sentence reports and then denies in a closing
    clause ("U.S. officials say Iran arms the Houthis, a charge Tehran denies"): the report
    stands as the accuser states it, and the denier's word is added."""
    if not events:
        return events
    lex = lexicon()
    # where the document has a denial verb at all (one keyword pass, shared with the stage
    # before): only the sentences with one after their events are read again
    ends = sorted(doc.norm.span_to_orig(a, b)[1] for a, b in _deny_spans(doc, lex))
    if not ends:
        return events
    out: list[Event] = []
    o2n = None
    by_sentence: dict[int, list[Event]] = {}     # events come sentence by sentence
    for e in events:
        by_sentence.setdefault(e.sentence.start, []).append(e)
    for mine in by_sentence.values():
        out += mine
        last = max(x.trigger.end for x in mine)
        k = bisect_right(ends, last)      # a denial verb ending after the sentence's last trigger
        if k < len(ends) and ends[k] <= mine[0].sentence.end:
            if o2n is None:
                o2n = doc.norm.norm_offsets()
            out += _denied_at_end(doc, lex, mine, o2n)
    return out


def closing_denial(view: R.SentenceView, lex, after: int) -> tuple[int, int] | None:
    """The denial verb of a clause closing the sentence past `after` that denies what it
    reported (", a charge Tehran denies", "، فيما نفت أبوظبي هذه الاتهامات"), or None."""
    text = view.text
    return next(((a, b) for a, b in view.cue("deny", lex.deny) if a > after and (
        _TRAILING.search(text, after, a)
        or (_CONTRAST_BEFORE.search(text, after, a) and _BACK.search(text, b, min(len(text), b + 40))))), None)


def _denied_at_end(doc: Document, lex, mine: list[Event], o2n) -> list[Event]:
    sent = mine[0].sentence
    inside = [m for m in R.starting_in(doc, doc.mentions, sent.start, sent.end + 1) if m.end <= sent.end]
    view = R.SentenceView.build(doc, sent, inside, o2n)
    last = max(doc.norm.from_orig(e.trigger.end) - view.offset for e in mine)
    cue = closing_denial(view, lex, last)
    if cue is None:
        return []
    slot = _actor_next_to(view, *cue)
    denier = slot.actor if slot is not None else None
    ta, tb = view.orig(*cue)
    seen: set[tuple] = set()
    added = []
    for e in mine:
        if e.type not in _DENIABLE or e.status == "denied" or e.source is None:
            continue
        if denier is not None and denier.country not in (e.source.country, e.target.country if e.target else None):
            continue
        key = (e.type, e.source.country, e.target.country if e.target else None)
        if key not in seen:
            seen.add(key)
            added.append(Event(type=e.type, sentence=sent, trigger=Span(ta, tb), source=e.source, target=e.target,
                               status="denied", claimant=denier, item=e.item, part=sent.part))
    return added


def _first_inside(denials: list[tuple[int, int]], starts: list[int] | None, ns: int, ne: int) -> tuple[int, int] | None:
    """The first of `denials` (in their order) inside [ns, ne): ns <= start and end <= ne. With
    `starts` (theirs, in order) only those starting in [ns, ne] are looked at."""
    if starts is None:
        return next(((a, b) for a, b in denials if ns <= a and b <= ne), None)
    for k in range(bisect_left(starts, ns), bisect_right(starts, ne)):
        if denials[k][1] <= ne:
            return denials[k]
    return None
