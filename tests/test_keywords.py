"""One keyword pass for every stage: the same hits, and the same documents, as a pass each."""
import pytest

from rasd.errors import PipelineError
from rasd.model import Document
from rasd.pipeline import Pipeline, build_stages, load_settings, stage_table
from rasd.text.keywords import KeywordSet, Scanner
from rasd.text.normalize import normalize

TEXT = ("وقال وزير الدفاع الأوكراني، الثلاثاء، إن كوريا الشمالية أرسلت أكثر من 11 ألف جندي إلى روسيا، "
        "فيما نفى الكرملين التقارير. ووقعت موسكو وبيونغ يانغ في حزيران/ يونيو معاهدة للدفاع المشترك، "
        "وتتهم سيول الشمال بتزويد روسيا بملايين القذائف وثلاثمائة صاروخ.")


def test_one_pass_gives_each_set_its_own_hits_including_shared_keys():
    months = KeywordSet({"حزيران": 6, "يونيو": 6})
    words = KeywordSet({"ارسلت": "send", "يونيو": "june", "روسيا": "RUS", "روس": "RU"})  # "يونيو" in both
    n = normalize(TEXT)
    expected = [months.scan(n.text), words.scan(n.text)]
    assert expected[0] and len(expected[1]) >= 4        # the sets do occur in the text
    Scanner([months, words, months]).run(n)             # a set listed twice is scanned once
    assert [months.hits(n), words.hits(n)] == expected


def test_a_set_without_a_shared_pass_scans_on_its_own_and_keeps_the_result():
    kw = KeywordSet({"روسيا": 1})
    n = normalize(TEXT)
    first = kw.hits(n)
    assert [n.text[last + 1 - len("روسيا"):last + 1] for last, _ in first] == ["روسيا", "روسيا"]
    assert kw.hits(n) is first


def _run(names):
    stages = build_stages(names, stage_table(load_settings()))
    doc = Document(id="t", text=TEXT, published="2024-11-05")
    for st in stages:
        doc = st(doc)
    return doc


def test_pipeline_with_the_keywords_stage_equals_the_pipeline_without_it():
    names = load_settings()["pipeline"]["stages"]
    assert "keywords" in names
    with_pass = _run(names)
    alone = _run([n for n in names if n != "keywords"])
    for field in ("mentions", "dates", "quantities", "sentences", "events"):
        assert getattr(with_pass, field) == getattr(alone, field), field
    assert {(e.type, e.source.country) for e in with_pass.events} >= {("DEPLOY", "PRK"), ("AGREE", "RUS")}
    assert [q.value for q in with_pass.quantities] == [11000, 1_000_000, 300]


def test_the_keywords_stage_leaves_the_hits_of_every_later_stage():
    from rasd.events.lexicon import lexicon as events
    from rasd.kb.match import default_matcher
    from rasd.text.dates import lexicon as dates
    from rasd.text.numbers import lexicon as numbers
    doc = _run(["normalize", "keywords", "boilerplate", "dates", "numbers", "entities"])
    left = set(doc.norm.memo)
    assert {dates().starts, numbers().start, default_matcher().keywords} <= left
    assert events().trigger_regex.keywords not in left            # no events stage after it
    assert default_matcher(()) is default_matcher()          # one knowledge base whatever the spelling


def test_unknown_stage_names_are_refused():
    with pytest.raises(PipelineError):
        build_stages(["normalize", "keywords", "nonsense"], stage_table(load_settings()))
    assert [s.name for s in Pipeline.default().stages][:2] == ["normalize", "keywords"]


def test_pipe_runs_batches_with_the_same_results_in_order():
    p = Pipeline.default()
    p.batch_size = 2
    texts = [TEXT, "أرسلت إيران طائرات مسيرة إلى روسيا.", "", "التقى بوتين كيم جونغ أون في بيونغ يانغ."]
    docs = [Document(id=str(i), text=t, published="2024-11-05") for i, t in enumerate(texts)]
    piped = list(p.pipe(docs))
    assert [d.id for d in piped] == ["0", "1", "2", "3"]
    for d, text in zip(piped, texts):
        alone = p.run(Document(id=d.id, text=text, published="2024-11-05"))
        assert (d.events, d.mentions, d.sentences) == (alone.events, alone.mentions, alone.sentences)
    assert [e.type for e in piped[1].events] == ["TRANSFER"]


def test_a_noun_in_taa_marbuta_matches_its_form_before_a_pronoun():
    from rasd.text.normalize import norm
    from rasd.text.wordmatch import WordMatcher
    m = WordMatcher(["دعوة", "زيارة"])
    text = norm("جددت القاهرة دعوتها إلى وقف النار، وخلال زيارته الأولى … لكن دعوت الجميع")
    got = [(text[a:b], form) for a, b, form, _ in m.spans(text)]
    assert (norm("دعوتها"), norm("دعوة")) in got and (norm("زيارته"), norm("زيارة")) in got
    assert not any(w == norm("دعوت") for w, _ in got)     # the ت form alone is a verb, not the noun
