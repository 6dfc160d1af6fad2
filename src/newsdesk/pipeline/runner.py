"""Runs every stage over local inputs and stores the result.

Phase 1 streams documents through ingest -> extract -> language -> signature, drops
copies of stored articles (linking them to the original) and stores each article in
its own transaction with the document that produced it. Phase 2 clusters every
article not yet in a story, in publication order. Either phase can be interrupted
and the next run picks up what is left: documents already seen are skipped, and
articles without a story are clustered.
"""

from __future__ import annotations

import hashlib
import logging
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Protocol

from newsdesk.cluster.embeddings import Embedder, load_embedder
from newsdesk.cluster.features import ArticleFeatures, TextFeatures, embedding_text, features
from newsdesk.cluster.stories import CorpusStats, StoryClusterer, StoryState, split_groups
from newsdesk.config import Settings
from newsdesk.errors import RecordRefused, WriteConflict
from newsdesk.enrich.dedup import DuplicateIndex, SignatureStage, to_signed
from newsdesk.enrich.facts import FactsStage
from newsdesk.enrich.language import LanguageDetector
from newsdesk.extract import HtmlExtractor, raw_hash
from newsdesk.ingest import FileIngester
from newsdesk.records import Article, RawDocument, Rejected
from newsdesk.report import RunReport
from newsdesk.stage import check_chain
from newsdesk.store import Store

logger = logging.getLogger(__name__)
logger.addHandler(logging.NullHandler())

CLUSTER_STATS_KEY = "cluster.stats"
# The article ids of the clustering batch in progress (None when none is): see _begin_batch.
CLUSTER_BATCH_KEY = "cluster.batch"
EMBED_BATCH = 64
SPLIT_MIN_SIZE = 4  # stories this large (and no larger than SPLIT_MAX_SIZE) are checked for a split
SPLIT_MAX_SIZE = 60
SPLIT_MIN_GROUP = 2
# Reject reason for a document on which a stage raised: counted, not stored (retried next run).
STAGE_ERROR = "stage-error"


class Progress(Protocol):
    def start(self, phase: str, total: int | None) -> None: ...
    def advance(self, phase: str, n: int = 1) -> None: ...
    def finish(self, phase: str) -> None: ...


class NoProgress:
    def start(self, phase: str, total: int | None) -> None:
        pass

    def advance(self, phase: str, n: int = 1) -> None:
        pass

    def finish(self, phase: str) -> None:
        pass


def _reject_hash(rejected: Rejected) -> str:
    return hashlib.sha256(f"{rejected.reason}|{rejected.source.describe()}".encode()).hexdigest()


@dataclass
class Pipeline:
    """The stages of one run, built from settings and checked before use."""

    settings: Settings

    def __post_init__(self) -> None:
        self.ingester = FileIngester(self.settings.extract.max_bytes)
        self.extractor = HtmlExtractor(self.settings.extract)
        self.facts = FactsStage(self.settings.entities)
        self.enrichers = [LanguageDetector(self.settings.language), SignatureStage(), self.facts]
        check_chain([self.extractor, *self.enrichers], provided=())

    def known_entity(self, entity_id: str):
        known = self.facts.registry.get(entity_id)
        return (known.entity, known.kind, known.country) if known else None

    def enrich(self, article: Article, report: RunReport) -> Article:
        for stage in self.enrichers:
            with report.timed(stage.name) as stats:
                stats.seen += 1
                article = stage(article)
                stats.passed += 1
        return article


def run(inputs: Iterable[str | Path], store: Store, settings: Settings | None = None,
        progress: Progress | None = None) -> RunReport:
    """Ingest ``inputs`` into ``store`` and update stories. Returns the run report."""
    settings = settings or Settings()
    progress = progress or NoProgress()
    inputs = [str(p) for p in inputs]
    pipeline = Pipeline(settings)
    report = RunReport()
    started = time.perf_counter()
    run_id = store.start_run(inputs)
    duplicates = DuplicateIndex(settings.dedup.near_max_distance, settings.dedup.near_min_jaccard)
    duplicates.extend(store.signatures())

    progress.start("documents", None)
    documents = iter(pipeline.ingester(inputs))
    while True:
        with report.timed("ingest") as stats:
            item = next(documents, None)
            if item is None:
                break
            stats.seen += 1
        progress.advance("documents")
        stats.passed += not isinstance(item, Rejected)
        _take(item, pipeline, store, duplicates, run_id, report)
    progress.finish("documents")
    report.counts["skipped files (type not read)"] = len(pipeline.ingester.stats.skipped)
    report.counts["encodings repaired"] = pipeline.extractor.repaired

    cluster_pending(store, settings, report, progress)
    report.seconds = time.perf_counter() - started
    report.counts["articles in store"] = store.count("articles")
    report.counts["stories in store"] = store.count("stories")
    store.finish_run(run_id, report.to_dict())
    return report


def _store_reject(store: Store, rejected: Rejected, raw: str, run_id: int, report: RunReport) -> None:
    location = rejected.source.describe()
    if store.document_seen(location, raw):
        report.counts["unchanged (seen before)"] += 1
        return
    with store.transaction() as conn:
        store.record_document(
            conn, rejected.source, raw, "rejected", url=rejected.url, reason=rejected.reason,
            detail=rejected.detail, run_id=run_id,
        )
    report.reject(rejected.stage, rejected.reason, location)  # counted once stored (a conflict retries)


def _take(item: RawDocument | Rejected, pipeline: Pipeline, store: Store, duplicates: DuplicateIndex,
          run_id: int, report: RunReport) -> None:
    """Store one ingested item: a reject, or a document through the stages.

    Another process on the same database (a `watch`, a pass the web API started) may record the
    same document or store the same URL between this one's check and its write. The write then
    fails as a :class:`WriteConflict`, rolled back, and the item is decided once more against what
    the other process stored (its document row: "unchanged"; its URL: a copy)."""
    for attempt in (1, 2):
        try:
            if isinstance(item, Rejected):
                _store_reject(store, item, _reject_hash(item), run_id, report)
            else:
                _process_document(item, pipeline, store, duplicates, run_id, report)
            return
        except WriteConflict as exc:
            if attempt == 2:
                raise
            logger.info("write conflict on %s, deciding again: %s", item.source.describe(), exc)
            report.counts["write conflicts decided again"] += 1


def _process_document(doc: RawDocument, pipeline: Pipeline, store: Store, duplicates: DuplicateIndex,
                      run_id: int, report: RunReport) -> None:
    raw = raw_hash(doc.content)
    if store.document_seen(doc.source.describe(), raw):
        report.counts["unchanged (seen before)"] += 1
        return
    same = store.article_id_by_raw_hash(raw)
    if same is not None:  # the very same page, reached another way (a feed, an archive)
        with store.transaction() as conn:
            store.record_document(conn, doc.source, raw, "duplicate", url=doc.url, article_id=same,
                                  duplicate_kind="same-document", run_id=run_id)
        report.counts["same page via another input"] += 1
        return
    article = _extract_and_enrich(doc, pipeline, report)
    if isinstance(article, Rejected):
        if article.reason == STAGE_ERROR:  # a bug, not bad input: not stored, so the next run retries
            report.reject(article.stage, article.reason, doc.source.describe())
        else:
            _store_reject(store, article, raw, run_id, report)
        return
    try:
        with store.exclusive("dedup"):  # decide and store in turn with other processes writing here
            with report.timed("dedup") as stats:
                stats.seen += 1
                duplicates.extend(store.signatures(after=duplicates.newest))  # what they stored meanwhile
                match = duplicates.find(article, load_text=store.article_text)
            _store_article(doc, raw, article, match, pipeline, store, duplicates, run_id, report)
    except RecordRefused as exc:
        logger.warning("not stored %s: %s", doc.source.describe(), exc)
        _store_reject(store, Rejected("store-refused", str(exc)[:500], doc.source, "store", url=doc.url), raw,
                      run_id, report)


def _store_article(doc: RawDocument, raw: str, article: Article, match, pipeline: Pipeline, store: Store,
                   duplicates: DuplicateIndex, run_id: int, report: RunReport) -> None:
    """The article with its facts and its document row (or the copy's row): one transaction."""
    with report.timed("store") as store_stats, store.transaction() as conn:
        if match is None:
            same_url = store.article_id_by_url(conn, article.url)
            if same_url is not None:
                store.record_document(conn, doc.source, raw, "duplicate", url=doc.url or article.url,
                                      article_id=same_url, duplicate_kind="same-url", run_id=run_id)
                report.counts["duplicates (same url)"] += 1
                return
            report.stage("dedup").passed += 1
            article_id = store.add_article(conn, article.replace(simhash=to_signed(article.simhash)))
            store.add_facts(conn, article_id, article, pipeline.known_entity)
            report.counts["events found"] += len(article.events)
            report.counts["translation leftovers flagged"] += len(article.leftovers)
            store.record_document(conn, doc.source, raw, "article", url=doc.url or article.url,
                                  article_id=article_id, run_id=run_id)
            store_stats.seen += 1
            store_stats.passed += 1
            duplicates.add(article_id, article.content_hash, article.simhash, article.text)
        else:
            store.record_document(conn, doc.source, raw, "duplicate", url=doc.url or article.url,
                                  article_id=match.article_id,
                                  duplicate_kind=match.kind, similarity=match.similarity, run_id=run_id)
            report.counts[f"duplicates ({match.kind})"] += 1


def _extract_and_enrich(doc: RawDocument, pipeline: Pipeline, report: RunReport) -> Article | Rejected:
    """Extract and enrich one document. An unexpected exception in a stage costs this document
    only: it becomes ``Rejected("stage-error")``, logged with its traceback, and the run goes on."""
    stage = "extract"
    try:
        with report.timed("extract") as stats:
            stats.seen += 1
            result = pipeline.extractor(doc)
        if isinstance(result, Rejected):
            return result
        stats.passed += 1
        stage = "enrich"
        return pipeline.enrich(result, report)
    except (RecursionError, MemoryError, ArithmeticError, ValueError, TypeError, LookupError,
            AttributeError, UnicodeError) as exc:
        logger.exception("%s failed on %s", stage, doc.source.describe())
        return Rejected(STAGE_ERROR, f"{stage} failed: {type(exc).__name__}: {exc}"[:500], doc.source, stage,
                        url=doc.url)


def load_clusterer(store: Store, settings: Settings, with_model: bool = False) -> StoryClusterer:
    states = [StoryState.from_json(s["id"], s["title"], s["state"]) for s in store.open_stories()]
    stats = CorpusStats.from_json(store.get_state(CLUSTER_STATS_KEY))
    return StoryClusterer(settings.cluster, states, stats, with_model=with_model)


def _vectors(embedder: Embedder | None, pending: list[Article]) -> list:
    if embedder is None:
        return [None] * len(pending)
    found: list = []
    for start in range(0, len(pending), EMBED_BATCH):
        found.extend(embedder.embed([embedding_text(a) for a in pending[start:start + EMBED_BATCH]]))
    return found


def cluster_pending(store: Store, settings: Settings, report: RunReport, progress: Progress,
                    pending: list[Article] | None = None, known_vectors: dict[int, Any] | None = None,
                    window: Callable[[list[Article]], Iterable[list[Article]]] | None = None,
                    read_ahead: Callable[[list[Article]], Iterator[TextFeatures]] | None = None) -> None:
    """Put every article without a story into one, oldest first; then merge and split what turned out wrong.

    ``pending``: only these articles (default: every article without a story); ``known_vectors``:
    article id -> embedding computed already (batch mode embeds in its workers); ``window``: splits
    the sorted articles into groups that are assigned, merged and split one after the other (batch
    mode: publication-time windows), within one clustering batch (see :class:`_Grouping`);
    ``read_ahead``: the sorted articles -> their :func:`~newsdesk.cluster.features.text_features` in
    that order (batch mode computes them in its workers while the driver assigns).

    One process at a time groups stories (``store.exclusive("cluster")``): a `watch`, a pass the
    web API started and a `run` may share one database, and each waits for the other's batch."""
    with store.exclusive("cluster"):
        if pending is None:
            pending = store.articles(unassigned=True)
        elif pending:  # another process may have grouped some of them while this one waited
            story_of = store.article_story_ids([a.id for a in pending])
            pending = [a for a in pending if story_of.get(a.id) is None]
        pending = sorted(pending, key=lambda a: (a.published is None, a.published or datetime.min, a.id))
        if not pending and not store.get_state(CLUSTER_BATCH_KEY):
            return
        grouping = _Grouping(store, settings, report, progress, pending, known_vectors,
                             read_ahead(pending) if read_ahead is not None else None)
        groups = list(window(pending)) if window is not None else [pending]
        if window is not None:
            report.counts["time windows"] += len(groups)
        for group in groups or [[]]:  # no articles left: an interrupted window's stories are still checked
            grouping.group(group)
        grouping.close()


class _Grouping:
    """One clustering batch: the clusterer loaded once, its articles grouped one window at a time,
    the corpus statistics saved once at the end.

    Story assignments, merges, splits and closings are written as they happen, the statistics only
    when the batch closes. The batch's article ids are written first (``cluster.batch``), and with
    them the ids of the window in progress (``current``, emptied when the window's merges, splits and
    closings are written). A run killed mid-batch leaves the marker behind; the next run re-adds the
    already assigned articles to the statistics and checks the stories of the interrupted window's
    assigned articles again, so the result is the same as that of a run never interrupted."""

    def __init__(self, store: Store, settings: Settings, report: RunReport, progress: Progress,
                 pending: list[Article], known_vectors: dict[int, Any] | None,
                 reads: Iterator[TextFeatures] | None = None) -> None:
        self.store, self.report, self.progress = store, report, progress
        with report.timed("stories (load)"):
            self.embedder = load_embedder(settings.cluster.embedder)
            self.clusterer = load_clusterer(store, settings, with_model=self.embedder is not None)
            self.ids, self.resumed = _begin_batch(store, self.clusterer, pending)
        self.known = known_vectors if self.embedder is not None and known_vectors else {}
        self.kept: dict[int, object] = dict(self.known)
        self.assigned: dict[int, ArticleFeatures] = {}  # what the articles were assigned with, for the split checks
        self.reads = reads  # the text features of the batch's articles, in order

    def group(self, pending: list[Article]) -> None:
        """Assign ``pending`` (sorted), then merge and split the stories they and an interrupted
        window's articles touched, then close the stories idle since."""
        store, report, clusterer, resumed = self.store, self.report, self.clusterer, self.resumed
        with report.timed("stories (load)"):
            carried = [a.id for a in resumed.assigned]
            with store.transaction() as conn:
                store.put_state(conn, CLUSTER_BATCH_KEY, {"ids": self.ids, "current": carried + [a.id for a in pending]})
            entity_ids = store.article_entity_ids([a.id for a in pending])
        with report.timed("embed") as stats:
            todo = [a for a in pending if a.id not in self.known]
            stats.seen += len(todo) if self.embedder is not None else 0
            stats.passed = stats.seen
            found = dict(zip((a.id for a in todo), _vectors(self.embedder, todo)))
            vectors = [self.known[a.id] if a.id in self.known else found[a.id] for a in pending]
        if self.embedder is not None:
            report.counts["articles embedded"] += len(pending)
        self.progress.start("stories", len(pending))
        touched: dict[int, StoryState] = {s.id: s for s in clusterer.stories if s.id in resumed.touched}
        for article, vector in zip(pending, vectors):
            with report.timed("cluster") as stats:
                stats.seen += 1
                read = next(self.reads) if self.reads is not None else None
                feats = features(article, entity_ids.get(article.id, []), vector, read)
                assignment = clusterer.assign_features(feats, article.title)
                self.assigned[article.id] = feats
                _save_assignment(store, article, assignment, report)
                touched[assignment.story.id] = assignment.story
                self.kept[article.id] = vector
                stats.passed += 1
            self.progress.advance("stories")
        with report.timed("merge"):  # each story this window touched against the open ones
            _apply_merges(store, clusterer, clusterer.merges(list(touched.values())), report, touched)
        with report.timed("split"):
            _check_splits(store, clusterer, [s for s in touched.values() if s in clusterer.stories], self.kept,
                          self.embedder, report, self.assigned)
        latest = max((a.published for a in [*pending, *resumed.assigned] if a.published), default=None)
        with report.timed("stories (save)"), store.transaction() as conn:
            if latest is not None:
                closed = clusterer.close_idle(latest)
                store.close_stories(conn, [s.id for s in closed if s.id is not None])
                report.counts["stories closed"] += len(closed)
            store.put_state(conn, CLUSTER_BATCH_KEY, {"ids": self.ids, "current": []})
        self.resumed = _Resumed([], set())  # an interrupted window is carried into the first one only
        self.progress.finish("stories")

    def close(self) -> None:
        """Save the statistics and end the batch, in one transaction."""
        with self.report.timed("stories (save)"), self.store.transaction() as conn:
            self.store.put_state(conn, CLUSTER_STATS_KEY, self.clusterer.stats.to_json())
            self.store.put_state(conn, CLUSTER_BATCH_KEY, None)


@dataclass
class _Resumed:
    """What an interrupted clustering batch had already done in its window in progress: its
    assigned articles and their stories."""

    assigned: list[Article]
    touched: set[int]


def _begin_batch(store: Store, clusterer: StoryClusterer, pending: list[Article]) -> tuple[list[int], _Resumed]:
    """Record the batch about to be clustered, or pick up the one an interrupted run left: the
    batch's article ids, and what its window in progress had done (see :class:`_Grouping`)."""
    batch = store.get_state(CLUSTER_BATCH_KEY)
    if not batch:
        ids = [a.id for a in pending]
        with store.transaction() as conn:
            store.put_state(conn, CLUSTER_BATCH_KEY, {"ids": ids, "current": []})
        return ids, _Resumed([], set())
    story_of = store.article_story_ids(batch["ids"])
    order = {article_id: i for i, article_id in enumerate(batch["ids"])}
    assigned = sorted((a for a in store.articles(ids=batch["ids"]) if story_of.get(a.id) is not None),
                      key=lambda a: order[a.id])
    entity_ids = store.article_entity_ids([a.id for a in assigned])
    for article in assigned:
        clusterer.stats.add(features(article, entity_ids.get(article.id, [])))
    current = set(batch.get("current", batch["ids"]))  # a marker without "current" was one window
    in_window = [a for a in assigned if a.id in current]
    logger.info("resuming an interrupted clustering batch: %d of %d articles were assigned, %d in its last window",
                len(assigned), len(batch["ids"]), len(in_window))
    ids = batch["ids"] + [a.id for a in pending if a.id not in order]  # the rest of the old batch and what is new
    return ids, _Resumed(in_window, {story_of[a.id] for a in in_window})


def _save_assignment(store: Store, article: Article, assignment, report: RunReport) -> None:
    story = assignment.story
    with store.transaction() as conn:
        if story.id is None:
            story.id = store.create_story(conn, story.title, article.published, story.to_json())
            action = "created"
            report.counts["stories created"] += 1
        else:
            store.update_story(conn, story.id, state=story.to_json(), first_seen=story.first, last_seen=story.last)
            action = "joined"
        store.assign(conn, article.id, story.id, action, assignment.score)


def _apply_merges(store: Store, clusterer: StoryClusterer, merges: list, report: RunReport,
                  touched: dict[int, StoryState]) -> None:
    for merge in merges:
        with store.transaction() as conn:
            moved = store.merge_stories(conn, merge.into.id, merge.absorbed.id, merge.score, merge.into.to_json(),
                                        merge.into.first, merge.into.last)
        touched.pop(merge.absorbed.id, None)
        report.counts["stories merged"] += 1
        logger.info("story %s merged into %s (%d articles, score %.3f)", merge.absorbed.id, merge.into.id, moved, merge.score)


def _check_splits(store: Store, clusterer: StoryClusterer, stories: list[StoryState], vectors: dict[int, object],
                  embedder: Embedder | None, report: RunReport, assigned: dict[int, ArticleFeatures]) -> None:
    """A story whose articles fall into two groups that do not join each other splits in two.
    ``assigned``: features already computed this batch (the same as computing them again)."""
    for story in stories:
        if story.size < SPLIT_MIN_SIZE or story.size > SPLIT_MAX_SIZE:
            continue
        members = store.articles(story_id=story.id)
        missing = [a for a in members if vectors.get(a.id) is None]
        if embedder is not None and missing:
            vectors.update(zip((a.id for a in missing), _vectors(embedder, missing)))
        fresh = {a.id for a in members if a.id not in assigned or assigned[a.id].vector is not vectors.get(a.id)}
        entity_ids = store.article_entity_ids(sorted(fresh)) if fresh else {}
        feats = [features(a, entity_ids.get(a.id, []), vectors.get(a.id)) if a.id in fresh else assigned[a.id]
                 for a in members]
        groups = split_groups(clusterer, feats, SPLIT_MIN_GROUP)
        if len(groups) < 2:
            continue
        _apply_split(store, clusterer, story, members, feats, groups, report)


def _apply_split(store: Store, clusterer: StoryClusterer, story: StoryState, members: list[Article],
                 feats: list, groups: list[list[int]], report: RunReport) -> None:
    rebuilt = []
    for group in groups:
        state = StoryState(id=None, title=members[group[0]].title)
        for i in group:
            state.add(feats[i])
        rebuilt.append(state)
    keep = rebuilt[0]
    story.take_summary(keep)
    with store.transaction() as conn:
        store.update_story(conn, story.id, state=story.to_json(), first_seen=story.first, last_seen=story.last)
        for group, state in zip(groups[1:], rebuilt[1:]):
            state.id = store.split_story(conn, story.id, [members[i].id for i in group], state.title,
                                         state.to_json(), state.first, state.last)
            clusterer.stories.append(state)
            report.counts["stories split"] += 1


def run_documents(documents: Iterable[RawDocument | Rejected], store: Store, settings: Settings | None = None,
                  progress: Progress | None = None, *, inputs: list[str] | None = None,
                  pipeline: Pipeline | None = None, report: RunReport | None = None) -> RunReport:
    """Like :func:`run`, for documents read elsewhere (the fetcher, watch mode).

    Each document goes through the same steps as in ``run`` and is stored as it comes,
    so an interrupted iteration loses nothing already consumed; then pending articles
    are clustered. ``pipeline`` may be reused across calls (watch builds it once).
    """
    settings = settings or Settings()
    progress = progress or NoProgress()
    pipeline = pipeline or Pipeline(settings)
    report = report if report is not None else RunReport()
    started = time.perf_counter()
    run_id = store.start_run(list(inputs or []))
    duplicates = DuplicateIndex(settings.dedup.near_max_distance, settings.dedup.near_min_jaccard)
    duplicates.extend(store.signatures())
    progress.start("documents", None)
    for item in documents:
        progress.advance("documents")
        _take(item, pipeline, store, duplicates, run_id, report)
    progress.finish("documents")
    cluster_pending(store, settings, report, progress)
    report.seconds += time.perf_counter() - started
    report.counts["articles in store"] = store.count("articles")
    store.finish_run(run_id, report.to_dict())
    return report
