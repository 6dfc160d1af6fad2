"""Story reads and writes beyond the basics: merges, splits, links and story facts.

Mixed into :class:`~newsdesk.store.db.Store`; ``engine`` comes from the Store.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timezone
from typing import Any

from sqlalchemy import insert, or_, select, update
from sqlalchemy.engine import Connection, Engine

from newsdesk.errors import NotFound
from newsdesk.store.schema import articles, entities, events, mentions, stories, story_history, story_links

NAME_LABELS = ("ORG", "PER", "LOC", "GPE", "PRODUCT", "MISC")
KEY_ENTITIES = 10
RELATED_MIN_SHARED = 2  # key entities two stories must share to count as related
RELATED_MAX = 5


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _iso(value: datetime | None) -> str | None:
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    return value.isoformat()


class StoriesStore:
    engine: Engine

    # clustering inputs -------------------------------------------------------------------
    def article_entity_ids(self, article_ids: list[int]) -> dict[int, list[str]]:
        """Entity ids of the name mentions of each article (one per mention)."""
        found: dict[int, list[str]] = {i: [] for i in article_ids}
        query = (select(mentions.c.article_id, mentions.c.entity_id)
                 .where(mentions.c.entity_id.is_not(None), mentions.c.label.in_(NAME_LABELS))
                 .order_by(mentions.c.article_id, mentions.c.id))
        with self.engine.connect() as conn:
            for start in range(0, len(article_ids), 500):
                chunk = article_ids[start:start + 500]
                for r in conn.execute(query.where(mentions.c.article_id.in_(chunk))):
                    found[r.article_id].append(r.entity_id)
        return found

    # merges, splits, links ----------------------------------------------------------------
    def link_stories(self, conn: Connection, story_id: int, other_id: int, kind: str, score: float | None = None) -> None:
        conn.execute(insert(story_links).values(story_id=story_id, other_id=other_id, kind=kind, score=score, at=_now()))

    def _history(self, conn: Connection, story_id: int, action: str, article_id: int | None, score: float | None) -> None:
        conn.execute(insert(story_history).values(story_id=story_id, action=action, article_id=article_id,
                                                  score=score, at=_now()))

    def merge_stories(self, conn: Connection, into_id: int, absorbed_id: int, score: float | None,
                      state: dict[str, Any], first: datetime | None, last: datetime | None) -> int:
        """Move every article of ``absorbed_id`` into ``into_id``; the absorbed story keeps its
        history and is marked ``merged``. Returns the number of articles moved."""
        ids = [r.id for r in conn.execute(select(articles.c.id).where(articles.c.story_id == absorbed_id))]
        if ids:
            conn.execute(update(articles).where(articles.c.id.in_(ids)).values(story_id=into_id))
        for article_id in ids:
            self._history(conn, into_id, "merged", article_id, score)
        self._history(conn, absorbed_id, "merged", None, score)
        conn.execute(update(stories).where(stories.c.id == absorbed_id).values(status="merged", updated_at=_now()))
        conn.execute(update(stories).where(stories.c.id == into_id).values(
            state=state, first_seen=first, last_seen=last, updated_at=_now()))
        self.link_stories(conn, into_id, absorbed_id, "merged", score)
        return len(ids)

    def split_story(self, conn: Connection, story_id: int, article_ids: list[int], title: str,
                    state: dict[str, Any], first: datetime | None, last: datetime | None) -> int:
        """Move ``article_ids`` out of ``story_id`` into a new story linked as ``split``. Returns its id."""
        stamp = _now()
        new_id = int(conn.execute(insert(stories).values(
            title=title, status="open", first_seen=first, last_seen=last, state=state,
            created_at=stamp, updated_at=stamp)).inserted_primary_key[0])
        conn.execute(update(articles).where(articles.c.id.in_(article_ids)).values(story_id=new_id))
        for article_id in article_ids:
            self._history(conn, story_id, "split", article_id, None)
            self._history(conn, new_id, "split", article_id, None)
        self.link_stories(conn, story_id, new_id, "split")
        return new_id

    def story_links(self, story_id: int) -> list[dict[str, Any]]:
        """Links from or to ``story_id``, seen from it: ``{"story", "kind", "direction", "score", "at"}``."""
        query = (select(story_links).where(or_(story_links.c.story_id == story_id, story_links.c.other_id == story_id))
                 .order_by(story_links.c.id))
        with self.engine.connect() as conn:
            rows = list(conn.execute(query))
        return [{"story": r.other_id if r.story_id == story_id else r.story_id, "kind": r.kind,
                 "direction": "to" if r.story_id == story_id else "from", "score": r.score, "at": _iso(r.at)}
                for r in rows]

    # story facts ----------------------------------------------------------------------------
    def story_facts(self, story_id: int) -> dict[str, Any]:
        """What a story knows: timeline, languages, sources, key entities, events, related stories, history."""
        with self.engine.connect() as conn:
            if conn.execute(select(stories.c.id).where(stories.c.id == story_id)).first() is None:
                raise NotFound(f"story {story_id} does not exist", "list stories with `newsdesk stories --db DB`")
            members = list(conn.execute(
                select(articles.c.id, articles.c.url, articles.c.title, articles.c.language, articles.c.site,
                       articles.c.published).where(articles.c.story_id == story_id)
                .order_by(articles.c.published, articles.c.id)))
            ids = [m.id for m in members]
            found = list(conn.execute(select(events.c.article_id, events.c.type, events.c.actor, events.c.actor_id,
                                             events.c.evidence, events.c.slots)
                                      .where(events.c.article_id.in_(ids)).order_by(events.c.article_id, events.c.id)))
            key = self._key_entities(conn, ids)
            history = [{"action": r.action, "article_id": r.article_id, "score": r.score, "at": _iso(r.at)}
                       for r in conn.execute(select(story_history).where(story_history.c.story_id == story_id)
                                             .order_by(story_history.c.id))]
        by_article: dict[int, list[str]] = {}
        for e in found:
            by_article.setdefault(e.article_id, []).append(e.type)
        url_of = {m.id: m.url for m in members}
        return {
            "timeline": [{"published": _iso(m.published), "article_id": m.id, "url": m.url, "title": m.title,
                          "language": m.language, "site": m.site, "events": by_article.get(m.id, [])} for m in members],
            "languages": dict(Counter(m.language for m in members if m.language).most_common()),
            "sources": dict(Counter(m.site for m in members if m.site).most_common()),
            "key_entities": key,
            "events": [{"type": e.type, "actor": e.actor, "actor_id": e.actor_id, "article_url": url_of[e.article_id],
                        "evidence": e.evidence, "slots": e.slots} for e in found],
            "related": self._related(story_id, [k["id"] for k in key]),
            "history": history,
        }

    def _key_entities(self, conn: Connection, ids: list[int]) -> list[dict[str, Any]]:
        if not ids:
            return []
        rows = conn.execute(select(mentions.c.article_id, mentions.c.entity_id)
                            .where(mentions.c.article_id.in_(ids), mentions.c.entity_id.is_not(None),
                                   mentions.c.label.in_(NAME_LABELS)))
        articles_per: dict[str, set[int]] = {}
        mentions_per: Counter = Counter()
        for r in rows:
            articles_per.setdefault(r.entity_id, set()).add(r.article_id)
            mentions_per[r.entity_id] += 1
        top = sorted(articles_per, key=lambda e: (-len(articles_per[e]), -mentions_per[e], e))[:KEY_ENTITIES]
        names = {r.id: r for r in conn.execute(select(entities.c.id, entities.c.name, entities.c.type)
                                               .where(entities.c.id.in_(top)))}
        return [{"id": e, "name": names[e].name if e in names else e, "type": names[e].type if e in names else None,
                 "articles": len(articles_per[e]), "mentions": mentions_per[e]} for e in top]

    def _related(self, story_id: int, key_ids: list[str]) -> list[dict[str, Any]]:
        """Linked stories (merged, split) and stories sharing key entities (a different event of the same actors)."""
        related = [dict(link) for link in self.story_links(story_id)]
        seen = {r["story"] for r in related} | {story_id}
        if not key_ids:
            return related
        query = (select(articles.c.story_id, mentions.c.entity_id)
                 .join(articles, articles.c.id == mentions.c.article_id)
                 .where(mentions.c.entity_id.in_(key_ids), articles.c.story_id.is_not(None),
                        articles.c.story_id != story_id).distinct())
        shared: dict[int, set[str]] = {}
        with self.engine.connect() as conn:
            for r in conn.execute(query):
                shared.setdefault(r.story_id, set()).add(r.entity_id)
            candidates = sorted((s for s, e in shared.items() if len(e) >= RELATED_MIN_SHARED and s not in seen),
                                key=lambda s: (-len(shared[s]), s))[:RELATED_MAX]
            titles = {r.id: r.title for r in conn.execute(select(stories.c.id, stories.c.title)
                                                          .where(stories.c.id.in_(candidates)))}
        related += [{"story": s, "kind": "related", "direction": "to", "score": None, "at": None,
                     "title": titles.get(s), "shared_entities": sorted(shared[s])} for s in candidates]
        return related
