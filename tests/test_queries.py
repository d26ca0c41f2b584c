"""The read side (issue 26): facts counted by article, documents listed and searched the way
Arabic is written, stories filtered, the store described in plain words, and the checks of
what a user types on the command line. Articles written for these tests; one of them copied
word for word by another outlet a day later, one copied by four."""
import datetime as dt
import re
import sqlite3

import pytest

from conftest import SHARED
from rasd.model import Document, Skipped
from rasd.pipeline import Pipeline, load_settings
from rasd.stories.queries import (count_documents, describe_store, list_documents, list_facts, list_stories,
                                  search_pattern)
from rasd.store.sqlite import Store
from rasd.text.normalize import norm, normalize
from rasd.validate_args import (EVENT_TYPES, ITEM_CATEGORIES, BadValue, check_date, check_item, check_type,
                                resolve_actor)

SHELLS = ("كوريا الشمالية ترسل قذائف مدفعية إلى روسيا\n"
          "أرسلت كوريا الشمالية مليون قذيفة مدفعية إلى روسيا خلال الأشهر الماضية، بحسب الاستخبارات الكورية الجنوبية.\n"
          "وقال مسؤول إن الشحنات نقلت بالقطارات عبر الحدود البرية بين البلدين.")
SATELLITE = "زودت كوريا الشمالية روسيا بقذائف مدفعية جديدة عبر ميناء راجين، وفق صور أقمار صناعية نشرها معهد أمريكي."
DENIAL = "نفى الكرملين أن تكون كوريا الشمالية قد أرسلت قذائف مدفعية إلى روسيا، ووصف التقارير بأنها كاذبة."
DRONES = ("أرسلت إيران مئات الطائرات المسيرة إلى روسيا الشهر الماضي، بحسب مسؤولين أوكرانيين.\n"
          "وأضاف المسؤولون أن الطائرات استخدمت في ضرب محطات الكهرباء في كييف وخاركيف.")
VISIT = ("زار وزيرُ الخارجيّة الإيرانيّ عبّاس عراقجي مـوسكو والتقى نظيره سيرغي لافروف، "
         "وبحثا العلاقات الثنائية والتعاون الاقتصادي بين البلدين.")
ENGLISH = "Iran and Russia signed a comprehensive strategic partnership treaty in Moscow on Friday."
WEATHER = "خبر قصير بلا تاريخ عن الطقس في المنطقة."
HEADLINE = "كوريا الشمالية ترسل قذائف مدفعية إلى روسيا"

CORPUS = [  # id, text, published, outlet, title
    ("wire", SHELLS, "2024-10-01", "Wire One", HEADLINE),
    ("wire_copy", SHELLS, "2024-10-02T08:30:00", "Daily Two", None),      # the same text, a day later
    ("satellite", SATELLITE, "2024-10-03", "Wire One", None),
    ("kremlin", DENIAL, "2024-10-04", "Daily Two", None),
    ("drones", DRONES, "2024-09-10", "Kyiv Post", None),
    *[(f"drones_{c}", DRONES, f"2024-09-1{i + 1}", f"Copy {c.upper()}", None) for i, c in enumerate("abcd")],
    ("visit", VISIT, "2024-08-20", "Tehran Times", None),
    ("english", ENGLISH, "2025-01-17", "Wire One", None),
    ("undated", WEATHER, None, None, None),
]
TEXTS = {doc_id: text for doc_id, text, *_ in CORPUS}


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> sqlite3.Connection:
    """The rules alone (as tests/test_stories.py): these tests are about counting and listing,
    and must not change when the learned layer is retrained."""
    settings = load_settings()
    settings["events"]["learned"] = False
    pipeline = Pipeline.default(settings)
    store = Store(tmp_path_factory.mktemp("queries") / "q.db", batch=100)
    docs = [Document(id=i, text=t, published=d, outlet=o, title=title, source=i, language="en" if i == "english" else "ar")
            for i, t, d, o, title in CORPUS]
    store.save_all([*pipeline.run_batch(docs), Skipped("broken.bin", "binary", "NUL bytes")])
    store.flush()
    return store.db


def _transfer(db, source: str) -> dict:
    [fact] = [f for f in list_facts(db, type="TRANSFER") if f["source"] == source]
    return fact


# -- facts -----------------------------------------------------------------------------------
def test_a_fact_counts_articles_not_sentences(db):
    fact = _transfer(db, "PRK")
    # wire and its copy state it in the headline and the body: two mentions, one report each
    assert fact["mentions"] == 6
    assert (fact["reports"], fact["originals"], fact["copies"]) == (4, 3, 1)
    assert fact["counts"] == {"asserted": 5, "denied": 1}            # mentions, as `sides` lists them
    assert fact["doc_counts"] == {"asserted": 3, "denied": 1}        # articles
    assert fact["original_counts"] == {"asserted": 2, "denied": 1}  # articles that copy no other


def test_copies_are_reports_but_not_originals(db):
    fact = _transfer(db, "IRN")
    assert (fact["reports"], fact["originals"], fact["copies"], fact["mentions"]) == (5, 1, 4, 5)
    assert fact["doc_counts"] == {"asserted": 5} and fact["original_counts"] == {"asserted": 1}


def test_facts_reported_by_more_original_articles_come_first(db):
    # IRN→RUS has more reports (five outlets carry one article), PRK→RUS more original ones
    order = [(f["source"], f["target"]) for f in list_facts(db, type="TRANSFER")]
    assert order == [("PRK", "RUS"), ("IRN", "RUS")]
    assert all(f["originals"] + f["copies"] == f["reports"] <= f["mentions"] for f in list_facts(db))


# -- documents -------------------------------------------------------------------------------
def test_documents_say_what_they_are_and_which_they_copy(db):
    docs = {d["id"]: d for d in list_documents(db, limit=None)}
    assert set(docs) == set(TEXTS)
    copy, wire = docs["wire_copy"], docs["wire"]
    assert copy["is_copy"] is True and copy["copy_of"] == "wire" and copy["copy_kind"] == "near"
    assert wire["is_copy"] is False and wire["copy_of"] is None
    assert {d["id"] for d in docs.values() if d["is_copy"]} == {"wire_copy", "drones_a", "drones_b", "drones_c",
                                                                 "drones_d"}
    assert wire["title"] == HEADLINE and wire["events"] == 2 and wire["chars"] == len(SHELLS)
    assert (wire["outlet"], wire["published"], wire["language"]) == ("Wire One", "2024-10-01", "ar")
    # no title: the text's first characters, on one line
    assert docs["wire_copy"]["title"].startswith(HEADLINE + " أرسلت") and len(docs["wire_copy"]["title"]) <= 80
    assert docs["wire_copy"]["title"].endswith("…") and docs["undated"]["title"] == WEATHER
    assert docs["english"]["events"] == 1 and docs["satellite"]["events"] == 1


def test_documents_newest_first_undated_last_and_paged(db):
    every = list_documents(db, limit=None)
    dated = [d["published"] for d in every if d["published"]]
    assert dated == sorted(dated, reverse=True) and every[-1]["id"] == "undated"
    assert [d["id"] for d in list_documents(db)] == [d["id"] for d in every]    # 50 by default
    pages = list_documents(db, limit=5) + list_documents(db, limit=5, offset=5) + list_documents(db, limit=5, offset=10)
    assert [d["id"] for d in pages] == [d["id"] for d in every]
    assert count_documents(db) == len(every) == len(TEXTS)


@pytest.mark.parametrize("filters, expected", [
    ({"outlet": "wire one"}, {"wire", "satellite", "english"}),
    ({"since": "2024-10-02"}, {"wire_copy", "satellite", "kremlin", "english"}),
    ({"until": "2024-10-02"}, {"wire", "wire_copy", "drones", "drones_a", "drones_b", "drones_c", "drones_d",
                               "visit"}),                                     # the whole day, times included
    ({"until": "2024-09"}, {"drones", "drones_a", "drones_b", "drones_c", "drones_d", "visit"}),
    ({"since": "2024-09-12", "until": "2024-10-01"}, {"drones_b", "drones_c", "drones_d", "wire"}),
    ({"outlet": "Daily Two", "since": "2024-10-03"}, {"kremlin"}),
])
def test_documents_by_outlet_and_date(db, filters, expected):
    assert {d["id"] for d in list_documents(db, **filters)} == expected
    assert count_documents(db, **filters) == len(expected)


@pytest.mark.parametrize("query, expected", [
    ("موسكو", {"visit"}),                       # the text has a tatweel: مـوسكو
    ("مـــوسكو", {"visit"}),                     # and so may the query
    ("عباس   عراقجي", {"visit"}),               # a shadda in the text, spaces in the query
    ("وزير الخارجيه الايراني", {"visit"}),      # ة written ه, إ written ا, diacritics in the text
    ("نفي الكرملين", {"kremlin"}),              # ى written ي
    ("ارسلت ايران", {"drones", "drones_a", "drones_b", "drones_c", "drones_d"}),   # أ and إ written ا
    ("أَرْسَلَتْ إيرانُ", {"drones", "drones_a", "drones_b", "drones_c", "drones_d"}),   # diacritics in the query
    ("COMPREHENSIVE Strategic", {"english"}),   # English in any case
    ("لندن", set()),
])
def test_search_ignores_how_arabic_is_spelled(db, query, expected):
    assert {d["id"] for d in list_documents(db, search=query, limit=None)} == expected
    assert count_documents(db, search=query) == len(expected)


def test_a_month_or_year_as_the_user_writes_it_filters_the_whole_of_it(db):
    october = {"wire", "wire_copy", "satellite", "kremlin"}
    month, year = check_date("2024-10"), check_date("2024")
    assert {d["id"] for d in list_documents(db, since=month, until=month)} == october
    assert {d["id"] for d in list_documents(db, since=year, until=year)} == set(TEXTS) - {"english", "undated"}
    assert {d["id"] for d in list_documents(db, since=check_date("2024-10", end=False),
                                           until=check_date("2024-10", end=True))} == october


def test_search_combines_with_other_filters(db):
    assert {d["id"] for d in list_documents(db, search="ارسلت", outlet="Copy B")} == {"drones_b"}
    assert {d["id"] for d in list_documents(db, search="قذائف", since="2024-10-03")} == {"satellite", "kremlin"}


@pytest.mark.parametrize("query, text", [
    ("الإيراني", "الايراني"), ("الايراني", "الإيرانيّ"), ("مدرسة", "مدرسه"), ("مستشفى", "مستشفي"),
    ("موسكو", "مـوسكو"), ("Moscow", "MOSCOW"), ("كوريا الشمالية", "كوريا  الشمالية"), ("آلاف", "الاف"),
    ("روسيا", "روس"), ("١٢٣", "123"), ("قذيفة", "قذائف"), ("مسؤول", "مسئول"),
])
def test_search_pattern_finds_what_the_normalizer_equates(query, text):
    expected = norm(query) in normalize(text).text
    assert (search_pattern(query).search(text) is not None) == expected


def test_a_search_with_nothing_to_search_for_filters_nothing(db):
    assert search_pattern("  ـّ ") is None
    assert count_documents(db, search="ـ") == len(TEXTS)


# -- stories ---------------------------------------------------------------------------------
def _stories(db, **filters) -> dict[str, dict]:
    """Stories by the id of their first article (story ids depend on ingest order)."""
    out = {}
    for s in list_stories(db, **filters):
        first = db.execute("SELECT d.id FROM story_docs x JOIN documents d ON d.num = x.doc WHERE x.story = ? "
                           "ORDER BY d.published LIMIT 1", (s["id"],)).fetchone()[0]
        out[first] = s
    return out


def test_stories_as_before_without_filters(db):
    stories = _stories(db)
    assert set(stories) == {"wire", "drones", "visit", "english", "undated"}
    shells = stories["wire"]
    assert (shells["articles"], shells["copies"], shells["actors"]) == (4, 1, ["PRK", "RUS"])
    assert (stories["drones"]["articles"], stories["drones"]["copies"]) == (5, 4)
    assert list_stories(db)[0]["last_date"] == "2025-01-17"          # latest reported first


@pytest.mark.parametrize("filters, expected", [
    ({"actor": "IRN"}, {"drones", "visit", "english"}),
    ({"actor": "prk"}, {"wire"}),
    ({"since": "2024-09-14"}, {"wire", "drones", "english"}),
    ({"search": "كوريا الشماليه"}, {"wire"}),             # in the title
    ({"search": "الكرملين"}, {"wire"}),                     # in an article, not the title
    ({"search": "عباس", "actor": "RUS"}, {"visit"}),
    ({"actor": "RUS", "since": "2024-10-01", "search": "ايران"}, set()),
])
def test_stories_filters(db, filters, expected):
    assert set(_stories(db, **filters)) == expected


def test_stories_paged(db):
    every = list_stories(db)
    assert list_stories(db, limit=2, offset=1) == every[1:3]
    assert list_stories(db, offset=4) == every[4:]


# -- stats -----------------------------------------------------------------------------------
def test_the_store_described_in_plain_words(db):
    rows = describe_store(db)
    assert all(isinstance(k, str) and isinstance(label, str) and label and isinstance(v, (int, str))
               for k, label, v in rows)
    got = {k: v for k, _, v in rows}
    labels = {k: label for k, label, _ in rows}
    assert len(got) == len(rows)                                     # keys are unique
    assert got["documents"] == len(TEXTS) and got["copies"] == 5 and got["originals"] == len(TEXTS) - 5
    assert got["copies.near"] == 5 and "copies.translation" not in got
    assert got["published"] == "2024-08-20 … 2025-01-17" and got["undated"] == 1
    assert got["facts"] == db.execute("SELECT count(*) FROM facts").fetchone()[0] >= 4
    assert got["contradicted"] == 1 and got["stories"] == 5
    assert got["skipped"] == 1 and got["skipped.binary"] == 1 and "binary" in labels["skipped.binary"]
    assert got["events.TRANSFER"] == 11 and got["events.status.denied"] == 1
    assert sum(v for k, v in got.items() if re.fullmatch(r"events\.[A-Z]+", k)) == got["events"]
    assert got["parts"] == len(TEXTS) and got["read_also"] == 0
    assert "near-duplicates" in labels["copies"] and "boilerplate" in labels["removed"]
    # parts come right after the row they belong to
    keys = [k for k, _, _ in rows]
    assert keys.index("events.TRANSFER") == keys.index("events") + 1


def test_an_empty_store_is_described_too(tmp_path):
    got = {k: v for k, _, v in describe_store(Store(tmp_path / "empty.db").db)}
    assert got["documents"] == 0 and got["published"] == "" and got["facts"] == 0
    assert not [k for k in got if "." in k]


# -- what the user types ---------------------------------------------------------------------
def test_event_types_and_item_categories_are_spec_s():
    spec = SHARED / "SPEC.md"
    if not spec.is_file():
        pytest.skip("../shared/SPEC.md is not here")
    text = spec.read_text("utf-8")
    assert list(EVENT_TYPES) == re.findall(r"^\| ([A-Z]+) \|", text, re.M)
    assert "|".join(ITEM_CATEGORIES) in text


def test_check_type():
    assert check_type("transfer") == "TRANSFER" and check_type(" Deploy ") == "DEPLOY"
    with pytest.raises(BadValue, match="did you mean TRANSFER.*the types are TRANSFER, DEPLOY") as e:
        check_type("tranfer")
    assert e.value.suggestions == ("TRANSFER",) and isinstance(e.value, ValueError)
    with pytest.raises(BadValue, match="SANCTION, ATTACK, TEST"):
        check_type("ARMS")


def test_check_item():
    assert check_item("Missile") == "missile"
    assert check_item("air defense") == "air_defence" and check_item("rocket-launcher") == "rocket_launcher"
    assert check_item("armor") == "armour"
    with pytest.raises(BadValue, match="did you mean missile.*the categories are ammunition"):
        check_item("missle")
    with pytest.raises(BadValue, match="small_arms"):
        check_item("weapons")


@pytest.mark.parametrize("value, end, expected", [
    ("2024-10-18", None, "2024-10-18"), ("2024-1-5", False, "2024-01-05"), ("2024-10-18", True, "2024-10-18"),
    ("2024-02", None, "2024-02"), ("2024-2", None, "2024-02"), ("2024", None, "2024"),
    ("2024-02", False, "2024-02-01"), ("2024-02", True, "2024-02-29"), ("2023-12", True, "2023-12-31"),
    ("2024", False, "2024-01-01"), ("2024", True, "2024-12-31"),
    ("today", None, "2024-03-15"), ("Yesterday", True, "2024-03-14"),
    ("3d", None, "2024-03-12"), ("2w", None, "2024-03-01"), ("0d", False, "2024-03-15"), ("10D", None, "2024-03-05"),
])
def test_check_date(value, end, expected):
    assert check_date(value, end=end, today=dt.date(2024, 3, 15)) == expected


@pytest.mark.parametrize("value", ["2024-02-30", "2024-13", "18/10/2024", "last week", "3m", "", "-2d", "2024-10-18x"])
def test_check_date_rejects_with_the_forms_it_takes(value):
    with pytest.raises(BadValue, match="YYYY-MM-DD, YYYY-MM, YYYY, today, yesterday, Nd .* Nw"):
        check_date(value, today=dt.date(2024, 3, 15))


@pytest.mark.parametrize("value, code", [
    ("RUS", "RUS"), ("rus", "RUS"), ("RUSSIA", "RUS"), ("Russia", "RUS"), ("روسيا", "RUS"), ("لروسيا", "RUS"),
    ("the Kremlin", "RUS"), ("الكرملين", "RUS"), ("Russian Federation", "RUS"),
    ("North Korea", "PRK"), ("كوريا الشمالية", "PRK"), ("Kim Jong Un", "PRK"), ("PRKGOV", "PRK"),
    ("ايران", "IRN"), ("United Nations", "IGO"),
])
def test_resolve_actor_through_the_kb(value, code):
    assert resolve_actor(value) == code


def test_resolve_actor_does_not_truncate_names():
    # a name's first three letters are not its code: "Korea"[:3] is South Korea's, yet "Korea" is ambiguous
    with pytest.raises(BadValue, match=r"did you mean .*KOR \(South Korea\).*PRK \(North Korea\)") as e:
        resolve_actor("Korea")
    assert set(e.value.suggestions) >= {"KOR", "PRK"}
    with pytest.raises(BadValue, match=r"did you mean RUS \(Russia\)"):
        resolve_actor("Rusia")
    with pytest.raises(BadValue, match="country code"):
        resolve_actor("Atlantis")


def test_resolve_actor_accepts_a_code_the_store_uses():
    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE story_actors (actor TEXT, story INTEGER, last_date TEXT)")
    db.execute("CREATE TABLE facts (source TEXT, target TEXT)")
    db.execute("INSERT INTO facts VALUES ('XKA', 'RUS')")
    with pytest.raises(BadValue):
        resolve_actor("XKA")
    assert resolve_actor("xka", db=db) == "XKA"
