"""Briefings as JSON, Markdown and HTML. Source text is untrusted: HTML escapes all of it."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from urllib.parse import quote, urlsplit

from jinja2 import Environment, PackageLoader, select_autoescape

from newsdesk.brief.formats import language_name
from newsdesk.records import Briefing

LABELS = {
    "de": {"sources": "Quellen", "foreign": "nicht übersetzt", "languages": "Sprachen der Quellen",
           "related": "Verwandte Geschichten", "unsupported": "nicht belegt"},
    "en": {"sources": "Sources", "foreign": "not translated", "languages": "Source languages",
           "related": "Related stories", "unsupported": "not backed by its sources"},
    "it": {"sources": "Fonti", "foreign": "non tradotto", "languages": "Lingue delle fonti",
           "related": "Storie correlate", "unsupported": "non confermato"},
}

_env = Environment(
    loader=PackageLoader("newsdesk.brief", "templates"),
    autoescape=select_autoescape(["html"]),
    trim_blocks=True,
    lstrip_blocks=True,
)


def safe_url(url: str | None) -> str:
    """Only http(s) and file links reach a page: no javascript: or data: URLs."""
    if not url:
        return "#"
    scheme = urlsplit(url).scheme.lower()
    return quote(url, safe=":/?#[]@!$&'()*+,;=%~") if scheme in ("http", "https", "file") else "#"


_env.filters["safe_url"] = safe_url


def _groupby_kind(sentences: Any) -> list[list[Any]]:
    """Consecutive sentences of one kind form a paragraph (facts, then context, then disagreements)."""
    groups: list[list[Any]] = []
    for s in sentences:
        if groups and groups[-1][0].kind == s.kind:
            groups[-1].append(s)
        else:
            groups.append([s])
    return groups


_env.filters["groupby_kind"] = _groupby_kind


def _iso(dt: datetime | None) -> str | None:
    return dt.isoformat() if dt else None


def labels(language: str) -> dict[str, str]:
    return LABELS.get(language, LABELS["en"])


def to_json(b: Briefing) -> dict[str, Any]:
    return {
        "story_id": b.story_id,
        "headline": b.headline,
        "lead": b.lead,
        "lead_citations": list(b.lead_citations),
        "lead_language": b.lead_language or b.language,
        "language": b.language,
        "sentences": [
            {"text": s.text, "language": s.language, "citations": list(s.citations), "foreign": s.foreign,
             "kind": s.kind, "unsupported": list(s.unsupported)}
            for s in b.sentences
        ],
        "sources": [
            {"n": c.n, "url": c.url, "site": c.site, "title": c.title, "language": c.language,
             "published": _iso(c.published)}
            for c in b.sources
        ],
        "categories": list(b.categories),
        "published": _iso(b.published),
        "source_languages": list(b.source_languages),
        "notes": list(b.notes),
        "related": [{"id": r.id, "title": r.title, "score": r.score} for r in b.related],
        "backend": b.backend,
        "removed": b.removed,
        "marked": b.marked,
    }


def _md_escape(text: str) -> str:
    out = text
    for ch in "\\`*_[]<>#|":
        out = out.replace(ch, "\\" + ch)
    return out


def to_markdown(b: Briefing) -> str:
    lab = labels(b.language)
    cite = lambda ns: "".join(f"[{n}]" for n in ns)  # noqa: E731
    lines = [f"# {_md_escape(b.headline)}", ""]
    if b.published:
        lines += [f"*{b.published.date().isoformat()}* · {lab['languages']}: {', '.join(b.source_languages)}", ""]
    lead_marker = f"({language_name(b.lead_language, b.language)}, {lab['foreign']}) " if b.lead_language else ""
    lines += [f"{lead_marker}**{_md_escape(b.lead)}** {cite(b.lead_citations)}", ""]
    for s in b.sentences:
        marker = f"({language_name(s.language, b.language)}, {lab['foreign']}) " if s.foreign else ""
        marker += f"({lab['unsupported']}: {_md_escape(', '.join(s.unsupported))}) " if s.unsupported else ""
        lines.append(f"{marker}{_md_escape(s.text)} {cite(s.citations)}")
        lines.append("")
    for note in b.notes:
        lines += [f"> {_md_escape(note)}", ""]
    if b.related:
        lines += [f"## {lab['related']}", ""] + [f"- {_md_escape(r.title)} (#{r.id})" for r in b.related] + [""]
    lines += [f"## {lab['sources']}", ""]
    for c in b.sources:
        date = f", {c.published.date().isoformat()}" if c.published else ""
        lines.append(f"{c.n}. {_md_escape(c.site or '')}: [{_md_escape(c.title)}](<{safe_url(c.url)}>) ({c.language}{date})")
    return "\n".join(lines) + "\n"


def to_html(b: Briefing, standalone: bool = True) -> str:
    return _env.get_template("briefing.html").render(
        b=b, lab=labels(b.language), language_name=language_name, standalone=standalone
    )
