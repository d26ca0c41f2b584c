"""`rasd export KIND --format FORMAT`: every allowed pair writes what it says, the others
refuse in one line; Parquet, CSV and JSON Lines hold the same rows; the network is the
facts summed; a failed export leaves nothing under the target's name; filters narrow."""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
import subprocess
import sys
from collections import defaultdict

import networkx as nx
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from rasd import export
from rasd.cli import app
from rasd.export.columns import STATUSES, TABLES

runner = CliRunner()

# small articles, Arabic and English: a shipment asserted, denied and copied (a contradicted
# fact), a plan, a deployment, a month-precise date, a visit and a treaty (symmetric types)
ARTICLES = [
    {"id": "ar-shells", "published": "2024-11-04", "outlet": "وكالة الأنباء", "language": "ar",
     "text": "أعلنت وزارة الدفاع الأوكرانية، الاثنين، أن كوريا الشمالية أرسلت أكثر من مليون قذيفة مدفعية إلى روسيا "
             "الشهر الماضي.\nوقال المتحدث باسم الوزارة إن الشحنات وصلت عبر ميناء فوستوتشني."},
    {"id": "ar-denial", "published": "2024-11-05", "outlet": "صحيفة المساء", "language": "ar",
     "text": "نفى الكرملين، الثلاثاء، أن تكون كوريا الشمالية قد أرسلت قذائف مدفعية إلى روسيا، ووصف هذه التقارير "
             "بأنها كاذبة."},
    {"id": "en-seoul", "published": "2024-11-06", "outlet": "Wire", "language": "en",
     "text": "South Korea is considering sending weapons to Ukraine, a senior official in Seoul said on Wednesday.\n"
             "North Korea has deployed about 10,000 troops to Russia, according to the Pentagon."},
    {"id": "en-drones", "published": "2024-11-07", "outlet": "Daily", "language": "en",
     "text": "Iran delivered hundreds of drones to Russia in October, US officials said on Thursday."},
    {"id": "ar-visit", "published": "2024-11-08", "outlet": "وكالة الأنباء", "language": "ar",
     "text": "زار وزير الخارجية الروسي سيرغي لافروف بيونغ يانغ، الجمعة، والتقى الزعيم الكوري الشمالي كيم جونغ أون.\n"
             "ووقع البلدان اتفاقية للتعاون العسكري."},
]
ARTICLES.append({**ARTICLES[0], "id": "ar-shells-copy", "published": "2024-11-05", "outlet": "موقع الخبر"})

ALLOWED = [(k, f) for f, kinds in export.FORMATS.items() for k in kinds]
REFUSED = [(k, f) for f in export.FORMATS for k in export.KINDS if k not in export.FORMATS[f]]


def rasd(*args):
    return runner.invoke(app, [str(a) for a in args])


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    folder = tmp_path_factory.mktemp("export")
    corpus = folder / "news.jsonl"
    corpus.write_text("".join(json.dumps(a, ensure_ascii=False) + "\n" for a in ARTICLES), encoding="utf-8")
    path = folder / "news.db"
    res = rasd("ingest", corpus, "--db", path, "--fast")
    assert res.exit_code == 0, res.output
    return path


def exported(db, tmp_path, kind, fmt, *filters):
    target = tmp_path / f"{kind}.{fmt}"
    res = rasd("export", kind, "--format", fmt, "--db", db, "-o", target, *filters)
    assert res.exit_code == 0, res.output
    return target


def jsonl_rows(db, tmp_path, kind, *filters):
    return [json.loads(line) for line in exported(db, tmp_path, kind, "jsonl", *filters).read_text("utf-8").splitlines()]


def parquet_rows(path):
    """Parquet rows with dates back as ISO text: the one type conversion the tables make."""
    return [{k: v.isoformat() if isinstance(v, dt.date) else v for k, v in row.items()}
            for row in pq.read_table(path).to_pylist()]


# -- every kind and format ------------------------------------------------------------------
@pytest.mark.parametrize("kind, fmt", ALLOWED)
def test_every_allowed_kind_and_format_writes_a_whole_file(db, tmp_path, kind, fmt):
    target = tmp_path / f"out.{fmt}"
    res = rasd("export", kind, "--format", fmt, "--db", db, "-o", target)
    assert res.exit_code == 0, res.output
    assert target.stat().st_size > 0 and "written to" in res.output
    assert [p.name for p in tmp_path.iterdir()] == [target.name]          # no temporary file left


@pytest.mark.parametrize("kind, fmt", REFUSED)
def test_a_format_a_kind_has_no_use_for_is_one_line_and_exit_1(db, tmp_path, kind, fmt):
    target = tmp_path / "out"
    res = rasd("export", kind, "--format", fmt, "--db", db, "-o", target)
    assert res.exit_code == 1
    line, = res.output.strip().splitlines()
    assert fmt in line and kind in line and "jsonl" in line, line
    assert not list(tmp_path.iterdir())


def test_an_unknown_format_says_which_there_are(db):
    res = rasd("export", "facts", "--format", "xlsx", "--db", db)
    assert res.exit_code == 1 and "parquet" in res.output and len(res.output.strip().splitlines()) == 1


def test_events_jsonl_are_the_spec_records(db, tmp_path):
    records = jsonl_rows(db, tmp_path, "events")
    assert len(records) >= 8 and {"doc", "type", "source", "target", "status", "claimant", "evidence"} <= set(records[0])
    assert {r["doc"] for r in records} == {a["id"] for a in ARTICLES}


# -- the same rows in every format ------------------------------------------------------------
@pytest.mark.parametrize("kind", export.KINDS)
def test_parquet_read_back_equals_the_jsonl_export(db, tmp_path, kind):
    table = TABLES[kind]
    from_parquet = parquet_rows(exported(db, tmp_path, kind, "parquet"))
    lines = jsonl_rows(db, tmp_path, kind)
    assert len(from_parquet) == len(lines) > 0
    if kind == "events":
        # a JSON line is the SPEC record alone; the columns it does not hold come from the store
        from_record = [table.flatten({"record": r}) for r in lines]
        only_store = {"published", "outlet", "url", "language", "n", "fact", "story", "published_day"}
        for got, want in zip(from_parquet, from_record):
            assert {k: v for k, v in got.items() if k not in only_store} == \
                   {k: v for k, v in want.items() if k not in only_store}
        assert all(r["fact"] and r["story"] and r["published"] for r in from_parquet)
    else:
        assert from_parquet == [table.flatten(r) for r in lines]


def test_parquet_is_typed(db, tmp_path):
    schema = pq.read_schema(exported(db, tmp_path, "events", "parquet"))
    types = {f.name: str(f.type) for f in schema}
    assert types["date_day"] == "date32[day]" and types["date"] == "string"
    assert types["type"].startswith("dictionary<values=string") and types["source_country"].startswith("dictionary")
    assert types["evidence_start"] == "int64" and types["quantity"] == "double"
    facts = {f.name: str(f.type) for f in pq.read_schema(exported(db, tmp_path, "facts", "parquet"))}
    assert facts["contradicted"] == "bool" and facts["flagged"] == "bool" and facts["reports_denied"] == "int64"
    rows = parquet_rows(tmp_path / "events.parquet")
    month = next(r for r in rows if r["date_precision"] == "month")
    assert month["date"] == "2024-10" and month["date_day"] is None          # no day invented
    day = next(r for r in rows if r["date_precision"] == "day")
    assert day["date_day"] == day["date"]


@pytest.mark.parametrize("kind", export.KINDS)
def test_csv_has_the_columns_as_header_and_a_row_per_record(db, tmp_path, kind):
    with exported(db, tmp_path, kind, "csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    assert rows[0] == [c.name for c in TABLES[kind].columns]
    assert len(rows) - 1 == len(jsonl_rows(db, tmp_path, kind)) > 0


def test_events_csv_keeps_rasd_0_1_columns_first(db, tmp_path):
    header = exported(db, tmp_path, "events", "csv").read_text("utf-8").splitlines()[0].split(",")
    assert header[:24] == ["doc", "published", "outlet", "url", "part", "type", "source", "source_name", "target",
                           "target_name", "status", "claimant", "claimant_name", "date", "date_precision", "quantity",
                           "unit", "approx", "item", "item_category", "location", "evidence_start", "evidence_end",
                           "evidence"]


def test_parquet_goes_to_a_pipe_too(db):
    out = subprocess.run([sys.executable, "-m", "rasd.cli", "export", "facts", "--format", "parquet", "--db", str(db)],
                         capture_output=True, check=True)
    assert pq.read_table(io.BytesIO(out.stdout)).num_rows > 0


# -- the network ------------------------------------------------------------------------------
def _facts_by_edge(db) -> dict:
    facts = json.loads(rasd("facts", "--json", "--limit", 1000, "--db", db).output)
    out = defaultdict(lambda: {"facts": 0, "reports": 0, "contradicted": False, **{s: 0 for s in STATUSES}})
    for f in facts:
        if f["source"] and f["target"]:
            e = out[f["source"], f["target"], f["type"]]
            e["facts"] += 1
            e["reports"] += f["reports"]
            e["contradicted"] |= bool(f["contradicted"])
            for s in STATUSES:
                e[s] += f["doc_counts"].get(s, 0)
    return dict(out)


def _graph_edges(g) -> dict:
    return {(u, v, k): {"facts": d["facts"], "reports": d["reports"], "contradicted": d["contradicted"],
                        **{s: d[f"reports_{s}"] for s in STATUSES}}
            for u, v, k, d in g.edges(keys=True, data=True)}


def test_graphml_has_the_edges_rasd_facts_lists(db, tmp_path):
    g = nx.read_graphml(exported(db, tmp_path, "network", "graphml"))
    want = _facts_by_edge(db)
    assert _graph_edges(g) == want and len(want) >= 4
    prk = g.nodes["PRK"]
    assert prk["name"] == "North Korea" and prk["kb_id"] == "Q423" and "PRK" in prk["codes"].split()
    assert "RUSGOV" in g.nodes["RUS"]["codes"].split()
    assert ("PRK", "RUS", "MEET") in want and g.edges["PRK", "RUS", "MEET"]["symmetric"]     # in alphabetical order


def test_gexf_parses_with_networkx_and_holds_the_same_edges(db, tmp_path):
    g = nx.read_gexf(exported(db, tmp_path, "network", "gexf"))
    assert _graph_edges(g) == _facts_by_edge(db)
    assert {d["event_type"] for *_, d in g.edges(keys=True, data=True)} >= {"TRANSFER", "DEPLOY"}


# -- filters ----------------------------------------------------------------------------------
def test_filters_narrow_every_kind(db, tmp_path):
    every = {k: jsonl_rows(db, tmp_path, k) for k in export.KINDS}
    transfers = jsonl_rows(db, tmp_path, "events", "--type", "transfer")
    assert 0 < len(transfers) < len(every["events"]) and {r["type"] for r in transfers} == {"TRANSFER"}
    iran = jsonl_rows(db, tmp_path, "facts", "--actor", "إيران")
    assert 0 < len(iran) < len(every["facts"]) and all("IRN" in (f["source"], f["target"]) for f in iran)
    contradicted = jsonl_rows(db, tmp_path, "facts", "--contradicted")
    assert contradicted and all(f["contradicted"] for f in contradicted)
    assert {r["doc"] for r in jsonl_rows(db, tmp_path, "events", "--contradicted")} == \
           {"ar-shells", "ar-denial", "ar-shells-copy"}
    drones = jsonl_rows(db, tmp_path, "documents", "--item", "drone")
    assert [d["id"] for d in drones] == ["en-drones"]
    assert 0 < len(jsonl_rows(db, tmp_path, "stories", "--type", "MEET")) < len(every["stories"])
    edges = jsonl_rows(db, tmp_path, "network", "--type", "TRANSFER")
    assert edges and {e["type"] for e in edges} == {"TRANSFER"} and len(edges) < len(every["network"])
    late = jsonl_rows(db, tmp_path, "events", "--since", "2024-11-07")
    assert {r["doc"] for r in late} == {"en-drones", "ar-visit"}


def test_a_bad_filter_is_a_usage_error(db):
    res = rasd("export", "facts", "--type", "TRANSFERS", "--db", db)
    assert res.exit_code == 2 and "TRANSFER" in res.output


# -- whole or nothing -------------------------------------------------------------------------
@pytest.mark.parametrize("kind, fmt", ALLOWED)
def test_a_writer_failing_midway_leaves_the_old_file_and_no_temporary(db, tmp_path, monkeypatch, kind, fmt):
    from rasd.stories import streams
    name = "iter_facts" if kind == "network" else f"iter_{kind}"
    real = getattr(streams, name)

    def failing(*args, **kwargs):
        rows = real(*args, **kwargs)
        yield next(rows)
        raise RuntimeError("disk on fire")
    monkeypatch.setattr(streams, name, failing)
    target = tmp_path / "out"
    target.write_bytes(b"yesterday's export")
    res = rasd("export", kind, "--format", fmt, "--db", db, "-o", target)
    assert res.exit_code != 0 and isinstance(res.exception, RuntimeError)
    assert target.read_bytes() == b"yesterday's export"
    assert [p.name for p in tmp_path.iterdir()] == ["out"]


def test_streaming_in_small_batches_gives_the_same_rows(db):
    from rasd.stories import streams
    from rasd.store.sqlite import Store
    with Store(db) as store:
        for it in (streams.iter_events, streams.iter_facts, streams.iter_stories, streams.iter_documents):
            assert list(it(store.db, batch=1)) == list(it(store.db)), it.__name__
        assert [r["record"] for r in streams.iter_events(store.db, batch=2)] == store.event_records()


def test_flagged_keeps_the_facts_a_sanctions_regime_flags_and_what_holds_them(db, tmp_path):
    facts = jsonl_rows(db, tmp_path, "facts", "--flagged")
    assert facts and all(f["flags"] for f in facts)
    assert {(f["source"], f["target"]) for f in facts} == {("PRK", "RUS")}      # not Iran's drones, not Seoul's plan
    flat = parquet_rows(exported(db, tmp_path, "facts", "parquet", "--flagged"))
    assert len(flat) == len(facts) and all(r["flagged"] and r["flags"].startswith("DPRK:") for r in flat)
    docs = {r["doc"] for r in jsonl_rows(db, tmp_path, "events", "--flagged")}
    assert {"ar-shells", "ar-denial"} <= docs and "en-drones" not in docs
