"""The SSRF guard of `rasd watch`: every loopback, private, link-local, reserved form is
refused without --allow-private; what --allow-private and --allow open; the connection goes
to the checked address, not to a second DNS answer; redirects are checked hop by hop."""
from __future__ import annotations

import socket
import threading

import pytest

from rasd.errors import FetchError, Refused
from rasd.watch import guard
from rasd.watch.fetch import Fetcher, FetchOptions
from watch_server import Server

FAST = FetchOptions(host_delay=0, connect_timeout=2, read_timeout=2, total_timeout=5, retries=0)

# every way of writing an address on this machine or its networks that a URL can carry
REFUSED_HOSTS = [
    "127.0.0.1", "127.1", "127.0.1", "0x7f000001", "2130706433", "017700000001", "0x7f.0.0.1", "127.255.255.254",
    "localhost", "[::1]", "[0:0:0:0:0:0:0:1]", "[::ffff:127.0.0.1]", "[::ffff:7f00:1]", "[::127.0.0.1]",
    "10.0.0.1", "10.255.255.255", "172.16.0.1", "172.31.255.254", "192.168.0.1", "192.168.255.255",
    "169.254.169.254", "169.254.0.1", "[fe80::1]", "[fe80::a:b:c:d]", "[fc00::1]", "[fd00:ec2::254]",
    "0.0.0.0", "0", "0.1.2.3", "[::]", "100.64.0.1", "100.127.255.254",
    "[::ffff:10.0.0.1]", "[::ffff:169.254.169.254]", "[64:ff9b::a00:1]", "[2002:a9fe:a9fe::]", "[2002:7f00:1::1]",
    "[2001:0:4136:e378:8000:63bf:f5ff:fffe]",     # Teredo carrying 10.0.0.1
    "224.0.0.1", "[ff02::1]", "255.255.255.255", "240.0.0.1", "192.0.2.10", "198.18.0.1", "[2001:db8::1]",
]


@pytest.mark.parametrize("host", REFUSED_HOSTS)
def test_every_local_or_reserved_form_is_refused_without_allow_private(host):
    with pytest.raises(Refused) as e:
        guard.check(f"http://{host}:8080/feed.xml", guard.Policy())
    assert e.value.reason == "refused"


@pytest.mark.parametrize("address,kind", [
    ("127.0.0.1", "loopback"), ("::1", "loopback"), ("10.1.2.3", "private"), ("172.20.0.1", "private"),
    ("192.168.1.1", "private"), ("100.64.0.1", "shared"), ("fd12:3456::1", "unique-local"),
    ("169.254.169.254", "metadata"), ("169.254.10.10", "link-local"), ("fe80::1", "link-local"),
    ("0.0.0.0", "unspecified"), ("::", "unspecified"), ("224.0.0.251", "multicast"), ("ff02::1", "multicast"),
    ("255.255.255.255", "broadcast"), ("240.0.0.1", "reserved"), ("203.0.113.5", "reserved"),
    ("::ffff:127.0.0.1", "loopback"), ("::ffff:169.254.169.254", "metadata"), ("64:ff9b::c0a8:101", "private"),
    ("2002:c0a8:101::1", "private"), ("8.8.8.8", "public"), ("2606:4700:4700::1111", "public"),
    ("::ffff:8.8.8.8", "public"), ("2002:808:808::1", "public"),
])
def test_addresses_are_classified(address, kind):
    import ipaddress
    assert guard.classify(ipaddress.ip_address(address)) == kind


def test_allow_private_opens_loopback_private_and_cgnat_but_never_link_local_or_unspecified():
    policy = guard.Policy(allow_private=True)
    for host in ("127.0.0.1", "[::1]", "10.0.0.1", "192.168.1.1", "172.16.5.4", "100.64.1.1", "[fd00::1]"):
        assert guard.check(f"http://{host}/", policy).address
    for host in ("169.254.169.254", "169.254.1.1", "[fe80::1]", "0.0.0.0", "[::]", "224.0.0.1", "[::ffff:169.254.169.254]"):
        with pytest.raises(Refused):
            guard.check(f"http://{host}/", policy)


def test_allow_names_exactly_one_network():
    policy = guard.Policy.of(allow=["127.0.0.1/32"])
    assert guard.check("http://127.0.0.1:9/", policy).address == "127.0.0.1"
    assert guard.check("http://[::ffff:127.0.0.1]:9/", policy).address == "::ffff:127.0.0.1"
    for host in ("127.0.0.2", "10.0.0.1", "192.168.0.1", "169.254.169.254"):
        with pytest.raises(Refused):
            guard.check(f"http://{host}/", policy)
    # explicit means explicit: a named network is reachable whatever its kind
    assert guard.check("http://169.254.169.254/", guard.Policy.of(allow=["169.254.169.254"])).address
    with pytest.raises(ValueError):
        guard.Policy.of(allow=["not-a-network"])


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.org/feed.xml", "gopher://example.org:70/",
                                 "javascript:alert(1)", "data:text/html,hi", "http:///no-host", "dict://127.0.0.1:11211/"])
def test_schemes_other_than_http_are_refused_even_with_allow_private(url):
    with pytest.raises(Refused):
        guard.check(url, guard.Policy(allow_private=True))


def _resolver(table: dict[str, list[str]], calls: list[str] | None = None):
    def resolve(host, port, type=0, **kw):
        if calls is not None:
            calls.append(host)
        if host not in table:
            raise socket.gaierror(socket.EAI_NONAME, "unknown")
        return [(socket.AF_INET6 if ":" in a else socket.AF_INET, socket.SOCK_STREAM, 6, "", (a, port))
                for a in table[host]]
    return resolve


def test_a_name_is_judged_by_every_address_it_resolves_to():
    policy = guard.Policy()
    assert guard.check("https://news.example/", policy, resolve=_resolver({"news.example": ["93.184.216.34"]})).address \
        == "93.184.216.34"
    # a public answer and a private one: a rebinding setup, refused
    with pytest.raises(Refused, match="10.0.0.7"):
        guard.check("https://news.example/", policy, resolve=_resolver({"news.example": ["93.184.216.34", "10.0.0.7"]}))
    with pytest.raises(Refused, match="metadata"):
        guard.check("http://meta.example/", policy, resolve=_resolver({"meta.example": ["169.254.169.254"]}))
    with pytest.raises(FetchError) as e:
        guard.check("http://nowhere.example/", policy, resolve=_resolver({}))
    assert e.value.reason == "dns"


def test_the_connection_goes_to_the_checked_address_with_the_host_header_kept():
    """A name that answers 127.0.0.1 to the check and a public address afterwards (DNS
    rebinding the other way round) is looked up once per connection: the request reaches
    the checked server, with the name in its Host header."""
    calls: list[str] = []
    answers = iter([["127.0.0.1"]] + [["203.0.113.9"]] * 10)

    def resolve(host, port, type=0, **kw):
        calls.append(host)
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (a, port)) for a in next(answers)]
    with Server() as srv:
        srv.route("/robots.txt", status=404)
        srv.route("/feed.xml", body=b"<rss/>", headers={"Content-Type": "application/rss+xml"})
        no_robots = FetchOptions(**{**vars(FAST), "robots": False})       # one request, one lookup
        fetcher = Fetcher(no_robots, guard.Policy(allow_private=True), resolve=resolve)
        page = fetcher.get(f"http://feeds.example:{srv.port}/feed.xml")
        assert page.status == 200 and page.body == b"<rss/>"
        assert calls == ["feeds.example"]
        host = dict(srv.requests)["/feed.xml"]["Host"]
        assert host == f"feeds.example:{srv.port}"


def test_a_connection_without_a_check_is_refused():
    """The backend fails closed: a host the guard never checked has no address to go to."""
    from rasd.watch.fetch import Pins
    with pytest.raises(Refused):
        Pins().address("unchecked.example")


def test_redirects_to_refused_addresses_are_refused_even_when_the_first_host_is_allowed():
    with Server() as srv:
        srv.route("/robots.txt", status=404)
        srv.route("/to-metadata", status=302, headers={"Location": "http://169.254.169.254/latest/meta-data/"})
        srv.route("/to-private", status=301, headers={"Location": "http://10.0.0.1/admin"})
        srv.route("/to-zero", status=307, headers={"Location": f"http://0.0.0.0:{srv.port}/ok"})
        srv.route("/to-file", status=302, headers={"Location": "file:///etc/passwd"})
        srv.route("/to-mapped", status=302, headers={"Location": "http://[::ffff:169.254.169.254]/"})
        srv.route("/ok", body=b"fine", headers={"Content-Type": "text/plain"})
        # --allow-private: the server on 127.0.0.1 is allowed, link-local and 0.0.0.0 never are
        loose = Fetcher(FAST, guard.Policy(allow_private=True))
        for path in ("/to-metadata", "/to-zero", "/to-file", "/to-mapped"):
            with pytest.raises(Refused):
                loose.get(srv.url(path))
        # --allow 127.0.0.1/32: only the test server; the office network stays out of reach
        narrow = Fetcher(FAST, guard.Policy.of(allow=["127.0.0.1/32"]))
        assert narrow.get(srv.url("/ok")).body == b"fine"
        with pytest.raises(Refused, match="10.0.0.1"):
            narrow.get(srv.url("/to-private"))
        assert srv.hits["/ok"] == 1          # nothing followed the refused redirects


def test_without_allow_private_nothing_is_sent_to_a_local_server():
    with Server() as srv:
        srv.route("/feed.xml", body=b"<rss/>")
        fetcher = Fetcher(FAST, guard.Policy())
        for host in ("127.0.0.1", "localhost", "127.1", "[::ffff:127.0.0.1]", "2130706433"):
            with pytest.raises(Refused):
                fetcher.get(f"http://{host}:{srv.port}/feed.xml")
        assert sum(srv.hits.values()) == 0


def test_pins_are_safe_across_threads():
    from rasd.watch.fetch import Pins
    pins = Pins()
    errors = []

    def work(i):
        try:
            for _ in range(200):
                pins.pin(f"h{i}", f"10.0.0.{i}")
                assert pins.address(f"h{i}") == f"10.0.0.{i}"
        except Exception as e:       # pragma: no cover - the assertion is below
            errors.append(e)
    threads = [threading.Thread(target=work, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
