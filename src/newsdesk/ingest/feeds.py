"""RSS and Atom feed files.

An item with full content becomes an ``article`` document of its own; an item that
only links to a page is resolved to a local copy of that page (a file named like the
URL's last path segment, next to the feed or in a folder beside it). Items whose page
is not available locally are rejected with ``link-not-local``: fetching remote pages
is the fetcher's job, not the file ingester's.
"""

from __future__ import annotations

import calendar
import logging
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterator
from urllib.parse import urlparse

import feedparser

from newsdesk.records import RawDocument, Rejected, SourceInfo

logger = logging.getLogger(__name__)
logger.addHandler(logging.NullHandler())

STAGE = "ingest"
# Item content shorter than this is a teaser, not the article.
MIN_FULL_CONTENT_CHARS = 400


@lru_cache(maxsize=32)
def _local_pages(root: str) -> dict[str, str]:
    """File name (with and without suffix) -> path, for the HTML files under ``root``."""
    index: dict[str, str] = {}
    for path in sorted(Path(root).rglob("*")):
        if path.suffix.lower() in {".html", ".htm"} and path.is_file():
            index.setdefault(path.name, str(path))
            index.setdefault(path.stem, str(path))
    return index


def resolve_local(link: str, feed_path: Path) -> Path | None:
    """Find the local copy of ``link`` near ``feed_path``, or ``None``."""
    parsed = urlparse(link)
    if not parsed.scheme:  # relative link: relative to the feed file
        candidate = (feed_path.parent / parsed.path).resolve()
        return candidate if candidate.is_file() else None
    segment = Path(parsed.path.rstrip("/")).name
    if not segment:
        return None
    for root in (feed_path.parent, feed_path.parent.parent):
        found = _local_pages(str(root)).get(segment)
        if found:
            return Path(found)
    return None


def _entry_date(entry: Any) -> str | None:
    for key in ("published_parsed", "updated_parsed"):
        value = entry.get(key)
        if value:
            try:
                return datetime.fromtimestamp(calendar.timegm(value), tz=timezone.utc).isoformat()
            except (OverflowError, OSError, ValueError, TypeError):  # a date no calendar holds
                return None
    return None


def _entry_authors(entry: Any) -> list[str]:
    names = [a.get("name") for a in entry.get("authors", []) if a.get("name")]
    if not names and entry.get("author"):
        names = [entry["author"]]
    return names


def read_feed(path: Path, max_bytes: int = 20_000_000) -> Iterator[RawDocument | Rejected]:
    """Items of the feed at ``path``; a linked local page larger than ``max_bytes`` is ``too-large``, unread."""
    content = path.read_bytes()
    parsed = feedparser.parse(content)
    feed_source = SourceInfo("feed", str(path))
    if not parsed.entries:
        reason = f"{parsed.get('bozo_exception')}" if parsed.get("bozo") else "no items"
        yield Rejected("bad-feed", f"not a usable RSS/Atom feed: {reason}", feed_source, STAGE)
        return
    feed_title = parsed.feed.get("title")
    feed_language = (parsed.feed.get("language") or "")[:2].lower() or None
    for index, entry in enumerate(parsed.entries):
        link = entry.get("link")
        hints = {
            "title": entry.get("title"),
            "published": _entry_date(entry),
            "authors": _entry_authors(entry),
            "site": feed_title,
            "language": feed_language,
            "url": link,
        }
        body = ""
        if entry.get("content"):
            body = max((c.get("value", "") for c in entry["content"]), key=len)
        source = SourceInfo("feed", link or str(path), container=str(path), offset=index)
        if len(body) >= MIN_FULL_CONTENT_CHARS:
            fields = {k: v for k, v in hints.items() if v}
            fields["html"] = body
            yield RawDocument(
                url=link, content=body.encode("utf-8"), media_type="article", source=source, fields=fields
            )
            continue
        if not link:
            yield Rejected("feed-item-empty", f"item {index} has neither content nor link", source, STAGE)
            continue
        local = resolve_local(link, path)
        if local is None:
            yield Rejected(
                "link-not-local",
                f"item {index} links to {link}, which is not among the local files",
                source,
                STAGE,
                url=link,
            )
            continue
        size = local.stat().st_size
        if size > max_bytes:
            yield Rejected("too-large", f"item {index}: {local} has {size} bytes, more than extract.max_bytes="
                           f"{max_bytes}", SourceInfo("feed", str(local), container=str(path), offset=index), STAGE,
                           url=link)
            continue
        yield RawDocument(
            url=link,
            content=local.read_bytes(),
            media_type="html",
            source=SourceInfo("feed", str(local), container=str(path), offset=index),
            hints={k: v for k, v in hints.items() if v},
        )
