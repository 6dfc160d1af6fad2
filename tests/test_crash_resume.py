"""Kill and resume: `newsdesk run` SIGKILLed at random moments, restarted each time, ends with
the same store as one uninterrupted run (articles, documents, copies, stories, events, entities).

Kills are seeded: some at random delays (start-up, migrations, first documents; earlier if the
run has already stored a few more documents), some once the run has stored a random 1-6 new
documents (mid-ingest, while work remains), and, to reach the short clustering phase, some a
few milliseconds after the run's clustering batch has made its first story assignment.
"""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from newsdesk.pipeline.demo import sample_path

SEED = int(os.environ.get("KILL_RESUME_SEED", "8"))
KILLS_BY_TIME = 5  # at a random delay: start-up, migrations, the first documents
KILLS_IN_INGEST = 6  # after a random number of new document rows: mid-ingest while work remains
KILLS_IN_CLUSTERING = 4  # after a few story assignments of the run
ENV = {**os.environ, "NEWSDESK_CLUSTER__EMBEDDER": "none", "NEWSDESK_PROGRESS": "false"}


def _command(db: Path) -> list[str]:
    return [str(Path(sys.executable).parent / "newsdesk"), "--quiet", "run", "--input", str(sample_path()),
            "--db", str(db), "--json"]


def _start(db: Path) -> subprocess.Popen:
    return subprocess.Popen(_command(db), env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def _count(db: Path, sql: str) -> int:
    """A read-only look from outside, as a user would take while the run writes."""
    if not db.exists():
        return 0
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=30) as conn:
            return conn.execute(sql).fetchone()[0]
    except sqlite3.OperationalError:  # tables not created yet
        return 0


def _kill(proc: subprocess.Popen) -> bool:
    """SIGKILL; True when the process was still running (a real interruption)."""
    alive = proc.poll() is None
    if alive:
        os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=60)
    return alive


def _kill_after(db: Path, delay: float, rng: random.Random) -> bool:
    """Kill after ``delay`` seconds, or earlier once a few more documents are stored: on a fast
    machine a fixed delay would let the run finish everything and leave nothing to interrupt."""
    cap = _count(db, "SELECT count(*) FROM documents") + rng.randint(1, 6)
    proc = _start(db)
    deadline = time.monotonic() + delay
    while proc.poll() is None and time.monotonic() < deadline:
        if _count(db, "SELECT count(*) FROM documents") >= cap:
            break
        time.sleep(0.02)
    return _kill(proc)


def _kill_in_ingest(db: Path, rng: random.Random, timeout: float = 120) -> bool:
    """Kill once the run has stored a few more documents (or has finished)."""
    # a few documents each (eleven kills then leave work for the clustering ones: a run that
    # finishes its ingest clusters everything within a fraction of a second)
    target = _count(db, "SELECT count(*) FROM documents") + rng.randint(1, 6)
    proc = _start(db)
    deadline = time.monotonic() + timeout
    while proc.poll() is None and time.monotonic() < deadline:
        if _count(db, "SELECT count(*) FROM documents") >= target:
            time.sleep(rng.uniform(0, 0.05))
            break
        time.sleep(0.02)
    return _kill(proc)


def _batch_open(db: Path) -> bool:
    """A read-only look: has the run begun a clustering batch (runner._begin_batch's marker)?"""
    if not db.exists():
        return False
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=30) as conn:
            row = conn.execute("SELECT value FROM state WHERE key = 'cluster.batch'").fetchone()
    except sqlite3.OperationalError:
        return False
    return bool(row and json.loads(row[0]))


def _kill_in_clustering(db: Path, rng: random.Random, timeout: float = 120) -> bool:
    """Kill inside the clustering batch, a random few milliseconds after its first assignment
    (clustering is short, so the batch marker and the assignments are watched, not a clock)."""
    assigned = _count(db, "SELECT count(*) FROM story_history")
    proc = _start(db)
    deadline = time.monotonic() + timeout
    while proc.poll() is None and time.monotonic() < deadline:
        # inside the batch: its marker is set and this run has assigned an article
        if _batch_open(db) and _count(db, "SELECT count(*) FROM story_history") > assigned:
            time.sleep(rng.uniform(0, 0.02))
            break
        time.sleep(0.002)
    return _kill(proc)


def _batch_left(db: Path) -> bool:
    """True when the killed run left a clustering batch half done (see runner._begin_batch)."""
    if not db.exists():
        return False
    with sqlite3.connect(db, timeout=30) as conn:
        try:
            row = conn.execute("SELECT value FROM state WHERE key = 'cluster.batch'").fetchone()
        except sqlite3.OperationalError:
            return False
    return bool(row and json.loads(row[0]))


def _finish(db: Path) -> None:
    result = subprocess.run(_command(db), env=ENV, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]


def snapshot(db: Path) -> dict:
    """The stored result, keyed by content (URLs, locations), not by row ids."""
    conn = sqlite3.connect(db)
    url = dict(conn.execute("SELECT id, url FROM articles"))
    members: dict[int, set[str]] = {}
    for article_id, story_id in conn.execute("SELECT id, story_id FROM articles"):
        members.setdefault(story_id, set()).add(url[article_id])
    stories = dict(conn.execute("SELECT id, status FROM stories"))
    snap = {
        "articles": Counter(conn.execute("SELECT url, title, content_hash, published, language FROM articles")),
        "documents": Counter(
            (loc, raw, status, reason, kind, url.get(aid))
            for loc, raw, status, reason, kind, aid in conn.execute(
                "SELECT location, raw_hash, status, reason, duplicate_kind, article_id FROM documents")),
        "stories": Counter((frozenset(m), stories.get(sid)) for sid, m in members.items()),
        "history": Counter((action, url.get(aid)) for action, aid in conn.execute(
            "SELECT action, article_id FROM story_history")),
        "events": Counter((url[aid], *rest) for aid, *rest in conn.execute(
            "SELECT article_id, type, actor, actor_id, amount_value, amount_currency, count_min, count_max, date "
            "FROM events")),
        "mentions": Counter((url[aid], *rest) for aid, *rest in conn.execute(
            "SELECT article_id, entity_id, label, text, start, \"end\" FROM mentions")),
        "entities": Counter(conn.execute("SELECT id, name, type FROM entities")),
        "empty stories": conn.execute(
            "SELECT count(*) FROM stories s WHERE NOT EXISTS (SELECT 1 FROM articles a WHERE a.story_id = s.id)"
        ).fetchone()[0],
        "articles without story": conn.execute("SELECT count(*) FROM articles WHERE story_id IS NULL").fetchone()[0],
        "cluster state": json.loads(conn.execute("SELECT value FROM state WHERE key = 'cluster.stats'").fetchone()[0]),
    }
    conn.close()
    return snap


def _diff(got, want) -> str:
    if isinstance(got, Counter):
        return f"only after kills: {list((got - want).items())[:5]}; only uninterrupted: {list((want - got).items())[:5]}"
    if isinstance(got, dict):
        keys = {k for k in {*got, *want} if got.get(k) != want.get(k)}
        return str({k: (str(got.get(k))[:300], str(want.get(k))[:300]) for k in list(keys)[:3]})
    return f"{got!r} != {want!r}"


@pytest.fixture(scope="module")
def uninterrupted(tmp_path_factory) -> dict:
    db = tmp_path_factory.mktemp("whole") / "whole.db"
    _finish(db)
    return snapshot(db)


def test_killed_runs_resume_to_the_same_store(uninterrupted, tmp_path):
    rng = random.Random(SEED)
    db = tmp_path / "killed.db"
    # Kills during start-up and ingest in random order, then the clustering ones: once a run has
    # clustered everything, the next ones have nothing left to interrupt.
    plan = ["time"] * KILLS_BY_TIME + ["ingest"] * KILLS_IN_INGEST
    rng.shuffle(plan)
    plan += ["clustering"] * KILLS_IN_CLUSTERING
    interrupted = mid_batch = 0
    for step in plan:
        if step == "time":
            interrupted += _kill_after(db, rng.uniform(0.3, 4.0), rng)
        elif step == "ingest":
            interrupted += _kill_in_ingest(db, rng)
        else:
            # clustering is short; a run that finished before the kill is tried again (at most 3 times)
            for _ in range(3):
                hit = _kill_in_clustering(db, rng)
                if hit:
                    break
            interrupted += hit
        mid_batch += _batch_left(db)
    _finish(db)
    resumed = snapshot(db)
    print(f"kills: {len(plan)}, hit a running process: {interrupted}, left a clustering batch: {mid_batch}")
    # kills are placed by watching the store (documents, the batch marker), not by a clock, so
    # nearly all of them interrupt a run whatever the machine's speed
    assert interrupted >= 12, f"only {interrupted} of {len(plan)} kills hit a running process"
    assert mid_batch >= 3, "too few kills landed inside clustering"
    assert resumed["empty stories"] == 0 and resumed["articles without story"] == 0
    for key in uninterrupted:
        assert resumed[key] == uninterrupted[key], f"{key} differs: {_diff(resumed[key], uninterrupted[key])}"
    last = sqlite3.connect(db).execute("SELECT finished_at FROM runs ORDER BY id DESC LIMIT 1").fetchone()
    assert last[0] is not None


def test_the_uninterrupted_store_is_complete(uninterrupted):
    """The reference itself: every article in a story, every story with articles."""
    assert sum(uninterrupted["articles"].values()) > 50
    assert uninterrupted["empty stories"] == 0 and uninterrupted["articles without story"] == 0
    assert all(n == 1 for n in uninterrupted["articles"].values())
