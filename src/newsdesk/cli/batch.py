"""`newsdesk batch`: large archives with the stateless stages in parallel (processes or Ray)."""

from __future__ import annotations

import click

from newsdesk.cli.main import Context, _print_report, cli, db_option, handle_errors, json_option
from newsdesk.store import Store


@cli.command("batch")
@click.option("--input", "inputs", required=True, multiple=True, metavar="PATH|PATTERN",
              help="File, folder or quoted shell pattern ('archives/*.warc.gz'). Repeatable.")
@db_option
@click.option("--engine", type=click.Choice(["local", "ray"]), default="local", show_default=True,
              help="local: a pool of processes on this machine; ray: Ray Data transforms.")
@click.option("--workers", type=click.IntRange(min=1), default=None,
              help="Parallel workers (processes or Ray CPUs). Default: the CPUs of this machine.")
@click.option("--window", default="1d", show_default=True, metavar="DURATION",
              help="Stories are built one publication-time window at a time (30m, 12h, 1d, 2w).")
@click.option("--chunk", type=click.IntRange(min=1), default=2000, show_default=True,
              help="Documents read, processed and stored together (memory vs. fewer round trips).")
@json_option
@click.pass_obj
@handle_errors
def batch_cmd(obj: Context, inputs: tuple[str, ...], db: str, engine: str, workers: int | None, window: str,
              chunk: int, as_json: bool) -> None:
    """Ingest archives with the stateless stages in parallel; same result as `newsdesk run`."""
    import os

    from newsdesk.pipeline.batch import BatchOptions, parse_window, run_batch

    options = BatchOptions(engine=engine, workers=workers or os.cpu_count() or 1,
                           window=parse_window(window), chunk=chunk)
    settings = obj.settings(db=db)
    with Store(db) as store:
        report = run_batch(list(inputs), store, settings, options, obj.progress())
    _print_report(report, as_json, obj.quiet)
