"""`rasd kb validate`: duplicate ids, conflicting aliases, missing or malformed codes, and in
the user's folders (`--extra`): folders that are not there, files that are not valid YAML,
and records whose id replaces a built-in record's."""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from pathlib import Path

import yaml

from rasd.kb import sanctions
from rasd.kb.load import SECTORS, _Loader, build_kb, builtin_files, extra_paths, yaml_problem, _read_yaml
from rasd.kb.match import _keys

_CODE = re.compile(rf"^(?:[A-Z]{{3}}(?:{'|'.join(SECTORS)})?|IGO[A-Z0-9]+)$")
# the item categories of SPEC §2 (an event's item, a weapon's category), in SPEC's order
ITEM_CATEGORIES = ("ammunition", "artillery", "missile", "rocket_launcher", "drone", "aircraft", "armour",
                   "small_arms", "air_defence", "naval", "technology", "food", "energy", "money", "other")
WEAPON_CATEGORIES = frozenset(ITEM_CATEGORIES)


def validate(extra_dirs: tuple[str, ...] = ()) -> tuple[list[str], dict[str, int]]:
    """(problems, sizes): one line per problem, naming the file (and line where known);
    the number of records of each type. Never raises on the user's files."""
    builtin = [(name, _read_yaml(text, name)) for name, text in builtin_files()]   # the package's own
    problems: list[str] = []
    extra: list[tuple[str, str, object]] = []         # (path, text, parsed)
    for folder in extra_dirs:
        found, folder_problems = _read_folder(folder)
        extra += found
        problems += folder_problems
    kb = build_kb([*builtin, *((name, records) for name, _, records in extra)])
    problems += kb.problems
    problems += _overrides(builtin, extra)
    problems += _record_problems(kb)
    # the sanctions regimes (data/sanctions.yaml): dates, categories, and the countries and groups they name
    regime_problems, measures = sanctions.validate(kb)
    problems += regime_problems
    sizes = Counter(e.type for e in kb.entities.values())
    sizes["titles"] = len(kb.titles)
    sizes["item_nouns"] = len(kb.item_nouns)
    sizes["sanctions_measures"] = measures
    return problems, dict(sizes)


def _read_folder(folder: str) -> tuple[list[tuple[str, str, object]], list[str]]:
    """The parsed YAML files of one of the user's folders, and a line for each that cannot be read."""
    path = Path(folder)
    if not path.exists():
        return [], [f"{folder}: no such folder"]
    if not path.is_dir():
        return [], [f"{folder}: not a folder (--extra takes a folder of .yaml files)"]
    files = extra_paths(path)
    if not files:
        return [], [f"{folder}: no .yaml or .yml files in this folder"]
    found, problems = [], []
    for f in files:
        try:
            text = f.read_text("utf-8")
        except (OSError, UnicodeDecodeError) as e:
            problems.append(f"{f}: cannot be read as UTF-8 text: {e}")
            continue
        try:
            found.append((str(f), text, yaml.load(text, Loader=_Loader) or []))
        except yaml.YAMLError as e:
            problems.append(yaml_problem(str(f), e))
    return found, problems


def _overrides(builtin: list[tuple[str, object]], extra: list[tuple[str, str, object]]) -> list[str]:
    """A line for each record whose id an earlier file (a built-in one, or an earlier file of
    the user's) already gave a record: loading keeps only the later one, silently. (Twice in
    the same file is `build_kb`'s "duplicate id".)"""
    seen: dict[str, tuple[str, dict, bool]] = {}     # id -> (file, record, built in)
    problems = []
    for name, text, records, shipped in [(n, "", r, True) for n, r in builtin] + [(*x, False) for x in extra]:
        if Path(name).name in ("titles.yaml", "item_nouns.yaml"):
            continue
        lines = {} if shipped else _id_lines(text)
        for i, rec in enumerate(_records(records)):
            rid = str(rec["id"])
            if rid in seen and seen[rid][0] != name:
                where, old, old_shipped = seen[rid]
                label = " / ".join(str(n) for n in (old.get("name_en"), old.get("name_ar")) if n) or "unnamed"
                at = f"{name}:{lines[i]}" if i in lines else name
                problems.append(f"{at}: id {rid} overrides the {'built-in ' if old_shipped else ''}record {rid} "
                                f"({where}: {label}), which is then no longer used; give your record an id of its own")
            seen[rid] = (name, rec, shipped)
    return problems


def _records(records) -> list[dict]:
    if not isinstance(records, list):
        return []
    return [r for r in records if isinstance(r, dict) and "id" in r]


def _id_lines(text: str) -> dict[int, int]:
    """For each record with an id (numbered as `_records` numbers them), the line of its id."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return {}
    out: dict[int, int] = {}
    if not isinstance(root, yaml.SequenceNode):
        return out
    i = 0
    for node in root.value:
        if not isinstance(node, yaml.MappingNode):
            continue
        lines = [v.start_mark.line + 1 for k, v in node.value if isinstance(k, yaml.ScalarNode) and k.value == "id"]
        if lines:
            out[i] = lines[0]
            i += 1
    return out


def _record_problems(kb) -> list[str]:
    problems = []
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
    return problems
