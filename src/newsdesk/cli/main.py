"""The newsdesk command line: a thin layer over importable functions.

Only this module turns exceptions into messages and exit codes: one clear line on
stderr and a non-zero status.
"""

from __future__ import annotations

import functools
import json
import logging
import sys
from pathlib import Path
from typing import Any, Callable

import click

from newsdesk import __version__
from newsdesk.brief import to_html, to_json, to_markdown
from newsdesk.cli.progress import RichProgress, progress_enabled
from newsdesk.config import Settings, load_settings
from newsdesk.errors import InputError, NewsdeskError
from newsdesk.extract import HtmlExtractor
from newsdesk.pipeline.briefs import Briefer
from newsdesk.ingest import FileIngester
from newsdesk.enrich.language import LanguageDetector
from newsdesk.records import Article, Rejected
from newsdesk.store import Store

EXIT_ERROR = 1


class Context:
    def __init__(self, quiet: bool, config: str | None) -> None:
        self.quiet = quiet
        self.config = config

    def settings(self, **overrides: Any) -> Settings:
        return load_settings(self.config, **overrides)

    def progress(self) -> RichProgress | None:
        return RichProgress() if self.settings().progress and progress_enabled(self.quiet) else None


def _echo_json(obj: Any) -> None:
    click.echo(json.dumps(obj, ensure_ascii=False, default=str))


def handle_errors(fn: Callable) -> Callable:
    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except NewsdeskError as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(EXIT_ERROR)
    return wrapper


db_option = click.option("--db", "db", required=True, metavar="DB", help="SQLite file path or database URL.")
json_option = click.option("--json", "as_json", is_flag=True, help="Machine-readable JSON output.")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="newsdesk")
@click.option("-v", "--verbose", count=True, help="More log output (-v info, -vv debug).")
@click.option("-q", "--quiet", is_flag=True, help="No progress bars, no report table.")
@click.option("--config", type=click.Path(dir_okay=False), default=None, help="Settings file (TOML).")
@click.pass_context
def cli(ctx: click.Context, verbose: int, quiet: bool, config: str | None) -> None:
    """newsdesk: multilingual news in, stories and cited briefings out."""
    level = logging.WARNING - 10 * min(verbose, 2)
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr)
    # trafilatura and htmldate warn about every odd page; show that only with -vv
    for noisy in ("trafilatura", "htmldate", "charset_normalizer"):
        logging.getLogger(noisy).setLevel(logging.DEBUG if verbose >= 2 else logging.ERROR)
    ctx.obj = Context(quiet, config)


def _print_report(report: Any, as_json: bool, quiet: bool) -> None:
    if as_json:
        _echo_json(report.to_dict())
    elif not quiet:
        click.echo(report.to_table())


@cli.command("run")
@click.option("--input", "inputs", required=True, multiple=True, metavar="PATH",
              help="File or folder: HTML, .txt, RSS/Atom, JSONL, WARC/ARC (gzipped too). Repeatable.")
@click.argument("more_inputs", nargs=-1, metavar="[PATH ...]")
@db_option
@json_option
@click.pass_obj
@handle_errors
def run_cmd(obj: Context, inputs: tuple[str, ...], more_inputs: tuple[str, ...], db: str, as_json: bool) -> None:
    """Ingest files, folders, feeds and archives and run every stage."""
    from newsdesk.pipeline.runner import run

    settings = obj.settings(db=db)
    with Store(db) as store:
        report = run([*inputs, *more_inputs], store, settings, obj.progress())
    _print_report(report, as_json, obj.quiet)


@cli.command("stories")
@db_option
@json_option
@click.pass_obj
@handle_errors
def stories_cmd(obj: Context, db: str, as_json: bool) -> None:
    """List stories with their articles (with --json also timeline, sources, key entities, events, related)."""
    with Store(db, create=False) as store:
        stories = store.stories()
        facts = {story.id: store.story_facts(story.id) for story in stories} if as_json else {}
    for story in stories:
        if as_json:
            _echo_json({
                "id": story.id,
                "title": story.title,
                "languages": list(story.languages),
                "status": story.status,
                "articles": [
                    {"id": a.id, "url": a.url, "title": a.title, "language": a.language,
                     "published": a.published.isoformat() if a.published else None, "site": a.site}
                    for a in story.articles
                ],
                "first_seen": story.first_seen.isoformat() if story.first_seen else None,
                "last_seen": story.last_seen.isoformat() if story.last_seen else None,
                "language_counts": facts[story.id]["languages"],
                **{k: v for k, v in facts[story.id].items() if k != "languages"},
            })
        else:
            click.echo(f"{story.id:>5}  {len(story.articles):>3} articles  {','.join(story.languages):<9} {story.title}")


@cli.command("brief")
@click.argument("story_id", type=int)
@db_option
@click.option("--lang", "language", default="en", show_default=True, help="Target language (de, en, it).")
@click.option("--format", "fmt", type=click.Choice(["json", "md", "html"]), default="md", show_default=True)
@click.option("--max-sentences", type=int, default=None, help="Body length (default from settings).")
@click.option("--backend", type=click.Choice(["template", "generative"]), default=None,
              help="Who writes the text (default from settings: brief.backend).")
@click.pass_obj
@handle_errors
def brief_cmd(obj: Context, story_id: int, db: str, language: str, fmt: str, max_sentences: int | None,
              backend: str | None) -> None:
    """A briefing of one story in a target language, every sentence cited."""
    brief_overrides = {k: v for k, v in (("max_sentences", max_sentences), ("backend", backend)) if v}
    settings = obj.settings(db=db, brief=brief_overrides or None)
    with Store(db, create=False) as store:
        briefing = Briefer(store, settings).brief(story_id, language)
    if fmt == "json":
        _echo_json(to_json(briefing))
    elif fmt == "html":
        click.echo(to_html(briefing))
    else:
        click.echo(to_markdown(briefing))


@cli.command("extract")
@click.argument("path", type=click.Path(dir_okay=False))
@json_option
@click.pass_obj
@handle_errors
def extract_cmd(obj: Context, path: str, as_json: bool) -> None:
    """Extract one page (HTML or text) and print its fields."""
    if not Path(path).is_file():
        raise InputError(f"{path} is not a file", "give the path of one HTML or text page")
    settings = obj.settings()
    extractor = HtmlExtractor(settings.extract)
    detector = LanguageDetector(settings.language)
    results = []
    for doc in FileIngester().read_file(Path(path)):
        record = extractor(doc)
        if isinstance(record, Article):
            record = detector(record)
        results.append(record)
    if not results:
        raise InputError(f"{path} is not a type newsdesk reads", "use .html, .htm, .txt, feeds, JSONL or WARC")
    for record in results:
        if isinstance(record, Rejected):
            raise InputError(f"{path}: rejected ({record.reason}): {record.detail}")
        data = {
            "title": record.title, "text": record.text, "lead": record.lead,
            "published": record.published.isoformat() if record.published else None,
            "authors": list(record.authors), "site": record.site, "url": record.url,
            "language": record.language,
        }
        if as_json:
            _echo_json(data)
        else:
            click.echo(f"{data['title']}\n{data['site']} · {data['published']} · {data['language']}\n\n{data['text']}")


@cli.command("demo")
@click.option("--out", type=click.Path(file_okay=False), default="newsdesk-demo", show_default=True,
              help="Folder for the database and the generated site.")
@click.option("--serve/--no-serve", default=False, show_default=True, help="Serve the site on 127.0.0.1 afterwards, until Ctrl-C.")
@click.option("--port", type=int, default=8000, show_default=True)
@json_option
@click.pass_obj
@handle_errors
def demo_cmd(obj: Context, out: str, serve: bool, port: int, as_json: bool) -> None:
    """Run the main job on the bundled sample: ingest, stories, briefings, a local site."""
    from newsdesk.pipeline.demo import run_demo

    result = run_demo(Path(out), obj.settings(), obj.progress())
    _print_report(result.report, as_json, obj.quiet)
    if not as_json:
        click.echo(f"\n{result.stories} stories, {result.briefings} briefings")
        click.echo(f"database: {result.db}\nsite:     {result.site / 'index.html'}")
        click.echo(f"try:      newsdesk stories --db {result.db}")
    if serve:
        _serve_static(result.site, port)


def _serve_static(folder: Path, port: int) -> None:
    import http.server

    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(folder))
    try:
        server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    except OSError as exc:
        raise InputError(f"cannot listen on 127.0.0.1:{port}: {exc.strerror}", "pick another --port") from exc
    click.echo(f"serving http://127.0.0.1:{port}/ (Ctrl-C to stop)")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


@cli.group("eval")
def eval_group() -> None:
    """Measure newsdesk against gold data."""


@eval_group.command("clustering")
@click.option("--gold", type=click.Path(exists=True, dir_okay=False), default=None,
              help="gold.json (default: the bundled sample's).")
@click.option("--db", "db", default=None, help="Evaluate an existing database instead of running the sample.")
@click.option("--input", "inputs", multiple=True, type=click.Path(exists=True),
              help="Run these inputs instead of the sample (gold: --gold, else INPUT/gold.json).")
@json_option
@click.pass_obj
@handle_errors
def eval_clustering_cmd(obj: Context, gold: str | None, db: str | None, inputs: tuple[str, ...], as_json: bool) -> None:
    """B-cubed precision, recall and F1 of story grouping against a gold file."""
    from newsdesk.eval.clustering import evaluate_sample_clustering, format_clustering

    result = evaluate_sample_clustering(obj.settings(), Path(gold) if gold else None, db,
                                        [Path(p) for p in inputs] or None)
    if as_json:
        _echo_json(result)
    else:
        click.echo(format_clustering(result))


@eval_group.command("events")
@click.option("--gold", type=click.Path(exists=True, dir_okay=False), default=None,
              help="gold.json with events per page (default: the bundled sample's).")
@click.option("--db", "db", default=None, help="Evaluate an existing database instead of running the sample.")
@click.option("--dataset", type=click.Path(exists=True, file_okay=False), default=None,
              help="A SENTiVENT folder (xmi/, splits_doc_ids.json) instead of the gold file.")
@click.option("--split", type=click.Choice(["dev", "test", "train"]), default="dev", show_default=True,
              help="SENTiVENT split (all documents when the folder lists no such split).")
@click.option("--reading", type=click.Choice(["mentions", "product"]), default="mentions", show_default=True,
              help="SENTiVENT: every telling the corpus annotates (forecasts, results without a figure), "
                   "or only what the pipeline stores.")
@click.option("--limit", type=int, default=None, help="Only the first N SENTiVENT documents.")
@json_option
@click.pass_obj
@handle_errors
def eval_events_cmd(obj: Context, gold: str | None, db: str | None, dataset: str | None, split: str,
                    reading: str, limit: int | None, as_json: bool) -> None:
    """Precision and recall of business events per type against a gold file or SENTiVENT."""
    from newsdesk.enrich.events import EventExtractor
    from newsdesk.eval.events import evaluate_sample_events, evaluate_sentivent, format_events, format_sentivent

    if dataset:
        extractor = EventExtractor(guidance=reading == "mentions")
        result = evaluate_sentivent(Path(dataset), split, limit, extractor)
        result["reading"], text = reading, format_sentivent
    else:
        result, text = evaluate_sample_events(obj.settings(), Path(gold) if gold else None, db), format_events
    if as_json:
        _echo_json(result)
    else:
        click.echo(text(result))


@eval_group.command("entities")
@click.option("--dataset", "datasets", multiple=True, type=click.Path(exists=True), metavar="PATH",
              help="A GermEval 2014 or KIND .tsv file or folder (repeatable; default: both under ../shared/data/ner).")
@click.option("--limit", type=int, default=None, help="Only the first N sentences of each dataset.")
@json_option
@click.pass_obj
@handle_errors
def eval_entities_cmd(obj: Context, datasets: tuple[str, ...], limit: int | None, as_json: bool) -> None:
    """PER/ORG/LOC entity F1 of the rule-based mention finder on GermEval 2014 (de) and KIND (it)."""
    from newsdesk.eval.entities import evaluate_entities, format_entities

    result = evaluate_entities(datasets, limit=limit)
    if as_json:
        _echo_json(result)
    else:
        click.echo(format_entities(result))


@eval_group.command("extraction")
@click.option("--dataset", type=click.Path(exists=True, file_okay=False), required=True,
              help="A folder laid out like ../shared/data/extraction/fundus_pages.")
@click.option("--limit", type=int, default=None, help="Only the first N pages.")
@json_option
@click.pass_obj
@handle_errors
def eval_extraction_cmd(obj: Context, dataset: str, limit: int | None, as_json: bool) -> None:
    """Body ROUGE-LSum, title, date and author accuracy, newsdesk against trafilatura alone."""
    from newsdesk.eval.extraction import evaluate_extraction, format_extraction_table

    result = evaluate_extraction(Path(dataset), limit=limit)
    if as_json:
        _echo_json(result)
    else:
        click.echo(format_extraction_table(result))


@eval_group.command("similarity")
@click.option("--dataset", type=click.Path(exists=True), required=True,
              help="A folder with a pairs.csv laid out like ../shared/data/similarity/semeval2022_task8.")
@click.option("--limit", type=int, default=None, help="Only the first N pairs.")
@json_option
@click.pass_obj
@handle_errors
def eval_similarity_cmd(obj: Context, dataset: str, limit: int | None, as_json: bool) -> None:
    """Same-story score on graded article pairs: Pearson and F1, with and without the embedding model."""
    from newsdesk.eval.similarity import evaluate_similarity, format_similarity_table

    result = evaluate_similarity(Path(dataset), limit=limit, embedder=obj.settings().cluster.embedder)
    if as_json:
        _echo_json(result)
    else:
        click.echo(format_similarity_table(result))


# Commands kept in their own modules register on `cli` when imported.
from newsdesk.cli import facts as _facts  # noqa: E402,F401
from newsdesk.cli import batch as _batch  # noqa: E402,F401
from newsdesk.cli import briefs as _briefs  # noqa: E402,F401
from newsdesk.cli import sources as _sources  # noqa: E402,F401
from newsdesk.cli import web as _web  # noqa: E402,F401


def main() -> None:
    cli(prog_name="newsdesk")


if __name__ == "__main__":
    main()
