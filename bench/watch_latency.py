"""Watch-mode latency: from an item appearing in a local feed to its story's briefing.

    .venv/bin/python bench/watch_latency.py               # 15 measured items, poll every 1 s
    .venv/bin/python bench/watch_latency.py --quick       # 5 items
    .venv/bin/python bench/watch_latency.py --every 0.5 --items 30

A feed is served on 127.0.0.1 (http.server in a thread) with the bundled sample's HTML pages
as its items. ``newsdesk watch`` (a :class:`~newsdesk.pipeline.watch.Watcher` in a thread,
loop mode) polls it every ``--every`` seconds into a fresh SQLite file. After a few warm-up
items (models loaded, caches filled), items are published one at a time, each at a random
moment of the poll cycle; for each, the script waits until the article is stored in a story,
then builds that story's briefing with ``newsdesk.brief.build_briefing`` (through
``Briefer``), and records

- wait: publish -> the watcher's feed request (bounded by the poll interval),
- fetch+process: feed request -> article stored in a story,
- brief: building the briefing,
- total: publish -> briefing ready.

The reference, measured in the same run on the same pages: the same page bytes processed
directly with ``run_documents`` into another fresh database (no polling, no HTTP), then
briefed: the floor that watch mode adds its polling and fetching to.
Results: a table on stdout and JSON under out/bench/watch_latency.json.
"""

from __future__ import annotations

import argparse
import http.server
import json
import logging
import random
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from newsdesk.config import Settings, load_settings
from newsdesk.pipeline.briefs import Briefer
from newsdesk.pipeline.demo import sample_path
from newsdesk.pipeline.runner import Pipeline, run_documents
from newsdesk.pipeline.watch import Watcher
from newsdesk.records import RawDocument, SourceInfo
from newsdesk.store import Store

DEFAULT_JSON = Path("out/bench/watch_latency.json")


class FeedServer:
    """A feed whose items are published by the benchmark; remembers when each path was requested."""

    def __init__(self, pages: list[Path]) -> None:
        self.pages = {f"/p/{i}.html": p.read_bytes() for i, p in enumerate(pages)}
        self.items: list[str] = []
        self.requested: dict[str, list[float]] = {}
        self.lock = threading.Lock()
        bench = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:  # noqa: N802
                with bench.lock:
                    bench.requested.setdefault(self.path, []).append(time.perf_counter())
                body, kind = bench.body(self.path)
                self.send_response(200 if body is not None else 404)
                self.send_header("Content-Type", kind)
                body = body or b""
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def body(self, path: str) -> tuple[bytes | None, str]:
        if path == "/feed.xml":
            with self.lock:
                items = "".join(f"<item><title>{p}</title><link>{self.base}{p}</link></item>" for p in self.items)
            return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>bench</title>{items}'
                    "</channel></rss>").encode(), "application/rss+xml"
        return self.pages.get(path), "text/html; charset=utf-8"

    def publish(self, path: str) -> float:
        with self.lock:
            self.items.append(path)
            return time.perf_counter()

    def first_request_after(self, path: str, moment: float) -> float | None:
        with self.lock:
            return next((t for t in self.requested.get(path, []) if t >= moment), None)

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def _story_of(store: Store, url: str) -> int | None:
    return store.document_stories().get(url)


def _wait_for_story(store: Store, url: str, timeout: float) -> tuple[int | None, float]:
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        story = _story_of(store, url)
        if story is not None:
            return story, time.perf_counter()
        time.sleep(0.02)
    return None, time.perf_counter()


def measure_watch(server: FeedServer, paths: list[str], warmup: int, settings: Settings, every: float,
                  db: Path, timeout: float) -> list[dict[str, Any]]:
    store = Store(str(db))
    store.add_source(f"{server.base}/feed.xml", "feed", every, "bench")
    stop = threading.Event()
    watcher = Watcher(store, settings, stop)
    thread = threading.Thread(target=watcher.run, daemon=True)
    thread.start()
    briefer = Briefer(store, settings)
    rows = []
    jitter = random.Random(7)
    try:
        for n, path in enumerate(paths):
            time.sleep(jitter.uniform(0, every))  # items appear at any moment of the poll cycle
            published = server.publish(path)
            story, stored = _wait_for_story(store, server.base + path, timeout)
            if story is None:
                rows.append({"item": path, "error": "not in a story within timeout"})
                continue
            briefing = briefer.brief(story, "en")
            done = time.perf_counter()
            polled = server.first_request_after("/feed.xml", published) or stored
            if n < warmup:
                continue
            rows.append({"item": path, "story": story, "wait_s": polled - published, "process_s": stored - polled,
                         "brief_s": done - stored, "total_s": done - published,
                         "sentences": len(briefing.sentences)})
    finally:
        stop.set()
        thread.join(timeout=60)
        watcher.close()
        store.close()
    return rows


def measure_reference(pages: dict[str, bytes], base: str, paths: list[str], warmup: int, settings: Settings,
                      db: Path) -> list[dict[str, Any]]:
    store = Store(str(db))
    pipeline = Pipeline(settings)
    briefer = Briefer(store, settings)
    rows = []
    for n, path in enumerate(paths):
        url = base + path
        doc = RawDocument(url=url, content=pages[path], media_type="html", source=SourceInfo("web", url))
        start = time.perf_counter()
        run_documents([doc], store, settings, pipeline=pipeline)
        story = _story_of(store, url)
        stored = time.perf_counter()
        if story is not None:
            briefer.brief(story, "en")
        done = time.perf_counter()
        if n >= warmup:
            rows.append({"item": path, "process_s": stored - start, "brief_s": done - stored, "total_s": done - start})
    store.close()
    return rows


def summary(rows: list[dict[str, Any]], key: str) -> dict[str, float]:
    values = sorted(r[key] for r in rows if key in r)
    if not values:
        return {}
    p90 = values[min(len(values) - 1, int(round(0.9 * (len(values) - 1))))]
    return {"median": statistics.median(values), "p90": p90, "max": values[-1], "mean": statistics.fmean(values)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, default=15, help="measured items (after the warm-up)")
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--every", type=float, default=1.0, help="poll interval of the feed (seconds)")
    parser.add_argument("--timeout", type=float, default=120.0, help="give up on an item after this long")
    parser.add_argument("--quick", action="store_true", help="5 measured items")
    parser.add_argument("--json", type=Path, default=DEFAULT_JSON)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.ERROR)
    items = 5 if args.quick else args.items
    pages = sorted((sample_path() / "pages").rglob("*.html"))[: args.warmup + items]
    if len(pages) < args.warmup + items:
        parser.error(f"the sample has only {len(pages)} pages")
    settings = load_settings(fetch={"allow_private": True, "per_host_delay": 0.0},
                             watch={"tick": min(0.1, args.every)}, progress=False)
    server = FeedServer(pages)
    paths = list(server.pages)
    with tempfile.TemporaryDirectory() as tmp:
        watch_rows = measure_watch(server, paths, args.warmup, settings, args.every, Path(tmp) / "watch.db",
                                   args.timeout)
        reference = measure_reference(server.pages, server.base, paths, args.warmup, settings, Path(tmp) / "ref.db")
    server.close()
    result = {
        "items": items, "warmup": args.warmup, "poll_every_s": args.every, "embedder": settings.cluster.embedder,
        "watch": {k: summary(watch_rows, k) for k in ("wait_s", "process_s", "brief_s", "total_s")},
        "reference": {k: summary(reference, k) for k in ("process_s", "brief_s", "total_s")},
        "errors": [r for r in watch_rows if "error" in r],
        "rows": watch_rows, "reference_rows": reference,
    }
    print_table(result)
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(result, indent=2), encoding="utf-8")
    print(f"\nJSON: {args.json}")
    return 1 if result["errors"] else 0


def print_table(result: dict[str, Any]) -> None:
    print(f"watch latency: {result['items']} items after {result['warmup']} warm-up, feed polled every "
          f"{result['poll_every_s']:g} s, embedder {result['embedder']}\n")
    print(f"{'':<34}{'median':>9}{'p90':>9}{'max':>9}")
    labels = [("watch", "wait_s", "publish -> feed polled"), ("watch", "process_s", "polled -> in a story"),
              ("watch", "brief_s", "briefing built"), ("watch", "total_s", "publish -> briefing (total)"),
              ("reference", "process_s", "reference: process directly"), ("reference", "brief_s", "reference: briefing"),
              ("reference", "total_s", "reference: total")]
    for part, key, label in labels:
        s = result[part].get(key)
        if s:
            print(f"{label:<34}{s['median']:>8.3f}s{s['p90']:>8.3f}s{s['max']:>8.3f}s")
    if result["errors"]:
        print(f"\n{len(result['errors'])} items did not reach a story")


if __name__ == "__main__":
    sys.exit(main())
