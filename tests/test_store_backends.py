"""The store on both backends: a real SQLite file and a real PostgreSQL database.

The bundled sample goes through the whole pipeline into each; both must hold the same articles,
copies, rejects, stories, entities and events, and a second run must add nothing.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import inspect, text

from newsdesk.errors import StoreError
from newsdesk.pipeline.demo import sample_path
from newsdesk.store import Store, database_url
from newsdesk.store.db import migrate

from conftest import BACKENDS, invoke
from store_snapshot import snapshot


@pytest.fixture(scope="module")
def sample_runs(make_db) -> dict[str, dict]:
    """The CLI's `run` on the bundled sample into a fresh database per backend, twice."""
    found = {}
    for backend in BACKENDS:
        try:
            db = make_db(backend)
        except pytest.skip.Exception:
            continue
        reports = []
        for _ in range(2):
            result = invoke("run", "--input", str(sample_path()), "--db", db, "--json")
            assert result.exit_code == 0, result.output
            reports.append(json.loads(result.output))
        found[backend] = {"db": db, "first": reports[0], "second": reports[1], "snapshot": snapshot(db)}
    return found


@pytest.fixture(params=BACKENDS)
def sample_on(request, sample_runs) -> dict:
    if request.param not in sample_runs:
        request.getfixturevalue("postgres_admin")  # skips (or fails under CI) with the reason
    return sample_runs[request.param]


def test_sample_is_stored(sample_on):
    snap = sample_on["snapshot"]
    assert snap["counts"]["articles"] >= 50
    assert snap["counts"]["events"] > 0 and snap["counts"]["entities"] > 0
    assert snap["documents"].get(("rejected", "empty"), 0) >= 1
    assert snap["duplicates"], "the sample has copies; none were recorded"
    assert len(snap["stories"]) >= 10


def test_rerun_adds_nothing(sample_on):
    first, second = sample_on["first"]["counts"], sample_on["second"]["counts"]
    assert second["articles in store"] == first["articles in store"]
    assert second["unchanged (seen before)"] > 0
    assert not second.get("stories created")
    assert not sample_on["second"]["rejects"], "rejects of the first run were counted again"
    assert snapshot(sample_on["db"]) == sample_on["snapshot"]


def test_backends_hold_the_same(sample_runs, postgres_admin):
    sqlite, postgres = sample_runs["sqlite"]["snapshot"], sample_runs["postgresql"]["snapshot"]
    for key in ("counts", "documents", "duplicates", "articles", "stories", "open stories", "events"):
        assert sqlite[key] == postgres[key], f"{key} differ between SQLite and PostgreSQL"
    for backend in BACKENDS:
        report = sample_runs[backend]["first"]
        report.pop("seconds")
        for stage in report["stages"]:
            stage.pop("seconds")
    assert sample_runs["sqlite"]["first"]["counts"] == sample_runs["postgresql"]["first"]["counts"]
    assert sample_runs["sqlite"]["first"]["rejects"] == sample_runs["postgresql"]["first"]["rejects"]


def test_signatures_after_an_id_are_what_was_stored_since(sample_on):
    """A pipeline's duplicate index catches up with another process's articles this way."""
    with Store(sample_on["db"]) as store:
        every = store.signatures()
        assert len(every) == sample_on["snapshot"]["counts"]["articles"]
        ids = sorted(row[0] for row in every)
        assert sorted(row[0] for row in store.signatures(after=ids[9])) == ids[10:]
        assert store.signatures(after=ids[-1]) == []


def test_cli_reads_from_both(sample_on):
    for args in (("stories", "--json"), ("entities", "--json"), ("events", "--json")):
        result = invoke(args[0], "--db", sample_on["db"], *args[1:])
        assert result.exit_code == 0, result.output
        assert len(result.output.splitlines()) > 3


def test_state_upsert_and_types_round_trip(db_url):
    at = datetime(2026, 3, 1, 23, 30, tzinfo=timezone(timedelta(hours=2)))
    value = {"ümlaut": ["ß", 1.5, None], "nested": {"n": 2**40}}
    with Store(db_url) as store:
        with store.transaction() as conn:
            store.put_state(conn, "k", {"v": 1})
        with store.transaction() as conn:
            store.put_state(conn, "k", value)
            story_id = store.create_story(conn, "Titel <b>", at, {"x": [1, 2]})
        assert store.get_state("k") == value
        [row] = store.open_stories()
        assert row["id"] == story_id and row["state"] == {"x": [1, 2]}
        first_seen = row["first_seen"]
        first_seen = first_seen if first_seen.tzinfo else first_seen.replace(tzinfo=timezone.utc)
        assert first_seen == at and at.astimezone(timezone.utc).hour == 21


def test_a_taken_unique_key_is_a_write_conflict_and_keeps_what_is_stored(db_url):
    from newsdesk.errors import WriteConflict
    from newsdesk.records import SourceInfo

    source = SourceInfo("file", "/archive/page.html")
    with Store(db_url) as store:
        with store.transaction() as conn:
            store.record_document(conn, source, "f" * 64, "rejected", reason="empty")
        with pytest.raises(WriteConflict, match="another writer stored the same record first"):
            with store.transaction() as conn:
                store.put_state(conn, "written.before.the.conflict", {"n": 1})
                store.record_document(conn, source, "f" * 64, "rejected", reason="empty")
        assert store.document_seen(source.describe(), "f" * 64)
        assert store.count("documents") == 1
        assert store.get_state("written.before.the.conflict") is None  # the whole transaction rolled back


def test_exclusive_lock_on_each_backend(db_url):
    with Store(db_url) as store:
        with store.exclusive("cluster"):
            with store.transaction() as conn:  # the store stays usable while the lock is held
                store.put_state(conn, "locked.work", {"done": True})
        with store.exclusive("cluster"):  # released: taken again at once
            pass
        assert store.get_state("locked.work") == {"done": True}


def test_migrations_go_down_and_up(db_url):
    with Store(db_url) as store:
        tables = set(inspect(store.engine).get_table_names())
        assert {"articles", "documents", "stories", "entities", "events", "runs", "state"} <= tables
        migrate_down(store)
        assert "articles" not in set(inspect(store.engine).get_table_names())
        migrate(store.engine)
        assert {"articles", "entities"} <= set(inspect(store.engine).get_table_names())
        with store.engine.connect() as conn:
            assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() is not None


def migrate_down(store: Store) -> None:
    from alembic import command
    from alembic.config import Config

    from newsdesk.store.db import MIGRATIONS

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    with store.engine.begin() as connection:
        cfg.attributes["connection"] = connection
        command.downgrade(cfg, "base")


def test_database_urls():
    assert database_url("postgresql://u@127.0.0.1:5432/news") == "postgresql+psycopg://u@127.0.0.1:5432/news"
    assert database_url("postgres://u@h/news") == "postgresql+psycopg://u@h/news"
    assert database_url("postgresql+psycopg://u@h/n") == "postgresql+psycopg://u@h/n"
    assert database_url("/tmp/x.db").startswith("sqlite:////")
    with pytest.raises(StoreError, match="not supported"):
        Store("mysql://u@127.0.0.1/news")


def test_unreachable_server_is_a_clear_error():
    with pytest.raises(StoreError, match="cannot open database"):
        Store("postgresql://postgres@127.0.0.1:1/none")
