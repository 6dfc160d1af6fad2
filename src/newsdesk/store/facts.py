"""Reading and writing entities, mentions and events (mixed into :class:`~newsdesk.store.db.Store`)."""

from __future__ import annotations

from typing import Any, Callable

from sqlalchemy import func, insert, select, update
from sqlalchemy.engine import Connection, Engine

from newsdesk.records import Article, Entity, Event
from newsdesk.store.schema import articles, entities, event_places, events, mentions

EntityInfo = Callable[[str], "tuple[Entity, str | None, str | None] | None"]


def event_places_of(slots: dict[str, Any]) -> list[str]:
    """The places an event's ``place`` slot names (a list, or one string in older records)."""
    place = slots.get("place")
    if isinstance(place, str):
        return [place] if place.strip() else []
    return [p for p in place or [] if isinstance(p, str) and p.strip()]


def _event_row(article_id: int, event: Event) -> dict[str, Any]:
    slots = event.slots
    amount = slots.get("amount") or {}
    count = slots.get("count") or {}
    return {
        "article_id": article_id,
        "type": event.type,
        "actor": event.actor,
        "actor_id": slots.get("actor_id"),
        "amount_value": amount.get("value"),
        "amount_currency": amount.get("currency"),
        "count_min": count.get("min"),
        "count_max": count.get("max"),
        "date": slots.get("date"),
        "evidence": event.evidence,
        "slots": slots,
    }


class FactsStore:
    """Entities, mentions and events; ``engine`` comes from the Store."""

    engine: Engine

    def add_facts(self, conn: Connection, article_id: int, article: Article, known: EntityInfo) -> None:
        """Store an article's mentions, events and leftovers; create or extend the entities they name."""
        seen: dict[str, set[str]] = {}
        for m in article.mentions:
            if m.entity_id:
                seen.setdefault(m.entity_id, set()).add(m.text)
        if seen:
            self._upsert_entities(conn, seen, known, article)
        if article.mentions:
            conn.execute(insert(mentions), [
                {"article_id": article_id, "entity_id": m.entity_id, "label": m.label, "text": m.text,
                 "start": m.start, "end": m.end} for m in article.mentions
            ])
        if article.events:
            ids = conn.execute(insert(events).returning(events.c.id, sort_by_parameter_order=True),
                               [_event_row(article_id, e) for e in article.events]).scalars().all()
            named = {m.text: m.entity_id for m in article.mentions if m.entity_id}
            places = [{"event_id": event_id, "place": place, "place_id": named.get(place)}
                      for event_id, event in zip(ids, article.events) for place in event_places_of(event.slots)]
            if places:
                conn.execute(insert(event_places), places)
        if article.leftovers:
            conn.execute(update(articles).where(articles.c.id == article_id).values(
                leftovers=[{"text": x.text, "language": x.language, "start": x.start, "end": x.end}
                           for x in article.leftovers]))

    def _upsert_entities(self, conn: Connection, seen: dict[str, set[str]], known: EntityInfo,
                         article: Article) -> None:
        """Create the entities not stored yet; add the surfaces not known yet to the others' aliases.
        One query reads every entity the article names (an article names about 15)."""
        stored = {r.id: r for r in conn.execute(select(entities.c.id, entities.c.aliases, entities.c.name)
                                                  .where(entities.c.id.in_(list(seen))))}
        created = []
        for entity_id, surfaces in seen.items():
            row = stored.get(entity_id)
            if row is None:
                created.append(self._new_entity(entity_id, surfaces, known, article))
                continue
            new = sorted(s for s in surfaces if s != row.name and s not in row.aliases)
            if new:
                conn.execute(update(entities).where(entities.c.id == entity_id).values(aliases=list(row.aliases) + new))
        if created:
            conn.execute(insert(entities), created)

    @staticmethod
    def _new_entity(entity_id: str, surfaces: set[str], known: EntityInfo, article: Article) -> dict[str, Any]:
        """The row of an entity first seen in ``article``: the registry's, or one made from its surfaces."""
        info = known(entity_id)
        if info is not None:
            entity, kind, country = info
            name, entity_type, aliases = entity.name, entity.type, list(entity.aliases)
        else:
            label = next(m.label for m in article.mentions if m.entity_id == entity_id)
            name, entity_type, aliases, kind, country = max(surfaces, key=len), label, [], None, None
        extra = sorted(s for s in surfaces if s != name and s not in aliases)
        return {"id": entity_id, "name": name, "type": entity_type, "aliases": aliases + extra,
                "kind": kind, "country": country}

    def events(self, event_type: str | None = None, actor: str | None = None,
               story_id: int | None = None, article_id: int | None = None) -> list[dict[str, Any]]:
        """Stored events with the URL of their article, oldest article first."""
        query = (select(events, articles.c.url, articles.c.published, articles.c.language, articles.c.story_id)
                 .join(articles, articles.c.id == events.c.article_id)
                 .order_by(articles.c.published.nulls_first(), events.c.id))
        if event_type:
            query = query.where(events.c.type == event_type)
        if actor:
            pattern = f"%{actor.lower()}%"
            query = query.where((func.lower(events.c.actor).like(pattern)) | (events.c.actor_id.like(pattern)))
        if story_id is not None:
            query = query.where(articles.c.story_id == story_id)
        if article_id is not None:
            query = query.where(events.c.article_id == article_id)
        with self.engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(query)]

    def entities(self, entity_type: str | None = None) -> list[dict[str, Any]]:
        """Entities that articles mention, with their number of mentions, most mentioned first."""
        counts = (select(mentions.c.entity_id, func.count().label("mentions"))
                  .group_by(mentions.c.entity_id).subquery())
        query = (select(entities, counts.c.mentions).join(counts, counts.c.entity_id == entities.c.id)
                 .order_by(counts.c.mentions.desc(), entities.c.id))
        if entity_type:
            query = query.where(entities.c.type == entity_type.upper())
        with self.engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(query)]

    def leftovers(self, article_id: int) -> list[dict[str, Any]]:
        with self.engine.connect() as conn:
            value = conn.execute(select(articles.c.leftovers).where(articles.c.id == article_id)).scalar_one_or_none()
        return list(value or [])
