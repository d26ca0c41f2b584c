"""Status and claimant, learned on top of the rules' answer.

Once an event is decided, two small models read it where it is stated. The status model
(asserted, denied, hedged, planned) sees the rules' status (`claims.status_of`), the cue
words around the trigger and how far they stand from it, the words just before it ("could",
"is set to", "لم", "من المقرر"), and the trigger word itself. The claimant model ranks the
candidates — no claimant (the outlet's own voice), or a country named in the sentence, the
speaker carried over from the sentence before, the accuser of an accused event — by what
the rules say, whether the candidate is the one speaking ("قال", "according to", a relayed
source), and how it stands to the event's parties. Both are logistic regressions over
named features, trained with the pair model (`train.py`) on the same labelled articles.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from rasd.events import roles as R
from rasd.events.classifier.features import Party, Roles, Words, _near
from rasd.events.classifier.model import Linear
from rasd.events.lexicon import Lexicon
from rasd.model import Actor

STATUSES = ("asserted", "denied", "hedged", "planned")
_CUES = ("deny", "hedge", "plan", "say", "according", "relay")


def _bucket(d: int) -> str:
    return "0-1" if d <= 1 else "2-3" if d <= 3 else "4-7" if d <= 7 else "8+"


def status_features(view: R.SentenceView, words: Words, lex: Lexicon, ts: int, te: int, etype: str,
                    rule_status: str) -> list[str]:
    out = [f"rs:{rule_status}", f"t:{etype}", f"rs:{rule_status}:{etype}"]
    ti = words.index_at(ts)
    stems = words.stems
    for k in range(max(0, ti - 6), ti):
        out.append(f"b:{stems[k]}")
        if ti - k <= 2:
            out.append(f"b{ti - k}:{stems[k]}")
    out += [f"a:{stems[k]}" for k in range(ti + 1, min(len(stems), ti + 4))]
    if ti < len(stems):
        out.append(f"tw:{stems[ti]}")
        form = words.forms[ti]
        if form.startswith(("ل", "لل", "ول", "فل")) and not form.startswith(("لا", "لم", "لن")):
            out.append("purpose")
        if form.startswith(("س", "وس", "فس")) and len(form) > 4:
            out.append("future")
    for name in _CUES:
        for a, b in view.cache.get(name) or []:
            rel = "B" if b <= ts else ("A" if a >= te else "I")
            d = abs(words.index_at(a) - ti)
            out.append(f"c:{name}:{rel}{_bucket(d)}")
            out.append(f"c:{name}:{rel}{_bucket(d)}:{etype}")
    before = view.text[max(0, ts - 20):ts].split()
    if before and before[-1] in lex.negation_words:
        out.append("neg1")
    return out


def predict_status(model: Linear, features: list[str]) -> str:
    z = model.logits_of(model.indices(features))
    return STATUSES[int(np.argmax(z))]


@dataclass(slots=True)
class Claimant:
    """One candidate claimant: a country (with an actor to record) or None."""
    country: str | None
    actor: Actor | None
    slots: list[R.Slot]
    how: str            # named, carried, accuser, context


def claimant_candidates(here: list[Party], carry: Actor | None, accuser: Actor | None,
                        before: list[Party] = ()) -> list[Claimant]:
    """No claimant; each country the sentence names; the speaker carried over ("وأضاف");
    the accuser of an accused event; the countries acting just before ("وقال الوزير …")."""
    out = [Claimant(None, None, [], "none")]
    seen: set[str] = set()
    for p in here:
        if p.slots and p.country not in seen:
            seen.add(p.country)
            out.append(Claimant(p.country, p.actor, p.slots, "named"))
    for actor, how in ((carry, "carried"), (accuser, "accuser"), *((p.actor, "context") for p in before)):
        if actor is not None and actor.country and actor.country not in seen:
            seen.add(actor.country)
            out.append(Claimant(actor.country, actor, [], how))
    return out


def claimant_features(view: R.SentenceView, words: Words, roles: Roles, k: Claimant, ts: int, etype: str,
                      source: str | None, target: str | None, rule_claimant: str | None, opens_say: bool
                      ) -> list[str]:
    if k.country is None:
        out = ["none", f"none:{etype}", f"none:rule:{rule_claimant is None}"]
        if opens_say:
            out.append("none:opens_say")
        for name in ("say", "according", "relay"):
            if view.cache.get(name):
                out.append(f"none:has:{name}")
        return out
    out = ["some", f"how:{k.how}", f"how:{k.how}:{etype}"]
    if k.how == "context" and any(s.mention.kind == "title" and not s.mention.country for s in view.slots):
        out.append("context:bare_title")     # "وقال الوزير …" after the minister was named
    if k.country == rule_claimant:
        out += ["rule", f"rule:{etype}"]
    if k.country == source:
        out += ["is_source", f"is_source:{etype}"]
    if k.country == target:
        out += ["is_target", f"is_target:{etype}"]
    for s in k.slots:
        out.append(f"kind:{s.mention.kind}:{s.mention.role}")
        out.append("before" if s.start < ts else "after")
        out.append(f"dist:{_near(words, ts, s)}")
        if s.start in roles.speakers:
            out += ["speaker", f"speaker:{'B' if s.start < ts else 'A'}"]
        i = words.index_at(s.start)
        out += [f"k<:{words.stems[j]}" for j in range(max(0, i - 2), i)]
    return out


def rank_claimant(model: Linear, feats: list[list[str]]) -> int:
    scores = [float(model.logits_of(model.indices(f))[0]) for f in feats]
    return int(np.argmax(scores))
