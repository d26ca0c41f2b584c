"""Table-driven tests for the Arabic text core: numbers, quantities, dates, datelines.

Every case asserts exact values (value, unit, approximation; date value and
precision). Cases that reveal a bug in the code are kept with a strict xfail whose
reason names the bug, so that fixing the code turns them into failures to un-mark.
"""
from __future__ import annotations

import datetime as dt
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rasd.text.dates import dates_in, find_published
from rasd.text.normalize import norm
from rasd.text.numbers import parse_number, quantities_in


def bug(*values, id, reason):
    """A case that once revealed a bug (described in `reason`); kept as a regression test."""
    return pytest.param(*values, id=id)


APPROX_KINDS = {"exact", "more_than", "less_than", "at_least", "at_most", "about"}

# ----------------------------------------------------------------------------------
# parse_number
# ----------------------------------------------------------------------------------

PARSE_DIGITS = [
    pytest.param("300", 300, id="western-300"),
    pytest.param("٣٠٠", 300, id="arabic-indic-300"),
    pytest.param("۳۰۰", 300, id="persian-300"),
    pytest.param("0", 0, id="western-0"),
    pytest.param("12,500", 12500, id="western-thousands-comma"),
    pytest.param("1,250,000", 1250000, id="western-two-thousands-commas"),
    pytest.param("12,500.75", 12500.75, id="western-thousands-and-decimal"),
    pytest.param("١٢٬٥٠٠", 12500, id="arabic-indic-thousands-sep"),
    pytest.param("۱۲,۵۰۰", 12500, id="persian-thousands-comma"),
    pytest.param("3.75", 3.75, id="western-decimal"),
    pytest.param("٣٫٧٥", 3.75, id="arabic-indic-decimal-sep"),
    pytest.param("۲.۵", 2.5, id="persian-decimal"),
    pytest.param("300 جندي قتلوا في الهجوم", 300, id="digits-then-text"),
]

PARSE_UNIT_WORDS = [
    pytest.param("صفر", 0, id="sifr-0"),
    pytest.param("واحد", 1, id="wahid-1"),
    pytest.param("واحدة", 1, id="wahida-1"),
    pytest.param("اثنان", 2, id="ithnan-2"),
    pytest.param("اثنين", 2, id="ithnayn-2"),
    pytest.param("اثنتان", 2, id="ithnatan-2"),
    pytest.param("اثنتين", 2, id="ithnatayn-2"),
    pytest.param("ثلاث", 3, id="thalath-3"),
    pytest.param("ثلاثة", 3, id="thalatha-3"),
    pytest.param("أربع", 4, id="arba-4"),
    pytest.param("أربعة", 4, id="arbaa-4"),
    pytest.param("خمس", 5, id="khams-5"),
    pytest.param("خمسة", 5, id="khamsa-5"),
    pytest.param("ست", 6, id="sitt-6"),
    pytest.param("ستة", 6, id="sitta-6"),
    pytest.param("سبع", 7, id="sab-7"),
    pytest.param("سبعة", 7, id="saba-7"),
    pytest.param("ثماني", 8, id="thamani-8"),
    pytest.param("ثمان", 8, id="thaman-8"),
    pytest.param("ثمانية", 8, id="thamaniya-8"),
    pytest.param("تسع", 9, id="tis-9"),
    pytest.param("تسعة", 9, id="tisa-9"),
    pytest.param("عشر", 10, id="ashr-10"),
    pytest.param("عشرة", 10, id="ashara-10"),
    pytest.param("عشرون", 20, id="ishrun-20"),
    pytest.param("عشرين", 20, id="ishrin-20"),
    pytest.param("ثلاثون", 30, id="thalathun-30"),
    pytest.param("ثلاثين", 30, id="thalathin-30"),
    pytest.param("أربعون", 40, id="arbaun-40"),
    pytest.param("أربعين", 40, id="arbain-40"),
    pytest.param("خمسون", 50, id="khamsun-50"),
    pytest.param("خمسين", 50, id="khamsin-50"),
    pytest.param("ستون", 60, id="sittun-60"),
    pytest.param("ستين", 60, id="sittin-60"),
    pytest.param("سبعون", 70, id="sabun-70"),
    pytest.param("سبعين", 70, id="sabin-70"),
    pytest.param("ثمانون", 80, id="thamanun-80"),
    pytest.param("ثمانين", 80, id="thamanin-80"),
    pytest.param("تسعون", 90, id="tisun-90"),
    pytest.param("تسعين", 90, id="tisin-90"),
    pytest.param("مئة", 100, id="mia-100"),
    pytest.param("مائة", 100, id="maia-100"),
    pytest.param("مئتان", 200, id="miatan-200"),
    pytest.param("مائتان", 200, id="maiatan-200"),
    pytest.param("مئتين", 200, id="miatayn-200"),
    pytest.param("مائتين", 200, id="maiatayn-200"),
    pytest.param("ثلاثمئة", 300, id="thalathumia-300"),
    pytest.param("ثلاثمائة", 300, id="thalathumaia-300"),
    pytest.param("أربعمئة", 400, id="arbaumia-400"),
    pytest.param("أربعمائة", 400, id="arbaumaia-400"),
    pytest.param("خمسمئة", 500, id="khamsumia-500"),
    pytest.param("خمسمائة", 500, id="khamsumaia-500"),
    pytest.param("ستمئة", 600, id="sittumia-600"),
    pytest.param("ستمائة", 600, id="sittumaia-600"),
    pytest.param("سبعمئة", 700, id="sabumia-700"),
    pytest.param("سبعمائة", 700, id="sabumaia-700"),
    pytest.param("ثمانمئة", 800, id="thamanumia-800"),
    pytest.param("ثمانمائة", 800, id="thamanumaia-800"),
    pytest.param("ثمانيمئة", 800, id="thamanimia-800"),
    pytest.param("تسعمئة", 900, id="tisumia-900"),
    pytest.param("تسعمائة", 900, id="tisumaia-900"),
]

PARSE_TEENS = [
    pytest.param("أحد عشر", 11, id="ahada-ashar-11"),
    pytest.param("إحدى عشرة", 11, id="ihda-ashra-11"),
    pytest.param("اثنا عشر", 12, id="ithna-ashar-12"),
    pytest.param("اثني عشر", 12, id="ithnay-ashar-12"),
    pytest.param("اثنتا عشرة", 12, id="ithnata-ashra-12"),
    pytest.param("اثنتي عشرة", 12, id="ithnatay-ashra-12"),
    pytest.param("ثلاثة عشر", 13, id="thalatha-ashar-13"),
    pytest.param("ثلاث عشرة", 13, id="thalath-ashra-13"),
    pytest.param("أربعة عشر", 14, id="arbaa-ashar-14"),
    pytest.param("أربع عشرة", 14, id="arba-ashra-14"),
    pytest.param("خمسة عشر", 15, id="khamsa-ashar-15"),
    pytest.param("خمس عشرة", 15, id="khams-ashra-15"),
    pytest.param("ستة عشر", 16, id="sitta-ashar-16"),
    pytest.param("ست عشرة", 16, id="sitt-ashra-16"),
    pytest.param("سبعة عشر", 17, id="saba-ashar-17"),
    pytest.param("سبع عشرة", 17, id="sab-ashra-17"),
    pytest.param("ثمانية عشر", 18, id="thamaniya-ashar-18"),
    pytest.param("ثماني عشرة", 18, id="thamani-ashra-18"),
    pytest.param("تسعة عشر", 19, id="tisa-ashar-19"),
    pytest.param("تسع عشرة", 19, id="tis-ashra-19"),
]

PARSE_SCALES = [
    pytest.param("ألف", 1000, id="alf-1000"),
    pytest.param("ألفا", 1000, id="alfan-tanween-1000"),
    pytest.param("ألفان", 2000, id="alfan-dual-2000"),
    pytest.param("ألفين", 2000, id="alfayn-dual-2000"),
    pytest.param("مليون", 1_000_000, id="milyun"),
    pytest.param("مليونان", 2_000_000, id="milyunan-dual"),
    pytest.param("مليونين", 2_000_000, id="milyunayn-dual"),
    pytest.param("مليار", 1_000_000_000, id="milyar"),
    pytest.param("ملياران", 2_000_000_000, id="milyaran-dual"),
    pytest.param("مليارين", 2_000_000_000, id="milyarayn-dual"),
    pytest.param("بليون", 1_000_000_000, id="bilyun"),
    # plurals of magnitude (lower bounds; parse_number gives the bound)
    pytest.param("آلاف", 1000, id="plural-alaf"),
    pytest.param("ألوف", 1000, id="plural-uluf"),
    pytest.param("ملايين", 1_000_000, id="plural-malayin"),
    pytest.param("مليارات", 1_000_000_000, id="plural-milyarat"),
    pytest.param("عشرات", 10, id="plural-asharat"),
    pytest.param("مئات", 100, id="plural-miat"),
    pytest.param("عشرات الآلاف", 10_000, id="plural-asharat-al-alaf"),
    pytest.param("مئات الآلاف", 100_000, id="plural-miat-al-alaf"),
    pytest.param("عشرات الملايين", 10_000_000, id="plural-asharat-al-malayin"),
    pytest.param("مئات الملايين", 100_000_000, id="plural-miat-al-malayin"),
]

PARSE_COMPOUNDS = [
    pytest.param("مائتان وأربعون", 240, id="maiatan-wa-arbaun-240"),
    pytest.param("خمسة وعشرون", 25, id="khamsa-wa-ishrun-25"),
    pytest.param("مائة وخمسون", 150, id="maia-wa-khamsun-150"),
    pytest.param("ثلاثة آلاف وخمسمائة", 3500, id="thalathat-alaf-wa-khamsumaia-3500"),
    pytest.param("ألفان وخمسمائة", 2500, id="alfan-wa-khamsumaia-2500"),
    pytest.param("ألف ومئتان", 1200, id="alf-wa-miatan-1200"),
    pytest.param("مائتان وأربعون ألفا", 240_000, id="maiatan-wa-arbaun-alfan-240000"),
    pytest.param("ثلاثة وعشرين ألف", 23_000, id="thalatha-wa-ishrin-alf-23000"),
    pytest.param("سبعة آلاف وثلاثمئة وخمسة وعشرون", 7325, id="sabat-alaf-wa-thalathumia-wa-25"),
    pytest.param("خمسمائة ألف", 500_000, id="khamsumaia-alf"),
    pytest.param("عشرة آلاف", 10_000, id="asharat-alaf"),
    pytest.param("عشرين ألفاً", 20_000, id="ishrin-alfan-tanween"),
    pytest.param("أحد عشر ألفا", 11_000, id="teen-11-alf"),
    pytest.param("اثنا عشر مليون", 12_000_000, id="teen-12-milyun"),
    pytest.param("أربعة ملايين", 4_000_000, id="arbaat-malayin"),
    pytest.param("ثلاثة مليارات", 3_000_000_000, id="thalathat-milyarat"),
    pytest.param("ثلاثة ملايين وخمسمائة ألف", 3_500_000, id="thalathat-malayin-wa-khamsumiat-alf"),
    pytest.param("ثلاثمائة وخمسون ألف", 350_000, id="thalathumaia-wa-khamsun-alf"),
    pytest.param("وثلاثون", 30, id="clitic-wa-thalathun"),
    pytest.param("بخمسة", 5, id="clitic-bi-khamsa"),
    pytest.param("لعشرة", 10, id="clitic-li-ashara"),
    bug("ثلاث مئة", 300,
        id="hundreds-spelled-apart-thalath-mia",
        reason="'ثلاث مئة' (300 written as two words) parses as 3: a unit word after a unit "
               "word is neither joined nor multiplied"),
    bug("مائتان و أربعون", 240,
        id="wa-as-separate-token",
        reason="'مائتان و أربعون' (و written apart) parses as 200: a bare 'و' token stops the "
               "scan; _parse_tokens declares `joined` but never sets it"),
]

PARSE_MIXED = [
    pytest.param("11 ألف", 11_000, id="digits-11-alf"),
    pytest.param("1.5 مليون", 1_500_000, id="digits-1.5-milyun"),
    bug("بـ11 ألفاً", 11_000,
        id="bi-tatweel-11-alfan",
        reason="parse_number('بـ11 ألفاً') is None: the clitic 'ب' before digits becomes a "
               "token of its own, so no number starts the text (quantities_in finds 11000)"),
    pytest.param("٣ ملايين", 3_000_000, id="arabic-indic-3-malayin"),
    pytest.param("2.5 مليار", 2_500_000_000, id="digits-2.5-milyar"),
    pytest.param("۲۵ ألف", 25_000, id="persian-25-alf"),
    pytest.param("500 ألف", 500_000, id="digits-500-alf"),
    pytest.param("١٫٥ مليون", 1_500_000, id="arabic-indic-decimal-milyun"),
    bug("ألف و500", 1500,
        id="alf-wa-digits",
        reason="'ألف و500' parses as 1000: digits after a bare 'و' token are not added "
               "(`joined` is never set to True in _parse_tokens)"),
    bug("مليون و200 ألف", 1_200_000,
        id="milyun-wa-200-alf",
        reason="'مليون و200 ألف' parses as 1000000: digits after 'و' are not joined "
               "(`joined` is never set)"),
]

PARSE_NONE = [
    pytest.param("", None, id="empty"),
    pytest.param("   ", None, id="spaces"),
    pytest.param("الجيش", None, id="no-number"),
    pytest.param("قال المتحدث إن 300 جندي", None, id="number-not-at-start"),
]


@pytest.mark.parametrize(
    "text, expected",
    PARSE_DIGITS + PARSE_UNIT_WORDS + PARSE_TEENS + PARSE_SCALES + PARSE_COMPOUNDS
    + PARSE_MIXED + PARSE_NONE,
)
def test_parse_number(text, expected):
    got = parse_number(text)
    if expected is None:
        assert got is None
    else:
        assert got == pytest.approx(expected, rel=1e-12, abs=0)


# ----------------------------------------------------------------------------------
# quantities_in
# ----------------------------------------------------------------------------------

Q = [
    # approximations
    pytest.param("أرسلت الوزارة أكثر من 16 ألف حاوية إلى الميناء",
                 [(16_000, "container", "more_than")], id="more-than-16-alf-container"),
    pytest.param("سيطرت القوات على نحو 500 كيلومتر مربع",
                 [(500, "km2", "about")], id="about-500-km2"),
    pytest.param("انتشر حوالي 2000 جندي في المنطقة",
                 [(2000, "soldier", "about")], id="about-hawali-2000-soldier"),
    pytest.param("سقطت قرابة 40 قذيفة على البلدة",
                 [(40, "shell", "about")], id="about-qurabat-40-shell"),
    pytest.param("أطلق المسلحون ما لا يقل عن 12 صاروخا",
                 [(12, "missile", "at_least")], id="at-least-12-missile"),
    pytest.param("رصدت الرادارات أقل من 50 طائرة مسيرة",
                 [(50, "drone", "less_than")], id="less-than-50-drone"),
    pytest.param("تضم الصفقة ما يصل إلى 30 طائرة",
                 [(30, "aircraft", "at_most")], id="at-most-30-aircraft"),
    pytest.param("حشد الجيش زهاء 600 مقاتل",
                 [(600, "soldier", "about")], id="about-zuhaa-600-fighter"),
    pytest.param("دمرت الغارات ما يزيد على 70 دبابة",
                 [(70, "tank", "more_than")], id="more-than-yazid-ala-70-tank"),
    pytest.param("نزح أكثر من 1.5 مليون شخص",
                 [(1_500_000, "person", "more_than")], id="more-than-1.5-milyun-person"),
    pytest.param("وصل نحو 11 ألف جندي إلى الجبهة",
                 [(11_000, "soldier", "about")], id="about-11-alf-soldier"),
    pytest.param("ونحو 200 جندي آخرين",
                 [(200, "soldier", "about")], id="about-with-wa-prefix"),
    pytest.param("قدرت الخسائر بنحو 7 آلاف دولار",
                 [(7000, "usd", "about")], id="about-with-bi-prefix-usd"),
    pytest.param("استقبلت المخيمات ما يقرب من 20 ألف مدني",
                 [(20_000, "person", "about")], id="about-yaqrub-min-20-alf"),
    pytest.param("أطلق أكثر من ألفين من القذائف",
                 [(2000, "shell", "more_than")], id="more-than-alfayn-min-shells"),
    bug("قتل 20 جنديا على الأقل في الكمين",
        [(20, "soldier", "at_least")],
        id="at-least-after-number",
        reason="'على الأقل' after the quantity ('20 جنديا على الأقل') is ignored: approx "
               "phrases are only looked for before the number, so approx is 'exact'"),
    # plurals of magnitude are lower bounds
    pytest.param("تمتلك الجماعة ملايين الصواريخ",
                 [(1_000_000, "missile", "at_least")], id="plural-malayin-missiles"),
    pytest.param("نشر الجيش مئات الجنود على الحدود",
                 [(100, "soldier", "at_least")], id="plural-miat-soldiers"),
    pytest.param("فر عشرات الآلاف من المدنيين",
                 [(10_000, "person", "at_least")], id="plural-asharat-al-alaf-min-civilians"),
    pytest.param("علقت آلاف الحاويات في الميناء",
                 [(1000, "container", "at_least")], id="plural-alaf-containers"),
    pytest.param("أطلقت عشرات الطائرات المسيرة",
                 [(10, "drone", "at_least")], id="plural-asharat-drones"),
    pytest.param("تساقطت مئات القذائف",
                 [(100, "shell", "at_least")], id="plural-miat-shells"),
    pytest.param("شارك مئات",
                 [(100, None, "at_least")], id="plural-miat-no-unit"),
    # exact counts, units, scripts
    pytest.param("قدرت الخسائر بـ11 ألفاً", [(11_000, None, "exact")], id="bi-11-alfan"),
    pytest.param("قتل 300 جندي", [(300, "soldier", "exact")], id="300-soldier"),
    pytest.param("أصيب ٤٥ جنديًا", [(45, "soldier", "exact")], id="arabic-indic-45-soldier-tanween"),
    pytest.param("وصل ۱۲۰ عسكريا", [(120, "soldier", "exact")], id="persian-120-askari"),
    pytest.param("انضم ١٢٬٥٠٠ جندي", [(12_500, "soldier", "exact")], id="arabic-indic-thousands-soldier"),
    pytest.param("أطلقت ۳۰۰ صاروخ", [(300, "missile", "exact")], id="persian-300-missile"),
    pytest.param("عبر الحدود 15 جنود", [(15, "soldier", "exact")], id="junud-plural"),
    pytest.param("أطلق الحوثيون 3 طائرات مسيرة", [(3, "drone", "exact")], id="3-drones-two-words"),
    pytest.param("أسقطت الدفاعات 25 مسيرة", [(25, "drone", "exact")], id="25-musayyara"),
    pytest.param("أقلعت 8 طائرات", [(8, "aircraft", "exact")], id="8-aircraft"),
    pytest.param("أطلقت المدفعية قذائف عيار 155 ملم", [(155, "mm", "exact")], id="calibre-155"),
    pytest.param("قصفت بمدفع عيار 170 ملم", [(170, "mm", "exact")], id="calibre-170"),
    pytest.param("سقطت 1000 قذيفة عيار 155 ملم",
                 [(1000, "shell", "exact"), (155, "mm", "exact")], id="shells-and-calibre"),
    pytest.param("تلقت مساعدات بقيمة 5 ملايين دولار", [(5_000_000, "usd", "exact")], id="5-malayin-dollar"),
    pytest.param("بلغت الصفقة 1.5 مليار دولار", [(1_500_000_000, "usd", "exact")], id="1.5-milyar-dollar"),
    pytest.param("خصصت الحكومة مليونين من الدولارات", [(2_000_000, "usd", "exact")], id="milyunayn-min-dollars"),
    pytest.param("دفعت 300 دولارا", [(300, "usd", "exact")], id="dollaran-tanween"),
    pytest.param("ارتفعت الأسعار بنسبة 30%", [(30, "percent", "exact")], id="percent-sign"),
    pytest.param("تراجع الإنتاج بنسبة ٣٠٪", [(30, "percent", "exact")], id="arabic-percent-sign"),
    bug("انخفض بنحو 40 في المئة", [(40, "percent", "about")],
        id="percent-fi-al-mia",
        reason="'40 في المئة' / '40 في المائة' get unit None: _unit's bare() strips the "
               "article from the 2nd word ('في الميه' → 'في ميه'), so the two-word percent "
               "nouns never match"),
    pytest.param("ارتفع 12 بالمئة", [(12, "percent", "exact")], id="percent-bil-mia"),
    pytest.param("تقدمت القوات 200 كيلومتر", [(200, "km", "exact")], id="200-km"),
    pytest.param("تبلغ مساحتها 500 كم مربع", [(500, "km2", "exact")], id="500-km-murabba"),
    bug("تبلغ مساحتها 500 كم2", [(500, "km2", "exact")],
        id="500-km2-glued",
        reason="'500 كم2' gives [(500, km), (2, None)]: the tokenizer splits 'كم2' into 'كم' + '2', so the "
               "lexicon entry 'كم2' can never match"),
    # number words with units
    pytest.param("عبر خمسة وعشرون جنديا", [(25, "soldier", "exact")], id="words-25-soldier"),
    pytest.param("وصل ثلاثة آلاف وخمسمائة جندي", [(3500, "soldier", "exact")], id="words-3500-soldier"),
    pytest.param("رصدت مائتان وأربعون ألف دولار", [(240_000, "usd", "exact")], id="words-240000-usd"),
    pytest.param("أسر أحد عشر جنديا", [(11, "soldier", "exact")], id="words-11-soldier"),
    pytest.param("أطلق اثنا عشر صاروخا", [(12, "missile", "exact")], id="words-12-missile"),
    pytest.param("نشر ثلاثمئة جندي", [(300, "soldier", "exact")], id="words-300-soldier"),
    pytest.param("أرسل عشرة آلاف جندي", [(10_000, "soldier", "exact")], id="words-10000-soldier"),
    # several quantities, years
    pytest.param("قتل 12 جنديا وأصيب 30 آخرون",
                 [(12, "soldier", "exact"), (30, None, "exact")], id="two-quantities"),
    pytest.param("أطلقت 40 صاروخا و20 طائرة مسيرة",
                 [(40, "missile", "exact"), (20, "drone", "exact")], id="missiles-and-drones"),
    pytest.param("خسر الجيش 5 دبابات و3 طائرات",
                 [(5, "tank", "exact"), (3, "aircraft", "exact")], id="tanks-and-aircraft"),
    pytest.param("وقعت الحرب عام 2019", [], id="year-not-quantity"),
    pytest.param("في عام ٢٠١٩ قتل 40 جنديا", [(40, "soldier", "exact")], id="year-skipped-count-kept"),
    pytest.param("لم ترد أي تفاصيل عن الهجوم", [], id="no-numbers"),
    # a dual noun counts two of its unit; a dual of a non-item ("الطرفين", "يومين") counts nothing
    pytest.param("ستسلم الحكومة منظومتين للدفاع الجوي", [(2, "system", "exact")], id="dual-system"),
    pytest.param("وأسقطت الدفاعات المسيرتين فوق البحر", [(2, "drone", "exact")], id="dual-definite-drone"),
    pytest.param("التقى الطرفين خلال يومين من المحادثات", [], id="dual-non-item"),
    bug("نشر ألف و500 جندي", [(1500, "soldier", "exact")],
        id="alf-wa-500-soldier",
        reason="'ألف و500 جندي' gives [(1000, None), (500, soldier)] instead of one 1500-soldier "
               "quantity: a bare 'و' token ends the number (`joined` never set)"),
]


@pytest.mark.parametrize("text, expected", Q)
def test_quantities_in(text, expected):
    ntext = norm(text)
    got = quantities_in(ntext)
    assert [(v, u, a) for _, _, v, u, a in got] == [
        (pytest.approx(v, rel=1e-12, abs=0), u, a) for v, u, a in expected]
    for s, e, *_ in got:
        assert 0 <= s < e <= len(ntext)


@pytest.mark.parametrize("text, span_text", [
    pytest.param("أكثر من 16 ألف حاوية", "أكثر من 16 ألف حاوية", id="span-includes-approx-and-noun"),
    pytest.param("قتل 300 جندي أمس", "300 جندي", id="span-number-and-noun"),
    pytest.param("بلغت 1.5 مليون دولار تقريبا", "1.5 مليون دولار", id="span-mixed-scale-noun"),
    pytest.param("تمتلك ملايين الصواريخ", "ملايين الصواريخ", id="span-plural-and-noun"),
])
def test_quantity_span(text, span_text):
    ntext = norm(text)
    (s, e, *_), = quantities_in(ntext)
    assert ntext[s:e] == norm(span_text)


def test_quantities_skip_span():
    ntext = norm("في 12/03/2023 قتل 40 جنديا")
    a = ntext.index("12")
    b = ntext.index("2023") + 4
    assert [(v, u, ap) for _, _, v, u, ap in quantities_in(ntext, skip=[(a, b)])] == [(40, "soldier", "exact")]


# ----------------------------------------------------------------------------------
# dates_in
# ----------------------------------------------------------------------------------

WED = dt.date(2024, 11, 6)    # Wednesday
FRI_NY = dt.date(2025, 1, 3)  # Friday, just after a year boundary
NYD = dt.date(2025, 1, 1)     # Wednesday, New Year's Day
LEAP = dt.date(2024, 3, 1)    # Friday, the day after 29 February
SAT = dt.date(2023, 7, 15)    # Saturday

D = [
    # weekdays: the latest such day on or before pub
    pytest.param("قصفت الطائرات الاثنين", WED, [("2024-11-04", "day")], id="wed-monday"),
    pytest.param("قصفت الطائرات مساء الاثنين", WED, [("2024-11-04", "day")], id="wed-evening-monday"),
    pytest.param("وصل الوفد الإثنين", WED, [("2024-11-04", "day")], id="wed-monday-hamza"),
    pytest.param("أعلن الجيش الأربعاء", WED, [("2024-11-06", "day")], id="wed-wednesday-is-pub"),
    pytest.param("جرت المفاوضات يوم الثلاثاء", WED, [("2024-11-05", "day")], id="wed-yawm-tuesday"),
    pytest.param("انفجرت سيارة صباح الخميس", WED, [("2024-10-31", "day")], id="wed-morning-thursday"),
    pytest.param("دوت صفارات الإنذار ليلة الجمعة", WED, [("2024-11-01", "day")], id="wed-night-friday"),
    pytest.param("عقد الاجتماع السبت", WED, [("2024-11-02", "day")], id="wed-saturday"),
    pytest.param("بدأ الهجوم فجر الأحد", WED, [("2024-11-03", "day")], id="wed-dawn-sunday"),
    pytest.param("قال الوزير الاثنين", FRI_NY, [("2024-12-30", "day")], id="fri-ny-monday-prev-year"),
    pytest.param("صرح المتحدث الجمعة", FRI_NY, [("2025-01-03", "day")], id="fri-ny-friday-is-pub"),
    pytest.param("اندلعت الاشتباكات السبت", FRI_NY, [("2024-12-28", "day")], id="fri-ny-saturday"),
    pytest.param("وقع الانفجار الخميس", FRI_NY, [("2025-01-02", "day")], id="fri-ny-thursday"),
    pytest.param("أعلنت الحكومة الخميس", LEAP, [("2024-02-29", "day")], id="leap-thursday-feb29"),
    pytest.param("بدأت الغارات الأحد", SAT, [("2023-07-09", "day")], id="sat-sunday"),
    pytest.param("انتهت الهدنة السبت", SAT, [("2023-07-15", "day")], id="sat-saturday-is-pub"),
    # relative days
    pytest.param("قال الجيش أمس", WED, [("2024-11-05", "day")], id="wed-yesterday"),
    pytest.param("شنت الطائرات غارات مساء أمس", WED, [("2024-11-05", "day")], id="wed-evening-yesterday"),
    pytest.param("وقع الهجوم البارحة", WED, [("2024-11-05", "day")], id="wed-albariha"),
    pytest.param("أعلن الجيش أول أمس", WED, [("2024-11-04", "day")], id="wed-day-before-yesterday"),
    pytest.param("وقعت اشتباكات الليلة الماضية", WED, [("2024-11-05", "day")], id="wed-last-night"),
    pytest.param("قال الوزير اليوم", WED, [("2024-11-06", "day")], id="wed-today"),
    pytest.param("أعلن الجيش أمس", FRI_NY, [("2025-01-02", "day")], id="fri-ny-yesterday"),
    pytest.param("قال الرئيس أمس", NYD, [("2024-12-31", "day")], id="nyd-yesterday-prev-year"),
    pytest.param("قصفت المدينة أول أمس", NYD, [("2024-12-30", "day")], id="nyd-day-before-yesterday"),
    pytest.param("قال المتحدث أمس", LEAP, [("2024-02-29", "day")], id="leap-yesterday-feb29"),
    # relative months and years
    pytest.param("ارتفعت الأسعار الشهر الماضي", WED, [("2024-10", "month")], id="wed-last-month"),
    pytest.param("وقع الحادث الشهر الفائت", WED, [("2024-10", "month")], id="wed-last-month-faait"),
    pytest.param("بدأ التصعيد هذا الشهر", WED, [("2024-11", "month")], id="wed-this-month"),
    pytest.param("أعلن في وقت سابق من هذا الشهر", WED, [("2024-11", "month")], id="wed-earlier-this-month"),
    pytest.param("تعقد القمة الشهر المقبل", WED, [("2024-12", "month")], id="wed-next-month"),
    pytest.param("تراجعت الصادرات العام الماضي", WED, [("2023", "year")], id="wed-last-year"),
    pytest.param("ارتفعت الميزانية هذا العام", WED, [("2024", "year")], id="wed-this-year"),
    pytest.param("تراجعت الأسعار الشهر الماضي", FRI_NY, [("2024-12", "month")], id="fri-ny-last-month"),
    pytest.param("زادت الصادرات العام الماضي", FRI_NY, [("2024", "year")], id="fri-ny-last-year"),
    pytest.param("تبدأ المحادثات الشهر المقبل", FRI_NY, [("2025-02", "month")], id="fri-ny-next-month"),
    pytest.param("نفدت المخزونات الشهر الماضي", LEAP, [("2024-02", "month")], id="leap-last-month"),
    bug("تراجعت الصادرات خلال الشهر الماضي", WED, [("2024-10", "month")],
        id="wed-during-last-month",
        reason="'خلال الشهر الماضي' resolves to 2024-11: the this-month phrase 'خلال الشهر' "
               "matches first and 'الماضي' is left over"),
    bug("وصلت التعزيزات مطلع الشهر الماضي", WED, [("2024-10", "month")],
        id="wed-start-of-last-month",
        reason="'مطلع الشهر الماضي' resolves to 2024-11: the this-month phrase 'مطلع الشهر' "
               "matches first and 'الماضي' is left over"),
    # a month named without a year: the latest such month on or before pub
    pytest.param("بدأت العملية في أكتوبر", WED, [("2024-10", "month")], id="wed-october"),
    pytest.param("انتهت المعارك في ديسمبر", WED, [("2023-12", "month")], id="wed-december-prev-year"),
    pytest.param("تصاعد القتال في نوفمبر", WED, [("2024-11", "month")], id="wed-november-same-month"),
    pytest.param("اندلعت المواجهات في حزيران", WED, [("2024-06", "month")], id="wed-haziran"),
    pytest.param("توقفت المحادثات في تموز", WED, [("2024-07", "month")], id="wed-tammuz"),
    pytest.param("أعلنت الهدنة في أيلول", WED, [("2024-09", "month")], id="wed-aylul"),
    pytest.param("صدر القرار في يناير", WED, [("2024-01", "month")], id="wed-january"),
    pytest.param("تراجعت الليرة في ديسمبر", FRI_NY, [("2024-12", "month")], id="fri-ny-december"),
    pytest.param("ستنتهي المهلة في يناير", FRI_NY, [("2025-01", "month")], id="fri-ny-january"),
    pytest.param("ارتفع التضخم في كانون الأول", FRI_NY, [("2024-12", "month")], id="fri-ny-kanun-al-awwal"),
    pytest.param("وقع الزلزال في فبراير", FRI_NY, [("2024-02", "month")], id="fri-ny-february"),
    pytest.param("انسحبت القوات في مارس", WED, [("2024-03", "month")], id="wed-maris-with-fi"),
    pytest.param("لم يتوقف القصف منذ آب", WED, [("2024-08", "month")], id="wed-ab-with-mundhu"),
    # month + past/next marker
    pytest.param("وقع الهجوم في تموز الماضي", SAT, [("2022-07", "month")], id="sat-tammuz-last-strict"),
    pytest.param("انسحب الجيش في حزيران الماضي", SAT, [("2023-06", "month")], id="sat-haziran-last"),
    pytest.param("أعلن في يوليو الفائت", SAT, [("2022-07", "month")], id="sat-july-faait"),
    pytest.param("تبدأ الانتخابات في آب المقبل", SAT, [("2023-08", "month")], id="sat-ab-next"),
    pytest.param("اغتيل في تموز الماضي", WED, [("2024-07", "month")], id="wed-tammuz-last"),
    pytest.param("وقعت الاتفاقية في نوفمبر الماضي", WED, [("2023-11", "month")], id="wed-november-last-strict"),
    pytest.param("انتهى في ديسمبر الماضي", FRI_NY, [("2024-12", "month")], id="fri-ny-december-last"),
    pytest.param("وقع في كانون الثاني/يناير الماضي", FRI_NY, [("2024-01", "month")],
                 id="fri-ny-pair-january-last"),
    # month pairs
    pytest.param("اندلعت الحرب في تشرين الأول/ أكتوبر", WED, [("2024-10", "month")], id="pair-slash"),
    pytest.param("وصلت الشحنة في أغسطس \\ آب", WED, [("2024-08", "month")], id="pair-backslash"),
    pytest.param("بدأ الحصار في أكتوبر (تشرين الأول)", WED, [("2024-10", "month")], id="pair-parentheses"),
    pytest.param("جرت الانتخابات في تشرين الثاني - نوفمبر", WED, [("2024-11", "month")], id="pair-dash"),
    pytest.param("انطلقت العملية في آب/ أغسطس", WED, [("2024-08", "month")], id="pair-ambiguous-first"),
    # month + year
    pytest.param("بدأت الأزمة في كانون الثاني 2020", WED, [("2020-01", "month")], id="kanun-al-thani-2020"),
    pytest.param("اجتاحت القوات المدينة في شباط/ فبراير 2022", WED, [("2022-02", "month")], id="pair-feb-2022"),
    pytest.param("وقع الانفجار مارس 2023", WED, [("2023-03", "month")], id="maris-with-year"),
    pytest.param("تأسست في أيار من عام 2021", WED, [("2021-05", "month")], id="ayyar-min-am-2021"),
    pytest.param("جرى ذلك في شهر آب 2019", None, [("2019-08", "month")], id="shahr-ab-2019-no-pub"),
    # day month year
    pytest.param("في 6 نوفمبر 2024 أعلن الجيش", None, [("2024-11-06", "day")], id="dmy-arabic"),
    pytest.param("في ٦ تشرين الثاني ٢٠٢٤", None, [("2024-11-06", "day")], id="dmy-arabic-indic"),
    pytest.param("في 15 آب/ أغسطس 2023", None, [("2023-08-15", "day")], id="dmy-pair"),
    pytest.param("في 3 كانون الثاني/يناير 2025", None, [("2025-01-03", "day")], id="dmy-pair-january"),
    pytest.param("6th, November 2024", None, [("2024-11-06", "day")], id="dmy-english-ordinal"),
    pytest.param("1st March 2024", None, [("2024-03-01", "day")], id="dmy-english-1st"),
    pytest.param("في 22 مارس 2023", None, [("2023-03-22", "day")], id="dmy-maris"),
    pytest.param("في 6 نوفمبر من عام 2024", None, [("2024-11-06", "day")], id="dmy-min-am"),
    pytest.param("November 20, 2024", None, [("2024-11-20", "day")], id="mdy-english"),
    pytest.param("March 3, 2023", None, [("2023-03-03", "day")], id="mdy-english-march"),
    # a wire's dateline writes the month first and no year: the latest such day on or before publication
    pytest.param("MOSCOW, Nov 20 - Ukraine fired missiles", dt.date(2024, 11, 26), [("2024-11-20", "day")], id="mdy-dateline"),
    pytest.param("WASHINGTON, Oct. 17 (Reuters) -", dt.date(2024, 10, 18), [("2024-10-17", "day")], id="mdy-abbreviated-dot"),
    pytest.param("talks on Dec 20", dt.date(2024, 11, 26), [("2023-12-20", "day")], id="mdy-after-publication-is-last-year"),
    # day month, no year
    pytest.param("في 15 آب", WED, [("2024-08-15", "day")], id="wed-dm-15-ab"),
    pytest.param("في 20 نوفمبر", WED, [("2023-11-20", "day")], id="wed-dm-after-pub-day-prev-year"),
    pytest.param("في 5 نوفمبر", WED, [("2024-11-05", "day")], id="wed-dm-before-pub-day"),
    pytest.param("في 29 شباط", LEAP, [("2024-02-29", "day")], id="leap-dm-feb29"),
    pytest.param("في 31 ديسمبر", FRI_NY, [("2024-12-31", "day")], id="fri-ny-dm-dec31"),
    pytest.param("في 2 يناير", FRI_NY, [("2025-01-02", "day")], id="fri-ny-dm-jan2"),
    pytest.param("في 6 تشرين الثاني/ نوفمبر الماضي", WED, [("2023-11-06", "day")], id="wed-dm-pair-last"),
    # numeric and ISO
    pytest.param("وقع الهجوم في 12/03/2023", None, [("2023-03-12", "day")], id="numeric-dmy"),
    pytest.param("وقع الهجوم في ١٢/٠٣/٢٠٢٣", None, [("2023-03-12", "day")], id="numeric-dmy-arabic-indic"),
    pytest.param("بتاريخ 1.2.2024", None, [("2024-02-01", "day")], id="numeric-dots"),
    pytest.param("بتاريخ 2023-03-12", None, [("2023-03-12", "day")], id="iso"),
    pytest.param("بتاريخ ٢٠٢٤-١١-٠٦", None, [("2024-11-06", "day")], id="iso-arabic-indic"),
    pytest.param("بتاريخ 31/02/2024", None, [], id="numeric-invalid-day"),
    pytest.param("بتاريخ 2024-13-01", None, [], id="iso-invalid-month"),
    # Hijri
    pytest.param("في 15 رمضان 1445 هـ", None, [("2024-03-25", "day")], id="hijri-ramadan"),
    pytest.param("في 1 شوال 1445", None, [("2024-04-10", "day")], id="hijri-shawwal-no-suffix"),
    pytest.param("في 10 ذو الحجة 1445 هـ", None, [("2024-06-16", "day")], id="hijri-dhu-al-hijja"),
    pytest.param("في 12 ربيع الأول 1446 هـ", None, [("2024-09-15", "day")], id="hijri-rabi-al-awwal"),
    # years
    pytest.param("بدأت الأزمة عام 2019", None, [("2019", "year")], id="year-am"),
    pytest.param("منذ عام 2014", None, [("2014", "year")], id="year-mundhu-am"),
    pytest.param("في سنة 2015", None, [("2015", "year")], id="year-sana"),
    pytest.param("بحلول عام 2030", None, [("2030", "year")], id="year-bihulul"),
    pytest.param("في العام 2020", None, [("2020", "year")], id="year-al-am"),
    # a bare year only after a preposition: a date; elsewhere a count or a model
    pytest.param("تعاقدت على المنظومة في 2022", None, [("2022", "year")], id="year-fi-bare"),
    pytest.param("تشغل الطائرات منذ 2019", None, [("2019", "year")], id="year-mundhu-bare"),
    pytest.param("has flown the jets since 2022", None, [("2022", "year")], id="year-since-bare"),
    pytest.param("deliveries should be complete by 2030", None, [("2030", "year")], id="year-by-bare"),
    pytest.param("وصلت 2000 قذيفة إلى الجبهة", None, [], id="bare-count-is-no-year"),
    pytest.param("قدمت 1990 مركبة", None, [], id="bare-count-1990-is-no-year"),
    # Maghrebi month names
    pytest.param("تسلمت الدفعة الأولى في شتنبر 2024", None, [("2024-09", "month")], id="moroccan-shutanbir"),
    pytest.param("وقعت الصفقة في دجنبر الماضي", WED, [("2023-12", "month")], id="moroccan-dujanbir-last"),
    pytest.param("أعلن عنها في غشت 2023", None, [("2023-08", "month")], id="moroccan-ghusht"),
    # day ordinals, and the current month ("الجاري": days after the publication day are to come)
    pytest.param("تستضيف بكين الاجتماع في الرابع عشر من نوفمبر الجاري", WED, [("2024-11-14", "day")],
                 id="ordinal-14-current-month"),
    pytest.param("وصلت الشحنة في الثالث من أكتوبر", WED, [("2024-10-03", "day")], id="ordinal-3"),
    pytest.param("في الحادي والعشرين من آذار 2023", None, [("2023-03-21", "day")], id="ordinal-21-with-year"),
    pytest.param("تنطلق المناورات في 20 نوفمبر الجاري", WED, [("2024-11-20", "day")], id="dm-current-month-to-come"),
    pytest.param("the 5th of March 2024", None, [("2024-03-05", "day")], id="dmy-english-of"),
    pytest.param("قبل نهاية العام الجاري", WED, [("2024", "year")], id="end-of-this-year"),
    pytest.param("by the end of the year", WED, [("2024", "year")], id="end-of-the-year-en"),
    # a weekday in a future clause is the coming one; a clause break ends the future
    pytest.param("Xi will meet Orban in Budapest on Thursday", WED, [("2024-11-07", "day")], id="future-weekday"),
    pytest.param("من المقرر أن يصل الوفد الجمعة", WED, [("2024-11-08", "day")], id="future-weekday-ar"),
    pytest.param("They will retaliate, the minister said on Monday", WED, [("2024-11-04", "day")],
                 id="future-then-clause-break"),
    # ambiguous month words used otherwise
    pytest.param("مارس ضغوطا على الحكومة", WED, [], id="maris-verb"),
    pytest.param("قال إن الجيش مارس ضغوطا كبيرة", WED, [], id="maris-verb-mid-sentence"),
    pytest.param("مارس الجيش ضغوطا في مارس", WED, [("2024-03", "month")], id="maris-verb-and-month"),
    pytest.param("قتل أب لثلاثة أطفال", WED, [], id="ab-father"),
    pytest.param("وقد مارست الدول ضغوطا", WED, [], id="marasat-verb"),
    # no publication date: relative expressions are not resolved
    pytest.param("قصفت الطائرات الاثنين", None, [], id="no-pub-weekday"),
    pytest.param("ارتفعت الأسعار الشهر الماضي", None, [], id="no-pub-last-month"),
    pytest.param("بدأت العملية في أكتوبر", None, [], id="no-pub-month"),
    pytest.param("قال الجيش أمس", None, [], id="no-pub-yesterday"),
    # several in one sentence
    pytest.param("قال الجيش مساء الاثنين إن الهجوم وقع في تشرين الأول/ أكتوبر الماضي", WED,
                 [("2024-11-04", "day"), ("2024-10", "month")], id="weekday-and-pair-last"),
    pytest.param("أعلن أمس أن الاتفاق وقع في 12/03/2023", WED,
                 [("2024-11-05", "day"), ("2023-03-12", "day")], id="yesterday-and-numeric"),
    pytest.param("لم يذكر البيان أي موعد", WED, [], id="no-dates"),
    # "of the same year" takes the year of the date named before, not the publication's
    pytest.param("وقّع البلدان الاتفاق في يناير 2019، ثم أجريا مناورات في سبتمبر من العام ذاته", WED,
                 [("2019-01", "month"), ("2019-09", "month")], id="month-of-the-same-year"),
    pytest.param("The deal was signed in June 2018 and the first jets arrived in December of the same year", WED,
                 [("2018-06", "month"), ("2018-12", "month")], id="month-of-the-same-year-en"),
    pytest.param("أجريا مناورات في سبتمبر من العام", WED, [("2024-09", "month")], id="month-no-same-year"),
    # a time that refers back to the date named before: "then", "that month", "that day"
    pytest.param("اندلعت اشتباكات حدودية في سبتمبر 2022، واتهمت بيشكيك حينها دوشنبه بالهجوم", WED,
                 [("2022-09", "month"), ("2022-09", "month")], id="hinaha-then"),
    pytest.param("Talks began in March 2023 and a treaty was signed that month", WED,
                 [("2023-03", "month"), ("2023-03", "month")], id="that-month"),
    pytest.param("وقع الانفجار في 12 أبريل 2023، ولم تنفذ أي ضربات في ذلك اليوم", WED,
                 [("2023-04-12", "day"), ("2023-04-12", "day")], id="that-day-not-today"),
    pytest.param("وقالت الوزارة حينها إن", WED, [], id="then-without-a-date"),
    # last season: the latest one over before publication (WED is in November)
    pytest.param("استخدمت القوات المسيرات منذ الخريف الماضي", WED, [("2023", "year")], id="last-autumn"),
    pytest.param("فشلت المحادثات الصيف الماضي", WED, [("2024", "year")], id="last-summer"),
    pytest.param("زود الشمال موسكو بالقذائف منذ صيف 2023", WED, [("2023", "year")], id="summer-of-a-year"),
]


@pytest.mark.parametrize("text, pub, expected", D)
def test_dates_in(text, pub, expected):
    ntext = norm(text)
    got = dates_in(ntext, pub)
    assert [(f.value, f.precision) for f in got] == expected
    for f in got:
        assert 0 <= f.start < f.end <= len(ntext)


@pytest.mark.parametrize("text, expected", [
    pytest.param("6 نوفمبر 2024", True, id="dmy"),
    pytest.param("كانون الثاني 2020", True, id="month-year"),
    pytest.param("عام 2019", True, id="year"),
    pytest.param("15 رمضان 1445 هـ", True, id="hijri"),
    pytest.param("12/03/2023", True, id="numeric"),
    pytest.param("الاثنين", False, id="weekday"),
    pytest.param("الشهر الماضي", False, id="last-month"),
    pytest.param("في أكتوبر", False, id="month-no-year"),
    pytest.param("15 آب", False, id="day-month-no-year"),
])
def test_dates_explicit_flag(text, expected):
    (f,) = dates_in(norm(text), WED)
    assert f.explicit is expected


@pytest.mark.parametrize("text, span_text", [
    pytest.param("قصفت الطائرات مساء الاثنين", "مساء الاثنين", id="span-evening-weekday"),
    pytest.param("وقع في تشرين الأول/ أكتوبر الماضي", "تشرين الأول/ أكتوبر الماضي", id="span-pair-marker"),
    pytest.param("في 15 رمضان 1445 هـ قصف", "15 رمضان 1445 هـ", id="span-hijri-suffix"),
    pytest.param("تاريخ 6th, November 2024 GMT", "6th, November 2024", id="span-english"),
])
def test_date_span(text, span_text):
    ntext = norm(text)
    (f,) = dates_in(ntext, WED)
    assert ntext[f.start:f.end] == norm(span_text)


@pytest.mark.parametrize("text", [
    pytest.param("la\u017ft week", id="long-s-last-week"),
    pytest.param("\u017funday", id="long-s-sunday"),
    pytest.param("\u017feptember 2024", id="long-s-september-year"),
    pytest.param("in \u017fept", id="long-s-sept"),
])
def test_dates_in_never_raises_on_case_folding_letters(text):
    # once raised: IGNORECASE matched 'ſ' where str.lower() lookups did not
    assert isinstance(dates_in(norm(text), WED), list)


# ----------------------------------------------------------------------------------
# find_published
# ----------------------------------------------------------------------------------

FILLER = "\n".join(f"سطر تمهيدي رقم {i}" for i in range(13))

P = [
    pytest.param("تاريخ النشر: 6th, November 2024 GMT", "2024-11-06", id="english-ordinal-gmt"),
    pytest.param("القوات تتقدم شرقا\nتاريخ النشر: 6th, November 2024 GMT\nقال الجيش إن...", "2024-11-06",
                 id="dateline-second-line"),
    pytest.param("نشر في: 12/03/2023", "2023-03-12", id="nushira-fi-numeric"),
    pytest.param("نُشر بتاريخ 15 آب 2024", "2024-08-15", id="nushira-bitarikh-diacritics"),
    pytest.param("Published: November 20, 2024", "2024-11-20", id="english-published-mdy"),
    pytest.param("Posted 2024-11-06 10:30", "2024-11-06", id="english-posted-iso"),
    pytest.param("تاريخ النشر: ٦ تشرين الثاني ٢٠٢٤", "2024-11-06", id="arabic-indic-levantine"),
    pytest.param("تاريخ النشر: 15 رمضان 1445 هـ", "2024-03-25", id="hijri"),
    pytest.param("تاريخ: 2023-07-15", "2023-07-15", id="tarikh-iso"),
    bug("تاريخ النشر: الأربعاء 6 نوفمبر 2024", "2024-11-06",
        id="weekday-before-date",
        reason="a dateline with a weekday before the date ('تاريخ النشر: الأربعاء 6 نوفمبر 2024') "
               "gives None: the date starts more than 5 characters after the marker "
               "(f.start < 5) and the weekday itself is not explicit"),
    # negatives
    pytest.param("قال الجيش في 6 نوفمبر 2024 إنه سيرد", None, id="no-dateline-marker"),
    pytest.param("تاريخ النشر: الاثنين", None, id="relative-only"),
    pytest.param("تاريخ النشر: نوفمبر 2024", None, id="month-precision-only"),
    pytest.param("تاريخ النشر: 31/02/2024", None, id="invalid-date"),
    pytest.param("تاريخ الهجوم غير معروف حتى الآن", None, id="marker-without-date"),
    pytest.param(FILLER + "\nتاريخ النشر: 6 نوفمبر 2024", None, id="dateline-below-line-12"),
    pytest.param("", None, id="empty"),
]


@pytest.mark.parametrize("text, expected", P)
def test_find_published(text, expected):
    assert find_published(text) == expected


# ----------------------------------------------------------------------------------
# never raise on arbitrary text
# ----------------------------------------------------------------------------------

_ALPHABET = (
    [chr(c) for c in range(0x0621, 0x064B)]          # Arabic letters
    + [chr(c) for c in range(0x064B, 0x0653)]        # harakat
    + ["ـ", "ی", "ک", "ە"]
    + list("0123456789") + list("٠١٢٣٤٥٦٧٨٩") + list("۰۱۲۳۴۵۶۷۸۹")
    + [" ", " ", " ", "\n", "\t", "\u00a0", "\u200f"]
    + list(".,/\\-()%:;!?\"'،؛؟٪٫٬«»–—")
)
_VOCAB = [
    "أكثر من", "نحو", "حوالي", "قرابة", "ما لا يقل عن", "أقل من", "ما يصل إلى", "على الأقل",
    "ألف", "آلاف", "ألفين", "مليون", "ملايين", "مليار", "عشرات", "مئات", "الآلاف", "الملايين",
    "ثلاثة", "عشر", "عشرة", "أحد", "اثنا", "وعشرون", "مائتان", "وأربعون", "ثلاثمائة", "و",
    "بـ", "جندي", "حاوية", "قذيفة", "صواريخ", "طائرة", "مسيرة", "كيلومتر", "مربع", "دولار",
    "عيار", "ملم", "في المئة", "عام", "الماضي", "المقبل", "الشهر", "أمس", "الاثنين", "مساء",
    "تشرين", "الأول", "الثاني", "كانون", "أكتوبر", "آب", "مارس", "شباط", "رمضان", "هـ",
    "ذو الحجة", "تاريخ النشر:", "6th,", "November", "20,", "2024", "1445", "12/03/2023",
    "2024-11-06", "٦", "١٢٬٥٠٠", "1.5", "/", "\\", "(", ")",
]
_TEXT = st.one_of(
    st.text(alphabet=st.sampled_from(_ALPHABET), max_size=80),
    st.lists(st.one_of(st.sampled_from(_VOCAB), st.sampled_from(_ALPHABET)), max_size=30).map(" ".join),
    st.lists(st.one_of(st.sampled_from(_VOCAB), st.sampled_from(_ALPHABET)), max_size=30).map("".join),
)
_PUB = st.one_of(st.none(), st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2060, 12, 31)))
_VALUE = re.compile(r"\d{4}(?:-\d{2}(?:-\d{2})?)?")


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=_TEXT, pub=_PUB)
def test_never_raises_on_arbitrary_text(text, pub):
    v = parse_number(text)
    assert v is None or isinstance(v, float)
    ntext = norm(text)
    for s, e, value, unit, approx in quantities_in(ntext):
        assert 0 <= s < e <= len(ntext)
        assert approx in APPROX_KINDS
    for f in dates_in(ntext, pub):
        assert 0 <= f.start < f.end <= len(ntext)
        assert _VALUE.fullmatch(f.value)
        assert f.precision == {10: "day", 7: "month", 4: "year"}[len(f.value)]
    find_published(text)


_WEEKDAYS_AR = ["الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد"]
_WEEKDAYS_EN = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


@settings(max_examples=200, deadline=None)
@given(pub=st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2030, 12, 31)), wd=st.integers(0, 6),
       english=st.booleans())
def test_a_weekday_is_on_or_before_publication_last_is_before_next_is_after(pub, wd, english):
    """"الخميس" is the latest Thursday on or before the publication day (SPEC §6); "الخميس
    الماضي" / "last Thursday" the latest strictly before it, "الخميس المقبل" / "next Thursday"
    the first strictly after it — each within a week, and on that weekday."""
    name = _WEEKDAYS_EN[wd] if english else _WEEKDAYS_AR[wd]
    forms = (name, f"last {name}", f"next {name}") if english else (name, f"{name} الماضي", f"{name} المقبل")
    got = [dates_in(norm(f"وقع ذلك {f}." if not english else f"It happened {f}."), pub) for f in forms]
    plain, last, nxt = (dt.date.fromisoformat(g[0].value) for g in got)
    assert all(d.weekday() == wd for d in (plain, last, nxt))
    assert 0 <= (pub - plain).days < 7
    assert 0 < (pub - last).days <= 7
    assert 0 < (nxt - pub).days <= 7


@pytest.mark.parametrize("text, expected", [
    pytest.param("تسلمها بين عامي 2014 و2017", [], id="two-years-are-not-a-sum"),
    pytest.param("ألف و500 جندي", [(1500, "soldier")], id="a-round-number-and-a-smaller-one-are"),
    pytest.param("ثلاثمئة و50 دبابة", [(350, "tank")], id="words-and-digits"),
    pytest.param("supplied thousands of Shahed-136 drones", [(1000, None)], id="hyphenated-model"),
    pytest.param("صواريخ فتح-360 ومنظومات إس-400", [], id="arabic-models"),
    pytest.param("AIM-120C missiles and F16 jets", [], id="letters-glued"),
    pytest.param("sold 24 F-16 jets", [(24, None)], id="a-count-before-a-model"),
    pytest.param("مقاتلات رافال إف 4 ومقاتلات ميغ 29", [], id="latin-model-letters-spelled-in-arabic"),
])
def test_model_names_and_years_are_not_counts(text, expected):
    got = quantities_in(norm(text))
    assert [(v, u) for _, _, v, u, _ in got] == expected


@pytest.mark.parametrize("text, value, unit, approx", [
    pytest.param("a new $250 million package", 250e6, "usd", "exact", id="dollar-sign"),
    pytest.param("more than 12 million artillery shells", 12e6, None, "more_than", id="digits-and-scale"),
    pytest.param("two hundred soldiers", 200, "soldier", "exact", id="english-words"),
    pytest.param("hundreds of drones", 100, "drone", "at_least", id="english-plural-of-magnitude"),
    pytest.param("توريد ملياري متر مكعب", 2e9, None, "exact", id="dual-in-construct"),
    pytest.param("أرسلت ألفي جندي", 2000, "soldier", "exact", id="dual-thousand"),
])
def test_english_numbers_and_arabic_duals(text, value, unit, approx):
    (got,) = quantities_in(norm(text))
    assert (got[2], got[3], got[4]) == (pytest.approx(value), unit, approx)
