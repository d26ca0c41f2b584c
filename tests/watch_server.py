"""A small HTTP server for the watch tests: routes set per test, hits counted, on 127.0.0.1.

    with Server() as srv:
        srv.route("/feed.xml", body=rss, headers={"ETag": '"1"'})
        srv.route("/slow", handler=lambda h: time.sleep(5))
        fetcher.get(srv.url("/feed.xml"))
        assert srv.hits["/feed.xml"] == 1

A route answers with its status, headers and body; `etag` makes it answer 304 to a matching
If-None-Match; `delay` sleeps first; `handler(request)` writes the whole answer itself (an
endless body, a slow drip). Every request's path and headers are kept in `requests`.
"""
from __future__ import annotations

import gzip
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Route:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    etag: str | None = None
    delay: float = 0.0
    gzip: bool = False
    handler: Callable[[BaseHTTPRequestHandler], None] | None = None


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: "_HTTPServer"

    def log_message(self, *args) -> None:      # quiet
        pass

    def do_GET(self) -> None:
        owner = self.server.owner
        path = self.path
        with owner.lock:
            owner.hits[path] += 1
            owner.requests.append((path, dict(self.headers)))
            route = owner.routes.get(path) or owner.routes.get(path.split("?")[0])
        if route is None:
            return self._answer(404, b"not found", {"Content-Type": "text/plain"})
        if route.delay:
            time.sleep(route.delay)
        if route.handler is not None:
            return route.handler(self)
        if route.etag and self.headers.get("If-None-Match") == route.etag:
            return self._answer(304, b"", {"ETag": route.etag})
        headers = dict(route.headers)
        if route.etag:
            headers["ETag"] = route.etag
        body = route.body
        if route.gzip:
            body = gzip.compress(body)
            headers["Content-Encoding"] = "gzip"
        self._answer(route.status, body, headers)

    def _answer(self, status: int, body: bytes, headers: dict[str, str]) -> None:
        self.send_response(status)
        for k, v in headers.items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if body:
            try:
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    owner: "Server"


class Server:
    def __init__(self, host: str = "127.0.0.1", port: int = 0):
        self.routes: dict[str, Route] = {}
        self.hits: Counter[str] = Counter()
        self.requests: list[tuple[str, dict]] = []
        self.lock = threading.Lock()
        self.httpd = _HTTPServer((host, port), _Handler)
        self.httpd.owner = self
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    def url(self, path: str = "/") -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def route(self, path: str, **kwargs) -> Route:
        r = self.routes[path] = Route(**kwargs)
        return r

    def __enter__(self) -> "Server":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
