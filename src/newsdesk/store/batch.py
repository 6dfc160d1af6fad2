"""Bulk look-ups for batch mode (mixed into :class:`~newsdesk.store.db.Store`).

Batch mode stores a whole chunk of documents in one transaction, so it asks once per chunk
which of them the store has already seen instead of once per document.
"""

from __future__ import annotations

from typing import Iterable

from sqlalchemy import select
from sqlalchemy.engine import Connection

from newsdesk.store.schema import documents

IN_LIMIT = 500  # values per IN (...) list, well under every backend's parameter limit


def _chunks(values: list[str]) -> Iterable[list[str]]:
    for start in range(0, len(values), IN_LIMIT):
        yield values[start:start + IN_LIMIT]


class BatchStore:
    """Which documents of a chunk are known, by (location, raw hash) and by raw hash alone."""

    def seen_documents(self, conn: Connection, raw_hashes: Iterable[str]) -> set[tuple[str, str]]:
        """(location, raw hash) of every stored document whose raw hash is one of ``raw_hashes``."""
        found: set[tuple[str, str]] = set()
        for part in _chunks(sorted(set(raw_hashes))):
            query = select(documents.c.location, documents.c.raw_hash).where(documents.c.raw_hash.in_(part))
            found.update((r.location, r.raw_hash) for r in conn.execute(query))
        return found

    def articles_by_raw_hash(self, conn: Connection, raw_hashes: Iterable[str]) -> dict[str, int]:
        """Raw hash -> the article that a stored document with these exact bytes became or copies."""
        found: dict[str, int] = {}
        for part in _chunks(sorted(set(raw_hashes))):
            query = (select(documents.c.raw_hash, documents.c.article_id)
                     .where(documents.c.raw_hash.in_(part), documents.c.article_id.is_not(None))
                     .order_by(documents.c.id))
            for r in conn.execute(query):
                found.setdefault(r.raw_hash, r.article_id)
        return found
