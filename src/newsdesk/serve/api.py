"""The JSON API (``/api/...``), the events CSV and the Atom feeds (``/feeds/...``).

Each JSON route returns exactly what its HTML page renders: both call ``serve.queries``.
"""

from __future__ import annotations

import csv
import io
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse, Response

from newsdesk.brief.render import safe_url
from newsdesk.serve import queries
from newsdesk.serve.feeds import atom
from newsdesk.serve.params import MAX_ID, event_filters, search_filters, trend_series
from newsdesk.serve.queries import EventFilters, SearchFilters
from newsdesk.store import Store

router = APIRouter()
ATOM_TYPE = "application/atom+xml; charset=utf-8"
CSV_COLUMNS = ("id", "type", "actor", "actor_id", "amount", "currency", "count_min", "count_max", "place",
               "date", "language", "story_id", "article_url", "evidence")


def store_of(request: Request) -> Store:
    return request.app.state.store


def _json(data: Any) -> JSONResponse:
    return JSONResponse(jsonable_encoder(data))


@router.get("/api/stories", tags=["stories"], summary="Current stories, ranked (the front page)")
def api_front(request: Request, category: str | None = Query(None), limit: int = Query(30, ge=1, le=200)) -> Any:
    return _json(queries.front(store_of(request), limit=limit, category=category or None))


@router.get("/api/stories/{story_id}", tags=["stories"], summary="A story with its briefing (the story page)")
def api_story(request: Request, story_id: int = Path(..., ge=1, le=MAX_ID),
              lang: str = Query("en", pattern="^(de|en|it)$")) -> Any:
    page = queries.story(store_of(request), request.app.state.briefings, story_id, lang)
    return _json(page.data)


@router.get("/api/entities", tags=["entities"], summary="Entities with their number of mentions")
def api_entities(request: Request, type: str | None = Query(None, description="ORG, PER, LOC, PRODUCT, ..."),
                 limit: int = Query(200, ge=1, le=5000)) -> Any:
    return _json({"entities": store_of(request).entities(type or None)[:limit]})


@router.get("/api/entities/{entity_id}", tags=["entities"], summary="An entity (the entity page)")
def api_entity(request: Request, entity_id: str) -> Any:
    return _json(queries.entity(store_of(request), entity_id))


@router.get("/api/events", tags=["events"], summary="Events, filtered and sorted (the events table)")
def api_events(request: Request, f: EventFilters = Depends(event_filters)) -> Any:
    return _json(queries.event_table(store_of(request), f))


@router.get("/events.csv", tags=["events"], summary="The events table as CSV",
            response_class=Response, responses={200: {"content": {"text/csv": {}}}})
def events_csv(request: Request, f: EventFilters = Depends(event_filters)) -> Response:
    data = queries.event_table(store_of(request), f)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for e in data["events"]:
        amount, count = e["amount"] or {}, e["count"] or {}
        place = e["place"]
        row = [e["id"], e["type"], e["actor"], e["actor_id"], amount.get("value"), amount.get("currency"),
               count.get("min"), count.get("max"), "; ".join(place) if isinstance(place, list) else place,
               e["date"], e["language"], e["story_id"], e["article_url"], e["evidence"]]
        writer.writerow([_cell(v) for v in row])
    return Response(out.getvalue(), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": 'attachment; filename="events.csv"'})


def _cell(value: Any) -> Any:
    """No formulas in spreadsheets: text starting with = + - @ gets a leading apostrophe."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return "" if value is None else value


@router.get("/api/search", tags=["search"], summary="Full-text search over articles in all languages")
def api_search(request: Request, f: SearchFilters = Depends(search_filters)) -> Any:
    return _json(queries.search(store_of(request), f))


@router.get("/api/trends", tags=["trends"], summary="Mentions over time of terms, entities or categories")
def api_trends(request: Request, series: list[str] = Depends(trend_series),
               kind: str = Query("term", pattern="^(term|entity|category)$"),
               bucket: str = Query("month", pattern="^(day|week|month)$")) -> Any:
    return _json(queries.trends(store_of(request), series, kind, bucket))


# feeds ---------------------------------------------------------------------------------
def _story_entries(request: Request, stories: list[dict[str, Any]]) -> list[dict[str, Any]]:
    base = str(request.base_url).rstrip("/")
    return [{"id": f"{base}/story/{s['id']}", "title": s["title"], "url": f"{base}/story/{s['id']}",
             "updated": s.get("last_seen"), "summary": s.get("lead"), "categories": s.get("categories")}
            for s in stories]


def _feed(request: Request, title: str, alt: str, entries: list[dict[str, Any]]) -> Response:
    base = str(request.base_url).rstrip("/")
    body = atom(str(request.url), title, str(request.url), base + alt, entries)
    return Response(body, media_type=ATOM_TYPE)


@router.get("/feeds/front.atom", tags=["feeds"], summary="Atom feed of the front page",
            response_class=Response, responses={200: {"content": {"application/atom+xml": {}}}})
def feed_front(request: Request) -> Response:
    data = queries.front(store_of(request))
    return _feed(request, "newsdesk: current stories", "/", _story_entries(request, data["stories"]))


@router.get("/feeds/category/{category}.atom", tags=["feeds"], summary="Atom feed of one category",
            response_class=Response, responses={200: {"content": {"application/atom+xml": {}}}})
def feed_category(request: Request, category: str) -> Response:
    data = queries.front(store_of(request), category=category)
    return _feed(request, f"newsdesk: {category}", "/?" + urlencode({"category": category}),
                 _story_entries(request, data["stories"]))


@router.get("/feeds/entity/{entity_id}.atom", tags=["feeds"], summary="Atom feed of one entity's stories",
            response_class=Response, responses={200: {"content": {"application/atom+xml": {}}}})
def feed_entity(request: Request, entity_id: str) -> Response:
    data = queries.entity(store_of(request), entity_id)
    return _feed(request, f"newsdesk: {data['name']}", f"/entity/{entity_id}",
                 _story_entries(request, data["stories"]))


@router.get("/feeds/search.atom", tags=["feeds"], summary="A saved query as an Atom feed (the search's query string)",
            response_class=Response, responses={200: {"content": {"application/atom+xml": {}}}})
def feed_search(request: Request, f: SearchFilters = Depends(search_filters)) -> Response:
    data = queries.search(store_of(request), f)
    base = str(request.base_url).rstrip("/")
    entries = [{"id": f"urn:newsdesk:article:{h['id']}", "title": h["title"],
                "url": f"{base}/story/{h['story_id']}" if h["story_id"] else safe_url(h["url"]),
                "updated": h["published"], "summary": h["lead"], "author": h["site"],
                "categories": h["categories"]} for h in data["results"]]
    return _feed(request, f"newsdesk search: {f.q}", "/search?" + request.url.query, entries)
