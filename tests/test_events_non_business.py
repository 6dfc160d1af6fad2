"""General news is no business news: the event rules stay quiet on politics, sport, crime and weather.

``data/events/non_business.jsonl`` holds 32 invented short articles in de/en/it written to look like
business events to a trigger word: a coalition "presenting" its programme, a "fired-up" batsman,
police who "fired" tear gas, a club that "verpflichtet" a coach, an "offensive launched", a "poll
released", a comment form's "Pflichtfelder", troops "verlegt", money "raised" for charity, a lottery
ticket "bought". The pipeline finds no event in them; any event that appears is a regression.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import invoke

FIXTURE = Path(__file__).parent / "data" / "events" / "non_business.jsonl"
# (type, actor) of every event the rules still find in the fixture; none today.
EXPECTED: list[tuple[str, str | None]] = []


@pytest.fixture(scope="module")
def events(tmp_path_factory) -> list[dict]:
    db = str(tmp_path_factory.mktemp("non_business") / "nb.db")
    run = invoke("run", "--input", str(FIXTURE), "--db", db, "--json")
    assert run.exit_code == 0, run.output
    assert json.loads(run.output)["counts"]["articles in store"] == 32  # none rejected as too short
    result = invoke("events", "--db", db, "--json")
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.output.splitlines()]


def test_the_fixture_covers_three_languages():
    languages = [json.loads(line)["language"] for line in FIXTURE.read_text(encoding="utf-8").splitlines()]
    assert len(languages) == 32 and set(languages) == {"de", "en", "it"}


def test_general_news_yields_no_business_event(events):
    assert [(e["type"], e["actor"]) for e in events] == EXPECTED, [e["evidence"] for e in events]
