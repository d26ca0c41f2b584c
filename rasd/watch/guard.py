"""The SSRF guard: which addresses `rasd watch` may connect to.

A sources file, a feed or a redirect can point anywhere: at the machine itself
(`http://127.1/`, `http://[::ffff:127.0.0.1]/`, a name that resolves to 127.0.0.1), at the
office network, at a cloud's metadata service (169.254.169.254) that hands out credentials.
Before every connection, and again after every redirect, `check` resolves the host once and
classifies every address it gets: one refused address refuses the URL (a name that answers
both a public and a private address is a rebinding trick). The fetcher then connects to the
address checked here, never to the result of a second lookup (`fetch.PinnedBackend`).

What may be reached (`Policy`):

- public addresses, always;
- "private" kinds (loopback, RFC 1918, carrier-grade NAT 100.64/10, IPv6 unique-local),
  only with `--allow-private`: a monitor on an intranet, or the tests' servers on 127.0.0.1;
- link-local (169.254/16, fe80::/10, where cloud metadata lives), unspecified (0.0.0.0/8,
  which Linux connects to the machine itself, and ::), multicast, broadcast and reserved
  ranges never, not even with `--allow-private`: no news site lives there;
- any network named with `--allow CIDR` (e.g. `--allow 127.0.0.1/32`), whatever its kind:
  the narrow, explicit way, so that allowing one test server does not allow the whole
  private address space a redirect could then lead to.

An IPv6 address that embeds an IPv4 one (mapped ::ffff:a.b.c.d, compatible ::a.b.c.d,
NAT64 64:ff9b::/96, 6to4 2002::/16, Teredo 2001::/32) is judged by the IPv4 address inside.
Numeric host forms (`127.1`, `0x7f000001`, `2130706433`, `017700000001`) need no rule of
their own: the resolver reads them as the system's connect() would, and the address it
returns is what is judged.
"""
from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable
from dataclasses import dataclass

import httpx

from rasd.errors import FetchError, Refused

IP = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network
Resolver = Callable[..., list]          # socket.getaddrinfo's signature

SCHEMES = ("http", "https")
PRIVATE = frozenset({"loopback", "private", "shared", "unique-local"})     # what --allow-private opens

_V4 = [(ipaddress.ip_network(net), kind) for net, kind in [
    ("0.0.0.0/8", "unspecified"), ("127.0.0.0/8", "loopback"),
    ("10.0.0.0/8", "private"), ("172.16.0.0/12", "private"), ("192.168.0.0/16", "private"),
    ("100.64.0.0/10", "shared"), ("169.254.169.254/32", "metadata"), ("169.254.0.0/16", "link-local"),
    ("224.0.0.0/4", "multicast"), ("255.255.255.255/32", "broadcast"), ("240.0.0.0/4", "reserved"),
]]
_V6 = [(ipaddress.ip_network(net), kind) for net, kind in [
    ("::/128", "unspecified"), ("::1/128", "loopback"), ("fe80::/10", "link-local"),
    ("fec0::/10", "reserved"), ("fc00::/7", "unique-local"), ("ff00::/8", "multicast"),
]]
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_COMPATIBLE = ipaddress.ip_network("::/96")


@dataclass(frozen=True)
class Policy:
    allow_private: bool = False
    allowed: tuple[Network, ...] = ()

    @classmethod
    def of(cls, *, allow_private: bool = False, allow: tuple[str, ...] | list[str] = ()) -> "Policy":
        """ValueError for a network that is not CIDR (`10.1.2.0/24`, `127.0.0.1`, `fd00::/8`)."""
        return cls(allow_private, tuple(ipaddress.ip_network(a.strip(), strict=False) for a in allow))

    def permits(self, address: IP) -> tuple[bool, str]:
        """(may it be reached, its kind)."""
        kind = classify(address)
        inner = embedded_ipv4(address) if address.version == 6 else None
        if any(address in net or (inner is not None and inner in net) for net in self.allowed):
            return True, kind
        return kind == "public" or (self.allow_private and kind in PRIVATE), kind


@dataclass(frozen=True)
class Target:
    """A URL checked: where to connect (`address`) for its `host`."""
    url: str
    host: str                   # as sent to the resolver: IDNA-encoded, IPv6 without brackets
    port: int
    address: str                # the checked IP to connect to


def classify(address: IP) -> str:
    """public, or what the address is: loopback, private, shared (CGNAT), unique-local,
    link-local, metadata, unspecified, multicast, broadcast, reserved."""
    if address.version == 6:
        inner = embedded_ipv4(address)
        if inner is not None:
            return classify(inner)
        address = ipaddress.IPv6Address(address.compressed.split("%")[0])    # no zone id
        table = _V6
    else:
        table = _V4
    for net, kind in table:
        if address in net:
            return kind
    return "public" if address.is_global else "reserved"


def embedded_ipv4(address: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 one carries (mapped, compatible, NAT64, 6to4, Teredo), or None."""
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address.sixtofour is not None:
        return address.sixtofour
    if address.teredo is not None:
        return address.teredo[1]            # the client's address (the module undoes the XOR)
    if address in _NAT64 or (address in _COMPATIBLE and int(address) > 1):
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return None


def check(url: str, policy: Policy, *, resolve: Resolver = socket.getaddrinfo) -> Target:
    """`url` checked: its scheme is http(s) and every address its host resolves to is one
    `policy` permits. Refused otherwise; FetchError("dns") when the name does not resolve."""
    try:
        parsed = httpx.URL(url)
    except (httpx.InvalidURL, TypeError, ValueError) as e:
        raise Refused(f"{url!r} is not a valid URL ({e})") from None
    if parsed.scheme not in SCHEMES:
        raise Refused(f"scheme {parsed.scheme or 'none'!r} in {url!r}: only http and https are fetched")
    host = parsed.raw_host.decode("ascii")
    if not host:
        raise Refused(f"no host in {url!r}")
    port = parsed.port or (443 if parsed.scheme == "https" else 80)
    try:
        infos = resolve(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError, OSError) as e:
        raise FetchError("dns", f"{host}: {e}") from None
    addresses = list(dict.fromkeys(info[4][0] for info in infos))
    if not addresses:
        raise FetchError("dns", f"{host}: no address")
    for text in addresses:
        address = ipaddress.ip_address(text.split("%")[0])
        ok, kind = policy.permits(address)
        if not ok:
            hint = " (--allow-private opens it)" if kind in PRIVATE else ""
            what = f"{'an' if kind[0] in 'aeiou' else 'a'} {kind} address{hint}"
            raise Refused(f"{text} is {what}" if host == text else f"{host} resolves to {text}, {what}")
    return Target(url=url, host=host, port=port, address=addresses[0].split("%")[0])
