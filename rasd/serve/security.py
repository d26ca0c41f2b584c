"""The headers every response carries, and which Host names are answered.

Article text is written by strangers, so pages are built on the assumption that some of it
is hostile: templates autoescape everything, and the Content-Security-Policy below lets a
page run only the scripts and styles rasd serves from /static (no inline script, no inline
style, no event-handler attribute, nothing from another origin). Even markup that slipped
through escaping could then do nothing.
"""
from __future__ import annotations

CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
       "form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),          # article URLs and searches stay on this machine
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
]
LOOPBACK = ("127.0.0.1", "localhost", "::1", "[::1]")


class SecurityHeaders:
    """ASGI middleware adding `HEADERS` to every HTTP response."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def sending(message):
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", [])}
                message["headers"] = [*message.get("headers", []), *(h for h in HEADERS if h[0] not in present)]
            await send(message)

        await self.app(scope, receive, sending)


def allowed_hosts(host: str) -> list[str]:
    """The Host headers to answer: on a loopback address only loopback names, so that a web
    page elsewhere cannot point a name of its own at 127.0.0.1 and read the store through the
    visitor's browser (DNS rebinding); bound to another address, any."""
    if host in LOOPBACK:
        return [h for h in LOOPBACK if not h.startswith("[")]
    return ["*"]

