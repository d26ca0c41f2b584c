"""The knowledge base: actors, places, weapons and titles, loaded from YAML data files.

Files in `rasd/kb/data/` ship with the package; a user adds records of the same shape
in a folder of their own (`extra_dirs`), loaded beside them without editing the package.
Every record has: id, type, name_ar, name_en, aliases_ar, aliases_en, country, code
(and, where a name is also a common word in another case, aliases_cased: "US");
people have roles with date ranges, places an `actor` code for metonymy, weapons a
category, origin and calibre.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from importlib import resources
from pathlib import Path

import yaml

from rasd.errors import KBError

log = logging.getLogger(__name__)

ENTITY_FILES = ("countries.yaml", "places.yaml", "people.yaml", "organizations.yaml",
                "outlets.yaml", "weapons.yaml")
SECTORS = ("GOV", "MIL", "LEG", "SPY", "MED", "REB", "BUS", "CVL", "JUD", "COP", "OPP")

try:
    _Loader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - pyyaml without libyaml
    _Loader = yaml.SafeLoader


@dataclass(frozen=True, slots=True)
class Role:
    title_ar: str
    code: str
    start: str | None = None
    end: str | None = None
    title_en: str = ""

    def holds_on(self, day: str | None) -> bool:
        if day is None:
            return self.end is None
        return (self.start is None or self.start <= day) and (self.end is None or day < self.end)


@dataclass(frozen=True, slots=True)
class Entity:
    id: str
    type: str
    name_ar: str
    name_en: str = ""
    aliases_ar: tuple[str, ...] = ()
    aliases_en: tuple[str, ...] = ()
    country: str | None = None
    code: str | None = None
    demonyms_ar: tuple[str, ...] = ()
    demonyms_en: tuple[str, ...] = ()
    roles: tuple[Role, ...] = ()
    actor: str | None = None          # places: actor code when used as an actor
    category: str | None = None       # weapons
    calibre_mm: float | None = None
    source_file: str = ""
    # Names that count only written in exactly this case: "US" (not the word "us").
    aliases_cased: tuple[str, ...] = ()

    def code_on(self, day: str | None) -> str | None:
        """The actor code on `day`: a person's office then, else their country's government."""
        if self.type == "person":
            for role in self.roles:
                if role.holds_on(day):
                    return role.code
            return f"{self.country}GOV" if self.country else None
        if self.type == "place":
            return self.actor
        return self.code


@dataclass(frozen=True, slots=True)
class Title:
    words: tuple[str, ...]
    sector: str
    kind: str


@dataclass
class KB:
    entities: dict[str, Entity] = field(default_factory=dict)
    titles: list[Title] = field(default_factory=list)
    item_nouns: list[dict] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def by_type(self, kind: str) -> list[Entity]:
        return [e for e in self.entities.values() if e.type == kind]

    @cached_property
    def countries(self) -> dict[str, Entity]:
        return {e.code: e for e in self.entities.values() if e.type == "country" and e.code}


def _tuple(v) -> tuple[str, ...]:
    if not v:
        return ()
    if isinstance(v, str):
        return (v,)
    return tuple(str(x) for x in v if x)


def _entity(rec: dict, source: str) -> Entity:
    roles = tuple(
        Role(title_ar=r.get("title_ar") or "", code=r.get("code") or "",
             start=str(r["from"]) if r.get("from") else None,
             end=str(r["to"]) if r.get("to") else None, title_en=r.get("title_en") or "")
        for r in rec.get("roles") or ())
    kind = rec.get("type") or ""
    country = rec.get("country") or (rec.get("origin") if kind == "weapon" else None)
    aliases_ar = _tuple(rec.get("aliases_ar"))
    if kind == "outlet":
        aliases_ar += _quoted(((rec.get("name_ar") or ""), *aliases_ar))
    return Entity(
        id=str(rec["id"]), type=kind, name_ar=rec.get("name_ar") or "", name_en=rec.get("name_en") or "",
        aliases_ar=aliases_ar, aliases_en=_tuple(rec.get("aliases_en")),
        country=country, code=rec.get("code"), demonyms_ar=_tuple(rec.get("demonyms_ar")),
        demonyms_en=_tuple(rec.get("demonyms_en")), roles=roles, actor=rec.get("actor"),
        category=rec.get("category"), calibre_mm=rec.get("calibre_mm"), source_file=source,
        aliases_cased=_tuple(rec.get("aliases_cased")))


# "قناة «المسيرة»", 'وكالة "تسنيم"': an outlet's name is often quoted after the word for
# what it is; both forms are its names
_OUTLET_WORDS = ("قناة", "وكالة", "صحيفة", "موقع", "إذاعة", "شبكة", "مجلة")


def _quoted(names: tuple[str, ...]) -> tuple[str, ...]:
    """The quoted forms of an outlet's names listed only after such a word ("قناة المسيرة":
    "المسيرة" alone is an ordinary word); a name listed bare matches inside quotes anyway."""
    out = []
    for name in names:
        head, _, rest = name.partition(" ")
        if head in _OUTLET_WORDS and rest and rest not in names and not any(q in rest for q in "«»\""):
            out += [f"{head} «{rest}»", f'{head} "{rest}"']
    return tuple(out)


def _read_yaml(text: str, name: str):
    try:
        return yaml.load(text, Loader=_Loader) or []
    except yaml.YAMLError as e:
        raise KBError(yaml_problem(name, e)) from e


def yaml_problem(name: str, e: yaml.YAMLError) -> str:
    """One line naming the file and the line of a YAML error: "my_kb/x.yaml:4: not valid
    YAML: did not find expected ',' or ']' (column 7), while parsing a flow sequence that
    starts on line 3"."""
    mark = getattr(e, "problem_mark", None)
    what = " ".join(str(getattr(e, "problem", None) or e).split())
    if mark is None:
        return f"{name}: not valid YAML: {what}"
    line = f"{name}:{mark.line + 1}: not valid YAML: {what} (column {mark.column + 1})"
    context, where = getattr(e, "context", None), getattr(e, "context_mark", None)
    if context and where is not None and where.line != mark.line:
        line += f", {' '.join(context.split())} that starts on line {where.line + 1}"
    return line


def builtin_files() -> list[tuple[str, str]]:
    """(name, text) of the package's data files."""
    data = resources.files("rasd.kb").joinpath("data")
    out = []
    for name in ENTITY_FILES + ("titles.yaml", "item_nouns.yaml"):
        f = data.joinpath(name)
        if f.is_file():
            out.append((name, f.read_text("utf-8")))
    return out


def extra_paths(folder: str | Path) -> list[Path]:
    """The YAML files (*.yaml, *.yml) of one of the user's folders, in name order."""
    return sorted(Path(folder).glob("*.y*ml"))


def extra_files(extra_dirs) -> list[tuple[str, str]]:
    """(path, text) of the YAML files in the user's folders, in order."""
    return [(str(path), path.read_text("utf-8")) for d in extra_dirs for path in extra_paths(d)]


def _files(extra_dirs) -> list[tuple[str, str]]:
    """(name, text) of every data file: the package's, then the user's."""
    return builtin_files() + extra_files(extra_dirs)


def load_kb(extra_dirs: tuple[str, ...] = ()) -> KB:
    """Load the packaged knowledge base plus the user's folders (later records override by id)."""
    return build_kb((name, _read_yaml(text, name)) for name, text in _files(extra_dirs))


def build_kb(parsed) -> KB:
    """The knowledge base of (file name, its parsed YAML) pairs, in order: later records
    override earlier ones by id. What cannot be used (a file that is not a list, a record
    without an id or of the wrong shape) is left out and noted in `KB.problems`."""
    kb = KB()
    for name, records in parsed:
        if not isinstance(records, list):
            kb.problems.append(f"{name}: expected a list of records (- id: ...), found {type(records).__name__}")
            continue
        base = Path(name).name
        try:
            if base == "titles.yaml":
                kb.titles += [Title(_tuple(r["ar"]), r["sector"], r.get("kind", "institution")) for r in records]
                continue
            if base == "item_nouns.yaml":
                kb.item_nouns += records
                continue
        except (KeyError, TypeError, AttributeError) as e:
            kb.problems.append(f"{name}: a record of the wrong shape ({type(e).__name__}: {e})")
            continue
        for rec in records:
            _add_entity(kb, name, rec)
    return kb


def _add_entity(kb: KB, name: str, rec) -> None:
    if not isinstance(rec, dict) or "id" not in rec:
        kb.problems.append(f"{name}: a record without an id: {str(rec)[:80]}")
        return
    try:
        ent = _entity(rec, name)
    except (KeyError, TypeError, AttributeError, ValueError) as e:
        kb.problems.append(f"{name}: record {rec.get('id')}: wrong shape ({type(e).__name__}: {e})")
        return
    if ent.id in kb.entities and kb.entities[ent.id].source_file == name:
        kb.problems.append(f"{name}: duplicate id {ent.id}")
    kb.entities[ent.id] = ent


def default_kb(extra_dirs: tuple[str, ...] = ()) -> KB:
    """The packaged knowledge base with the user's folders, loaded once per set of folders."""
    return _kb(tuple(extra_dirs))


@lru_cache(maxsize=4)
def _kb(extra_dirs: tuple[str, ...]) -> KB:     # lru_cache alone tells f() from f(()): two loads
    return load_kb(extra_dirs)
