"""What each page shows, as plain data: the HTML page and its JSON twin call the same function.

Every function takes the :class:`~newsdesk.store.Store` (and its parameters) and returns a dict of
JSON-ready values (datetimes stay datetimes; the API encodes them as ISO 8601).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol

from newsdesk.brief import to_html, to_json
from newsdesk.errors import InputError
from newsdesk.records import Briefing
from newsdesk.store import Store
from newsdesk.store.web import COUNT_CAP

log = logging.getLogger(__name__)
log.addHandler(logging.NullHandler())

LANGUAGES = ("de", "en", "it")
BUCKETS = ("day", "week", "month")
TREND_KINDS = ("term", "entity", "category")


def front(store: Store, limit: int = 30, category: str | None = None) -> dict[str, Any]:
    """Current stories ranked by size, growth and sources; "in focus" and "most covered" blocks."""
    ranked = store.ranked_stories(limit=limit, category=category)
    focus = sorted(ranked, key=lambda s: (-s["growth"], -s["score"], s["id"]))[:3]
    covered = sorted(ranked, key=lambda s: (-s["sources"], -s["size"], s["id"]))[:5]
    return {
        "category": category,
        "stories": ranked,
        "in_focus": [_short(s) for s in focus if s["growth"]],
        "most_covered": [_short(s) for s in covered],
        "categories": store.categories(),
    }


def _short(story: dict[str, Any]) -> dict[str, Any]:
    return {"id": story["id"], "title": story["title"], "sources": story["sources"], "size": story["size"]}


class Briefings(Protocol):
    """Where briefings come from (``serve.app.BriefingCache`` over ``pipeline.briefs.Briefer``)."""

    def brief(self, story_id: int, language: str) -> Briefing: ...


@dataclass
class StoryPage:
    data: dict[str, Any]
    briefing_html: str = field(default="")


def story(store: Store, briefings: Briefings, story_id: int, language: str) -> StoryPage:
    """The briefing in ``language``, its sources, the articles' timeline, events, entities, related."""
    if language not in LANGUAGES:
        raise InputError(f"no briefings in language {language!r}", f"use one of {', '.join(LANGUAGES)}")
    head = store.story(story_id)
    briefing = briefings.brief(story_id, language)
    articles = store.articles(story_id=story_id)
    timeline = [
        {"id": a.id, "title": a.title, "url": a.url, "site": a.site, "language": a.language,
         "published": a.published, "lead": a.lead}
        for a in articles
    ]
    events = [_event(e) for e in store.events(story_id=story_id)]
    data = {
        "id": head.id, "title": head.title, "language": language, "languages": list(head.languages),
        "first_seen": head.first_seen, "last_seen": head.last_seen, "status": head.status,
        "briefing": to_json(briefing),
        "timeline": timeline,
        "events": events,
        "entities": store.story_entities(story_id),
        "related": store.related_by_entities(story_id),
    }
    return StoryPage(data, to_html(briefing, standalone=False))


def _event(row: dict[str, Any]) -> dict[str, Any]:
    slots = dict(row.get("slots") or {})
    slots.pop("spans", None)
    return {
        "id": row["id"], "type": row["type"], "actor": row["actor"], "actor_id": row.get("actor_id"),
        "amount": slots.get("amount"), "count": slots.get("count"), "place": slots.get("place"),
        "date": row.get("date") or slots.get("date"), "published": row.get("published"),
        "article_id": row.get("article_id"), "article_url": row.get("url"),
        "article_title": row.get("article_title"), "story_id": row.get("story_id"),
        "language": row.get("language"), "evidence": row["evidence"],
    }


def entity(store: Store, entity_id: str) -> dict[str, Any]:
    """An entity: aliases, its events over time (as actor), its stories, mentions per month."""
    info = store.entity(entity_id)
    total, rows = store.event_table(actor_id=entity_id, sort="date", descending=True, limit=100)
    counts = store.entity_months(entity_id)
    return {
        **info,
        "events_total": total,
        "events": [_event(r) for r in rows],
        "stories": store.entity_stories(entity_id),
        "mentions_by_month": [{"bucket": k, "count": counts[k]} for k in sorted(counts)],
    }


@dataclass(frozen=True)
class EventFilters:
    type: str | None = None
    actor: str | None = None
    place: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    amount_min: float | None = None
    amount_max: float | None = None
    sort: str = "date"
    order: str = "desc"
    limit: int = 100
    offset: int = 0

    def query_args(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if v not in (None, "")}


def event_table(store: Store, f: EventFilters) -> dict[str, Any]:
    total, rows = store.event_table(
        event_type=f.type or None, actor=f.actor or None, place=f.place or None,
        date_from=f.date_from.isoformat() if f.date_from else None,
        date_to=f.date_to.isoformat() if f.date_to else None,
        amount_min=f.amount_min, amount_max=f.amount_max, sort=f.sort, descending=f.order != "asc",
        limit=f.limit, offset=f.offset)
    return {"filters": f.query_args(), "total": total, "more_than_total": total > COUNT_CAP,
            "events": [_event(r) for r in rows],
            "types": store.event_types()}


@dataclass(frozen=True)
class SearchFilters:
    q: str = ""
    language: str | None = None
    category: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    limit: int = 50
    offset: int = 0


def search(store: Store, f: SearchFilters) -> dict[str, Any]:
    """Full-text search in all languages; an empty query returns no results (and no error)."""
    total, hits = (0, [])
    if f.q.strip():
        total, hits = store.search(
            f.q, language=f.language or None, category=f.category or None,
            date_from=f.date_from.isoformat() if f.date_from else None,
            date_to=f.date_to.isoformat() if f.date_to else None, limit=f.limit, offset=f.offset)
    return {"q": f.q, "language": f.language, "category": f.category, "total": total,
            "more_than_total": total > COUNT_CAP,
            "results": [{**h, "categories": list(h["categories"] or ())} for h in hits],
            "categories": store.categories()}


def trends(store: Store, series: list[str], kind: str = "term", bucket: str = "month") -> dict[str, Any]:
    """Mentions over time. ``series``: one item per line of the chart; for terms, ``a|b`` counts
    articles matching either (``KI|AI``); for entities an entity id; for categories a category."""
    if kind not in TREND_KINDS:
        raise InputError(f"unknown trend kind {kind!r}", f"use one of {', '.join(TREND_KINDS)}")
    if bucket not in BUCKETS:
        raise InputError(f"unknown bucket {bucket!r}", f"use one of {', '.join(BUCKETS)}")
    lines = []
    for item in [s.strip() for s in series if s.strip()][:8]:
        query = " OR ".join(p for p in item.split("|") if p.strip()) if kind == "term" else item
        total, counts = store.mention_counts(kind, query, bucket)
        lines.append({"label": item, "counts": counts, "total": total})
    buckets = sorted({b for line in lines for b in line["counts"]})
    return {
        "kind": kind, "bucket": bucket, "buckets": buckets,
        "series": [{"label": line["label"], "total": line["total"],
                    "values": [line["counts"].get(b, 0) for b in buckets]} for line in lines],
    }
