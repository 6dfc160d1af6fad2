"""Shared fixtures: the bundled sample run once into a real SQLite file."""

from __future__ import annotations

import json
import os
import uuid
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsdesk.cli.main import cli
from newsdesk.pipeline.demo import sample_path

DATA = Path(__file__).parent / "data"
SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def invoke(*args: str) -> "click.testing.Result":  # noqa: F821
    result = CliRunner().invoke(cli, ["--quiet", *args], catch_exceptions=False)
    return result


@pytest.fixture(scope="session")
def gold() -> dict:
    return json.loads((sample_path() / "gold.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def sample_run(tmp_path_factory) -> dict:
    """Run the CLI on the bundled sample once; returns the db path and the run report."""
    db = tmp_path_factory.mktemp("sample") / "sample.db"
    result = invoke("run", "--input", str(sample_path()), "--db", str(db), "--json")
    assert result.exit_code == 0, result.output
    return {"db": str(db), "report": json.loads(result.output)}


def stories_json(db: str) -> list[dict]:
    result = invoke("stories", "--db", db, "--json")
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.output.splitlines() if line.strip()]


# Store backends ------------------------------------------------------------------------------
# Tests that take `db_url` run once on a real SQLite file and once on a real PostgreSQL database
# created for them (a fresh, uniquely named one, dropped afterwards). The server is the one on
# 127.0.0.1:5432 that `.ci/setup-postgres.sh` provides (NEWSDESK_TEST_POSTGRES overrides the admin
# URL). Without a server the PostgreSQL cases skip locally and fail under CI=true.
POSTGRES_ADMIN = os.environ.get("NEWSDESK_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/postgres")
BACKENDS = ("sqlite", "postgresql")


@pytest.fixture(scope="session")
def postgres_admin():
    """An autocommit engine on the server's maintenance database, or a skip (a failure under CI)."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.exc import OperationalError

    from newsdesk.store import database_url

    engine = create_engine(database_url(POSTGRES_ADMIN), isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except OperationalError as exc:
        engine.dispose()
        message = f"no PostgreSQL server at {POSTGRES_ADMIN} ({exc.orig}); run .ci/setup-postgres.sh"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    _drop_orphans(engine)
    yield engine
    engine.dispose()


def _drop_orphans(admin) -> None:
    """Drop test databases left by a killed test session (its process is gone) on this machine."""
    from sqlalchemy import text

    with admin.connect() as conn:
        names = conn.execute(text("SELECT datname FROM pg_database WHERE datname LIKE 'newsdesk_test_%'")).scalars()
        for name in list(names):
            pid = name.split("_")[2]
            if pid.isdigit() and not Path(f"/proc/{pid}").exists():
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture(scope="session")
def make_db(request, tmp_path_factory):
    """``make_db(backend)`` -> the URL (or SQLite path) of a new, empty database; all dropped at the end."""
    from sqlalchemy import text

    created: list[str] = []
    admins: list = []

    def make(backend: str) -> str:
        if backend == "sqlite":
            return str(tmp_path_factory.mktemp("store") / "newsdesk.db")
        admin = request.getfixturevalue("postgres_admin")
        admins.append(admin)
        name = f"newsdesk_test_{os.getpid()}_{uuid.uuid4().hex[:10]}"
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        created.append(name)
        return POSTGRES_ADMIN.rsplit("/", 1)[0] + "/" + name

    yield make
    if created:
        with admins[0].connect() as conn:
            for name in created:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture(params=BACKENDS)
def db_url(request, make_db) -> str:
    """A fresh database on each backend: a SQLite file path, then a postgresql:// URL."""
    return make_db(request.param)
