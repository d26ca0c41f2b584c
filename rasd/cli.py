"""The command line: extract, ingest, export, show, stats, kb.

Only this module prints. Every command has examples in its help.
"""
from __future__ import annotations

import json
import logging
import sys
from typing import Annotated, Optional

import typer
from rich.console import Console

from rasd.events.records import records
from rasd.model import Skipped

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="rasd — Arabic news to attributed facts (who did what to whom, according to whom).")
err = Console(stderr=True)
out = Console()

DbOpt = Annotated[str, typer.Option("--db", help="SQLite database file.")]
ConfigOpt = Annotated[Optional[str], typer.Option("--config", help="TOML file overriding settings.toml.")]
FastOpt = Annotated[bool, typer.Option("--fast", help="The rules alone, without the learned layer: "
                                                      "~8x faster, far lower recall on unseen outlets.")]


def _settings(config: str | None, *, fast: bool = False) -> dict:
    from rasd.pipeline import load_settings
    settings = load_settings(config)
    if fast:
        settings.setdefault("events", {})["learned"] = False
    return settings


@app.callback()
def _main(verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log progress to stderr.")] = False):
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING, format="%(levelname)s %(name)s: %(message)s")


@app.command()
def extract(paths: Annotated[list[str], typer.Argument(help="Files or folders (recursive).")],
            meta: Annotated[Optional[str], typer.Option("--meta", help="A manifest.jsonl for the inputs.")] = None,
            config: ConfigOpt = None, fast: FastOpt = False):
    """Print SPEC event records as JSON Lines, one per event mention.

    Examples:

        rasd extract examples/corpus > events.jsonl

        rasd extract article.html --meta manifest.jsonl

        rasd extract big_archive/ --fast > events.jsonl
    """
    from rasd.api import process
    write = sys.stdout.write
    for item in process(paths, meta_file=meta, settings=_settings(config, fast=fast)):
        if isinstance(item, Skipped):
            err.print(f"[yellow]{item}[/yellow]", highlight=False)
            continue
        for rec in records(item):
            write(json.dumps(rec, ensure_ascii=False) + "\n")


@app.command()
def ingest(paths: Annotated[list[str], typer.Argument(help="Files or folders (recursive).")],
           db: DbOpt = "rasd.db",
           meta: Annotated[Optional[str], typer.Option("--meta", help="A manifest.jsonl for the inputs.")] = None,
           config: ConfigOpt = None, fast: FastOpt = False):
    """Read inputs into the database; re-ingesting the same input changes nothing.

    Examples:

        rasd ingest examples/corpus --db news.db

        rasd ingest archive.warc.gz feeds/ --db news.db
    """
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from rasd.api import process_batches
    from rasd.store.sqlite import Store
    settings = _settings(config, fast=fast)
    counts = {"read": 0, "new": 0, "updated": 0, "duplicate": 0, "skipped": 0}
    reasons: dict[str, int] = {}
    bar = Progress(TextColumn("[bold]ingest"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.description}"),
                   TimeElapsedColumn(), console=err, transient=True)
    with Store(db, batch=settings["store"]["batch"]) as store, bar:
        task = bar.add_task("", total=None)
        for batch in process_batches(paths, meta_file=meta, settings=settings):
            for item, outcome in zip(batch, store.save_all(batch)):
                counts["read"] += 1
                if isinstance(item, Skipped):
                    counts["skipped"] += 1
                    reasons[item.reason] = reasons.get(item.reason, 0) + 1
                    err.print(f"[yellow]{item}[/yellow]", highlight=False)
                else:
                    counts[outcome.status] += 1
                bar.update(task, advance=1, description=str(getattr(item, "id", item.source))[:40])
    out.print(" · ".join(f"{k} {v}" for k, v in counts.items()), highlight=False)
    for reason, n in sorted(reasons.items()):
        out.print(f"  skipped ({reason}): {n}", highlight=False)


export_app = typer.Typer(help="Export stored data.", no_args_is_help=True)
app.add_typer(export_app, name="export")


@export_app.command("events")
def export_events(db: DbOpt = "rasd.db",
                  format: Annotated[str, typer.Option("--format", help="jsonl or csv.")] = "jsonl"):
    """Print the stored event records: the same records `rasd extract` prints.

    Examples:

        rasd export events --db news.db > events.jsonl

        rasd export events --format csv > events.csv
    """
    from rasd.store.sqlite import Store
    with Store(db) as store:
        rows = store.event_records()
    if format == "jsonl":
        for rec in rows:
            sys.stdout.write(json.dumps(rec, ensure_ascii=False) + "\n")
    elif format == "csv":
        import csv
        w = csv.writer(sys.stdout)
        cols = ["doc", "part", "type", "source", "target", "status", "claimant", "date", "quantity", "unit",
                "item", "location", "evidence_start", "evidence_end", "evidence"]
        w.writerow(cols)
        for r in rows:
            w.writerow([r["doc"], r.get("part", 1), r["type"], _code(r["source"]), _code(r["target"]), r["status"],
                        _code(r["claimant"]), (r["date"] or {}).get("value"), (r["quantity"] or {}).get("value"),
                        (r["quantity"] or {}).get("unit"), (r["item"] or {}).get("category"),
                        (r["location"] or {}).get("name"), r["evidence"]["start"], r["evidence"]["end"],
                        r["evidence"]["text"]])
    else:
        raise typer.BadParameter("format must be jsonl or csv")


def _code(actor: dict | None) -> str:
    return actor["code"] if actor else ""


@app.command()
def show(doc: Annotated[str, typer.Argument(help="A document id (see `rasd stats`).")], db: DbOpt = "rasd.db"):
    """Show a stored document with its events' evidence highlighted and boilerplate dimmed.

    Example:

        rasd show 004_5781ef57ee54ea22 --db news.db
    """
    from rich.table import Table
    from rich.text import Text

    from rasd.store.sqlite import Store
    with Store(db) as store:
        d = store.document(doc)
    if d is None:
        err.print(f"no document {doc!r}")
        raise typer.Exit(1)
    text = Text(d["text"])
    for r in d["removed"]:
        text.stylize("dim strike", r["start"], r["end"])
    for e in d["events"]:
        text.stylize("bold yellow", e["evidence"]["start"], e["evidence"]["end"])
    out.rule(f"{d['id']}  {d['outlet'] or ''}  {d['published'] or ''}")
    out.print(text)
    table = Table("type", "source", "target", "status", "claimant", "date", "qty", "evidence", show_lines=False)
    for e in d["events"]:
        table.add_row(e["type"], _code(e["source"]), _code(e["target"]), e["status"], _code(e["claimant"]),
                      (e["date"] or {}).get("value") or "", str((e["quantity"] or {}).get("value") or ""),
                      e["evidence"]["text"][:70])
    out.print(table)


@app.command()
def stats(db: DbOpt = "rasd.db"):
    """Counts of what the database holds.

    Example:

        rasd stats --db news.db
    """
    from rasd.store.sqlite import Store
    with Store(db) as store:
        s = store.stats()
    for k, v in s.items():
        out.print(f"{k:18s} {v}", highlight=False)


kb_app = typer.Typer(help="The knowledge base of actors, places and weapons.", no_args_is_help=True)
app.add_typer(kb_app, name="kb")


@kb_app.command("lookup")
def kb_lookup(name: Annotated[str, typer.Argument(help="A name in Arabic or English, any spelling.")],
              extra: Annotated[list[str], typer.Option("--extra", help="A folder of your own KB records.")] = []):
    """Find what a name links to.

    Examples:

        rasd kb lookup "بيونغ يانغ"

        rasd kb lookup "Kim Jong Un"
    """
    from rasd.kb.lookup import lookup
    hits = lookup(name, extra_dirs=tuple(extra))
    if not hits:
        out.print("no match")
        raise typer.Exit(1)
    for h in hits:
        out.print(h, highlight=False)


@kb_app.command("validate")
def kb_validate(extra: Annotated[list[str], typer.Option("--extra", help="A folder of your own KB records.")] = []):
    """Check the knowledge base: duplicate ids, conflicting aliases, missing codes.

    Example:

        rasd kb validate --extra my_kb/
    """
    from rasd.kb.validate import validate
    problems, sizes = validate(extra_dirs=tuple(extra))
    for k, v in sorted(sizes.items()):
        out.print(f"{k:14s} {v}", highlight=False)
    for p in problems:
        out.print(f"[red]{p}[/red]", highlight=False)
    if problems:
        raise typer.Exit(1)
    out.print("ok")


JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]


def _print_json(obj) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False, indent=1) + "\n")


@app.command("stories")
def stories_cmd(db: DbOpt = "rasd.db", as_json: JsonOpt = False):
    """Stories: articles grouped by shared events, actors and text, newest first.

    Example:

        rasd stories --db news.db
    """
    from rich.table import Table

    from rasd.stories.queries import list_stories
    from rasd.store.sqlite import Store
    with Store(db) as store:
        rows = list_stories(store.db)
    if as_json:
        return _print_json(rows)
    table = Table("story", "first", "last", "articles", "copies", "actors", "title")
    for r in rows:
        table.add_row(str(r["id"]), r["first_date"] or "", r["last_date"] or "", str(r["articles"]),
                      str(r["copies"] or 0), " ".join(r["actors"]), r["title"][:60])
    out.print(table)


@app.command("facts")
def facts_cmd(db: DbOpt = "rasd.db", as_json: JsonOpt = False,
              contradicted: Annotated[bool, typer.Option("--contradicted", help="Only facts one side denies.")] = False,
              actor: Annotated[Optional[str], typer.Option("--actor", help="A country code: PRK, RUS ...")] = None,
              type: Annotated[Optional[str], typer.Option("--type", help="An event type: TRANSFER, DEPLOY ...")] = None,
              item: Annotated[Optional[str], typer.Option("--item", help="An item category: missile, ammunition, "
                                                          "drone ... (SPEC item categories)")] = None,
              since: Annotated[Optional[str], typer.Option("--since", help="Reported on or after YYYY-MM-DD.")] = None,
              limit: Annotated[Optional[int], typer.Option("--limit", help="At most this many facts, most reported "
                                                           "first.")] = None,
              evidence: Annotated[int, typer.Option("--evidence", help="Sentences shown per status (each claimant "
                                                    "before any twice); 0: all of them.")] = 5):
    """Facts: one event merged across articles, with who asserts and who denies it.

    Examples:

        rasd facts --contradicted --db news.db

        rasd facts --actor PRK --type TRANSFER --since 2024-01-01

        rasd facts --type TRANSFER --item ammunition --limit 10

        rasd facts --contradicted --evidence 0 --json > contradictions.json
    """
    from rasd.stories.queries import list_facts
    from rasd.store.sqlite import Store
    with Store(db) as store:
        rows = list_facts(store.db, contradicted=contradicted, actor=actor, type=type, item=item, since=since,
                          limit=limit, per_side=evidence or None)
    if as_json:
        return _print_json(rows)
    for f in rows:
        flag = " [red]CONTRADICTED[/red]" if f["contradicted"] else ""
        what = f" ({f['item']})" if f["item"] else ""
        out.print(f"[bold]#{f['id']} {f['type']} {f['source'] or '?'} → {f['target'] or '?'}{what}[/bold]"
                  f"  {f['first_date'] or ''}…{f['last_date'] or ''}  reports {f['reports']} "
                  f"(mentions {f['mentions']}){flag}", highlight=False)
        for status, items in f["sides"].items():
            for it in items:
                dup = " (copy)" if it["duplicate"] else ""
                out.print(f"   {status:9s} {it['claimant'] or 'outlet':6s} {it['doc']}{dup}: {it['evidence'][:110]}",
                          highlight=False)
            if (more := f["counts"][status] - len(items)) > 0:
                out.print(f"   {status:9s} … {more} more (--evidence 0 shows all)", highlight=False)


@app.command("timeline")
def timeline_cmd(story: Annotated[Optional[int], typer.Argument(help="A story id (see `rasd stories`).")] = None,
                 actor: Annotated[Optional[str], typer.Option("--actor", help="A country code.")] = None,
                 since: Annotated[Optional[str], typer.Option("--since", help="Reported on or after YYYY-MM-DD.")] = None,
                 db: DbOpt = "rasd.db", as_json: JsonOpt = False):
    """How a story (or everything about an actor) developed, report by report.

    Examples:

        rasd timeline 3 --db news.db

        rasd timeline --actor PRK --since 2024-10-01
    """
    if story is None and not actor:
        raise typer.BadParameter("give a story id or --actor")
    from rasd.stories.queries import timeline
    from rasd.store.sqlite import Store
    with Store(db) as store:
        rows = timeline(store.db, story=story, actor=actor, since=since)
    if as_json:
        return _print_json(rows)
    for r in rows:
        dup = " (copy)" if r["duplicate"] else ""
        out.print(f"{r['published'] or '?':10s} #{r['fact']:<4} {r['type']:9s} {r['source'] or '?'}→{r['target'] or '?'} "
                  f"{r['status']:8s} {r['claimant'] or 'outlet':6s} {r['doc']}{dup}: {r['evidence'][:90]}",
                  highlight=False)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
