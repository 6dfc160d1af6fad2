"""bench/serve_latency.py on a tiny generated database: it builds the database, serves it, loads
every page kind and writes its JSON report (the 100,000-article figures are in docs/benchmarks.md)."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

from newsdesk.store import Store

BENCH = Path(__file__).resolve().parents[1] / "bench" / "serve_latency.py"


def load_bench():
    spec = importlib.util.spec_from_file_location("serve_latency", BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_generated_database_recombines_the_sample(sample_run, tmp_path):
    bench = load_bench()
    target = tmp_path / "gen.db"
    counts = bench.generate(sample_run["db"], str(target), 150)
    assert counts["articles"] == 150
    with Store(str(target), create=False) as store:
        assert store.count("articles") == 150
        assert store.count("stories") == counts["stories"] > 21
        hits, _ = store.search("Halvion")
        assert hits >= 4  # copies are indexed by the FTS triggers
        assert store.ranked_stories(limit=5)


def test_bench_runs_end_to_end(sample_run, tmp_path):
    bench = load_bench()
    out = tmp_path / "serve_latency.json"
    code = bench.main(["--articles", "200", "--requests", "4", "--clients", "2", "--cold", "1",
                       "--port", str(__import__("serve_support").free_port()), "--source-db", sample_run["db"],
                       "--workdir", str(tmp_path / "work"), "--out", str(out)])
    assert code == 0
    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["articles"] == 200
    pages = report["pages"]
    assert "static file (reference)" in pages and "front page" in pages and "search" in pages
    for name, row in pages.items():
        assert row["requests"] == 4 and row["errors"] == 0, name
        assert 0 < row["p50_ms"] <= row["p95_ms"], name


LOAD = Path(__file__).resolve().parents[1] / "bench" / "serve_load.py"


def test_load_bench_quick_has_no_errors(sample_run, tmp_path):
    spec = importlib.util.spec_from_file_location("serve_load", LOAD)
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    out = tmp_path / "serve_load.json"
    code = bench.main(["--quick", "--port", str(__import__("serve_support").free_port()),
                       "--source-db", sample_run["db"], "--workdir", str(tmp_path / "work"), "--out", str(out)])
    report = json.loads(out.read_text(encoding="utf-8"))
    assert code == 0 and report["errors"] == 0, report["error_examples"]
    loaded = report["readers_and_writers"]["kinds"]
    for kind in ("front page", "story", "search", "events", "add source (POST)", "delete source (DELETE)",
                 "newsdesk run (pipeline write)"):
        assert loaded[kind]["requests"] >= 1 and loaded[kind]["errors"] == 0, kind
    assert report["db_after"]["articles"] > report["db_before"]["articles"]  # the pipeline really wrote
    assert report["db_after"]["sources"] == 0  # every source a writer added it deleted again
    watched = report["readers_and_watch"]["kinds"]  # newsdesk watch on a growing local feed, API passes
    for kind in ("front page", "story", "start run (POST /api/runs)", "runs (GET /api/runs)"):
        assert watched[kind]["requests"] >= 1 and watched[kind]["errors"] == 0, kind
    watch = report["watch"]
    assert watch["errors"] == 0 and watch["items_published"] >= 2
    assert watch["items_in_store"] == watch["items_published"]  # nothing lost
    assert watch["api_passes"] >= 1 and watch["api_passes_finished"] == watch["api_passes"]
