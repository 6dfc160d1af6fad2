"""The web UI's store reads (store/web.py, migration 0005) on both backends: a real SQLite file
(FTS5) and a real PostgreSQL database (GIN index on to_tsvector('simple', ...))."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from newsdesk.errors import InputError
from newsdesk.serve import create_app
from newsdesk.store import Store
from newsdesk.store.web import fts_query

from conftest import DATA, invoke

HOSTILE = Path(__file__).parent / "data" / "serve" / "hostile.jsonl"


@pytest.fixture()
def loaded(db_url):
    result = invoke("run", "--input", str(HOSTILE), str(DATA / "articles.jsonl"), "--db", db_url, "--json")
    assert result.exit_code == 0, result.output
    return db_url


def test_search_ranks_and_filters_on_both_backends(loaded):
    with Store(loaded, create=False) as store:
        total, hits = store.search("Halvion")
        assert total == 2 and {h["language"] for h in hits} == {"de", "en"}
        total_de, hits_de = store.search("Halvion", language="de")
        assert total_de == 1 and hits_de[0]["language"] == "de"
        assert store.search("Halvion", date_to="2024-09-30")[0] == 0
        assert store.search("Halvion OR wind")[0] == 3
        assert store.search("Turin Labor", language="de")[0] == 1  # every word must occur
        assert store.search("nosuchwordanywhere")[0] == 0
        counts = store.mention_counts("term", "Halvion", "month")
        assert counts == (2, {"2024-10": 2})


def test_stories_events_and_entities_on_both_backends(loaded):
    with Store(loaded, create=False) as store:
        ranked = store.ranked_stories(limit=10)
        assert ranked and ranked == sorted(ranked, key=lambda s: -s["score"])
        top = ranked[0]
        assert top["size"] == len(store.articles(story_id=top["id"]))
        total, rows = store.event_table(sort="amount", descending=True)
        assert total == len(store.events()) and rows
        amounts = [r["amount_value"] for r in rows if r["amount_value"] is not None]
        assert amounts == sorted(amounts, reverse=True)
        actor = next(r["actor_id"] for r in rows if r["actor_id"])
        assert store.event_table(actor_id=actor)[0] >= 1
        assert store.entity(actor)["name"]
        assert store.entity_months(actor)
        assert store.entity_stories(actor)
        assert store.event_table(date_from="2099-01-01")[0] == 0


def test_events_filter_on_places_by_entity_in_any_language(loaded):
    from sqlalchemy import select

    from newsdesk.store.schema import event_places

    with Store(loaded, create=False) as store:
        with store.engine.connect() as conn:
            rows = conn.execute(select(event_places)).all()
        assert rows, "the sample's events name places"
        placed = {r.event_id for r in rows}
        total, hits = store.event_table(place=rows[0].place)
        assert total >= 1 and {h["id"] for h in hits} <= placed
        resolved = next(r for r in rows if r.place_id)
        entity = store.entity(resolved.place_id)
        names = [n for n in [entity["name"], *entity["aliases"]] if n.lower() != resolved.place.lower()]
        assert names, f"{resolved.place_id} has other names"
        total, hits = store.event_table(place=names[0])  # another name of the same place finds its events
        assert resolved.event_id in {h["id"] for h in hits}
        assert all(h["id"] in placed for h in hits)
        assert store.event_table(place="Nowhere-upon-Nothing")[0] == 0


def test_app_pages_answer_on_both_backends(loaded):
    client = TestClient(create_app(loaded))
    for url in ["/", "/story/1?lang=de", "/events", "/search?q=Halvion", "/trends?q=Halvion",
                "/api/search?q=Halvion", "/feeds/front.atom"]:
        assert client.get(url).status_code == 200, url
    assert client.get("/api/search?q=Halvion").json()["total"] == 2


def test_user_queries_never_reach_fts_as_syntax():
    assert fts_query('chip* OR "Meta" NEAR(') == '"chip"* OR "Meta" "NEAR"'
    assert fts_query("a OR OR b OR") == '"a" OR "b"'
    with pytest.raises(InputError):
        fts_query('" ( ) *')
