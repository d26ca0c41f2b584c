"""Arabic datelines on web pages that declare no date (rasd.ingest.metadata.dateline_date):
a city and a date line, an agency and a weekday at the head of the first paragraph, a date
line of its own, both series of month names, Arabic-Indic digits. Every page and sentence is
written for these tests."""
import pytest

from rasd.ingest.metadata import dateline_date
from rasd.ingest.readers import html_document

LEAD = ("أعلنت وزارة الزراعة أن محصول القمح هذا العام تجاوز التوقعات بفضل الأمطار الغزيرة التي "
        "هطلت في الربيع، وأن الحكومة ستشتري الفائض من المزارعين بسعر ثابت.")
MORE = ("وقال الوزير في مؤتمر صحفي إن المخازن الجديدة ستستوعب الكميات الإضافية، مضيفا أن التصدير "
        "لن يبدأ قبل تلبية حاجة السوق المحلية بالكامل خلال الأشهر المقبلة.")


def _page(*top: str, first_paragraph: str = LEAD) -> str:
    """A news page without any declared date: a menu, the given lines, then the article."""
    lines = "".join(f"<div>{t}</div>" for t in top)
    return f"""<html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>محصول القمح</title></head><body>
<nav><a href="/">الرئيسية</a> <a href="/econ">اقتصاد</a> <a href="/sport">رياضة</a></nav>
<article><h1>محصول القمح يتجاوز التوقعات</h1>{lines}
<p>{first_paragraph}</p><p>{MORE}</p><p>{LEAD}</p></article></body></html>"""


@pytest.mark.parametrize("top, lead, day", [
    (["القاهرة - 12 أكتوبر 2024"], LEAD, "2024-10-12"),
    ([], "(د ب أ) الخرطوم، الأحد 13 أكتوبر 2024 - " + LEAD, "2024-10-13"),
    ([], "الخرطوم (رويترز) - 13 أكتوبر 2024 - " + LEAD, "2024-10-13"),
    (["الأحد 13 أكتوبر 2024"], LEAD, "2024-10-13"),
    (["بيروت - 12 تشرين الأول 2024"], LEAD, "2024-10-12"),
    (["دمشق - 12 أيار/مايو 2024"], LEAD, "2024-05-12"),
    (["الرباط - 5 يوليوز 2024"], LEAD, "2024-07-05"),
    (["١٢ أكتوبر ٢٠٢٤"], LEAD, "2024-10-12"),
    (["13/10/2024 - 10:30"], LEAD, "2024-10-13"),           # day first on an Arabic page
    (["الأحد 9 ربيع الآخر 1446 هـ الموافق 13 أكتوبر 2024م"], LEAD, "2024-10-13"),
], ids=["city-dash", "agency-city-weekday", "city-agency", "date-line", "levantine", "both-series",
        "maghrebi", "arabic-indic", "numeric", "hijri-then-gregorian"])
def test_arabic_datelines_give_the_publication_date(top, lead, day):
    doc = html_document("p", _page(*top, first_paragraph=lead), "p.html")
    assert doc.published == day
    assert "محصول القمح هذا العام" in doc.text


def test_a_date_inside_a_sentence_is_an_events_date_not_the_pages():
    lead = "أعلنت الوزارة، الثلاثاء 12 أكتوبر 2024، أن " + LEAD
    assert html_document("p", _page(first_paragraph=lead), "p.html").published is None
    lead = "قال المتحدث إن الاجتماع عقد في 12 أكتوبر 2024 وإن " + LEAD
    assert html_document("p", _page(first_paragraph=lead), "p.html").published is None


def test_a_declared_date_comes_before_the_dateline():
    page = _page("القاهرة - 12 أكتوبر 2024").replace(
        "<title>", '<meta property="article:published_time" content="2024-10-11T22:00:00Z"><title>')
    assert html_document("p", page, "p.html").published == "2024-10-11"


def test_dateline_edge_cases():
    assert dateline_date(["(د ب أ) الخرطوم، الأحد " + LEAD]) is None        # a dateline without a date
    assert dateline_date(["القاهرة - 31 فبراير 2024"]) is None                # no such day
    assert dateline_date(["Home", "13/10/2024"]) is None                      # not day first off Arabic pages
    assert dateline_date(["القاهرة - 12 اكتوبر 2024"]) == "2024-10-12"        # without the hamza
    assert dateline_date(["الجزائر - 3 جوان 2024"]) == "2024-06-03"
    assert dateline_date(["نشر في 2024/10/13"]) == "2024-10-13"
