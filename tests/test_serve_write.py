"""The API's write operations: the token, body and query bounds, and the one error shape."""

from __future__ import annotations

import httpx
import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from serve_support import live_server

from newsdesk.config import Settings
from newsdesk.serve import create_app
from newsdesk.store import Store

TOKEN = "s3cret-token-for-tests"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
FEED = {"url": "https://news.example.org/feeds/tech.xml", "kind": "feed", "every": "15m"}


@pytest.fixture()
def db(tmp_path):
    path = str(tmp_path / "write.db")
    Store(path).close()
    return path


def client(db: str, token: str | None = TOKEN) -> TestClient:
    return TestClient(create_app(db, Settings(api_token=token)), raise_server_exceptions=False)


def assert_error(response: httpx.Response, status: int) -> dict:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"status", "code", "message"}
    assert body["error"]["status"] == status and body["error"]["message"]
    return body["error"]


def test_writes_are_refused_without_a_configured_token(db):
    with client(db, token=None) as c:
        error = assert_error(c.post("/api/sources", json=FEED, headers=AUTH), 403)
        assert "api_token" in error["message"] and error["code"] == "forbidden"
        assert_error(c.delete("/api/sources/1", headers=AUTH), 403)
        assert c.get("/api/sources").json() == []
    with client(db, token="") as c:
        assert_error(c.post("/api/sources", json=FEED, headers=AUTH), 403)


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer wrong"}, {"Authorization": TOKEN},
                                     {"Authorization": f"Basic {TOKEN}"}, {"Authorization": f"Bearer {TOKEN}x"}])
def test_a_missing_or_wrong_token_is_401(db, headers):
    with client(db) as c:
        response = c.post("/api/sources", json=FEED, headers=headers)
        error = assert_error(response, 401)
        assert error["code"] == "unauthorized" and response.headers["www-authenticate"] == "Bearer"
        assert_error(c.delete("/api/sources/1", headers=headers), 401)
    with Store(db, create=False) as store:
        assert store.sources() == []


def test_add_list_and_delete_with_the_token(db):
    with client(db) as c:
        response = c.post("/api/sources", json=FEED, headers=AUTH)
        assert response.status_code == 201, response.text
        added = response.json()
        assert added["url"] == FEED["url"] and added["kind"] == "feed" and added["every"] == 900
        assert response.headers["location"] == f"/api/sources/{added['id']}"
        auto = c.post("/api/sources", json={"url": "https://example.org/sitemap_news.xml"}, headers=AUTH).json()
        assert auto["kind"] == "sitemap" and auto["every"] == 900
        page = c.post("/api/sources", json={"url": "https://example.org/", "every": "2h"}, headers=AUTH).json()
        assert page["kind"] == "page" and page["every"] == 7200
        listed = c.get("/api/sources").json()
        assert [s["url"] for s in listed] == [FEED["url"], auto["url"], page["url"]]
        assert_error(c.post("/api/sources", json=FEED, headers=AUTH), 409)  # already watched
        assert c.delete(f"/api/sources/{added['id']}", headers=AUTH).status_code == 204
        assert [s["id"] for s in c.get("/api/sources").json()] == [auto["id"], page["id"]]
        assert_error(c.delete(f"/api/sources/{added['id']}", headers=AUTH), 404)
    with Store(db, create=False) as store:  # the real database holds what the API said
        assert [s["url"] for s in store.sources()] == [auto["url"], page["url"]]


@pytest.mark.parametrize("body", [
    {"url": "ftp://example.org/feed.xml"}, {"url": "not a url at all"}, {"url": "javascript:alert(1)//x"},
    {"url": "https://"}, {"url": "https://example.org/x", "kind": "podcast"},
    {"url": "https://example.org/x", "every": "soon"}, {"url": "https://example.org/x", "every": "1s"},
    {"url": "https://example.org/x", "every": "400d"}, {"url": "https://example.org/x", "extra": 1},
    {"kind": "feed"}, {"url": "https://example.org/" + "a" * 3000},
])
def test_bad_sources_are_422(db, body):
    with client(db) as c:
        error = assert_error(c.post("/api/sources", json=body, headers=AUTH), 422)
        assert error["code"] == "invalid-parameter"
        assert c.get("/api/sources").json() == []


def test_oversized_bodies_are_413_before_parsing(db):
    with client(db) as c:
        big = b'{"url": "https://example.org/' + b"a" * 70_000 + b'"}'
        error = assert_error(c.post("/api/sources", content=big, headers={**AUTH, "Content-Type": "application/json"}),
                             413)
        assert error["code"] == "body-too-large"

        def chunks():  # no Content-Length: counted as it arrives
            for _ in range(20):
                yield b"x" * 8192
        assert_error(c.post("/api/sources", content=chunks(), headers=AUTH), 413)
        assert_error(c.post("/api/sources", content=b"{", headers={**AUTH, "Content-Type": "application/json"}), 422)


def test_write_errors_have_the_shape_of_read_errors(db):
    with client(db) as c:
        read = assert_error(c.get("/api/stories/999"), 404)
        write = assert_error(c.delete("/api/sources/999", headers=AUTH), 404)
        assert set(read) == set(write)
        assert_error(c.get("/api/sources/1"), 405)
        schema = c.get("/openapi.json").json()
        assert {"get", "post"} <= set(schema["paths"]["/api/sources"])
        assert "delete" in schema["paths"]["/api/sources/{source_id}"]


def test_list_endpoints_cap_limit_and_offset(db):
    with client(db) as c:
        for url in ("/api/stories?limit=201", "/api/entities?limit=5001", "/api/events?limit=1001",
                    "/api/events?offset=100001", "/api/search?q=a&limit=501", "/api/search?q=a&offset=100001",
                    "/api/events?offset=-1"):
            assert_error(c.get(url), 422)
        assert c.get("/api/events?offset=100000").status_code == 200


def test_writes_through_a_real_server(db):
    with live_server(create_app(db, Settings(api_token=TOKEN))) as base:
        with httpx.Client(base_url=base, timeout=30) as http:
            assert http.post("/api/sources", json=FEED).status_code == 401
            created = http.post("/api/sources", json=FEED, headers=AUTH)
            assert created.status_code == 201
            assert http.get("/api/sources").json()[0]["url"] == FEED["url"]
            assert http.delete(f"/api/sources/{created.json()['id']}", headers=AUTH).status_code == 204
            assert http.get("/api/sources").json() == []


def test_generated_writes_with_the_token_never_crash(db):
    """Schemathesis builds bodies and ids for the source operations, sent with the right token: no
    5xx, every 4xx has the error shape, and the store holds exactly what the API listed."""
    app = create_app(db, Settings(api_token=TOKEN))
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    operations = [r.ok() for r in schema.get_all_operations() if r.ok().path.startswith("/api/sources")]
    assert {op.method.upper() for op in operations} == {"GET", "POST", "DELETE"}
    for operation in operations:
        @given(case=operation.as_strategy())
        @settings(max_examples=25, deadline=None, database=None, suppress_health_check=list(HealthCheck))
        def check(case):
            response = case.call(headers=AUTH)
            assert response.status_code < 500, (case.path, case.body, response.text[:300])
            if response.status_code >= 400:
                assert set(response.json()["error"]) == {"status", "code", "message"}

        check()
    with TestClient(app) as c, Store(db, create=False) as store:
        assert [s["url"] for s in c.get("/api/sources").json()] == [s["url"] for s in store.sources()]
