"""What differs between the store's backends (SQLite, PostgreSQL), in one place.

Both dialects of SQLAlchemy offer ``INSERT ... ON CONFLICT``; :func:`upsert` picks the
right ``insert`` construct for the connection, so callers write one statement for both.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Table
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection

from newsdesk.errors import StoreError

SUPPORTED = ("sqlite", "postgresql")


def dialect_of(url: str) -> str:
    """``sqlite`` or ``postgresql`` for a database URL; anything else is refused."""
    name = url.split("://", 1)[0].split("+", 1)[0]
    if name not in SUPPORTED:
        raise StoreError(f"database URL scheme {name!r} is not supported",
                         "use a SQLite file path or a postgresql:// URL")
    return name


def engine_options(url: str) -> dict[str, Any]:
    """Keyword arguments for ``create_engine``: PostgreSQL connections are checked before use."""
    if dialect_of(url) == "postgresql":
        return {"pool_pre_ping": True}
    return {}


def upsert(conn: Connection, table: Table) -> Any:
    """``INSERT`` with ``on_conflict_do_update`` / ``on_conflict_do_nothing`` for this connection's backend."""
    if conn.dialect.name == "postgresql":
        return postgresql.insert(table)
    return sqlite.insert(table)
