"""The web pages: server-side HTML (Jinja2, autoescaped) over the same query functions as
the API, Arabic first (`dir="rtl"`), English with `?lang=en`.

Every list keeps its state in the URL (filters, `offset`), so a page can be bookmarked and
sent; the pages work without JavaScript (static/app.js only adds hover highlights and the
boilerplate toggle).
"""
from __future__ import annotations

from urllib.parse import quote, urlencode

import jinja2
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from markupsafe import Markup

from rasd.errors import NotFound
from rasd.serve import params
from rasd.serve.i18n import LANGS, load_words, pick_lang
from rasd.serve.names import actor_name
from rasd.serve.network import layout
from rasd.serve.textview import Span, inert, segments
from rasd.serve.timeline import STATUSES, chart, fold
from rasd.stories import desk, queries
from rasd.validate_args import ITEM_CATEGORIES

router = APIRouter(include_in_schema=False)
FACT_FILTERS = ("actor", "source", "target", "counterpart", "type", "item", "status", "claimant", "contradicted", "since", "until",
                "q", "order")
EVENT_TYPES = tuple(queries.EVENT_LABELS)
LANG_COOKIE_SECONDS = 365 * 24 * 3600


def _finalize(value):
    """What `{{ ... }}` prints: None as nothing, and untrusted text without direction
    overrides or control characters (autoescape then escapes the markup)."""
    if value is None:
        return ""
    if isinstance(value, str) and not isinstance(value, Markup):
        return inert(value)
    return value


ENV = jinja2.Environment(loader=jinja2.PackageLoader("rasd.serve", "templates"), autoescape=True,
                         finalize=_finalize, trim_blocks=True, lstrip_blocks=True)


def doc_url(doc_id: str, start: int | None = None) -> str:
    # the whole id is one path segment: an id with "/" or ".." stays inside /documents/
    return "/documents/" + quote(doc_id, safe="") + ("" if start is None else f"#at-{start}")


def external(url: str | None) -> str | None:
    """An article's own URL, only when it is http(s): never a javascript: or data: link."""
    return url if url and url.lower().startswith(("http://", "https://")) else None


ENV.globals.update(doc_url=doc_url, external=external, STATUSES=STATUSES, EVENT_TYPES=EVENT_TYPES)


def _with(request: Request, **changes) -> str:
    """This page's URL with some query parameters changed (None removes one)."""
    query = {k: v for k, v in request.query_params.items() if k != "lang"}
    for k, v in changes.items():
        if v is None or v == "":
            query.pop(k, None)
        else:
            query[k] = str(v)
    return request.url.path + ("?" + urlencode(query) if query else "")


def render(request: Request, template: str, *, status: int = 200, **context) -> HTMLResponse:
    asked = request.query_params.get("lang")
    lang = pick_lang(asked, request.cookies.get("lang"))
    words = load_words()[lang]
    html = ENV.get_template(template).render(
        request=request, t=words, lang=lang, dir=words.dir, other_lang="en" if lang == "ar" else "ar",
        name=lambda code: actor_name(code, lang) if code else words("outlet"),
        with_params=lambda **changes: _with(request, **changes), **context)
    response = HTMLResponse(html, status_code=status)
    if asked in LANGS:
        response.set_cookie("lang", asked, max_age=LANG_COOKIE_SECONDS, httponly=True, samesite="lax")
    return response


def error_page(request: Request, status: int, message: str) -> HTMLResponse:
    return render(request, "error.html", status=status, code=status, message=message)


def _db(request: Request):
    return request.app.state.readers.connection()


def _settings(request: Request) -> dict:
    return request.app.state.settings


def _page(request: Request, default: int | None = None) -> params.Page:
    serve = _settings(request)
    return params.page(request.query_params.get("limit"), request.query_params.get("offset"),
                       default=default or serve["page_size"], most=serve["max_limit"])


# -- pages ---------------------------------------------------------------------------------
@router.get("/", response_class=HTMLResponse)
def home(request: Request):
    with _db(request) as db:
        held = desk.store_summary(db)
        stories = queries.list_stories(db, limit=8)
        contradictions = queries.list_facts(db, contradicted=True, order="recent", limit=6, per_side=2)
        actors = desk.list_actors(db, limit=12)
    return render(request, "home.html", held=held, stories=stories, contradictions=contradictions, actors=actors)


@router.get("/stories", response_class=HTMLResponse)
def stories(request: Request):
    page = _page(request)
    q = request.query_params
    with _db(request) as db:
        rows = queries.list_stories(db, actor=params.actor(db, "actor", q.get("actor")),
                                    since=params.date("since", q.get("since")), search=params.search(q.get("q")),
                                    limit=page.fetch, offset=page.offset)
    rows, next_offset = page.more(rows)
    return render(request, "stories.html", stories=rows, page=page, next_offset=next_offset)


@router.get("/stories/{story_id}", response_class=HTMLResponse)
def story(request: Request, story_id: int):
    page = _page(request, 100)
    with _db(request) as db:
        found = desk.get_story(db, story_id)
        if found is None:
            raise NotFound(f"no story {story_id}")
        rows, next_offset = page.more(queries.timeline(db, story=story_id, limit=page.fetch, offset=page.offset))
        counts = desk.timeline_counts(db, story=story_id)
        facts = queries.list_facts(db, story=story_id, per_side=1, limit=30)
        documents = queries.list_documents(db, story=story_id, limit=_settings(request)["max_limit"])
    return render(request, "story.html", story=found, days=fold(rows), chart=chart(counts, rtl=_rtl(request)),
                  facts=facts, documents=documents, page=page, next_offset=next_offset, shown=len(rows))


def _rtl(request: Request) -> bool:
    return pick_lang(request.query_params.get("lang"), request.cookies.get("lang")) == "ar"


@router.get("/facts", response_class=HTMLResponse)
def facts(request: Request):
    page = _page(request, 20)
    raw = {k: request.query_params.get(k) for k in FACT_FILTERS}
    with _db(request) as db:
        filters = params.fact_filters(db, raw)
        rows = queries.list_facts(db, **filters, per_side=_settings(request)["per_side"], limit=page.fetch,
                                  offset=page.offset)
    rows, next_offset = page.more(rows)
    return render(request, "facts.html", facts=rows, raw=raw, page=page, next_offset=next_offset,
                  items=ITEM_CATEGORIES)


@router.get("/facts/{fact_id}", response_class=HTMLResponse)
def fact(request: Request, fact_id: int):
    with _db(request) as db:
        found = desk.get_fact(db, fact_id, per_side=_settings(request)["max_limit"])
    if found is None:
        raise NotFound(f"no fact {fact_id}")
    by_claimant = {status: _group(found["sides"].get(status, [])) for status in STATUSES}
    return render(request, "fact.html", fact=found, by_claimant=by_claimant)


def _group(sentences: list[dict]) -> list[tuple[str | None, list[dict]]]:
    """Sentences grouped by claimant, in the order each claimant first speaks."""
    groups: dict[str | None, list[dict]] = {}
    for s in sentences:
        groups.setdefault(s["claimant"], []).append(s)
    return list(groups.items())


@router.get("/documents", response_class=HTMLResponse)
def documents(request: Request):
    page = _page(request)
    q = request.query_params
    search = params.search(q.get("q"))
    with _db(request) as db:
        filters = {"outlet": q.get("outlet") or None, "since": params.date("since", q.get("since")),
                   "until": params.date("until", q.get("until")), "limit": page.fetch, "offset": page.offset}
        rows = desk.search_documents(db, search, **filters) if search else queries.list_documents(db, **filters)
    rows, next_offset = page.more(rows)
    return render(request, "documents.html", documents=rows, page=page, next_offset=next_offset)


@router.get("/documents/{doc_id:path}", response_class=HTMLResponse)
def document(request: Request, doc_id: str):
    with _db(request) as db:
        doc = desk.get_document(db, doc_id)
    if doc is None:
        raise NotFound(f"no document {doc_id!r}")
    spans = [Span(e["record"]["evidence"]["start"], e["record"]["evidence"]["end"], e["record"]["type"], e["n"])
             for e in doc["events"]]
    removed = [Span(r["start"], r["end"], r["reason"], -1) for r in doc["removed"]]
    return render(request, "document.html", doc=doc, segments=segments(doc["text"], spans, removed))


@router.get("/actors", response_class=HTMLResponse)
def actors(request: Request):
    page = _page(request)
    asked = params.search(request.query_params.get("q"))
    message = None
    with _db(request) as db:
        if asked:
            from rasd.validate_args import BadValue, resolve_actor
            try:
                return RedirectResponse("/actors/" + quote(resolve_actor(asked, db=db), safe=""), status_code=303)
            except BadValue as e:
                message = str(e)
        rows = desk.list_actors(db, limit=page.fetch, offset=page.offset)
    rows, next_offset = page.more(rows)
    return render(request, "actors.html", actors=rows, page=page, next_offset=next_offset, message=message)


@router.get("/actors/{code}", response_class=HTMLResponse)
def actor(request: Request, code: str):
    page = _page(request, 50)
    q = request.query_params
    since, until = params.date("since", q.get("since")), params.date("until", q.get("until"))
    with _db(request) as db:
        found = desk.list_actors(db, code=code)
        if not found or found[0]["code"] != code.upper():
            raise NotFound(f"no facts name the actor {code!r}")
        code = found[0]["code"]
        network = desk.actor_network(db, code, since=since, until=until)
        rows, next_offset = page.more(queries.timeline(db, actor=code, since=since, until=until, newest_first=True,
                                                       limit=page.fetch, offset=page.offset))
        counts = desk.timeline_counts(db, actor=code, since=since, until=until)
    return render(request, "actor.html", actor=found[0], network=network, drawing=layout(network),
                  days=fold(rows), chart=chart(counts, rtl=_rtl(request)), page=page, next_offset=next_offset,
                  shown=len(rows))


@router.get("/search", response_class=HTMLResponse)
def search(request: Request):
    text = params.search(request.query_params.get("q"))
    if text is None:
        return render(request, "search.html", query="", documents=[], stories=[], actor=None, page=None,
                      next_offset=None)
    page = _page(request, 20)
    from rasd.validate_args import BadValue, resolve_actor
    with _db(request) as db:
        try:
            code = resolve_actor(text, db=db)
        except BadValue:
            code = None
        rows, next_offset = page.more(desk.search_documents(db, text, limit=page.fetch, offset=page.offset))
        found_stories = queries.list_stories(db, search=text, limit=10) if page.offset == 0 else []
    return render(request, "search.html", query=text, documents=rows, stories=found_stories, actor=code, page=page,
                  next_offset=next_offset)
