"""Stage 5, brief: a story in the reader's language, every sentence cited."""

from newsdesk.brief.compose import build_briefing
from newsdesk.brief.render import to_html, to_json, to_markdown

__all__ = ["build_briefing", "to_html", "to_json", "to_markdown"]
