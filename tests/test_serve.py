"""`rasd serve`'s REST API (issue 18): every endpoint, filter and error, on a store built
from examples/corpus plus a copy and a hostile article (conftest.desk_store). The API gives
the data the CLI's --json prints, from the same query functions."""
import json
from urllib.parse import quote

import pytest

pytest.importorskip("fastapi", reason="the `serve` extra is not installed")

from fastapi.testclient import TestClient  # noqa: E402

from conftest import HOSTILE_ID, run_rasd  # noqa: E402
from rasd.serve.app import create_app  # noqa: E402
from rasd.store.sqlite import Store  # noqa: E402
from rasd.stories import desk, queries  # noqa: E402

SERVE = {"page_size": 50, "max_limit": 200, "per_side": 5, "connections": 2}


@pytest.fixture(scope="module")
def client(desk_store):
    with TestClient(create_app(desk_store, settings=SERVE), base_url="http://127.0.0.1") as c:
        yield c


@pytest.fixture(scope="module")
def db(desk_store):
    with Store(desk_store) as store:
        yield store.db


def get(client, url, status=200):
    r = client.get(url)
    assert r.status_code == status, (url, r.status_code, r.text[:500])
    return r.json()


def same(rows):
    """`rows` as they come back through JSON."""
    return json.loads(json.dumps(rows))


def error(client, url, status=400, parameter=None):
    body = get(client, url, status)["error"]
    assert body["status"] == status and body["message"]
    if parameter:
        assert body["parameter"] == parameter, body
    return body["message"]


# -- the same data as the CLI --------------------------------------------------------------
def test_facts_are_what_rasd_facts_json_prints(client, desk_store):
    cli = json.loads(run_rasd("facts", "--json", "--type", "TRANSFER", "--db", desk_store).stdout)
    api = get(client, "/api/v1/facts?type=TRANSFER")
    assert api["items"] == cli and cli


def test_stories_and_stats_are_what_the_cli_prints(client, desk_store):
    assert get(client, "/api/v1/stories")["items"] == json.loads(run_rasd("stories", "--json", "--db", desk_store).stdout)
    assert get(client, "/api/v1/stats")["items"] == json.loads(run_rasd("stats", "--json", "--db", desk_store).stdout)


def test_documents_are_the_query_functions_rows(client, db):
    assert get(client, "/api/v1/documents")["items"] == same(queries.list_documents(db))


# -- stories -------------------------------------------------------------------------------
def test_stories_filter_by_actor_name_since_and_text(client):
    by_code = get(client, "/api/v1/stories?actor=PRK")["items"]
    assert by_code and all("PRK" in s["actors"] for s in by_code)
    assert get(client, "/api/v1/stories?actor=" + quote("كوريا الشمالية"))["items"] == by_code
    assert all(s["last_date"] >= "2025-06" for s in get(client, "/api/v1/stories?since=2025-06")["items"])
    found = get(client, "/api/v1/stories?q=" + quote("خيرسون"))["items"]
    assert [s["id"] for s in found] == [1]


def test_stories_page_with_limit_and_offset(client):
    every = get(client, "/api/v1/stories")["items"]
    first = get(client, "/api/v1/stories?limit=2")
    assert first["items"] == every[:2] and first["next_offset"] == 2 and first["limit"] == 2
    second = get(client, "/api/v1/stories?limit=2&offset=2")
    assert second["items"] == every[2:4]
    last = get(client, f"/api/v1/stories?limit=2&offset={len(every) - 1}")
    assert last["items"] == every[-1:] and last["next_offset"] is None


def test_a_story_has_its_timeline_and_articles_with_copies_marked(client):
    body = get(client, "/api/v1/stories/1")
    assert body["story"]["id"] == 1 and body["story"]["copies"] == 1
    assert {d["id"] for d in body["documents"]} == {"01_drones_kherson", "desk-copy", HOSTILE_ID}
    rows = body["timeline"]["items"]
    assert [r["published"] for r in rows] == sorted(r["published"] for r in rows)
    copied = [r for r in rows if r["doc"] == "desk-copy"]
    assert copied and all(r["copy_of"] == "01_drones_kherson" and r["duplicate"] for r in copied)
    for r in rows:                       # each row points at its sentence in its article
        text = get(client, "/api/v1/documents/" + quote(r["doc"], safe=""))["text"]
        assert text[r["start"]:r["end"]] == r["evidence"]


def test_story_errors(client):
    error(client, "/api/v1/stories/999", 404)
    error(client, "/api/v1/stories/abc", 400, "story_id")
    error(client, "/api/v1/stories?actor=Atlantis", 400, "actor")
    error(client, "/api/v1/stories?since=yesterdayish", 400, "since")


# -- facts ---------------------------------------------------------------------------------
@pytest.mark.parametrize("query,check", [
    ("actor=IRN", lambda f: "IRN" in (f["source"], f["target"])),
    ("actor=" + quote("إيران"), lambda f: "IRN" in (f["source"], f["target"])),
    ("source=PRK", lambda f: f["source"] == "PRK"),
    ("target=RUS", lambda f: f["target"] == "RUS"),
    ("actor=IRN&counterpart=RUS", lambda f: {f["source"], f["target"]} == {"IRN", "RUS"}),
    ("type=transfer", lambda f: f["type"] == "TRANSFER"),
    ("item=drones", lambda f: f["item"] == "drone"),
    ("status=denied", lambda f: "denied" in f["counts"]),
    ("claimant=IRN", lambda f: any(s["claimant"] == "IRN" for side in f["sides"].values() for s in side)),
    ("claimant=outlet", lambda f: any(s["claimant"] is None for side in f["sides"].values() for s in side)),
    ("status=denied&claimant=IRN", lambda f: any(s["claimant"] == "IRN" for s in f["sides"].get("denied", []))),
    ("contradicted=1", lambda f: f["contradicted"] == 1),
    ("since=2025-10", lambda f: (f["last_reported"] or f["last_date"]) >= "2025-10"),
    ("until=2025-04", lambda f: (f["first_reported"] or f["first_date"])[:7] <= "2025-04"),
    ("story=2", lambda f: any(s["doc"] == "02_seoul_weapons" for side in f["sides"].values() for s in side)),
    # hamza, taa marbuta and diacritics do not matter: "ايران" finds "إيران"
    ("q=" + quote("نفت ايران"), lambda f: any("نفت إيران" in s["evidence"] for side in f["sides"].values()
                                              for s in side)),
])
def test_each_fact_filter_selects_what_it_says(client, query, check):
    everything = get(client, "/api/v1/facts?limit=200")["items"]
    found = get(client, f"/api/v1/facts?{query}&limit=200&evidence=0")["items"]
    assert found, query
    assert len(found) < len(everything), f"{query} filters nothing out"
    assert all(check(f) for f in found), query


def test_facts_order_and_evidence_per_side(client):
    recent = get(client, "/api/v1/facts?order=recent&limit=200")["items"]
    dates = [f["last_reported"] or f["last_date"] for f in recent]
    assert dates == sorted(dates, reverse=True)
    one = get(client, "/api/v1/facts?evidence=1&limit=200")["items"]
    assert all(len(side) == 1 for f in one for side in f["sides"].values())


def test_a_fact_has_every_claimant_and_sentence(client, db):
    contradicted = get(client, "/api/v1/facts?contradicted=1")["items"][0]
    fact = get(client, f"/api/v1/facts/{contradicted['id']}")
    assert fact == same(desk.get_fact(db, contradicted["id"]))
    assert {"asserted", "denied"} <= set(fact["sides"])
    assert sum(len(v) for v in fact["sides"].values()) == fact["mentions"]
    assert all(len(v) == 1 for v in get(client, f"/api/v1/facts/{contradicted['id']}?evidence=1")["sides"].values())


@pytest.mark.parametrize("query,parameter", [
    ("type=transfr", "type"), ("item=lasers", "item"), ("status=maybe", "status"), ("claimant=Atlantis", "claimant"),
    ("since=2025-13", "since"), ("until=31/12/2025", "until"), ("order=loudest", "order"),
    ("contradicted=perhaps", "contradicted"), ("limit=0", "limit"), ("limit=-1", "limit"), ("limit=ten", "limit"),
    ("offset=-5", "offset"), ("evidence=-1", "evidence"), ("story=first", "story"),
])
def test_bad_fact_parameters_are_400_naming_the_parameter(client, query, parameter):
    message = error(client, f"/api/v1/facts?{query}", 400, parameter)
    if parameter == "type":
        assert "TRANSFER" in message                 # the CLI's own "did you mean"


def test_limit_is_capped_and_unknown_facts_are_404(client):
    assert get(client, "/api/v1/facts?limit=100000")["limit"] == SERVE["max_limit"]
    assert "no fact 4242" in error(client, "/api/v1/facts/4242", 404)


# -- documents -----------------------------------------------------------------------------
def test_documents_filter_and_search_the_way_arabic_is_written(client):
    assert [d["outlet"] for d in get(client, "/api/v1/documents?outlet=wire")["items"]] == ["wire"]
    dated = get(client, "/api/v1/documents?since=2025-06&until=2025-10")["items"]
    assert dated and all("2025-06" <= d["published"][:7] <= "2025-10" for d in dated)
    # "الكوريه" (haa for taa marbuta) and no diacritics still find "الكورية"
    found = get(client, "/api/v1/documents?q=" + quote("الرئاسة الكوريه"))["items"]
    assert [d["id"] for d in found] == ["02_seoul_weapons"] and "الكورية" in found[0]["snippet"]
    assert {d["id"] for d in get(client, "/api/v1/documents?story=1")["items"]} == {
        "01_drones_kherson", "desk-copy", HOSTILE_ID}


def test_a_document_has_text_events_spans_boilerplate_and_lineage(client):
    doc = get(client, "/api/v1/documents/01_drones_kherson")
    assert doc["events"] and doc["removed"] and doc["story"]["id"] == 1
    for e in doc["events"]:
        ev = e["record"]["evidence"]
        assert doc["text"][ev["start"]:ev["end"]] == ev["text"]
    assert [c["id"] for c in doc["copies"]] == ["desk-copy"] and doc["copy_of"] is None
    copy = get(client, "/api/v1/documents/desk-copy")
    assert copy["copy_of"]["id"] == "01_drones_kherson" and copy["copy_of"]["kind"] == "near"


def test_a_document_id_with_slashes_and_markup_is_one_path_segment(client):
    doc = get(client, "/api/v1/documents/" + quote(HOSTILE_ID, safe=""))
    assert doc["id"] == HOSTILE_ID
    error(client, "/api/v1/documents/no-such-article", 404)
    error(client, "/api/v1/documents?since=someday", 400, "since")


# -- actors, network, search ----------------------------------------------------------------
def test_actors_are_listed_and_looked_up_by_name(client):
    actors = get(client, "/api/v1/actors")["items"]
    assert actors[0]["facts"] >= actors[-1]["facts"] and actors[0]["names"]["ar"]
    [rus] = get(client, "/api/v1/actors?q=" + quote("الكرملين"))["items"]
    assert rus["code"] == "RUS" and rus["names"] == {"ar": "روسيا", "en": "Russia"}
    none = get(client, "/api/v1/actors?q=Atlantis")
    assert none["items"] == [] and none["message"]
    assert get(client, "/api/v1/actors/rus")["code"] == "RUS"
    error(client, "/api/v1/actors/ATL", 404)


def test_an_actors_network_counts_its_facts_by_counterpart_type_and_status(client):
    net = get(client, "/api/v1/actors/RUS/network")
    facts = get(client, "/api/v1/actors/RUS/facts?limit=200")["items"]
    assert sum(e["facts"] for e in net["edges"]) == len(facts)
    assert sum(e["contradicted"] for e in net["edges"]) == sum(f["contradicted"] for f in facts)
    for e in net["edges"]:
        mine = [f for f in facts if (f["source"], f["target"], f["type"]) == (e["source"], e["target"], e["type"])]
        assert e["reports"] == sum(f["reports"] for f in mine)
        assert e["statuses"] == {s: sum(f["counts"].get(s, 0) for f in mine) for s in e["statuses"]}
    irn = next(c for c in net["counterparts"] if c["code"] == "IRN")
    assert irn["contradicted"] >= 1 and irn["names"]["en"] == "Iran"
    error(client, "/api/v1/actors/RUS/network?until=soon", 400, "until")


def test_an_actors_facts_and_timeline(client):
    rows = get(client, "/api/v1/actors/PRK/timeline?limit=200")["items"]
    assert rows and all("PRK" in (r["source"], r["target"]) for r in rows)
    newest = get(client, "/api/v1/actors/PRK/timeline?newest=1&limit=200")["items"]
    assert newest == rows[::-1]
    assert all(f["type"] == "TRANSFER" for f in get(client, "/api/v1/actors/PRK/facts?type=TRANSFER")["items"])
    error(client, "/api/v1/actors/PRK/facts?status=rumoured", 400, "status")


def test_search_finds_articles_stories_and_the_actor_a_name_stands_for(client):
    body = get(client, "/api/v1/search?q=" + quote("طهران"))
    assert body["actor"]["code"] == "IRN"
    assert "01_drones_kherson" in [d["id"] for d in body["items"]] and body["stories"]
    error(client, "/api/v1/search?q=", 400, "q")
    error(client, "/api/v1/search", 400, "q")


# -- the rest ------------------------------------------------------------------------------
def test_openapi_describes_every_endpoint_and_its_page_needs_no_network(client):
    spec = get(client, "/api/openapi.json")
    for path in ["/api/v1/stats", "/api/v1/stories", "/api/v1/stories/{story_id}", "/api/v1/facts",
                 "/api/v1/facts/{fact_id}", "/api/v1/documents", "/api/v1/documents/{doc_id}", "/api/v1/actors",
                 "/api/v1/actors/{code}", "/api/v1/actors/{code}/network", "/api/v1/actors/{code}/facts",
                 "/api/v1/actors/{code}/timeline", "/api/v1/search"]:
        assert path in spec["paths"], path
    page = client.get("/api/docs").text
    assert "/api/v1/facts" in page and "cdn" not in page.lower() and "<script src=\"http" not in page


def test_unknown_api_paths_are_json_404_and_writing_is_off_without_a_token(client):
    error(client, "/api/v1/nothing-here", 404)
    assert client.post("/api/v1/documents", json={"id": "x", "text": "y"}).status_code in (404, 405)


def test_every_response_carries_a_strict_content_security_policy(client):
    for url in ["/api/v1/stats", "/", "/static/app.css", "/api/v1/nothing"]:
        csp = client.get(url).headers["content-security-policy"]
        assert "script-src 'self'" in csp and "default-src 'none'" in csp and "unsafe-inline" not in csp
    assert client.get("/").headers["x-frame-options"] == "DENY"


def test_only_loopback_host_names_are_answered(desk_store):
    with TestClient(create_app(desk_store, settings=SERVE), base_url="http://rebound.example") as c:
        assert c.get("/api/v1/stats").status_code == 400
    with TestClient(create_app(desk_store, settings=SERVE, host="0.0.0.0"), base_url="http://desk.lan") as c:
        assert c.get("/api/v1/stats").status_code == 200


def test_a_missing_store_is_an_error_not_a_new_store(tmp_path):
    from rasd.errors import StoreError
    with pytest.raises(StoreError, match="no store"):
        create_app(str(tmp_path / "none.db"), settings=SERVE)
    assert not (tmp_path / "none.db").exists()


def test_the_connections_are_read_only(desk_store):
    import sqlite3
    app = create_app(desk_store, settings=SERVE)
    with app.state.readers.connection() as db, pytest.raises(sqlite3.OperationalError, match="readonly"):
        db.execute("DELETE FROM facts")
