"""Concurrent use of one SQLite store: `newsdesk run` writes while readers (threads and
processes, through Store) and a second light writer work on the same file. WAL mode and the
busy timeout must keep every "database is locked" away from them."""

from __future__ import annotations

import multiprocessing
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

from newsdesk.pipeline.demo import sample_path
from newsdesk.store import Store

ENV = {**os.environ, "NEWSDESK_CLUSTER__EMBEDDER": "none", "NEWSDESK_PROGRESS": "false"}
READER_THREADS = 2
READER_PROCESSES = 2


def _read_once(store: Store) -> int:
    """What the web UI and the API read: stories, articles, counts, state."""
    stories = store.stories()
    store.articles(unassigned=True)
    store.count("documents")
    store.get_state("cluster.stats")
    if stories:
        store.story(stories[-1].id)
    return len(stories)


def _reader(db: str, stop: threading.Event | None, until: float, out: list) -> None:
    reads, errors = 0, []
    try:
        store = Store(db)  # opened while the run writes, as `serve` does on each start
    except Exception as exc:  # noqa: BLE001 - every error is the finding
        out.append((0, [f"open: {type(exc).__name__}: {exc}"]))
        return
    try:
        while time.monotonic() < until and not (stop and stop.is_set()):
            try:
                _read_once(store)
                reads += 1
                time.sleep(0.005)  # a reader, not a CPU hog: the run must make progress on 2 cores
            except Exception as exc:  # noqa: BLE001
                errors.append(f"{type(exc).__name__}: {exc}")
    finally:
        store.close()
    out.append((reads, errors))


def _process_reader(db: str, seconds: float, queue) -> None:
    out: list = []
    _reader(db, None, time.monotonic() + seconds, out)
    queue.put(out[0])


def _writer(db: str, stop: threading.Event, out: list) -> None:
    """A second writer, like `serve` recording a source or a token use: small transactions."""
    writes, errors = 0, []
    try:
        store = Store(db)
    except Exception as exc:  # noqa: BLE001
        out.append((0, [f"open: {type(exc).__name__}: {exc}"]))
        return
    try:
        while not stop.is_set():
            try:
                with store.transaction() as conn:
                    store.put_state(conn, "test.heartbeat", {"n": writes})
                writes += 1
            except Exception as exc:  # noqa: BLE001
                errors.append(f"{type(exc).__name__}: {exc}")
            time.sleep(0.01)
    finally:
        store.close()
    out.append((writes, errors))


def test_a_run_and_readers_and_a_writer_share_the_store(tmp_path):
    db = str(tmp_path / "shared.db")
    Store(db).close()  # created and migrated before anyone reads
    command = [str(Path(sys.executable).parent / "newsdesk"), "--quiet", "run", "--input", str(sample_path()),
               "--db", db, "--json"]
    run = subprocess.Popen(command, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    stop = threading.Event()
    results: list = []
    threads = [threading.Thread(target=_reader, args=(db, stop, time.monotonic() + 600, results))
               for _ in range(READER_THREADS)]
    written: list = []
    threads.append(threading.Thread(target=_writer, args=(db, stop, written)))
    ctx = multiprocessing.get_context("spawn")
    queue = ctx.Queue()
    processes = [ctx.Process(target=_process_reader, args=(db, 8.0, queue)) for _ in range(READER_PROCESSES)]
    for worker in [*threads, *processes]:
        worker.start()
    out, err = run.communicate(timeout=600)
    stop.set()
    for thread in threads:
        thread.join(timeout=60)
    results += [queue.get(timeout=60) for _ in processes]
    for process in processes:
        process.join(timeout=60)
    assert run.returncode == 0, err[-3000:]
    assert "locked" not in err
    errors = [e for _, errs in results + written for e in errs]
    print(f"reads: {sum(n for n, _ in results)}, writes beside the run: {sum(n for n, _ in written)}, "
          f"errors: {len(errors)}")
    assert errors == []
    reads = sum(n for n, _ in results)
    assert reads >= READER_THREADS + READER_PROCESSES  # every reader read while the run wrote
    assert len(results) == READER_THREADS + READER_PROCESSES and len(written) == 1
    assert written[0][0] > 10
    with Store(db) as store:
        assert _read_once(store) > 0
        assert store.get_state("test.heartbeat")["n"] == written[0][0] - 1


def test_two_runs_on_one_store_store_each_page_once_and_group_every_article(tmp_path):
    """Two pipelines at once on one database (a `watch`, an API pass, a `run`): each page is
    stored once, the losing writer of a URL records it as a copy, and story grouping takes turns."""
    db = str(tmp_path / "twice.db")
    Store(db).close()
    command = [str(Path(sys.executable).parent / "newsdesk"), "--quiet", "run", "--input", str(sample_path()),
               "--db", db, "--json"]
    runs = [subprocess.Popen(command, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for _ in range(2)]
    outcomes = [run.communicate(timeout=900) for run in runs]
    for run, (_, err) in zip(runs, outcomes):
        assert run.returncode == 0, err[-3000:]
        assert "locked" not in err and "Traceback" not in err, err[-3000:]
    alone = str(tmp_path / "alone.db")
    subprocess.run([*command[:-2], alone, "--json"], env=ENV, check=True, capture_output=True, timeout=900)
    with Store(db) as store, Store(alone) as reference:
        both, one = store.articles(), reference.articles()
        assert len({a.url for a in both}) == len(both)
        # duplicates are decided in turn (Store.exclusive("dedup")), against what the other process
        # stored meanwhile: as many articles as one run, and the same pages
        assert len(both) == len(one)
        assert {a.url for a in one} == {a.url for a in both}
        assert store.articles(unassigned=True) == []
        grouped = [a.id for story in store.stories() for a in story.articles]
        assert sorted(grouped) == sorted(a.id for a in both)  # each article in exactly one story
        assert store.count("documents") == reference.count("documents")
        assert store.get_state("cluster.batch") is None


def test_the_cluster_lock_is_held_by_one_holder_at_a_time(tmp_path):
    store = Store(str(tmp_path / "lock.db"))
    inside: list[str] = []
    first_in = threading.Event()

    def hold(name: str) -> None:
        with store.exclusive("cluster"):
            inside.append(f"{name} in")
            first_in.set()
            time.sleep(0.3)
            inside.append(f"{name} out")

    first = threading.Thread(target=hold, args=("a",))
    first.start()
    first_in.wait(5)
    second = threading.Thread(target=hold, args=("b",))
    second.start()
    first.join(5)
    second.join(5)
    store.close()
    assert inside == ["a in", "a out", "b in", "b out"]
