"""A static web server for trying `rasd watch` without the internet.

    python -m rasd.watch.demo_server examples/site --port 8765

serves the folder on 127.0.0.1 (loopback only: `rasd watch` reaches it with
`--allow-private`) with what a news site's server gives a feed reader: ETag and
Last-Modified validators, 304 answers to conditional GETs, robots.txt. `--port 0` picks a
free port and says which. Ctrl-C stops it.
"""
from __future__ import annotations

import argparse
import email.utils
import mimetypes
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

TYPES = {".xml": "application/xml", ".html": "text/html", ".txt": "text/plain"}


def handler_for(root: Path) -> type[BaseHTTPRequestHandler]:
    root = root.resolve()

    class Handler(BaseHTTPRequestHandler):
        server_version = "rasd-demo/1"

        def log_message(self, fmt: str, *args) -> None:
            sys.stderr.write(f"demo_server: {self.command} {self.path} {args[1] if len(args) > 1 else ''}\n")

        def do_HEAD(self) -> None:
            self._serve(body=False)

        def do_GET(self) -> None:
            self._serve(body=True)

        def _serve(self, *, body: bool) -> None:
            path = (root / unquote(urlsplit(self.path).path).lstrip("/")).resolve()
            if path.is_dir():
                path = path / "index.html"
            if not path.is_relative_to(root) or not path.is_file():
                return self._answer(404, b"not found\n", {"Content-Type": "text/plain"}, body)
            st = path.stat()
            etag = f'"{st.st_mtime_ns:x}-{st.st_size:x}"'
            modified = email.utils.formatdate(st.st_mtime, usegmt=True)
            validators = {"ETag": etag, "Last-Modified": modified}
            if self.headers.get("If-None-Match") == etag or (
                    "If-None-Match" not in self.headers and self.headers.get("If-Modified-Since") == modified):
                return self._answer(304, b"", validators, body)
            kind = TYPES.get(path.suffix.lower()) or mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            self._answer(200, path.read_bytes(), {"Content-Type": kind, **validators}, body)

        def _answer(self, status: int, data: bytes, headers: dict[str, str], body: bool) -> None:
            self.send_response(status)
            for k, v in headers.items():
                self.send_header(k, v)
            if status != 304:
                self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            if body and data:
                self.wfile.write(data)

    return Handler


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m rasd.watch.demo_server", description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", help="the site to serve, e.g. examples/site")
    parser.add_argument("--port", type=int, default=8765, help="port (0: any free one); default 8765")
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on; default 127.0.0.1")
    args = parser.parse_args(argv)
    folder = Path(args.folder)
    if not folder.is_dir():
        parser.error(f"no such folder: {folder}")
    try:
        server = ThreadingHTTPServer((args.host, args.port), handler_for(folder))
    except OSError as e:
        parser.exit(1, f"demo_server: cannot listen on {args.host}:{args.port}: {e.strerror or e}\n")
    host, port = server.server_address[:2]
    print(f"serving {folder} at http://{host}:{port}/ (Ctrl-C stops)", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
