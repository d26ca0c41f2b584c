"""The sources file, URL normalization, and reading feeds and sitemaps into entries."""
from __future__ import annotations

import gzip

import pytest

from rasd.errors import FetchError, SourcesError
from rasd.watch.listing import parse_listing
from rasd.watch.sources import load_sources, parse_duration
from rasd.watch.urls import normalize


# -- URLs ----------------------------------------------------------------------------------
@pytest.mark.parametrize("url,expected", [
    ("HTTP://News.Example.ORG/a.html", "http://news.example.org/a.html"),
    ("https://news.example.org:443/a.html#comments", "https://news.example.org/a.html"),
    ("http://news.example.org:8080", "http://news.example.org:8080/"),
    ("https://x.example/a?utm_source=rss&utm_medium=feed&id=7", "https://x.example/a?id=7"),
    ("https://x.example/a?id=7&fbclid=IwAR0&gclid=abc&UTM_Campaign=z", "https://x.example/a?id=7"),
    ("https://x.example/a?b=2&a=1", "https://x.example/a?b=2&a=1"),                 # order kept
    ("https://x.example/%D8%A3%D8%AE%D8%A8%D8%A7%D8%B1", "https://x.example/%D8%A3%D8%AE%D8%A8%D8%A7%D8%B1"),
    ("http://[2001:DB8::1]:80/x", "http://[2001:db8::1]/x"),
    ("https://user:pw@Feeds.Example/private.xml", "https://user:pw@feeds.example/private.xml"),
])
def test_urls_are_normalized(url, expected):
    assert normalize(url) == expected


def test_a_url_without_host_is_not_a_url():
    for bad in ("/relative/path", "news.example.org/a", "http://x.example:99999/"):
        with pytest.raises(ValueError):
            normalize(bad)


# -- the sources file ----------------------------------------------------------------------
def test_yaml_sources_with_defaults_and_own_intervals(tmp_path):
    f = tmp_path / "feeds.yaml"
    f.write_text("every: 30m\nsources:\n"
                 "  - url: https://ar.example/rss.xml?utm_source=x\n    outlet: صحيفة المثال\n    language: ar\n"
                 "  - url: https://en.example/sitemap.xml\n    kind: sitemap\n    every: 2h\n"
                 "  - https://third.example/atom.xml\n", encoding="utf-8")
    a, b, c = load_sources(f)
    assert (a.url, a.outlet, a.language, a.every, a.kind) == ("https://ar.example/rss.xml", "صحيفة المثال", "ar", 1800, None)
    assert (b.kind, b.every) == ("sitemap", 7200)
    assert c.every == 1800
    # --every beats the file's default, not a source's own
    assert [s.every for s in load_sources(f, every=600)] == [600, 7200, 600]


def test_a_plain_list_of_urls(tmp_path):
    f = tmp_path / "feeds.txt"
    f.write_text("# my feeds\nhttps://a.example/rss\n\n  https://b.example/atom.xml   # English\n", encoding="utf-8")
    assert [s.url for s in load_sources(f, default_every=900)] == ["https://a.example/rss", "https://b.example/atom.xml"]
    assert all(s.every == 900 for s in load_sources(f, default_every=900))


@pytest.mark.parametrize("text,message", [
    ("sources:\n  - url: https://a.example/rss\n    ever: 10m\n", "unknown key 'ever'"),
    ("sources:\n  - outlet: X\n", "no url"),
    ("sources:\n  - url: ftp://a.example/rss\n", "not an http"),
    ("sources:\n  - url: https://a.example/rss\n    every: often\n", "not a duration"),
    ("sources:\n  - url: https://a.example/rss\n    every: 5s\n", "shorter than"),
    ("sources:\n  - url: https://a.example/rss\n    kind: podcast\n", "kind 'podcast'"),
    ("sources:\n  - url: https://a.example/rss\n    language: Arabic\n", "language"),
    ("sources:\n  - url: https://a.example/rss\n  - url: https://A.example/rss#x\n", "repeats"),
    ("sources: [unclosed\n", "not valid YAML"),
    ("feeds:\n  - https://a.example/rss\n", "unknown top-level key"),
    ("sources: []\n", "no sources"),
    ("42\n", "expected a list"),
])
def test_mistakes_in_a_sources_file_are_named(tmp_path, text, message):
    f = tmp_path / "feeds.yaml"
    f.write_text(text, encoding="utf-8")
    with pytest.raises(SourcesError, match=message):
        load_sources(f)


def test_a_missing_sources_file_is_one_clear_error(tmp_path):
    with pytest.raises(SourcesError, match="No such file"):
        load_sources(tmp_path / "nope.yaml")


def test_durations():
    assert [parse_duration(v) for v in ("90s", "15m", "1.5h", "1d", "45", 30)] == [90, 900, 5400, 86400, 45, 30]
    for bad in ("", "m", "-5m", "0", "1 week"):
        with pytest.raises(ValueError):
            parse_duration(bad)


# -- feeds and sitemaps --------------------------------------------------------------------
RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>المثال</title>
<item><title>خبر أول</title><link>/ar/1.html?utm_source=rss</link><guid isPermaLink="false">g-1</guid>
<pubDate>Thu, 13 Nov 2025 01:30:00 +0300</pubDate></item>
<item><title>خبر ثان</title><link>https://news.example/ar/2.html#top</link>
<pubDate>Wed, 12 Nov 2025 18:05:00 +0300</pubDate></item>
<item><title>بلا رابط</title><description>نص</description></item>
<item><title>مكرر</title><link>https://NEWS.example/ar/1.html</link></item>
</channel></rss>""".encode()


def test_an_rss_feed_gives_normalized_entries_with_local_dates():
    listing = parse_listing(RSS, url="https://news.example/ar/rss.xml")
    assert listing.kind == "feed" and listing.title == "المثال"
    first, second = listing.entries                     # the link-less and the repeated entry are left out
    assert first.url == "https://news.example/ar/1.html" and first.guid == "g-1"
    assert first.published == "2025-11-13"              # the date where it was published, not UTC's 12th
    assert first.stamp and second.url == "https://news.example/ar/2.html"


ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Wire</title><id>urn:w</id><updated>2025-11-14T08:00:00Z</updated>
<entry><title>One</title><id>urn:w:1</id><link href="https://wire.example/1"/>
<updated>2025-11-14T07:45:00+09:00</updated></entry></feed>"""


def test_an_atom_feed():
    (entry,) = parse_listing(ATOM, url="https://wire.example/atom.xml").entries
    assert (entry.url, entry.guid, entry.published) == ("https://wire.example/1", "urn:w:1", "2025-11-14")


SITEMAP = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
<url><loc>https://s.example/old.html</loc><lastmod>2025-11-01</lastmod></url>
<url><loc>https://s.example/new.html?gclid=1</loc><lastmod>2025-11-10T09:00:00+03:00</lastmod>
<news:news><news:publication_date>2025-11-10T09:00:00+03:00</news:publication_date><news:title>New</news:title></news:news></url>
</urlset>"""


def test_a_news_sitemap_newest_first_gzipped_or_not():
    for data in (SITEMAP, gzip.compress(SITEMAP)):
        listing = parse_listing(data, url="https://s.example/sitemap.xml")
        assert listing.kind == "sitemap"
        assert [e.url for e in listing.entries] == ["https://s.example/new.html", "https://s.example/old.html"]
        assert listing.entries[0].title == "New" and listing.entries[0].published == "2025-11-10"


def test_a_sitemap_index_lists_its_sitemaps():
    index = b"""<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
    <sitemap><loc>https://s.example/news-1.xml</loc></sitemap><sitemap><loc>https://s.example/news-2.xml</loc></sitemap>
    </sitemapindex>"""
    assert parse_listing(index, url="https://s.example/index.xml").sitemaps == [
        "https://s.example/news-1.xml", "https://s.example/news-2.xml"]


BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
"""


def test_entity_declarations_are_refused_in_sitemaps_and_feeds():
    with pytest.raises(FetchError, match="refused"):
        parse_listing(BOMB + b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>&lol3;</loc></url></urlset>',
                      url="https://s.example/sitemap.xml", kind="sitemap")
    with pytest.raises(FetchError, match="entities"):
        parse_listing(BOMB + b"<rss><channel><item><title>&lol3;</title><link>https://s.example/1</link></item></channel></rss>",
                      url="https://s.example/rss.xml")
    xxe = b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><urlset><url><loc>&x;</loc></url></urlset>'
    with pytest.raises(FetchError):
        parse_listing(xxe, url="https://s.example/sitemap.xml")


def test_something_else_is_not_a_listing():
    for data in (b"<html><body>hello</body></html>", b"", b"\x00\x01binary"):
        with pytest.raises(FetchError) as e:
            parse_listing(data, url="https://s.example/feed")
        assert e.value.reason == "bad_listing"
