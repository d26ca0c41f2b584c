"""What `rasd watch` and `rasd sources` show.

At a terminal `rasd watch` keeps a live table of its sources (status, articles found and
stored, errors, when next due) above the last few articles; elsewhere (a log file, a
service manager) it writes one line per event instead. Text from outside (URLs, outlet
names, error messages quoting a server) goes through `rasd.terminal` and is never read as
markup.
"""
from __future__ import annotations

import datetime as dt
from collections import deque
from dataclasses import dataclass

from rich.console import Console, Group
from rich.live import Live
from rich.table import Table
from rich.text import Text

from rasd.terminal import line, safe
from rasd.watch.poll import Observer, Totals
from rasd.watch.sources import Source

STYLE = {"ok": "green", "not_modified": "green", "error": "red", "backoff": "yellow", "new": "green", "updated": "cyan",
         "duplicate": "dim", "skipped": "yellow", "retry": "yellow", "failed": "red", "refused": "red"}
SOURCE_COLUMNS = "url outlet language kind status polled next polls entries articles pending errors error"


def _when(iso: str | None) -> str:
    return iso.replace("T", " ").replace("+00:00", "Z") if iso else "-"


def sources(console: Console, rows: list[dict]) -> None:
    """`rasd sources`: a heading and a line of figures per source at a terminal, one
    tab-separated line per source in a pipe (SOURCE_COLUMNS)."""
    if not console.is_terminal:
        for r in rows:
            console.file.write(line(r["url"], r["outlet"], r["language"], r["kind"], r["status"], r["polled_at"],
                                    r["next_at"], r["polls"], r["entries"], r["articles"], r["pending"], r["errors"],
                                    r["error"]))
        return
    if not rows:
        console.print("no sources yet: run `rasd watch SOURCES --db …` first")
    for r in rows:
        console.print(Text.assemble((safe(r["url"]), "bold"), "  ", (r["status"], STYLE.get(r["status"], "")),
                                    f"  {safe(r['outlet'] or '')} {r['language'] or ''} {r['kind'] or ''}".rstrip()))
        console.print(Text(f"   polled {_when(r['polled_at'])} · next {_when(r['next_at'])} · {r['polls']} polls · "
                           f"{r['entries']} entries · {r['articles']} articles · {r['pending']} pending · "
                           f"{r['errors']} errors", style="dim"))
        if r["error"]:
            console.print(Text(f"   {safe(r['error'])}", style="red"))


class LogView(Observer):
    """One line per event on `console` (stderr)."""

    def __init__(self, console: Console):
        self.console = console

    def _line(self, outcome: str, what: str, detail: str = "") -> None:
        self.console.print(Text.assemble((f"{outcome:12s}", STYLE.get(outcome, "")), safe(what),
                                         f"  {safe(detail)}" if detail else ""), soft_wrap=True)

    def polled(self, source: Source, outcome: str, detail: str = "") -> None:
        self._line(outcome, source.url, detail)

    def article(self, source: Source, url: str, outcome: str, detail: str = "") -> None:
        self._line(outcome, url, detail)

    def waiting(self, until: dt.datetime | None) -> None:
        if until:
            self._line("waiting", f"next round at {until:%H:%M:%S} UTC")

    def round_done(self, totals: Totals) -> None:
        self._line("round", f"{totals.rounds} done", totals.summary())


@dataclass
class _Row:
    status: str = "waiting"
    stored: int = 0
    errors: int = 0
    detail: str = ""


class LiveView(Observer):
    """A live table of the sources and the last articles, redrawn as events come."""

    def __init__(self, console: Console, sources: list[Source], *, recent: int = 8):
        self.console, self.sources = console, sources
        self.rows = {s.url: _Row() for s in sources}
        self.recent: deque[Text] = deque(maxlen=recent)
        self.footer = ""
        self.totals = Totals()
        self.live = Live(self._render(), console=console, refresh_per_second=4, transient=False)

    def __enter__(self) -> "LiveView":
        self.live.__enter__()
        return self

    def __exit__(self, *exc) -> None:
        self.live.update(self._render())
        self.live.__exit__(*exc)

    def _render(self) -> Group:
        table = Table(box=None, pad_edge=False, header_style="bold")
        for name in ("source", "status", "stored", "errors", ""):
            table.add_column(name, overflow="fold")
        for s in self.sources:
            r = self.rows[s.url]
            table.add_row(Text(safe(s.outlet or s.url)), Text(r.status, style=STYLE.get(r.status, "")), str(r.stored),
                          str(r.errors), Text(safe(r.detail), style="dim"))
        t = self.totals
        head = Text(f"rasd watch · round {t.rounds} · new {t.new} · updated {t.updated} · errors "
                    f"{t.source_errors + t.failed}", style="bold")
        return Group(head, table, *self.recent, Text(self.footer, style="dim"))

    def _refresh(self) -> None:
        self.live.update(self._render())

    def polled(self, source: Source, outcome: str, detail: str = "") -> None:
        r = self.rows[source.url]
        r.status, r.detail = outcome, detail
        r.errors += outcome == "error"
        self._refresh()

    def article(self, source: Source, url: str, outcome: str, detail: str = "") -> None:
        r = self.rows[source.url]
        r.stored += outcome in ("new", "updated")
        r.errors += outcome in ("failed", "refused", "retry")
        self.recent.append(Text.assemble((f"{outcome:10s}", STYLE.get(outcome, "")), safe(url),
                                         f"  {safe(detail)}" if detail else ""))
        self._refresh()

    def waiting(self, until: dt.datetime | None) -> None:
        self.footer = f"next round at {until:%H:%M:%S} UTC · Ctrl-C stops after the current article" if until else ""
        self._refresh()

    def round_done(self, totals: Totals) -> None:
        self.totals = totals
        self._refresh()
