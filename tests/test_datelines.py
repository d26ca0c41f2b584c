"""Wire datelines: found at the head of a paragraph, and nowhere else; what they name is not
an actor, their date not a count."""
import pytest
from hypothesis import given, strategies as st

from rasd.api import extract_text
from rasd.text.datelines import dateline_spans


@pytest.mark.parametrize("text, head", [
    ("KHARTOUM, Sudan (AP) — Sudan's army said", "KHARTOUM, Sudan (AP) — "),
    ("TAIPEI, Oct 26 (Reuters) - The U.S. said", "TAIPEI, Oct 26 (Reuters) - "),
    ("NEW DELHI, May 8 (AP) — India said", "NEW DELHI, May 8 (AP) — "),
    ("WASHINGTON — The United States said", "WASHINGTON — "),
    ("الخرطوم – رويترز\nقال الجيش", "الخرطوم – رويترز"),
    ("موسكو - (أ ف ب)\nقال الكرملين", "موسكو - (أ ف ب)"),
    ("أديس أبابا (رويترز) - قالت الحكومة", "أديس أبابا (رويترز) - "),
    ("بكين، 3 مايو - قالت الصين", "بكين، 3 مايو - "),
    ("صنعاء - «الشرق الأوسط»\nأعلنت الجماعة", "صنعاء - «الشرق الأوسط»"),
])
def test_a_datelines_head_is_found(text, head):
    assert [text[a:b] for a, b in dateline_spans(text)] == [head]


@pytest.mark.parametrize("text", [
    "US-China tensions rose after the sale.",
    "UN - Security Council members met.",
    "NATO - the alliance - said it would respond.",
    "The U.S. - China talks - ended without a deal.",
    "قال الوزير - في تصريح صحفي - إن بلاده سترد.",
    "أعلنت روسيا - كما قالت الوكالة - أنها أرسلت قوات.",
])
def test_a_dash_in_a_sentence_is_no_dateline(text):
    assert dateline_spans(text) == []


@given(st.text(alphabet="abc ,-—()\nابت" + "ABC", max_size=200))
def test_spans_are_inside_the_text_in_order_and_short(text):
    spans = dateline_spans(text)
    assert spans == sorted(spans)
    assert all(0 <= a < b <= len(text) and b - a <= 80 for a, b in spans)


def test_a_datelines_city_country_agency_and_day_are_no_party_and_no_count():
    records = extract_text("BAMAKO, Mali (Reuters) - Russian military instructors have arrived in Burkina Faso, "
                           "state television said.\n\nTAIPEI, Oct 26 (Reuters) - The United States approved the "
                           "sale of missiles to Taiwan.", published="2025-10-27")
    keys = {(r["type"], r["source"]["country"], r["target"]["country"] if r["target"] else None) for r in records}
    assert ("DEPLOY", "RUS", "BFA") in keys
    assert not any("MLI" in k for k in keys)
    assert all((r.get("quantity") or {}).get("value") != 26 for r in records)
    assert not any(r["source"]["code"] in ("USAMED", "GBRMED") for r in records)
