"""Whole pages through the reader: what comes out as main text, its metadata, `rasd text`,
the store, the two boilerplate-rule defects, and the shared benchmark where it is present."""
import json

import pytest

from rasd.ingest.cascade import main_text
from rasd.ingest.maintext import Options
from rasd.ingest.readers import read_paths
from rasd.pipeline import load_settings
from rasd.text.boilerplate import kept_text
from tests import maintext_pages as pages
from tests.conftest import SHARED, jsonl, run_rasd

FAST = Options(fallback=False)        # the structure rules alone: no second extractor to hide behind


def _read(path):
    [doc] = list(read_paths([str(path)], settings=load_settings()))
    return doc


@pytest.mark.parametrize("page, keep, drop", [
    (pages.arabic_news_page, pages.AR_KEEP, pages.AR_DROP),
    (pages.german_news_page, pages.DE_KEEP, pages.DE_DROP),
    (pages.french_news_page, pages.FR_KEEP, pages.FR_DROP),
    (pages.comment_thread_page, pages.COMMENTS_KEEP, pages.COMMENTS_DROP),
    (pages.mostly_links_page, [pages.LINKS_KEEP], ["Meldung Nummer 3", "Ressort 4"]),
], ids=["arabic", "german", "french", "comments", "mostly-links"])
def test_the_fast_path_keeps_the_article_and_drops_the_furniture(page, keep, drop):
    text = main_text(page(), options=FAST).text
    assert [k for k in keep if k not in text] == []
    assert [d for d in drop if d in text] == []


def test_the_title_stays_with_the_article_past_a_byline():
    text = main_text(pages.arabic_news_page(), options=FAST).text
    assert text.startswith("روسيا تتسلم دفعة جديدة من المسيرات الإيرانية")


def test_arabic_page_through_the_reader_with_its_metadata(tmp_path):
    (tmp_path / "a.html").write_text(pages.arabic_news_page(), encoding="utf-8")
    doc = _read(tmp_path / "a.html")
    assert (doc.published, doc.outlet, doc.language) == ("2025-10-14", "موقع الرصد", "ar")
    assert all(k in doc.text for k in pages.AR_KEEP)
    # offsets stay offsets into the stored text, whatever the boilerplate rules remove
    assert all(doc.text[r.start:r.end] for r in doc.removed)


def test_german_page_metadata_from_json_ld(tmp_path):
    (tmp_path / "d.html").write_text(pages.german_news_page(), encoding="utf-8")
    doc = _read(tmp_path / "d.html")
    assert (doc.published, doc.outlet, doc.language, doc.title) == (
        "2024-07-02", "Tagesbeispiel", "de", "Regierung beschließt Hilfspaket")


@pytest.mark.parametrize("charset, title, text, lang", [
    ("latin-1", "Mäscot", "Die Maßnahmen gegen Nässe, Kälte und Hagel wurden in Mäscot und Ährenfeld "
                          "beschlossen, teilte die Gemeinde mit.", "de"),
    ("gb2312", "洪水援助", "政府周二宣布将向受洪水影响的地区提供更多援助，并加强边境检查，以防止走私活动。", None),
    ("cp1256", "مساعدات", "أعلنت الحكومة أنها سترسل مزيدا من المساعدات إلى المناطق المنكوبة في الشمال.", "ar"),
])
def test_pages_in_single_and_double_byte_charsets_read_right(tmp_path, charset, title, text, lang):
    (tmp_path / "p.html").write_bytes(pages.page_in(charset, title, [text] * 6))
    doc = _read(tmp_path / "p.html")
    assert text in doc.text and title in doc.text
    assert doc.encoding not in ("cp1256", "iso8859_6") or charset == "cp1256"
    if lang:
        assert doc.language == lang


def test_a_warc_records_transport_charset_comes_first(tmp_path):
    import io
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter
    text = "Die Maßnahmen gegen Nässe, Kälte und Hagel wurden in Mäscot und Ährenfeld beschlossen, hieß es."
    body = ("<html><body><h1>Mäscot</h1>" + f"<p>{text}</p>" * 5 + "</body></html>").encode("latin-1")
    buf = io.BytesIO()
    w = WARCWriter(buf, gzip=False)
    headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=ISO-8859-1")], protocol="HTTP/1.1")
    w.write_record(w.create_warc_record("https://a.example/1", "response", payload=io.BytesIO(body),
                                        http_headers=headers))
    (tmp_path / "a.warc").write_bytes(buf.getvalue())
    doc = _read(tmp_path / "a.warc")
    assert text in doc.text and doc.language == "de"


def test_a_page_beginning_with_an_ie_conditional_script_keeps_its_text(tmp_path):
    body = "".join(f"<p>{t}</p>" for t in pages.DE_KEEP)
    page = (f'<!--[if IE]><script src="html5shiv.js"></script><![endif]-->\n<html><head><meta charset="utf-8">'
            f"<title>T</title></head><body><h1>Hilfspaket</h1>{body}</body></html>")
    (tmp_path / "ie.html").write_text(page, encoding="utf-8")
    doc = _read(tmp_path / "ie.html")
    assert all(k in doc.text for k in pages.DE_KEEP)


def test_an_article_only_in_a_script_template_is_read_from_the_template(monkeypatch):
    """Blogger writes the post into <script type="text/template">: resiliparse sees nothing,
    and the same rules read the template's HTML (no second extractor)."""
    import rasd.ingest.cascade as cascade
    asked = []
    monkeypatch.setattr(cascade, "_trafilatura", lambda html, *, fast: asked.append(1) or "")
    body = "".join(f"<p>{t}</p>" for t in pages.COMMENTS_KEEP)
    page = (f'<!--[if IE]><script type="text/javascript" src="x.js"></script>\n<![endif]-->\n<html><head>'
            f'<title>Bridge</title></head><body><div class="post-body"><script type="text/template">'
            f"<h1>Old bridge closed</h1>{body}</script></div>"
            '<script type="text/javascript">var widgets = "<p>not the article</p>";</script></body></html>')
    got = main_text(page)
    assert (got.extractor, got.why, asked) == ("template", "empty", [])
    assert all(t in got.text for t in pages.COMMENTS_KEEP) and "not the article" not in got.text
    # an Arabic post in a template, with furniture beside it in the template too
    ar = "".join(f"<p>{t}</p>" for t in pages.AR_KEEP if len(t) > 60)
    page = ('<html><body><script type="text/x-template"><ul><li><a href="/">الرئيسية</a></li>'
            '<li><a href="/s">رياضة</a></li><li><a href="/e">اقتصاد</a></li></ul>'
            f"{ar}</script></body></html>")
    got = main_text(page)
    assert got.extractor == "template" and "رياضة" not in got.text
    assert all(t in got.text for t in pages.AR_KEEP if len(t) > 60)


def test_a_template_that_reads_wrong_too_goes_to_the_second_extractor(monkeypatch):
    import rasd.ingest.cascade as cascade
    asked = []
    monkeypatch.setattr(cascade, "_trafilatura", lambda html, *, fast: asked.append(1) or "")
    page = ('<html><body><script type="text/template"><p><a href="/a">One</a> <a href="/b">Two</a></p>'
            "</script></body></html>")
    got = main_text(page)
    assert asked == [1] and got.extractor != "template"


def test_a_feed_entrys_content_loses_its_furniture(tmp_path):
    import html
    content = ("".join(f"<p>{t}</p>" for t in pages.AR_KEEP[:2]) +
               '<p>اقرأ أيضاً: <a href="/x">الكرملين يرد على العقوبات الجديدة</a></p>'
               '<div>شارك الخبر <a href="#">فيسبوك</a> <a href="#">تويتر</a></div>')
    rss = (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>وكالة</title>'
           f"<item><title>مسيرات</title><link>https://f.example/1</link><guid>g1</guid>"
           f"<description>{html.escape(content)}</description></item></channel></rss>")
    (tmp_path / "news.rss").write_text(rss, encoding="utf-8")
    doc = _read(tmp_path / "news.rss")
    assert all(k in doc.text for k in pages.AR_KEEP[:2])
    assert "الكرملين يرد" not in doc.text and "فيسبوك" not in doc.text


def test_rasd_text_prints_what_rasd_reads(tmp_path):
    (tmp_path / "a.html").write_text(pages.arabic_news_page(), encoding="utf-8")
    (tmp_path / "b.txt").write_text("عنوان\nأكد مسؤول كوري جنوبي، الخميس، أن كوريا الشمالية أرسلت قذائف إلى روسيا.\n"
                                    "شارك الخبر\n", encoding="utf-8")
    out = jsonl(run_rasd("text", tmp_path, "--jsonl").stdout)
    assert [(r["doc"], set(r)) for r in out] == [("a", {"file", "doc", "text"}), ("b", {"file", "doc", "text"})]
    assert all(k in out[0]["text"] for k in pages.AR_KEEP) and "شارك الخبر" not in out[0]["text"]
    assert "شارك الخبر" not in out[1]["text"] and "كوريا الشمالية" in out[1]["text"]
    plain = run_rasd("text", tmp_path / "b.txt").stdout
    assert plain.startswith("== b (") and "كوريا الشمالية" in plain
    bad = run_rasd("text", tmp_path / "missing.html", check=False)
    assert bad.returncode == 2 and "no such file" in bad.stderr


def test_reingesting_a_page_changes_nothing(tmp_path):
    from rasd.pipeline import Pipeline
    from rasd.store.sqlite import Store
    (tmp_path / "a.html").write_text(pages.arabic_news_page(), encoding="utf-8")
    pipeline = Pipeline.default()
    with Store(str(tmp_path / "s.db")) as store:
        first = store.save(pipeline.run(_read(tmp_path / "a.html")))
        again = store.save(pipeline.run(_read(tmp_path / "a.html")))
    assert (first.status, again.status) == ("new", "duplicate")


# -- the boilerplate rules' two defects (they apply to text inputs too) --------------------
def test_a_comment_count_at_the_top_does_not_remove_the_article(tmp_path):
    text = ("وزير الدفاع يزور بيونغ يانغ\n1 Comment\n"
            "وصل وزير الدفاع الروسي إلى بيونغ يانغ، الخميس، في زيارة رسمية تستمر يومين.\n"
            "وقال مسؤولون إن الزيارة ستتناول التعاون العسكري بين البلدين.\n")
    (tmp_path / "t.txt").write_text(text, encoding="utf-8")
    kept = kept_text(_read(tmp_path / "t.txt"))
    assert "1 Comment" not in kept and "التعاون العسكري" in kept


def test_a_copyright_caption_glued_to_the_first_paragraph_keeps_the_paragraph(tmp_path):
    first = ("© AFP أعلنت وزارة الخارجية الكورية الجنوبية، الأربعاء، أن سيول تدرس إرسال أسلحة دفاعية إلى "
             "أوكرانيا ردا على إرسال كوريا الشمالية جنودا إلى روسيا، وأن القرار سيتخذ خلال أسابيع.")
    (tmp_path / "c.txt").write_text(f"عنوان الخبر\n{first}\n© 2025 جميع الحقوق محفوظة\n", encoding="utf-8")
    kept = kept_text(_read(tmp_path / "c.txt"))
    assert "سيول تدرس إرسال أسلحة" in kept and "جميع الحقوق محفوظة" not in kept


# -- the shared benchmark -------------------------------------------------------------------
BENCH = SHARED / "eval" / "boilerplate"


@pytest.mark.slow
def test_main_text_on_the_shared_benchmark_pages():
    """Main text on the shared pages (snippets kept and dropped, scored as score.py does):
    no crash, nothing empty, and F1 well above resiliparse's 0.84."""
    if not (BENCH / "gold.jsonl").is_file():
        pytest.skip("../shared/eval/boilerplate is not here")
    from bench.maintext_bench import decoded, fold, score
    from rasd.ingest.readers import html_document
    gold = [json.loads(line) for line in open(BENCH / "gold.jsonl", encoding="utf-8")]
    texts = {}
    for g in gold:
        html = decoded((BENCH / "pages" / g["file"]).read_bytes())
        assert html, g["file"]                                   # every page decodes
        texts[g["file"]] = html_document("p", html, "p.html").text
        assert fold(texts[g["file"]]), g["file"]                 # and has a main text
    s = score(gold, texts)
    assert s["f1"] >= 0.91 and s["precision"] >= 0.89 and s["recall"] >= 0.93, s
