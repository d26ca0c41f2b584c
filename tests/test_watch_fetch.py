"""The HTTP client of `rasd watch` against servers started here: conditional GETs, time and
size limits, retries and Retry-After, redirects, robots.txt, politeness, compression."""
from __future__ import annotations

import threading
import time

import brotli
import pytest

from rasd.errors import FetchError, Stopped
from rasd.watch.fetch import Fetcher, FetchOptions, retry_after
from rasd.watch.guard import Policy
from watch_server import Server

LOCAL = Policy(allow_private=True)


def options(**kw) -> FetchOptions:
    base = dict(host_delay=0, connect_timeout=2, read_timeout=2, total_timeout=5, retries=2, backoff=0.05,
                max_retry_after=3, max_body_bytes=100_000)
    return FetchOptions(**{**base, **kw})


@pytest.fixture
def srv():
    with Server() as s:
        s.route("/robots.txt", status=404)
        yield s


def _stream(chunks, *, every: float = 0.0, limit: int = 200_000_000):
    """A handler that sends `chunks` (an iterable of bytes) with no length, until the client hangs up."""
    def handler(h):
        h.send_response(200)
        h.send_header("Content-Type", "text/html")
        h.send_header("Connection", "close")
        h.end_headers()
        h.close_connection = True
        sent = 0
        try:
            for c in chunks:
                h.wfile.write(c)
                h.wfile.flush()
                sent += len(c)
                if sent > limit:
                    return
                if every:
                    time.sleep(every)
        except (BrokenPipeError, ConnectionResetError):
            pass
    return handler


def _forever(chunk: bytes):
    while True:
        yield chunk


# -- conditional GET -----------------------------------------------------------------------
def test_a_conditional_get_sends_the_validators_and_reads_a_304(srv):
    srv.route("/feed.xml", body=b"<rss/>", etag='"v1"', headers={"Last-Modified": "Wed, 12 Nov 2025 10:00:00 GMT"})
    f = Fetcher(options(), LOCAL)
    first = f.get(srv.url("/feed.xml"))
    assert first.status == 200 and first.headers["etag"] == '"v1"'
    second = f.get(srv.url("/feed.xml"), etag='"v1"', last_modified="Wed, 12 Nov 2025 10:00:00 GMT")
    assert second.status == 304 and second.body == b""
    sent = [h for p, h in srv.requests if p == "/feed.xml"][1]
    assert sent["If-None-Match"] == '"v1"'
    assert sent["If-Modified-Since"] == "Wed, 12 Nov 2025 10:00:00 GMT"


def test_the_user_agent_says_who_we_are(srv):
    srv.route("/a", body=b"x")
    Fetcher(options(user_agent="rasd/0.1 (+mailto:desk@example.org)"), LOCAL).get(srv.url("/a"))
    assert all(h["User-Agent"] == "rasd/0.1 (+mailto:desk@example.org)" for _, h in srv.requests)


# -- time and size -------------------------------------------------------------------------
def test_a_slow_server_times_out(srv):
    srv.route("/slow", body=b"late", delay=3)
    f = Fetcher(options(read_timeout=0.3, retries=0), LOCAL)
    start = time.monotonic()
    with pytest.raises(FetchError) as e:
        f.get(srv.url("/slow"))
    assert e.value.reason == "timeout"
    assert time.monotonic() - start < 2


def test_a_server_that_drips_its_body_hits_the_total_deadline(srv):
    srv.route("/drip", handler=_stream(_forever(b"<p>"), every=0.05))
    f = Fetcher(options(read_timeout=1, total_timeout=0.5, max_body_bytes=10_000_000), LOCAL)
    start = time.monotonic()
    with pytest.raises(FetchError) as e:
        f.get(srv.url("/drip"))
    assert e.value.reason == "timeout"
    assert time.monotonic() - start < 3


def test_an_endless_body_stops_at_the_size_limit(srv):
    srv.route("/endless", handler=_stream(_forever(b"<p>" + b"x" * 65533)))
    f = Fetcher(options(max_body_bytes=1_000_000), LOCAL)
    with pytest.raises(FetchError) as e:
        f.get(srv.url("/endless"))
    assert e.value.reason == "too_large"


def test_a_declared_length_over_the_limit_is_refused_before_reading(srv):
    srv.route("/big", body=b"x" * 200_001)
    with pytest.raises(FetchError, match="declared") as e:
        Fetcher(options(max_body_bytes=200_000), LOCAL).get(srv.url("/big"))
    assert e.value.reason == "too_large"


def test_the_limit_counts_the_decompressed_bytes(srv):
    srv.route("/bomb", body=b"\0" * 5_000_000, gzip=True)        # ~5 KB on the wire
    with pytest.raises(FetchError) as e:
        Fetcher(options(max_body_bytes=1_000_000), LOCAL).get(srv.url("/bomb"))
    assert e.value.reason == "too_large"


def test_gzip_and_brotli_are_decoded(srv):
    text = "<p>أرسلت كوريا الشمالية قذائف إلى روسيا</p>".encode() * 50
    srv.route("/gz", body=text, gzip=True, headers={"Content-Type": "text/html"})
    srv.route("/br", body=brotli.compress(text), headers={"Content-Encoding": "br", "Content-Type": "text/html"})
    f = Fetcher(options(), LOCAL)
    assert f.get(srv.url("/gz")).body == text
    assert f.get(srv.url("/br")).body == text
    assert "br" in dict(srv.requests)["/br"]["Accept-Encoding"]


# -- retries -------------------------------------------------------------------------------
def _sequence(*answers):
    """A handler answering (status, headers, body) in turn, the last one for ever."""
    queue = list(answers)

    def handler(h):
        status, headers, body = queue.pop(0) if len(queue) > 1 else queue[0]
        h.send_response(status)
        for k, v in headers.items():
            h.send_header(k, v)
        h.send_header("Content-Length", str(len(body)))
        h.end_headers()
        h.wfile.write(body)
    return handler


def test_429_with_retry_after_is_waited_for_then_retried(srv):
    srv.route("/busy", handler=_sequence((429, {"Retry-After": "1"}, b""), (200, {}, b"ok")))
    start = time.monotonic()
    page = Fetcher(options(), LOCAL).get(srv.url("/busy"))
    assert page.body == b"ok"
    assert srv.hits["/busy"] == 2
    assert time.monotonic() - start >= 0.95


def test_a_retry_after_longer_than_the_cap_fails_at_once_with_the_wait(srv):
    srv.route("/later", handler=_sequence((429, {"Retry-After": "3600"}, b"")))
    start = time.monotonic()
    with pytest.raises(FetchError) as e:
        Fetcher(options(max_retry_after=5), LOCAL).get(srv.url("/later"))
    assert e.value.reason == "rate_limited" and e.value.retry_after == 3600
    assert srv.hits["/later"] == 1 and time.monotonic() - start < 1


def test_5xx_is_retried_with_backoff_and_then_given_up(srv):
    srv.route("/flaky", handler=_sequence((503, {}, b""), (502, {}, b""), (200, {}, b"ok")))
    assert Fetcher(options(), LOCAL).get(srv.url("/flaky")).body == b"ok"
    assert srv.hits["/flaky"] == 3
    srv.route("/down", handler=_sequence((503, {}, b"")))
    with pytest.raises(FetchError) as e:
        Fetcher(options(retries=2), LOCAL).get(srv.url("/down"))
    assert e.value.reason == "http_503" and srv.hits["/down"] == 3


def test_backoff_grows_and_is_jittered():
    import random
    f = Fetcher(options(backoff=1.0), LOCAL, rng=random.Random(7))
    waits = [[f._backoff(n) for n in range(4)] for _ in range(20)]
    for row in waits:
        for n, w in enumerate(row):
            assert 2 ** n / 2 <= w <= 2 ** n
    assert len({round(w[2], 6) for w in waits}) > 1       # not all the same


def test_a_4xx_is_not_retried(srv):
    with pytest.raises(FetchError) as e:
        Fetcher(options(), LOCAL).get(srv.url("/missing"))
    assert e.value.reason == "http_404" and srv.hits["/missing"] == 1


def test_retry_after_reads_seconds_and_dates():
    assert retry_after("120") == 120
    assert retry_after("Wed, 12 Nov 2025 10:00:30 GMT", now=1762941600.0) == pytest.approx(30)
    assert retry_after("Wed, 12 Nov 2025 09:00:00 GMT", now=1762941600.0) == 0
    assert retry_after("soon") is None and retry_after(None) is None


def test_a_stop_interrupts_a_wait_before_a_retry(srv):
    srv.route("/busy", handler=_sequence((503, {"Retry-After": "2"}, b"")))
    stop = threading.Event()
    f = Fetcher(options(max_retry_after=10), LOCAL, stop=stop)
    threading.Timer(0.3, stop.set).start()
    start = time.monotonic()
    with pytest.raises(Stopped):
        f.get(srv.url("/busy"))
    assert time.monotonic() - start < 1.5


# -- redirects -----------------------------------------------------------------------------
def test_redirects_are_followed_to_a_limit_and_loops_are_caught(srv):
    srv.route("/old", status=301, headers={"Location": "/new#frag"})
    srv.route("/new", body=b"moved here")
    srv.route("/a", status=302, headers={"Location": "/b"})
    srv.route("/b", status=302, headers={"Location": "/a"})
    for i in range(8):
        srv.route(f"/hop{i}", status=307, headers={"Location": f"/hop{i + 1}"})
    f = Fetcher(options(max_redirects=5), LOCAL)
    page = f.get(srv.url("/old"))
    assert page.body == b"moved here" and page.url == srv.url("/new")
    with pytest.raises(FetchError) as e:
        f.get(srv.url("/a"))
    assert e.value.reason == "redirect_loop"
    assert srv.hits["/a"] == 1 and srv.hits["/b"] == 1
    with pytest.raises(FetchError) as e:
        f.get(srv.url("/hop0"))
    assert e.value.reason == "too_many_redirects"
    assert srv.hits["/hop6"] == 0


# -- robots.txt ----------------------------------------------------------------------------
def test_robots_disallow_is_obeyed_and_asked_once(srv):
    srv.route("/robots.txt", body=b"User-agent: otherbot\nDisallow: /\n\nUser-agent: *\nDisallow: /private/\n",
              headers={"Content-Type": "text/plain"})
    srv.route("/private/a.html", body=b"secret")
    srv.route("/public/a.html", body=b"hello")
    f = Fetcher(options(), LOCAL)
    assert f.get(srv.url("/public/a.html")).body == b"hello"
    with pytest.raises(FetchError) as e:
        f.get(srv.url("/private/a.html"))
    assert e.value.reason == "robots"
    assert srv.hits["/private/a.html"] == 0
    assert srv.hits["/robots.txt"] == 1


def test_robots_rules_for_rasd_replace_the_general_ones():
    from rasd.watch.robots import Robots
    text = b"User-agent: *\nDisallow: /private/\n\nUser-agent: rasd\nDisallow: /no-rasd/\n"
    robots = Robots(lambda url: (200, text), agent="rasd/0.1 (news monitor)")
    assert not robots.allowed("http://example.org/no-rasd/a.html")
    assert robots.allowed("http://example.org/private/a.html")      # the group naming us is the one that applies
    other = Robots(lambda url: (200, text), agent="otherbot/2.0")
    assert not other.allowed("http://example.org/private/a.html")


def test_a_redirect_into_a_disallowed_path_is_not_followed(srv):
    srv.route("/robots.txt", body=b"User-agent: *\nDisallow: /private/\n")
    srv.route("/go", status=302, headers={"Location": "/private/x"})
    with pytest.raises(FetchError) as e:
        Fetcher(options(), LOCAL).get(srv.url("/go"))
    assert e.value.reason == "robots" and srv.hits["/private/x"] == 0


def test_robots_answering_5xx_stops_the_site_and_4xx_opens_it(srv):
    srv.route("/robots.txt", status=503)
    srv.route("/page", body=b"hi")
    with pytest.raises(FetchError) as e:
        Fetcher(options(retries=0), LOCAL).get(srv.url("/page"))
    assert e.value.reason == "robots" and srv.hits["/page"] == 0
    srv.route("/robots.txt", status=403)
    assert Fetcher(options(), LOCAL).get(srv.url("/page")).body == b"hi"


def test_robots_crawl_delay_spaces_requests(srv):
    srv.route("/robots.txt", body=b"User-agent: *\nCrawl-delay: 1\n")      # whole seconds (urllib.robotparser)
    srv.route("/p", body=b"x")
    f = Fetcher(options(host_delay=0), LOCAL)
    f.get(srv.url("/p"))
    start = time.monotonic()
    f.get(srv.url("/p"))
    assert time.monotonic() - start >= 0.95


# -- politeness ----------------------------------------------------------------------------
def test_one_host_gets_one_request_at_a_time_with_a_delay_between(srv):
    lock, state = threading.Lock(), {"now": 0, "most": 0, "starts": []}

    def handler(h):
        with lock:
            state["now"] += 1
            state["most"] = max(state["most"], state["now"])
            state["starts"].append(time.monotonic())
        time.sleep(0.05)
        with lock:
            state["now"] -= 1
        h.send_response(200)
        h.send_header("Content-Length", "2")
        h.end_headers()
        h.wfile.write(b"ok")
    srv.route("/p", handler=handler)
    f = Fetcher(options(host_delay=0.2, host_concurrency=1), LOCAL)
    f.robots.allowed = lambda url: True
    f.robots.crawl_delay = lambda url: None
    threads = [threading.Thread(target=f.get, args=(srv.url("/p"),)) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    starts = sorted(state["starts"])
    assert state["most"] == 1
    assert all(b - a >= 0.2 for a, b in zip(starts, starts[1:])), starts
