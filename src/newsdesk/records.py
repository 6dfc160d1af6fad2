"""The records that travel between newsdesk's stages.

Every record is a frozen, picklable dataclass, so a stage can run in-process, in a
process pool or on Ray. Provenance (``SourceInfo``) travels with the data from the
moment a document is read until it is stored.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

SourceKind = Literal["file", "feed", "warc", "jsonl", "web", "sitemap", "text"]


@dataclass(frozen=True, slots=True)
class SourceInfo:
    """Where a document came from.

    ``location`` is the file path or URL that was read; ``container`` the feed, WARC
    or JSONL file holding it (if any) and ``offset`` its position there (record
    offset in a WARC, line number in a JSONL, item index in a feed).
    """

    kind: SourceKind
    location: str
    container: str | None = None
    offset: int | None = None

    def describe(self) -> str:
        if self.container is None:
            return self.location
        where = f"#{self.offset}" if self.offset is not None else ""
        return f"{self.container}{where} ({self.location})"


@dataclass(frozen=True, slots=True)
class RawDocument:
    """Bytes as read from a source, before extraction.

    ``media_type`` is ``"html"``, ``"text"`` (plain text like the seeds) or
    ``"article"`` (already-structured fields, e.g. a JSONL line or a feed item with
    full content; then ``fields`` holds them). ``hints`` carries metadata a
    container knew (feed title, published date, URL) for the extractor to use when
    the page itself lacks it.
    """

    url: str | None
    content: bytes
    media_type: Literal["html", "text", "article"]
    source: SourceInfo
    encoding: str | None = None
    hints: dict[str, Any] = field(default_factory=dict)
    fields: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Paragraph:
    text: str
    language: str | None = None


@dataclass(frozen=True, slots=True)
class Article:
    """One news article, as extracted and enriched.

    Fields assigned by later stages start empty: ``language`` by the language
    stage, ``content_hash``/``simhash`` by the signature stage.
    """

    url: str
    title: str
    text: str
    source: SourceInfo
    lead: str = ""
    published: datetime | None = None
    authors: tuple[str, ...] = ()
    site: str | None = None
    canonical_url: str | None = None
    raw_hash: str | None = None
    paragraphs: tuple[Paragraph, ...] = ()
    language: str | None = None
    language_confidence: float | None = None
    content_hash: str | None = None
    simhash: int | None = None
    categories: tuple[str, ...] = ()
    mentions: tuple[Mention, ...] = ()
    events: tuple[Event, ...] = ()
    leftovers: tuple[Leftover, ...] = ()
    id: int | None = None

    def replace(self, **changes: Any) -> Article:
        return dataclasses.replace(self, **changes)


@dataclass(frozen=True, slots=True)
class Rejected:
    """A document that could not be used, and why.

    ``reason`` is a short stable key (``"empty"``, ``"binary"``, ``"no-main-text"``,
    ...) used to count rejects; ``detail`` is the human explanation.
    """

    reason: str
    detail: str
    source: SourceInfo
    stage: str
    url: str | None = None


@dataclass(frozen=True, slots=True)
class Mention:
    """A span of text that names an entity or a value."""

    text: str
    label: str
    start: int
    end: int
    entity_id: str | None = None


@dataclass(frozen=True, slots=True)
class Leftover:
    """A passage in another language than its article's (a translation leftover)."""

    text: str
    language: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Entity:
    id: str
    name: str
    type: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Event:
    """A business event with its slots and the sentence it came from."""

    type: str
    actor: str | None
    evidence: str
    article_url: str
    slots: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class StoryArticle:
    id: int
    url: str
    title: str
    language: str | None
    published: datetime | None
    site: str | None


@dataclass(frozen=True, slots=True)
class Story:
    id: int
    title: str
    articles: tuple[StoryArticle, ...]
    languages: tuple[str, ...]
    first_seen: datetime | None = None
    last_seen: datetime | None = None
    status: Literal["open", "closed"] = "open"


@dataclass(frozen=True, slots=True)
class Citation:
    """One numbered entry of a briefing's source list."""

    n: int
    url: str
    site: str | None
    title: str
    language: str | None
    published: datetime | None


@dataclass(frozen=True, slots=True)
class BriefSentence:
    text: str
    language: str | None
    citations: tuple[int, ...]
    # True when the sentence is not in the briefing's target language.
    foreign: bool = False
    # fact: written from extracted facts by a template; source: a source sentence (compressed);
    # contradiction: sources disagree; generated: written by a generative backend
    kind: str = "source"
    # names, numbers or dates the cited sources do not state (only generated sentences may keep any)
    unsupported: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class RelatedStory:
    id: int
    title: str
    score: float | None = None


@dataclass(frozen=True, slots=True)
class Briefing:
    story_id: int
    language: str
    headline: str
    lead: str
    sentences: tuple[BriefSentence, ...]
    sources: tuple[Citation, ...]
    lead_citations: tuple[int, ...] = ()
    categories: tuple[str, ...] = ()
    published: datetime | None = None
    source_languages: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    related: tuple[RelatedStory, ...] = ()
    lead_language: str | None = None  # when the lead is not in the briefing's language (marked foreign)
    backend: str = "template"
    # sentences a check found unsupported: removed, or kept and marked
    removed: int = 0
    marked: int = 0
