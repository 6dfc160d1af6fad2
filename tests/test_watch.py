"""Watch mode against a feed served on 127.0.0.1: new items reach stories, restarts resume (304)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsdesk.cli.main import cli
from newsdesk.store import Store
from webserver import LocalServer, Route

SITE = Path(__file__).parent / "data" / "web" / "site"
ENV = {"NEWSDESK_FETCH__ALLOW_PRIVATE": "true", "NEWSDESK_FETCH__PER_HOST_DELAY": "0",
       "NEWSDESK_FETCH__BACKOFF": "0.01"}
PAGES = {"/news/alibaba-layoffs": "alibaba-layoffs.html", "/news/alibaba-yuanjing-cuts": "alibaba-yuanjing-cuts.html",
         "/news/nvidia-nemotron": "nvidia-nemotron.html"}


def invoke(*args: str):
    return CliRunner().invoke(cli, ["--quiet", *args], env=ENV, catch_exceptions=False)


class Feed:
    """An RSS feed on the local server whose items the test changes."""

    def __init__(self, server: LocalServer) -> None:
        self.server = server
        self.paths: list[str] = []
        for path, name in PAGES.items():
            server.routes[path] = Route((SITE / name).read_bytes())

    def publish(self, *paths: str) -> None:
        self.paths.extend(paths)
        items = "".join(f"<item><title>{p}</title><link>{self.server.url(p)}</link></item>" for p in self.paths)
        body = f'<?xml version="1.0"?><rss version="2.0"><channel><title>Local Wire</title>{items}</channel></rss>'
        self.server.routes["/feed.xml"] = Route(body.encode(), content_type="application/rss+xml",
                                                etag=f'"v{len(self.paths)}"')


@pytest.fixture
def feed():
    with LocalServer() as server:
        yield Feed(server)


def _watch_once(db: str) -> dict:
    result = invoke("watch", "--db", db, "--once", "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _story_of(db: str) -> dict[str, int | None]:
    with Store(db) as store:
        return {a.url.rsplit("/", 1)[-1]: next((s.id for s in store.stories() if a.id in {x.id for x in s.articles}), None)
                for a in store.articles()}


def test_watch_once_then_new_item_then_restart_with_304(feed, tmp_path):
    db = str(tmp_path / "watch.db")
    server = feed.server
    feed.publish("/news/alibaba-layoffs", "/news/nvidia-nemotron", "/news/missing")
    assert invoke("sources", "add", server.url("/feed.xml"), "--kind", "feed", "--db", db).exit_code == 0

    first = _watch_once(db)
    assert first["counts"]["new items"] == 3
    assert first["rejects"] == {"http-404": 1}
    stories = _story_of(db)
    assert set(stories) == {"alibaba-layoffs", "nvidia-nemotron"}
    assert all(story is not None for story in stories.values())

    feed.publish("/news/alibaba-yuanjing-cuts")  # a new item, a new ETag
    second = _watch_once(db)
    assert second["counts"]["new items"] == 1
    assert second["counts"]["items already stored"] == 3  # two articles, one permanent reject
    assert server.hits["/news/alibaba-layoffs"] == 1 and server.hits["/news/missing"] == 1
    stories = _story_of(db)
    assert stories["alibaba-yuanjing-cuts"] == stories["alibaba-layoffs"]  # joined the same story
    assert stories["nvidia-nemotron"] != stories["alibaba-layoffs"]

    feed_hits = server.hits["/feed.xml"]
    third = _watch_once(db)  # a restart: the stored ETag gives a 304, nothing is fetched again
    assert third["counts"]["sources not modified"] == 1 and "new items" not in third["counts"]
    assert server.hits["/feed.xml"] == feed_hits + 1
    assert dict(server.requests[-1][1])["if-none-match"] == '"v4"'
    assert sum(server.hits[p] for p in PAGES) == 3
    (row,) = json.loads(invoke("sources", "list", "--db", db, "--json").stdout)
    assert row["last_status"] == "not-modified" and row["items"] == 4 and row["failures"] == 0


def test_failing_source_backs_off_and_records_the_reason(feed, tmp_path):
    db = str(tmp_path / "watch.db")
    feed.server.routes["/feed.xml"] = Route(status=410)
    assert invoke("sources", "add", feed.server.url("/feed.xml"), "--kind", "feed", "--every", "60s",
                  "--db", db).exit_code == 0
    report = _watch_once(db)
    assert report["rejects"] == {"http-410": 1}
    (row,) = json.loads(invoke("sources", "list", "--db", db, "--json").stdout)
    assert row["last_status"] == "http-410" and row["failures"] == 1
    due_in = (Store(db).source(row["id"])["next_due"] - Store(db).source(row["id"])["last_fetch"]).total_seconds()
    assert due_in == pytest.approx(120, abs=1)  # every * 2**failures


def test_watch_without_sources_says_what_to_do(tmp_path):
    result = invoke("watch", "--db", str(tmp_path / "empty.db"), "--once")
    assert result.exit_code == 1 and "sources add" in result.output


def test_watch_loop_stops_cleanly_on_sigterm(feed, tmp_path):
    db = str(tmp_path / "loop.db")
    feed.publish("/news/nvidia-nemotron")
    assert invoke("sources", "add", feed.server.url("/feed.xml"), "--kind", "feed", "--every", "1s",
                  "--db", db).exit_code == 0
    env = {**os.environ, **ENV, "NEWSDESK_WATCH__TICK": "0.2", "NEWSDESK_CLUSTER__EMBEDDER": "none"}
    proc = subprocess.Popen([sys.executable, "-c", "from newsdesk.cli.main import main; main()", "--quiet", "watch", "--db", db, "--json"],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 120
        polls = 0
        while time.monotonic() < deadline and polls < 2 and proc.poll() is None:  # wait for the second poll (the 304)
            time.sleep(0.2)
            polls = feed.server.hits["/feed.xml"]
        assert polls >= 2, proc.stderr.read() if proc.poll() is not None else "watch did not poll twice"
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, err
    report = json.loads(out)
    assert report["counts"]["new items"] == 1 and report["counts"]["sources not modified"] >= 1
    with Store(db) as store:
        assert store.count("articles") == 1 and len(store.stories()) == 1


class StopAfterFirst:
    """A progress sink that sets the stop event when the first document starts (like a SIGTERM then)."""

    def __init__(self, stop) -> None:
        self.stop = stop

    def start(self, phase, total):
        pass

    def advance(self, phase, n=1):
        if phase == "documents":
            self.stop.set()

    def finish(self, phase):
        pass


def _settings():
    from newsdesk.config import load_settings
    return load_settings(fetch={"allow_private": True, "per_host_delay": 0.0, "workers": 1})


def test_stop_finishes_the_current_item_and_the_next_run_resumes(feed, tmp_path):
    import threading

    from newsdesk.pipeline.watch import Watcher

    feed.publish("/news/alibaba-layoffs", "/news/nvidia-nemotron", "/news/alibaba-yuanjing-cuts")
    with Store(str(tmp_path / "stop.db")) as store:
        source_id = store.add_source(feed.server.url("/feed.xml"), "feed", 60)
        stop = threading.Event()
        watcher = Watcher(store, _settings(), stop, progress=StopAfterFirst(stop))
        report = watcher.run(once=True)
        watcher.close()
        assert store.count("articles") == 1 and len(store.stories()) == 1  # stored and in a story
        assert report.counts["new items"] == 3  # selected, but the stop came after the first
        assert store.source(source_id)["etag"] is None  # incomplete poll: no validators kept

        watcher = Watcher(store, _settings())
        again = watcher.run(once=True)
        watcher.close()
        assert again.counts["items already stored"] == 1 and again.counts["new items"] == 2
        assert store.count("articles") == 3
        assert store.source(source_id)["etag"] == '"v3"'


def test_max_items_caps_a_pass_and_sitemaps_and_pages_are_watched(feed, tmp_path):
    server = feed.server
    index = (f'<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
             f'<sitemap><loc>{server.url("/sitemap-1.xml")}</loc></sitemap></sitemapindex>')
    child = ('<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
             + "".join(f"<url><loc>{server.url(p)}</loc></url>" for p in
                       ("/news/alibaba-layoffs", "/news/alibaba-yuanjing-cuts")) + "</urlset>")
    server.routes["/sitemap.xml"] = Route(index.encode(), content_type="application/xml")
    server.routes["/sitemap-1.xml"] = Route(child.encode(), content_type="application/xml")
    db = str(tmp_path / "sm.db")
    assert invoke("sources", "add", server.url("/sitemap.xml"), "--db", db).exit_code == 0  # auto: a sitemap
    assert invoke("sources", "add", server.url("/news/nvidia-nemotron"), "--kind", "page", "--db", db).exit_code == 0
    first = json.loads(invoke("watch", "--db", db, "--once", "--max-items", "1", "--json").stdout)
    assert first["counts"]["new items"] == 1
    second = _watch_once(db)
    assert second["counts"]["new items"] == 2  # the sitemap's second page and the page source
    stories = _story_of(db)
    assert set(stories) == {"alibaba-layoffs", "alibaba-yuanjing-cuts", "nvidia-nemotron"}
    rows = json.loads(invoke("sources", "list", "--db", db, "--json").stdout)
    kinds = {r["url"].rsplit("/", 1)[-1]: r["kind"] for r in rows}
    assert kinds == {"sitemap.xml": "sitemap", "nvidia-nemotron": "page"}
