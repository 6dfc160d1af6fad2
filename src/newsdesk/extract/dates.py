"""Publication dates: parse, sanity-check, and find them in page metadata."""

from __future__ import annotations

import json
import re
from datetime import datetime, timezone
from typing import Any

from newsdesk.nlp.dates import MONTHS as LANGUAGE_MONTHS

MIN_YEAR = 1900
MAX_FUTURE_YEARS = 1

_META_DATE_KEYS = (
    "article:published_time", "og:article:published_time", "datepublished", "date", "pubdate",
    "publishdate", "dc.date.issued", "dc.date", "dcterms.created", "sailthru.date", "parsely-pub-date",
    "publication_date", "article.published",
)
_DMY = re.compile(r"\b(\d{1,2})[./](\d{1,2})[./](\d{4})\b")
_TIME = re.compile(r"\b(\d{1,2})[:.](\d{2})\s*(?:Uhr|h|ore)?\b")
# every month name and abbreviation of de/en/it, from the shared date tables
MONTHS = {name: number for table in LANGUAGE_MONTHS.values() for name, number in table.items()}
_MONTH_NAMES = "|".join(sorted(MONTHS, key=len, reverse=True))
_D_MONTH_Y = re.compile(rf"\b(\d{{1,2}})\.?\s+({_MONTH_NAMES})\.?\s+(\d{{4}})\b", re.IGNORECASE)
_MONTH_D_Y = re.compile(rf"\b({_MONTH_NAMES})\.?\s+(\d{{1,2}}),?\s+(\d{{4}})\b", re.IGNORECASE)
_DATE_CLASS = re.compile(r"date|time|publish|datum|data|zeit", re.IGNORECASE)


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


def parse_visible_date(text: str) -> datetime | None:
    """Dates as pages print them: "07.11.2024, 09:05 Uhr", "13. November 2024", "10 ottobre 2024",
    "Nov 12, 2024", "13/11/2024 ore 10:00". Day first for numeric dates (as in de and it)."""
    day = month = year = None
    if m := _DMY.search(text):
        day, month, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
    elif m := _D_MONTH_Y.search(text):
        day, month, year = int(m.group(1)), MONTHS[m.group(2).lower()], int(m.group(3))
    elif m := _MONTH_D_Y.search(text):
        day, month, year = int(m.group(2)), MONTHS[m.group(1).lower()], int(m.group(3))
    if day is None:
        return None
    hour = minute = 0
    rest = text[m.end():]
    if t := _TIME.search(rest):
        hour, minute = int(t.group(1)), int(t.group(2))
    try:
        dt = datetime(year, month, day, hour if hour < 24 else 0, minute if minute < 60 else 0, tzinfo=timezone.utc)
    except ValueError:
        return None
    return dt if plausible(dt) else None


def visible_date(tree: Any) -> datetime | None:
    """The first date printed in an element whose class or itemprop says it holds one."""
    for node in tree.iter():
        if not isinstance(node.tag, str) or node.tag in ("script", "style"):
            continue
        marker = f"{node.get('class') or ''} {node.get('itemprop') or ''}"
        if marker.strip() and _DATE_CLASS.search(marker):
            text = " ".join(node.text_content().split())[:120]
            dt = parse_visible_date(text)
            if dt:
                return dt
    return None


def plausible(dt: datetime) -> bool:
    now = datetime.now(timezone.utc)
    return MIN_YEAR <= dt.year <= now.year + MAX_FUTURE_YEARS


def jsonld_blocks(tree: Any) -> list[Any]:
    """The parsed JSON of every ``<script type="application/ld+json">`` (broken ones skipped)."""
    blocks = []
    for script in tree.iterfind(".//script"):
        if (script.get("type") or "").lower() != "application/ld+json" or not script.text:
            continue
        try:
            blocks.append(json.loads(script.text))
        except ValueError:
            continue
    return blocks


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
    for data in jsonld_blocks(tree):
        for value in _jsonld_dates(data):
            dt = parse_date(value)
            if dt:
                return dt
    for node in tree.iterfind(".//time"):
        dt = parse_date(node.get("datetime"))
        if dt:
            return dt
    return None
