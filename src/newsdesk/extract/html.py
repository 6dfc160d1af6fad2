"""Main text and metadata of an HTML page, with trafilatura doing the heavy lifting."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from typing import Any, Callable
from urllib.parse import urlparse

import lxml.html
import trafilatura
from lxml.etree import ParserError
from trafilatura.metadata import extract_metadata
from trafilatura.settings import Extractor

from newsdesk.extract.chrome import strip_chrome
from newsdesk.extract.dates import jsonld_blocks, metadata_date, parse_date, visible_date

logger = logging.getLogger(__name__)
logger.addHandler(logging.NullHandler())

_PARSER = lxml.html.HTMLParser(remove_comments=True, remove_pis=True)
_NOT_A_NAME = re.compile(r"https?://|www\.|@|\.(?:de|com|it|at|ch|uk)\b|^\W*$", re.IGNORECASE)
# Bylines that trafilatura sometimes keeps as the first paragraph.
_BYLINE = re.compile(r"^(?:von|by|di|da)\s+[A-ZÄÖÜ][\w.\- ]{2,60}(?:[,|·]\s*.*)?$", re.IGNORECASE)


@dataclass
class PageFields:
    """What an extractor found on one page, before it becomes an Article."""

    title: str = ""
    paragraphs: list[str] = field(default_factory=list)
    lead: str = ""
    published: datetime | None = None
    authors: list[str] = field(default_factory=list)
    site: str | None = None
    url: str | None = None


def _meta(tree, *keys: str) -> str | None:
    for meta in tree.iterfind(".//meta"):
        key = (meta.get("property") or meta.get("name") or "").lower()
        if key in keys and meta.get("content"):
            return meta.get("content").strip()
    return None


def _canonical(tree) -> str | None:
    for link in tree.iterfind(".//link"):
        if (link.get("rel") or "").lower() == "canonical" and link.get("href"):
            return link.get("href").strip()
    return _meta(tree, "og:url")


def _jsonld_authors(tree) -> list[str]:
    names: list[str] = []
    for data in jsonld_blocks(tree):
        items = data if isinstance(data, list) else [data]
        for item in items:
            if not isinstance(item, dict):
                continue
            author = item.get("author")
            for a in author if isinstance(author, list) else [author]:
                if isinstance(a, dict) and a.get("name"):
                    names.append(str(a["name"]))
                elif isinstance(a, str):
                    names.append(a)
    return names


def clean_title(title: str, site: str | None) -> str:
    """Collapse whitespace and drop a trailing " | Site" (never the whole title)."""
    title = " ".join(title.split())
    if site and title.endswith(site) and len(title) > len(site):
        title = title[: -len(site)].rstrip(" |-–—·:")
    return title


def split_authors(value: str | None, site: str | None = None) -> list[str]:
    """Names from a byline string: split on ; , and/und/e; URLs, emails and the site dropped.

    "Last, First" (exactly two parts, no connector) stays one name.
    """
    if not value:
        return []
    value = " ".join(value.split())
    if value.count(",") == 1 and not re.search(r";| und | and | e ", value):
        last, first = (p.strip() for p in value.split(","))
        if last and first and " " not in last and " " not in first:
            return [f"{first} {last}"]
    parts = [p.strip(" .·|") for p in re.split(r";|,| und | and | e | & ", value)]
    names = []
    for part in parts:
        if not part or len(part) > 60 or _NOT_A_NAME.search(part) or (site and part.lower() == site.lower()):
            continue
        names.append(part)
    return names


def _trafilatura_metadata(tree: Any, url: str | None) -> Callable[[], Any]:
    """trafilatura's metadata of the page (title, site, author, date, URL, description), read on
    first use: newsdesk reads most of it from the page's own tags first, and trafilatura's search
    (authors and dates on copies of the whole tree) costs a quarter of the extraction. Same
    arguments as ``bare_extraction(..., with_metadata=True)`` passes."""
    options = Extractor(url=url, with_metadata=True)

    @cache
    def metadata() -> Any:
        return extract_metadata(tree, options.url, options.date_params, options.fast, options.author_blacklist)

    return metadata


class PageTooDeep(ValueError):
    """The page nests elements deeper than the HTML parser's limit (256): its text is cut off there."""


def extract_html(html: str, url: str | None, favor_precision: bool = True) -> PageFields | None:
    """Extract one page. ``None`` when no main text can be found; :class:`PageTooDeep` when the
    parser gave up on the page's nesting (a hostile page, e.g. 100,000 nested ``<div>``)."""
    try:
        tree = lxml.html.fromstring(html, parser=_PARSER)
    except (ParserError, ValueError):
        return None
    limits = [e.message for e in _PARSER.error_log if e.type_name == "ERR_RESOURCE_LIMIT"]
    if limits:
        raise PageTooDeep(limits[0])
    doc = trafilatura.bare_extraction(
        tree,
        url=url,
        favor_precision=favor_precision,
        include_comments=False,
        include_tables=False,
        with_metadata=False,  # read below, only where the page's own tags lack a field
        deduplicate=False,
    )
    if doc is None or not (doc.text or "").strip():
        return None
    fallback = _trafilatura_metadata(tree, url)
    title = _meta(tree, "og:title") or fallback().title or ""
    site = _meta(tree, "og:site_name", "application-name") or fallback().sitename
    if site and title and site.strip() in title and len(site) > 40:
        site = None  # trafilatura fell back to the page title
    if site and title and site.strip() == title.strip():
        site = None
    title = clean_title(title, site)
    paragraphs = strip_chrome([p for p in doc.text.split("\n")])
    if paragraphs and paragraphs[0].strip() == title:
        paragraphs = paragraphs[1:]
    paragraphs = [p for i, p in enumerate(paragraphs) if not (i < 2 and _BYLINE.match(p))]
    jsonld = [n.strip() for n in _jsonld_authors(tree) if n.strip() and not _NOT_A_NAME.search(n)]
    authors = jsonld or split_authors(_meta(tree, "author", "article:author") or fallback().author, site)
    published = metadata_date(tree) or visible_date(tree) or parse_date(fallback().date)
    canonical = _canonical(tree) or fallback().url or url
    if canonical and not urlparse(canonical).scheme:
        canonical = url
    lead = _meta(tree, "description", "og:description") or fallback().description or ""
    return PageFields(
        title=title,
        paragraphs=paragraphs,
        lead=" ".join(lead.split()),
        published=published,
        authors=list(dict.fromkeys(authors)),
        site=site,
        url=canonical,
    )


def html_fragment_paragraphs(fragment: str) -> list[str]:
    """Paragraph texts of an HTML fragment (feed item content)."""
    try:
        tree = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (ParserError, ValueError):
        return []
    blocks = tree.xpath(".//p|.//h2|.//h3|.//li|.//blockquote")
    texts = [" ".join(b.text_content().split()) for b in blocks] if blocks else [tree.text_content()]
    return strip_chrome([t for t in texts if t])
