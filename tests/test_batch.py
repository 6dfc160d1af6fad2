"""Batch mode: the same store as `newsdesk run`, with processes and with Ray (in local mode).

The Ray case runs the CLI in a child process under a time limit, so a hung Ray start fails the
test instead of hanging the suite.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from datetime import timedelta
from pathlib import Path

import pytest

from newsdesk.errors import InputError
from newsdesk.pipeline.batch import EngineError, expand_patterns, make_engine, parse_window
from newsdesk.pipeline.demo import sample_path

from conftest import invoke
from store_snapshot import snapshot

RAY_TIME_LIMIT = 420  # seconds for one Ray batch run of the sample on 2 busy cores
COMPARED = ("counts", "documents", "duplicates", "articles", "stories", "open stories", "events")


def batch(db: str, *extra: str) -> dict:
    result = invoke("batch", "--input", str(sample_path()), "--db", db, "--workers", "2", "--json", *extra)
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def assert_same_store(expected: dict, got: dict) -> None:
    for key in COMPARED:
        assert got[key] == expected[key], f"{key} differ from `newsdesk run`"


@pytest.fixture(scope="module")
def run_snapshot(sample_run) -> dict:
    return snapshot(sample_run["db"])


@pytest.fixture(scope="module")
def local_batch(make_db) -> dict:
    db = make_db("sqlite")
    return {"db": db, "report": batch(db, "--engine", "local", "--window", "1d")}


def test_local_batch_equals_run(local_batch, run_snapshot, sample_run):
    assert_same_store(run_snapshot, snapshot(local_batch["db"]))
    report, plain = local_batch["report"], sample_run["report"]
    assert report["counts"]["time windows"] > 1, "the sample spans several days"
    assert report["rejects"] == plain["rejects"]
    for key in ("articles in store", "stories in store", "same page via another input", "events found"):
        assert report["counts"][key] == plain["counts"][key], key
    stages = {s["stage"]: s for s in report["stages"]}
    assert stages["extract"]["seen"] == stages["parallel stages (wait)"]["seen"] > 0
    # the workers embed the stored articles only (near copies are not), and the stories stage
    # finds every vector ready
    copies = sum(n for key, n in report["counts"].items() if key.startswith("duplicates ("))
    assert copies > 0, "the sample has near copies"
    assert stages["embed (workers)"]["seen"] == report["counts"]["articles in store"]
    assert "embed" not in stages or stages["embed"]["seen"] == 0
    # the workers also read every new article's story features, which the driver assigns
    assert stages["story features (workers)"]["seen"] == stages["cluster"]["seen"] == report["counts"]["articles in store"]


def test_local_batch_rerun_adds_nothing(local_batch):
    before = snapshot(local_batch["db"])
    again = batch(local_batch["db"], "--engine", "local")
    assert again["counts"]["unchanged (seen before)"] > 0
    assert not again["counts"].get("stories created") and not again["rejects"]
    stages = {s["stage"]: s for s in again["stages"]}
    assert "extract" not in stages, "documents seen before went through the stages again"
    assert snapshot(local_batch["db"]) == before


def test_batch_into_postgresql_equals_run(make_db, run_snapshot):
    db = make_db("postgresql")
    batch(db, "--engine", "local", "--window", "2d", "--chunk", "25")
    assert_same_store(run_snapshot, snapshot(db))


@pytest.fixture
def ray_tmp():
    """Ray's session folder; short, since Ray's socket paths must stay under 107 bytes."""
    folder = tempfile.mkdtemp(prefix="nd-ray-", dir="/tmp")
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def test_ray_batch_equals_run(make_db, run_snapshot, ray_tmp):
    pytest.importorskip("ray", reason="Ray is not installed (pip install 'ray[data]==2.60.0')")
    db = make_db("sqlite")
    env = {**os.environ, "RAY_USAGE_STATS_ENABLED": "0", "RAY_TMPDIR": ray_tmp}
    cmd = [str(Path(sys.executable).parent / "newsdesk"), "--quiet", "batch", "--engine", "ray", "--workers", "2",
           "--input", str(sample_path()), "--db", db, "--json"]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=RAY_TIME_LIMIT, env=env)
    assert done.returncode == 0, done.stderr[-3000:]
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["counts"]["articles in store"] == run_snapshot["counts"]["articles"]
    assert_same_store(run_snapshot, snapshot(db))


def test_archive_pattern_input(make_db):
    db = make_db("sqlite")
    pattern = str(sample_path() / "archive" / "*.warc.gz")
    result = invoke("batch", "--input", pattern, "--db", db, "--workers", "1", "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["counts"]["articles in store"] >= 5
    assert report["counts"]["stories in store"] >= 1


def test_pattern_matching_nothing_is_an_error(tmp_path):
    result = invoke("batch", "--input", str(tmp_path / "*.warc.gz"), "--db", str(tmp_path / "x.db"))
    assert result.exit_code == 1
    assert "no file matches" in result.output
    with pytest.raises(InputError, match="no file matches"):
        expand_patterns([str(tmp_path / "nothing-*.html")])
    (tmp_path / "b.html").write_text("x")
    (tmp_path / "a.html").write_text("x")
    assert expand_patterns([str(tmp_path / "*.html")]) == [str(tmp_path / "a.html"), str(tmp_path / "b.html")]


def test_windows_parse(tmp_path):
    assert parse_window("1d") == timedelta(days=1)
    assert parse_window("12h") == timedelta(hours=12)
    assert parse_window("2w") == timedelta(weeks=2)
    for bad in ("", "0d", "1y", "d1", "-1d"):
        with pytest.raises(InputError, match="not a duration"):
            parse_window(bad)
    result = invoke("batch", "--input", str(sample_path()), "--db", str(tmp_path / "x.db"), "--window", "soon")
    assert result.exit_code == 1 and "not a duration" in result.output


def test_ray_missing_is_a_clear_error(monkeypatch):
    monkeypatch.setitem(sys.modules, "ray", None)  # what `import ray` meets where Ray is not installed
    with pytest.raises(EngineError, match="needs Ray"):
        make_engine("ray", None, 2)
    with pytest.raises(InputError, match="unknown"):
        make_engine("spark", None, 2)



def test_throughput_corpus_pages_read_back(tmp_path):
    """bench/throughput.py's generated pages: each reads back as the article it was made from."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
    try:
        from throughput import make_corpus
    finally:
        sys.path.pop(0)
    from newsdesk.extract import HtmlExtractor
    from newsdesk.records import RawDocument, SourceInfo

    assert make_corpus(tmp_path, 12, sample_path() / "pages") == 12
    wanted = [json.loads(line) for line in (tmp_path / "stream" / "articles.jsonl").open(encoding="utf-8")]
    pages = sorted((tmp_path / "pages").rglob("*.html"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))
    extractor = HtmlExtractor()
    for page, article in zip(pages, wanted, strict=True):
        got = extractor(RawDocument(None, page.read_bytes(), "html", SourceInfo("file", str(page))))
        assert (got.title, got.url) == (article["title"], article["url"])
        assert got.published.date().isoformat() == article["published"][:10]
        assert article["text"].split("\n\n")[-1][:60] in got.text


@pytest.mark.parametrize("fail_after", [5, 40])
def test_batch_clustering_interrupted_in_a_window_resumes_to_the_same_store(make_db, local_batch, monkeypatch,
                                                                           fail_after):
    """A batch's clustering is one batch over many windows, its statistics saved at the end: a run
    that dies in the first or a later window and is started again ends with the same stories as
    one never interrupted (the dying is an exception after ``fail_after`` assignments; everything
    the run wrote before stays, as after a kill)."""
    from newsdesk.pipeline import runner

    db = make_db("sqlite")
    real, calls = runner._save_assignment, []

    def dies(*args, **kwargs):
        if len(calls) == fail_after:
            raise KeyboardInterrupt("killed mid-window")
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(runner, "_save_assignment", dies)
    with pytest.raises(KeyboardInterrupt):
        from newsdesk.config import Settings
        from newsdesk.pipeline.batch import BatchOptions, run_batch
        from newsdesk.store import Store

        with Store(db) as store:
            run_batch([str(sample_path())], store, Settings(), BatchOptions(engine="local", workers=1))
    monkeypatch.setattr(runner, "_save_assignment", real)
    with Store(db) as store:
        marker = store.get_state("cluster.batch")
    assert marker and marker["current"], "the run died inside a window"
    batch(db, "--engine", "local", "--window", "1d")
    assert_same_store(snapshot(local_batch["db"]), snapshot(db))
    with Store(db) as resumed, Store(local_batch["db"]) as uninterrupted:  # the statistics too
        assert resumed.get_state("cluster.stats") == uninterrupted.get_state("cluster.stats")
        assert resumed.get_state("cluster.batch") is None
