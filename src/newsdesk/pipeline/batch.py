"""Batch mode: the stateless stages in parallel, the stateful ones in order.

Documents are read in chunks. For each chunk the engine runs extract -> language ->
signature -> facts on every document the store has not seen (``local``: a process pool;
``ray``: Ray Data ``map_batches`` over pickled documents). Then, in input order and in one
transaction per chunk, the duplicate decisions are taken and the articles stored, exactly as
:func:`newsdesk.pipeline.runner.run` takes them. The workers already process the next chunk
while the driver stores this one. The stored articles' story embeddings (near copies are not
embedded) go to the workers with the chunk after next. Last, the new articles are put into
stories, oldest first, one publication-time window after the other, in one clustering batch.

The result equals a plain ``newsdesk run`` on the same inputs (tests/test_batch.py checks it),
with one documented difference: an undated article can join only a story still open when it
comes (``run`` keeps idle stories open until the end of the run).
"""

from __future__ import annotations

import glob
import logging
import multiprocessing
import os
import pickle
import re
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any, Iterable, Iterator, TypeAlias

from newsdesk.cluster.embeddings import load_embedder
from newsdesk.cluster.features import TextFeatures, embedding_text, text_features
from newsdesk.config import Settings
from newsdesk.enrich.dedup import DuplicateIndex, to_signed
from newsdesk.errors import InputError, NewsdeskError
from newsdesk.extract import raw_hash
from newsdesk.pipeline.runner import (
    STAGE_ERROR, NoProgress, Pipeline, Progress, _extract_and_enrich, _reject_hash, cluster_pending,
)
from newsdesk.records import Article, RawDocument, Rejected
from newsdesk.report import RunReport
from newsdesk.store import Store

logger = logging.getLogger(__name__)
logger.addHandler(logging.NullHandler())

ENGINES = ("local", "ray")
WINDOW_UNITS = {"m": 60, "h": 3600, "d": 86400, "w": 7 * 86400}
BATCH_SIZE = 16  # documents per task sent to a worker
Task: TypeAlias = "tuple[str, list]"  # ("stages", documents), ("embed", texts) or ("read", articles' texts)
Answer: TypeAlias = "tuple[list, dict, int]"  # results or vectors, stage timings, encodings repaired


class EngineError(NewsdeskError):
    """The parallel engine cannot run (Ray missing or failing to start)."""


@dataclass(frozen=True)
class BatchOptions:
    engine: str = "local"
    workers: int = 2
    window: timedelta = timedelta(days=1)
    chunk: int = 2000  # documents read, processed and stored together


def parse_window(text: str) -> timedelta:
    """``30m``, ``12h``, ``1d``, ``2w`` -> a timedelta."""
    match = re.fullmatch(r"\s*(\d+)\s*([mhdw])\s*", text or "")
    if not match or int(match.group(1)) == 0:
        raise InputError(f"window {text!r} is not a duration", "use a number and m, h, d or w, e.g. 1d or 12h")
    return timedelta(seconds=int(match.group(1)) * WINDOW_UNITS[match.group(2)])


def expand_patterns(patterns: Iterable[str]) -> list[str]:
    """Shell patterns (``archives/*.warc.gz``) -> paths, sorted per pattern; a pattern matching nothing is an error."""
    paths: list[str] = []
    for pattern in patterns:
        if glob.has_magic(pattern):
            found = sorted(glob.glob(pattern, recursive=True))
            if not found:
                raise InputError(f"no file matches {pattern!r}", "check the pattern given to --input")
            paths.extend(found)
        else:
            paths.append(pattern)
    return paths


# -- the stateless stages, in a worker ---------------------------------------------------------

_WORKER: dict[str, Any] = {}


def _worker_pipeline(settings: Settings) -> tuple[Pipeline, Any]:
    key = settings.model_dump_json()
    if _WORKER.get("key") != key:
        _WORKER.update(key=key, pipeline=Pipeline(settings), embedder=load_embedder(settings.cluster.embedder))
    return _WORKER["pipeline"], _WORKER["embedder"]


def process_batch(docs: list[RawDocument], settings: Settings) -> tuple[list[Article | Rejected], dict, int]:
    """Extract and enrich ``docs``. Returns the result per document, stage timings and the number
    of repaired encodings."""
    pipeline, _ = _worker_pipeline(settings)
    report = RunReport()
    repaired = pipeline.extractor.repaired
    results = [_extract_and_enrich(doc, pipeline, report) for doc in docs]
    return results, _timings(report), pipeline.extractor.repaired - repaired


def embed_batch(texts: list[str], settings: Settings) -> tuple[Any, dict, int]:
    """The story embeddings of ``texts`` (articles already stored: near copies are not embedded),
    with their timing; the vectors are None without an embedder."""
    _, embedder = _worker_pipeline(settings)
    report = RunReport()
    if embedder is None:
        return [None] * len(texts), {}, 0
    with report.timed("embed (workers)") as stats:  # "embed" is the stories stage's own
        vectors = embedder.embed(texts)
        stats.seen += len(texts)
        stats.passed += len(texts)
    return list(vectors), _timings(report), 0


def read_batch(texts: list[tuple[str, str, str, str | None]], settings: Settings) -> tuple[list, dict, int]:
    """The story features read from (title, lead, text, language) of stored articles."""
    report = RunReport()
    with report.timed("story features (workers)") as stats:
        found = [text_features(*t) for t in texts]
        stats.seen += len(texts)
        stats.passed += len(texts)
    return found, _timings(report), 0


def _slices(items: list, size: int) -> list[list]:
    """``items`` cut into consecutive lists of ``size`` (the last one shorter)."""
    return [items[i:i + size] for i in range(0, len(items), size)]


def _timings(report: RunReport) -> dict:
    return {s.name: (s.seen, s.passed, s.seconds) for s in report.stages.values()}


TASKS = {"stages": process_batch, "embed": embed_batch, "read": read_batch}


def _run_pickled(payload: bytes, settings: Settings) -> bytes:
    """One task: ``(name, items)`` -> the answer of ``TASKS[name]``, both pickled."""
    name, items = pickle.loads(payload)
    return pickle.dumps(TASKS[name](items, settings), protocol=pickle.HIGHEST_PROTOCOL)


def _ray_map(batch: dict[str, Any], settings: Settings) -> dict[str, Any]:
    import numpy as np

    out = [_run_pickled(bytes(p), settings) for p in batch["payload"]]
    return {"result": np.array(out, dtype=object)}


# -- engines: map process_batch over batches, in order ---------------------------------------

# One math-library thread per worker: the workers are the parallelism (Ray does the same).
# Without this, each forked worker's BLAS runs a thread per core and they starve each other.
WORKER_THREADS = {name: "1" for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")}


class LocalEngine:
    """A pool of worker processes, started fresh (``spawn``); ``workers`` <= 1: in this process."""

    def __init__(self, settings: Settings, workers: int) -> None:
        self.settings = settings
        self.pool = None
        if workers > 1:
            for name, value in WORKER_THREADS.items():
                os.environ.setdefault(name, value)  # read by the workers' numpy when they start
            self.pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"))

    def map(self, tasks: list[Task]) -> Iterator[Answer]:
        if self.pool is None:
            return (TASKS[name](items, self.settings) for name, items in tasks)
        payloads = [pickle.dumps(t, protocol=pickle.HIGHEST_PROTOCOL) for t in tasks]
        return (pickle.loads(r) for r in self.pool.map(_run_pickled, payloads, [self.settings] * len(payloads)))

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown()


class RayEngine:
    """Ray Data: ``from_items`` over pickled batches, ``map_batches`` running the stages, order kept."""

    def __init__(self, settings: Settings, workers: int) -> None:
        try:
            import ray
        except ImportError as exc:
            raise EngineError("--engine ray needs Ray, which is not installed",
                              "pip install 'ray[data]' (see docs/cli.md), or use --engine local") from exc
        self.ray = ray
        self.settings = settings
        self.workers = max(1, workers)
        self.started = not ray.is_initialized()
        if self.started:
            try:
                if os.environ.get("RAY_ADDRESS"):  # a running cluster: its CPUs, not ours
                    ray.init(log_to_driver=False, configure_logging=False)
                else:
                    ray.init(num_cpus=self.workers, include_dashboard=False, log_to_driver=False,
                             configure_logging=False)
            except Exception as exc:  # noqa: BLE001 - Ray raises many kinds; all mean "cannot start"
                raise EngineError(f"Ray could not start: {exc}", "use --engine local") from exc
        context = ray.data.DataContext.get_current()
        context.execution_options.preserve_order = True
        context.enable_progress_bars = False

    def map(self, tasks: list[Task]) -> Iterator[Answer]:
        items = [{"payload": pickle.dumps(t, protocol=pickle.HIGHEST_PROTOCOL)} for t in tasks]
        dataset = self.ray.data.from_items(items, override_num_blocks=min(len(items), 4 * self.workers))
        mapped = dataset.map_batches(_ray_map, fn_kwargs={"settings": self.settings}, batch_size=1,
                                     batch_format="numpy", num_cpus=1, concurrency=self.workers)
        for row in mapped.iter_rows():
            yield pickle.loads(row["result"])

    def close(self) -> None:
        if self.started:
            self.ray.shutdown()


def make_engine(name: str, settings: Settings, workers: int) -> LocalEngine | RayEngine:
    if name == "local":
        return LocalEngine(settings, workers)
    if name == "ray":
        return RayEngine(settings, workers)
    raise InputError(f"engine {name!r} is unknown", f"use one of {', '.join(ENGINES)}")


# -- the stateful stages, in input order -------------------------------------------------------

class ChunkWriter:
    """Takes the duplicate decisions and stores one chunk, in input order, in one transaction."""

    def __init__(self, store: Store, pipeline: Pipeline, settings: Settings, report: RunReport, run_id: int) -> None:
        self.store, self.pipeline, self.settings, self.report, self.run_id = store, pipeline, settings, report, run_id
        self.duplicates = DuplicateIndex(settings.dedup.near_max_distance, settings.dedup.near_min_jaccard)
        self.duplicates.extend(store.signatures())
        self.seen: set[tuple[str, str]] = set()
        self.known: dict[str, int] = {}
        self.vectors: dict[int, Any] = {}  # article id -> embedding, for the stories stage
        self.stored: list[tuple[int, str]] = []  # (article id, embedding text) not yet sent to embed

    def look_up(self, raws: list[str]) -> None:
        with self.store.engine.connect() as conn:
            self.seen = self.store.seen_documents(conn, raws)
            self.known = self.store.articles_by_raw_hash(conn, raws)

    def to_process(self, chunk: list[RawDocument | Rejected], raws: list[str],
                   queued: set[str] | None = None) -> list[int]:
        """Indexes of the documents the stateless stages must see (new bytes, first of their kind;
        ``queued``: bytes already on their way through the stages)."""
        queued = set(queued or ())
        picked = []
        for i, (item, raw) in enumerate(zip(chunk, raws)):
            if isinstance(item, Rejected) or raw in queued or raw in self.known:
                continue
            if (item.source.describe(), raw) in self.seen:
                continue
            queued.add(raw)
            picked.append(i)
        return picked

    def write(self, chunk: list[RawDocument | Rejected], raws: list[str], results: dict[int, Any]) -> None:
        """Store the chunk in turn with other processes writing this database (their articles
        of the meantime join the duplicate index first)."""
        with self.store.exclusive("dedup"), self.store.transaction() as conn:
            self.duplicates.extend(self.store.signatures(after=self.duplicates.newest))
            for i, (item, raw) in enumerate(zip(chunk, raws)):
                if isinstance(item, Rejected):
                    self._reject(conn, item, raw)
                else:
                    self._document(conn, item, raw, results.get(i))

    def _record(self, conn: Any, source: Any, raw: str, status: str, **values: Any) -> None:
        self.store.record_document(conn, source, raw, status, run_id=self.run_id, **values)
        self.seen.add((source.describe(), raw))
        if values.get("article_id") is not None:
            self.known.setdefault(raw, values["article_id"])

    def _reject(self, conn: Any, rejected: Rejected, raw: str) -> None:
        location = rejected.source.describe()
        if (location, raw) in self.seen:
            self.report.counts["unchanged (seen before)"] += 1
            return
        self.report.reject(rejected.stage, rejected.reason, location)
        self._record(conn, rejected.source, raw, "rejected", url=rejected.url, reason=rejected.reason,
                     detail=rejected.detail)

    def _document(self, conn: Any, doc: RawDocument, raw: str, result: Article | Rejected | None) -> None:
        report = self.report
        if (doc.source.describe(), raw) in self.seen:
            report.counts["unchanged (seen before)"] += 1
            return
        same = self.known.get(raw)
        if same is not None:  # the very same page, reached another way (a feed, an archive)
            self._record(conn, doc.source, raw, "duplicate", url=doc.url, article_id=same,
                         duplicate_kind="same-document")
            report.counts["same page via another input"] += 1
            return
        if result is None:  # same bytes as an earlier document of this chunk that did not become an article
            [result], timings, repaired = process_batch([doc], self.settings)
            merge_timings(report, timings, repaired)
        if isinstance(result, Rejected):
            if result.reason == STAGE_ERROR:  # a bug, not bad input: not stored, so the next run retries
                report.reject(result.stage, result.reason, doc.source.describe())
            else:
                self._reject(conn, result, raw)
            return
        with report.timed("dedup") as stats:
            stats.seen += 1
            match = self.duplicates.find(result, load_text=self.store.article_text)
        with report.timed("store"):
            article_id = self._store(conn, doc, raw, result, match, stats)
        if article_id is not None and self.settings.cluster.embedder != "none":
            self.stored.append((article_id, embedding_text(result)))

    def take_stored(self) -> list[tuple[int, str]]:
        """The articles stored since the last call, to be embedded by the workers."""
        stored, self.stored = self.stored, []
        return stored

    def _store(self, conn: Any, doc: RawDocument, raw: str, article: Article, match: Any,
               stats: Any) -> int | None:
        """Store the article, or record the document as a copy (then None)."""
        report, store = self.report, self.store
        url = doc.url or article.url
        if match is not None:
            self._record(conn, doc.source, raw, "duplicate", url=url, article_id=match.article_id,
                         duplicate_kind=match.kind, similarity=match.similarity)
            report.counts[f"duplicates ({match.kind})"] += 1
            return None
        same_url = store.article_id_by_url(conn, article.url)
        if same_url is not None:
            self._record(conn, doc.source, raw, "duplicate", url=url, article_id=same_url,
                         duplicate_kind="same-url")
            report.counts["duplicates (same url)"] += 1
            return None
        stats.passed += 1
        article_id = store.add_article(conn, article.replace(simhash=to_signed(article.simhash)))
        store.add_facts(conn, article_id, article, self.pipeline.known_entity)
        report.counts["events found"] += len(article.events)
        report.counts["translation leftovers flagged"] += len(article.leftovers)
        self._record(conn, doc.source, raw, "article", url=url, article_id=article_id)
        report.stage("store").seen += 1
        report.stage("store").passed += 1
        self.duplicates.add(article_id, article.content_hash, article.simhash, article.text)
        return article_id


def merge_timings(report: RunReport, timings: dict, repaired: int) -> None:
    """Add a worker's stage counts and seconds (CPU time in the workers) to the run report."""
    for name, (seen, passed, seconds) in timings.items():
        stats = report.stage(name)
        stats.seen += seen
        stats.passed += passed
        stats.seconds += seconds
    report.counts["encodings repaired"] += repaired


def _read_chunk(documents: Iterator[RawDocument | Rejected], size: int, report: RunReport) -> list:
    chunk: list[RawDocument | Rejected] = []
    while len(chunk) < size:
        with report.timed("ingest") as stats:
            item = next(documents, None)
            if item is None:
                break
            stats.seen += 1
            stats.passed += not isinstance(item, Rejected)
        chunk.append(item)
    return chunk


@dataclass
class _Submitted:
    """A chunk whose documents the engine is processing (in the background) while the driver stores
    the chunk before it, with the embeddings of articles stored earlier."""

    chunk: list
    raws: list[str]
    batches: list[list[int]]  # indexes into the chunk, per "stages" task
    embeds: list[list[int]]  # article ids, per "embed" task (after the "stages" tasks)
    outcomes: list[Any]  # the engine's answer per task, in task order
    thread: threading.Thread | None = None
    error: BaseException | None = None


def _submit(chunk: list, writer: ChunkWriter, engine: LocalEngine | RayEngine,
            queued: set[str]) -> _Submitted:
    """Start the stateless stages on the chunk's new documents, and the story embeddings of the
    articles stored since the last submission. ``queued``: raw hashes of the chunk still being
    processed before this one (not in the store yet, so not worth a second pass)."""
    raws = [_reject_hash(x) if isinstance(x, Rejected) else raw_hash(x.content) for x in chunk]
    picked: list[int] = []
    if chunk:
        writer.look_up(raws)
        picked = writer.to_process(chunk, raws, queued)
    batches = _slices(picked, BATCH_SIZE)
    stored = writer.take_stored()
    embeds = _slices(stored, BATCH_SIZE)
    job = _Submitted(chunk, raws, batches, [[article_id for article_id, _ in e] for e in embeds], [])
    tasks = [("stages", [chunk[i] for i in b]) for b in batches] + [("embed", [t for _, t in e]) for e in embeds]
    if tasks:
        mapped = engine.map(tasks)

        def collect() -> None:
            try:
                job.outcomes.extend(mapped)  # in task order: both engines keep it
            except BaseException as exc:  # noqa: BLE001 - handed to the driver, which raises it
                job.error = exc

        job.thread = threading.Thread(target=collect, name="batch-collect", daemon=True)
        job.thread.start()
    return job


def _finish(job: _Submitted, writer: ChunkWriter, report: RunReport) -> None:
    """Wait for the chunk's results, then take its duplicate decisions and store it; keep the
    embeddings that came with it."""
    with report.timed("parallel stages (wait)") as wait:
        if job.thread is not None:
            job.thread.join()
        if job.error is not None:
            raise job.error
    staged, embedded = job.outcomes[:len(job.batches)], job.outcomes[len(job.batches):]
    results: dict[int, Any] = {}
    for indexes, (done, timings, repaired) in zip(job.batches, staged, strict=True):
        results.update(zip(indexes, done))
        merge_timings(report, timings, repaired)
    for ids, (vectors, timings, _) in zip(job.embeds, embedded, strict=True):
        writer.vectors.update((i, v) for i, v in zip(ids, vectors) if v is not None)
        merge_timings(report, timings, 0)
    wait.seen += sum(len(b) for b in job.batches)
    wait.passed += sum(not isinstance(r, Rejected) for r in results.values())
    if job.chunk:
        writer.look_up(job.raws)  # the store now holds the chunk before this one
        writer.write(job.chunk, job.raws, results)


def run_batch(inputs: Iterable[str], store: Store, settings: Settings | None = None,
              options: BatchOptions | None = None, progress: Progress | None = None) -> RunReport:
    """Ingest ``inputs`` (paths or shell patterns) into ``store`` with a parallel engine; update stories."""
    settings = settings or Settings()
    options = options or BatchOptions()
    progress = progress or NoProgress()
    paths = expand_patterns(inputs)
    pipeline = Pipeline(settings)
    report = RunReport()
    started = time.perf_counter()
    engine = make_engine(options.engine, settings, options.workers)
    run_id = store.start_run(paths)
    writer = ChunkWriter(store, pipeline, settings, report, run_id)
    try:
        documents = iter(pipeline.ingester(paths))
        progress.start("documents", None)
        running: _Submitted | None = None
        while True:  # chunk k and the embeddings of chunk k-2 run while chunk k-1 is stored
            chunk = _read_chunk(documents, options.chunk, report)
            queued = {running.raws[i] for b in running.batches for i in b} if running else set()
            submitted = _submit(chunk, writer, engine, queued) if chunk or writer.stored else None
            if running is not None:
                _finish(running, writer, report)
                progress.advance("documents", len(running.chunk))
            running = submitted
            if running is None and not chunk and not writer.stored:
                break
        progress.finish("documents")
        report.counts["skipped files (type not read)"] = len(pipeline.ingester.stats.skipped)
        cluster_windows(store, settings, options.window, report, progress, writer.vectors, engine)
    finally:
        engine.close()
    report.seconds = time.perf_counter() - started
    report.counts["articles in store"] = store.count("articles")
    report.counts["stories in store"] = store.count("stories")
    store.finish_run(run_id, report.to_dict())
    return report


# -- stories, one publication-time window at a time --------------------------------------------

EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


def time_windows(articles: list[Article], window: timedelta) -> Iterator[list[Article]]:
    """Articles (sorted by publication, undated last) grouped by the window they fall in."""
    group: list[Article] = []
    key: int | None = None
    for article in articles:
        this = (article.published - EPOCH) // window if article.published else None
        if group and this != key:
            yield group
            group = []
        key = this
        group.append(article)
    if group:
        yield group


def cluster_windows(store: Store, settings: Settings, window: timedelta, report: RunReport,
                    progress: Progress, vectors: dict[int, Any] | None = None,
                    engine: LocalEngine | RayEngine | None = None) -> None:
    """Put every article without a story into one, oldest first, one publication-time window at a time.

    One clustering batch (:func:`~newsdesk.pipeline.runner.cluster_pending`: the same assignments,
    merges, splits and closing of idle stories as ``newsdesk run``), its clusterer loaded once and
    its statistics saved once, whose articles are grouped window by window. With an ``engine``, its
    workers read the articles' story features ahead of the driver, which assigns them in order."""
    cluster_pending(store, settings, report, progress, known_vectors=vectors,
                    window=lambda pending: time_windows(pending, window),
                    read_ahead=(lambda pending: _read_ahead(engine, pending, report)) if engine else None)


def _read_ahead(engine: LocalEngine | RayEngine, articles: list[Article], report: RunReport) -> Iterator[TextFeatures]:
    """The story features of ``articles``, in order, computed by the engine's workers (all tasks
    are handed out at once, so the workers run ahead of whoever consumes them)."""
    tasks = [("read", [(a.title, a.lead, a.text, a.language) for a in part]) for part in _slices(articles, 4 * BATCH_SIZE)]
    answers = engine.map(tasks) if tasks else iter(())  # started now, not on the first article

    def results() -> Iterator[TextFeatures]:
        for found, timings, _ in answers:
            merge_timings(report, timings, 0)
            yield from found

    return results()
