"""The extract stage: :class:`RawDocument` in, :class:`Article` or :class:`Rejected` out."""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import urlparse

from newsdesk.config import ExtractSettings
from newsdesk.extract.dates import parse_date
from newsdesk.extract.encoding import decode, looks_binary, repair
from newsdesk.extract.html import PageFields, PageTooDeep, extract_html, html_fragment_paragraphs, split_authors
from newsdesk.extract.plain import extract_text
from newsdesk.records import Article, Paragraph, RawDocument, Rejected
from newsdesk.stage import EXTRACTED_FIELDS, Stage

logger = logging.getLogger(__name__)
logger.addHandler(logging.NullHandler())


def raw_hash(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def _site_from_url(url: str | None) -> str | None:
    if not url:
        return None
    host = urlparse(url).hostname
    return host[4:] if host and host.startswith("www.") else host


def _field_language(doc: RawDocument) -> str | None:
    value = doc.fields.get("language")
    return value if isinstance(value, str) and value else None


class HtmlExtractor(Stage):
    """Extracts articles from HTML pages, plain-text files and structured items.

    Rejects (reason keys): ``empty``, ``binary``, ``too-large``, ``too-deep``, ``no-main-text``, ``no-title``.
    """

    name: ClassVar[str] = "extract"
    requires: ClassVar[frozenset[str]] = frozenset()
    assigns: ClassVar[frozenset[str]] = EXTRACTED_FIELDS

    def __init__(self, settings: ExtractSettings | None = None) -> None:
        self.settings = settings or ExtractSettings()
        self.repaired = 0

    def _reject(self, doc: RawDocument, reason: str, detail: str) -> Rejected:
        return Rejected(reason, detail, doc.source, self.name, url=doc.url)

    def process(self, doc: RawDocument) -> Article | Rejected:
        content = doc.content
        if not content.strip():
            return self._reject(doc, "empty", "the document has no content")
        if len(content) > self.settings.max_bytes:
            return self._reject(
                doc, "too-large", f"{len(content)} bytes exceeds extract.max_bytes={self.settings.max_bytes}"
            )
        if doc.media_type == "article":
            fields = self._from_fields(doc)
        else:
            if looks_binary(content):
                return self._reject(doc, "binary", "the content is binary, not text or HTML")
            text, _, repaired = decode(content, doc.encoding)
            self.repaired += int(repaired)
            if doc.media_type == "text":
                fields = extract_text(text)
            else:
                try:
                    fields = extract_html(text, doc.url or doc.hints.get("url"), self.settings.favor_precision)
                except PageTooDeep as exc:
                    return self._reject(doc, "too-deep", f"the HTML parser gave up: {exc}")
        if fields is None or not fields.paragraphs:
            return self._reject(doc, "no-main-text", "no article text found on the page")
        if doc.media_type != "article":
            self._repair(fields)
        return self._to_article(doc, fields)

    def _repair(self, fields: PageFields) -> None:
        """Mojibake repair on the extracted fields; counts pages that needed it."""
        before = (fields.title, fields.lead, fields.paragraphs)
        fields.title, fields.lead = repair(fields.title), repair(fields.lead)
        fields.paragraphs = [repair(p) for p in fields.paragraphs]
        fields.authors = [repair(a) for a in fields.authors]
        if (fields.title, fields.lead, fields.paragraphs) != before:
            self.repaired += 1

    def _from_fields(self, doc: RawDocument) -> PageFields | None:
        """Structured fields (JSONL line, feed item). Fields of the wrong type count as missing."""
        f = {k: v for k, v in doc.fields.items() if isinstance(v, str) or k == "authors"}
        if f.get("html"):
            paragraphs = html_fragment_paragraphs(f["html"])
        else:
            paragraphs = [p.strip() for p in (f.get("text") or "").split("\n") if p.strip()]
        authors = f.get("authors") or []
        if isinstance(authors, str):
            authors = split_authors(authors)
        elif not isinstance(authors, (list, tuple)):
            authors = []
        return PageFields(
            title=f.get("title") or "",
            paragraphs=paragraphs,
            lead=f.get("lead") or f.get("description") or "",
            published=parse_date(f.get("published")),
            authors=[a for a in authors if isinstance(a, str)],
            site=f.get("site"),
            url=f.get("url"),
        )

    def _to_article(self, doc: RawDocument, fields: PageFields) -> Article | Rejected:
        text = "\n\n".join(fields.paragraphs)
        if len(text) < self.settings.min_text_chars:
            return self._reject(
                doc, "no-main-text",
                f"only {len(text)} characters of main text (extract.min_text_chars={self.settings.min_text_chars})",
            )
        hints = doc.hints
        title = fields.title or hints.get("title") or ""
        if not title:
            return self._reject(doc, "no-title", "the page has text but no title")
        url = fields.url or doc.url or hints.get("url") or Path(doc.source.location).resolve().as_uri()
        lead = fields.lead or fields.paragraphs[0]
        return Article(
            url=url,
            canonical_url=fields.url,
            title=title.strip(),
            text=text,
            lead=lead.strip(),
            source=doc.source,
            published=fields.published or parse_date(hints.get("published")),
            authors=tuple(fields.authors or hints.get("authors") or ()),
            site=fields.site or hints.get("site") or _site_from_url(url),
            raw_hash=raw_hash(doc.content),
            paragraphs=tuple(Paragraph(p) for p in fields.paragraphs),
            language=_field_language(doc) if doc.media_type == "article" else None,
        )


def extract_one(doc: RawDocument, settings: ExtractSettings | None = None) -> Any:
    return HtmlExtractor(settings)(doc)
