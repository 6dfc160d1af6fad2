"""Atom feeds (RFC 4287) built with ElementTree, which escapes all text: nothing from a source
becomes markup in a feed reader."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any, Iterable
from xml.etree import ElementTree as ET

ATOM = "http://www.w3.org/2005/Atom"
ET.register_namespace("", ATOM)


def _el(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    node = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
    if text is not None:
        node.text = text
    return node


def _stamp(dt: datetime | None) -> str:
    dt = dt or datetime(1970, 1, 1, tzinfo=timezone.utc)
    return (dt if dt.tzinfo else dt.replace(tzinfo=timezone.utc)).isoformat()


def atom(feed_id: str, title: str, self_url: str, alt_url: str, entries: Iterable[dict[str, Any]]) -> bytes:
    """An Atom document. ``entries``: dicts with id, title, url, updated, summary, optional categories."""
    items = list(entries)
    root = ET.Element(f"{{{ATOM}}}feed")
    _el(root, "id", feed_id)
    _el(root, "title", title)
    _el(root, "updated", _stamp(max((e.get("updated") for e in items if e.get("updated")), default=None)))
    _el(root, "link", rel="self", href=self_url, type="application/atom+xml")
    _el(root, "link", rel="alternate", href=alt_url, type="text/html")
    _el(root, "generator", "newsdesk")
    for e in items:
        entry = _el(root, "entry")
        _el(entry, "id", e["id"])
        _el(entry, "title", e.get("title") or "(untitled)")
        _el(entry, "updated", _stamp(e.get("updated")))
        _el(entry, "link", rel="alternate", href=e["url"], type="text/html")
        author = _el(entry, "author")
        _el(author, "name", e.get("author") or "newsdesk")
        for c in e.get("categories") or ():
            _el(entry, "category", term=c)
        if e.get("summary"):
            _el(entry, "summary", e["summary"], type="text")
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="utf-8")
