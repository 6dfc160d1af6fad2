"""Page latency of `newsdesk serve` under concurrent load on a large generated database.

1. The bundled sample goes through the pipeline once (or ``--source-db`` names a database that did).
2. Its stories, articles, mentions, events and event places are copied ``--articles`` / 69 times into a new
   database, directly through the store's tables: each copy gets new URLs and story ids, a
   publication date spread over two years and one paragraph borrowed from another article, so
   the full-text index does not hold identical documents.
3. `newsdesk serve` runs in its own process on 127.0.0.1; ``--clients`` threads send requests for
   each page in turn, and the same for a static file of the same server (the reference measured in
   the same run). p50/p95/mean per page, requests per second, and p50 against the static file's.

    .venv/bin/python bench/serve_latency.py                       # 100,000 articles (a few minutes)
    .venv/bin/python bench/serve_latency.py --articles 2000 --requests 40   # quick look

Prints a table and writes ``out/bench/serve_latency.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import func, insert, select


sys.path.insert(0, str(Path(__file__).resolve().parent))  # bench/ helpers, also when imported by path
from _server import wait_until_serving  # noqa: E402
from newsdesk.pipeline.demo import sample_path
from newsdesk.store import Store
from newsdesk.store.schema import articles, entities, event_places, events, mentions, stories

ROOT = Path(__file__).resolve().parents[1]
BATCH = 2000
NEWSDESK = str(Path(sys.executable).parent / "newsdesk")  # the console script: it registers every command


def sample_db(workdir: Path) -> str:
    db = workdir / "sample.db"
    cmd = [NEWSDESK, "--quiet", "run", "--input", str(sample_path()), "--db", str(db)]
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    return str(db)


def _rows(conn: Any, table: Any) -> list[dict[str, Any]]:
    return [dict(r._mapping) for r in conn.execute(select(table).order_by(table.c[list(table.c.keys())[0]]))]


def generate(source: str, target: str, n_articles: int, seed: int = 7) -> dict[str, int]:
    """Copy the source database's stories until ``n_articles`` articles exist in ``target``."""
    rng = random.Random(seed)
    with Store(source, create=False) as src:
        with src.engine.connect() as conn:
            arts = [a for a in _rows(conn, articles) if a["story_id"] is not None]
            sts, ments, evs, ents = (_rows(conn, stories), _rows(conn, mentions), _rows(conn, events),
                                     _rows(conn, entities))
            places_of: dict[int, list[dict]] = {}
            for row in _rows(conn, event_places):
                places_of.setdefault(row["event_id"], []).append(row)
    paragraphs = [p["text"] for a in arts for p in a["paragraphs"] if len(p["text"]) > 80]
    by_article_m: dict[int, list[dict]] = {}
    for m in ments:
        by_article_m.setdefault(m["article_id"], []).append(m)
    by_article_e: dict[int, list[dict]] = {}
    for e in evs:
        by_article_e.setdefault(e["article_id"], []).append(e)
    rounds = -(-n_articles // len(arts))
    span = timedelta(days=730)
    counts = {"articles": 0, "stories": 0, "mentions": 0, "events": 0}
    with Store(target) as dst, dst.transaction() as conn:
        conn.execute(insert(entities), ents)
        next_article, next_story, next_event = 1, 1, 1
        for r in range(rounds):
            shift = span * (r / max(1, rounds)) - span / 2
            story_ids: dict[int, int] = {}
            new_stories = []
            for s in sts:
                story_ids[s["id"]] = next_story
                new_stories.append({**s, "id": next_story, "first_seen": s["first_seen"] and s["first_seen"] + shift,
                                    "last_seen": s["last_seen"] and s["last_seen"] + shift})
                next_story += 1
            conn.execute(insert(stories), new_stories)
            new_arts, new_m, new_e, new_p = [], [], [], []
            for a in arts:
                if counts["articles"] + len(new_arts) >= n_articles:
                    break
                extra = rng.choice(paragraphs)
                new_arts.append({**a, "id": next_article, "url": f"{a['url']}#copy-{r}", "story_id": story_ids[a["story_id"]],
                                 "text": a["text"] + "\n\n" + extra, "raw_hash": None,
                                 "published": a["published"] and a["published"] + shift,
                                 "content_hash": f"{a['content_hash'][:48]}{r:016x}"})
                new_m += [{**m, "id": None, "article_id": next_article} for m in by_article_m.get(a["id"], [])]
                for e in by_article_e.get(a["id"], []):
                    new_e.append({**e, "id": next_event, "article_id": next_article})
                    new_p += [{**p, "id": None, "event_id": next_event} for p in places_of.get(e["id"], [])]
                    next_event += 1
                next_article += 1
            for table, rows in ((articles, new_arts), (mentions, new_m), (events, new_e), (event_places, new_p)):
                for i in range(0, len(rows), BATCH):
                    chunk = rows[i:i + BATCH]
                    if table in (mentions, event_places):
                        chunk = [{k: v for k, v in row.items() if k != "id"} for row in chunk]
                    conn.execute(insert(table), chunk)
            counts["articles"] += len(new_arts)
            counts["stories"] += len(new_stories)
            counts["mentions"] += len(new_m)
            counts["events"] += len(new_e)
            if counts["articles"] >= n_articles:
                break
    return counts


def start_server(db: str, port: int) -> subprocess.Popen:
    cmd = [NEWSDESK, "--quiet", "serve", "--db", db, "--port", str(port)]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    wait_until_serving(proc, port, lambda: proc.stderr.read().decode())
    return proc


def load(base: str, urls: list[str], clients: int, requests: int) -> dict[str, Any]:
    """``requests`` GETs spread over ``clients`` threads; latency per request in milliseconds."""
    latencies: list[float] = []
    errors = 0

    def worker(k: int) -> None:
        nonlocal errors
        with httpx.Client(base_url=base, timeout=60) as client:
            for i in range(k, requests, clients):
                t = time.perf_counter()
                response = client.get(urls[i % len(urls)])
                latencies.append((time.perf_counter() - t) * 1000)
                errors += response.status_code != 200

    start = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        list(pool.map(worker, range(clients)))
    wall = time.perf_counter() - start
    ordered = sorted(latencies)
    return {"requests": len(ordered), "errors": errors, "p50_ms": round(statistics.median(ordered), 1),
            "p95_ms": round(ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))], 1),
            "mean_ms": round(statistics.fmean(ordered), 1), "rps": round(len(ordered) / wall, 1)}


def pages(db: str) -> dict[str, list[str]]:
    """The URLs of each page kind, picked from the generated database."""
    with Store(db, create=False) as store:
        top = [s["id"] for s in store.ranked_stories(limit=20)]
        with store.engine.connect() as conn:
            actors = [r[0] for r in conn.execute(select(events.c.actor_id).where(events.c.actor_id.is_not(None))
                                                 .group_by(events.c.actor_id).order_by(func.count().desc()).limit(10))]
    words = ["Halvion", "chip", "Milliarden", "banca", "AI", "investment", "Stellantis", "Quantrix"]
    return {
        "static file (reference)": ["/static/style.css"],
        "front page": ["/"],
        "story page (briefing cached)": [f"/story/{i}?lang={lang}" for i in top for lang in ("de", "en")],
        "entity page (60 s cache)": [f"/entity/{a}" for a in actors],
        "events table": ["/events", "/events?type=investment&sort=amount", "/events?actor=alibaba&sort=date"],
        "events table, place filter": ["/events?place=milan", "/events?place=shanghai"],
        "search": [f"/search?q={w}" for w in words],
        "trends (60 s cache)": ["/trends?q=metaverse&q=KI|AI", "/trends?q=chip&q=battery"],
        "front page JSON": ["/api/stories"],
        "front page Atom": ["/feeds/front.atom"],
    }


def first_views(base: str, urls: list[str]) -> dict[str, Any]:
    """Latency of the first request for each URL, one at a time (nothing cached yet)."""
    times = []
    for url in urls:
        started = time.perf_counter()
        httpx.get(base + url, timeout=120)
        times.append((time.perf_counter() - started) * 1000)
    return {"p50": round(statistics.median(times), 1) if times else None,
            "max": round(max(times), 1) if times else None, "n": len(times)}


def run(args: argparse.Namespace) -> dict[str, Any]:
    workdir = Path(args.workdir or tempfile.mkdtemp(prefix="serve-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    db = str(workdir / f"bench-{args.articles}.db")
    if Path(db).exists() and not args.reuse:
        for suffix in ("", "-wal", "-shm"):
            Path(db + suffix).unlink(missing_ok=True)
    t = time.perf_counter()
    if not Path(db).exists():
        source = args.source_db or sample_db(workdir)
        counts = generate(source, db, args.articles)
    else:
        with Store(db, create=False) as store:
            counts = {"articles": store.count("articles"), "stories": store.count("stories")}
    build_s = time.perf_counter() - t
    print(f"database: {counts} in {build_s:.0f} s ({db}, {Path(db).stat().st_size / 1e6:.0f} MB)", file=sys.stderr)
    port = args.port
    server = start_server(db, port)
    base = f"http://127.0.0.1:{port}"
    results: dict[str, Any] = {}
    try:
        kinds = pages(db)
        cold = first_views(base, kinds["story page (briefing cached)"][: 2 * args.cold])
        cold_entity = first_views(base, kinds["entity page (60 s cache)"][: args.cold])
        for name, urls in kinds.items():
            for url in urls:  # warm-up: one request per URL
                httpx.get(base + url, timeout=120)
            results[name] = load(base, urls, args.clients, args.requests)
            print(f"  {name}: {results[name]}", file=sys.stderr)
    finally:
        server.terminate()
        server.wait(timeout=30)
    reference = results["static file (reference)"]["p50_ms"] or 0.1
    for r in results.values():
        r["p50_vs_static"] = round(r["p50_ms"] / reference, 1)
    return {"articles": counts.get("articles"), "stories": counts.get("stories"), "mentions": counts.get("mentions"),
            "events": counts.get("events"), "db_mb": round(Path(db).stat().st_size / 1e6), "build_s": round(build_s, 1),
            "clients": args.clients, "requests_per_page": args.requests, "cpus": os.cpu_count(),
            "story_first_view_ms": cold, "entity_first_view_ms": cold_entity,
            "pages": results}


def table(report: dict[str, Any]) -> str:
    lines = [f"serve latency: {report['articles']:,} articles, {report['stories']:,} stories, "
             f"{report['clients']} concurrent clients, {report['requests_per_page']} requests per page",
             f"{'page':32} {'p50 ms':>8} {'p95 ms':>8} {'mean ms':>8} {'req/s':>7} {'p50/static':>10} {'errors':>6}"]
    for name, r in report["pages"].items():
        lines.append(f"{name:32} {r['p50_ms']:8.1f} {r['p95_ms']:8.1f} {r['mean_ms']:8.1f} {r['rps']:7.1f} "
                     f"{r['p50_vs_static']:10.1f} {r['errors']:6d}")
    for label, key in (("story page, first view (briefing built)", "story_first_view_ms"),
                       ("entity page, first view", "entity_first_view_ms")):
        cold = report[key]
        lines.append(f"{label}: p50 {cold['p50']} ms, max {cold['max']} ms over {cold['n']}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=100_000, help="size of the generated database")
    parser.add_argument("--clients", type=int, default=8, help="concurrent clients")
    parser.add_argument("--requests", type=int, default=200, help="requests per page kind")
    parser.add_argument("--cold", type=int, default=5, help="stories whose first view is timed")
    parser.add_argument("--port", type=int, default=8799)
    parser.add_argument("--source-db", default=None, help="a database the sample already went into")
    parser.add_argument("--workdir", default=None, help="where the databases go (default: a temp folder)")
    parser.add_argument("--reuse", action="store_true", help="reuse the generated database if it exists")
    parser.add_argument("--out", default=str(ROOT / "out" / "bench" / "serve_latency.json"))
    args = parser.parse_args(argv)
    report = run(args)
    print(table(report))
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(report, indent=2), encoding="utf-8")
    print(f"written: {args.out}")
    bad = sum(r["errors"] for r in report["pages"].values())
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
