"""The HTML pages. Each renders the dict its JSON twin (``serve.api``) returns."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import HTMLResponse

from newsdesk.serve import queries
from newsdesk.serve.charts import line_chart
from newsdesk.serve.params import MAX_ID, event_filters, search_filters, trend_series
from newsdesk.serve.queries import LANGUAGES, EventFilters, SearchFilters
from newsdesk.store import Store

router = APIRouter(include_in_schema=False)


def _store(request: Request) -> Store:
    return request.app.state.store


def render(request: Request, template: str, page: str, **context: Any) -> HTMLResponse:
    html = request.app.state.env.get_template(template).render(request=request, page=page, **context)
    return HTMLResponse(html)


def reader_language(request: Request, lang: str | None) -> str:
    """?lang= first, then the browser's Accept-Language, then English."""
    if lang in LANGUAGES:
        return lang
    for part in request.headers.get("accept-language", "").split(","):
        code = part.split(";")[0].strip().lower()[:2]
        if code in LANGUAGES:
            return code
    return "en"


@router.get("/", response_class=HTMLResponse)
def front_page(request: Request, category: str | None = Query(None)) -> HTMLResponse:
    data = queries.front(_store(request), category=category or None)
    feed = f"/feeds/category/{category}.atom" if category else "/feeds/front.atom"
    return render(request, "front.html", "front", d=data, feed=feed)


@router.get("/story/{story_id}", response_class=HTMLResponse)
def story_page(request: Request, story_id: int = Path(..., ge=1, le=MAX_ID),
               lang: str | None = Query(None)) -> HTMLResponse:
    language = reader_language(request, lang)
    page = queries.story(_store(request), request.app.state.briefings, story_id, language)
    return render(request, "story.html", "story", d=page.data, briefing_html=page.briefing_html,
                  languages=LANGUAGES)


@router.get("/entity/{entity_id}", response_class=HTMLResponse)
def entity_page(request: Request, entity_id: str) -> HTMLResponse:
    data = queries.entity(_store(request), entity_id)
    chart = ""
    if data["mentions_by_month"]:
        buckets = [m["bucket"] for m in data["mentions_by_month"]]
        chart = line_chart(buckets, [{"label": data["name"], "values": [m["count"] for m in data["mentions_by_month"]]}],
                           title=f"mentions of {data['name']} per month")
    return render(request, "entity.html", "entity", d=data, chart=chart)


@router.get("/events", response_class=HTMLResponse)
def events_page(request: Request, f: EventFilters = Depends(event_filters)) -> HTMLResponse:
    data = queries.event_table(_store(request), f)
    args = {k: v for k, v in request.query_params.items() if k not in ("sort", "order", "offset")}

    def sort_link(column: str) -> str:
        order = "asc" if f.sort == column and f.order == "desc" else "desc"
        return "/events?" + urlencode({**args, "sort": column, "order": order})

    def page_link(offset: int) -> str:
        return "/events?" + urlencode({**dict(request.query_params), "offset": max(0, offset)})

    return render(request, "events.html", "events", d=data, f=f, sort_link=sort_link, page_link=page_link,
                  csv_link="/events.csv?" + request.url.query)


@router.get("/search", response_class=HTMLResponse)
def search_page(request: Request, f: SearchFilters = Depends(search_filters)) -> HTMLResponse:
    data = queries.search(_store(request), f)
    return render(request, "search.html", "search", d=data, f=f, languages=LANGUAGES,
                  feed="/feeds/search.atom?" + request.url.query if f.q.strip() else None)


@router.get("/trends", response_class=HTMLResponse)
def trends_page(request: Request, series: list[str] = Depends(trend_series),
                kind: str = Query("term"), bucket: str = Query("month")) -> HTMLResponse:
    data = queries.trends(_store(request), series, kind, bucket)
    chart = line_chart(data["buckets"], data["series"], title="mentions over time")
    return render(request, "trends.html", "trends", d=data, chart=chart, series=series)
