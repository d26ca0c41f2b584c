"""The command line: extract, ingest, export, show, documents, stats, stories, facts, timeline, kb.

Only this module prints. Every command has examples in its help; every expected failure
is one line on stderr (exit 2 for a usage error, 1 for a failure; `--debug` shows the
traceback); read commands print for people at a terminal and one record per line in a
pipe (`rasd.render`), or JSON with `--json`.
"""
from __future__ import annotations

import functools
import json
import logging
import os
import sqlite3
import sys
import tempfile
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.text import Text

from rasd import render
from rasd.errors import RasdError
from rasd.events.records import records
from rasd.model import Skipped
from rasd.terminal import safe

app = typer.Typer(add_completion=False, no_args_is_help=True, rich_markup_mode=None,
                  help="rasd — Arabic news to attributed facts: who did what to whom, when, and according to whom.",
                  epilog="Start with `rasd ingest examples/corpus --db news.db`, then `rasd facts --db news.db`. "
                         "Each command's --help has examples.")
err = Console(stderr=True, highlight=False, emoji=False, soft_wrap=True)     # a message is one line
out = Console(highlight=False, emoji=False)
log = logging.getLogger("rasd")

DbOpt = Annotated[str, typer.Option("--db", help="The store: a SQLite file.")]
ConfigOpt = Annotated[Optional[str], typer.Option("--config", help="A TOML file overriding settings.toml.")]
FastOpt = Annotated[bool, typer.Option("--fast", help="The rules alone, without the learned layer: "
                                                      "~8x faster, far lower recall on unseen outlets.")]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON instead of text.")]
MetaOpt = Annotated[Optional[str], typer.Option("--meta", help="A manifest.jsonl for the inputs.")]
PathsArg = Annotated[list[str], typer.Argument(help="Files or folders (recursive).")]


def _complain(message: str) -> None:
    err.print(Text(f"rasd: {safe(message)}", style="red"))


def command(group: typer.Typer = app, name: str | None = None, *, short: str | None = None):
    """`group.command`, with expected failures turned into one line and exit 1 (the
    traceback with `rasd --debug`), and a closed pipe (`rasd facts | head`) ending quietly."""
    def wrap(func):
        @functools.wraps(func)
        def run(*args, **kwargs):
            try:
                return func(*args, **kwargs)
            except BrokenPipeError:
                os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
                raise typer.Exit(0)
            except (RasdError, OSError, sqlite3.Error) as e:
                if _debugging():
                    raise
                _complain(str(e) if isinstance(e, RasdError) else f"{type(e).__name__}: {e}")
                raise typer.Exit(1)
        return group.command(name, short_help=short)(run)
    return wrap


def _debugging() -> bool:
    """`--debug` sets rasd's logger to DEBUG (in `_main`, before any command runs)."""
    return log.isEnabledFor(logging.DEBUG)


@app.callback()
def _main(verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log progress to stderr.")] = False,
          debug: Annotated[bool, typer.Option("--debug", help="Show the traceback of a failure.")] = False):
    level = logging.DEBUG if debug else logging.INFO if verbose else logging.WARNING
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s")
    log.setLevel(level)


# -- checking what a person typed ----------------------------------------------------------
def _settings(config: str | None, *, fast: bool = False) -> dict:
    from rasd.pipeline import load_settings
    settings = load_settings(config)
    if fast:
        settings.setdefault("events", {})["learned"] = False
    return settings


def _inputs(paths: list[str]) -> list[str]:
    missing = [p for p in paths if not os.path.exists(p)]
    if missing:
        raise typer.BadParameter(f"no such file or folder: {', '.join(map(safe, missing))}", param_hint="PATHS")
    return paths


def _reader(db: str):
    """The store at `db`, which must exist: a read command never creates one."""
    from rasd.store.sqlite import Store
    if not Path(db).is_file():
        raise RasdError(f"no store at {db}: make one with `rasd ingest FILES --db {db}`")
    return Store(db)


def _checked(check, value, hint: str):
    """`value` through one of rasd.validate_args' checks, a usage error if it fails."""
    from rasd.validate_args import BadValue
    if value is None:
        return None
    try:
        return check(value)
    except BadValue as e:
        raise typer.BadParameter(str(e), param_hint=hint) from None


def _actor(value: str | None) -> str | None:
    from rasd.validate_args import resolve_actor
    return _checked(resolve_actor, value, "--actor")


def _date(value: str | None, hint: str = "--since") -> str | None:
    from rasd.validate_args import check_date
    return _checked(check_date, value, hint)


def _print_json(obj) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False, indent=1) + "\n")


LimitOpt = Annotated[int, typer.Option("--limit", min=1, help="At most this many.")]
SinceOpt = Annotated[Optional[str], typer.Option("--since", help="On or after: YYYY-MM-DD, YYYY-MM, YYYY, today, "
                                                                  "yesterday, 7d, 2w.")]
ActorOpt = Annotated[Optional[str], typer.Option("--actor", help="An actor: a code (PRK) or a name in Arabic or "
                                                                  "English (كوريا الشمالية, Russia).")]


# -- turning articles into records ---------------------------------------------------------
@command(short="Event records as JSON Lines, nothing stored: rasd extract FILES")
def extract(paths: PathsArg, meta: MetaOpt = None, config: ConfigOpt = None, fast: FastOpt = False):
    """Print event records (SPEC) as JSON Lines, one per event mention; nothing is stored.

    Examples:

        rasd extract examples/corpus > events.jsonl

        rasd extract article.html --meta manifest.jsonl

        rasd extract big_archive/ --fast > events.jsonl
    """
    from rasd.api import process
    settings = _settings(config, fast=fast)
    write = sys.stdout.write
    for item in process(_inputs(paths), meta_file=meta, settings=settings):
        if isinstance(item, Skipped):
            err.print(Text(safe(item), style="yellow"))
            continue
        for rec in records(item):
            write(json.dumps(rec, ensure_ascii=False) + "\n")


@command(short="Read inputs into a store: rasd ingest FILES --db news.db")
def ingest(paths: PathsArg, db: DbOpt = "rasd.db", meta: MetaOpt = None, config: ConfigOpt = None,
           fast: FastOpt = False):
    """Read inputs into the store (created if new); re-ingesting the same input changes nothing.

    Examples:

        rasd ingest examples/corpus --db news.db

        rasd ingest archive.warc.gz feeds/ --db news.db
    """
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from rasd.api import process_batches
    from rasd.store.sqlite import Store
    settings = _settings(config, fast=fast)
    _inputs(paths)
    counts = {"read": 0, "new": 0, "updated": 0, "duplicate": 0, "skipped": 0}
    reasons: dict[str, int] = {}
    # the description is a document id (a file name, a URL): shown as text, never read as markup
    bar = Progress(TextColumn("[bold]ingest"), BarColumn(), MofNCompleteColumn(),
                   TextColumn("{task.description}", markup=False),
                   TimeElapsedColumn(), console=err, transient=True)
    st = settings["store"]
    with Store(db, batch=st["batch"], commit_seconds=st.get("commit_seconds", 30), wait=st.get("wait", 600)) as store, bar:
        task = bar.add_task("", total=None)
        for batch in process_batches(paths, meta_file=meta, settings=settings):
            for item, outcome in zip(batch, store.save_all(batch)):
                counts["read"] += 1
                if isinstance(item, Skipped):
                    counts["skipped"] += 1
                    reasons[item.reason] = reasons.get(item.reason, 0) + 1
                    err.print(Text(safe(item), style="yellow"))
                else:
                    counts[outcome.status] += 1
                bar.update(task, advance=1, description=safe(getattr(item, "id", item.source))[:40])
    out.print(" · ".join(f"{k} {v}" for k, v in counts.items()))
    for reason, n in sorted(reasons.items()):
        out.print(Text(f"  skipped ({safe(reason)}): {n}"))


# -- exports -------------------------------------------------------------------------------
export_app = typer.Typer(help="Export stored data.", short_help="Export stored data: rasd export events --format csv", no_args_is_help=True, rich_markup_mode=None)
app.add_typer(export_app, name="export")

CSV_COLUMNS = ["doc", "published", "outlet", "url", "part", "type", "source", "source_name", "target", "target_name",
               "status", "claimant", "claimant_name", "date", "date_precision", "quantity", "unit", "approx",
               "item", "item_category", "location", "evidence_start", "evidence_end", "evidence"]


@command(export_app, "events", short="Event records as JSONL or CSV: rasd export events --format csv")
def export_events(db: DbOpt = "rasd.db",
                  format: Annotated[str, typer.Option("--format", help="jsonl or csv (for a spreadsheet: codes "
                                                      "and names, date, outlet, evidence).")] = "jsonl",
                  output: Annotated[Optional[str], typer.Option("--output", "-o", help="Write to this file (whole or "
                                                                "not at all) instead of stdout.")] = None):
    """The stored event records: the same records `rasd extract` prints.

    Examples:

        rasd export events --db news.db > events.jsonl

        rasd export events --format csv --db news.db -o events.csv
    """
    if format not in ("jsonl", "csv"):
        raise typer.BadParameter("must be jsonl or csv", param_hint="--format")
    with _reader(db) as store:
        rows = store.event_rows()
    if output is None:
        return _export(rows, format, sys.stdout)
    # written beside the target and renamed over it: a kill leaves no half file under its name
    folder = os.path.dirname(os.path.abspath(output))
    fd, tmp = tempfile.mkstemp(prefix=".rasd-export-", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
            _export(rows, format, f)
        os.replace(tmp, output)
    except BaseException:
        os.unlink(tmp)
        raise
    err.print(Text(f"{len(rows)} events written to {safe(output)}"))


def _export(rows: list[dict], format: str, f) -> None:
    if format == "jsonl":
        for r in rows:
            f.write(json.dumps(r["record"], ensure_ascii=False) + "\n")
        return
    import csv
    w = csv.writer(f)
    w.writerow(CSV_COLUMNS)
    for row in rows:
        r = row["record"]
        q, d, item = r["quantity"] or {}, r["date"] or {}, r["item"] or {}
        w.writerow([r["doc"], row["published"], row["outlet"], row["url"], r.get("part", 1), r["type"],
                    *_names(r["source"]), *_names(r["target"]), r["status"], *_names(r["claimant"]),
                    d.get("value"), d.get("precision"), q.get("value"), q.get("unit"), q.get("approx"),
                    item.get("text"), item.get("category"), (r["location"] or {}).get("name"),
                    r["evidence"]["start"], r["evidence"]["end"], r["evidence"]["text"]])


def _names(actor: dict | None) -> tuple[str, str]:
    return (actor["code"], actor.get("name") or "") if actor else ("", "")


# -- reading the store ---------------------------------------------------------------------
@command(short="One article, evidence highlighted: rasd show DOC_ID")
def show(doc: Annotated[str, typer.Argument(help="A document id (see `rasd documents`).")], db: DbOpt = "rasd.db",
         as_json: JsonOpt = False):
    """A stored document: its text with each event's evidence highlighted and boilerplate
    struck through, then its events. In a pipe: the text, a blank line, then one event per
    line (type source target status claimant date quantity item start end evidence).

    Example:

        rasd show 02_seoul_weapons --db news.db
    """
    with _reader(db) as store:
        d = store.document(doc)
    if d is None:
        raise RasdError(f"no document {doc!r} in {db} (list them with `rasd documents --db {db}`)")
    if as_json:
        return _print_json(d)
    render.document(out, d)


@command(short="List stored articles: rasd documents --search TEXT")
def documents(db: DbOpt = "rasd.db", as_json: JsonOpt = False,
              outlet: Annotated[Optional[str], typer.Option("--outlet", help="Only from this outlet.")] = None,
              since: SinceOpt = None,
              until: Annotated[Optional[str], typer.Option("--until", help="Published on or before (as --since).")] = None,
              search: Annotated[Optional[str], typer.Option("--search", help="Text the article holds (hamza, "
                                                            "taa marbuta, yaa, diacritics do not matter).")] = None,
              limit: LimitOpt = 50):
    """The stored articles, newest first. In a pipe, one per line: id outlet published
    language events copy_of title.

    Examples:

        rasd documents --db news.db

        rasd documents --search "كورية الشمالية" --since 2024-10 --db news.db
    """
    from rasd.stories.queries import list_documents
    with _reader(db) as store:
        rows = list_documents(store.db, outlet=outlet, since=_date(since), until=_date(until, "--until"),
                              search=search, limit=limit)
    if as_json:
        return _print_json(rows)
    render.documents(out, rows)


@command(short="What the store holds: rasd stats")
def stats(db: DbOpt = "rasd.db", as_json: JsonOpt = False):
    """What the store holds, in words.

    Example:

        rasd stats --db news.db
    """
    from rasd.stories.queries import describe_store
    with _reader(db) as store:
        rows = describe_store(store.db)
    if as_json:
        return _print_json([{"key": k, "label": label, "value": v} for k, label, v in rows])
    render.pairs(out, [(label, v) for _, label, v in rows])


@command(name="stories", short="Articles grouped into stories: rasd stories --actor PRK")
def stories_cmd(db: DbOpt = "rasd.db", as_json: JsonOpt = False, actor: ActorOpt = None, since: SinceOpt = None,
                search: Annotated[Optional[str], typer.Option("--search", help="Text in a story's title or articles (hamza, taa marbuta, yaa, diacritics do not matter).")] = None,
                limit: LimitOpt = 50):
    """Stories: articles grouped by shared events, actors and text, newest first. In a pipe,
    one per line: story first last articles copies actors title.

    Examples:

        rasd stories --db news.db

        rasd stories --actor PRK --since 2024-10 --db news.db
    """
    from rasd.stories.queries import list_stories
    with _reader(db) as store:
        rows = list_stories(store.db, actor=_actor(actor), since=_date(since), search=search, limit=limit)
    if as_json:
        return _print_json(rows)
    render.stories(out, rows)


@command(name="facts", short="Facts with who asserts and who denies: rasd facts --contradicted")
def facts_cmd(db: DbOpt = "rasd.db", as_json: JsonOpt = False,
              contradicted: Annotated[bool, typer.Option("--contradicted", help="Only facts one side denies.")] = False,
              actor: ActorOpt = None,
              type: Annotated[Optional[str], typer.Option("--type", help="An event type: TRANSFER, DEPLOY, ATTACK, "
                                                          "AGREE, MEET, SANCTION ...")] = None,
              item: Annotated[Optional[str], typer.Option("--item", help="An item category: missile, ammunition, "
                                                          "drone ...")] = None,
              since: SinceOpt = None, limit: LimitOpt = 50,
              evidence: Annotated[int, typer.Option("--evidence", min=0, help="Sentences shown per status (each "
                                                    "claimant before any twice); 0: all of them.")] = 5):
    """Facts: one event merged across articles, with who asserts and who denies it, most
    reported first. In a pipe, one evidence sentence per line: fact type source target item
    contradicted articles status claimant doc copy evidence.

    Examples:

        rasd facts --contradicted --db news.db

        rasd facts --actor "كوريا الشمالية" --type TRANSFER --since 2024-01-01

        rasd facts --type TRANSFER --item ammunition --limit 10

        rasd facts --contradicted --evidence 0 --json > contradictions.json
    """
    from rasd.stories.queries import list_facts
    from rasd.validate_args import check_item, check_type
    type_, item_ = _checked(check_type, type, "--type"), _checked(check_item, item, "--item")
    with _reader(db) as store:
        rows = list_facts(store.db, contradicted=contradicted, actor=_actor(actor), type=type_, item=item_,
                          since=_date(since), limit=limit, per_side=evidence or None)
    if as_json:
        return _print_json(rows)
    render.facts(out, rows)


@command(name="timeline", short="How a story developed: rasd timeline STORY_ID")
def timeline_cmd(story: Annotated[Optional[int], typer.Argument(help="A story id (see `rasd stories`).")] = None,
                 actor: ActorOpt = None, since: SinceOpt = None, db: DbOpt = "rasd.db", as_json: JsonOpt = False):
    """How a story (or everything about an actor) developed, report by report. In a pipe,
    one report per line: published fact type source target status claimant doc copy evidence.

    Examples:

        rasd timeline 3 --db news.db

        rasd timeline --actor PRK --since 2024-10-01 --db news.db
    """
    from rasd.stories.queries import timeline
    if story is None and not actor:
        raise typer.BadParameter("give a story id (see `rasd stories`) or --actor", param_hint="STORY")
    code = _actor(actor)
    with _reader(db) as store:
        if story is not None and not store.db.execute("SELECT 1 FROM stories WHERE id = ?", (story,)).fetchone():
            raise RasdError(f"no story {story} in {db} (list them with `rasd stories --db {db}`)")
        rows = timeline(store.db, story=story, actor=code, since=_date(since))
    if as_json:
        return _print_json(rows)
    render.timeline(out, rows)


# -- the knowledge base --------------------------------------------------------------------
kb_app = typer.Typer(help="The knowledge base of actors, places and weapons.",
                     short_help="The knowledge base: rasd kb lookup NAME, rasd kb validate", no_args_is_help=True,
                     rich_markup_mode=None)
app.add_typer(kb_app, name="kb")
ExtraOpt = Annotated[list[str], typer.Option("--extra", help="A folder of your own KB records (YAML).")]


@command(kb_app, "lookup", short="What a name links to: rasd kb lookup \"بيونغ يانغ\"")
def kb_lookup(name: Annotated[str, typer.Argument(help="A name in Arabic or English, any spelling.")],
              extra: ExtraOpt = [], as_json: JsonOpt = False):
    """What a name links to in the knowledge base.

    Examples:

        rasd kb lookup "بيونغ يانغ"

        rasd kb lookup "Kim Jong Un"
    """
    from rasd.kb.lookup import lookup
    hits = lookup(name, extra_dirs=tuple(extra))
    if as_json:
        return _print_json(hits)
    if not hits:
        raise RasdError(f"nothing in the knowledge base is called {name!r}")
    for h in hits:
        out.print(Text(safe(h)))


@command(kb_app, "validate", short="Check the KB and your records: rasd kb validate --extra my_kb/")
def kb_validate(extra: ExtraOpt = []):
    """Check the knowledge base (and your own records): duplicate ids, records that override
    built-in ones, conflicting aliases, missing codes, unreadable YAML.

    Example:

        rasd kb validate --extra my_kb/
    """
    from rasd.kb.validate import validate
    problems, sizes = validate(extra_dirs=tuple(extra))
    render.pairs(out, sorted(sizes.items()))
    for p in problems:
        out.print(Text(safe(p), style="red"))
    if problems:
        raise typer.Exit(1)
    out.print("ok")


def main() -> None:
    app()


if __name__ == "__main__":
    main()
