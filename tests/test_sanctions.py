"""Sanctions flags (issue 19): UN arms embargoes as data (rasd/kb/data/sanctions.yaml) and
the flags a TRANSFER or DEPLOY fact gets from them, from the library to `rasd facts
--flagged`. The cases are written for these tests; the dates are those of the resolutions."""
import json
import os

import pytest

from conftest import run_rasd
from rasd.kb import regimes as regimes_module, sanctions
from rasd.kb.load import default_kb
from rasd.kb.sanctions import flags_for_fact, load_regimes
from rasd.kb.validate import ITEM_CATEGORIES, validate


def fact(type_="TRANSFER", source=None, target=None, item=None, first=None, last=None, **more) -> dict:
    return {"type": type_, "source": source, "target": target, "item": item, "first_date": first,
            "last_date": last or first, **more}


def flagged(*args, **kwargs) -> dict[tuple[str, str, str], object]:
    return {(f.regime, f.resolution, f.paragraph): f for f in flags_for_fact(fact(*args, **kwargs))}


DPRK_EXPORTS = ("DPRK", "S/RES/1874 (2009)", "OP 9")
ANNEX_B_4 = ("IRAN-2231", "S/RES/2231 (2015)", "Annex B para 4")
IRAN_EXPORTS = ("IRAN", "S/RES/1747 (2007)", "OP 5")


# -- the issue's cases ---------------------------------------------------------------------
@pytest.mark.parametrize("when", ["2023", "2023-09", "2023-09-13"])
def test_north_korean_shells_to_russia_in_2023_are_flagged_under_the_dprk_regime(when):
    flags = flagged("TRANSFER", "PRK", "RUS", "ammunition", when)
    assert list(flags) == [DPRK_EXPORTS]
    flag = flags[DPRK_EXPORTS]
    assert not flag.uncertain and not flag.contested
    assert flag.measure and flag.source.startswith("https://")


def test_iranian_drones_to_russia_in_late_2022_breach_the_2231_missile_paragraph_and_are_contested():
    flags = flagged("TRANSFER", "IRN", "RUS", "drone", "2022-11")
    assert list(flags) == [ANNEX_B_4]
    assert flags[ANNEX_B_4].contested and not flags[ANNEX_B_4].uncertain
    # the dispute was Russia's, about transfers to Russia: the same drones to Venezuela were not contested
    assert not flagged("TRANSFER", "IRN", "VEN", "drone", "2022-11")[ANNEX_B_4].contested


@pytest.mark.parametrize("when", ["2024-06", "2024-06-15", "2024"])
def test_the_same_drones_in_mid_2024_are_not_un_flagged(when):
    # 2231's missile paragraph ended on 2023-10-18, the snapback came on 2025-09-28
    assert flagged("TRANSFER", "IRN", "RUS", "drone", when) == {}


def test_between_2020_and_2023_only_the_missile_paragraph_held():
    # the arms paragraphs ended on 2020-10-18: drones still fall under para 4, "weapons" no longer
    assert list(flagged("TRANSFER", "IRN", "RUS", "drone", "2021-05")) == [ANNEX_B_4]
    assert flagged("TRANSFER", "IRN", "RUS", None, "2021-05") == {}
    assert ("IRAN-2231", "S/RES/2231 (2015)", "Annex B para 6(b)") in flagged("TRANSFER", "IRN", "RUS", None, "2019-05")


def test_iranian_drones_to_russia_in_november_2025_are_flagged_again_reimposed_and_contested():
    flags = flagged("TRANSFER", "IRN", "RUS", "drone", "2025-11")
    assert IRAN_EXPORTS in flags
    assert all(f.contested and not f.uncertain for f in flags.values())
    assert {f.regime for f in flags.values()} == {"IRAN"}


@pytest.mark.parametrize("type_", ["TRANSFER", "DEPLOY"])
@pytest.mark.parametrize("item", [None, "other", "artillery", "ammunition", "missile", "air_defence"])
@pytest.mark.parametrize("when", ["2009", "2016-03", "2022-11-02", "2025-11", None])
def test_south_korean_arms_to_ukraine_are_never_flagged(type_, item, when):
    assert flags_for_fact(fact(type_, "KOR", "UKR", item, when)) == []


@pytest.mark.parametrize("case,key", [
    (("IRN", "RUS", "drone", "2023-10"), ANNEX_B_4),                        # ended 2023-10-18
    (("IRN", "SYR", None, "2020-10"), ("IRAN-2231", "S/RES/2231 (2015)", "Annex B para 6(b)")),   # 2020-10-18
    (("IRN", "RUS", "drone", "2025-09"), IRAN_EXPORTS),                     # reimposed 2025-09-28
    (("USA", "CAF", None, "2023-07"), ("CAR", "S/RES/2127 (2013)", "OP 54")),  # lifted for the state 2023-07-27
])
def test_a_month_precision_date_in_the_month_a_window_ends_or_starts_is_uncertain(case, key):
    flags = flagged("TRANSFER", *case)
    assert flags[key].uncertain
    # the same month with a day inside the window is certain, and a day outside has no flag
    source, target, item, month = case
    inside = {"2023-10": "2023-10-02", "2020-10": "2020-10-01", "2025-09": "2025-09-29", "2023-07": "2023-07-03"}
    outside = {"2023-10": "2023-10-25", "2020-10": "2020-10-30", "2025-09": "2025-09-03", "2023-07": "2023-07-30"}
    assert not flagged("TRANSFER", source, target, item, inside[month])[key].uncertain
    assert key not in flagged("TRANSFER", source, target, item, outside[month])


def test_a_fact_spanning_an_edge_is_certain_when_one_of_its_dates_is_wholly_inside():
    # first reported "last month" (September 2025), last on a day after the snapback
    flags = flagged("TRANSFER", "IRN", "RUS", "drone", "2025-09", "2025-10-14")
    assert not flags[IRAN_EXPORTS].uncertain
    # an undated fact meets every window, none of them surely
    assert all(f.uncertain for f in flags_for_fact(fact("TRANSFER", "PRK", "RUS", "ammunition")))


# -- who, what and which direction -----------------------------------------------------------
def test_a_listed_group_is_resolved_through_the_mentions_not_the_country():
    houthis = [{"code": "YEMREB", "kb_id": "rasd:org:houthis"}]
    government = [{"code": "YEMGOV", "kb_id": "rasd:org:yemen-government"}]
    to_houthis = flagged("TRANSFER", "IRN", "YEM", "missile", "2023-03-08", target_actors=houthis)
    assert ("YEMEN", "S/RES/2216 (2015)", "OP 14") in to_houthis
    # the Yemeni government is under no embargo; nor is another Yemeni armed group
    for actors in (government, [{"code": "YEMREB", "kb_id": "rasd:org:southern-transitional-council"}]):
        assert not any(r == "YEMEN" for r, *_ in flagged("TRANSFER", "USA", "YEM", "missile", "2023-03-08",
                                                          target_actors=actors))
    # without the mentions' actors, only the country is known: no group flag
    assert not any(r == "YEMEN" for r, *_ in flagged("TRANSFER", "USA", "YEM", "missile", "2023-03-08"))


def test_sector_limited_parties_and_territories():
    rebels = [{"code": "CODREB", "kb_id": "rasd:org:m23"}]
    assert any(r == "DRC" for r, *_ in flagged("TRANSFER", "RWA", "COD", None, "2024-02", target_actors=rebels))
    assert not flagged("TRANSFER", "RWA", "COD", None, "2024-02")          # the DRC's government
    army = [{"code": "HTIMIL", "kb_id": None}]
    assert flagged("TRANSFER", "USA", "HTI", "small_arms", "2024-01-10")    # the territory of Haiti
    assert not flagged("TRANSFER", "USA", "HTI", "small_arms", "2024-01-10", target_actors=army)


def test_only_covered_categories_and_personnel_are_flagged():
    # 2231 Annex B para 5 listed categories only: an aircraft sale to Iran in 2018, not "weapons"
    assert ("IRAN-2231", "S/RES/2231 (2015)", "Annex B para 5") in flagged("TRANSFER", "RUS", "IRN", "aircraft", "2018")
    assert flagged("TRANSFER", "RUS", "IRN", None, "2018") == {}
    # a full embargo covers an unnamed or vague item; economic goods are never arms
    assert flagged("TRANSFER", "PRK", "RUS", None, "2024-05")
    assert flagged("TRANSFER", "PRK", "RUS", "food", "2024-05") == {}
    # DEPLOY only where a measure covers personnel: Libya's (mercenaries), not Iran's export ban
    assert ("LIBYA", "S/RES/1970 (2011)", "OP 9") in flagged("DEPLOY", "RUS", "LBY", None, "2020-05")
    assert flagged("DEPLOY", "IRN", "RUS", None, "2025-11") == {}
    contested = flagged("DEPLOY", "PRK", "RUS", None, "2024-11")[DPRK_EXPORTS]
    assert contested.contested                   # Russia disputes that its troops' hosting is covered
    assert not flagged("TRANSFER", "PRK", "RUS", "ammunition", "2024-11")[DPRK_EXPORTS].contested
    # other event types never
    assert flags_for_fact(fact("ATTACK", "PRK", "RUS", "missile", "2024-11")) == []


def test_direction_exports_and_imports():
    # the DPRK's imports and exports are both banned; Libya's too; a supply inside a country is not a transfer to it
    assert flagged("TRANSFER", "RUS", "PRK", "aircraft", "2024-06")
    assert flagged("TRANSFER", "LBY", "SDN", None, "2019")
    assert flagged("TRANSFER", "LBY", "LBY", None, "2019") == {}
    # an unnamed supplier or recipient does not hide the embargoed party
    assert flagged("TRANSFER", None, "LBY", None, "2019") and flagged("TRANSFER", "PRK", None, "ammunition", "2024")
    # Lebanon: supply to non-state actors only, not from Lebanon
    hezbollah = [{"code": "LBNREB", "kb_id": "rasd:org:hezbollah"}]
    assert flagged("TRANSFER", "IRN", "LBN", "missile", "2024-06", target_actors=hezbollah)
    assert flagged("TRANSFER", "LBN", "SYR", None, "2024-06", source_actors=hezbollah) == {}


def test_the_interface_is_what_the_exports_call():
    import dataclasses
    fields = [f.name for f in dataclasses.fields(sanctions.Flag)]
    assert fields == ["regime", "resolution", "paragraph", "measure", "uncertain", "contested", "source"]
    one = flags_for_fact(fact("TRANSFER", "PRK", "RUS", "ammunition", "2023-08"), regimes=sanctions.default_regimes())
    assert json.loads(json.dumps([dataclasses.asdict(f) for f in one]))[0]["regime"] == "DPRK"


# -- the data and its validator ----------------------------------------------------------------
def test_the_packaged_regimes_are_valid_and_hold_what_the_issue_names():
    problems, sizes = validate()
    assert not [p for p in problems if "sanctions" in p], problems
    assert sizes["sanctions_measures"] >= 25
    ids = {r.id for r in sanctions.default_regimes()}
    assert {"DPRK", "IRAN", "IRAN-2231", "LIBYA", "YEMEN", "SUDAN", "SOUTH-SUDAN", "SOMALIA", "CAR", "DRC",
            "LEBANON", "HAITI"} <= ids
    resolutions = {w.resolution for r in sanctions.default_regimes() for m in r.measures for w in m.windows}
    for symbol in ("S/RES/1718 (2006)", "S/RES/1874 (2009)", "S/RES/2270 (2016)", "S/RES/1747 (2007)",
                   "S/RES/1929 (2010)", "S/RES/2231 (2015)", "S/RES/1970 (2011)", "S/RES/2216 (2015)",
                   "S/RES/1591 (2005)", "S/RES/2428 (2018)", "S/RES/733 (1992)", "S/RES/2713 (2023)",
                   "S/RES/2127 (2013)", "S/RES/2745 (2024)", "S/RES/1807 (2008)", "S/RES/1701 (2006)",
                   "S/RES/2653 (2022)", "S/RES/2699 (2023)", "S/RES/2752 (2024)"):
        assert symbol in resolutions, symbol
    # every window has a source; the arms categories are SPEC's, less the economic ones
    assert all(w.sources for r in sanctions.default_regimes() for m in r.measures for w in m.windows)
    assert regimes_module.ARMS == set(ITEM_CATEGORIES) - {"food", "energy", "money"}


BAD = """
reviewed: 2025-12-01
regimes:
- id: TEST
  name: A regime written wrong
  committee: https://example.org
  measures:
  - id: bad-date
    resolution: S/RES/1 (2000)
    paragraph: OP 1
    measure: arms embargo (supply to)
    direction: to
    parties: [{country: PRK}]
    items: all
    windows:
    - {from: 2016-13-01, sources: [s]}
  - id: backwards
    resolution: S/RES/2 (2000)
    paragraph: OP 1
    measure: arms embargo (supply to)
    direction: to
    parties: [{country: PRK}]
    items: all
    windows:
    - {from: 2020-01-01, to: 2019-01-01, sources: [s]}
  - id: tanks
    resolution: S/RES/3 (2000)
    paragraph: OP 1
    measure: arms embargo (supply to)
    direction: to
    parties: [{country: PRK}]
    items: [tanks]
    windows:
    - {from: 2020-01-01, sources: [s]}
  - id: nowhere
    resolution: S/RES/4 (2000)
    paragraph: OP 1
    measure: arms embargo (supply to)
    direction: to
    parties: [{country: XXX}, {group: "rasd:org:no-such-group", country: YEM}]
    items: all
    windows:
    - {from: 2020-01-01, sources: [s], contested: [{by: [ZZZ]}]}
  - id: sideways
    resolution: S/RES/5 (2000)
    paragraph: OP 1
    measure: arms embargo
    direction: sideways
    parties: [{country: PRK}]
    items: all
    windos: []
"""


def test_the_validator_names_each_malformed_measure():
    regimes, problems = regimes_module.read(BAD, "bad.yaml")
    problems += sanctions.kb_problems(regimes, default_kb(), "bad.yaml")
    text = "\n".join(problems)
    assert "TEST / bad-date / window 1: from '2016-13-01' is not a real day" in text
    assert "TEST / backwards / window 1: ends (2019-01-01) before it starts (2020-01-01)" in text
    assert "TEST / tanks / window 1: unknown item categories ['tanks']" in text
    assert "TEST / nowhere: unknown country 'XXX'" in text
    assert "unknown group 'rasd:org:no-such-group'" in text
    assert "unknown country 'ZZZ' in contested" in text
    assert "TEST / sideways: unknown field(s) windos" in text and "direction 'sideways'" in text
    assert all(p.startswith("bad.yaml: ") for p in problems)
    # a file with problems is refused whole, never half used
    with pytest.raises(sanctions.KBError):
        load_regimes(BAD, "bad.yaml")
    with pytest.raises(sanctions.KBError):
        load_regimes("regimes: [", "broken.yaml")


def test_rasd_kb_validate_reports_a_malformed_regimes_file(monkeypatch):
    monkeypatch.setattr(sanctions, "packaged_text", lambda: BAD)
    problems, _ = validate()
    assert any("sanctions.yaml: TEST / backwards" in p for p in problems)


# -- end to end: ingest, then rasd facts --flagged -------------------------------------------
ARTICLES = [
    {"id": "shells", "published": "2023-09-20",
     "text": "أرسلت كوريا الشمالية قذائف مدفعية إلى روسيا الشهر الماضي، بحسب الاستخبارات الكورية الجنوبية."},
    {"id": "drones2022", "published": "2022-11-02",
     "text": "قال مسؤولون أوكرانيون، الأربعاء، إن إيران أرسلت طائرات مسيرة إلى روسيا."},
    {"id": "drones2024", "published": "2024-06-12", "text": "Iran sent drones to Russia on Monday, Ukrainian officials said."},
    {"id": "drones2025", "published": "2025-11-12",
     "text": "أرسلت إيران طائرات مسيرة إلى روسيا، الاثنين، بحسب الجيش الأوكراني."},
    {"id": "seoul", "published": "2024-05-20",
     "text": "أرسلت كوريا الجنوبية أسلحة إلى أوكرانيا في أيار/ مايو، بحسب وزارة الدفاع."},
    {"id": "houthis", "published": "2023-03-08", "text": "أرسلت إيران صواريخ إلى الحوثيين في اليمن، بحسب مسؤول أمريكي."},
    {"id": "october", "published": "2023-11-20",
     "text": "Iran shipped ballistic missiles to Russia in October 2023, according to Western officials."},
]


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    folder = tmp_path_factory.mktemp("sanctions")
    (folder / "news.jsonl").write_text("\n".join(json.dumps(a, ensure_ascii=False) for a in ARTICLES) + "\n",
                                       encoding="utf-8")
    db = folder / "news.db"
    run_rasd("ingest", folder / "news.jsonl", "--db", db, "--fast")
    return db


def _by_doc(facts: list[dict]) -> dict[str, dict]:
    return {it["doc"]: f for f in facts for side in f["sides"].values() for it in side}


def test_rasd_facts_flagged_json_end_to_end(store):
    every = _by_doc(json.loads(run_rasd("facts", "--json", "--db", store).stdout))
    facts = _by_doc(json.loads(run_rasd("facts", "--flagged", "--json", "--db", store).stdout))
    assert set(facts) == {"shells", "drones2022", "drones2025", "houthis", "october"}
    assert every["drones2024"]["flags"] == [] and every["seoul"]["flags"] == []

    def keys(doc):
        return {(x["regime"], x["resolution"], x["paragraph"]) for x in facts[doc]["flags"]}
    assert keys("shells") == {DPRK_EXPORTS}
    assert keys("drones2022") == {ANNEX_B_4} and facts["drones2022"]["flags"][0]["contested"]
    assert IRAN_EXPORTS in keys("drones2025") and all(x["contested"] for x in facts["drones2025"]["flags"])
    assert ("YEMEN", "S/RES/2216 (2015)", "OP 14") in keys("houthis")
    [october] = [x for x in facts["october"]["flags"] if x["paragraph"] == "Annex B para 4"]
    assert october["uncertain"] and october["contested"]          # "October 2023": the month it ended
    # the flags are what the library gives for the same fact
    assert [sanctions.Flag(**x) for x in facts["shells"]["flags"]] == flags_for_fact(facts["shells"])


def test_the_flags_show_in_the_human_and_the_pipe_views(store):
    env = {**os.environ, "TERM": "dumb", "COLUMNS": "100", "TTY_COMPATIBLE": "1"}
    import subprocess
    import sys
    human = subprocess.run([sys.executable, "-m", "rasd.cli", "facts", "--flagged", "--type", "TRANSFER",
                            "--actor", "PRK", "--db", str(store)], capture_output=True, text=True, env=env,
                           check=True).stdout
    assert "PRK → RUS (ammunition)  FLAGGED" in human
    assert "embargo  DPRK S/RES/1874 (2009) OP 9" in human and "(supply from)" in human
    piped = run_rasd("facts", "--flagged", "--db", store).stdout.splitlines()
    assert piped and all(len(line.split("\t")) == 13 for line in piped)
    assert any(line.split("\t")[11] == "IRAN-2231 S/RES/2231 (2015) Annex B para 4 (contested)" for line in piped)
    # a filter and --flagged together
    none = run_rasd("facts", "--flagged", "--actor", "KOR", "--json", "--db", store).stdout
    assert json.loads(none) == []
