"""Events on sentences written for these tests: every type, every status, the attribution
patterns, English. Each case names what rasd must find: (type, source, target, status, claimant)
with countries for actors (None where the text gives none)."""
import pytest

from rasd.api import extract_text

PUB = "2024-11-06"   # a Wednesday


SYMMETRIC = {"MEET", "AGREE", "COOPERATE"}


def events(text):
    out = set()
    for r in extract_text(text, published=PUB):
        pair = (_c(r["source"]), _c(r["target"]))
        if r["type"] in SYMMETRIC and None not in pair:
            pair = tuple(sorted(pair))     # one party and the other: order carries no meaning
        out.add((r["type"], *pair, r["status"], _c(r["claimant"])))
    return out


def _c(actor):
    return actor["country"] if actor else None


TYPES = [
    ("أرسلت كوريا الشمالية قذائف مدفعية إلى روسيا.", ("TRANSFER", "PRK", "RUS", "asserted", None)),
    ("تسلمت روسيا طائرات مسيرة إيرانية الصنع.", ("TRANSFER", "IRN", "RUS", "asserted", None)),
    ("وتزود بيلاروسيا روسيا بالذخائر منذ بداية الحرب.", ("TRANSFER", "BLR", "RUS", "asserted", None)),
    ("نشرت كوريا الشمالية آلاف الجنود في منطقة كورسك الروسية.", ("DEPLOY", "PRK", "RUS", "asserted", None)),
    ("التقى الرئيس الصيني شي جين بينغ نظيره الروسي فلاديمير بوتين في موسكو.", ("MEET", "CHN", "RUS", "asserted", None)),
    ("وقعت إيران وروسيا اتفاقية شراكة استراتيجية شاملة.", ("AGREE", "IRN", "RUS", "asserted", None)),
    ("أجرت الصين وروسيا مناورات بحرية مشتركة في بحر اليابان.", ("COOPERATE", "CHN", "RUS", "asserted", None)),
    ("طالبت أوكرانيا الولايات المتحدة بمزيد من أنظمة الدفاع الجوي.", ("REQUEST", "UKR", "USA", "asserted", None)),
    ("حذرت الصين الولايات المتحدة من أي استفزاز في مضيق تايوان.", ("THREATEN", "CHN", "USA", "asserted", "CHN")),
    ("اتهمت الولايات المتحدة إيران بتزويد الحوثيين بالصواريخ.", ("ACCUSE", "USA", "IRN", "asserted", "USA")),
    ("فرضت الولايات المتحدة عقوبات جديدة على كوريا الشمالية.", ("SANCTION", "USA", "PRK", "asserted", None)),
    ("قصفت روسيا مدينة خاركيف الأوكرانية بالصواريخ.", ("ATTACK", "RUS", "UKR", "asserted", None)),
    ("أطلقت كوريا الشمالية، الثلاثاء، صاروخا باليستيا في تجربة جديدة.", ("TEST", "PRK", None, "asserted", None)),
]


@pytest.mark.parametrize("text, want", TYPES, ids=[t[1][0] + str(i) for i, t in enumerate(TYPES)])
def test_each_type(text, want):
    assert want in events(text)


STATUSES = [
    ("نفى الكرملين أن تكون كوريا الشمالية قد أرسلت جنودا إلى روسيا.", ("DEPLOY", "PRK", "RUS", "denied", "RUS")),
    ("من المحتمل أن ترسل كوريا الشمالية مزيدا من الجنود إلى روسيا.", ("DEPLOY", "PRK", "RUS", "hedged", None)),
    ("يُشتبه في أن إيران تزود روسيا بالصواريخ الباليستية.", ("TRANSFER", "IRN", "RUS", "hedged", None)),
    ("تعتزم روسيا شراء ذخائر من كوريا الشمالية.", ("TRANSFER", "PRK", "RUS", "planned", None)),
    ("تدرس كوريا الجنوبية إرسال أسلحة إلى أوكرانيا.", ("TRANSFER", "KOR", "UKR", "planned", None)),
    ("سيزور الرئيس الروسي بيونغ يانغ الشهر المقبل.", ("MEET", "PRK", "RUS", "planned", None)),
    ("أرسلت إيران طائرات مسيرة إلى روسيا.", ("TRANSFER", "IRN", "RUS", "asserted", None)),
    ("لم يتم إرسال جنود كوريين شماليين إلى روسيا.", ("DEPLOY", "PRK", "RUS", "denied", None)),
    # ل + verbal noun: in order to — a purpose, not a fact
    ("أرسلت روسيا وفدا لشراء ذخائر من كوريا الشمالية.", ("TRANSFER", "PRK", "RUS", "planned", None)),
]


@pytest.mark.parametrize("text, want", STATUSES, ids=[t[1][3] + str(i) for i, t in enumerate(STATUSES)])
def test_each_status(text, want):
    assert want in events(text)


CLAIMS = [
    # speaker before: VSO and SVO
    ("قال المتحدث باسم الكرملين دميتري بيسكوف إن روسيا تسلمت أسلحة من إيران.", "RUS"),
    ("وزارة الدفاع البريطانية قالت إن روسيا تسلمت أسلحة من إيران.", "GBR"),
    # nested: the official speaks, to an outlet
    ("قال مسؤول أمريكي للغارديان إن روسيا تسلمت أسلحة من إيران.", "USA"),
    # attribution at the end
    ("تسلمت روسيا أسلحة من إيران، وفقا لمسؤولين أوكرانيين.", "UKR"),
    ("تسلمت روسيا أسلحة من إيران بحسب وكالة رويترز.", "GBR"),
    # relay: the outlet relays what the source said
    ("نقلت وكالة يونهاب عن المتحدث باسم وزارة الخارجية الأمريكية قوله إن روسيا تسلمت أسلحة من إيران.", "USA"),
    ("وأضافت الصحيفة نقلا عن تقارير استخباراتية أمريكية أن روسيا تسلمت أسلحة من إيران.", "USA"),
    # no speaker: the outlet itself
    ("تسلمت روسيا أسلحة من إيران الشهر الماضي.", None),
]


@pytest.mark.parametrize("text, claimant", CLAIMS, ids=[str(i) for i in range(len(CLAIMS))])
def test_claimant_patterns(text, claimant):
    found = [e for e in events(text) if e[:3] == ("TRANSFER", "IRN", "RUS")]
    assert found and found[0][4] == claimant, events(text)


def test_speaker_carries_over_to_wa_adaf():
    text = ("قال وزير الدفاع الأوكراني إن روسيا تلقت صواريخ من كوريا الشمالية.\n"
            "وأضاف أن إيران أرسلت طائرات مسيرة إلى روسيا.")
    got = events(text)
    assert ("TRANSFER", "IRN", "RUS", "asserted", "UKR") in got
    assert ("TRANSFER", "PRK", "RUS", "asserted", "UKR") in got


def test_accusation_is_also_the_event_accused_with_the_accuser_as_claimant():
    got = events("تتهم كييف كوريا الشمالية بتزويد روسيا بالقذائف.")
    assert ("ACCUSE", "UKR", "PRK", "asserted", "UKR") in got
    assert ("TRANSFER", "PRK", "RUS", "asserted", "UKR") in got


def test_a_warning_against_an_action_is_not_that_action():
    got = events("حذرت موسكو سيول من إرسال أسلحة إلى كييف.")
    assert ("THREATEN", "RUS", "KOR", "asserted", "RUS") in got
    assert not any(e[0] == "TRANSFER" for e in got)


ENGLISH = [
    ("North Korea has sent about 12,000 troops to Russia, South Korea's intelligence agency said on Wednesday.",
     ("DEPLOY", "PRK", "RUS", "asserted", "KOR")),
    ("Russia bought hundreds of Iranian-made drones last month, U.S. officials said.",
     ("TRANSFER", "IRN", "RUS", "asserted", "USA")),
    ("Russian President Vladimir Putin met Kim Jong Un in Pyongyang on June 19.", ("MEET", "PRK", "RUS", "asserted", None)),
    ("North Korea test-fired an intercontinental ballistic missile on Tuesday.", ("TEST", "PRK", None, "asserted", None)),
    ("The United States imposed sanctions on Iranian companies.", ("SANCTION", "USA", "IRN", "asserted", None)),
    ("Moscow warned Seoul against sending weapons to Kyiv.", ("THREATEN", "RUS", "KOR", "asserted", "RUS")),
]


@pytest.mark.parametrize("text, want", ENGLISH, ids=[t[1][0] + str(i) for i, t in enumerate(ENGLISH)])
def test_english(text, want):
    assert want in events(text)


def test_evidence_is_the_exact_sentence_and_fields_are_null_when_absent():
    text = "عنوان\nأرسلت كوريا الشمالية 11 ألف جندي إلى روسيا الاثنين."
    [rec] = [r for r in extract_text(text, published=PUB) if r["type"] == "DEPLOY"]
    ev = rec["evidence"]
    assert text[ev["start"]:ev["end"]] == ev["text"] == "أرسلت كوريا الشمالية 11 ألف جندي إلى روسيا الاثنين."
    assert rec["quantity"] == {"value": 11000, "unit": "soldier", "approx": "exact", "text": "11 ألف جندي"}
    assert rec["date"] == {"value": "2024-11-04", "precision": "day", "text": "الاثنين"}
    assert rec["item"] is None and rec["claimant"] is None


def test_a_lone_war_zone_destination_takes_the_host_the_article_names_twice():
    text = ("أرسلت كوريا الشمالية جنودا إلى روسيا لدعم قواتها.\n"
            "وتقول سيول إن كوريا الشمالية أرسلت آلاف الجنود إلى روسيا.\n"
            "وقال مسؤول أوكراني إن كوريا الشمالية أرسلت مهندسين عسكريين إلى أوكرانيا.")
    deploys = [e for e in events(text) if e[0] == "DEPLOY"]
    assert {e[2] for e in deploys} == {"RUS"}


def test_separate_destinations_are_kept_when_no_host_dominates():
    text = "أرسلت روسيا جنودا إلى سوريا.\nوأرسلت روسيا مستشارين عسكريين إلى ليبيا."
    assert {e[2] for e in events(text) if e[0] == "DEPLOY"} == {"SYR", "LBY"}


def test_an_unknown_person_introduced_by_a_title_is_a_new_actor():
    from rasd.model import Document
    from rasd.pipeline import Pipeline
    text = ("أكد نائب كوري جنوبي، الأربعاء، أن كوريا الشمالية أرسلت قذائف إلى روسيا.\n"
            "وقال النائب كيم بيونغ جو إن كوريا الشمالية أرسلت جنودا إلى روسيا.")
    doc = Pipeline.default().run(Document(id="t", text=text, published=PUB))
    [new] = [m for m in doc.mentions if m.role == "new"]
    assert doc.text[new.start:new.end] == "كيم بيونغ جو"
    assert (new.kind, new.code, new.country) == ("person", "KORLEG", "KOR")   # the bare title's country from before
    assert ("DEPLOY", "PRK", "RUS", "asserted", "KOR") in events(text)


def test_a_one_word_alias_still_links_where_no_title_introduces_a_new_name():
    from rasd.model import Document
    from rasd.pipeline import Pipeline
    doc = Pipeline.default().run(Document(id="t", text="تبادل بوتين وكيم رسائل دعا فيها كلاهما إلى التعاون."))
    assert {m.code for m in doc.mentions if m.kind == "person"} == {"RUSGOV", "PRKGOV"}


ATTACKS = [
    # reported violence, even with no named party
    ("انفجرت سيارة مفخخة أمس في سوق شعبي مما أدى إلى مقتل 12 شخصا.", True),
    ("اغتال مسلحون مجهولون أمس مسؤولا محليا في مدينة الموصل.", True),
    ("تعرضت وزيرة الدولة، مساء الأحد، لمحاولة اغتيال في ولاية الوحدة.", True),
    ("قصفت الطائرات الحربية مواقع للمسلحين فجر الجمعة وقتلت 20 منهم.", True),
    # not an attack that happened
    ("وتسمح تهمة الخطف المؤدي إلى القتل بطلب عقوبة الإعدام.", False),                  # a charge, in general
    ("شن النائب هجوما حادا على الحكومة بسبب الموازنة.", False),                       # words, not force
    ("وأغلقت السفارة أبوابها بعد اغتيال السفير قبل عامين.", False),                     # a back-reference
    ("دعت الحكومة إلى التهدئة إثر مقتل جنديين في هجوم مسلح الجمعة.", False),            # inside the reference
    ("وقال الوزير إن الهجوم الذي استهدف السفارة كان مدبرا.", False),                     # described, not reported
    ("حذر الرئيس الفصائل من الاستمرار في إطلاق الصواريخ على المدن.", False),            # warned against
    ("سيناقش المجلس سبل مكافحة الاغتيالات السياسية.", False),
    ("أطلقت كوريا الشمالية صاروخا باليستيا في تجربة جديدة.", False),                    # a test launch
]


@pytest.mark.parametrize("text, attack", ATTACKS, ids=[str(i) for i in range(len(ATTACKS))])
def test_attack_detection(text, attack):
    assert any(r["type"] == "ATTACK" for r in extract_text(text, published=PUB)) == attack


def test_the_two_countries_named_before_are_what_البلدان_refers_to():
    text = ("زار الرئيس الروسي بيونغ يانغ الأسبوع الماضي.\n"
            "ويرتبط الحليفان بمعاهدة دفاع مشترك، ويعتزم البلدان تعزيز التعاون العسكري بينهما.")
    got = events(text)
    assert ("AGREE", "PRK", "RUS", "asserted", None) in got
    assert ("COOPERATE", "PRK", "RUS", "planned", None) in got
