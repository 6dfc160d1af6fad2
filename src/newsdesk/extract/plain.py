"""Plain-text articles (like the seeds): title, date and body from lines alone."""

from __future__ import annotations

import re
from datetime import datetime

from newsdesk.extract.chrome import is_chrome_line, is_trailer_heading, strip_chrome
from newsdesk.extract.dates import parse_date
from newsdesk.extract.html import PageFields

_DATE_IN_LINE = re.compile(r"\b(\d{1,2})[./](\d{1,2})[./](\d{4})\b")
# A line made only of a category word ("Technologie") is a section label.
_SECTION_WORDS = {
    "technologie", "technology", "tecnologia", "wirtschaft", "economy", "economia", "politik",
    "politics", "politica", "krypto", "crypto", "kultur", "culture", "cultura", "sport", "finanzen",
    "finance", "finanza", "ki", "ai", "ia", "news", "notizie", "nachrichten",
}


def _strip_glued_prefix(first: str, second: str) -> str | None:
    """'StartAIAlibaba: X' followed by 'Alibaba: X' -> the first line is chrome + title."""
    if second and first != second and first.endswith(second):
        return second
    return None


def extract_text(text: str) -> PageFields | None:
    lines = [line.strip() for line in text.splitlines()]
    lines = [line for line in lines if line]
    if not lines:
        return None
    published: datetime | None = None
    head: list[str] = []
    # Leading lines: dates, section labels and chrome headings before the title.
    while lines:
        line = lines[0]
        date_match = _DATE_IN_LINE.search(line)
        residue = _DATE_IN_LINE.sub("", line).strip()
        if date_match and (not residue or is_trailer_heading(residue)):
            published = published or parse_date(date_match.group(0))
            lines.pop(0)
            continue
        if line.lower() in _SECTION_WORDS or is_trailer_heading(line) or is_chrome_line(line):
            head.append(lines.pop(0))
            continue
        break
    if not lines:
        return None
    title = lines.pop(0)
    if lines:
        fixed = _strip_glued_prefix(title, lines[0])
        if fixed:
            title = fixed
            lines.pop(0)
    while lines and lines[0] == title:
        lines.pop(0)
    body = strip_chrome(lines)
    if not body:
        return None
    return PageFields(title=title, paragraphs=body, published=published)
