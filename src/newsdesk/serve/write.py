"""Write operations of the API (``/api/sources``), guarded by the ``api_token`` setting, and the
request-size limit of the whole app.

A write needs ``Authorization: Bearer TOKEN`` with the configured token (compared in constant
time). Without a configured token every write is refused (403); a missing or wrong token is 401.
Reading the sources needs no token. Nothing here fetches the URL it is given: ``kind=auto`` is
decided from the URL's shape (``newsdesk sources add`` reads the page and finds its feed).
"""

from __future__ import annotations

import hmac
import re
from datetime import datetime
from typing import Any, Literal

from fastapi import APIRouter, Depends, Header, Path, Request
from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field, field_validator
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from newsdesk.errors import InputError
from newsdesk.ingest.fetch import address_refusal
from newsdesk.serve.params import MAX_ID
from newsdesk.store import Store

router = APIRouter()
MAX_BODY = 64 * 1024  # bytes; larger request bodies get 413 before anything parses them
MAX_SOURCES_LISTED = 1000
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*$", re.IGNORECASE)
MIN_EVERY, MAX_EVERY = 10.0, 30 * 86400.0


def duration(text: str) -> float:
    """``"15m"`` -> 900.0 (units s, m, h, d; a bare number is seconds), between 10 s and 30 days."""
    match = _DURATION.match(text)
    if not match:
        raise ValueError(f"{text!r} is not a duration; write it like 30s, 15m, 2h or 1d")
    seconds = float(match.group(1)) * _UNITS[(match.group(2) or "s").lower()]
    if not MIN_EVERY <= seconds <= MAX_EVERY:
        raise ValueError(f"{text!r} is out of range; poll between every 10s and every 30d")
    return seconds


def guess_kind(url: str) -> str:
    """``kind=auto`` without fetching: sitemaps and feeds by their usual names, else a page."""
    path = url.lower().split("?", 1)[0].split("#", 1)[0]
    if "sitemap" in path:
        return "sitemap"
    if re.search(r"(rss|atom|feed|\.xml$|\.rdf$)", path.rsplit("/", 1)[-1] or path):
        return "feed"
    return "page"


class SourceIn(BaseModel):
    """A source to watch."""

    url: str = Field(..., min_length=8, max_length=2000, description="An http:// or https:// URL.")
    kind: Literal["auto", "feed", "sitemap", "page"] = Field(
        "auto", description="auto: decided from the URL (sitemap, feed, else page); nothing is fetched.")
    every: str = Field("15m", max_length=20, description="Poll interval, 10s to 30d, like 30s, 15m, 2h, 1d.")

    model_config = {"extra": "forbid"}

    @field_validator("url")
    @classmethod
    def _url(cls, value: str) -> str:
        value = value.strip()
        if any(c.isspace() or ord(c) < 32 for c in value) or address_refusal(value, allow_private=True):
            raise ValueError("not an http:// or https:// URL with a host")
        return value

    @field_validator("every")
    @classmethod
    def _every(cls, value: str) -> str:
        duration(value)
        return value


class SourceOut(BaseModel):
    id: int
    url: str
    kind: str
    every: float
    title: str | None = None
    added_at: datetime | None = None
    last_fetch: datetime | None = None
    last_status: str | None = None
    next_due: datetime | None = None
    failures: int = 0
    items: int = 0


def require_token(request: Request, authorization: str | None = Header(
        None, description="`Bearer TOKEN` with the `api_token` setting.")) -> None:
    """403 when no token is configured, 401 when the request's token is missing or wrong."""
    secret = request.app.state.settings.api_token
    expected = secret.get_secret_value() if secret is not None else ""
    if not expected:
        raise HTTPException(403, "writes are turned off: set the api_token setting "
                                 "(NEWSDESK_API_TOKEN) to allow them")
    given = ""
    if authorization and authorization[:7].lower() == "bearer ":
        given = authorization[7:].strip()
    if not hmac.compare_digest(given.encode("utf-8", "replace"), expected.encode("utf-8")):
        raise HTTPException(401, "missing or wrong token: send Authorization: Bearer <api_token>",
                            headers={"WWW-Authenticate": "Bearer"})


def _store(request: Request) -> Store:
    return request.app.state.store


_WRITE = {401: {"description": "Missing or wrong token"}, 409: {"description": "Already watched"}, 403: {"description": "No api_token configured"},
          413: {"description": "Request body over 64 KiB"}}


@router.get("/api/sources", tags=["sources"], summary="Watched sources with their fetch state",
            response_model=list[SourceOut])
def list_sources(request: Request) -> Any:
    return JSONResponse(jsonable_encoder(_store(request).sources()[:MAX_SOURCES_LISTED]))


@router.post("/api/sources", tags=["sources"], summary="Watch a source (needs the token)", status_code=201,
             response_model=SourceOut, responses=_WRITE, dependencies=[Depends(require_token)])
def add_source(request: Request, body: SourceIn) -> Any:
    kind = guess_kind(body.url) if body.kind == "auto" else body.kind
    store = _store(request)
    try:
        source_id = store.add_source(body.url, kind, duration(body.every))
    except InputError as exc:  # the only InputError here: the URL is already watched
        raise HTTPException(409, str(exc)) from None
    return JSONResponse(jsonable_encoder(store.source(source_id)), status_code=201,
                        headers={"Location": f"/api/sources/{source_id}"})


@router.delete("/api/sources/{source_id}", tags=["sources"], summary="Stop watching a source (needs the token)",
               status_code=204, response_class=Response, responses=_WRITE, dependencies=[Depends(require_token)])
def remove_source(request: Request, source_id: int = Path(..., ge=1, le=MAX_ID)) -> Response:
    _store(request).remove_source(source_id)
    return Response(status_code=204)


class BodyLimit:
    """ASGI middleware: a request body over ``limit`` bytes is answered 413 before the app reads it
    (by its Content-Length, or by counting the chunks of a body sent without one)."""

    def __init__(self, app: ASGIApp, limit: int = MAX_BODY) -> None:
        self.app, self.limit = app, limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        length = headers.get(b"content-length")
        if length is not None:
            if not length.isdigit() or int(length) > self.limit:
                await self._too_large(scope, receive, send)
                return
            await self.app(scope, receive, send)
            return
        if scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        messages, size = [], 0
        while True:  # a body without Content-Length: read at most limit + 1 bytes, then replay it
            message = await receive()
            messages.append(message)
            size += len(message.get("body", b""))
            if size > self.limit:
                await self._too_large(scope, receive, send)
                return
            if message["type"] != "http.request" or not message.get("more_body"):
                break
        await self.app(scope, _replay(messages, receive), send)

    async def _too_large(self, scope: Scope, receive: Receive, send: Send) -> None:
        from newsdesk.serve.app import error_body

        response = JSONResponse(error_body(413, f"request body over {self.limit // 1024} KiB"), status_code=413,
                                headers={"Connection": "close"})
        await response(scope, receive, send)


def _replay(messages: list[Message], receive: Receive) -> Receive:
    pending = list(messages)

    async def replayed() -> Message:
        return pending.pop(0) if pending else await receive()
    return replayed

