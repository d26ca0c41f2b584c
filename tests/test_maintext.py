"""The main-text stage's parts: blocks and their links, the cues, the selection, the depth
check, metadata, language and the encoding order."""
import pytest

from rasd.errors import ConfigError
from rasd.ingest.blocks import parse_blocks
from rasd.ingest.encoding import decode_text, looks_arabic
from rasd.ingest.language import identify
from rasd.ingest.maintext import Options, cues, select, validate_cues
from rasd.ingest.metadata import page_metadata

PROSE = ("The ministry said on Tuesday that the new rules would apply to every importer from the "
         "first of next month, and that inspections at the border would be stepped up.")


# -- blocks ---------------------------------------------------------------------------------
def test_blocks_carry_their_link_text_and_list():
    blocks = parse_blocks('<p>Read <a href="/x">the report</a> here.</p>\n<ul>\n  <li><a href="/a">Home</a></li>\n'
                          '  <li><a href="/b">World</a></li>\n</ul>\n<h2>Title</h2>')
    assert [(b.tag, b.text, b.links, b.list_no) for b in blocks] == [
        ("p", "Read the report here.", len("the report"), 0), ("li", "Home", 4, 1), ("li", "World", 5, 1),
        ("h", "Title", 0, 0)]
    assert blocks[3].level == 2


def test_an_unclosed_link_is_not_link_text_but_a_link_around_blocks_is():
    # resiliparse leaves an image link's <a> unclosed: the paragraph after it is not a link
    blocks = parse_blocks('<p><a href="/img">Prose that follows an image link and is the article.</p>\n'
                          '<a href="/story">\n\n<h3>A teaser headline</h3></a>')
    assert blocks[0].links == 0
    assert blocks[1].links == len("A teaser headline")


def test_entities_breaks_and_invisible_characters():
    [b] = parse_blocks("<p>Fish &amp; chips<br>Mit\u00adtel\u00adal\u00adter</p>")
    assert b.text == "Fish & chips\nMittelalter"


# -- cues -----------------------------------------------------------------------------------
def test_cues_know_many_languages_but_only_short_blocks():
    c = cues()
    assert c.kind("اقرأ أيضاً") == "end" and c.kind("Das könnte Sie auch interessieren") == "end"
    assert c.kind("Vous aimerez aussi") == "end" and c.kind("Czytaj też") == "end"
    assert c.kind("12 Kommentare") == "comments" and c.kind("التعليقات") == "comments"
    assert c.kind("Wir verwenden Cookies, um Ihnen das beste Erlebnis zu bieten") == "chrome"
    assert c.kind("© 2024 Example Media. All rights reserved. Reproduction without permission is prohibited.") \
        == "chrome"
    assert c.kind("Related articles " + "x" * 200) is None          # a paragraph, not a heading
    assert c.kind(PROSE) is None


def test_a_caption_that_ends_with_its_credit_is_furniture():
    c = cues()
    assert c.kind("الرئيس خلال زيارته إلى المصنع الحربي يوم الأحد. © رويترز") == "chrome"
    assert c.kind("The minister at the border crossing on Monday. © AFP / Jane Doe") == "chrome"
    assert c.kind("Festival de la ville, édition 2024, photo via") == "chrome"
    # a sentence that names a copyright, or a paragraph, is not a caption
    assert c.kind("The court ruled that the © symbol alone does not protect a name.") is None
    assert c.kind(PROSE + " © AFP") is None


def test_a_notice_that_opens_a_short_paragraph_is_furniture():
    c = cues()
    ar = ("نستخدم ملفات تعريف الارتباط لتحسين تجربتك على موقعنا وتحليل الزيارات وعرض محتوى يناسب اهتماماتك، "
          "وباستمرارك في تصفح الموقع فإنك توافق على ذلك وفق سياسة الخصوصية الخاصة بنا.")
    en = ("We use cookies to understand how you use our site and to improve your experience, including "
          "personalised content and advertising. By continuing, you accept our use of cookies and our policy.")
    assert 120 < len(ar) <= 300 and 120 < len(en) <= 300
    assert c.kind(ar) == "chrome" and c.kind(en) == "chrome"
    assert c.kind("Sign up for our newsletter and get the day's most important stories, explained, in your "
                  "inbox every morning before breakfast, free of charge.") == "chrome"
    assert c.kind("The company said it would use cookies from the new bakery in every store from next month, "
                  "and that customers who had complained about the old recipe would get a refund.") is None


def test_bad_cue_data_is_refused():
    assert validate_cues([{"kind": "end", "max_chars": 50, "patterns": ["(unclosed"]}])
    assert validate_cues([{"kind": "sideways", "max_chars": 50, "patterns": ["x"]}])
    assert validate_cues([{"kind": "end", "max_chars": 50, "patterns": [".*"]}])   # matches everything
    assert not validate_cues([{"kind": "end", "max_chars": 50, "patterns": ["read more"]}])


def test_unknown_settings_are_refused():
    with pytest.raises(ConfigError):
        Options.of({"maintext": {"min_char": 3}})
    assert Options.of({"maintext": {"min_chars": 3}}).min_chars == 3


# -- selection ------------------------------------------------------------------------------
def _sel(html: str, **options):
    return select(parse_blocks(html), options=Options(**options))


def test_the_main_run_drops_menus_before_and_link_lists_after():
    menu = "".join(f'<li><a href="/{i}">Section {i}</a></li>' for i in range(8))
    related = "".join(f'<li><a href="/r{i}">Another story number {i} about something</a></li>' for i in range(5))
    sel = _sel(f"<ul>{menu}</ul><h1>Ministry tightens import rules</h1><p>{PROSE}</p><p>{PROSE}</p>"
               f"<h3>Related stories</h3><ul>{related}</ul>")
    assert sel.text == f"Ministry tightens import rules\n\n{PROSE}\n\n{PROSE}"
    assert {"links", "link_list", "end"} >= {w for w in sel.why if w} - {"outside"}


def test_an_inline_read_also_box_does_not_end_the_article():
    sel = _sel(f"<p>{PROSE}</p><p>{PROSE} Two.</p><h4>Read also</h4><p>{PROSE} Three.</p><p>{PROSE} Four.</p>")
    assert sel.text.count(PROSE) == 4 and "Read also" not in sel.text


def test_a_comment_heading_ends_the_article():
    sel = _sel(f"<p>{PROSE}</p><p>{PROSE} Two.</p><h3>4 Comments</h3><p>A reader wrote a long comment that "
               f"reads like prose and would otherwise pass for the article, with many words in it.</p>")
    assert "reader" not in sel.text and sel.text.count(PROSE) == 2


def test_teaser_lists_after_the_article_are_dropped():
    teasers = "".join(f'<a href="/t{i}"><h3>Headline {i}</h3></a><p>Summary of another article number {i}, '
                      f'long enough to look like a paragraph of prose to a length rule.</p>' for i in range(3))
    sel = _sel(f"<p>{PROSE}</p><p>{PROSE} Two.</p><p>{PROSE} Three.</p>{teasers}")
    assert "Summary" not in sel.text and sel.text.count(PROSE) == 3


def test_nothing_in_nothing_out():
    assert select([]).text == ""


# -- depth check ----------------------------------------------------------------------------
def test_the_depth_check_sends_deep_pages_to_cap_nesting_and_passes_real_ones():
    from rasd.ingest.htmldepth import cap_nesting
    from rasd.ingest.shallow import needs_no_cap
    assert not needs_no_cap("<div>" * 5000 + "x")
    assert not needs_no_cap("<span>" * 300 + "<div>" * 10 + "</span>" * 300)    # end tags that close nothing
    page = "<html><body>" + "<div><p>text <b>bold</b><br></p><ul><li>a</li><li>b</li></ul></div>" * 500
    assert needs_no_cap(page + "<p>an unclosed paragraph<li>an unclosed item" * 20)
    # hundreds of unclosed items are not shown shallow by counting: cap_nesting decides (and changes nothing)
    sloppy = page + "<ul><li>a<li>b</ul>" * 300
    assert not needs_no_cap(sloppy) and cap_nesting(sloppy) is sloppy
    assert needs_no_cap("<script>" + "<div>" * 1000 + "</script><p>x</p>")      # raw text is not tags
    assert needs_no_cap("<SCRIPT>" + "<div>" * 1000 + "</Script><p>x</p>")      # ... in any case
    assert not needs_no_cap("<DIV>" * 300 + "x") and not needs_no_cap("<Div>" * 150 + "<div>" * 150)
    assert needs_no_cap(page + "<P>old markup<BR><IMG src=x><HR>" * 200)      # void tags in capitals open nothing


def test_a_small_page_goes_to_the_parser_as_it_is_whatever_its_depth():
    import time

    from rasd.ingest.readers import html_document
    from rasd.ingest.shallow import PARSE_FIRST_TAGS, SMALL_PAGE_TAGS, parse_page
    sentence = "أرسلت روسيا 500 طائرة مسيرة إلى إيران، according to the ministry."
    small = "<div>" * (SMALL_PAGE_TAGS - 10) + sentence
    assert parse_page(small)[1] is small                       # no check: it has few tags
    t0 = time.process_time()
    doc = html_document("deep", small, "deep.html")
    assert sentence in doc.text and time.process_time() - t0 < 2      # ~0.1 s at the worst
    # a larger page is parsed first and its tree looked at: capped only where it nests too deep
    deep = "<div>" * (SMALL_PAGE_TAGS + 500) + sentence
    tree, html = parse_page(deep)
    assert html is not deep and html.count("<div>") == 256 and sentence in html
    shallow = "<html><body>" + "<div><p>Short news of the day, told in a few words.</p></div>" * 800
    assert parse_page(shallow)[1] is shallow
    # past PARSE_FIRST_TAGS the depth is shown before parsing
    huge = "<span>" * (PARSE_FIRST_TAGS + 100) + sentence
    assert parse_page(huge)[1] is not huge
    assert parse_page(shallow * 4)[1] == shallow * 4


def test_the_depth_check_never_passes_what_cap_nesting_would_change():
    import random
    from rasd.ingest.htmldepth import cap_nesting
    from rasd.ingest.shallow import needs_no_cap
    names = ["div", "p", "li", "ul", "span", "a", "b", "td", "tr", "table", "br", "img", "select", "option",
             "svg", "path", "form", "body", "DIV", "Li", "BR", "Img", "SCRIPT", "Style", "\u017fcript"]
    rng = random.Random(7)
    for _ in range(2000):
        parts = []
        for _ in range(rng.randrange(5, 60)):
            r = rng.random()
            parts.append("<!-- c -->" if r < 0.04 else "<script>'<div>'</script>" if r < 0.07 else
                         "<Script>'<p>'</SCRIPT >" if r < 0.1 else
                         rng.choice(["<%s>", "</%s>", "<%s/>", '<%s x="1">']) % rng.choice(names))
        html = "".join(parts)
        for limit in (2, 3, 5):
            assert not needs_no_cap(html, limit) or cap_nesting(html, limit) is html, html


# -- metadata -------------------------------------------------------------------------------
def test_dates_from_json_ld_meta_time_and_url():
    ld = ('<script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"WebSite",'
          '"name":"X"},{"@type":"NewsArticle","headline":"H","datePublished":"2024-03-05T08:00:00Z",'
          '"author":[{"@type":"Person","name":"A. Writer"}],"publisher":{"@type":"Organization","name":"Pub"}}]}'
          '</script>')
    meta = page_metadata(f"<html><head>{ld}</head><body></body></html>")
    assert (meta.published, meta.author, meta.site, meta.title) == ("2024-03-05", "A. Writer", "Pub", "H")
    assert page_metadata('<meta property="article:published_time" content="2023-11-02T10:00:00+02:00">'
                         ).published == "2023-11-02"
    assert page_metadata('<p>x</p><time class="entry-date published" datetime="2022-01-09T07:00">9 Jan</time>'
                         ).published == "2022-01-09"
    assert page_metadata('<link rel="canonical" href="https://news.example/2021/06/30/a-story/">'
                         ).published == "2021-06-30"
    assert page_metadata('<span itemprop="datePublished">14.02.2020</span>').published == "2020-02-14"
    assert page_metadata("<p>no date here</p>").published is None


def test_broken_json_ld_and_odd_values_never_raise():
    meta = page_metadata('<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": </script>'
                         '<meta name="date" content="not a date"><html lang="de-DE">')
    assert meta.published is None and meta.language == "de"


# -- language -------------------------------------------------------------------------------
@pytest.mark.parametrize("text, code", [
    ("Die Regierung hat am Dienstag ein weiteres Hilfspaket für die betroffenen Gemeinden beschlossen.", "de"),
    ("El gobierno anunció ayer que enviará más ayuda a las regiones afectadas por las inundaciones.", "es"),
    ("Rząd ogłosił wczoraj, że wyśle więcej pomocy do regionów dotkniętych powodzią na północy.", "pl"),
    ("Le gouvernement a annoncé mardi qu'il enverrait davantage d'aide aux régions sinistrées.", "fr"),
    ("The government said on Tuesday that it would send more aid to the flooded regions.", "en"),
    ("أعلنت الحكومة أنها سترسل مزيدا من المساعدات إلى المناطق المنكوبة.", "ar"),
    ("Правительство объявило во вторник, что направит дополнительную помощь в пострадавшие регионы.", "ru"),
])
def test_languages_beyond_arabic_and_english(text, code):
    assert identify(text) == code


def test_too_little_text_is_english_only_when_it_is_plain_latin():
    assert identify("Kim Jong Un") == "en"
    assert identify("Zażółć gęślą") == "other"
    assert identify("Zażółć gęślą", declared="pl") == "pl"


# -- encoding -------------------------------------------------------------------------------
# Latin-1 bytes that windows-1256 reads as Arabic letters (ä ß Ä), as rasd once read them ("Mأ¤scot")
GERMAN = "Die Maßnahmen gegen Nässe, Kälte und Hagel wurden in Mäscot und Ährenfeld beschlossen. " * 4
CHINESE = "政府周二宣布将向受洪水影响的地区提供更多援助，并加强边境检查。" * 4
ARABIC = "أعلنت الحكومة أنها سترسل مزيدا من المساعدات إلى المناطق المنكوبة في الشمال. " * 4


@pytest.mark.parametrize("declare", [True, False])
def test_latin1_pages_decode_as_latin1_not_windows_1256(declare):
    from tests.maintext_pages import page_in
    text, enc, _ = decode_text(page_in("latin-1", "Köln", [GERMAN], declare=declare), html=True)
    assert "Mäscot" in text and "Ährenfeld" in text and enc not in ("cp1256", "iso8859_6")


@pytest.mark.parametrize("declare", [True, False])
def test_gb2312_pages_are_not_read_as_arabic(declare):
    from tests.maintext_pages import page_in
    text, enc, _ = decode_text(page_in("gb2312", "洪水", [CHINESE], declare=declare), html=True)
    assert enc not in ("cp1256", "iso8859_6")
    if declare:
        assert CHINESE in text


@pytest.mark.parametrize("declare", [True, False])
def test_windows_1256_pages_decode_as_arabic(declare):
    from tests.maintext_pages import page_in
    text, enc, _ = decode_text(page_in("cp1256", "أخبار", [ARABIC], declare=declare), html=True)
    assert ARABIC in text and enc == "cp1256"


def test_a_transport_charset_comes_first_but_not_over_multibyte_utf8():
    data = ("<p>" + GERMAN + "</p>").encode("cp1252")
    assert decode_text(data, declared="windows-1252")[1] == "cp1252"
    utf8 = ("<p>" + GERMAN + "</p>").encode("utf-8")
    assert decode_text(utf8, declared="iso-8859-1")[0] == "<p>" + GERMAN + "</p>"   # the server's default label
    arabic = ("<p>" + ARABIC + "</p>").encode("cp1256")
    assert decode_text(arabic, declared="iso-8859-1")[1] == "cp1256"     # an Arabic page behind a Latin label


def test_what_looks_arabic():
    assert looks_arabic(ARABIC)
    assert not looks_arabic(GERMAN.encode("latin-1").decode("cp1256"))
    assert not looks_arabic(CHINESE.encode("gb2312").decode("cp1256", errors="replace"))


def test_a_dateline_among_the_first_blocks():
    from rasd.ingest.metadata import dateline_date
    assert dateline_date(["Nachrichten", "12.12.2022 - Empa", "Ein langer Absatz"]) == "2022-12-12"
    assert dateline_date(["Erstellt am Dienstag 6. Mai 2014"]) == "2014-05-06"
    assert dateline_date(["Posted May 19, 2020 by the team"]) == "2020-05-19"
    assert dateline_date(["Publié le 19 févr. 2021"]) == "2021-02-19"
    assert dateline_date(["Am 12.03.2020 " + "beschloss der Rat in einem langen Satz eine Reihe von Dingen. " * 3]) is None
    assert dateline_date(["Kapitel 31.02.2020"]) is None        # no such day


def test_a_page_with_lone_surrogates_is_read_and_storable():
    """A str from JSON may carry lone surrogates (decoded bytes never do): resiliparse refuses
    them, so the page is repaired and read again; one inside ruby text, which is left out
    before parsing, never reaches the metadata either."""
    from rasd.ingest.readers import html_document
    body = "<p>" + PROSE + " \ud800</p><p>وقالت الوزارة إن القواعد الجديدة ستطبق اعتبارا من الشهر المقبل.\udc00</p>"
    doc = html_document("s", f"<html><head><title>عنوان\ud800</title></head><body>{body}</body></html>", "s.html")
    assert PROSE in doc.text and "\ufffd" in doc.text and doc.title == "عنوان\ufffd"
    ruby = f"<html><head><title>Title \udfff</title></head><body><p>{PROSE}<ruby>x<rt>\ud800</rt></ruby></p></body></html>"
    doc = html_document("r", ruby, "r.html")
    assert doc.title == "Title \ufffd" and PROSE in doc.text
    (doc.text + doc.title).encode("utf-8")
