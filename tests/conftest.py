"""Shared fixtures: the bundled sample run once into a real SQLite file."""

from __future__ import annotations

import json
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
