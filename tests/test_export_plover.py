"""PLOVER JSON records: every one rasd writes validates against the schema it ships for its
profile, and SPEC §3's mapping holds (type → event, mode, context; status → modality;
dates with their precision; actors with country and sector); flags and facts flatten."""
from __future__ import annotations

import copy
import json

import jsonschema
import pytest
from typer.testing import CliRunner

from rasd.cli import app
from rasd.export import plover
from rasd.export.columns import fact_row, flag_label

runner = CliRunner()
ARTICLES = [
    {"id": "ar-1", "published": "2024-11-04", "language": "ar",
     "text": "أعلنت وزارة الدفاع الأوكرانية، الاثنين، أن كوريا الشمالية أرسلت أكثر من مليون قذيفة مدفعية إلى روسيا "
             "الشهر الماضي.\nونفى الكرملين أن تكون كوريا الشمالية قد أرسلت قذائف مدفعية إلى روسيا."},
    {"id": "en-1", "published": "2024-11-07", "language": "en",
     "text": "Iran delivered hundreds of drones to Russia in October, US officials said on Thursday.\n"
             "South Korea is considering sending weapons to Ukraine, a senior official in Seoul said."},
]


@pytest.fixture(scope="module")
def validator():
    schema = plover.schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


@pytest.fixture(scope="module")
def records(tmp_path_factory):
    folder = tmp_path_factory.mktemp("plover")
    corpus = folder / "news.jsonl"
    corpus.write_text("".join(json.dumps(a, ensure_ascii=False) + "\n" for a in ARTICLES), encoding="utf-8")
    db = folder / "news.db"
    assert runner.invoke(app, ["ingest", str(corpus), "--db", str(db), "--fast"]).exit_code == 0
    out = {}
    for kind in ("events", "facts"):
        res = runner.invoke(app, ["export", kind, "--format", "plover", "--db", str(db)])
        assert res.exit_code == 0, res.output
        out[kind] = [json.loads(line) for line in res.stdout.splitlines()]
    return out


def test_every_record_validates_against_the_shipped_schema(records, validator):
    assert len(records["events"]) >= 4 and len(records["facts"]) >= 3
    for rec in records["events"] + records["facts"]:
        errors = [e.message for e in validator.iter_errors(rec)]
        assert not errors, (rec["id"], errors)


def test_the_schema_refuses_what_is_not_the_profile(records, validator):
    rec = records["events"][0]
    for broken in ({**rec, "event": ["TRANSFER"]}, {**rec, "date": "4 Nov 2024"}, {**rec, "rasd_status": "rumoured"},
                   {k: v for k, v in rec.items() if k != "rasd_claimant"}, {**rec, "surprise": 1},
                   {**rec, "source": [{"code": "North Korea"}]}):
        assert not validator.is_valid(broken), broken


def test_events_map_as_spec_section_3_says(records):
    by_status = {}
    for rec in records["events"]:
        if rec["rasd_type"] == "TRANSFER":
            by_status.setdefault(rec["rasd_status"], []).append(rec)
    shells = by_status["asserted"][0]
    assert shells["event"] == ["AID"] and shells["quad_code"] == 2
    assert shells["source"][0]["code"] == "PRK" and shells["recipient"][0]["code"] == "RUS"
    assert shells["rasd_claimant"]["code"] == "UKR" and shells["rasd_claimant"]["sector"] == "GOV"
    assert shells["mode"] == ["military"] and shells["context"] == ["military"]       # ammunition
    text = ARTICLES[0]["text"]
    assert text[shells["text_info"]["start"]:shells["text_info"]["end"]] == shells["event_text"][0]
    assert shells["cite_info"]["citation"] == "ar-1" and shells["link"] == f"rasd:fact:{shells['rasd_fact']}"
    denied = by_status["denied"][0]
    assert "negation" in denied["context"] and denied["rasd_claimant"]["code"] == "RUS"
    planned = by_status["planned"][0]
    assert "future" in planned["context"] and planned["source"][0]["code"] == "KOR"
    drones = next(r for r in records["events"] if r["rasd_item"] and r["rasd_item"]["category"] == "drone")
    assert drones["date"] == "2024-10-01" and drones["enddate"] == "2024-10-31"
    assert drones["rasd_date_precision"] == "month" and drones["rasd_date_source"] == "event"


def test_facts_are_records_too(records):
    shells = next(r for r in records["facts"] if r["source"] == [{"code": "PRK"}] and r["rasd_type"] == "TRANSFER")
    assert shells["rasd_contradicted"] and shells["rasd_reports_by_status"]["denied"] >= 1
    assert shells["rasd_status"] == "asserted" and shells["event"] == ["AID"]
    assert isinstance(shells["rasd_flags"], list)          # sanctions flags, where the store computes them


@pytest.mark.parametrize("type_, status, item, target, want", [
    ("AGREE", "asserted", None, True, ("SUPPORT", None, None)),              # signed: SUPPORT
    ("AGREE", "planned", None, True, ("AGREE", None, ["future"])),            # a promise to: AGREE
    ("DEPLOY", "asserted", None, True, ("AID", ["military"], ["military"])),
    ("DEPLOY", "asserted", None, False, ("MOBILIZE", ["troops"], ["military"])),
    ("TEST", "asserted", "missile", False, ("MOBILIZE", ["weapons"], ["military"])),
    ("ATTACK", "asserted", "drone", True, ("ASSAULT", ["drone"], None)),
    ("ATTACK", "hedged", "small_arms", True, ("ASSAULT", ["firearms"], ["hypothetical"])),
    ("TRANSFER", "asserted", "money", True, ("AID", ["economic"], ["economic"])),
    ("TRANSFER", "asserted", "other", True, ("AID", None, None)),            # never invented
    ("MEET", "denied", None, True, ("CONSULT", None, ["diplomatic", "negation"])),
    ("REQUEST", "asserted", None, True, ("REQUEST", None, None)),
])
def test_the_mapping(type_, status, item, target, want):
    got = plover.categorize(type_, status=status, item=item, has_target=target)
    assert (got["event"][0], got["mode"], got["context"]) == want


def test_rasd_news_media_sector_is_plover_jrn():
    assert plover.actor({"code": "RUSMED", "country": "RUS", "name": "تاس", "kb_id": None})["sector"] == "JRN"
    assert plover.actor({"code": "IGOUNO", "country": "IGO", "name": "الأمم المتحدة", "kb_id": "Q1065"}) == \
        {"code": "IGO", "sector": None, "actor_text": "الأمم المتحدة", "identifier_id": "Q1065", "rasd_code": "IGOUNO"}


FLAGS = [{"regime": "DPRK", "resolution": "S/RES/2270 (2016)", "paragraph": "OP 6", "measure": "arms",
          "uncertain": False, "contested": False, "source": "https://undocs.org/S/RES/2270(2016)"},
         {"regime": "DPRK", "resolution": "S/RES/1718 (2006)", "paragraph": "OP 8(a)", "measure": "arms",
          "uncertain": True, "contested": False, "source": None}]
FACT = {"id": 7, "type": "TRANSFER", "source": "PRK", "target": "RUS", "item": "ammunition",
        "first_date": "2023-09", "last_date": "2023-11-02", "first_reported": "2023-10-01",
        "last_reported": "2023-11-03", "contradicted": 1, "reports": 3, "originals": 2, "copies": 1,
        "mentions": 4, "counts": {"asserted": 3, "denied": 1}, "doc_counts": {"asserted": 2, "denied": 1},
        "original_counts": {"asserted": 1, "denied": 1}}


def test_sanctions_flags_flatten_when_the_store_has_them_and_are_absent_otherwise(validator):
    flagged = fact_row({**FACT, "flags": FLAGS})
    assert flagged["flags"] == "DPRK:S/RES/2270 (2016) OP 6;DPRK:S/RES/1718 (2006) OP 8(a)"
    assert flagged["flagged"] and flagged["flags_uncertain"] and not flagged["flags_contested"]
    plain = fact_row(FACT)
    assert plain["flags"] is None and plain["flagged"] is False
    assert flag_label({"regime": "LBY"}) == "LBY"
    rec = plover.fact_record({**FACT, "flags": FLAGS})
    assert validator.is_valid(rec) and rec["rasd_flags"] == FLAGS
    assert (rec["date"], rec["enddate"], rec["rasd_date_precision"]) == ("2023-09-01", "2023-11-02", "month")
    assert plain["reports_asserted"] == 2 and plain["originals_denied"] == 1 and plain["mentions_hedged"] == 0
    assert validator.is_valid(plover.fact_record(copy.deepcopy(FACT)))
