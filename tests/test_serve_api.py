"""The JSON API's contract on the bundled sample: a valid OpenAPI schema, every endpoint answers,
every page has a JSON twin with the same content, and every error has one shape."""

from __future__ import annotations

import csv
import io
import warnings
from xml.etree import ElementTree as ET

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from newsdesk.serve import create_app
from newsdesk.store import Store

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def app(sample_run):
    return create_app(sample_run["db"])


@pytest.fixture(scope="module")
def client(app):
    return TestClient(app)


@pytest.fixture(scope="module")
def ids(sample_run):
    """A story, an entity with events, a category and a word that the sample holds."""
    with Store(sample_run["db"], create=False) as store:
        story = store.ranked_stories(limit=1)[0]
        actor = next(e["actor_id"] for e in store.events() if e["actor_id"])
        article = store.articles(story_id=story["id"])[0]
        word = max(article.title.split(), key=len).strip(",.:;")
        return {"story": story["id"], "entity": actor, "category": story["categories"][0], "word": word}


def assert_error_shape(response, status: int) -> None:
    assert response.status_code == status
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"status", "code", "message"}
    assert body["error"]["status"] == status
    assert body["error"]["code"] and body["error"]["message"]


def test_openapi_schema_is_valid(app):
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    schema.validate()  # raises on an invalid OpenAPI document
    paths = set(schema.raw_schema["paths"])
    assert {"/api/stories", "/api/stories/{story_id}", "/api/entities/{entity_id}", "/api/events",
            "/api/search", "/api/trends", "/feeds/search.atom"} <= paths
    assert "ErrorResponse" in schema.raw_schema["components"]["schemas"]
    broken = dict(schema.raw_schema, paths={"/x": {"get": {"responses": "not a mapping"}}})
    with pytest.raises(Exception):
        schemathesis.openapi.from_dict(broken).validate()


def test_every_endpoint_answers_on_the_sample(client, ids):
    s, e, c, w = ids["story"], ids["entity"], ids["category"], ids["word"]
    for url in ["/", f"/story/{s}", f"/story/{s}?lang=de", f"/story/{s}?lang=it", f"/entity/{e}", "/events",
                "/events?sort=amount&order=asc", f"/search?q={w}", "/trends", "/trends?kind=category&q=" + c,
                "/api/stories", f"/api/stories?category={c}", f"/api/stories/{s}?lang=de", "/api/entities",
                f"/api/entities/{e}", "/api/events", "/events.csv", f"/api/search?q={w}", "/api/trends",
                "/feeds/front.atom", f"/feeds/category/{c}.atom", f"/feeds/entity/{e}.atom",
                f"/feeds/search.atom?q={w}", "/openapi.json", "/static/style.css", "/static/app.js"]:
        response = client.get(url)
        assert response.status_code == 200, (url, response.text[:300])
        assert response.content, url


def test_pages_and_json_twins_show_the_same(client, ids):
    s = ids["story"]
    story = client.get(f"/api/stories/{s}?lang=de").json()
    page = client.get(f"/story/{s}?lang=de").text
    assert story["briefing"]["language"] == "de"
    assert story["timeline"] and story["briefing"]["sources"]
    for source in story["briefing"]["sources"]:
        assert f'id="src-{s}-{source["n"]}"' in page
    front = client.get("/api/stories").json()
    html = client.get("/").text
    assert [st["id"] for st in front["stories"]] == [int(x) for x in _attr_values(html, "data-story")]
    scores = [st["score"] for st in front["stories"]]
    assert scores == sorted(scores, reverse=True)
    assert front["most_covered"] and front["categories"]


def _attr_values(html: str, name: str) -> list[str]:
    import lxml.html
    return [el.get(name) for el in lxml.html.fromstring(html).xpath(f"//li[@{name}]")]


def test_entity_events_and_filters(client, ids):
    entity = client.get(f"/api/entities/{ids['entity']}").json()
    assert entity["events"] and all(ev["actor_id"] == ids["entity"] for ev in entity["events"])
    assert entity["stories"] and entity["mentions"] > 0
    all_events = client.get("/api/events?limit=1000").json()
    kind = all_events["events"][0]["type"]
    typed = client.get(f"/api/events?type={kind}&limit=1000").json()
    assert typed["total"] == sum(1 for ev in all_events["events"] if ev["type"] == kind)
    by_amount = client.get("/api/events?sort=amount&order=desc&amount_min=1000000").json()["events"]
    amounts = [ev["amount"]["value"] for ev in by_amount]
    assert amounts and amounts == sorted(amounts, reverse=True) and min(amounts) >= 1e6
    rows = list(csv.DictReader(io.StringIO(client.get(f"/events.csv?type={kind}&limit=1000").text)))
    assert len(rows) == typed["total"] and {r["type"] for r in rows} == {kind}


def test_search_finds_in_every_language_and_filters(client, ids):
    hits = client.get(f"/api/search?q={ids['word']}").json()
    assert hits["total"] >= 1
    assert any(ids["word"].lower() in (h["title"] + h["lead"]).lower() for h in hits["results"])
    languages = {h["language"] for h in client.get("/api/search?q=Halvion&limit=500").json()["results"]}
    assert len(languages) >= 2, languages
    only_de = client.get("/api/search?q=Halvion&language=de").json()
    assert only_de["results"] and {h["language"] for h in only_de["results"]} == {"de"}
    assert client.get("/api/search?q=").json()["total"] == 0
    weird = client.get('/api/search?q="unbalanced AND ( NEAR*').json()  # FTS syntax from users is only words
    assert weird["total"] >= 0


def test_trends_count_matching_articles(client, ids):
    data = client.get("/api/trends?q=Halvion&q=KI|AI&bucket=month").json()
    assert [s["label"] for s in data["series"]] == ["Halvion", "KI|AI"]
    halvion = client.get("/api/search?q=Halvion&limit=500").json()["total"]
    assert data["series"][0]["total"] == halvion == sum(data["series"][0]["values"])
    assert len(data["buckets"]) == len(data["series"][0]["values"])
    page = client.get("/trends?q=Halvion&q=KI|AI").text
    assert "<svg" in page and "polyline" in page


def test_atom_feeds_are_well_formed(client, ids):
    for url in ["/feeds/front.atom", f"/feeds/category/{ids['category']}.atom", f"/feeds/entity/{ids['entity']}.atom",
                f"/feeds/search.atom?q={ids['word']}"]:
        response = client.get(url)
        assert response.headers["content-type"].startswith("application/atom+xml")
        root = ET.fromstring(response.content)
        assert root.tag == ATOM + "feed"
        entries = root.findall(ATOM + "entry")
        assert entries, url
        for entry in entries:
            assert entry.find(ATOM + "id").text and entry.find(ATOM + "updated").text
            assert entry.find(ATOM + "link").get("href")


@pytest.mark.parametrize("url,status", [
    ("/api/stories/999999", 404), ("/api/entities/org:nobody-at-all", 404), ("/api/nothing-here", 404),
    ("/feeds/entity/org:nobody.atom", 404), ("/api/stories/abc", 422), ("/api/stories/1?lang=fr", 422),
    ("/api/events?date_from=yesterday", 422), ("/api/events?sort=colour", 422), ("/api/events?limit=0", 422),
    ("/api/trends?kind=weather", 422), ("/api/search?date_to=31.12.2024&q=x", 422),
])
def test_every_api_error_has_one_shape(client, url, status):
    assert_error_shape(client.get(url), status)


def test_html_errors_are_pages(client):
    response = client.get("/story/999999")
    assert response.status_code == 404 and response.headers["content-type"].startswith("text/html")
    assert "story 999999 does not exist" in response.text


def test_generated_requests_never_crash(app):
    """Schemathesis builds requests from the schema for every operation: no 5xx, and every 4xx
    has the error shape."""
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 10
    for operation in operations:
        @given(case=operation.as_strategy())
        @settings(max_examples=6, deadline=None, database=None, suppress_health_check=list(HealthCheck))
        def check(case):
            response = case.call()
            assert response.status_code < 500, (case.path, case.query, response.text[:300])
            if response.status_code >= 400:
                assert set(response.json()["error"]) == {"status", "code", "message"}

        check()
