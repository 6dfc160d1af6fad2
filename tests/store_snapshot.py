"""What a store holds, in a form that two stores (two backends, two engines) can be compared by.

Ids differ between stores only if insertion order differs, so everything is keyed by URL.
"""

from __future__ import annotations

from collections import Counter

from sqlalchemy import func, select

from newsdesk.store import Store
from newsdesk.store.schema import articles, documents, entities, events, mentions


def snapshot(db: str) -> dict:
    with Store(db, create=False) as store:
        url_of = {a.id: a.url for a in store.articles()}
        with store.engine.connect() as conn:
            docs = Counter((r.status, r.duplicate_kind or r.reason or "")
                           for r in conn.execute(select(documents.c.status, documents.c.duplicate_kind,
                                                        documents.c.reason)))
            copies = sorted((r.url or "", url_of[r.article_id]) for r in conn.execute(
                select(documents.c.url, documents.c.article_id).where(documents.c.status == "duplicate")))
            counts = {name: conn.execute(select(func.count()).select_from(table)).scalar_one()
                      for name, table in (("articles", articles), ("events", events),
                                          ("entities", entities), ("mentions", mentions))}
            event_rows = sorted((url_of[r.article_id], r.type, r.actor or "", r.evidence)
                                for r in conn.execute(select(events)))
        stories = store.stories()
        articles_by_url = {a.url: (a.title, a.language, a.content_hash, a.published) for a in store.articles()}
    return {
        "counts": counts,
        "documents": dict(docs),
        "duplicates": copies,
        "articles": articles_by_url,
        "stories": sorted(sorted(a.url for a in s.articles) for s in stories),
        "open stories": sorted(sorted(a.url for a in s.articles) for s in stories if s.status == "open"),
        "events": event_rows,
    }
