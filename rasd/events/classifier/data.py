"""The labelled training set: short news articles written for rasd, each sentence with the
events it states (SPEC §2–4 at country level).

One JSON object per line in `data/*.jsonl`:

    {"id": "ar-core-001", "lang": "ar", "published": "2024-05-12", "style": "wire",
     "region": "Sahel", "sentences": [
        {"text": "...", "events": [{"type": "DEPLOY", "source": "RUS", "target": "MLI",
                                     "status": "asserted", "claimant": null,
                                     "date": "2024-05-11", "quantity": 200}]},
        {"text": "...", "par": true, "events": []}]}

`par` starts a new paragraph. Countries are ISO 3166-1 alpha-3 codes, or IGO (an
international organization), WST (the West), SUN (the Soviet Union); `target` is null only
for TEST or where the text names no target; `source` is null only for an ATTACK whose
attacker the text does not identify ("انفجرت سيارة مفخخة"). `date` (YYYY-MM-DD, YYYY-MM or YYYY) and
`quantity` (a number) are given only where the sentence states them.

    python -m rasd.events.classifier.data check FILE...   # validate, print counts
"""
from __future__ import annotations

import json
import re
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

TYPES = ("TRANSFER", "DEPLOY", "MEET", "AGREE", "COOPERATE", "REQUEST", "THREATEN", "ACCUSE",
         "SANCTION", "ATTACK", "TEST")
STATUSES = ("asserted", "denied", "hedged", "planned")
SYMMETRIC = frozenset({"MEET", "AGREE", "COOPERATE"})
_SPECIAL = frozenset({"IGO", "WST", "SUN"})
_DATE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")
DATA_DIR = Path(__file__).with_name("data")


@dataclass(frozen=True, slots=True)
class Label:
    type: str
    source: str | None
    target: str | None
    status: str = "asserted"
    claimant: str | None = None
    date: str | None = None
    quantity: float | None = None

    def key(self) -> tuple[str, str | None, str | None]:
        """The scorer's key: symmetric types have their pair sorted."""
        s, t = self.source, self.target
        if self.type in SYMMETRIC and s and t:
            s, t = sorted((s, t))
        return self.type, s, t


@dataclass(slots=True)
class LabelledSentence:
    text: str
    events: list[Label]
    par: bool = False


@dataclass(slots=True)
class Article:
    id: str
    lang: str
    sentences: list[LabelledSentence]
    published: str | None = None
    style: str = ""
    region: str = ""
    source_file: str = ""

    def text_and_spans(self) -> tuple[str, list[tuple[int, int]]]:
        """The article as one text (sentences joined by a space, paragraphs by a blank line)
        and each sentence's span in it."""
        parts: list[str] = []
        spans: list[tuple[int, int]] = []
        pos = 0
        for i, s in enumerate(self.sentences):
            if i:
                sep = "\n\n" if s.par or i == 1 else " "
                parts.append(sep)
                pos += len(sep)
            parts.append(s.text)
            spans.append((pos, pos + len(s.text)))
            pos += len(s.text)
        return "".join(parts), spans


class DataError(ValueError):
    """A training file that does not follow the schema above."""


def _country(value, where: str, countries: frozenset[str] | None) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not re.fullmatch(r"[A-Z]{3}", value):
        raise DataError(f"{where}: {value!r} is not a three-letter country code")
    if countries is not None and value not in countries and value not in _SPECIAL:
        raise DataError(f"{where}: {value!r} is not a country the knowledge base knows")
    return value


def _label(raw: dict, where: str, countries: frozenset[str] | None) -> Label:
    if not isinstance(raw, dict):
        raise DataError(f"{where}: an event must be an object")
    unknown = set(raw) - {"type", "source", "target", "status", "claimant", "date", "quantity", "note"}
    if unknown:
        raise DataError(f"{where}: unknown fields {sorted(unknown)}")
    etype = raw.get("type")
    if etype not in TYPES:
        raise DataError(f"{where}: type {etype!r} is not one of {TYPES}")
    status = raw.get("status", "asserted")
    if status not in STATUSES:
        raise DataError(f"{where}: status {status!r} is not one of {STATUSES}")
    source = _country(raw.get("source"), f"{where} source", countries)
    target = _country(raw.get("target"), f"{where} target", countries)
    if source is None and etype != "ATTACK":
        raise DataError(f"{where}: an event needs a source (only violence by an attacker the text does not "
                        "identify has none)")
    date = raw.get("date")
    if date is not None and not (isinstance(date, str) and _DATE.match(date)):
        raise DataError(f"{where}: date {date!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
    qty = raw.get("quantity")
    if qty is not None and (isinstance(qty, bool) or not isinstance(qty, (int, float))):
        raise DataError(f"{where}: quantity {qty!r} is not a number")
    return Label(etype, source, target, status, _country(raw.get("claimant"), f"{where} claimant", countries),
                 date, None if qty is None else float(qty))


def parse_article(raw: dict, where: str, countries: frozenset[str] | None = None) -> Article:
    for name in ("id", "lang", "sentences"):
        if name not in raw:
            raise DataError(f"{where}: missing {name!r}")
    if raw["lang"] not in ("ar", "en"):
        raise DataError(f"{where}: lang must be 'ar' or 'en'")
    published = raw.get("published")
    if published is not None and not (isinstance(published, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", published)):
        raise DataError(f"{where}: published {published!r} is not YYYY-MM-DD")
    sentences = []
    for i, s in enumerate(raw["sentences"]):
        w = f"{where} sentence {i + 1}"
        if not isinstance(s, dict) or not isinstance(s.get("text"), str) or not s["text"].strip():
            raise DataError(f"{w}: needs a non-empty text")
        if "\n" in s["text"]:
            raise DataError(f"{w}: one sentence per entry (no line breaks)")
        sentences.append(LabelledSentence(s["text"].strip(), [_label(e, f"{w} event {j + 1}", countries)
                                                              for j, e in enumerate(s.get("events") or [])],
                                          bool(s.get("par"))))
    if not sentences:
        raise DataError(f"{where}: no sentences")
    return Article(str(raw["id"]), raw["lang"], sentences, published, raw.get("style", ""), raw.get("region", ""))


def known_countries() -> frozenset[str]:
    from rasd.kb.load import default_kb
    return frozenset(e.code for e in default_kb().by_type("country"))


def load(paths=None, *, countries: frozenset[str] | None = None) -> list[Article]:
    """Every article in `paths` (default: every file in data/), validated; ids must be unique."""
    files = [Path(p) for p in paths] if paths else sorted(DATA_DIR.glob("*.jsonl"))
    out: list[Article] = []
    seen: set[str] = set()
    for path in files:
        with open(path, encoding="utf-8") as f:
            for n, line in enumerate(f, 1):
                if not line.strip():
                    continue
                where = f"{path.name}:{n}"
                try:
                    raw = json.loads(line)
                except json.JSONDecodeError as e:
                    raise DataError(f"{where}: not JSON ({e})") from None
                art = parse_article(raw, where, countries)
                if art.id in seen:
                    raise DataError(f"{where}: id {art.id!r} used twice")
                seen.add(art.id)
                art.source_file = path.name
                out.append(art)
    return out


def summary(articles: list[Article]) -> str:
    sents = [s for a in articles for s in a.sentences]
    events = [e for s in sents for e in s.events]
    langs = Counter(a.lang for a in articles)
    types = Counter(e.type for e in events)
    statuses = Counter(e.status for e in events)
    empty = sum(1 for s in sents if not s.events)
    lines = [f"{len(articles)} articles ({', '.join(f'{k} {v}' for k, v in sorted(langs.items()))}), "
             f"{len(sents)} sentences ({empty} with no event), {len(events)} events",
             "types: " + ", ".join(f"{t} {types[t]}" for t in TYPES),
             "status: " + ", ".join(f"{s} {statuses[s]}" for s in STATUSES),
             f"with claimant {sum(1 for e in events if e.claimant)}, date {sum(1 for e in events if e.date)}, "
             f"quantity {sum(1 for e in events if e.quantity is not None)}"]
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    if len(argv) < 2 or argv[0] != "check":
        print(__doc__)
        return 2
    try:
        articles = load(argv[1:], countries=known_countries())
    except (DataError, OSError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    print(summary(articles))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
