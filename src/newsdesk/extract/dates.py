"""Publication dates: parse, sanity-check, and find them in page metadata."""

from __future__ import annotations

import json
import re
from datetime import datetime, timezone
from typing import Any

MIN_YEAR = 1900
MAX_FUTURE_YEARS = 1

_META_DATE_KEYS = (
    "article:published_time", "og:article:published_time", "datepublished", "date", "pubdate",
    "publishdate", "dc.date.issued", "dc.date", "dcterms.created", "sailthru.date", "parsely-pub-date",
    "publication_date", "article.published",
)
_DMY = re.compile(r"\b(\d{1,2})[./](\d{1,2})[./](\d{4})\b")


def parse_date(value: Any) -> datetime | None:
    """ISO 8601 and a few common shapes to an aware datetime (UTC if no zone); else None."""
    if value is None:
        return None
    if isinstance(value, datetime):
        dt = value
    else:
        text = str(value).strip()
        if not text:
            return None
        text = text.replace("Z", "+00:00") if text.endswith("Z") else text
        try:
            dt = datetime.fromisoformat(text)
        except ValueError:
            match = _DMY.search(text)
            if not match:
                return None
            day, month, year = (int(g) for g in match.groups())
            try:
                dt = datetime(year, month, day)
            except ValueError:
                return None
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=timezone.utc)
    return dt if plausible(dt) else None


def plausible(dt: datetime) -> bool:
    now = datetime.now(timezone.utc)
    return MIN_YEAR <= dt.year <= now.year + MAX_FUTURE_YEARS


def _jsonld_dates(obj: Any) -> list[str]:
    found: list[str] = []
    if isinstance(obj, dict):
        for key, value in obj.items():
            if key == "datePublished" and isinstance(value, str):
                found.append(value)
            elif isinstance(value, (dict, list)):
                found.extend(_jsonld_dates(value))
    elif isinstance(obj, list):
        for item in obj:
            found.extend(_jsonld_dates(item))
    return found


def metadata_date(tree: Any) -> datetime | None:
    """The publication date from <meta> tags, <time datetime> or JSON-LD, with time of day."""
    for meta in tree.iterfind(".//meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").lower()
        if key in _META_DATE_KEYS:
            dt = parse_date(meta.get("content"))
            if dt:
                return dt
    for script in tree.iterfind(".//script"):
        if (script.get("type") or "").lower() != "application/ld+json" or not script.text:
            continue
        try:
            data = json.loads(script.text)
        except ValueError:
            continue
        for value in _jsonld_dates(data):
            dt = parse_date(value)
            if dt:
                return dt
    for node in tree.iterfind(".//time"):
        dt = parse_date(node.get("datetime"))
        if dt:
            return dt
    return None
