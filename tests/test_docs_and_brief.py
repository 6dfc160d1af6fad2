"""Docs held to the code, and briefings that never let source markup through."""

from __future__ import annotations

import re
from datetime import datetime, timezone
from pathlib import Path

import click

from newsdesk.brief import build_briefing, to_html, to_markdown
from newsdesk.cli.main import cli
from newsdesk.config import Settings
from newsdesk.records import Article, Paragraph, SourceInfo, Story, StoryArticle

DOCS = Path(__file__).resolve().parents[1] / "docs"


def _commands(group: click.Group, prefix: str = "") -> list[str]:
    names = []
    for name, command in group.commands.items():
        full = f"{prefix}{name}"
        if isinstance(command, click.Group):
            names.extend(_commands(command, full + " "))
        else:
            names.append(full)
    return names


def test_every_cli_command_is_documented():
    text = (DOCS / "cli.md").read_text(encoding="utf-8")
    for name in _commands(cli):
        assert f"`newsdesk {name}" in text, f"`newsdesk {name}` is not in docs/cli.md"


def _setting_keys(model, prefix: str = "") -> list[str]:
    keys = []
    for name, field in model.model_fields.items():
        annotation = field.annotation
        if isinstance(annotation, type) and hasattr(annotation, "model_fields"):
            keys.extend(_setting_keys(annotation, f"{prefix}{name}."))
        else:
            keys.append(prefix + name)
    return keys


def test_every_setting_is_documented():
    text = (DOCS / "configuration.md").read_text(encoding="utf-8")
    for key in _setting_keys(Settings):
        assert f"`{key}`" in text, f"setting {key} is not in docs/configuration.md"


def _hostile_story() -> tuple[Story, list[Article]]:
    when = datetime(2024, 10, 14, tzinfo=timezone.utc)
    text = ('Attackers wrote <script>alert("x")</script> into the first sentence of this long article text. '
            'A second sentence carries <img src=x onerror="alert(1)"> and more words to be long enough.')
    article = Article(
        id=1, url='javascript:alert("x")', title="<b onmouseover=alert(1)>Title</b>", text=text,
        lead="<iframe src=evil></iframe> lead sentence of the article here.",
        paragraphs=(Paragraph(text, "en"),), source=SourceInfo("file", "x.html"), published=when,
        site="<svg onload=alert(1)>", language="en",
    )
    story = Story(id=7, title=article.title, languages=("en",),
                  articles=(StoryArticle(1, article.url, article.title, "en", when, article.site),))
    return story, [article]


def test_briefing_html_escapes_all_source_text():
    story, articles = _hostile_story()
    page = to_html(build_briefing(story, articles, "en"))
    assert "<script>" not in page and "<iframe" not in page and "<svg" not in page and "<b " not in page
    assert not re.search(r"<[^>]+\son\w+=", page), "an event-handler attribute reached the markup"
    assert 'href="javascript:' not in page
    assert "&lt;script&gt;" in page


def test_briefing_markdown_escapes_markup():
    story, articles = _hostile_story()
    md = to_markdown(build_briefing(story, articles, "en"))
    assert "<script>" not in md and "(<javascript:" not in md
