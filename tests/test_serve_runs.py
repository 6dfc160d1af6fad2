"""``/api/runs`` against a real feed server on 127.0.0.1: the token, a pass in the background that
takes new items into the store, one pass at a time (409), the report, and runs left by killed
processes showing as interrupted."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from serve_support import live_server

from newsdesk.config import FetchSettings, Settings
from newsdesk.serve import create_app
from newsdesk.store import Store
from webserver import LocalServer, Route

TOKEN = "runs-token-for-tests"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
SITE = Path(__file__).parent / "data" / "web" / "site"
PAGES = {"/news/alibaba-layoffs": "alibaba-layoffs.html", "/news/nvidia-nemotron": "nvidia-nemotron.html",
         "/news/alibaba-yuanjing-cuts": "alibaba-yuanjing-cuts.html"}
FETCH = FetchSettings(allow_private=True, per_host_delay=0, backoff=0.01, robots=False)


class Feed:
    """An RSS feed at ``path`` on the local server, listing pages the test publishes."""

    def __init__(self, server: LocalServer, path: str = "/feed.xml") -> None:
        self.server, self.path, self.items = server, path, []
        for page, name in PAGES.items():
            server.routes.setdefault(page, Route((SITE / name).read_bytes()))

    def publish(self, *pages: str) -> None:
        self.items.extend(pages)
        items = "".join(f"<item><title>{p}</title><link>{self.server.url(p)}</link></item>" for p in self.items)
        body = f'<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>{items}</channel></rss>'
        self.server.routes[self.path] = Route(body.encode(), content_type="application/rss+xml")

    @property
    def url(self) -> str:
        return self.server.url(self.path)


@pytest.fixture()
def server():
    with LocalServer() as local:
        yield local


@pytest.fixture()
def db(tmp_path):
    path = str(tmp_path / "runs.db")
    Store(path).close()
    return path


def app_for(db: str, token: str | None = TOKEN):
    return create_app(db, Settings(api_token=token, fetch=FETCH))


def add_source(db: str, url: str) -> int:
    with Store(db, create=False) as store:
        return store.add_source(url, "feed", 900.0)


def stored_urls(db: str) -> set[str]:
    with Store(db, create=False) as store:
        return {a.url for a in store.articles()}


def wait_for(http, run_id: int, timeout: float = 180.0) -> dict:
    """Poll ``GET /api/runs/ID`` until the run is no longer running."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        run = http.get(f"/api/runs/{run_id}").json()
        if run["status"] != "running":
            return run
        time.sleep(0.2)
    raise AssertionError(f"run {run_id} still running after {timeout:.0f} s")


def assert_error(response: httpx.Response, status: int, code: str) -> dict:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"status", "code", "message"}
    assert body["error"]["status"] == status and body["error"]["code"] == code and body["error"]["message"]
    return body["error"]


def test_runs_need_the_token_and_fetch_nothing_without_it(db, server):
    feed = Feed(server)
    feed.publish("/news/alibaba-layoffs")
    add_source(db, feed.url)
    with TestClient(app_for(db, token=None), raise_server_exceptions=False) as c:
        error = assert_error(c.post("/api/runs", json={}, headers=AUTH), 403, "forbidden")
        assert "api_token" in error["message"]
    with TestClient(app_for(db), raise_server_exceptions=False) as c:
        for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": TOKEN}):
            response = c.post("/api/runs", json={}, headers=headers)
            assert_error(response, 401, "unauthorized")
            assert response.headers["www-authenticate"] == "Bearer"
        assert c.get("/api/runs").json() == {"runs": []}
    assert sum(server.hits.values()) == 0  # nothing was fetched
    assert stored_urls(db) == set()


def test_a_run_takes_new_items_into_the_store_and_reports(db, server):
    feed = Feed(server)
    feed.publish("/news/alibaba-layoffs", "/news/nvidia-nemotron", "/news/missing")
    add_source(db, feed.url)
    with live_server(app_for(db)) as base, httpx.Client(base_url=base, timeout=60) as http:
        response = http.post("/api/runs", headers=AUTH)  # no body: every watched source
        assert response.status_code == 202, response.text
        started = response.json()
        assert response.headers["location"] == f"/api/runs/{started['id']}"
        assert started["inputs"] == [feed.url] and started["status"] in ("running", "finished")
        run = wait_for(http, started["id"])
        assert run["status"] == "finished", run
        assert run["finished_at"] >= run["started_at"] and run["error"] is None
        assert run["counts"]["sources polled"] == 1 and run["counts"]["new items"] == 3
        assert run["rejects"] == {"http-404": 1}
        assert stored_urls(db) == {server.url("/news/alibaba-layoffs"), server.url("/news/nvidia-nemotron")}

        feed.publish("/news/alibaba-yuanjing-cuts")  # a new item: the next run takes only that one
        again = http.post("/api/runs", json={}, headers=AUTH)
        assert again.status_code == 202, again.text
        second = wait_for(http, again.json()["id"])
        assert second["status"] == "finished" and second["counts"]["new items"] == 1
        assert second["counts"]["items already stored"] == 3  # the 404 too: not worth retrying
        assert server.url("/news/alibaba-yuanjing-cuts") in stored_urls(db)

        listed = http.get("/api/runs", params={"limit": 100}).json()["runs"]
        assert [r["id"] for r in listed] == sorted((r["id"] for r in listed), reverse=True)  # newest first
        assert {started["id"], second["id"]} <= {r["id"] for r in listed}
        assert all(r["status"] == "finished" for r in listed)  # the per-source pipeline runs too
        assert http.get(f"/api/runs/{second['id']}").json() == next(r for r in listed if r["id"] == second["id"])


def test_one_run_at_a_time(db, server):
    feed = Feed(server)
    feed.publish("/news/alibaba-layoffs", "/news/nvidia-nemotron")
    server.routes["/news/alibaba-layoffs"].delay = 1.5  # keep the first pass busy
    add_source(db, feed.url)
    with TestClient(app_for(db), raise_server_exceptions=False) as c:
        first = c.post("/api/runs", json={}, headers=AUTH)
        assert first.status_code == 202, first.text
        run_id = first.json()["id"]
        busy = c.post("/api/runs", json={}, headers=AUTH)
        error = assert_error(busy, 409, "conflict")
        assert f"run {run_id} is still running" in error["message"]
        assert busy.headers["location"] == f"/api/runs/{run_id}"
        assert c.get(f"/api/runs/{run_id}").json()["status"] == "running"
        assert wait_for(c, run_id)["status"] == "finished"
        after = c.post("/api/runs", json={}, headers=AUTH)
        assert after.status_code == 202 and after.json()["id"] > run_id
        assert wait_for(c, after.json()["id"])["counts"]["new items"] == 0
    assert server.hits["/news/alibaba-layoffs"] == 1  # the 409 started nothing


def test_one_source_by_id_and_nothing_else_from_the_client(db, server):
    one, other = Feed(server, "/one.xml"), Feed(server, "/other.xml")
    one.publish("/news/nvidia-nemotron")
    other.publish("/news/alibaba-layoffs")
    one_id, _ = add_source(db, one.url), add_source(db, other.url)
    with TestClient(app_for(db), raise_server_exceptions=False) as c:
        assert_error(c.post("/api/runs", json={"source_id": 999}, headers=AUTH), 404, "not-found")
        for body in ({"url": "http://127.0.0.1:1/x.xml"}, {"path": "/etc/passwd"}, {"source_id": "/etc"},
                     {"source_id": 0}):
            assert_error(c.post("/api/runs", json=body, headers=AUTH), 422, "invalid-parameter")
        response = c.post("/api/runs", json={"source_id": one_id}, headers=AUTH)
        assert response.status_code == 202, response.text
        run = wait_for(c, response.json()["id"])
        assert run["status"] == "finished" and run["inputs"] == [one.url]
        assert run["counts"]["sources polled"] == 1
    assert server.hits["/one.xml"] == 1 and server.hits["/other.xml"] == 0
    assert stored_urls(db) == {server.url("/news/nvidia-nemotron")}


def test_list_and_get_are_bounded_and_shaped(db):
    with TestClient(app_for(db), raise_server_exceptions=False) as c:
        assert_error(c.get("/api/runs/999"), 404, "not-found")
        for url in ("/api/runs?limit=101", "/api/runs?limit=0", "/api/runs?offset=100001", "/api/runs/0",
                    f"/api/runs/{2**62 + 1}"):
            assert_error(c.get(url), 422, "invalid-parameter")
        assert c.get("/api/runs?limit=100&offset=100000").json() == {"runs": []}
        assert "/api/runs" in c.get("/openapi.json").json()["paths"]


KILLED = """
import sys, time
from newsdesk.store import Store
store = Store(sys.argv[1], create=False)
print(store.start_run(["/srv/archives/killed-input.warc.gz"]), flush=True)
time.sleep(600)
"""


def test_a_run_of_a_killed_process_shows_as_interrupted(db):
    proc = subprocess.Popen([sys.executable, "-c", KILLED, db], stdout=subprocess.PIPE, text=True)
    try:
        killed_id = int(proc.stdout.readline())
        with TestClient(app_for(db)) as c:
            assert c.get(f"/api/runs/{killed_id}").json()["status"] == "running"  # its process lives
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait(timeout=30)
            run = c.get(f"/api/runs/{killed_id}").json()
            assert run["status"] == "interrupted" and run["finished_at"] is None
            # a local path is shown by its file name only: API readers do not learn the server's disks
            assert run["inputs"] == ["local: killed-input.warc.gz"] and run["counts"] == {}
            with Store(db, create=False) as store:  # a run of this (live) process is running
                live_id = store.start_run(["live"])
                store.finish_run(store.start_run(["done"]), {"counts": {"new items": 2}})
                store.fail_run(store.start_run(["broken"]), "StoreError: disk full")
            statuses = {r["inputs"][0]: r["status"] for r in c.get("/api/runs").json()["runs"]}
            assert statuses == {"local: killed-input.warc.gz": "interrupted", "local: live": "running",
                                "local: done": "finished", "local: broken": "failed"}
            assert c.get(f"/api/runs/{live_id}").json()["status"] == "running"
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def test_stopping_the_server_interrupts_a_pass_between_items(db, server):
    feed = Feed(server)
    feed.publish("/news/alibaba-layoffs", "/news/nvidia-nemotron", "/news/alibaba-yuanjing-cuts")
    for page in PAGES:
        server.routes[page].delay = 1.0
    add_source(db, feed.url)
    with TestClient(app_for(db), raise_server_exceptions=False) as c:
        run_id = c.post("/api/runs", json={}, headers=AUTH).json()["id"]
        deadline = time.monotonic() + 60
        while not server.hits["/news/alibaba-layoffs"] and time.monotonic() < deadline:
            time.sleep(0.05)
    # leaving the client ran the app's shutdown: the pass ended after its current item
    with Store(db, create=False) as store:
        run = store.run_record(run_id)
        assert run["status"] == "interrupted" and "server stopped" in run["error"]
        assert len(store.articles()) < 3
