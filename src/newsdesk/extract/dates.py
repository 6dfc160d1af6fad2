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
_TIME = re.compile(r"\b(\d{1,2})[:.](\d{2})\s*(?:Uhr|h|ore)?\b")
MONTHS = {
    # de
    "januar": 1, "jänner": 1, "februar": 2, "märz": 3, "april": 4, "mai": 5, "juni": 6, "juli": 7,
    "august": 8, "september": 9, "oktober": 10, "november": 11, "dezember": 12,
    # en
    "january": 1, "february": 2, "march": 3, "may": 5, "june": 6, "july": 7, "october": 10, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10,
    "nov": 11, "dec": 12,
    # it
    "gennaio": 1, "febbraio": 2, "marzo": 3, "aprile": 4, "maggio": 5, "giugno": 6, "luglio": 7,
    "agosto": 8, "settembre": 9, "ottobre": 10, "dicembre": 12,
}
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
