"""Names the knowledge base resolves only in context: a case-sensitive alias ("US", not
"us") and short forms that stand for a country named before ("المملكة" after "السعودية")."""
import pytest

from rasd.model import Document
from rasd.pipeline import Pipeline


def mentions(text):
    doc = Pipeline.default().run(Document(id="t", text=text, published="2025-03-12"))
    return [(doc.text[m.start:m.end], m.country) for m in doc.mentions if m.country]


def test_us_in_capitals_is_the_united_states_and_us_in_lower_case_is_not():
    assert ("US", "USA") in mentions("The US said Iran had shipped missiles to Russia.")
    assert mentions("Tell us what happened in the town.") == []
    assert ("US officials", "USA") in mentions("US officials said the talks would resume.")


@pytest.mark.parametrize("text, form, country", [
    ("وقعت السعودية صفقة مع تركيا. وتسلمت المملكة الدفعة الأولى.", "المملكة", "SAU"),
    ("اشترى المغرب مسيرات تركية. وتسلمت المملكة الدفعة الأولى.", "المملكة", "MAR"),
    ("Morocco bought drones from Turkey. The kingdom received the first batch.", "The kingdom", "MAR"),
    ("زار وزير الخارجية العماني طهران، وأكدت السلطنة دعمها للحوار.", "السلطنة", "OMN"),
])
def test_a_short_form_stands_for_the_country_of_its_kind_named_last(text, form, country):
    assert (form, country) in mentions(text)


def test_a_short_form_before_any_country_of_its_kind_stands_for_none():
    assert not any(form == "المملكة" for form, _ in mentions("وقعت المملكة اتفاقا مع تركيا. ثم زار وفد سعودي أنقرة."))
    # and the latest kingdom wins over an earlier one
    got = mentions("زار ملك الأردن السعودية. ووقعت المملكة الهاشمية ... ثم استقبل المغرب الوفد، وأكدت المملكة دعمها.")
    assert got[-1] == ("المملكة", "MAR")


@pytest.mark.parametrize("text, whole, code", [
    ("وقالت نائبة الممثل الدائم لروسيا لدى الأمم المتحدة إن", "نائبة الممثل الدائم لروسيا لدى الأمم المتحدة", "RUSGOV"),
    ("وقال سفير إيران في بغداد إن", "سفير إيران في بغداد", "IRNGOV"),
    ("The US ambassador to Israel said on Monday", "US ambassador to Israel", "USAGOV"),
])
def test_an_envoys_post_is_part_of_the_title_not_a_second_actor(text, whole, code):
    doc = Pipeline.default().run(Document(id="t", text=text, published="2025-03-12"))
    got = [(doc.text[m.start:m.end], m.code) for m in doc.mentions if m.country]
    assert got[0] == (whole, code)
    assert len({c[:3] for _, c in got}) == 1     # no second country from the post


def test_a_minister_travelling_to_a_capital_is_still_two_actors():
    doc = Pipeline.default().run(Document(id="t", text="وصل السفير الروسي إلى دمشق أمس.", published="2025-03-12"))
    assert [m.code for m in doc.mentions if m.country] == ["RUSGOV", "SYRGOV"]
