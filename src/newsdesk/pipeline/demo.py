"""The main job on the bundled sample: ingest, stories, briefings, a static site."""

from __future__ import annotations

import html
import json
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

from newsdesk.brief import to_html, to_json, to_markdown
from newsdesk.config import Settings
from newsdesk.pipeline.briefs import Briefer
from newsdesk.pipeline.runner import Progress, run
from newsdesk.report import RunReport
from newsdesk.store import Store


def sample_path() -> Path:
    """The bundled sample corpus (pages, feeds, a WARC, JSONL, broken pages, gold.json)."""
    return Path(str(files("newsdesk") / "sample"))


@dataclass
class DemoResult:
    report: RunReport
    db: Path
    site: Path
    stories: int
    briefings: int


def write_site(store: Store, out: Path, settings: Settings) -> int:
    """One HTML, Markdown and JSON briefing per story and language, and an index page."""
    out.mkdir(parents=True, exist_ok=True)
    rows: list[str] = []
    count = 0
    briefer = Briefer(store, settings)
    for story in sorted(store.stories(), key=lambda s: -len(s.articles)):
        links = []
        for language in settings.brief.languages:
            briefing = briefer.brief(story.id, language)
            stem = f"story-{story.id}.{language}"
            (out / f"{stem}.html").write_text(to_html(briefing), encoding="utf-8")
            (out / f"{stem}.md").write_text(to_markdown(briefing), encoding="utf-8")
            (out / f"{stem}.json").write_text(json.dumps(to_json(briefing), ensure_ascii=False, indent=2), encoding="utf-8")
            links.append(f'<a href="{stem}.html">{language}</a>')
            count += 1
        rows.append(
            f"<li><strong>{html.escape(story.title)}</strong> "
            f"<span class=meta>({len(story.articles)} articles; {', '.join(story.languages)})</span> "
            f"{' · '.join(links)}</li>"
        )
    page = (
        "<!doctype html><html lang=en><head><meta charset=utf-8><title>newsdesk demo</title>"
        "<style>body{font-family:system-ui,sans-serif;max-width:50rem;margin:2rem auto;padding:0 1rem}"
        "li{margin:.5rem 0}.meta{color:#666}</style></head><body><h1>newsdesk: stories of the bundled sample</h1>"
        f"<ol>{''.join(rows)}</ol></body></html>"
    )
    (out / "index.html").write_text(page, encoding="utf-8")
    return count


def run_demo(out: Path, settings: Settings | None = None, progress: Progress | None = None) -> DemoResult:
    settings = settings or Settings()
    out.mkdir(parents=True, exist_ok=True)
    db = out / "newsdesk.db"
    with Store(str(db)) as store:
        report = run([sample_path()], store, settings, progress)
        site = out / "site"
        briefings = write_site(store, site, settings)
        stories = len(store.stories())
    return DemoResult(report=report, db=db, site=site, stories=stories, briefings=briefings)
