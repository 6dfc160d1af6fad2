"""Stage 6, store: SQLite by default, any SQLAlchemy URL; versioned migrations."""

from newsdesk.store.db import Store, database_url

__all__ = ["Store", "database_url"]
