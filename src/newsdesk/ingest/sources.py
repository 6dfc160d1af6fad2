"""What a watched source lists: RSS/Atom feed items, sitemap URLs, or a single page.

The fetcher (:mod:`newsdesk.ingest.fetch`) reads the bytes; this module turns them
into a :class:`Listing` of :class:`Item`s (URLs with what the source said about them)
and finds feeds on a home page (``<link rel="alternate" type="application/rss+xml">``).
Nothing here touches the network. Sources are untrusted: XML with a DOCTYPE is
refused (no entity expansion), and unusable input is a ``Rejected``, not an exception.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any, Literal
from urllib.parse import urljoin, urlsplit
from xml.etree import ElementTree

import feedparser

from newsdesk.ingest.feeds import MIN_FULL_CONTENT_CHARS, _entry_authors, _entry_date
from newsdesk.records import RawDocument, Rejected, SourceInfo

STAGE = "ingest"
SOURCE_KINDS = ("feed", "sitemap", "page")
FEED_TYPES = {"application/rss+xml", "application/atom+xml", "application/rdf+xml"}
MAX_SITEMAP_BYTES = 50_000_000  # the sitemaps.org limit for an uncompressed sitemap
_ROOT = re.compile(rb"<([A-Za-z_][\w:.-]*)")


@dataclass(frozen=True, slots=True)
class Item:
    """One entry of a source: the page URL, what the source said about it, full content if given."""

    url: str
    hints: dict[str, Any] = field(default_factory=dict)
    content: str | None = None


@dataclass(frozen=True, slots=True)
class Listing:
    kind: Literal["feed", "sitemap", "page"]
    items: tuple[Item, ...] = ()
    children: tuple[str, ...] = ()  # the sitemaps a sitemap index lists
    title: str | None = None


def _web(url: str) -> bool:
    """Only http(s) links are items: ``javascript:``, ``file:``, ``data:`` from a source are dropped."""
    return urlsplit(url).scheme in ("http", "https")


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1].lower()


def detect_kind(content: bytes, content_type: str | None = None) -> Literal["feed", "sitemap", "html"] | None:
    """What ``content`` is, from its root element (the Content-Type only breaks ties)."""
    head = _gunzip(content)[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    for match in _ROOT.finditer(head):
        start = match.start()
        if head[start + 1:start + 2] in (b"?", b"!"):
            continue
        name = _local(match.group(1).decode("ascii", "replace").split(":")[-1])
        if name in ("rss", "feed", "rdf"):
            return "feed"
        if name in ("urlset", "sitemapindex"):
            return "sitemap"
        if name in ("html", "head", "body", "!doctype"):
            return "html"
        break
    if content_type and "html" in content_type:
        return "html"
    return None


def _gunzip(content: bytes, cap: int = MAX_SITEMAP_BYTES) -> bytes:
    if not content.startswith(b"\x1f\x8b"):
        return content
    try:
        out = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(content, cap)
    except zlib.error:
        return content
    return out


def parse_feed(content: bytes, url: str) -> Listing | Rejected:
    """The items of an RSS or Atom feed (links made absolute against ``url``)."""
    parsed = feedparser.parse(content)
    if not parsed.entries and not parsed.feed.get("title"):
        why = f"{parsed.get('bozo_exception')}" if parsed.get("bozo") else "no items"
        return Rejected("bad-feed", f"{url} is not a usable RSS/Atom feed: {why}", SourceInfo("feed", url), STAGE,
                        url=url)
    site = parsed.feed.get("title")
    language = (parsed.feed.get("language") or "")[:2].lower() or None
    items = []
    for entry in parsed.entries:
        link = entry.get("link")
        body = ""
        if entry.get("content"):
            body = max((c.get("value", "") for c in entry["content"]), key=len)
        if not link and len(body) < MIN_FULL_CONTENT_CHARS:
            continue
        link = urljoin(url, link.strip()) if link else f"{url}#{entry.get('id') or len(items)}"
        if not _web(link):
            continue
        hints = {"title": entry.get("title"), "published": _entry_date(entry), "authors": _entry_authors(entry),
                 "site": site, "language": language, "url": link}
        items.append(Item(link, {k: v for k, v in hints.items() if v},
                          body if len(body) >= MIN_FULL_CONTENT_CHARS else None))
    return Listing("feed", tuple(items), title=site)


def _text(node: ElementTree.Element, name: str) -> str | None:
    for child in node.iter():
        if _local(child.tag) == name and child.text and child.text.strip():
            return child.text.strip()
    return None


def parse_sitemap(content: bytes, url: str) -> Listing | Rejected:
    """URLs of a sitemap (with Google News fields when present) or the child sitemaps of an index."""
    source = SourceInfo("sitemap", url)
    content = _gunzip(content)
    if b"<!DOCTYPE" in content[:4096].upper() or b"<!ENTITY" in content.upper():
        return Rejected("bad-sitemap", f"{url} declares a DOCTYPE or entities; refused", source, STAGE, url=url)
    try:
        root = ElementTree.fromstring(content)
    except ElementTree.ParseError as exc:
        return Rejected("bad-sitemap", f"{url} is not well-formed XML: {exc}", source, STAGE, url=url)
    kind = _local(root.tag)
    if kind == "sitemapindex":
        children = [_text(s, "loc") for s in root if _local(s.tag) == "sitemap"]
        return Listing("sitemap", children=tuple(u for u in (urljoin(url, c) for c in children if c) if _web(u)))
    if kind != "urlset":
        return Rejected("bad-sitemap", f"{url} is neither a urlset nor a sitemapindex", source, STAGE, url=url)
    items = []
    for node in root:
        loc = _text(node, "loc") if _local(node.tag) == "url" else None
        if not loc:
            continue
        loc = urljoin(url, loc)
        if not _web(loc):
            continue
        hints = {"url": loc, "published": _text(node, "publication_date") or _text(node, "lastmod"),
                 "title": _text(node, "title"), "site": _text(node, "name"),
                 "language": (_text(node, "language") or "")[:2].lower() or None}
        items.append(Item(loc, {k: v for k, v in hints.items() if v}))
    return Listing("sitemap", tuple(items))


class _FeedLinks(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str | None]] = []
        self.base: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k.lower(): (v or "") for k, v in attrs}
        if tag == "base" and values.get("href") and self.base is None:
            self.base = values["href"]
        rels = values.get("rel", "").lower().split()
        kind = values.get("type", "").lower().split(";")[0].strip()
        if tag == "link" and "alternate" in rels and kind in FEED_TYPES and values.get("href"):
            self.found.append((values["href"], values.get("title")))


def discover_feeds(html: bytes, url: str) -> list[str]:
    """Feed URLs a page announces with ``<link rel="alternate" type="application/rss+xml">`` (in order)."""
    parser = _FeedLinks()
    try:
        parser.feed(html.decode("utf-8", "replace"))
        parser.close()
    except (ValueError, AssertionError):  # HTMLParser on hostile markup
        pass
    base = urljoin(url, parser.base) if parser.base else url
    feeds: list[str] = []
    for href, _title in parser.found:
        absolute = urljoin(base, href.strip())
        if _web(absolute) and absolute not in feeds:
            feeds.append(absolute)
    return feeds


def read_listing(kind: str, content: bytes, url: str) -> Listing | Rejected:
    """The listing of a source of ``kind`` whose bytes are ``content``."""
    if kind == "feed":
        return parse_feed(content, url)
    if kind == "sitemap":
        return parse_sitemap(content, url)
    return Listing("page", (Item(url, {"url": url}),))


def item_document(item: Item, container: str, offset: int, kind: Literal["feed", "sitemap", "web"],
                  page: bytes | None = None, final_url: str | None = None) -> RawDocument:
    """A RawDocument for ``item``: its full content from the feed, or the fetched ``page``."""
    if page is None and item.content is not None:
        fields = dict(item.hints)
        fields["html"] = item.content
        return RawDocument(url=item.url, content=item.content.encode("utf-8"), media_type="article",
                           source=SourceInfo("feed", item.url, container=container, offset=offset), fields=fields)
    # the URL as the source lists it (so the next poll knows it), the location as finally read
    return RawDocument(url=item.url, content=page or b"", media_type="html",
                       source=SourceInfo(kind, final_url or item.url, container=container, offset=offset),
                       hints=dict(item.hints))


__all__ = ["Item", "Listing", "SOURCE_KINDS", "detect_kind", "discover_feeds", "item_document", "parse_feed",
           "parse_sitemap", "read_listing"]
