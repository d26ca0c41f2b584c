"""`rasd serve`: the REST API under /api/v1 (JSON) and the web pages (rasd.serve.pages) over
one store, read-only.

Every route reads through `rasd.stories.queries`, the functions behind the CLI's `--json`:
a list endpoint gives the same items `rasd facts --json` (or stories, documents, timeline)
prints, wrapped as {"items", "limit", "offset", "next_offset"}. `limit` is capped
(`[serve] max_limit`); a bad parameter is a 400 and an unknown id a 404, both as
{"error": {"status", "parameter", "message"}}. OpenAPI: /api/openapi.json, read as a page
at /api/docs (rendered here: FastAPI's own docs page loads its scripts from a CDN).
"""
from __future__ import annotations

from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Depends, FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.trustedhost import TrustedHostMiddleware
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles

from rasd.errors import BadParameter, NotFound
from rasd.serve import params
from rasd.serve.names import actor_names
from rasd.serve.readers import Readers
from rasd.serve.security import SecurityHeaders, allowed_hosts
from rasd.stories import desk, queries

HERE = Path(__file__).parent


def connection(request: Request):
    """A read-only connection for one request (a FastAPI dependency)."""
    with request.app.state.readers.connection() as db:
        yield db


def settings_of(request: Request) -> dict:
    return request.app.state.settings


Db = Annotated[object, Depends(connection)]
Limit = Annotated[str | None, Query(description="Items per page (default `[serve] page_size`, at most `max_limit`).")]
Offset = Annotated[str | None, Query(description="Items to skip: the `next_offset` of the previous page.")]
Since = Annotated[str | None, Query(description="On or after: YYYY-MM-DD, YYYY-MM, YYYY, today, 7d, 2w.")]
Until = Annotated[str | None, Query(description="On or before (a month or year takes in all of it).")]
Actor = Annotated[str | None, Query(description="A code (PRK) or a name in Arabic or English (كوريا الشمالية).")]
Text = Annotated[str | None, Query(description="Text search: hamza, alef, taa marbuta, yaa and diacritics do not matter.")]

api = APIRouter(prefix="/api/v1")


def _page(request: Request, limit, offset) -> params.Page:
    serve = settings_of(request)
    return params.page(limit, offset, default=serve["page_size"], most=serve["max_limit"])


def _listing(rows: list, page: params.Page, **extra) -> JSONResponse:
    items, next_offset = page.more(rows)
    return JSONResponse({**extra, "items": items, "limit": page.limit, "offset": page.offset,
                         "next_offset": next_offset})


@api.get("/stats", summary="What the store holds")
def stats(db: Db) -> JSONResponse:
    """The rows of `rasd stats --json`: {key, label, value}."""
    return JSONResponse({"items": [{"key": k, "label": label, "value": v}
                                   for k, label, v in queries.describe_store(db)]})


@api.get("/stories", summary="Stories, latest reported first")
def stories(request: Request, db: Db, actor: Actor = None, since: Since = None, q: Text = None,
            limit: Limit = None, offset: Offset = None) -> JSONResponse:
    page = _page(request, limit, offset)
    rows = queries.list_stories(db, actor=params.actor(db, "actor", actor), since=params.date("since", since),
                                search=params.search(q), limit=page.fetch, offset=page.offset)
    return _listing(rows, page)


@api.get("/stories/{story_id}", summary="A story with its timeline and articles")
def story(request: Request, db: Db, story_id: int, limit: Limit = None, offset: Offset = None) -> JSONResponse:
    """The story as in the list; `timeline`: its reports in order, paged by `limit` and
    `offset`; `documents`: its first articles (all of them: /api/v1/documents?story=ID)."""
    found = desk.get_story(db, story_id)
    if found is None:
        raise NotFound(f"no story {story_id}")
    page = _page(request, limit, offset)
    items, next_offset = page.more(queries.timeline(db, story=story_id, limit=page.fetch, offset=page.offset))
    documents = queries.list_documents(db, story=story_id, limit=settings_of(request)["max_limit"])
    return JSONResponse({"story": found, "documents": documents,
                         "timeline": {"items": items, "limit": page.limit, "offset": page.offset,
                                      "next_offset": next_offset}})


@api.get("/facts", summary="Facts, with who asserts and who denies them")
def facts(request: Request, db: Db, actor: Actor = None,
          source: Annotated[str | None, Query(description="The actor it goes from (as `actor`).")] = None,
          target: Annotated[str | None, Query(description="The actor it goes to (as `actor`).")] = None,
          counterpart: Annotated[str | None, Query(description="Naming this actor on either side (with `actor`: "
                                                   "the facts between the two).")] = None,
          type: Annotated[str | None, Query(description="An event type: TRANSFER, DEPLOY, ATTACK ...")] = None,
          item: Annotated[str | None, Query(description="An item category: missile, ammunition, drone ...")] = None,
          status: Annotated[str | None, Query(description="asserted, denied, hedged or planned: someone says so.")] = None,
          claimant: Annotated[str | None, Query(description="Who says it (as `actor`), or `outlet`.")] = None,
          contradicted: Annotated[str | None, Query(description="1: only facts one side asserts and another denies.")] = None,
          since: Since = None, until: Until = None, q: Text = None,
          story: Annotated[int | None, Query(description="Reported in this story.")] = None,
          order: Annotated[str | None, Query(description="`reports` (most reported first) or `recent`.")] = None,
          evidence: Annotated[int | None, Query(ge=0, description="Sentences per status (default `[serve] per_side`; 0: all).")] = None,
          limit: Limit = None, offset: Offset = None) -> JSONResponse:
    """The items of `rasd facts --json` with the same filters."""
    page = _page(request, limit, offset)
    filters = params.fact_filters(db, {"actor": actor, "source": source, "target": target,
                                       "counterpart": counterpart, "type": type,
                                       "item": item, "status": status, "claimant": claimant,
                                       "contradicted": contradicted, "since": since, "until": until, "q": q,
                                       "order": order})
    per_side = settings_of(request)["per_side"] if evidence is None else evidence or None
    rows = queries.list_facts(db, **filters, story=story, per_side=per_side, limit=page.fetch, offset=page.offset)
    return _listing(rows, page)


@api.get("/facts/{fact_id}", summary="A fact with every claimant and evidence sentence")
def fact(db: Db, fact_id: int,
         evidence: Annotated[int | None, Query(ge=0, description="Sentences per status (default: all).")] = None
         ) -> JSONResponse:
    found = desk.get_fact(db, fact_id, per_side=evidence or None)
    if found is None:
        raise NotFound(f"no fact {fact_id}")
    return JSONResponse(found)


@api.get("/documents", summary="Stored articles, newest first")
def documents(request: Request, db: Db, outlet: Annotated[str | None, Query(description="Only from this outlet.")] = None,
              since: Since = None, until: Until = None, q: Text = None,
              story: Annotated[int | None, Query(description="The articles of this story.")] = None,
              limit: Limit = None, offset: Offset = None) -> JSONResponse:
    """The items of `rasd documents --json`; with `q`, each also has a `snippet`."""
    page = _page(request, limit, offset)
    filters = {"outlet": outlet, "since": params.date("since", since), "until": params.date("until", until),
               "story": story, "limit": page.fetch, "offset": page.offset}
    search = params.search(q)
    rows = (desk.search_documents(db, search, **filters) if search else queries.list_documents(db, **filters))
    return _listing(rows, page)


@api.get("/documents/{doc_id:path}", summary="An article: text, metadata, events with spans, copies")
def document(db: Db, doc_id: str) -> JSONResponse:
    """`text` is the stored text; each event's `record.evidence.start` / `end` are code points
    into it; `removed` are boilerplate spans; `copy_of` / `copies` its lineage."""
    found = desk.get_document(db, doc_id)
    if found is None:
        raise NotFound(f"no document {doc_id!r}")
    return JSONResponse(found)


@api.get("/actors", summary="Actors the facts name, or a name looked up")
def actors(request: Request, db: Db,
           q: Annotated[str | None, Query(description="A name or code to look up: Arabic or English, any spelling.")] = None,
           limit: Limit = None, offset: Offset = None) -> JSONResponse:
    """Without `q`: every actor, most facts first. With it: the actor it names (an empty list,
    with `suggestions`, when it names none)."""
    page = _page(request, limit, offset)
    if q and q.strip():
        from rasd.validate_args import BadValue, resolve_actor
        try:
            code = resolve_actor(q, db=db)
        except BadValue as e:
            return JSONResponse({"items": [], "suggestions": list(e.suggestions), "message": str(e),
                                 "limit": page.limit, "offset": 0, "next_offset": None})
        rows = desk.list_actors(db, code=code) or [{"code": code, "facts": 0}]
        return _listing([{**r, "names": actor_names(r["code"])} for r in rows], params.Page(page.limit, 0))
    rows = desk.list_actors(db, limit=page.fetch, offset=page.offset)
    return _listing([{**r, "names": actor_names(r["code"])} for r in rows], page)


def _actor(db, code: str) -> dict:
    found = desk.list_actors(db, code=code)
    if not found or found[0]["code"] != code.upper():
        raise NotFound(f"no facts name the actor {code!r}")
    return {**found[0], "names": actor_names(found[0]["code"])}


@api.get("/actors/{code}", summary="One actor: names and counts")
def actor(db: Db, code: str) -> JSONResponse:
    return JSONResponse(_actor(db, code))


@api.get("/actors/{code}/network", summary="Who an actor deals with: counterparts and edges by type")
def network(db: Db, code: str, since: Since = None, until: Until = None) -> JSONResponse:
    found = _actor(db, code)
    net = desk.actor_network(db, found["code"], since=params.date("since", since), until=params.date("until", until))
    for c in net["counterparts"]:
        c["names"] = actor_names(c["code"])
    return JSONResponse(net)


@api.get("/actors/{code}/facts", summary="An actor's facts (the filters of /facts)")
def actor_facts(request: Request, db: Db, code: str, type: Annotated[str | None, Query()] = None,
                status: Annotated[str | None, Query()] = None, since: Since = None, until: Until = None,
                limit: Limit = None, offset: Offset = None) -> JSONResponse:
    found = _actor(db, code)
    page = _page(request, limit, offset)
    rows = queries.list_facts(db, actor=found["code"], type=params.event_type(type), status=params.status(status),
                              since=params.date("since", since), until=params.date("until", until),
                              per_side=settings_of(request)["per_side"], limit=page.fetch, offset=page.offset)
    return _listing(rows, page)


@api.get("/actors/{code}/timeline", summary="An actor's reports in order")
def actor_timeline(request: Request, db: Db, code: str, since: Since = None, until: Until = None,
                   newest: Annotated[str | None, Query(description="1: newest first.")] = None,
                   limit: Limit = None, offset: Offset = None) -> JSONResponse:
    found = _actor(db, code)
    page = _page(request, limit, offset)
    rows = queries.timeline(db, actor=found["code"], since=params.date("since", since),
                            until=params.date("until", until), newest_first=params.flag("newest", newest),
                            limit=page.fetch, offset=page.offset)
    return _listing(rows, page)


@api.get("/search", summary="Search stories, articles and actor names")
def search(request: Request, db: Db, q: Annotated[str, Query(description="What to look for (Arabic-normalized).")],
           limit: Limit = None, offset: Offset = None) -> JSONResponse:
    """`documents` holding `q` (paged, each with a `snippet`), `stories` whose title or
    articles hold it (first page), and `actor`: the actor `q` names, if any."""
    text = params.search(q)
    if text is None:
        raise BadParameter("q", "give something to search for")
    page = _page(request, limit, offset)
    from rasd.validate_args import BadValue, resolve_actor
    try:
        code = resolve_actor(text, db=db)
    except BadValue:
        code = None
    docs = desk.search_documents(db, text, limit=page.fetch, offset=page.offset)
    return _listing(docs, page, query=text, actor={"code": code, "names": actor_names(code)} if code else None,
                    stories=queries.list_stories(db, search=text, limit=page.limit) if page.offset == 0 else [])


def create_app(path: str, *, settings: dict | None = None, host: str = "127.0.0.1") -> FastAPI:
    """The app over the store at `path` (which must exist). `settings`: the `[serve]` table
    (default: rasd/settings.toml's); `host`: the address it is served on (which Host
    headers it answers, see `allowed_hosts`). It only reads: there is no write endpoint."""
    from rasd.pipeline import load_settings
    from rasd.serve import pages
    serve = settings or load_settings()["serve"]
    app = FastAPI(title="rasd", version="1", summary="Attributed facts from Arabic and English news: who did what "
                  "to whom, when, and according to whom.", docs_url=None, redoc_url=None,
                  openapi_url="/api/openapi.json")
    app.state.readers = Readers(path, size=serve["connections"])
    app.state.settings = serve
    app.state.path = path
    app.include_router(api)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.add_middleware(TrustedHostMiddleware, allowed_hosts=allowed_hosts(host))
    app.add_middleware(SecurityHeaders)
    _errors(app)
    return app


def _errors(app: FastAPI) -> None:
    """400 and 404 as JSON under /api/, as a page elsewhere."""
    from starlette.exceptions import HTTPException

    from rasd.serve import pages
    from rasd.serve.pages import error_page

    def answer(request: Request, status: int, message: str, parameter: str | None = None):
        if request.url.path.startswith("/api/"):
            return JSONResponse({"error": {"status": status, "parameter": parameter, "message": message}},
                                status_code=status)
        return error_page(request, status, message)

    @app.exception_handler(BadParameter)
    def bad_parameter(request: Request, e: BadParameter):
        return answer(request, 400, e.message, e.parameter)

    @app.exception_handler(NotFound)
    def not_found(request: Request, e: NotFound):
        return answer(request, 404, str(e))

    @app.exception_handler(RequestValidationError)
    def invalid(request: Request, e: RequestValidationError):
        first = e.errors()[0] if e.errors() else {}
        where = [str(p) for p in first.get("loc", ()) if p not in ("query", "path", "body")]
        return answer(request, 400, first.get("msg", "bad request"), ".".join(where) or None)

    @app.exception_handler(HTTPException)
    def http_error(request: Request, e: HTTPException):
        if e.status_code == 404:
            return answer(request, 404, "no such page")
        return answer(request, e.status_code, str(e.detail))

    @app.get("/api/docs", include_in_schema=False, response_class=HTMLResponse)
    def api_docs(request: Request):
        return pages.render(request, "api_docs.html", spec=app.openapi())
