"""`newsdesk eval briefings`: citation, faithfulness, language and redundancy of briefings."""

from __future__ import annotations

from pathlib import Path

import click

from newsdesk.cli.main import Context, _echo_json, eval_group, handle_errors, json_option


@eval_group.command("briefings")
@click.option("--db", "db", default=None, help="Evaluate an existing database instead of running the sample.")
@click.option("--lang", "languages", default="de,en,it", show_default=True,
              help="Comma-separated target languages.")
@click.option("--references", type=click.Path(exists=True, dir_okay=False), default=None,
              help="Reference summaries for ROUGE (default: the bundled sample's references.json).")
@click.option("--backend", type=click.Choice(["template", "generative"]), default=None,
              help="Who writes the briefings (default from settings).")
@json_option
@click.pass_obj
@handle_errors
def eval_briefings_cmd(obj: Context, db: str | None, languages: str, references: str | None,
                       backend: str | None, as_json: bool) -> None:
    """Every story's briefing per language: cited, supported by its sources, in the right language."""
    from newsdesk.eval.briefings import evaluate_briefings, format_briefings

    settings = obj.settings(brief={"backend": backend} if backend else None)
    langs = tuple(x.strip() for x in languages.split(",") if x.strip())
    result = evaluate_briefings(settings, db, langs, Path(references) if references else None)
    if as_json:
        _echo_json(result)
    else:
        click.echo(format_briefings(result))
