"""The command line: extract, text, ingest, export, show, documents, stats, stories, facts, timeline, kb.

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

DbOpt = Annotated[str, typer.Option("--db", help="The store: a SQLite file, or a PostgreSQL database "
                                                  "(postgresql://user@host/dbname).")]
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
    from rasd.store.base import open_store
    return open_store(db, create=False)


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


@command(short="The main text rasd reads from each input: rasd text PAGE.html")
def text(paths: PathsArg, jsonl: Annotated[bool, typer.Option("--jsonl", help="One JSON object per document: "
                                                                           '{"file", "doc", "text"}.')] = False,
         meta: MetaOpt = None, config: ConfigOpt = None):
    """Print the text rasd reads from each input: for a web page its main text (menus, related
    lists, share bars and comments left out), for any input what is left once the
    boilerplate rules have removed their lines. Nothing is stored.

    Examples:

        rasd text page.html

        rasd text saved_pages/ --jsonl > texts.jsonl
    """
    from rasd.ingest.readers import read_paths
    from rasd.text.boilerplate import kept_text
    settings = _settings(config)
    write = sys.stdout.write
    for item in read_paths(_inputs(paths), settings=settings, meta_file=meta):
        if isinstance(item, Skipped):
            err.print(Text(safe(item), style="yellow"))
            continue
        body = kept_text(item)
        if jsonl:
            write(json.dumps({"file": item.source, "doc": item.id, "text": body}, ensure_ascii=False) + "\n")
        else:
            write(f"== {safe(item.id)} ({safe(item.source)})\n{safe(body)}\n\n")


@command(short="Read inputs into a store: rasd ingest FILES --db news.db")
def ingest(paths: PathsArg, db: DbOpt = "rasd.db", meta: MetaOpt = None, config: ConfigOpt = None,
           fast: FastOpt = False,
           workers: Annotated[int, typer.Option("--workers", min=1, help="Run the pipeline on this many "
                                                "processes (or Ray actors with --ray); one writer stores "
                                                "their results in input order.")] = 1,
           ray: Annotated[Optional[str], typer.Option("--ray", help="Run the pipeline on a Ray cluster: auto "
                                                      "(the one started here by `ray start --head`), local (a "
                                                      "private one) or a head's address. Needs rasd[ray].")] = None):
    """Read inputs into the store (created if new); re-ingesting the same input changes nothing.

    Examples:

        rasd ingest examples/corpus --db news.db

        rasd ingest archive.warc.gz feeds/ --db news.db

        rasd ingest archive/ --workers 2 --db postgresql://rasd@db-host/news
    """
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from rasd.api import process_batches
    from rasd.store.base import open_store
    settings = _settings(config, fast=fast)
    _inputs(paths)
    counts = {"read": 0, "new": 0, "updated": 0, "duplicate": 0, "skipped": 0}
    reasons: dict[str, int] = {}
    # the description is a document id (a file name, a URL): shown as text, never read as markup
    bar = Progress(TextColumn("[bold]ingest"), BarColumn(), MofNCompleteColumn(),
                   TextColumn("{task.description}", markup=False),
                   TimeElapsedColumn(), console=err, transient=True)
    st = settings["store"]
    if ray is not None:                 # Ray is imported only here
        from rasd.scale.ray import process_batches as on_ray
        batches = on_ray(paths, address=ray, workers=workers, settings=settings, meta_file=meta)
    elif workers > 1:
        from rasd.scale.local import process_batches as on_workers
        batches = on_workers(paths, workers=workers, settings=settings, meta_file=meta)
    else:
        batches = process_batches(paths, meta_file=meta, settings=settings)
    with open_store(db, batch=st["batch"], commit_seconds=st.get("commit_seconds", 30),
                    wait=st.get("wait", 600)) as store, bar:
        task = bar.add_task("", total=None)
        for batch in batches:
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


# -- monitoring ----------------------------------------------------------------------------
@command(short="Poll feeds and sitemaps into a store: rasd watch feeds.yaml --db news.db")
def watch(sources: Annotated[str, typer.Argument(help="A sources file: YAML (url, outlet, language, every, kind "
                                                      "per source) or one feed URL a line.")],
          db: DbOpt = "rasd.db",
          every: Annotated[Optional[str], typer.Option("--every", help="Poll sources that set no interval of their "
                                                       "own this often: 90s, 15m, 1h (default [watch] every, 15m).")] = None,
          once: Annotated[bool, typer.Option("--once", help="One round, then exit (for cron): every source not "
                                             "backing off after failures is polled, due or not.")] = False,
          allow_private: Annotated[bool, typer.Option("--allow-private", help="Also reach loopback, private "
                                                      "(10/8, 172.16/12, 192.168/16, fc00::/7) and CGNAT addresses; "
                                                      "link-local (169.254.169.254 ...) stays refused.")] = False,
          allow: Annotated[list[str], typer.Option("--allow", help="Also reach this network (CIDR), whatever it is: "
                                                   "--allow 10.2.0.0/16 (repeat for more). Narrower than "
                                                   "--allow-private.")] = [],
          config: ConfigOpt = None, fast: FastOpt = False):
    """Poll RSS/Atom feeds and sitemaps, and ingest each new article as `rasd ingest` would
    (dedup, stories, facts). Conditional GETs, robots.txt, a polite pace per host; addresses
    on the machine or its network are refused unless allowed. Per-source state is kept in the
    store: a restart resumes where it stopped and fetches nothing twice (`rasd sources` shows
    it). Ctrl-C or SIGTERM stops after the current article, with exit 0.

    Examples:

        rasd watch feeds.yaml --db news.db

        rasd watch feeds.yaml --once --db news.db

        rasd watch examples/feeds.yaml --once --allow-private --db news.db
    """
    import threading

    from rasd.store.base import open_store
    from rasd.watch import view
    from rasd.watch.fetch import Fetcher, FetchOptions
    from rasd.watch.guard import Policy
    from rasd.watch.poll import PollOptions, Watcher, stop_on_signals
    from rasd.watch.sources import load_sources, parse_duration
    from rasd.watch.state import watch_lock
    settings = _settings(config, fast=fast)
    options = PollOptions.of(settings)
    try:
        interval = parse_duration(every) if every is not None else None
    except ValueError as e:
        raise typer.BadParameter(str(e), param_hint="--every") from None
    try:
        policy = Policy.of(allow_private=allow_private, allow=allow)
    except ValueError as e:
        raise typer.BadParameter(f"{e} (write a network such as 10.2.0.0/16)", param_hint="--allow") from None
    found = load_sources(sources, every=interval, default_every=options.every, min_every=options.min_every,
                         drop=options.tracking_params)
    stop = threading.Event()
    st = settings["store"]
    # each article is committed with its entry marked done (`Store.transaction`)
    with open_store(db, wait=st.get("wait", 600)) as store, watch_lock(store), \
            Fetcher(FetchOptions.of(settings), policy, stop=stop) as fetcher, stop_on_signals(stop):
        shown = view.LiveView(err, found) if err.is_terminal else None
        watcher = Watcher(found, store=store, fetcher=fetcher, settings=settings, options=options,
                          observer=shown or view.LogView(err), stop=stop)
        if shown:
            with shown:
                totals = watcher.run(once=once)
        else:
            totals = watcher.run(once=once)
    out.print(("stopped: " if stop.is_set() else "") + totals.summary(), soft_wrap=True)


@command(name="sources", short="What rasd watch polls, and how it fares: rasd sources --db news.db")
def sources_cmd(db: DbOpt = "rasd.db", as_json: JsonOpt = False):
    """The sources `rasd watch` has polled into the store: status (ok, not_modified, error),
    the last error, when last polled and next due, and counts. In a pipe, one per line: url
    outlet language kind status polled next polls entries articles pending errors error.

    Example:

        rasd sources --db news.db
    """
    from rasd.stories.queries import watch_sources
    from rasd.watch import view
    with _reader(db) as store:
        rows = watch_sources(store.db)
    if as_json:
        return _print_json(rows)
    view.sources(out, rows)


# -- exports -------------------------------------------------------------------------------
export_app = typer.Typer(help="Export stored data for other tools: events, facts, stories, documents or the actor "
                              "network, as JSON Lines, CSV, Parquet, PLOVER JSON, GraphML or GEXF.",
                         short_help="Export for pandas, R, Gephi: rasd export facts --format parquet -o facts.parquet",
                         no_args_is_help=True, rich_markup_mode=None)
app.add_typer(export_app, name="export")

ExportFormatOpt = Annotated[str, typer.Option("--format", help="jsonl, csv, parquet, plover (events and facts), "
                                              "graphml or gexf (the network).")]
OutputOpt = Annotated[Optional[str], typer.Option("--output", "-o", help="Write to this file (whole or not at all) "
                                                  "instead of stdout.")]
ExportTypeOpt = Annotated[Optional[str], typer.Option("--type", help="Only facts of this event type (TRANSFER, DEPLOY "
                                                      "...), and what holds them.")]
ExportItemOpt = Annotated[Optional[str], typer.Option("--item", help="Only facts about this item category (missile, "
                                                      "ammunition, drone ...), and what holds them.")]
ExportContradictedOpt = Annotated[bool, typer.Option("--contradicted", help="Only facts one side denies, and what "
                                                     "holds them.")]
ExportFlaggedOpt = Annotated[bool, typer.Option("--flagged", help="Only facts a sanctions regime flags, and what "
                                                "holds them.")]
# what each kind is, for its --help; the filters select facts as `rasd facts` does
EXPORTS = {
    "events": ("Event mentions: rasd export events --format csv -o events.csv",
               "Event mentions: the same records `rasd extract` prints (SPEC), one per sentence that states an event."
               "\n\n--format jsonl (the SPEC records), csv or parquet (flat columns: codes, names, dates, quantity, "
               "item, evidence, outlet, fact and story), or plover (PLOVER JSON). The filters keep the mentions "
               "of the facts `rasd facts` lists with them; --since: published on or after."
               "\n\nExamples:\n\n    rasd export events --db news.db > events.jsonl"
               "\n\n    rasd export events --format csv --db news.db -o events.csv"
               "\n\n    rasd export events --format parquet --type TRANSFER -o transfers.parquet"),
    "facts": ("Facts with counts by status: rasd export facts --format parquet -o facts.parquet",
              "Facts: one event merged across articles, with its reports by status, contradicted or not, and any "
              "sanctions flags (not the sentences: export events for those)."
              "\n\n--format jsonl, csv, parquet or plover. The filters are `rasd facts`' filters."
              "\n\nExamples:\n\n    rasd export facts --format parquet --db news.db -o facts.parquet"
              "\n\n    rasd export facts --format plover --contradicted --db news.db > contradicted.jsonl"),
    "stories": ("Stories: rasd export stories --format csv -o stories.csv",
                "Stories: articles grouped by shared events, actors and text (id, title, first and last date, "
                "actors, articles, copies).\n\n--format jsonl, csv or parquet. The filters keep the stories holding "
                "a mention of a fact they select; --since: last reported on or after."
                "\n\nExample:\n\n    rasd export stories --format csv --db news.db -o stories.csv"),
    "documents": ("Article metadata: rasd export documents --format csv -o documents.csv",
                  "Stored articles' metadata, not their text (id, source, outlet, url, language, published, title, "
                  "length, events, copy of, story, warnings); `rasd show` prints a text."
                  "\n\n--format jsonl, csv or parquet. The filters keep the articles holding a mention of a fact "
                  "they select; --since: published on or after."
                  "\n\nExample:\n\n    rasd export documents --format parquet --db news.db -o documents.parquet"),
    "network": ("Who does what to whom, for Gephi: rasd export network --format gexf -o network.gexf",
                "The actor network: one edge per source, target and event type, summed over the facts the filters "
                "select (facts, reports by status, contradicted, first and last date, flagged facts); nodes are "
                "countries with their name, knowledge-base id and the actor codes their mentions carry."
                "\n\n--format graphml or gexf (nodes and edges), or jsonl, csv, parquet (the edges)."
                "\n\nExamples:\n\n    rasd export network --format graphml --db news.db -o network.graphml"
                "\n\n    rasd export network --format gexf --type TRANSFER --db news.db -o transfers.gexf"),
}


def _export_command(kind: str) -> None:
    short, doc = EXPORTS[kind]

    def run(db: DbOpt = "rasd.db", format: ExportFormatOpt = "jsonl", output: OutputOpt = None,
            actor: ActorOpt = None, type: ExportTypeOpt = None, item: ExportItemOpt = None, since: SinceOpt = None,
            contradicted: ExportContradictedOpt = False, flagged: ExportFlaggedOpt = False):
        _run_export(kind, db=db, fmt=format, output=output, actor=actor, type=type, item=item, since=since,
                    contradicted=contradicted, flagged=flagged)
    run.__name__, run.__qualname__, run.__doc__ = f"export_{kind}", f"export_{kind}", doc
    command(export_app, kind, short=short)(run)


def _run_export(kind: str, *, db: str, fmt: str, output: str | None, actor: str | None, type: str | None,
                item: str | None, since: str | None, contradicted: bool, flagged: bool) -> None:
    from rasd import export
    from rasd.errors import ExportError
    from rasd.validate_args import check_item, check_type
    export.check(kind, fmt)
    filters = export.Filters(actor=_actor(actor), type=_checked(check_type, type, "--type"),
                             item=_checked(check_item, item, "--item"), since=_date(since), contradicted=contradicted,
                             flagged=flagged)
    if output is None and fmt in export.BINARY and sys.stdout.isatty():
        raise ExportError(f"{fmt} is binary: write it to a file with -o FILE, or redirect stdout")
    with _reader(db) as store:
        export.one_pass(store.db)
        records = export.rows(store.db, kind, filters)
        if output is None:
            sys.stdout.flush()
            export.write(kind, fmt, records, sys.stdout.buffer, db=store.db)
            sys.stdout.buffer.flush()
            return
        with export.atomic(output) as f:
            n = export.write(kind, fmt, records, f, db=store.db)
    what = "edges" if kind == "network" else kind
    err.print(Text(f"{n} {what} written to {safe(output)}"))


for _kind in EXPORTS:
    _export_command(_kind)


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
              flagged: Annotated[bool, typer.Option("--flagged", help="Only transfers (and deployments) a UN arms "
                                                    "embargo in force on their dates would forbid.")] = False,
              actor: ActorOpt = None,
              type: Annotated[Optional[str], typer.Option("--type", help="An event type: TRANSFER, DEPLOY, ATTACK, "
                                                          "AGREE, MEET, SANCTION ...")] = None,
              item: Annotated[Optional[str], typer.Option("--item", help="An item category: missile, ammunition, "
                                                          "drone ...")] = None,
              since: SinceOpt = None, limit: LimitOpt = 50,
              evidence: Annotated[int, typer.Option("--evidence", min=0, help="Sentences shown per status (each "
                                                    "claimant before any twice); 0: all of them.")] = 5):
    """Facts: one event merged across articles, with who asserts and who denies it, most
    reported first, and the UN arms embargoes a transfer would breach on its dates (the
    resolution and paragraph; "uncertain" where its dates reach past a window's edge,
    "contested" where a Council member disputed the measure then). In a pipe, one evidence
    sentence per line: fact type source target item contradicted articles status claimant doc
    copy flags evidence.

    Examples:

        rasd facts --contradicted --db news.db

        rasd facts --flagged --type TRANSFER --db news.db

        rasd facts --actor "كوريا الشمالية" --type TRANSFER --since 2024-01-01

        rasd facts --type TRANSFER --item ammunition --limit 10

        rasd facts --contradicted --evidence 0 --json > contradictions.json
    """
    from rasd.stories.queries import list_facts
    from rasd.validate_args import check_item, check_type
    type_, item_ = _checked(check_type, type, "--type"), _checked(check_item, item, "--item")
    with _reader(db) as store:
        rows = list_facts(store.db, contradicted=contradicted, actor=_actor(actor), type=type_, item=item_,
                          since=_date(since), limit=limit, per_side=evidence or None, flagged=flagged)
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


# -- the analyst's desk --------------------------------------------------------------------
@command(short="A web app and REST API over a store: rasd serve --db news.db")
def serve(db: DbOpt = "rasd.db",
          host: Annotated[Optional[str], typer.Option("--host", help="The address to listen on (default "
                                                      "127.0.0.1: this machine only).")] = None,
          port: Annotated[Optional[int], typer.Option("--port", min=1, max=65535, help="The port (default 8000).")] = None):
    """The analyst's desk: the store as a web app (Arabic; English with ?lang=en) and a REST
    API (/api/v1, the same data as --json; OpenAPI at /api/docs), read-only. Open the address
    it prints in a browser; Ctrl-C stops it. Defaults: [serve] in settings.toml.

    Examples:

        rasd serve --db news.db

        rasd serve --db news.db --port 8080

        rasd serve --db news.db --host 0.0.0.0    # other machines may read it too
    """
    import socket
    try:
        import uvicorn

        from rasd.serve.app import create_app
    except ImportError as e:
        raise RasdError(f"rasd serve needs its extra: pip install 'rasd[serve]' ({e.name} is missing)") from None
    settings = _settings(None)["serve"]
    host, port = host or settings["host"], port or settings["port"]
    app = create_app(db, settings=settings, host=host)
    # taken before uvicorn starts, so a busy port is one line here, not a log record
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
        probe.bind((host, port))
    shown = f"[{host}]" if ":" in host else host
    out.print(Text(f"rasd serve: http://{safe(shown)}:{port}/  (API /api/v1, docs /api/docs); Ctrl-C stops it"),
              soft_wrap=True)
    uvicorn.run(app, host=host, port=port, log_level="warning")


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
