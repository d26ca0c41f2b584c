"""`rasd kb validate`: duplicate ids, conflicting aliases, missing or malformed codes."""
from __future__ import annotations

import re
from collections import Counter, defaultdict

from rasd.kb.load import SECTORS, load_kb
from rasd.kb.match import _keys

_CODE = re.compile(rf"^(?:[A-Z]{{3}}(?:{'|'.join(SECTORS)})?|IGO[A-Z0-9]+)$")
WEAPON_CATEGORIES = {"ammunition", "artillery", "missile", "rocket_launcher", "drone", "aircraft", "armour",
                     "small_arms", "air_defence", "naval", "technology", "food", "energy", "money", "other"}


def validate(extra_dirs: tuple[str, ...] = ()) -> tuple[list[str], dict[str, int]]:
    kb = load_kb(extra_dirs)
    problems = list(kb.problems)
    countries = {e.code for e in kb.by_type("country")}
    owners: dict[str, set[str]] = defaultdict(set)
    for e in kb.entities.values():
        where = f"{e.source_file}: {e.id}"
        if not e.name_ar and not e.name_en:
            problems.append(f"{where}: no name")
        if e.type in ("country", "organization", "outlet") and not (e.code and _CODE.match(e.code)):
            problems.append(f"{where}: missing or malformed code {e.code!r}")
        if e.type == "person":
            if not e.country:
                problems.append(f"{where}: person without a country")
            for r in e.roles:
                if not _CODE.match(r.code or ""):
                    problems.append(f"{where}: role {r.title_ar!r} has a malformed code {r.code!r}")
                if r.start and r.end and r.end < r.start:
                    problems.append(f"{where}: role {r.title_ar!r} ends before it starts")
        if e.type == "place" and e.actor and not _CODE.match(e.actor):
            problems.append(f"{where}: malformed actor code {e.actor!r}")
        if e.type == "weapon" and e.category not in WEAPON_CATEGORIES:
            problems.append(f"{where}: weapon category {e.category!r} is not one of SPEC's")
        if e.country and e.country not in countries and e.country != "IGO":
            problems.append(f"{where}: country {e.country!r} is not in the KB")
        for key, role in _keys(e):
            if role != "demonym":
                owners[key].add(e.id)
    for key, ids in sorted(owners.items()):
        codes = {kb.entities[i].code_on(None) or kb.entities[i].country for i in ids}
        if len(ids) > 1 and len(codes) > 1:
            problems.append(f"alias {key!r} is claimed by {sorted(ids)} with different codes {sorted(map(str, codes))}")
    sizes = Counter(e.type for e in kb.entities.values())
    sizes["titles"] = len(kb.titles)
    sizes["item_nouns"] = len(kb.item_nouns)
    return problems, dict(sizes)
