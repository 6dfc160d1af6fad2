"""full-text search over articles and briefings

SQLite: an FTS5 table ``articles_fts`` over title, lead and text (external content: the rows stay
in ``articles``), kept current by triggers. PostgreSQL: a GIN index on
``to_tsvector('simple', title || lead || text)``, the expression ``store.web`` queries.
Both: indexes on ``events.date``, ``events.amount_value`` and ``(actor_id, date)`` for the web UI's
events table and entity pages.

Revision ID: 0005
Revises: 0004
"""

from alembic import op
import sqlalchemy as sa  # noqa: F401


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None

SQLITE_UP = [
    "CREATE VIRTUAL TABLE articles_fts USING fts5("
    "title, lead, text, content='articles', content_rowid='id', tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN "
    "INSERT INTO articles_fts(rowid, title, lead, text) VALUES (new.id, new.title, new.lead, new.text); END",
    "CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN "
    "INSERT INTO articles_fts(articles_fts, rowid, title, lead, text) "
    "VALUES ('delete', old.id, old.title, old.lead, old.text); END",
    "CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, lead, text ON articles BEGIN "
    "INSERT INTO articles_fts(articles_fts, rowid, title, lead, text) "
    "VALUES ('delete', old.id, old.title, old.lead, old.text); "
    "INSERT INTO articles_fts(rowid, title, lead, text) VALUES (new.id, new.title, new.lead, new.text); END",
    "INSERT INTO articles_fts(articles_fts) VALUES ('rebuild')",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS articles_fts_update",
    "DROP TRIGGER IF EXISTS articles_fts_delete",
    "DROP TRIGGER IF EXISTS articles_fts_insert",
    "DROP TABLE IF EXISTS articles_fts",
]
POSTGRES_UP = [
    "CREATE INDEX ix_articles_fts ON articles USING GIN (to_tsvector('simple', "
    "coalesce(title, '') || ' ' || coalesce(lead, '') || ' ' || coalesce(text, '')))",
]
POSTGRES_DOWN = ["DROP INDEX IF EXISTS ix_articles_fts"]


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    for statement in {"sqlite": SQLITE_UP, "postgresql": POSTGRES_UP}.get(dialect, []):
        op.execute(statement)
    # the events table of the web UI sorts and filters on these
    op.create_index('ix_events_date', 'events', ['date'], unique=False)
    op.create_index('ix_events_amount_value', 'events', ['amount_value'], unique=False)
    op.create_index('ix_events_actor_id_date', 'events', ['actor_id', 'date'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_events_actor_id_date', table_name='events')
    op.drop_index('ix_events_amount_value', table_name='events')
    op.drop_index('ix_events_date', table_name='events')
    dialect = op.get_bind().dialect.name
    for statement in {"sqlite": SQLITE_DOWN, "postgresql": POSTGRES_DOWN}.get(dialect, []):
        op.execute(statement)
