"""How the read commands print: a layout for people at a terminal, one line per record for a pipe.

At a terminal a record is a heading line and its evidence sentence in full on its own
indented lines, which reads at 80 columns (a table squeezes Arabic sentences into a column
a few words wide). In a pipe (stdout not a terminal) each record is one tab-separated line,
never wrapped, so `grep`, `cut` and `sort` see whole records; the columns are listed in each
command's help. Every string from outside goes through `rasd.terminal` and is never read
as markup.
"""
from __future__ import annotations

from collections.abc import Iterable

from rich.console import Console
from rich.padding import Padding
from rich.text import Text

from rasd.terminal import line, safe

STATUS_STYLE = {"asserted": "green", "denied": "red", "hedged": "yellow", "planned": "cyan"}
INDENT = 5


def _evidence(console: Console, text: str) -> None:
    console.print(Padding(Text(safe(text)), (0, 0, 0, INDENT)))


def _who(code: str | None) -> str:
    return safe(code or "?")


# -- facts -------------------------------------------------------------------------------
FACT_COLUMNS = "fact type source target item contradicted articles status claimant doc copy flags evidence"


def facts(console: Console, rows: list[dict]) -> None:
    if not console.is_terminal:
        return _write(console, (line(f["id"], f["type"], f["source"], f["target"], f["item"],
                                     "CONTRADICTED" if f["contradicted"] else "", f["reports"], status,
                                     it["claimant"] or "outlet", it["doc"], "copy" if it["duplicate"] else "",
                                     "; ".join(_flag(x) for x in f.get("flags", ())), it["evidence"])
                                for f in rows for status, items in f["sides"].items() for it in items))
    for f in rows:
        head = Text.assemble((f"#{f['id']} ", "bold"), (f"{f['type']} ", "bold"),
                             f"{_who(f['source'])} → {_who(f['target'])}",
                             f" ({safe(f['item'])})" if f["item"] else "")
        if f["contradicted"]:
            head.append("  CONTRADICTED", style="bold red")
        if f.get("flags"):
            head.append("  FLAGGED", style="bold magenta")
        console.print(head)
        console.print(Text(f"   {f['first_date'] or '?'} … {f['last_date'] or '?'} · {_articles(f)} · "
                           f"mentions {f['mentions']}", style="dim"))
        for x in f.get("flags", ()):
            console.print(Text.assemble("  ", ("embargo  ", "magenta"), safe(_flag(x))))
            console.print(Padding(Text(safe(x["measure"]), style="dim"), (0, 0, 0, 11)))
        for status, items in f["sides"].items():
            for it in items:
                console.print(Text.assemble("  ", (f"{status:9s}", STATUS_STYLE.get(status, "")),
                                            f"{safe(it['claimant'] or 'outlet')} · {safe(it['doc'])}",
                                            " (copy)" if it["duplicate"] else ""))
                _evidence(console, it["evidence"])
            if (more := f["counts"][status] - len(items)) > 0:
                console.print(Text(f"  {status:9s}… {more} more (--evidence 0 shows all)", style="dim"))
        console.print()


def _flag(flag: dict) -> str:
    """"DPRK S/RES/1874 (2009) OP 9", with "(uncertain, contested)" where they hold."""
    marks = [word for word in ("uncertain", "contested") if flag[word]]
    return f"{flag['regime']} {flag['resolution']} {flag['paragraph']}" + (f" ({', '.join(marks)})" if marks else "")


def _articles(f: dict) -> str:
    n, copies = f["reports"], f["copies"]
    words = f"{n} article" + ("s" if n != 1 else "")
    if copies:
        words += f" ({f['originals']} original, {copies} cop{'ies' if copies != 1 else 'y'})"
    return words


# -- timeline ----------------------------------------------------------------------------
TIMELINE_COLUMNS = "published fact type source target status claimant doc copy evidence"


def timeline(console: Console, rows: list[dict]) -> None:
    if not console.is_terminal:
        return _write(console, (line(r["published"], r["fact"], r["type"], r["source"], r["target"], r["status"],
                                     r["claimant"] or "outlet", r["doc"], "copy" if r["duplicate"] else "",
                                     r["evidence"]) for r in rows))
    for r in rows:
        console.print(Text.assemble((f"{r['published'] or '?':10s} ", "bold"), f"#{r['fact']} {r['type']} ",
                                    f"{_who(r['source'])} → {_who(r['target'])}  ",
                                    (r["status"], STATUS_STYLE.get(r["status"], "")),
                                    f" · {safe(r['claimant'] or 'outlet')} · {safe(r['doc'])}",
                                    " (copy)" if r["duplicate"] else ""))
        _evidence(console, r["evidence"])


# -- stories and documents ---------------------------------------------------------------
STORY_COLUMNS = "story first last articles copies actors title"


def stories(console: Console, rows: list[dict]) -> None:
    if not console.is_terminal:
        return _write(console, (line(r["id"], r["first_date"], r["last_date"], r["articles"], r["copies"] or 0,
                                     " ".join(r["actors"]), r["title"]) for r in rows))
    for r in rows:
        copies = f" ({r['copies']} copies)" if r["copies"] else ""
        console.print(Text.assemble((f"#{r['id']} ", "bold"), f"{r['first_date'] or '?'} … {r['last_date'] or '?'} · "
                                    f"{r['articles']} articles{copies} · ", (safe(" ".join(r["actors"])), "cyan")))
        _evidence(console, r["title"])


DOCUMENT_COLUMNS = "id outlet published language events copy_of title"


def documents(console: Console, rows: list[dict]) -> None:
    if not console.is_terminal:
        return _write(console, (line(r["id"], r["outlet"], r["published"], r["language"], r["events"],
                                     r["copy_of"], r["title"]) for r in rows))
    for r in rows:
        copy = f" · copy of {safe(r['copy_of'])}" if r.get("copy_of") else ""
        console.print(Text.assemble((safe(r["id"]), "bold"), f" · {safe(r['outlet'] or '?')} · "
                                    f"{r['published'] or '?'} · {r['language']} · {r['events']} events{copy}"))
        _evidence(console, r["title"])


# -- one document ------------------------------------------------------------------------
EVENT_COLUMNS = "type source target status claimant date quantity item evidence_start evidence_end evidence"


def document(console: Console, d: dict) -> None:
    events = d["events"]
    if not console.is_terminal:
        console.file.write(safe(d["text"]) + "\n\n")
        return _write(console, (line(e["type"], _code(e["source"]), _code(e["target"]), e["status"],
                                     _code(e["claimant"]), (e["date"] or {}).get("value"),
                                     (e["quantity"] or {}).get("value"), (e["item"] or {}).get("category"),
                                     e["evidence"]["start"], e["evidence"]["end"], e["evidence"]["text"])
                                for e in events))
    text = Text(safe(d["text"]))      # `safe` keeps lengths except for escape sequences:
    if len(text) == len(d["text"]):   # the spans are highlighted only where they still fit
        for r in d["removed"]:
            text.stylize("dim strike", r["start"], r["end"])
        for e in events:
            text.stylize("bold yellow", e["evidence"]["start"], e["evidence"]["end"])
    console.rule(Text(f"{safe(d['id'])}  {safe(d['outlet'] or '')}  {d['published'] or ''}"))
    console.print(text)
    console.rule(Text(f"{len(events)} events"))
    for e in events:
        extra = " · ".join(x for x in ((e["date"] or {}).get("value"), _quantity(e),
                                        (e["item"] or {}).get("category")) if x)
        console.print(Text.assemble((f"{e['type']} ", "bold"), f"{_who(_code(e['source']))} → "
                                    f"{_who(_code(e['target']))}  ", (e["status"], STATUS_STYLE.get(e["status"], "")),
                                    f" · {safe(_code(e['claimant']) or 'outlet')}",
                                    f" · {safe(extra)}" if extra else ""))
        _evidence(console, e["evidence"]["text"])


def _code(actor: dict | None) -> str:
    return actor["code"] if actor else ""


def _quantity(e: dict) -> str:
    q = e["quantity"]
    return f"{q['value']} {q.get('unit') or ''}".strip() if q else ""


# -- plain pairs -------------------------------------------------------------------------
def pairs(console: Console, rows: Iterable[tuple[str, object]]) -> None:
    """`label  value` lines at a terminal, `label<TAB>value` in a pipe."""
    rows = list(rows)
    if not console.is_terminal:
        return _write(console, (line(k, v) for k, v in rows))
    width = max((len(k) for k, _ in rows), default=0)
    for k, v in rows:
        console.print(Text(f"{safe(k):{width}s}  {safe(v)}"))


def _write(console: Console, lines: Iterable[str]) -> None:
    write = console.file.write
    for s in lines:
        write(s)
