"""The web app: ``create_app(db, settings)`` returns a FastAPI application.

Server-rendered pages (``serve.pages``), their JSON twins under ``/api`` and Atom feeds under
``/feeds`` (``serve.api``), static CSS/JS under ``/static``. This module is the API boundary: it
turns exceptions into status codes and one error shape, ``{"error": {"status", "code", "message"}}``.
"""

from __future__ import annotations

import logging
from contextlib import asynccontextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any, AsyncIterator

from fastapi import FastAPI, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, PackageLoader, select_autoescape
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

from newsdesk import __version__
from newsdesk.brief.render import safe_url
from newsdesk.config import Settings
from newsdesk.errors import InputError, NewsdeskError, NotFound
from newsdesk.pipeline.briefs import Briefer
from newsdesk.records import Briefing
from newsdesk.store import Store
from newsdesk.store.web import COUNT_CAP

log = logging.getLogger(__name__)
log.addHandler(logging.NullHandler())

STATIC = Path(__file__).parent / "static"
CODES = {400: "bad-request", 401: "unauthorized", 403: "forbidden", 404: "not-found", 405: "method-not-allowed",
         409: "conflict", 413: "body-too-large", 422: "invalid-parameter",
         500: "internal-error", 503: "store-unavailable"}


class ErrorDetail(BaseModel):
    status: int
    code: str
    message: str


class ErrorResponse(BaseModel):
    """The one shape of every API error."""

    error: ErrorDetail


def error_body(status: int, message: str) -> dict[str, Any]:
    return {"error": {"status": status, "code": CODES.get(status, "error"), "message": message}}


def _wants_html(request: Request) -> bool:
    path = request.url.path
    return not (path.startswith("/api") or path.startswith("/feeds") or path.endswith(".csv")
                or path == "/openapi.json")


def _error(request: Request, status: int, message: str, headers: dict[str, str] | None = None) -> Any:
    if _wants_html(request):
        html = request.app.state.env.get_template("error.html").render(
            status=status, message=message, page="error", request=request)
        return HTMLResponse(html, status_code=status, headers=headers)
    return JSONResponse(error_body(status, message), status_code=status, headers=headers)


def _install_errors(app: FastAPI) -> None:
    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Any:
        message = exc.detail if isinstance(exc.detail, str) else "request failed"
        if exc.status_code == 404 and message == "Not Found":
            message = f"no page at {request.url.path}"
        return _error(request, exc.status_code, message, getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Any:
        parts = []
        for e in exc.errors():
            where = ".".join(str(p) for p in e.get("loc", ()) if p not in ("query", "path", "body"))
            parts.append(f"{where}: {e.get('msg', 'invalid')}")
        return _error(request, 422, "invalid parameter: " + "; ".join(parts))

    @app.exception_handler(NotFound)
    async def not_found(request: Request, exc: NotFound) -> Any:
        return _error(request, 404, exc.message)

    @app.exception_handler(InputError)
    async def bad_input(request: Request, exc: InputError) -> Any:
        return _error(request, 422, str(exc))

    @app.exception_handler(NewsdeskError)
    async def newsdesk_error(request: Request, exc: NewsdeskError) -> Any:
        log.error("%s: %s", request.url.path, exc)
        return _error(request, 503, str(exc))

    @app.exception_handler(Exception)
    async def crash(request: Request, exc: Exception) -> Any:
        log.exception("unhandled error on %s", request.url.path)
        return _error(request, 500, "internal error; the server log has the details")


def _environment() -> Environment:
    env = Environment(loader=PackageLoader("newsdesk.serve", "templates"),
                      autoescape=select_autoescape(["html", "xml", "svg"], default=True),
                      trim_blocks=True, lstrip_blocks=True)
    env.filters["safe_url"] = safe_url
    env.filters["amount"] = format_amount
    env.filters["day"] = lambda dt: dt.strftime("%Y-%m-%d") if dt else ""
    env.filters["total"] = lambda n: f"{COUNT_CAP:,}+" if n > COUNT_CAP else f"{n:,}"
    env.globals["version"] = __version__
    return env


def format_amount(amount: dict | None) -> str:
    if not amount or amount.get("value") is None:
        return ""
    value = float(amount["value"])
    for scale, suffix in ((1e9, " bn"), (1e6, " m"), (1e3, " k")):
        if abs(value) >= scale:
            return f"{value / scale:.3g}{suffix} {amount.get('currency') or ''}".strip()
    return f"{value:g} {amount.get('currency') or ''}".strip()


class BriefingCache:
    """Briefings are built on demand and kept while the story's articles do not change."""

    def __init__(self, briefer: Briefer, size: int = 512) -> None:
        self._brief = lru_cache(maxsize=size)(self._build)
        self.briefer = briefer

    def _build(self, story_id: int, language: str, _version: tuple) -> Briefing:
        return self.briefer.brief(story_id, language)

    def brief(self, story_id: int, language: str) -> Briefing:
        story = self.briefer.store.story(story_id)
        version = (len(story.articles), story.last_seen, story.articles[-1].id if story.articles else 0)
        return self._brief(story_id, language, version)


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    """On shutdown, a run started through ``POST /api/runs`` stops after its current item."""
    yield
    await run_in_threadpool(app.state.runs.shutdown)


def create_app(db: str | Store, settings: Settings | None = None) -> FastAPI:
    """The newsdesk web app over the database ``db`` (a path, URL or an open Store)."""
    from newsdesk.serve import api, pages, runs, write

    settings = settings or Settings()
    store = db if isinstance(db, Store) else Store(db, create=False)
    app = FastAPI(
        title="newsdesk", version=__version__,
        description="Stories, briefings, entities, events, search and trends of a newsdesk database. "
                    "Every HTML page has a JSON twin here; every error has the shape of ErrorResponse.",
        responses={404: {"model": ErrorResponse, "description": "Not found"},
                   422: {"model": ErrorResponse, "description": "Invalid parameter"}},
        docs_url=None, redoc_url=None, lifespan=_lifespan,
    )
    app.state.store = store
    app.state.settings = settings
    app.state.briefings = BriefingCache(Briefer(store, settings))
    app.state.env = _environment()
    app.state.runs = runs.PassRunner(store, settings)
    _install_errors(app)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.add_middleware(write.BodyLimit, limit=write.MAX_BODY)
    app.include_router(api.router)
    app.include_router(write.router)
    app.include_router(runs.router)
    app.include_router(pages.router)
    return app
