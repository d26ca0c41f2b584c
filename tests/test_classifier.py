"""The learned layer: its training data's schema, its candidates and features, its weights."""
import json

import numpy as np
import pytest

from rasd.events.classifier import data
from rasd.events.classifier.features import context_parties, parties, sentence_candidates, stem
from rasd.events.classifier.model import Model, ModelError, default_model
from rasd.events.extract import sentence_work
from rasd.model import Document
from rasd.pipeline import Pipeline, load_settings


def _article(**over):
    art = {"id": "t-1", "lang": "ar", "published": "2024-05-12", "sentences": [
        {"text": "أرسلت روسيا جنودا إلى مالي.", "events": [
            {"type": "DEPLOY", "source": "RUS", "target": "MLI", "status": "asserted", "claimant": None}]},
        {"text": "ولم يعلق الكرملين.", "par": True, "events": []}]}
    art.update(over)
    return art


def _write(tmp_path, *arts):
    p = tmp_path / "x.jsonl"
    p.write_text("".join(json.dumps(a, ensure_ascii=False) + "\n" for a in arts), encoding="utf-8")
    return p


def test_a_valid_file_loads_with_its_labels_and_text(tmp_path):
    arts = data.load([_write(tmp_path, _article())], countries=data.known_countries())
    (art,) = arts
    text, spans = art.text_and_spans()
    assert [text[a:b] for a, b in spans] == [s.text for s in art.sentences]
    assert "\n\n" in text     # the headline stands apart from the body
    assert art.sentences[0].events[0].key() == ("DEPLOY", "RUS", "MLI")


@pytest.mark.parametrize("bad, message", [
    ({"type": "INVADE", "source": "RUS", "target": "UKR"}, "type"),
    ({"type": "ATTACK", "source": "Russia", "target": "UKR"}, "three-letter"),
    ({"type": "ATTACK", "source": "XYZ", "target": "UKR"}, "knowledge base"),
    ({"type": "ATTACK", "source": "RUS", "target": "UKR", "status": "rumoured"}, "status"),
    ({"type": "TRANSFER", "source": None, "target": "UKR"}, "needs a source"),
    ({"type": "ATTACK", "source": "RUS", "target": "UKR", "date": "5 May"}, "date"),
    ({"type": "ATTACK", "source": "RUS", "target": "UKR", "quantity": "many"}, "quantity"),
    ({"type": "ATTACK", "source": "RUS", "target": "UKR", "who": "x"}, "unknown fields"),
])
def test_a_bad_label_is_refused_with_its_place(tmp_path, bad, message):
    art = _article(sentences=[{"text": "جملة.", "events": [bad]}])
    with pytest.raises(data.DataError, match=message) as err:
        data.load([_write(tmp_path, art)], countries=data.known_countries())
    assert "x.jsonl:1 sentence 1 event 1" in str(err.value)


def test_violence_by_an_unknown_attacker_has_no_source(tmp_path):
    art = _article(sentences=[{"text": "انفجرت سيارة مفخخة في بغداد.", "events": [
        {"type": "ATTACK", "source": None, "target": "IRQ"}]}])
    (got,) = data.load([_write(tmp_path, art)], countries=data.known_countries())
    assert got.sentences[0].events[0].key() == ("ATTACK", None, "IRQ")


def test_duplicate_ids_and_line_breaks_are_refused(tmp_path):
    with pytest.raises(data.DataError, match="used twice"):
        data.load([_write(tmp_path, _article(), _article())])
    with pytest.raises(data.DataError, match="one sentence"):
        data.load([_write(tmp_path, _article(sentences=[{"text": "سطر\nآخر", "events": []}]))])


def test_the_shipped_training_data_is_valid():
    arts = data.load(countries=data.known_countries())
    assert len(arts) >= 20
    assert {a.lang for a in arts} == {"ar", "en"}


@pytest.mark.parametrize("word, want", [("وبإرسالها", "ارسال"), ("بالصواريخ", "صواريخ"),
                                        ("وصواريخها", "صواريخ"), ("سيرسلون", "يرسل"), ("deliveries", "deliveri"), ("sent", "sent")])
def test_stem_takes_off_clitics_and_endings(word, want):
    from rasd.text.normalize import norm
    assert stem(norm(word)) == norm(want)


def _work(text):
    settings = load_settings()
    settings["pipeline"]["stages"] = [n for n in settings["pipeline"]["stages"] if n != "events"]
    doc = Pipeline.default(settings).run(Document(id="t", text=text, published="2024-11-06"))
    return doc, sentence_work(doc, every_party=True)


def test_every_ordered_pair_of_named_countries_is_a_candidate():
    doc, work = _work("فرضت بريطانيا وفرنسا وألمانيا عقوبات على إيران.")
    (w,) = work
    assert [p.country for p in parties(w.view)] == ["GBR", "FRA", "DEU", "IRN"]
    _, cands = sentence_candidates(w.view, w.triggers, {}, w.rules)
    pairs = {(c.source.country, c.target.country if c.target else None) for c in cands}
    assert {("GBR", "IRN"), ("FRA", "IRN"), ("DEU", "IRN"), ("IRN", "GBR"), ("GBR", None)} <= pairs
    assert len(pairs) == 4 * 3 + 4
    # the pair's own features: the preposition before the target, the trigger between
    c = next(c for c in cands if (c.source.country, c.target and c.target.country) == ("DEU", "IRN"))
    assert "Tp:علي" in c.features and "tr:SANCTION:ST:M" in c.features


def test_the_sides_of_a_civil_war_are_two_parties_of_one_country():
    doc, work = _work("شنت قوات الدعم السريع هجوماً بطائرات مسيّرة على مواقع الجيش السوداني في الفاشر.")
    (w,) = work
    sides = parties(w.view)
    assert [p.country for p in sides] == ["SDN", "SDN"]
    assert {p.actor.code for p in sides} == {"SDNREB", "SDNMIL"}
    _, cands = sentence_candidates(w.view, w.triggers, {}, w.rules)
    assert sum(1 for c in cands if c.target is not None) == 2     # each side against the other


def test_a_sentence_naming_one_country_is_paired_with_the_ones_just_before():
    doc, work = _work("أعلنت واشنطن أن بيونغ يانغ أرسلت قذائف إلى موسكو. ونفت الخارجية الروسية ذلك.")
    w = work[-1]
    got = context_parties(w.view, {"RUS"})
    assert [p.country for p in got][:2] == ["PRK", "USA"] and all(p.context for p in got)
    _, cands = sentence_candidates(w.view, w.triggers, {}, w.rules)
    assert any(c.target is not None and c.target.context and "ctx" in c.features for c in cands)


def test_the_shipped_model_loads_scores_and_saves_unchanged(tmp_path):
    m = default_model()
    assert m.types == data.TYPES and m.pairs.weights.shape == (len(m.pairs.vocab), len(m.types))
    assert m.encoded is not None and m.encoded.vocab is m.sentence.vocab and m.encoded.dense.shape == (512, 11)
    assert m.status is not None and m.status.types == ("asserted", "denied", "hedged", "planned")
    p = m.pair_probabilities(["bias"], [["bias"], []])
    assert p.shape == (2, len(m.types)) and ((0 <= p) & (p <= 1)).all()
    m.save(tmp_path)
    again = Model.load(tmp_path)
    assert again.pairs.vocab == m.pairs.vocab and again.thresholds.tolist() == m.thresholds.tolist()
    assert np.allclose(again.status.weights, m.status.weights) and again.cascade == m.cascade


def test_missing_weights_are_a_named_error(tmp_path):
    with pytest.raises(ModelError, match="make train-events"):
        Model.load(tmp_path)


def test_training_on_a_few_articles_gives_a_model_that_loads_and_extracts(tmp_path, capsys):
    """`make train-events` end to end, on two articles of each shipped file and without the
    encoder (the figures mean nothing at this size; the plumbing is what is tested)."""
    from rasd.events.classifier import train
    from rasd.events.classifier.decide import decide
    arts = data.load()
    few = tmp_path / "few.jsonl"
    few.write_text("".join(line for path in sorted(data.DATA_DIR.glob("*.jsonl"))
                           for line in path.read_text(encoding="utf-8").splitlines(True)[:2]), encoding="utf-8")
    assert train.main(["--data", str(few), "--folds", "2", "--no-encoder", "--out", str(tmp_path / "m")]) == 0
    printed = capsys.readouterr().out
    assert "labelled events have a candidate" in printed and "TRANSFER" in printed
    m = Model.load(tmp_path / "m")
    assert m.encoded is None and len(m.sentence.vocab) > 100 and len(m.pairs.vocab) > 100
    assert json.loads((tmp_path / "m" / "model.json").read_text())["trained_on"]["articles"] == len(
        data.load([few]))
    doc, work = _work("أرسلت كوريا الشمالية آلاف الجنود إلى روسيا.")
    decided = decide(doc, work, model=m, encode=False)
    assert len(decided) == len(work) and len(arts) > len(data.load([few]))


def test_fast_gives_the_rules_alone_from_the_command_line(tmp_path):
    from conftest import jsonl, run_rasd
    from rasd.events.extract import extract_events
    from rasd.events.records import records
    text = "قال مسؤول أمريكي إن كوريا الشمالية أرسلت قذائف مدفعية إلى روسيا، ونفت موسكو ذلك."
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    fast = jsonl(run_rasd("extract", tmp_path / "a.txt", "--fast").stdout)
    settings = load_settings()
    settings["pipeline"]["stages"] = [n for n in settings["pipeline"]["stages"] if n != "events"]
    doc = extract_events(Pipeline.default(settings).run(Document(id="a", text=text)))
    assert fast == records(doc) and fast
    assert jsonl(run_rasd("extract", tmp_path / "a.txt").stdout)   # the default path finds it too


def test_violence_with_a_missing_party_takes_the_target_the_model_half_believes():
    """The rules' attack with an attacker and no target gets the pair model's likeliest target
    for that attacker when it reaches half its threshold; below that it stays as it is, and a
    sentence with a fully named attack drops its half-named ones."""
    from types import SimpleNamespace

    from rasd.events.classifier.decide import _complete_violence
    from rasd.events.classifier.features import Candidate, Party
    from rasd.model import Actor, Event, Sentence, Span
    rus, ukr, pol = (Actor(c, c, c) for c in ("RUS", "UKR", "POL"))
    types = data.TYPES
    k = types.index("ATTACK")
    model = SimpleNamespace(types=types, thresholds=np.full(len(types), 0.6, dtype=np.float32))
    sent = Sentence(0, 10)
    half = Event("ATTACK", sent, Span(0, 3), source=rus, target=None)
    cands = [Candidate(Party("RUS", rus), Party("UKR", ukr), []), Candidate(Party("RUS", rus), Party("POL", pol), [])]
    probs = np.zeros((2, len(types)), dtype=np.float32)
    probs[0, k], probs[1, k] = 0.35, 0.1
    (done,) = _complete_violence([half], cands, probs, model)
    assert done.target is ukr
    probs[0, k] = 0.25                                  # below half the threshold: left as the rules put it
    assert _complete_violence([half], cands, probs, model) == [half]
    full = Event("ATTACK", sent, Span(4, 6), source=ukr, target=rus)
    assert _complete_violence([half, full], cands, probs, model) == [full]


def test_pair_probabilities_are_each_candidates_features_summed_once():
    """The batched scoring (one gather, sums per candidate) equals scoring each candidate
    alone: shared features count once, a feature listed twice counts once, an empty
    candidate gets the shared score."""
    import random
    m = default_model()
    names = list(m.pairs.vocab)[:3000]
    rnd = random.Random(7)
    v, w = m.pairs.vocab, m.pairs.weights
    for _ in range(30):
        shared = rnd.sample(names, 20)
        cands = [rnd.sample(names, rnd.randint(0, 40)) for _ in range(rnd.randint(1, 25))] + [[], shared[:3]]
        cands.append(cands[0] + cands[0])
        rnd.shuffle(cands)
        got = m.pair_probabilities(shared + ["not a feature"], cands)
        common = {v[f] for f in shared}
        for k, feats in enumerate(cands):
            z = w[list(common | {v[f] for f in feats})].sum(0) + m.pairs.bias
            assert np.allclose(got[k], 1 / (1 + np.exp(-z)), atol=1e-5)
