"""Rounds of `rasd watch` against feeds served here: new, repeated and changed entries, 304s,
pages in windows-1256, entries the store already holds, failing sources backing off, robots,
retries, a stop between articles. Each test runs on both store backends (conftest's
`store_at`: SQLite, and PostgreSQL where a server is reachable)."""
from __future__ import annotations

import datetime as dt
import threading

import pytest

from rasd.pipeline import load_settings
from rasd.store.base import open_store
from rasd.stories.queries import watch_sources
from rasd.watch.fetch import Fetcher, FetchOptions
from rasd.watch.guard import Policy
from rasd.watch.poll import Observer, Watcher
from rasd.watch.sources import Source
from watch_server import Server

FAST = {"host_delay": 0, "connect_timeout": 2, "read_timeout": 1, "total_timeout": 3, "retries": 0, "backoff": 0.05,
        "concurrency": 2}

ARTICLES = {
    "/ar/shells.html": ("روسيا تتسلم قذائف من كوريا الشمالية",
                        ["قالت وزارة الدفاع الأوكرانية، الخميس، إن روسيا تسلمت شحنة من قذائف المدفعية من كوريا الشمالية.",
                         "ونفى الكرملين ذلك ووصف التقارير بأنها ملفقة."]),
    "/ar/drones.html": ("إيران ترسل مسيرات إلى روسيا",
                        ["قال مسؤول أمريكي إن إيران أرسلت مئات الطائرات المسيرة إلى روسيا خلال الصيف.",
                         "ونفت طهران ذلك."]),
    "/en/troops.html": ("North Korea sends more troops to Russia",
                        ["North Korea has deployed about 3,000 more soldiers to Russia, South Korea's spy agency said on Friday."]),
}


def html(title: str, paragraphs: list[str], *, lang: str = "ar", charset: str = "utf-8") -> str:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="{charset}"><title>{title}</title></head>'
            f'<body><nav><a href="/">home</a> | <a href="/world">world</a></nav><article><h1>{title}</h1>{body}'
            f"</article><footer>share · subscribe</footer></body></html>")


def rss(items: list[tuple[str, str, str]], *, title: str = "المثال") -> bytes:
    """items: (link, guid, pubDate)."""
    xml = "".join(f"<item><title>t</title><link>{link}</link><guid>{guid}</guid><pubDate>{date}</pubDate></item>"
                  for link, guid, date in items)
    return f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>{title}</title>{xml}</channel></rss>'.encode()


class Clock:
    def __init__(self):
        self.now = dt.datetime(2025, 11, 14, 8, 0, tzinfo=dt.timezone.utc)

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, **kw) -> None:
        self.now += dt.timedelta(**kw)


class Recorder(Observer):
    def __init__(self):
        self.events: list[tuple[str, str, str]] = []

    def polled(self, source, outcome, detail=""):
        self.events.append(("polled", source.url, outcome))

    def article(self, source, url, outcome, detail=""):
        self.events.append(("article", url, outcome))


@pytest.fixture
def srv():
    with Server() as s:
        s.route("/robots.txt", body=b"User-agent: *\nDisallow: /drafts/\n", headers={"Content-Type": "text/plain"})
        for path, (title, paras) in ARTICLES.items():
            s.route(path, body=html(title, paras, lang=path[1:3]).encode(), headers={"Content-Type": "text/html"})
        yield s


@pytest.fixture
def where(store_at) -> str:
    """This test's store: a file, or a PostgreSQL schema of its own."""
    return store_at("watch")


@pytest.fixture
def make(where):
    made, opened = [], []

    def build(sources, *, clock=None, observer=None, stop=None, store=None, **watch):
        settings = load_settings()
        settings["events"]["learned"] = False
        settings["watch"].update({**FAST, **watch})
        if store is None:
            store = open_store(where)
            opened.append(store)
        fetcher = Fetcher(FetchOptions.of(settings), Policy(allow_private=True), stop=stop)
        w = Watcher(sources, store=store, fetcher=fetcher, settings=settings, clock=clock or Clock(),
                    observer=observer, stop=stop)
        made.append(w)
        return w
    yield build
    for w in made:
        w.fetcher.close()
    for store in opened:
        store.close()


def feed_source(srv, path="/ar/rss.xml", **kw) -> Source:
    return Source(url=srv.url(path), every=900, **{"outlet": "صحيفة المثال", "language": "ar", **kw})


def docs(store) -> dict[str, tuple]:
    return {r[0]: r[1:] for r in store.db.execute("SELECT id, outlet, language, published, url, encoding FROM documents")}


# -- new, repeated, changed ----------------------------------------------------------------
def test_new_entries_are_fetched_and_ingested_through_the_normal_path(srv, make):
    srv.route("/ar/rss.xml", body=rss([("/ar/shells.html?utm_source=rss", "g1", "Thu, 13 Nov 2025 01:30:00 +0300"),
                                        (srv.url("/ar/drones.html#x"), "g2", "Wed, 12 Nov 2025 18:05:00 +0300")]))
    w = make([feed_source(srv)])
    totals = w.run(once=True)
    assert (totals.polled, totals.found, totals.new) == (1, 2, 2)
    got = docs(w.store)
    shells = got[srv.url("/ar/shells.html")]
    assert shells[:3] == ("صحيفة المثال", "ar", "2025-11-13")      # the feed's outlet, language and local date
    assert srv.url("/ar/drones.html") in got
    # the same path as `rasd ingest`: events, stories and facts derived
    counts = w.store.counts()
    assert counts["events"] > 0 and counts["stories"] > 0 and counts["facts"] > 0
    # tracking parameters and fragments are not sent
    assert srv.hits["/ar/shells.html"] == 1 and srv.hits["/ar/shells.html?utm_source=rss"] == 0
    (row,) = watch_sources(w.store.db)
    assert (row["status"], row["entries"], row["articles"], row["pending"], row["failures"]) == ("ok", 2, 2, 0, 0)


def test_repeated_entries_are_not_fetched_again_and_a_304_is_read(srv, make):
    srv.route("/ar/rss.xml", body=rss([("/ar/shells.html", "g1", "Thu, 13 Nov 2025 09:30:00 +0300")]), etag='"v1"')
    w = make([feed_source(srv)])
    w.run(once=True)
    second = w.run(once=True)
    assert second.not_modified == 1 and second.new == 0
    feed_requests = [h for p, h in srv.requests if p == "/ar/rss.xml"]
    assert feed_requests[1]["If-None-Match"] == '"v1"'
    # the feed changes its ETag but lists the same article: nothing is fetched twice
    srv.routes["/ar/rss.xml"].etag = '"v2"'
    third = w.run(once=True)
    assert third.polled == 1 and third.found == 0 and third.new == 0
    assert srv.hits["/ar/shells.html"] == 1
    assert watch_sources(w.store.db)[0]["status"] == "ok"


def test_a_changed_entry_is_fetched_again_and_updates_its_document(srv, make):
    srv.route("/ar/rss.xml", body=rss([("/ar/shells.html", "g1", "Thu, 13 Nov 2025 09:30:00 +0300")]))
    w = make([feed_source(srv)])
    w.run(once=True)
    title, paras = ARTICLES["/ar/shells.html"]
    srv.route("/ar/shells.html", body=html(title, paras + ["وأضافت الوزارة أن الشحنة تضم 20 ألف قذيفة."]).encode(),
              headers={"Content-Type": "text/html"})
    srv.route("/ar/rss.xml", body=rss([("/ar/shells.html", "g1", "Thu, 13 Nov 2025 11:00:00 +0300"),
                                        ("/ar/drones.html", "g2", "Thu, 13 Nov 2025 10:00:00 +0300")]))
    totals = w.run(once=True)
    assert (totals.changed, totals.found, totals.updated, totals.new) == (1, 1, 1, 1)
    assert srv.hits["/ar/shells.html"] == 2 and srv.hits["/ar/drones.html"] == 1
    text = w.store.db.execute("SELECT text FROM documents WHERE id = ?", (srv.url("/ar/shells.html"),)).fetchone()[0]
    assert "20 ألف قذيفة" in text
    assert w.store.counts()["documents"] == 2


def test_the_same_guid_under_another_link_is_the_same_article(srv, make):
    srv.route("/ar/rss.xml", body=rss([("/ar/shells.html", "g1", "Thu, 13 Nov 2025 09:30:00 +0300")]))
    w = make([feed_source(srv)])
    w.run(once=True)
    srv.route("/ar/rss.xml", body=rss([("/ar/shells.html?ref=homepage", "g1", "Thu, 13 Nov 2025 09:30:00 +0300")]))
    totals = w.run(once=True)
    assert totals.found == 0 and sum(srv.hits[p] for p in srv.hits if p.startswith("/ar/shells")) == 1


def test_the_same_article_in_two_sources_is_fetched_once(srv, make):
    srv.route("/ar/rss.xml", body=rss([("/ar/shells.html", "g1", "Thu, 13 Nov 2025 09:30:00 +0300")]))
    srv.route("/sitemap.xml", body=f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>'
                                   f'{srv.url("/ar/shells.html")}</loc></url><url><loc>{srv.url("/en/troops.html")}'
                                   f'</loc></url></urlset>'.encode())
    w = make([feed_source(srv), Source(url=srv.url("/sitemap.xml"), every=900, kind="sitemap", language="en")])
    totals = w.run(once=True)
    assert totals.new == 2 and srv.hits["/ar/shells.html"] == 1 and srv.hits["/en/troops.html"] == 1


def test_a_sitemap_index_is_followed(srv, make):
    srv.route("/index.xml", body=f'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap><loc>'
                                 f'{srv.url("/news.xml")}</loc></sitemap></sitemapindex>'.encode())
    srv.route("/news.xml", body=f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>'
                                f'{srv.url("/en/troops.html")}</loc><lastmod>2025-11-14</lastmod></url></urlset>'.encode())
    w = make([Source(url=srv.url("/index.xml"), every=900, language="en")])
    totals = w.run(once=True)
    assert totals.new == 1
    assert docs(w.store)[srv.url("/en/troops.html")][2] == "2025-11-14"


# -- pages ---------------------------------------------------------------------------------
def test_a_page_in_windows_1256_is_read(srv, make):
    title, paras = ARTICLES["/ar/drones.html"]
    srv.route("/ar/cp1256.html", body=html(title, paras, charset="windows-1256").encode("cp1256"),
              headers={"Content-Type": "text/html; charset=windows-1256"})
    srv.route("/ar/cp1256-meta.html", body=html(title, paras, charset="windows-1256").encode("cp1256"),
              headers={"Content-Type": "text/html"})
    srv.route("/ar/rss.xml", body=rss([("/ar/cp1256.html", "g1", "Wed, 12 Nov 2025 18:05:00 +0300"),
                                        ("/ar/cp1256-meta.html", "g2", "Wed, 12 Nov 2025 18:05:00 +0300")]))
    w = make([feed_source(srv)])
    assert w.run(once=True).new + w.totals.duplicate == 2
    for path in ("/ar/cp1256.html", "/ar/cp1256-meta.html"):
        text, encoding = w.store.db.execute("SELECT text, encoding FROM documents WHERE id = ?",
                                            (srv.url(path),)).fetchone()
        assert "أرسلت مئات الطائرات المسيرة" in text and encoding == "cp1256"


def test_a_link_to_something_that_is_not_a_page_is_skipped_with_its_reason(srv, make):
    srv.route("/files/report.pdf", body=b"%PDF-1.7 binary", headers={"Content-Type": "application/pdf"})
    srv.route("/ar/rss.xml", body=rss([("/files/report.pdf", "g1", "Wed, 12 Nov 2025 18:05:00 +0300")]))
    w = make([feed_source(srv)])
    assert w.run(once=True).skipped == 1
    assert w.store.skipped() == [(srv.url("/files/report.pdf"), "not_text", f"application/pdf content at "
                                                                          f"{srv.url('/files/report.pdf')}")]
    assert w.run(once=True).skipped == 0 and srv.hits["/files/report.pdf"] == 1


def test_entries_the_store_already_holds_are_not_fetched(srv, make, where):
    from rasd.model import Document
    from rasd.pipeline import Pipeline
    settings = load_settings()
    settings["events"]["learned"] = False
    store = open_store(where, batch=1 << 30, commit_seconds=float("inf"))
    pipe = Pipeline.default(settings)
    held = [Document(id=srv.url("/ar/shells.html"), text="روسيا تتسلم قذائف من كوريا الشمالية.", source="x.warc"),
            Document(id="drones-file", text="إيران ترسل مسيرات إلى روسيا.", source="drones.html",
                     url=srv.url("/ar/drones.html"))]
    store.save_all(pipe.run_batch(held))
    store.flush()
    srv.route("/ar/rss.xml", body=rss([("/ar/shells.html?utm_source=rss", "g1", "Thu, 13 Nov 2025 09:30:00 +0300"),
                                        ("/ar/drones.html", "g2", "Thu, 13 Nov 2025 09:30:00 +0300"),
                                        ("/en/troops.html", "g3", "Thu, 13 Nov 2025 09:30:00 +0300")]))
    w = make([feed_source(srv)], store=store)
    totals = w.run(once=True)
    assert (totals.known, totals.new) == (2, 1)
    assert srv.hits["/ar/shells.html"] == 0 and srv.hits["/ar/drones.html"] == 0 and srv.hits["/en/troops.html"] == 1
    assert store.counts()["documents"] == 3
    store.close()


def test_an_article_is_committed_with_its_entry_done_or_not_at_all(srv, make, monkeypatch):
    """What makes a killed watch resume: the document, its entry marked done and its source's
    count are one transaction. Failing after the document is written undoes the document (a
    PostgreSQL store that committed each batch on its own would keep it), and the entry stays
    pending for the next round."""
    srv.route("/ar/rss.xml", body=rss([("/ar/shells.html", "g1", "Thu, 13 Nov 2025 09:30:00 +0300")]))
    w = make([feed_source(srv)])

    def fail(source):
        raise RuntimeError("the process dies here")
    monkeypatch.setattr(w.state, "count_article", fail)
    first = w.run(once=True)
    assert (first.new, first.failed) == (0, 1)
    assert w.store.counts()["documents"] == 0
    assert dict(w.store.db.execute("SELECT url, state FROM watch_entries")) == {srv.url("/ar/shells.html"): "pending"}
    monkeypatch.undo()
    assert w.run(once=True).new == 1
    (row,) = watch_sources(w.store.db)
    assert (row["articles"], row["pending"]) == (1, 0)


# -- failures ------------------------------------------------------------------------------
def test_a_failing_source_backs_off_without_stopping_the_others(srv, make):
    clock = Clock()
    srv.route("/broken.xml", status=500)
    srv.route("/ar/rss.xml", body=rss([("/ar/shells.html", "g1", "Thu, 13 Nov 2025 09:30:00 +0300")]))
    broken, good = Source(url=srv.url("/broken.xml"), every=600), feed_source(srv)
    w = make([broken, good], clock=clock)
    totals = w.run(once=True)
    assert totals.source_errors == 1 and totals.new == 1
    state = {r["url"]: r for r in watch_sources(w.store.db)}
    assert state[broken.url]["status"] == "error" and "http_500" in state[broken.url]["error"]
    assert state[broken.url]["failures"] == 1 and state[good.url]["status"] == "ok"
    assert state[broken.url]["next_at"] == "2025-11-14T08:10:00+00:00"       # its interval
    # backing off: not polled again by --once until then (and said so); then it waits twice as long
    assert w.run(once=True).backing_off == 1
    assert srv.hits["/broken.xml"] == 1
    clock.advance(minutes=10)
    w.run(once=True)
    assert srv.hits["/broken.xml"] == 2
    assert {r["url"]: r for r in watch_sources(w.store.db)}[broken.url]["next_at"] == "2025-11-14T08:30:00+00:00"
    # it recovers: the failures are forgotten
    srv.route("/broken.xml", body=rss([("/en/troops.html", "g9", "Fri, 14 Nov 2025 07:00:00 +0000")]))
    clock.advance(minutes=20)
    assert w.run(once=True).new == 1
    row = {r["url"]: r for r in watch_sources(w.store.db)}[broken.url]
    assert (row["status"], row["failures"], row["error"], row["errors"]) == ("ok", 0, None, 2)


def test_a_rate_limited_source_waits_as_long_as_it_asks(srv, make):
    clock = Clock()
    srv.route("/busy.xml", status=429, headers={"Retry-After": "7200"})
    w = make([Source(url=srv.url("/busy.xml"), every=600)], clock=clock, max_retry_after=5)
    w.run(once=True)
    (row,) = watch_sources(w.store.db)
    assert row["next_at"] == "2025-11-14T10:00:00+00:00" and "rate_limited" in row["error"]


def test_an_article_that_fails_is_tried_again_then_given_up(srv, make):
    srv.route("/ar/slow.html", body=b"<p>late</p>", delay=2)
    srv.route("/ar/rss.xml", body=rss([("/ar/slow.html", "g1", "Thu, 13 Nov 2025 09:30:00 +0300"),
                                        ("/ar/shells.html", "g2", "Thu, 13 Nov 2025 09:30:00 +0300")]))
    w = make([feed_source(srv)], max_attempts=2, read_timeout=0.3)
    first = w.run(once=True)
    assert first.new == 1 and first.failed == 1
    state = dict(w.store.db.execute("SELECT url, state FROM watch_entries"))
    assert state[srv.url("/ar/slow.html")] == "pending"
    w.run(once=True)
    state = dict(w.store.db.execute("SELECT url, state FROM watch_entries"))
    assert state[srv.url("/ar/slow.html")] == "failed"
    w.run(once=True)
    assert srv.hits["/ar/slow.html"] == 2 and srv.hits["/ar/shells.html"] == 1


def test_robots_and_gone_pages_are_not_tried_again(srv, make):
    srv.route("/drafts/secret.html", body=html("مسودة", ["نص"]).encode())
    srv.route("/ar/rss.xml", body=rss([("/drafts/secret.html", "g1", "Thu, 13 Nov 2025 09:30:00 +0300"),
                                        ("/ar/gone.html", "g2", "Thu, 13 Nov 2025 09:30:00 +0300")]))
    w = make([feed_source(srv)])
    w.run(once=True)
    w.run(once=True)
    state = dict(w.store.db.execute("SELECT url, state FROM watch_entries"))
    assert state == {srv.url("/drafts/secret.html"): "refused", srv.url("/ar/gone.html"): "failed"}
    assert srv.hits["/drafts/secret.html"] == 0 and srv.hits["/ar/gone.html"] == 1


def test_a_round_takes_at_most_max_articles_per_source_and_says_more_remain(srv, make):
    srv.route("/ar/rss.xml", body=rss([(p, p, "Thu, 13 Nov 2025 09:30:00 +0300") for p in ARTICLES]))
    w = make([feed_source(srv)], max_articles=2)
    assert w.round(once=True) is True
    assert w.totals.new == 2
    assert w.round(once=True) is False
    assert w.totals.new == 3


# -- stopping ------------------------------------------------------------------------------
def test_a_stop_after_an_article_leaves_the_rest_pending_and_nothing_is_fetched_twice(srv, make):
    stop = threading.Event()

    class StopAfterFirst(Recorder):
        def article(self, source, url, outcome, detail=""):
            super().article(source, url, outcome, detail)
            stop.set()
    for route in (srv.routes[p] for p in ARTICLES):
        route.delay = 0.3               # the third fetch has not begun when the first is stored
    srv.route("/ar/rss.xml", body=rss([(p, p, "Thu, 13 Nov 2025 09:30:00 +0300") for p in ARTICLES]))
    w = make([feed_source(srv)], stop=stop, observer=StopAfterFirst(), concurrency=1)
    w.ingester.warm_up()
    first = w.run(once=True)
    assert 1 <= first.new < 3
    pending = w.store.db.execute("SELECT count(*) FROM watch_entries WHERE state = 'pending'").fetchone()[0]
    assert pending == 3 - first.new
    stop.clear()
    w2 = make([feed_source(srv)], store=w.store)
    w2.run(once=True)
    assert w.store.counts()["documents"] == 3
    assert all(srv.hits[p] == 1 for p in ARTICLES)


# -- what is shown -------------------------------------------------------------------------
def test_the_live_view_and_the_log_lines_show_sources_and_articles_as_text_not_markup(srv, make):
    import io

    from rich.console import Console

    from rasd.watch.view import LiveView, LogView, sources as show_sources
    srv.route("/ar/rss.xml", body=rss([("/ar/shells.html", "g1", "Thu, 13 Nov 2025 09:30:00 +0300")]))
    hostile = "[bold red]x[/] \x1b]8;;http://evil/\x1b\\link\x1b]8;;\x1b\\"
    source = feed_source(srv, outlet=hostile)
    live_out, log_out = io.StringIO(), io.StringIO()
    live = LiveView(Console(file=live_out, force_terminal=True, width=120), [source])
    with live:
        make([source], observer=live).run(once=True)
    shown = live_out.getvalue()
    assert "[bold red]x[/]" in shown and "\x1b]8;;" not in shown
    assert "new" in shown and "round 1" in shown
    w = make([source], observer=LogView(Console(file=log_out, width=200)))
    w.run(once=True)
    assert "not_modified" in log_out.getvalue() or "ok" in log_out.getvalue()
    assert "round" in log_out.getvalue()
    table, pipe = io.StringIO(), io.StringIO()
    rows = watch_sources(w.store.db)
    show_sources(Console(file=table, force_terminal=True, width=120), rows)
    show_sources(Console(file=pipe, width=120), rows)
    assert "\x1b]8;;" not in table.getvalue() and "1 articles" in table.getvalue()
    (line,) = pipe.getvalue().splitlines()
    fields = line.split("\t")
    assert fields[0] == source.url and fields[4] == "ok" and fields[9] == "1" and len(fields) == 13
