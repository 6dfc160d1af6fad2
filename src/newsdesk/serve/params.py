"""Query parameters shared by each page and its JSON twin.

HTML forms send empty fields as empty strings, so optional filters are read as text and parsed
here; a value that cannot be used is an :class:`~newsdesk.errors.InputError` (HTTP 422).
"""

from __future__ import annotations

from datetime import date

from fastapi import Query

from newsdesk.errors import InputError
from newsdesk.serve.queries import EventFilters, SearchFilters
from newsdesk.store.web import EVENT_SORTS

MAX_ID = 2**62  # larger ids are refused (422) before they reach the database
MAX_OFFSET = 100_000  # deeper pages are refused (422): OFFSET costs a scan of the rows it skips


def _date(name: str, value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InputError(f"{name}={value!r} is not a date", "write dates as YYYY-MM-DD") from None


def _number(name: str, value: str | None) -> float | None:
    if not value:
        return None
    try:
        return float(value.replace("_", ""))
    except ValueError:
        raise InputError(f"{name}={value!r} is not a number", "write amounts as plain numbers, e.g. 1000000") from None


def event_filters(
    type: str | None = Query(None, description="Event type, e.g. layoff, investment, product_launch."),
    actor: str | None = Query(None, description="Part of the actor's name or entity id."),
    place: str | None = Query(None, description="Part of a place name in the event's slots."),
    date_from: str | None = Query(None, description="Earliest event date, YYYY-MM-DD."),
    date_to: str | None = Query(None, description="Latest event date, YYYY-MM-DD."),
    amount_min: str | None = Query(None, description="Smallest amount (in the event's currency)."),
    amount_max: str | None = Query(None, description="Largest amount."),
    sort: str = Query("date", description=f"One of: {', '.join(EVENT_SORTS)}."),
    order: str = Query("desc", pattern="^(asc|desc)$"),
    limit: int = Query(100, ge=1, le=1000),
    offset: int = Query(0, ge=0, le=MAX_OFFSET),
) -> EventFilters:
    if sort not in EVENT_SORTS:
        raise InputError(f"cannot sort events by {sort!r}", f"use one of {', '.join(EVENT_SORTS)}")
    return EventFilters(
        type=type or None, actor=actor or None, place=place or None,
        date_from=_date("date_from", date_from), date_to=_date("date_to", date_to),
        amount_min=_number("amount_min", amount_min), amount_max=_number("amount_max", amount_max),
        sort=sort, order=order, limit=limit, offset=offset)


def search_filters(
    q: str = Query("", max_length=500, description="Words to find (all must occur; OR between words; word* for prefixes)."),
    language: str | None = Query(None, description="Only articles in this language (de, en, it)."),
    category: str | None = Query(None, description="Only articles of this category."),
    date_from: str | None = Query(None, description="Published on or after, YYYY-MM-DD."),
    date_to: str | None = Query(None, description="Published on or before, YYYY-MM-DD."),
    limit: int = Query(50, ge=1, le=500),
    offset: int = Query(0, ge=0, le=MAX_OFFSET),
) -> SearchFilters:
    return SearchFilters(q=q, language=language or None, category=category or None,
                         date_from=_date("date_from", date_from), date_to=_date("date_to", date_to),
                         limit=limit, offset=offset)


def trend_series(
    q: list[str] = Query(["metaverse", "KI|AI"], description="One series per value; `a|b` counts either term."),
) -> list[str]:
    return q
