"""Load test of `newsdesk serve` with readers and writers at once, on 127.0.0.1.

1. The bundled sample goes through the pipeline into a temporary database (or ``--source-db`` is
   copied there; the copy is what the test writes into).
2. `newsdesk serve` runs in its own process with an ``api_token`` (NEWSDESK_API_TOKEN).
3. Phase "readers alone" (the reference, measured in the same run): ``--readers`` threads read the
   front page, story pages, search and the events table (HTML and JSON) for ``--seconds``.
4. Phase "readers + writers": the same readers, plus ``--writers`` threads that add and delete
   sources through the API with the token, plus `newsdesk run` subprocesses that take new
   articles (the sample's JSONL under new URLs) into the same SQLite file, one after the other.

5. Phase "readers + watch": the same readers, while a `newsdesk watch` process polls a feed on a
   local site (127.0.0.1) that gains an item every ``--item-every`` seconds (pages made like the
   writer phase's articles, served under new URLs by the same site), and ``--writers`` threads
   POST /api/runs with the token for a second feed of that site (one pass at a time: 202, or 409
   while one runs). Afterwards every published item must reach the store (watched until
   ``--drain`` seconds pass), the watch must still run and exit cleanly on SIGTERM, and every
   pass started through the API must end ``finished``.

Errors (must be 0): any 5xx, a transport error, an unexpected status, a response or a server or
watch log line saying "database is locked" or showing a traceback, a `newsdesk run` that fails, a
watch process that dies or exits uncleanly, an API pass that fails, and a feed item that does not
reach the store. Prints a table with p50/p95 per request kind in each phase and writes
``out/bench/serve_load.json``.

    .venv/bin/python bench/serve_load.py            # 3 phases of 30 s (about 2.5 minutes in all)
    .venv/bin/python bench/serve_load.py --quick    # a few seconds, for the test suite
"""

from __future__ import annotations

import argparse
import html
import json
import os
import random
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

import httpx


sys.path.insert(0, str(Path(__file__).resolve().parent))  # bench/ helpers, also when imported by path
from _server import FeedSite, wait_until_serving  # noqa: E402
from newsdesk.pipeline.demo import sample_path
from newsdesk.store import Store

ROOT = Path(__file__).resolve().parents[1]
NEWSDESK = str(Path(sys.executable).parent / "newsdesk")
TOKEN = "load-test-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
# the server (API passes) and the watch process fetch from the local site: private addresses allowed
FETCH_ENV = {"NEWSDESK_FETCH__ALLOW_PRIVATE": "true", "NEWSDESK_FETCH__PER_HOST_DELAY": "0",
             "NEWSDESK_FETCH__ROBOTS": "false", "NEWSDESK_FETCH__BACKOFF": "0.1", "NEWSDESK_WATCH__TICK": "0.5"}
LOG_ERRORS = ("database is locked", "Traceback")
WORDS = ["Kontora", "Halvion", "chip", "Milliarden", "banca", "AI", "investment", "Stellantis"]


def build_db(workdir: Path, source_db: str | None) -> str:
    db = workdir / "load.db"
    for suffix in ("", "-wal", "-shm"):
        Path(str(db) + suffix).unlink(missing_ok=True)
    if source_db:  # a consistent copy (WAL included) through SQLite's backup API
        with sqlite3.connect(source_db) as src, sqlite3.connect(db) as dst:
            src.backup(dst)
        src.close()
        dst.close()
    else:
        cmd = [NEWSDESK, "--quiet", "run", "--input", str(sample_path()), "--db", str(db)]
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    return str(db)


def start_server(db: str, port: int, log: Path) -> subprocess.Popen:
    env = {**os.environ, **FETCH_ENV, "NEWSDESK_API_TOKEN": TOKEN}
    cmd = [NEWSDESK, "serve", "--db", db, "--port", str(port)]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=log.open("wb"), env=env)
    wait_until_serving(proc, port, lambda: log.read_text(errors="replace"))
    return proc


def reader_urls(db: str) -> dict[str, list[str]]:
    with Store(db, create=False) as store:
        top = [s["id"] for s in store.ranked_stories(limit=20)]
    return {
        "static file (reference)": ["/static/style.css"],
        "front page": ["/", "/api/stories"],
        "story": [f"/story/{i}?lang=en" for i in top] + [f"/api/stories/{i}?lang=de" for i in top],
        "search": [f"/search?q={w}" for w in WORDS] + [f"/api/search?q={w}" for w in WORDS],
        "events": ["/events", "/api/events?sort=amount", "/api/events?type=investment", "/events.csv"],
    }


class Tally:
    """Latencies and errors per request kind, shared by the threads."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.times: dict[str, list[float]] = defaultdict(list)
        self.errors: dict[str, int] = defaultdict(int)
        self.examples: list[str] = []

    def add(self, kind: str, ms: float, error: str | None = None) -> None:
        with self.lock:
            self.times[kind].append(ms)
            if error:
                self.errors[kind] += 1
                if len(self.examples) < 10:
                    self.examples.append(f"{kind}: {error}")

    def rows(self) -> dict[str, Any]:
        out = {}
        for kind, times in self.times.items():
            ordered = sorted(times)
            out[kind] = {"requests": len(ordered), "errors": self.errors[kind],
                         "p50_ms": round(statistics.median(ordered), 1),
                         "p95_ms": round(ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))], 1)}
        return out


def _check(response: httpx.Response, expected: int | tuple[int, ...]) -> str | None:
    if response.status_code not in (expected if isinstance(expected, tuple) else (expected,)):
        return f"{response.request.method} {response.request.url.path} -> {response.status_code} {response.text[:200]}"
    if response.headers.get("content-type", "").startswith(("application/json", "text/")):
        if "database is locked" in response.text:
            return f"{response.request.url.path}: database is locked"
    return None


def timed(tally: Tally, kind: str, call: Any, expected: int | tuple[int, ...]) -> httpx.Response | None:
    started = time.perf_counter()
    try:
        response = call()
    except httpx.HTTPError as exc:
        tally.add(kind, (time.perf_counter() - started) * 1000, f"{type(exc).__name__}: {exc}")
        return None
    tally.add(kind, (time.perf_counter() - started) * 1000, _check(response, expected))
    return response


def reader(base: str, urls: dict[str, list[str]], tally: Tally, stop: threading.Event, seed: int) -> None:
    rng = random.Random(seed)
    kinds = list(urls)
    with httpx.Client(base_url=base, timeout=60) as http:
        while not stop.is_set():
            kind = rng.choice(kinds)
            url = rng.choice(urls[kind])
            timed(tally, kind, lambda: http.get(url), 200)


def writer(base: str, tally: Tally, stop: threading.Event, seed: int) -> None:
    with httpx.Client(base_url=base, timeout=60, headers=AUTH) as http:
        n = 0
        while not stop.is_set():
            n += 1
            body = {"url": f"https://load-{seed}-{n}.example.org/feed.xml", "kind": "auto", "every": "1h"}
            added = timed(tally, "add source (POST)", lambda: http.post("/api/sources", json=body), 201)
            timed(tally, "list sources", lambda: http.get("/api/sources"), 200)
            if added is not None and added.status_code == 201:
                sid = added.json()["id"]
                timed(tally, "delete source (DELETE)", lambda: http.delete(f"/api/sources/{sid}"), 204)


def mixed_articles(db: str, n: int, seed: int) -> list[dict[str, Any]]:
    """``n`` new articles, each made of paragraphs of three stored articles in one language (so the
    near-duplicate check lets them in and the run really writes articles, mentions and stories)."""
    from sqlalchemy import select

    from newsdesk.store.schema import articles

    rng = random.Random(seed)
    with Store(db, create=False) as store, store.engine.connect() as conn:
        rows = [dict(r._mapping) for r in conn.execute(
            select(articles.c.url, articles.c.title, articles.c.text, articles.c.language))]
    by_language: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        by_language[row["language"]].append(row)
    out = []
    for i in range(n):
        group = rng.choice([g for g in by_language.values() if len(g) >= 3])
        parts = rng.sample(group, 3)
        paragraphs = [p for part in parts for p in part["text"].split("\n\n") if p.strip()]
        rng.shuffle(paragraphs)
        out.append({"url": f"{parts[0]['url']}?load={seed}-{i}", "title": f"{parts[0]['title']} ({seed}-{i})",
                    "text": "\n\n".join(paragraphs[:8])})
    return out


def pipeline_writer(db: str, workdir: Path, tally: Tally, stop: threading.Event, max_runs: int) -> None:
    """`newsdesk run` again and again on new articles (mixed from stored ones) into the served db."""
    rounds = 0
    while rounds < max_runs and (rounds == 0 or not stop.is_set()):
        rounds += 1
        batch = workdir / f"batch-{rounds}.jsonl"
        with batch.open("w", encoding="utf-8") as out:
            for item in mixed_articles(db, 6, rounds):
                out.write(json.dumps(item, ensure_ascii=False) + "\n")
        started = time.perf_counter()
        done = subprocess.run([NEWSDESK, "--quiet", "run", "--input", str(batch), "--db", db, "--json"],
                              capture_output=True, text=True)
        error = None
        if done.returncode != 0 or "database is locked" in done.stdout + done.stderr:
            error = f"newsdesk run exited {done.returncode}: {(done.stderr or done.stdout)[-300:]}"
        tally.add("newsdesk run (pipeline write)", (time.perf_counter() - started) * 1000, error)


def phase(base: str, db: str, workdir: Path, urls: dict[str, list[str]], args: argparse.Namespace,
          writers: bool) -> tuple[Tally, float]:
    tally, stop = Tally(), threading.Event()
    threads = [threading.Thread(target=reader, args=(base, urls, tally, stop, i)) for i in range(args.readers)]
    if writers:
        threads += [threading.Thread(target=writer, args=(base, tally, stop, i)) for i in range(args.writers)]
        threads.append(threading.Thread(target=pipeline_writer, args=(db, workdir, tally, stop, args.max_runs)))
    return tally, run_for(threads, stop, args.seconds)


def run_for(threads: list[threading.Thread], stop: threading.Event, seconds: float) -> float:
    """Start ``threads``, let them work ``seconds``, stop and join them; returns the wall time."""
    started = time.perf_counter()
    for t in threads:
        t.start()
    time.sleep(seconds)
    stop.set()
    for t in threads:
        t.join(timeout=300)
    return time.perf_counter() - started


def article_page(item: dict[str, Any]) -> bytes:
    """A plain article page for a mixed article (no canonical link: its own URL is its address)."""
    title = html.escape(item["title"])
    body = "".join(f"<p>{html.escape(p)}</p>" for p in item["text"].split("\n\n"))
    return (f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}</title></head>'
            f"<body><article><h1>{title}</h1>{body}</article></body></html>").encode("utf-8")


class WatchPhase:
    """The local site with two feeds, the sources that follow them, and the `newsdesk watch` process.

    ``/watch.xml`` is polled by the watch process (every second); ``/api.xml`` only by the passes
    that POST /api/runs starts (it is due again after 30 days, so the watch polls it once, empty,
    when it starts). Each feed's items are read by one writer only, so two processes never take
    in the same page at once."""

    def __init__(self, db: str, workdir: Path, args: argparse.Namespace) -> None:
        self.db, self.args, self.site = db, args, FeedSite()
        count = int(args.seconds / args.item_every) + 1
        self.articles = mixed_articles(db, 2 * count, 1000)  # seeds unlike the writer phase's
        self.published: list[str] = []
        with Store(db, create=False) as store:
            self.watch_source = store.add_source(self.site.feed("/watch.xml"), "feed", 1.0)
            self.api_source = store.add_source(self.site.feed("/api.xml"), "feed", 30 * 86400.0)
        self.log = workdir / "watch.log"
        env = {**os.environ, **FETCH_ENV}
        self.proc = subprocess.Popen([NEWSDESK, "--quiet", "watch", "--db", db], stdout=subprocess.DEVNULL,
                                     stderr=self.log.open("wb"), env=env)
        self.errors: list[str] = []

    def wait_first_pass(self, timeout: float = 180.0) -> None:
        """Until the watch has polled both (empty) feeds once: its models are loaded."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and self.proc.poll() is None:
            with Store(self.db, create=False) as store:
                if all(s["last_fetch"] is not None for s in store.sources()
                       if s["id"] in (self.watch_source, self.api_source)):
                    return
            time.sleep(0.2)
        raise RuntimeError(f"newsdesk watch did not poll its sources (exit {self.proc.poll()}): "
                           f"{self.log.read_text(errors='replace')[-2000:]}")

    def publisher(self, stop: threading.Event) -> None:
        """One new item every ``--item-every`` seconds, to the two feeds in turn."""
        for n, item in enumerate(self.articles):
            if stop.wait(self.args.item_every):
                return
            feed = "/watch.xml" if n % 2 == 0 else "/api.xml"
            self.published.append(self.site.publish(feed, f"{feed[:-4]}/{n}.html", item["title"], article_page(item)))

    def run_trigger(self, base: str, tally: Tally, stop: threading.Event, started: list[int]) -> None:
        """POST /api/runs for the API feed (202, or 409 while a pass runs) and read the run list."""
        body = {"source_id": self.api_source}
        with httpx.Client(base_url=base, timeout=60, headers=AUTH) as http:
            while not stop.is_set():
                answer = timed(tally, "start run (POST /api/runs)", lambda: http.post("/api/runs", json=body), (202, 409))
                if answer is not None and answer.status_code == 202:
                    started.append(answer.json()["id"])
                timed(tally, "runs (GET /api/runs)", lambda: http.get("/api/runs", params={"limit": 20}), 200)
                stop.wait(0.5)

    def drain(self, base: str, started: list[int]) -> dict[str, Any]:
        """Let the last items in (a last API pass for the API feed), then check what reached the store."""
        deadline = time.monotonic() + self.args.drain
        with httpx.Client(base_url=base, timeout=60, headers=AUTH) as http:
            missing = self._missing()
            while missing and time.monotonic() < deadline:
                answer = http.post("/api/runs", json={"source_id": self.api_source})
                if answer.status_code == 202:
                    started.append(answer.json()["id"])
                time.sleep(1.0)
                missing = self._missing()
            runs = self._runs(http, started, deadline)
        if self.proc.poll() is not None:
            self.errors.append(f"newsdesk watch died (exit {self.proc.returncode})")
        else:
            self.proc.send_signal(signal.SIGTERM)
            if self.proc.wait(timeout=120) != 0:
                self.errors.append(f"newsdesk watch exited {self.proc.returncode} on SIGTERM")
        log = self.log.read_text(encoding="utf-8", errors="replace")
        self.errors += [f"watch log: {line[:200]}" for line in log.splitlines() if any(e in line for e in LOG_ERRORS)]
        self.errors += [f"API pass {i} ended {status}" for i, status in runs.items() if status != "finished"]
        if missing:
            self.errors.append(f"{len(missing)} feed items not in the store after {self.args.drain:.0f} s: {missing[:3]}")
        with Store(self.db, create=False) as store:
            for source in (self.watch_source, self.api_source):
                store.remove_source(source)
        self.site.close()
        return {"items_published": len(self.published), "items_in_store": len(self.published) - len(missing),
                "api_passes": len(runs), "api_passes_finished": sum(s == "finished" for s in runs.values()),
                "errors": len(self.errors)}

    def _missing(self) -> list[str]:
        with Store(self.db, create=False) as store:
            known = store.known_urls(self.published)
        return [url for url in self.published if url not in known]

    def _runs(self, http: httpx.Client, started: list[int], deadline: float) -> dict[int, str]:
        """The final status of every pass started through the API (waiting for a running one)."""
        statuses = {}
        for run_id in started:
            status = "running"
            while status == "running" and time.monotonic() < deadline + 60:
                status = http.get(f"/api/runs/{run_id}").json()["status"]
                if status == "running":
                    time.sleep(0.3)
            statuses[run_id] = status
        return statuses

    def stop(self) -> None:
        """Cleanup after a failure: no process or server left behind."""
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()


def watch_phase(base: str, db: str, workdir: Path, urls: dict[str, list[str]],
                args: argparse.Namespace) -> tuple[Tally, float, dict[str, Any], list[str]]:
    """Readers, `newsdesk watch` on a growing feed and API writers starting passes, at once."""
    watch = WatchPhase(db, workdir, args)
    try:
        watch.wait_first_pass()
        tally, stop, started = Tally(), threading.Event(), []
        threads = [threading.Thread(target=reader, args=(base, urls, tally, stop, 100 + i)) for i in range(args.readers)]
        threads += [threading.Thread(target=watch.run_trigger, args=(base, tally, stop, started))
                    for _ in range(args.writers)]
        threads.append(threading.Thread(target=watch.publisher, args=(stop,)))
        wall = run_for(threads, stop, args.seconds)
        return tally, wall, watch.drain(base, started), watch.errors
    finally:
        watch.stop()


def run(args: argparse.Namespace) -> dict[str, Any]:
    workdir = Path(args.workdir or tempfile.mkdtemp(prefix="serve-load-"))
    workdir.mkdir(parents=True, exist_ok=True)
    db = build_db(workdir, args.source_db)
    with Store(db, create=False) as store:
        before = {"articles": store.count("articles"), "stories": store.count("stories")}
    log = workdir / "server.log"
    server = start_server(db, args.port, log)
    base = f"http://127.0.0.1:{args.port}"
    try:
        urls = reader_urls(db)
        for group in urls.values():  # warm-up: one request per URL (briefings built, caches filled)
            for url in group:
                httpx.get(base + url, timeout=120)
        alone, alone_s = phase(base, db, workdir, urls, args, writers=False)
        loaded, loaded_s = phase(base, db, workdir, urls, args, writers=True)
        watched, watched_s, watch_counts, watch_errors = watch_phase(base, db, workdir, urls, args)
    finally:
        server.terminate()
        server.wait(timeout=30)
    server_log = log.read_text(encoding="utf-8", errors="replace")
    locked_in_log = server_log.count("database is locked")
    with Store(db, create=False) as store:
        after = {"articles": store.count("articles"), "stories": store.count("stories"),
                 "sources": len(store.sources())}
    rows = {"readers_alone": alone.rows(), "readers_and_writers": loaded.rows(), "readers_and_watch": watched.rows()}
    errors = (sum(r["errors"] for kinds in rows.values() for r in kinds.values())
              + locked_in_log + server_log.count("Traceback") + len(watch_errors))
    return {"readers": args.readers, "writers": args.writers, "seconds_per_phase": args.seconds,
            "item_every_s": args.item_every, "cpus": os.cpu_count(), "errors": errors,
            "locked_in_server_log": locked_in_log,
            "error_examples": alone.examples + loaded.examples + watched.examples + watch_errors,
            "db_before": before, "db_after": after, "watch": watch_counts,
            "readers_alone": {"wall_s": round(alone_s, 1), "kinds": rows["readers_alone"]},
            "readers_and_writers": {"wall_s": round(loaded_s, 1), "kinds": rows["readers_and_writers"]},
            "readers_and_watch": {"wall_s": round(watched_s, 1), "kinds": rows["readers_and_watch"]}}


PHASES = ("readers_alone", "readers_and_writers", "readers_and_watch")


def table(report: dict[str, Any]) -> str:
    phases = [report[name]["kinds"] for name in PHASES]
    watch = report["watch"]
    lines = [f"serve load: {report['readers']} readers; {report['writers']} API writers + newsdesk run; "
             f"newsdesk watch + {report['writers']} API run starters; {report['seconds_per_phase']} s per phase; "
             f"articles {report['db_before']['articles']} -> {report['db_after']['articles']}",
             f"feed items: {watch['items_published']} published, {watch['items_in_store']} reached the store; "
             f"API passes: {watch['api_passes']} started, {watch['api_passes_finished']} finished",
             f"{'request kind':32} {'alone p50':>9} {'p95':>8} {'+writers p50':>12} {'p95':>8} "
             f"{'+watch p50':>10} {'p95':>8} {'requests':>8} {'errors':>6}"]
    kinds = list(dict.fromkeys(k for rows in phases for k in rows))
    for kind in kinds:
        cells, count, errs = [], 0, 0
        for rows, width in zip(phases, (9, 12, 10)):
            row = rows.get(kind)
            cells.append(f"{row['p50_ms']:{width}.1f} {row['p95_ms']:8.1f}" if row else f"{'-':>{width}} {'-':>8}")
            count += row["requests"] if row else 0
            errs += row["errors"] if row else 0
        lines.append(f"{kind:32} {' '.join(cells)} {count:8d} {errs:6d}")
    lines.append(f"errors: {report['errors']} (5xx, transport, unexpected status, 'database is locked': "
                 f"{report['locked_in_server_log']} in the server log; watch: {watch['errors']})")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=30.0, help="length of each phase")
    parser.add_argument("--readers", type=int, default=6, help="reader threads")
    parser.add_argument("--writers", type=int, default=2, help="API writer threads")
    parser.add_argument("--max-runs", type=int, default=20, help="at most this many `newsdesk run` in the writer phase")
    parser.add_argument("--item-every", type=float, default=0.5, help="seconds between two new feed items (watch phase)")
    parser.add_argument("--drain", type=float, default=120.0, help="seconds the published items get to reach the store")
    parser.add_argument("--quick", action="store_true", help="a tiny run: 2 s phases, 2 readers, 1 writer, 1 run")
    parser.add_argument("--port", type=int, default=8798)
    parser.add_argument("--source-db", default=None, help="a database the sample already went into (it is copied)")
    parser.add_argument("--workdir", default=None, help="where the database goes (default: a temp folder)")
    parser.add_argument("--out", default=str(ROOT / "out" / "bench" / "serve_load.json"))
    args = parser.parse_args(argv)
    if args.quick:
        args.seconds, args.readers, args.writers, args.max_runs = 2.0, 2, 1, 1
    report = run(args)
    print(table(report))
    for example in report["error_examples"]:
        print(f"  error: {example}")
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(report, indent=2), encoding="utf-8")
    print(f"written: {args.out}")
    return 1 if report["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
