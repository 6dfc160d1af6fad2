"""Alembic environment: migrations run on the connection newsdesk hands over."""

from alembic import context
from sqlalchemy import create_engine

from newsdesk.store.schema import metadata

config = context.config


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is None:  # invoked from the alembic command line
        from newsdesk.store.db import database_url  # a file path or postgresql:// works here too

        engine = create_engine(database_url(config.get_main_option("sqlalchemy.url")))
        with engine.connect() as connection:
            _run(connection)
    else:
        _run(connection)


def _run(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        # SQLite needs batch mode for ALTER TABLE; PostgreSQL alters in place
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations_online()
