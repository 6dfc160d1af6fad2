"""The reads the web UI needs (mixed into :class:`~newsdesk.store.db.Store`).

Ranked current stories, a story's entities and related stories, an entity's events and stories,
the events table with filters, full-text search (SQLite FTS5 or PostgreSQL ``to_tsvector``, see
migration 0005) and mentions over time. Every query is a SQLAlchemy expression.
"""

from __future__ import annotations

import json
import re
import time
from collections import Counter
from datetime import datetime, timedelta, timezone
from contextlib import contextmanager
from typing import Any, Callable, Iterable, Iterator

from sqlalchemy import Text, cast, column, distinct, func, literal_column, or_, select, table
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError

from newsdesk.errors import InputError, NotFound, StoreError
from newsdesk.store.schema import articles, entities, event_places, events, mentions, stories

# The FTS5 table of migration 0005 (SQLite); not in ``schema.metadata``: Alembic owns it.
articles_fts = table("articles_fts", column("rowid"), column("articles_fts"), column("title"))

EVENT_SORTS = {
    "date": events.c.date,
    "type": events.c.type,
    "actor": events.c.actor,
    "amount": events.c.amount_value,
    "count": events.c.count_max,
}
GROWTH_WINDOW = timedelta(hours=48)
CURRENT_WINDOW = timedelta(days=30)
MEMO_TTL = 60.0  # seconds whole-history aggregates are reused (see WebStore)
COUNT_CAP = 10_000  # totals of the events table and of searches are counted up to this (then "10,000+")
_WORD = re.compile(r"\w+", re.UNICODE)


def _utc(dt: datetime | None) -> datetime | None:
    if dt is None:
        return None
    return dt.replace(tzinfo=timezone.utc) if dt.tzinfo is None else dt.astimezone(timezone.utc)


def fts_query(text: str) -> str:
    """User words as an FTS5 query: every word must occur (prefix match with a trailing ``*``),
    ``OR`` between words is kept; quotes and operators from the user never reach FTS5 as syntax."""
    parts: list[str] = []
    for raw in text.split():
        if raw == "OR":
            if parts and parts[-1] != "OR":
                parts.append("OR")
            continue
        prefix = raw.endswith("*")
        for word in _WORD.findall(raw):
            parts.append(f'"{word}"' + ("*" if prefix else ""))
    while parts and parts[-1] == "OR":
        parts.pop()
    if not parts:
        raise InputError(f"search query {text!r} has no words", "type at least one word")
    return " ".join(parts)


def _document() -> Any:
    """The PostgreSQL text-search vector; the same expression as the GIN index of migration 0005."""
    empty, space = literal_column("''"), literal_column("' '")  # constants, so the index expression matches
    body = (func.coalesce(articles.c.title, empty).op("||")(space).op("||")(func.coalesce(articles.c.lead, empty))
            .op("||")(space).op("||")(func.coalesce(articles.c.text, empty)))
    return func.to_tsvector(literal_column("'simple'"), body)


class WebStore:
    """Read queries of the web UI; ``engine`` comes from the Store.

    Aggregates over the whole history (categories, event types, related stories, an entity's
    months and stories) are kept for ``ttl`` seconds per key: a page shows them at most that old.
    """

    engine: Engine

    def _memo(self, key: tuple, ttl: float, compute: Callable[[], Any]) -> Any:
        memo: dict[tuple, tuple[float, Any]] = self.__dict__.setdefault("_web_memo", {})
        hit = memo.get(key)
        if hit and time.monotonic() - hit[0] < ttl:
            return hit[1]
        value = compute()
        if len(memo) > 4096:
            memo.clear()
        memo[key] = (time.monotonic(), value)
        return value

    # stories ---------------------------------------------------------------------------
    def latest_published(self) -> datetime | None:
        with self.engine.connect() as conn:
            return _utc(conn.execute(select(func.max(articles.c.published))).scalar())

    def ranked_stories(self, limit: int = 30, category: str | None = None, now: datetime | None = None,
                       window: timedelta = CURRENT_WINDOW) -> list[dict[str, Any]]:
        """Current stories (an article in the ``window`` before ``now``, by default the newest
        article's time) ranked by size, growth (articles in the last 48 hours) and number of
        sources within the window, with their categories and a lead."""
        now = now or self.latest_published() or datetime.now(timezone.utc)
        since = (now - GROWTH_WINDOW).replace(tzinfo=None)
        start = (now - window).replace(tzinfo=None)
        # on published alone, so that its index is used (None story ids are dropped below)
        current = select(articles.c.story_id).where(articles.c.published >= start)
        if category:
            current = current.where(cast(articles.c.categories, Text).like(f'%"{category}"%'))
        size = func.count(articles.c.id)
        sources = func.count(distinct(articles.c.site))
        growth = func.count(articles.c.id).filter(articles.c.published >= since)
        score = (size + 2 * sources + 3 * growth).label("score")
        last = func.max(articles.c.published)
        with self.engine.connect() as conn:
            ids = sorted({r[0] for r in conn.execute(current)} - {None})
            query = (select(articles.c.story_id, size.label("size"), sources.label("sources"),
                            growth.label("growth"), score, last.label("last"))
                     .where(articles.c.story_id.in_(ids)).group_by(articles.c.story_id)
                     .order_by(score.desc(), last.desc(), articles.c.story_id).limit(limit))
            ranked = [dict(r._mapping) for r in conn.execute(query)] if ids else []
            return self._story_cards(conn, ranked)

    def _story_cards(self, conn: Any, ranked: list[dict[str, Any]]) -> list[dict[str, Any]]:
        ids = [r["story_id"] for r in ranked]
        if not ids:
            return []
        titles = {r.id: r for r in conn.execute(
            select(stories.c.id, stories.c.title, stories.c.first_seen, stories.c.last_seen)
            .where(stories.c.id.in_(ids)))}
        members: dict[int, list[Any]] = {}
        for r in conn.execute(select(articles.c.story_id, articles.c.lead, articles.c.language,
                                     articles.c.categories, articles.c.site, articles.c.published)
                              .where(articles.c.story_id.in_(ids))
                              .order_by(articles.c.published, articles.c.id)):
            members.setdefault(r.story_id, []).append(r)
        cards = []
        for r in ranked:
            rows, head = members.get(r["story_id"], []), titles.get(r["story_id"])
            cats = Counter(c for m in rows for c in (m.categories or ()))
            cards.append({
                "id": r["story_id"], "title": head.title if head else "",
                "lead": next((m.lead for m in rows if m.lead), ""),
                "categories": [c for c, _ in cats.most_common()],
                "languages": sorted({m.language for m in rows if m.language}),
                "sites": sorted({m.site for m in rows if m.site}),
                "size": r["size"], "sources": r["sources"], "growth": r["growth"], "score": r["score"],
                "first_seen": _utc(head.first_seen) if head else None,
                "last_seen": _utc(head.last_seen) if head else None,
            })
        return cards

    def story_entities(self, story_id: int, limit: int = 20) -> list[dict[str, Any]]:
        query = (select(entities.c.id, entities.c.name, entities.c.type, func.count().label("mentions"))
                 .join(mentions, mentions.c.entity_id == entities.c.id)
                 .join(articles, articles.c.id == mentions.c.article_id)
                 .where(articles.c.story_id == story_id)
                 .group_by(entities.c.id, entities.c.name, entities.c.type)
                 .order_by(func.count().desc(), entities.c.id).limit(limit))
        with self.engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(query)]

    def related_by_entities(self, story_id: int, limit: int = 5) -> list[dict[str, Any]]:
        """Other stories of the same time that name this story's most mentioned entities (places
        excluded), most shared first."""
        found = self._memo(("related", story_id), MEMO_TTL,
                           lambda: self._related_by_entities(story_id, max(limit, 10)))
        return found[:limit]

    def _related_by_entities(self, story_id: int, limit: int, entities_used: int = 5,
                             window: timedelta = CURRENT_WINDOW) -> list[dict[str, Any]]:
        with self.engine.connect() as conn:
            span = conn.execute(select(func.min(articles.c.published), func.max(articles.c.published))
                                .where(articles.c.story_id == story_id)).first()
            if span is None or span[0] is None:
                return []
            own = [e["id"] for e in self.story_entities(story_id, limit=20) if e["type"] != "LOC"][:entities_used]
            shared = func.count(distinct(mentions.c.entity_id)).label("shared")
            query = (select(articles.c.story_id, shared).join(mentions, mentions.c.article_id == articles.c.id)
                     .where(mentions.c.entity_id.in_(own), articles.c.story_id.is_not(None),
                            articles.c.story_id != story_id,
                            articles.c.published.between(span[0] - window, span[1] + window))
                     .group_by(articles.c.story_id).order_by(shared.desc(), articles.c.story_id).limit(limit))
            rows = conn.execute(query).all() if own else []
            titles = dict(conn.execute(select(stories.c.id, stories.c.title)
                                       .where(stories.c.id.in_([r.story_id for r in rows]))).all())
        return [{"id": r.story_id, "title": titles.get(r.story_id, ""), "shared_entities": r.shared}
                for r in rows]

    # entities --------------------------------------------------------------------------
    def entity(self, entity_id: str) -> dict[str, Any]:
        with self.engine.connect() as conn:
            row = conn.execute(select(entities).where(entities.c.id == entity_id)).first()
            if row is None:
                raise NotFound(f"entity {entity_id} does not exist", "list entities with `newsdesk entities --db DB`")
            count = conn.execute(select(func.count()).select_from(mentions)
                                 .where(mentions.c.entity_id == entity_id)).scalar_one()
        return {**dict(row._mapping), "mentions": count}

    def entity_stories(self, entity_id: str, limit: int = 50) -> list[dict[str, Any]]:
        """The stories of the newest 500 articles that mention the entity, newest first."""
        return self._memo(("entity stories", entity_id, limit), MEMO_TTL,
                          lambda: self._entity_stories(entity_id, limit))

    def _entity_stories(self, entity_id: str, limit: int, scan: int = 500) -> list[dict[str, Any]]:
        mentioned = select(mentions.c.article_id).where(mentions.c.article_id == articles.c.id,
                                                        mentions.c.entity_id == entity_id).exists()
        newest = (select(articles.c.id, articles.c.story_id).where(mentioned, articles.c.story_id.is_not(None))
                  .order_by(articles.c.published.desc()).limit(scan).subquery())
        n = func.count(newest.c.id).label("articles")
        query = (select(stories.c.id, stories.c.title, stories.c.first_seen, stories.c.last_seen, n)
                 .join(newest, newest.c.story_id == stories.c.id)
                 .group_by(stories.c.id, stories.c.title, stories.c.first_seen, stories.c.last_seen)
                 .order_by(stories.c.last_seen.desc(), stories.c.id).limit(limit))
        with self.engine.connect() as conn:
            return [{**dict(r._mapping), "first_seen": _utc(r.first_seen), "last_seen": _utc(r.last_seen)}
                    for r in conn.execute(query)]

    def entity_months(self, entity_id: str) -> dict[str, int]:
        """Articles that mention the entity, per month of publication (YYYY-MM)."""
        return self._memo(("entity months", entity_id), MEMO_TTL, lambda: self._entity_months(entity_id))

    def _entity_months(self, entity_id: str) -> dict[str, int]:
        month = func.substr(cast(articles.c.published, Text), 1, 7)
        query = (select(month.label("month"), func.count(distinct(articles.c.id)))
                 .join(mentions, mentions.c.article_id == articles.c.id)
                 .where(mentions.c.entity_id == entity_id, articles.c.published.is_not(None)).group_by(month))
        with self.engine.connect() as conn:
            return {m: n for m, n in conn.execute(query)}

    # events ----------------------------------------------------------------------------
    def event_table(self, event_type: str | None = None, actor: str | None = None, place: str | None = None,
                    date_from: str | None = None, date_to: str | None = None,
                    amount_min: float | None = None, amount_max: float | None = None,
                    actor_id: str | None = None, sort: str = "date", descending: bool = True,
                    limit: int = 200, offset: int = 0) -> tuple[int, list[dict[str, Any]]]:
        """Events matching every given filter, sorted; returns (total up to COUNT_CAP + 1, one page)."""
        if sort not in EVENT_SORTS:
            raise InputError(f"cannot sort events by {sort!r}", f"use one of {', '.join(EVENT_SORTS)}")
        when = EVENT_SORTS["date"]
        conditions = []
        if event_type:
            conditions.append(events.c.type == event_type)
        if actor:
            conditions.append(self._actor_condition(actor))
        if actor_id:
            conditions.append(events.c.actor_id == actor_id)
        if place:
            conditions.append(self._place_condition(place))
        if date_from:
            conditions.append(when >= date_from)
        if date_to:
            conditions.append(when <= date_to + "\uffff")
        if amount_min is not None:
            conditions.append(events.c.amount_value >= amount_min)
        if amount_max is not None:
            conditions.append(events.c.amount_value <= amount_max)
        base = select(events.c.id).where(*conditions).limit(COUNT_CAP + 1)
        key = EVENT_SORTS[sort]
        order = [key.desc().nulls_last() if descending else key.asc().nulls_last(), events.c.id]
        query = (select(events, articles.c.url, articles.c.published, articles.c.language, articles.c.story_id,
                        articles.c.title.label("article_title"))
                 .join(articles, articles.c.id == events.c.article_id).where(*conditions)
                 .order_by(*order).limit(limit).offset(offset))
        with self.engine.connect() as conn:
            total = conn.execute(select(func.count()).select_from(base.subquery())).scalar_one()
            rows = [dict(r._mapping) for r in conn.execute(query)]
        for r in rows:
            r["published"] = _utc(r["published"])
        return total, rows

    def _place_condition(self, place: str) -> Any:
        """Events naming a place that is an entity whose id, name or alias contains ``place`` (so
        "Italien" finds the events in "Italy" and "Italia"; the index on ``event_places.place_id``
        answers); only when no entity matches, events whose place as written contains it."""
        pattern = f"%{place.lower()}%"
        ids = self._entity_ids_like(pattern)
        where = event_places.c.place_id.in_(ids) if ids else func.lower(event_places.c.place).like(pattern)
        return events.c.id.in_(select(event_places.c.event_id).where(where))

    def _actor_condition(self, actor: str) -> Any:
        """Events whose actor is an entity whose id, name or alias contains ``actor`` (the index on
        actor_id answers); only when no entity matches, events whose actor's name contains it."""
        pattern = f"%{actor.lower()}%"
        ids = self._entity_ids_like(pattern)
        return events.c.actor_id.in_(ids) if ids else func.lower(events.c.actor).like(pattern)

    def _entity_ids_like(self, pattern: str) -> list[str]:
        """Ids of the entities whose id, name or an alias matches the lower-case LIKE ``pattern``."""
        with self.engine.connect() as conn:
            return [r[0] for r in conn.execute(select(entities.c.id).where(or_(
                func.lower(entities.c.name).like(pattern), entities.c.id.like(pattern),
                func.lower(cast(entities.c.aliases, Text)).like(pattern))))]

    def event_types(self) -> list[str]:
        def compute() -> list[str]:
            with self.engine.connect() as conn:
                return [r[0] for r in conn.execute(select(events.c.type).distinct().order_by(events.c.type))]
        return self._memo(("event types",), MEMO_TTL, compute)

    # search ----------------------------------------------------------------------------
    def _match(self, text: str) -> tuple[Any, Any, Any]:
        """(where-clause, rank expression, extra FROM) for a full-text query on this dialect."""
        if self.engine.dialect.name == "sqlite":
            where = (articles_fts.c.articles_fts.op("MATCH")(fts_query(text)))
            join = articles_fts.c.rowid == articles.c.id
            return where, func.bm25(literal_column_fts()), join
        query = func.websearch_to_tsquery(literal_column("'simple'"), text)
        doc = _document()
        return doc.op("@@")(query), -func.ts_rank(doc, query), None

    def _matching(self, text: str) -> Any:
        where, rank, join = self._match(text)
        query = select(articles.c.id, rank.label("rank"))
        if join is not None:
            query = query.select_from(articles.join(articles_fts, join))
        return query.where(where)

    def search(self, text: str, language: str | None = None, category: str | None = None,
               date_from: str | None = None, date_to: str | None = None,
               limit: int = 50, offset: int = 0) -> tuple[int, list[dict[str, Any]]]:
        """Articles matching ``text`` in any language, best first; returns (total, one page)."""
        if self.engine.dialect.name == "sqlite" and not (language or category or date_from or date_to):
            return self._search_fts_only(text, limit, offset)
        hits = self._matching(text)
        if language:
            hits = hits.where(articles.c.language == language)
        if category:
            hits = hits.where(cast(articles.c.categories, Text).like(f'%"{category}"%'))
        if date_from:
            hits = hits.where(articles.c.published >= datetime.fromisoformat(date_from))
        if date_to:
            hits = hits.where(articles.c.published < datetime.fromisoformat(date_to) + timedelta(days=1))
        hits = hits.subquery()
        query = (select(articles.c.id, articles.c.title, articles.c.lead, articles.c.url, articles.c.site,
                        articles.c.language, articles.c.published, articles.c.story_id,
                        articles.c.categories, hits.c.rank)
                 .join(hits, hits.c.id == articles.c.id)
                 .order_by(hits.c.rank, articles.c.published.desc()).limit(limit).offset(offset))
        with self._search_errors(), self.engine.connect() as conn:
            total = conn.execute(select(func.count()).select_from(
                select(hits.c.id).limit(COUNT_CAP + 1).subquery())).scalar_one()
            rows = [dict(r._mapping) for r in conn.execute(query)]
        for r in rows:
            r["published"] = _utc(r["published"])
        return total, rows

    def _search_fts_only(self, text: str, limit: int, offset: int) -> tuple[int, list[dict[str, Any]]]:
        """Without filters FTS5 ranks on its own (``ORDER BY rank``), which is faster than a join."""
        where = articles_fts.c.articles_fts.op("MATCH")(fts_query(text))
        ranked = (select(articles_fts.c.rowid, column("rank")).select_from(articles_fts).where(where)
                  .order_by(column("rank")).limit(limit).offset(offset))
        with self._search_errors(), self.engine.connect() as conn:
            total = conn.execute(select(func.count()).select_from(
                select(articles_fts.c.rowid).where(where).limit(COUNT_CAP + 1).subquery())).scalar_one()
            order = {r.rowid: r.rank for r in conn.execute(ranked)}
            rows = [dict(r._mapping) for r in conn.execute(
                select(articles.c.id, articles.c.title, articles.c.lead, articles.c.url, articles.c.site,
                       articles.c.language, articles.c.published, articles.c.story_id, articles.c.categories)
                .where(articles.c.id.in_(list(order))))]
        for r in rows:
            r["published"], r["rank"] = _utc(r["published"]), order[r["id"]]
        rows.sort(key=lambda r: (r["rank"], -r["id"]))
        return total, rows

    @contextmanager
    def _search_errors(self) -> Iterator[None]:
        try:
            yield
        except OperationalError as exc:
            if "articles_fts" in str(exc.orig):
                raise StoreError("this database has no full-text index (it was created before migration 0005 "
                                 "was filled)", "run the pipeline into a new database file") from exc
            raise

    # trends ----------------------------------------------------------------------------
    def mention_counts(self, kind: str, item: str, bucket: str) -> tuple[int, dict[str, int]]:
        """(articles in all, articles per bucket) for a full-text query (``term``), an entity id
        (``entity``) or a category (``category``)."""
        dates = {"term": self.term_dates, "entity": self.entity_dates, "category": self.category_dates}[kind]

        def compute() -> tuple[int, dict[str, int]]:
            found = dates(item)
            return len(found), dict(bucket_counts(found, bucket))
        return self._memo(("mentions", kind, item, bucket), MEMO_TTL, compute)

    def term_dates(self, text: str) -> list[datetime]:
        """Publication dates of the articles matching a full-text query."""
        hits = self._matching(text).subquery()
        query = select(articles.c.published).join(hits, hits.c.id == articles.c.id)
        with self._search_errors(), self.engine.connect() as conn:
            return [d for (d,) in conn.execute(query.where(articles.c.published.is_not(None)))]

    def entity_dates(self, entity_id: str) -> list[datetime]:
        query = (select(articles.c.published).where(articles.c.published.is_not(None), articles.c.id.in_(
            select(mentions.c.article_id).where(mentions.c.entity_id == entity_id))))
        with self.engine.connect() as conn:
            return [d for (d,) in conn.execute(query)]

    def category_dates(self, category: str) -> list[datetime]:
        query = select(articles.c.published).where(
            articles.c.published.is_not(None), cast(articles.c.categories, Text).like(f'%"{category}"%'))
        with self.engine.connect() as conn:
            return [d for (d,) in conn.execute(query)]

    def categories(self) -> list[str]:
        """Categories of the newest 5,000 articles, most frequent first."""
        return self._memo(("categories",), MEMO_TTL, self._categories)

    def _categories(self) -> list[str]:
        found: Counter[str] = Counter()
        with self.engine.connect() as conn:
            for (cats,) in conn.execute(select(cast(articles.c.categories, Text))
                                        .order_by(articles.c.id.desc()).limit(5000)):
                found.update(json.loads(cats or "[]"))
        return [c for c, _ in found.most_common()]

def literal_column_fts() -> Any:
    """``bm25(articles_fts)``: the FTS5 table's hidden column names the table."""
    return articles_fts.c.articles_fts


def bucket_counts(dates: Iterable[datetime], bucket: str) -> Counter[str]:
    """Dates counted per day (YYYY-MM-DD), ISO week (YYYY-Www) or month (YYYY-MM)."""
    out: Counter[str] = Counter()
    for d in dates:
        if bucket == "day":
            out[d.strftime("%Y-%m-%d")] += 1
        elif bucket == "week":
            year, week, _ = d.isocalendar()
            out[f"{year}-W{week:02d}"] += 1
        else:
            out[d.strftime("%Y-%m")] += 1
    return out
