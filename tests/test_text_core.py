"""Tokens with clitics, sentences, boilerplate (plain text and the seeds), parts."""
import pytest
from hypothesis import given, settings, strategies as st

from rasd.model import Document
from rasd.pipeline import Pipeline, stage_table, load_settings
from rasd.text.normalize import norm
from rasd.text.tokens import default_segmenter


def run(text, published=None):
    return Pipeline.default().run(Document(id="t", text=text, published=published))


@pytest.mark.parametrize("word, prefix, stem, suffix", [
    ("وبيونغ", "و", "بيونغ", ""),
    ("لروسيا", "ل", "روسيا", ""),
    ("بالأسلحة", "بال", "اسلحه", ""),
    ("والكرملين", "و", "الكرملين", ""),
    ("لكوريا", "ل", "كوريا", ""),
    ("للكرملين", "لل", "الكرملين", ""),
    ("وأرسلت", "و", "ارسل", "ت"),
    ("تزويدها", "", "تزويد", "ها"),
    ("وسيرسل", "وس", "يرسل", ""),
    ("وزير", "", "وزير", ""),          # not و + زير
    ("بيونغ", "", "بيونغ", ""),        # not ب + يونغ
    ("موسكو", "", "موسكو", ""),
])
def test_clitic_segmentation(word, prefix, stem, suffix):
    assert default_segmenter().split(norm(word)) == (prefix, stem, suffix)


def test_tokens_stage_keeps_offsets_into_the_original():
    table = stage_table(load_settings())
    doc = Document(id="t", text="وأرسلتْ كوريا الشمالية جنوداً لروسيا.")
    for name in ("normalize", "tokens"):
        doc = table[name](doc)
    by_stem = {t.stem: t for t in doc.tokens}
    t = by_stem["روسيا"]
    assert doc.text[t.start:t.end] == "لروسيا" and t.prefix == "ل"
    t = by_stem["ارسل"]
    assert doc.text[t.start:t.end] == "وأرسلتْ" and (t.prefix, t.suffix) == ("و", "ت")


def test_sentences_split_on_arabic_stops_not_on_numbers_or_abbreviations():
    text = ("قال د. أحمد إن النمو بلغ 2.5 في المئة. وأضاف: هل يستمر ذلك؟ لا أحد يعرف!\n"
            "عنوان بلا نقطة\n"
            "قال المتحدث: «لن نتراجع. ولن نساوم». ثم غادر.")
    doc = run(text)
    got = [text[s.start:s.end] for s in doc.sentences]
    assert got == ["قال د. أحمد إن النمو بلغ 2.5 في المئة.", "وأضاف: هل يستمر ذلك؟", "لا أحد يعرف!",
                   "عنوان بلا نقطة", "قال المتحدث: «لن نتراجع. ولن نساوم».", "ثم غادر."]


_PIECES = list("كتبروسياالجنود") + [" ", "  ", "\t", ".", "..", "!", "?", "؟", "…", "«", "»", "“", "”", '"',
                                              ")", "د.", "2.5", "\n", "\r\n", "\r", "\u2028", "\x0c", "\x85"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=60))
def test_sentences_cover_every_word_once_inside_one_line(pieces):
    text = "".join(pieces)
    doc = stage_table(load_settings())["sentences"](Document(id="t", text=text))
    covered = bytearray(len(text))
    last = 0
    for s in doc.sentences:
        piece = text[s.start:s.end]
        assert piece and piece == piece.strip() and s.start >= last        # trimmed, in order, no overlap
        p = doc.paragraphs[s.paragraph]
        assert p.start <= s.start and s.end <= p.end                         # inside its paragraph
        assert text[p.start:p.end].splitlines() == [text[p.start:p.end]]     # a paragraph is one line
        covered[s.start:s.end] = b"\x01" * (s.end - s.start)
        last = s.end
    assert all(covered[i] or text[i].isspace() for i in range(len(text)))    # nothing lost


ARTICLE = """روسيا تتسلم دفعة جديدة من المسيرات
تاريخ النشر: 12th, March 2025 GMT
أعلنت وزارة الدفاع الأوكرانية أن روسيا تسلمت مسيرات إيرانية الصنع.
شارك الخبر
فيسبوك تويتر واتساب
كلمات دلالية: روسيا إيران مسيرات
© 2025 جميع الحقوق محفوظة
إقرأ أيضاً:
سيول: بيونغ يانغ أرسلت قذائف إلى موسكو
أكد مسؤول كوري جنوبي، الخميس، أن كوريا الشمالية أرسلت قذائف مدفعية إلى روسيا.
2 Comments on "روسيا تتسلم دفعة جديدة من المسيرات"
قارئ | مارس 12, 2025 | رد
أرسلت إيران طائرات مسيرة إلى روسيا والعالم يتفرج
اترك تعليقاً
لن يتم نشر عنوان بريدك الإلكتروني."""


def test_boilerplate_is_recorded_not_deleted_and_yields_no_event():
    doc = run(ARTICLE, "2025-03-12")
    reasons = {doc.text[r.start:r.end]: r.reason for r in doc.removed}
    assert reasons["شارك الخبر"] == "share"
    assert reasons["فيسبوك تويتر واتساب"] == "share"
    assert reasons["كلمات دلالية: روسيا إيران مسيرات"] == "tags"
    assert reasons["© 2025 جميع الحقوق محفوظة"] == "copyright"
    assert reasons["أرسلت إيران طائرات مسيرة إلى روسيا والعالم يتفرج"] == "comments"
    assert reasons["لن يتم نشر عنوان بريدك الإلكتروني."] == "comments"
    assert doc.text == ARTICLE                      # nothing deleted
    # the reader's comment states a transfer; no event may come from it
    assert not any(doc.is_removed(e.sentence) for e in doc.events)
    assert [(e.type, e.source.country) for e in doc.events if e.source.country == "IRN"] == [("TRANSFER", "IRN")]


def test_read_also_is_its_own_part_with_its_own_events():
    doc = run(ARTICLE, "2025-03-12")
    assert [p.number for p in doc.parts] == [1, 2]
    part2 = doc.parts[1]
    assert doc.text[part2.start:].startswith("سيول: بيونغ يانغ")
    by_part = {(e.part, e.type, e.source.country, e.target.country) for e in doc.events}
    assert (2, "TRANSFER", "PRK", "RUS") in by_part
    assert (1, "TRANSFER", "IRN", "RUS") in by_part


def test_seed_boilerplate_is_recognised(seeds):
    from rasd.api import process
    docs = {d.id: d for d in process([str(seeds)])}
    reasons = lambda d: {r.reason for r in d.removed}  # noqa: E731
    assert "comments" in reasons(docs["000_a89886a19fb8aee7"])
    assert {"share", "comments"} <= reasons(docs["001_d9ab136cc203f486"])
    assert {"share", "copyright"} <= reasons(docs["003_0ab39549ec1f1a4c"])
    d4 = docs["004_5781ef57ee54ea22"]
    assert {"tags", "read_also", "embed"} <= reasons(d4)
    assert len(d4.parts) == 2
    # the comment in 000 ("امريكا زجت بمهرج اوكرنيا") yields nothing
    d0 = docs["000_a89886a19fb8aee7"]
    comment = d0.text.index("امريكا زجت")
    assert not any(e.sentence.start <= comment < e.sentence.end for e in d0.events)
    # events of the read-also article are marked part 2
    assert any(e.part == 2 and e.type == "TRANSFER" for e in d4.events)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("روسيا كتب_12٣،,.\n\u064e\u0640") + ["😀", "𝐀", "\u200b", "ß"]), max_size=60))
def test_word_spans_are_the_regex_word_runs(text):
    import re
    from rasd.text.tokens import word_spans
    expected = [(m.group(), m.start(), m.end()) for m in re.finditer(r"\w+", text)]
    forms, starts, ends = word_spans(text)
    assert list(zip(forms, starts, ends)) == expected
