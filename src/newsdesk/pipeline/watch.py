"""Watch mode: poll every source on its own schedule and take in what is new.

A pass takes every due source (every source with ``once``), fetches it with the
validators stored from the last poll (a 304 means nothing new), lists its items,
skips those already stored, fetches the new pages and runs each through the
pipeline as it arrives (stored one by one), then clusters the new articles into
stories. What a poll found is stored in the ``sources`` table (validators, last
status, next due time, failures), so a restart resumes where the last run stopped.
Validators are only kept after a complete poll: an interrupted or truncated poll
refetches the listing next time, and items already stored are skipped.

Setting the ``stop`` event (the CLI does so on SIGINT/SIGTERM) ends the watch after
the item being processed: it is stored, its story updated, and the loop returns.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, Iterator

from newsdesk.config import Settings
from newsdesk.ingest.fetch import TRANSIENT_REASONS, Fetched, Fetcher
from newsdesk.ingest.sources import Item, Listing, item_document, read_listing
from newsdesk.records import RawDocument, Rejected
from newsdesk.report import RunReport
from newsdesk.store import Store

from newsdesk.pipeline.runner import Pipeline, Progress, run_documents

logger = logging.getLogger(__name__)
logger.addHandler(logging.NullHandler())

MAX_CHILD_SITEMAPS = 50


def merge_reports(total: RunReport, part: RunReport) -> None:
    """Add ``part``'s counts, rejects and timings to ``total``."""
    for name, stats in part.stages.items():
        into = total.stage(name)
        into.seen += stats.seen
        into.passed += stats.passed
        into.rejected += stats.rejected
        into.seconds += stats.seconds
    total.rejects.update(part.rejects)
    for reason, examples in part.reject_examples.items():
        total.reject_examples.setdefault(reason, []).extend(examples)
        del total.reject_examples[reason][5:]
    for key, value in part.counts.items():
        if key.endswith("in store"):
            total.counts[key] = value
        else:
            total.counts[key] += value
    total.seconds += part.seconds


@dataclass
class _Poll:
    """One poll of one source: its items to process and whether the listing was taken in whole."""

    source: dict[str, Any]
    fetched: Fetched
    items: list[Item] = field(default_factory=list)
    complete: bool = True


class Watcher:
    """Polls the store's sources; ``stop`` ends it cleanly between two items."""

    def __init__(self, store: Store, settings: Settings | None = None, stop: threading.Event | None = None,
                 progress: Progress | None = None) -> None:
        self.store = store
        self.settings = settings or Settings()
        self.stop = stop or threading.Event()
        self.progress = progress
        self.fetcher = Fetcher(self.settings.fetch, self.stop)
        self._pipeline: Pipeline | None = None

    def close(self) -> None:
        self.fetcher.close()

    @property
    def pipeline(self) -> Pipeline:
        if self._pipeline is None:
            self._pipeline = Pipeline(self.settings)
        return self._pipeline

    # the loop ------------------------------------------------------------------------------
    def run(self, once: bool = False, max_items: int | None = None) -> RunReport:
        """Poll until stopped (or one pass over every source with ``once``); returns the total report."""
        total = RunReport()
        while not self.stop.is_set():
            report = self.run_pass(due_only=not once, max_items=max_items)
            merge_reports(total, report)
            if once:
                break
            self.stop.wait(self._sleep_seconds())
        total.counts["fetch requests"] = self.fetcher.stats["requests"]
        return total

    def _sleep_seconds(self) -> float:
        due = self.store.next_due()
        if due is None:
            return self.settings.watch.tick
        wait = (due - datetime.now(timezone.utc)).total_seconds()
        return min(max(wait, 0.0), self.settings.watch.tick)

    def run_pass(self, due_only: bool = True, max_items: int | None = None,
                 source_id: int | None = None) -> RunReport:
        """Poll the due sources (all with ``due_only=False``; only ``source_id``, when given) once."""
        report = RunReport()
        due = self.store.sources(due_at=datetime.now(timezone.utc) if due_only else None)
        if source_id is not None:
            due = [source for source in due if source["id"] == source_id]
        budget = max_items if max_items is not None else None
        for source in due:
            if self.stop.is_set() or (budget is not None and budget <= 0):
                break
            taken = self.poll(source, report, budget)
            if budget is not None:
                budget -= taken
        return report

    # one source ----------------------------------------------------------------------------
    def poll(self, source: dict[str, Any], report: RunReport, budget: int | None = None) -> int:
        """Fetch one source and process its new items; returns how many were taken in."""
        report.counts["sources polled"] += 1
        with report.timed("fetch") as stats:
            stats.seen += 1
            fetched = self.fetcher.fetch(source["url"], source["etag"], source["last_modified"])
        if isinstance(fetched, Rejected):
            return self._failed(source, fetched, report)
        stats.passed += 1
        if fetched.not_modified:
            report.counts["sources not modified"] += 1
            self._record(source, "not-modified", True, 0, fetched)
            return 0
        poll = self._listing(source, fetched, report)
        if isinstance(poll, Rejected):
            return self._failed(source, poll, report)
        self._select(poll, budget, report)
        if poll.items:
            part = run_documents(self._documents(poll, report), self.store, self.settings, self.progress,
                                 inputs=[source["url"]], pipeline=self.pipeline)
            merge_reports(report, part)
        self._record(source, "ok", True, len(poll.items), fetched if poll.complete else None)
        return len(poll.items)

    def _failed(self, source: dict[str, Any], rejected: Rejected, report: RunReport) -> int:
        report.reject("fetch", rejected.reason, source["url"])
        self._record(source, rejected.reason, False, 0, None)
        logger.warning("source %s: %s", source["url"], rejected.detail)
        return 0

    def _record(self, source: dict[str, Any], status: str, ok: bool, new: int, fetched: Fetched | None) -> None:
        self.store.record_fetch(
            source["id"], status, ok=ok, new_items=new, etag=fetched.etag if fetched else None,
            last_modified=fetched.last_modified if fetched else None, max_backoff=self.settings.watch.max_backoff)

    def _listing(self, source: dict[str, Any], fetched: Fetched, report: RunReport) -> _Poll | Rejected:
        if source["kind"] == "page":
            return _Poll(source, fetched, [Item(source["url"], {"url": source["url"]})])
        listing = read_listing(source["kind"], fetched.content, fetched.url)
        if isinstance(listing, Rejected):
            return listing
        poll = _Poll(source, fetched, list(listing.items))
        for child in listing.children[:MAX_CHILD_SITEMAPS]:  # a sitemap index: read its sitemaps
            if self.stop.is_set():
                poll.complete = False
                break
            got = self.fetcher.fetch(child)
            sub = read_listing("sitemap", got.content, got.url) if isinstance(got, Fetched) else got
            if isinstance(sub, Listing):
                poll.items.extend(sub.items)
            else:
                report.reject("fetch", sub.reason, child)
                poll.complete = False
        return poll

    def _select(self, poll: _Poll, budget: int | None, report: RunReport) -> None:
        """Keep the items not stored yet, at most the per-source and per-pass limits."""
        if poll.source["kind"] == "page":  # a changed page is read again (an unchanged one got a 304,
            report.counts["new items"] += 1  # or is counted `unchanged (seen before)` by its bytes)
            return
        urls = [item.url for item in poll.items]
        known = self.store.known_urls(urls, TRANSIENT_REASONS)
        new = [item for item in dict((i.url, i) for i in poll.items).values() if item.url not in known]
        report.counts["items already stored"] += len(poll.items) - len(new)
        limit = min(self.settings.watch.max_items, budget if budget is not None else len(new))
        if len(new) > limit:
            poll.complete = False
        poll.items = new[:limit]
        report.counts["new items"] += len(poll.items)

    def _documents(self, poll: _Poll, report: RunReport) -> Iterator[RawDocument | Rejected]:
        """The new items as documents, fetched concurrently, yielded in listing order until stopped."""
        url, kind = poll.source["url"], poll.source["kind"]
        if kind == "page":
            yield item_document(poll.items[0], url, 0, "web", poll.fetched.content, poll.fetched.url)
            return
        pages = self.fetcher.fetch_many(i.url for i in poll.items if i.content is None)
        try:
            for index, item in enumerate(poll.items):
                if self.stop.is_set():
                    poll.complete = False
                    return
                if item.content is not None:
                    yield item_document(item, url, index, "feed")
                    continue
                with report.timed("fetch") as stats:
                    stats.seen += 1
                    _, got = next(pages)
                if isinstance(got, Rejected):
                    yield got
                    continue
                stats.passed += 1
                source_kind = "feed" if kind == "feed" else "sitemap"
                yield item_document(item, url, index, source_kind, got.content, got.url)
        finally:
            pages.close()
