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
from typing import Iterable, Protocol

from newsdesk.cluster.stories import CorpusStats, StoryClusterer, StoryState
from newsdesk.config import Settings
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
        self.ingester = FileIngester()
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
        if isinstance(item, Rejected):
            _store_reject(store, item, _reject_hash(item), run_id, report)
            continue
        stats.passed += 1
        _process_document(item, pipeline, store, duplicates, run_id, report)
    progress.finish("documents")
    report.counts["skipped files (type not read)"] = len(pipeline.ingester.stats.skipped)
    report.counts["encodings repaired"] = pipeline.extractor.repaired

    cluster_pending(store, settings, report, progress)
    report.seconds = time.perf_counter() - started
    report.counts["articles in store"] = store.count("articles")
    report.counts["stories in store"] = len(store.stories())
    store.finish_run(run_id, report.to_dict())
    return report


def _store_reject(store: Store, rejected: Rejected, raw: str, run_id: int, report: RunReport) -> None:
    location = rejected.source.describe()
    if store.document_seen(location, raw):
        report.counts["unchanged (seen before)"] += 1
        return
    report.reject(rejected.stage, rejected.reason, location)
    with store.transaction() as conn:
        store.record_document(
            conn, rejected.source, raw, "rejected", url=rejected.url, reason=rejected.reason,
            detail=rejected.detail, run_id=run_id,
        )


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
    with report.timed("extract") as stats:
        stats.seen += 1
        result = pipeline.extractor(doc)
    if isinstance(result, Rejected):
        _store_reject(store, result, raw, run_id, report)
        return
    stats.passed += 1
    article = pipeline.enrich(result, report)
    with report.timed("dedup") as stats:
        stats.seen += 1
        match = duplicates.find(article, load_text=store.article_text)
    with report.timed("store") as store_stats, store.transaction() as conn:
        if match is None:
            same_url = store.article_id_by_url(conn, article.url)
            if same_url is not None:
                store.record_document(conn, doc.source, raw, "duplicate", url=doc.url or article.url,
                                      article_id=same_url, duplicate_kind="same-url", run_id=run_id)
                report.counts["duplicates (same url)"] += 1
                return
            stats.passed += 1
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


def load_clusterer(store: Store, settings: Settings) -> StoryClusterer:
    states = [StoryState.from_json(s["id"], s["title"], s["state"]) for s in store.open_stories()]
    stats = CorpusStats.from_json(store.get_state(CLUSTER_STATS_KEY))
    return StoryClusterer(settings.cluster, states, stats)


def cluster_pending(store: Store, settings: Settings, report: RunReport, progress: Progress) -> None:
    """Put every article without a story into one, oldest first."""
    pending = sorted(store.articles(unassigned=True), key=lambda a: (a.published is None, a.published or datetime.min, a.id))
    if not pending:
        return
    clusterer = load_clusterer(store, settings)
    progress.start("stories", len(pending))
    latest: datetime | None = None
    for article in pending:
        with report.timed("cluster") as stats:
            stats.seen += 1
            assignment = clusterer.assign(article)
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
            stats.passed += 1
            if article.published and (latest is None or article.published > latest):
                latest = article.published
        progress.advance("stories")
    with store.transaction() as conn:
        if latest is not None:
            closed = clusterer.close_idle(latest)
            store.close_stories(conn, [s.id for s in closed if s.id is not None])
            report.counts["stories closed"] += len(closed)
        store.put_state(conn, CLUSTER_STATS_KEY, clusterer.stats.to_json())
    progress.finish("stories")
