"""Load test of `newsdesk serve` with readers and writers at once, on 127.0.0.1.

1. The bundled sample goes through the pipeline into a temporary database (or ``--source-db`` is
   copied there; the copy is what the test writes into).
2. `newsdesk serve` runs in its own process with an ``api_token`` (NEWSDESK_API_TOKEN).
3. Phase "readers alone" (the reference, measured in the same run): ``--readers`` threads read the
   front page, story pages, search and the events table (HTML and JSON) for ``--seconds``.
4. Phase "readers + writers": the same readers, plus ``--writers`` threads that add and delete
   sources through the API with the token, plus `newsdesk run` subprocesses that take new
   articles (the sample's JSONL under new URLs) into the same SQLite file, one after the other.

Errors (must be 0): any 5xx, a transport error, an unexpected status, a response or server log
line saying "database is locked", and a `newsdesk run` that fails. Prints a table with p50/p95 per
request kind in both phases and writes ``out/bench/serve_load.json``.

    .venv/bin/python bench/serve_load.py            # 30 s + 30 s (about 1.5 minutes in all)
    .venv/bin/python bench/serve_load.py --quick    # a few seconds, for the test suite
"""

from __future__ import annotations

import argparse
import json
import os
import random
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
from _server import wait_until_serving  # noqa: E402
from newsdesk.pipeline.demo import sample_path
from newsdesk.store import Store

ROOT = Path(__file__).resolve().parents[1]
NEWSDESK = str(Path(sys.executable).parent / "newsdesk")
TOKEN = "load-test-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
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
    env = {**os.environ, "NEWSDESK_API_TOKEN": TOKEN}
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


def _check(response: httpx.Response, expected: int) -> str | None:
    if response.status_code != expected:
        return f"{response.request.method} {response.request.url.path} -> {response.status_code} {response.text[:200]}"
    if response.headers.get("content-type", "").startswith(("application/json", "text/")):
        if "database is locked" in response.text:
            return f"{response.request.url.path}: database is locked"
    return None


def timed(tally: Tally, kind: str, call: Any, expected: int) -> httpx.Response | None:
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
    started = time.perf_counter()
    for t in threads:
        t.start()
    time.sleep(args.seconds)
    stop.set()
    for t in threads:
        t.join(timeout=300)
    return tally, time.perf_counter() - started


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
    finally:
        server.terminate()
        server.wait(timeout=30)
    server_log = log.read_text(encoding="utf-8", errors="replace")
    locked_in_log = server_log.count("database is locked")
    with Store(db, create=False) as store:
        after = {"articles": store.count("articles"), "stories": store.count("stories"),
                 "sources": len(store.sources())}
    rows_alone, rows_loaded = alone.rows(), loaded.rows()
    errors = (sum(r["errors"] for r in rows_alone.values()) + sum(r["errors"] for r in rows_loaded.values())
              + locked_in_log + server_log.count("Traceback"))
    return {"readers": args.readers, "writers": args.writers, "seconds_per_phase": args.seconds,
            "cpus": os.cpu_count(), "errors": errors, "locked_in_server_log": locked_in_log,
            "error_examples": alone.examples + loaded.examples,
            "db_before": before, "db_after": after,
            "readers_alone": {"wall_s": round(alone_s, 1), "kinds": rows_alone},
            "readers_and_writers": {"wall_s": round(loaded_s, 1), "kinds": rows_loaded}}


def table(report: dict[str, Any]) -> str:
    alone, loaded = report["readers_alone"]["kinds"], report["readers_and_writers"]["kinds"]
    lines = [f"serve load: {report['readers']} readers, {report['writers']} API writers + newsdesk run, "
             f"{report['seconds_per_phase']} s per phase; articles {report['db_before']['articles']} -> "
             f"{report['db_after']['articles']}",
             f"{'request kind':32} {'alone p50':>9} {'p95':>8} {'loaded p50':>10} {'p95':>8} {'requests':>8} {'errors':>6}"]
    for kind in list(alone) + [k for k in loaded if k not in alone]:
        a, b = alone.get(kind), loaded.get(kind, {"p50_ms": 0, "p95_ms": 0, "requests": 0, "errors": 0})
        first = f"{a['p50_ms']:9.1f} {a['p95_ms']:8.1f}" if a else f"{'-':>9} {'-':>8}"
        count = b["requests"] + (a["requests"] if a else 0)
        errs = b["errors"] + (a["errors"] if a else 0)
        lines.append(f"{kind:32} {first} {b['p50_ms']:10.1f} {b['p95_ms']:8.1f} {count:8d} {errs:6d}")
    lines.append(f"errors: {report['errors']} (5xx, transport, unexpected status, 'database is locked': "
                 f"{report['locked_in_server_log']} in the server log)")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=30.0, help="length of each phase")
    parser.add_argument("--readers", type=int, default=6, help="reader threads")
    parser.add_argument("--writers", type=int, default=2, help="API writer threads")
    parser.add_argument("--max-runs", type=int, default=20, help="at most this many `newsdesk run` in the writer phase")
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
