"""Watched sources and their fetch state (mixed into :class:`~newsdesk.store.db.Store`)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any, Iterable

from sqlalchemy import delete, insert, or_, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from newsdesk.errors import InputError, NotFound
from newsdesk.store.schema import articles, documents, sources

_DATES = ("added_at", "last_fetch", "next_due")


def _utc(dt: datetime | None) -> datetime | None:
    if dt is None:
        return None
    return dt.replace(tzinfo=timezone.utc) if dt.tzinfo is None else dt.astimezone(timezone.utc)


def _row(row: Any) -> dict[str, Any]:
    data = dict(row._mapping)
    for key in _DATES:
        data[key] = _utc(data[key])
    return data


class SourcesStore:
    """The ``sources`` table; ``engine`` comes from the Store."""

    engine: Engine

    def add_source(self, url: str, kind: str, every: float, title: str | None = None) -> int:
        stamp = datetime.now(timezone.utc)
        try:
            with self.engine.begin() as conn:
                result = conn.execute(insert(sources).values(
                    url=url, kind=kind, every=every, title=title, added_at=stamp, next_due=stamp,
                    failures=0, items=0))
                return int(result.inserted_primary_key[0])
        except IntegrityError:
            raise InputError(f"source {url} is already watched", "see `newsdesk sources list --db DB`") from None

    def sources(self, due_at: datetime | None = None) -> list[dict[str, Any]]:
        """All sources (by id), or those due at ``due_at`` (soonest first)."""
        query = select(sources).order_by(sources.c.id)
        if due_at is not None:
            query = (select(sources).where(sources.c.next_due <= _utc(due_at))
                     .order_by(sources.c.next_due, sources.c.id))
        with self.engine.connect() as conn:
            return [_row(r) for r in conn.execute(query)]

    def source(self, source_id: int) -> dict[str, Any]:
        with self.engine.connect() as conn:
            row = conn.execute(select(sources).where(sources.c.id == source_id)).first()
        if row is None:
            raise NotFound(f"source {source_id} does not exist", "see `newsdesk sources list --db DB`")
        return _row(row)

    def remove_source(self, source_id: int) -> None:
        with self.engine.begin() as conn:
            if conn.execute(delete(sources).where(sources.c.id == source_id)).rowcount == 0:
                raise NotFound(f"source {source_id} does not exist", "see `newsdesk sources list --db DB`")

    def next_due(self) -> datetime | None:
        """When the next source is due, or ``None`` without sources."""
        with self.engine.connect() as conn:
            value = conn.execute(select(sources.c.next_due).order_by(sources.c.next_due).limit(1)).scalar()
        return _utc(value)

    def record_fetch(self, source_id: int, status: str, *, ok: bool, new_items: int = 0,
                     etag: str | None = None, last_modified: str | None = None,
                     max_backoff: float = 86400.0) -> None:
        """Store what a poll of a source found and when it is due next.

        A failing source waits ``every * 2**failures`` seconds (at most ``max_backoff``).
        Validators are only replaced when the answer brought new ones.
        """
        current = self.source(source_id)
        stamp = datetime.now(timezone.utc)
        failures = 0 if ok else current["failures"] + 1
        wait = min(current["every"] * 2 ** failures, max(max_backoff, current["every"]))
        values: dict[str, Any] = {"last_fetch": stamp, "last_status": status[:64], "failures": failures,
                                  "next_due": stamp + timedelta(seconds=wait),
                                  "items": current["items"] + new_items}
        if etag:
            values["etag"] = etag
        if last_modified:
            values["last_modified"] = last_modified
        with self.engine.begin() as conn:
            conn.execute(update(sources).where(sources.c.id == source_id).values(**values))

    def known_urls(self, urls: Iterable[str], retry_reasons: Iterable[str] = ()) -> set[str]:
        """Those of ``urls`` already read: stored articles, copies, and rejects not worth retrying."""
        wanted = list(dict.fromkeys(urls))
        retry = list(retry_reasons)
        found: set[str] = set()
        with self.engine.connect() as conn:
            for start in range(0, len(wanted), 500):
                chunk = wanted[start:start + 500]
                found.update(conn.execute(select(articles.c.url).where(articles.c.url.in_(chunk))).scalars())
                query = select(documents.c.url).where(
                    documents.c.url.in_(chunk),
                    or_(documents.c.status != "rejected", documents.c.reason.is_(None),
                        documents.c.reason.not_in(retry) if retry else documents.c.reason.is_not(None)))
                found.update(conn.execute(query).scalars())
        return found
