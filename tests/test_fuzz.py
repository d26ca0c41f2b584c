"""Fuzzing: hostile text through every stage and every reader. No exception but a named input
error, every span inside the text and equal to its slice.

CI runs a few hundred inputs per target; the larger run by hand is
`RASD_FUZZ=100000 pytest tests/test_fuzz.py` (hypothesis' examples per target).
"""
import os
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings, strategies as st

from rasd.errors import InputError
from rasd.ingest.readers import html_document, read_file
from rasd.model import Document, Skipped
from rasd.pipeline import Pipeline, load_settings

EXAMPLES = int(os.environ.get("RASD_FUZZ", "150"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))

WORDS = ["أرسلت", "روسيا", "كوريا الشمالية", "إلى", "طائرة مسيرة", "500", "٣٠٠٠", "ألف", "جندي", "الاثنين",
         "تشرين الأول/ أكتوبر", "نفت", "بحسب", "Iran", "sent", "drones", "to", "Russia", "2024-11-06", "قال", "إن",
         "صواريخ", "ونفى الكرملين", "مليون دولار", "Kim Jong Un", "بيونغ يانغ", "كييف"]
ODD = ["\u064e", "\u0651", "\u0652", "ـ", "\u200f", "\u200e", "\u202e", "\u2066", "\u200b", "\u200d", "\ufeff",
       "\x00", "\x01", "\x1b[2J", "\r", "\n", "\n\n", "\t", ".", "،", "؟", "!", "«", "»", '"', "(", ")", "9" * 40,
       "١٢٣٤٥٦٧٨٩٠" * 3, "&amp;", "<div>", "</p>", "[", "]", "\ud800", "\udfff", "😀", "\u0600", " " * 50]
hostile_text = st.lists(st.one_of(st.sampled_from(WORDS), st.sampled_from(ODD), st.text(max_size=8)),
                        max_size=60).map(" ".join)

FAST = load_settings()
FAST["events"]["learned"] = False
_pipelines: dict[bool, Pipeline] = {}


def pipeline(learned: bool) -> Pipeline:
    if learned not in _pipelines:
        s = load_settings() if learned else FAST
        _pipelines[learned] = Pipeline.default(s)
    return _pipelines[learned]


def _check_spans(doc: Document) -> None:
    n = len(doc.text)
    for view in (doc.sentences, doc.tokens, doc.mentions, doc.removed, doc.quantities, doc.dates):
        for s in view:
            assert 0 <= s.start <= s.end <= n
    for q in list(doc.quantities) + list(doc.dates):
        assert doc.text[q.start:q.end] == q.text or not q.text
    for e in doc.events:
        assert 0 <= e.sentence.start <= e.sentence.end <= n
        assert e.sentence.start <= e.trigger.start <= e.trigger.end <= e.sentence.end


@FUZZ
@given(hostile_text)
def test_every_stage_takes_hostile_text(text):
    text = text.encode("utf-8", "replace").decode("utf-8")       # what a reader can hand on
    for learned in (False, True):
        doc = pipeline(learned).run(Document(id="f", text=text))
        _check_spans(doc)


@FUZZ
@given(hostile_text)
def test_event_records_quote_their_own_slice(text):
    from rasd.events.records import records
    text = text.encode("utf-8", "replace").decode("utf-8")
    doc = pipeline(True).run(Document(id="f", text=text))
    for rec in records(doc):
        ev = rec["evidence"]
        assert doc.text[ev["start"]:ev["end"]] == ev["text"]


html_parts = st.lists(st.one_of(st.sampled_from(["<div>", "</div>", "<p>", "</p>", "<script>", "</script>", "<!--",
                                                 "-->", "<table><tr><td>", "&lt;", "&#x202e;", "&#0;", "&nbsp;",
                                                 "<br>", "<a href='x'>", "<meta charset='cp1256'>", "<![CDATA[",
                                                 "<title>", "</title>", "<div>" * 200]),
                                st.sampled_from(WORDS), hostile_text), max_size=40).map("".join)


@FUZZ
@given(html_parts)
def test_html_to_text_never_fails(html):
    try:
        doc = html_document("h", html, "h.html")
    except InputError:
        return
    _check_spans(pipeline(False).run(doc))


SUFFIXES = [".txt", ".html", ".jsonl", ".warc", ".rss", ".txt.gz", ".warc.gz", ".jsonl.gz"]


@FUZZ
@given(st.sampled_from(SUFFIXES), st.one_of(st.binary(max_size=400), hostile_text.map(lambda s: s.encode("utf-8",
                                                                                                         "surrogatepass")),
                                            html_parts.map(lambda s: s.encode("utf-8", "surrogatepass"))))
def test_every_reader_takes_any_bytes(suffix, data):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"x{suffix}"
        path.write_bytes(data)
        for item in read_file(path, settings=load_settings(), meta={}):
            assert isinstance(item, (Document, Skipped))
            if isinstance(item, Document):
                item.text.encode("utf-8")                     # storable: no lone surrogate left
                _check_spans(pipeline(False).run(item))
