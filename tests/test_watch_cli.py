"""`rasd watch` and `rasd sources` as a user runs them: the README's monitoring flow against
the demo server, refusals without --allow-private, a watch killed mid-round (SIGTERM, then
SIGKILL) and started again, bad input. The tests with a store of their own run on both
backends (conftest's `store_at`: SQLite, and PostgreSQL where a server is reachable)."""
from __future__ import annotations

import json
import os
import re
import shlex
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import ROOT, run_rasd
from rasd.errors import StoreError
from rasd.store.base import connect_reader, is_server
from watch_server import Server

README = ROOT / "README.md"
FAST_TOML = """
[events]
learned = false
[watch]
host_delay = 0
connect_timeout = 2
read_timeout = 2
total_timeout = 5
retries = 0
concurrency = 1
"""


def _rasd(*args) -> list[str]:
    return [sys.executable, "-m", "rasd.cli", *map(str, args)]


def _documents(db: str) -> int:
    """Documents stored so far, read as another process would (0 before the store is made)."""
    if not is_server(db):         # read-only: a reader must not make the file before the watch does
        try:
            with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as c:
                return c.execute("SELECT count(*) FROM documents").fetchone()[0]
        except sqlite3.Error:
            return 0
    try:
        conn = connect_reader(db)
    except StoreError:
        return 0
    try:
        return conn.execute("SELECT count(*) FROM documents").fetchone()[0]
    except StoreError:
        return 0
    finally:
        conn.close()


def _wait_for(condition, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting")
        time.sleep(0.05)


def _site(srv: Server, n: int, *, delay: float = 0.0) -> None:
    """A feed of `n` short English articles, each answered after `delay` seconds."""
    srv.route("/robots.txt", status=404)
    items = "".join(f"<item><title>a{i}</title><link>{srv.url(f'/a{i}.html?utm_source=rss')}</link><guid>g{i}</guid>"
                    f"<pubDate>Fri, 14 Nov 2025 0{i % 10}:00:00 +0000</pubDate></item>" for i in range(n))
    srv.route("/feed.xml", body=f'<rss version="2.0"><channel><title>Wire</title>{items}</channel></rss>'.encode(),
              etag='"f1"')
    for i in range(n):
        body = (f"<html><body><article><h1>Report {i}</h1><p>North Korea sent {100 + i} artillery shells to Russia "
                f"in October, Ukrainian intelligence said on Friday in its report number {i}.</p></article>"
                f"</body></html>").encode()
        srv.route(f"/a{i}.html", body=body, delay=delay, headers={"Content-Type": "text/html"})


def _sources(tmp_path: Path, *urls: str) -> Path:
    f = tmp_path / "feeds.yaml"
    f.write_text("sources:\n" + "".join(f"  - url: {u}\n    outlet: Wire\n    language: en\n" for u in urls),
                 encoding="utf-8")
    (tmp_path / "fast.toml").write_text(FAST_TOML, encoding="utf-8")
    return f


# -- the README's flow ---------------------------------------------------------------------
def _readme_monitoring_block() -> list[str]:
    text = README.read_text(encoding="utf-8")
    section = text.split("## Monitoring", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```sh\n(.*?)```", section, re.S).group(1)
    return [line for line in block.splitlines() if line.strip()]


def _free(port: int) -> bool:
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
            return True
        except OSError:
            return False


@pytest.mark.slow
def test_the_readme_monitoring_flow_runs_against_the_demo_server(tmp_path):
    """Exactly the README's commands: start the demo server, `rasd watch examples/feeds.yaml
    --once --allow-private`, then `rasd sources` and `rasd stats` (only if port 8765 is
    taken here are the server and the sources file moved to another port)."""
    lines = _readme_monitoring_block()
    server_line, commands = lines[0], lines[1:]
    assert server_line.startswith("python -m rasd.watch.demo_server examples/site") and server_line.endswith("&")
    assert commands[0] == "rasd watch examples/feeds.yaml --once --allow-private --db news.db"
    (tmp_path / "examples").symlink_to(ROOT / "examples", target_is_directory=True)
    words = shlex.split(server_line.rstrip("& "))
    if not _free(8765):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        words[words.index("--port") + 1] = str(port)
        moved = tmp_path / "feeds.yaml"
        moved.write_text((ROOT / "examples" / "feeds.yaml").read_text("utf-8").replace(":8765/", f":{port}/"), "utf-8")
        commands = [c.replace("examples/feeds.yaml", str(moved)) for c in commands]
    server = subprocess.Popen([sys.executable, *words[1:]], cwd=tmp_path, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True)
    try:
        assert "serving examples/site at http://127.0.0.1:" in server.stdout.readline()
        bindir = Path(sys.executable).parent
        env = dict(os.environ, PATH=f"{bindir}{os.pathsep}{os.environ['PATH']}")
        results = []
        for command in commands:
            if not (bindir / "rasd").exists():
                command = command.replace("rasd ", f"{sys.executable} -m rasd.cli ", 1)
            proc = subprocess.run(["bash", "-c", command], cwd=tmp_path, env=env, capture_output=True, text=True,
                                  timeout=600)
            assert proc.returncode == 0, (command, proc.stderr)
            results.append(proc)
    finally:
        server.terminate()
        server.wait(timeout=10)
    watch, sources, stats = results[0], results[1], results[2]
    assert "new 5" in watch.stdout and "source errors 0" in watch.stdout, watch.stdout
    assert "disallowed by its site's robots.txt" in watch.stderr        # the draft the Arabic feed links
    rows = [line.split("\t") for line in sources.stdout.splitlines()]
    assert [r[4] for r in rows] == ["ok", "ok", "ok"] and [r[0].rsplit("/", 1)[1] for r in rows] == [
        "rss.xml", "atom.xml", "sitemap-news.xml"]
    assert "articles stored\t5\n" in stats.stdout
    db = tmp_path / "news.db"
    with sqlite3.connect(db) as c:
        got = dict(c.execute("SELECT id, encoding FROM documents"))
        assert len(got) == 5 and "cp1256" in got.values()
        assert c.execute("SELECT count(*) FROM facts").fetchone()[0] > 0
        outlets = {r[0] for r in c.execute("SELECT outlet FROM documents")}
        assert outlets == {"رصد التجريبي", "Rasd Demo Wire"}


# -- the guard, from the command line ------------------------------------------------------
def test_a_local_server_is_refused_without_allow_private(tmp_path, store_at):
    db = store_at("w")
    with Server() as srv:
        _site(srv, 2)
        urls = [srv.url("/feed.xml"), f"http://localhost:{srv.port}/feed.xml",
                f"http://[::ffff:127.0.0.1]:{srv.port}/feed.xml"]
        sources = _sources(tmp_path, *urls)
        proc = run_rasd("watch", sources, "--once", "--config", tmp_path / "fast.toml", "--db", db)
        assert proc.returncode == 0
        assert "source errors 3" in proc.stdout and "new 0" in proc.stdout
        assert sum(srv.hits.values()) == 0
        listed = run_rasd("sources", "--json", "--db", db)
        rows = json.loads(listed.stdout)
        assert [r["url"] for r in rows] == urls          # as the sources file lists them
        assert all(r["status"] == "error" and "--allow-private" in r["error"] for r in rows)
        # allowed, it works; and `--allow` names just the one network
        proc = run_rasd("watch", sources, "--once", "--allow", "127.0.0.1/32", "--config", tmp_path / "fast.toml",
                        "--db", db)
        assert "new 2" in proc.stdout, proc.stdout + proc.stderr


def test_bad_input_is_one_line_and_the_right_exit_code(tmp_path):
    bad = tmp_path / "feeds.yaml"
    bad.write_text("sources:\n  - url: https://a.example/rss\n    ever: 5m\n", encoding="utf-8")
    proc = run_rasd("watch", bad, "--once", "--db", tmp_path / "w.db", check=False)
    assert proc.returncode == 1 and "unknown key 'ever'" in proc.stderr and len(proc.stderr.strip().splitlines()) == 1
    proc = run_rasd("watch", tmp_path / "none.yaml", "--db", tmp_path / "w.db", check=False)
    assert proc.returncode == 1 and "none.yaml" in proc.stderr
    bad.write_text("https://a.example/rss\n", encoding="utf-8")
    proc = run_rasd("watch", bad, "--every", "often", "--db", tmp_path / "w.db", check=False)
    assert proc.returncode == 2 and "--every" in proc.stderr
    proc = run_rasd("watch", bad, "--allow", "everything", "--db", tmp_path / "w.db", check=False)
    assert proc.returncode == 2 and "--allow" in proc.stderr
    proc = run_rasd("sources", "--db", tmp_path / "missing.db", check=False)
    assert proc.returncode == 1 and "no store" in proc.stderr


def test_one_watch_per_store(tmp_path, store_at):
    with Server() as srv:
        _site(srv, 3, delay=1.0)
        sources = _sources(tmp_path, srv.url("/feed.xml"))
        db = store_at("w")
        first = subprocess.Popen(_rasd("watch", sources, "--allow-private", "--config", tmp_path / "fast.toml",
                                       "--db", db), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            _wait_for(lambda: srv.hits["/a0.html"] >= 1)
            second = run_rasd("watch", sources, "--once", "--allow-private", "--db", db, check=False)
            assert second.returncode == 1 and "another rasd watch" in second.stderr
        finally:
            first.send_signal(signal.SIGTERM)
            first.communicate(timeout=30)


# -- killed and started again --------------------------------------------------------------
def _run_until(tmp_path, srv, sources, db, *, documents: int, sig: int) -> subprocess.CompletedProcess:
    proc = subprocess.Popen(_rasd("watch", sources, "--allow-private", "--config", tmp_path / "fast.toml",
                                  "--db", db), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        _wait_for(lambda: _documents(db) >= documents)
        proc.send_signal(sig)
        out, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    return subprocess.CompletedProcess(proc.args, proc.returncode, out, err)


def _article_hits(srv: Server, n: int) -> list[int]:
    return [srv.hits[f"/a{i}.html"] for i in range(n)]


def test_a_watch_stopped_with_sigterm_finishes_the_article_exits_0_and_resumes(tmp_path, store_at):
    n = 8
    with Server() as srv:
        _site(srv, n, delay=0.3)
        sources, db = _sources(tmp_path, srv.url("/feed.xml")), store_at("w")
        stopped = _run_until(tmp_path, srv, sources, db, documents=2, sig=signal.SIGTERM)
        assert stopped.returncode == 0, stopped.stderr
        assert stopped.stdout.startswith("stopped: ") and len(stopped.stdout.strip().splitlines()) == 1
        kept = _documents(db)
        assert 2 <= kept < n
        # whatever was fetched was stored: nothing is fetched twice by the next run
        resumed = run_rasd("watch", sources, "--once", "--allow-private", "--config", tmp_path / "fast.toml",
                           "--db", db)
        assert f"new {n - kept}" in resumed.stdout, resumed.stdout
        assert _documents(db) == n
        assert _article_hits(srv, n) == [1] * n
        # the feed was not fetched whole again: the restart asked with its ETag and got a 304
        assert "not modified 1" in resumed.stdout
        assert [h.get("If-None-Match") for p, h in srv.requests if p == "/feed.xml"][-1] == '"f1"'


@pytest.mark.slow
def test_a_watch_killed_with_sigkill_loses_nothing_and_refetches_at_most_what_was_in_hand(tmp_path, store_at):
    n = 8
    with Server() as srv:
        _site(srv, n, delay=0.3)
        sources, db = _sources(tmp_path, srv.url("/feed.xml")), store_at("w")
        killed = _run_until(tmp_path, srv, sources, db, documents=3, sig=signal.SIGKILL)
        assert killed.returncode == -signal.SIGKILL
        run_rasd("watch", sources, "--once", "--allow-private", "--config", tmp_path / "fast.toml", "--db", db)
        c = connect_reader(db)
        try:
            ids = [r[0] for r in c.execute("SELECT id FROM documents")]
            states = dict(c.execute("SELECT state, count(*) FROM watch_entries GROUP BY state"))
        finally:
            c.close()
        assert sorted(ids) == sorted(srv.url(f"/a{i}.html") for i in range(n))     # all there, once each
        assert states == {"done": n}
        hits = _article_hits(srv, n)
        # an article stored before the kill is never fetched again; only one in hand when it
        # came (fetched, not yet committed: at most the one being stored and the one being
        # fetched, with concurrency 1) may be
        print("article fetches after SIGKILL and restart:", hits)
        assert all(h in (1, 2) for h in hits) and sum(hits) - n <= 2, hits
