"""`newsdesk serve`: the web UI, JSON API and Atom feeds of a database, with uvicorn."""

from __future__ import annotations

import click

from newsdesk.cli.main import Context, cli, db_option, handle_errors


@cli.command("serve")
@db_option
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on (0.0.0.0 makes it reachable from other machines).")
@click.option("--port", type=int, default=8000, show_default=True)
@click.pass_obj
@handle_errors
def serve_cmd(obj: Context, db: str, host: str, port: int) -> None:
    """Serve the web UI, JSON API (/api, schema at /openapi.json) and Atom feeds of DB."""
    import uvicorn

    from newsdesk.serve import create_app

    app = create_app(db, obj.settings())
    if not obj.quiet:
        click.echo(f"newsdesk: http://{host}:{port}/ (Ctrl-C stops)", err=True)
    uvicorn.run(app, host=host, port=port, log_level="warning" if obj.quiet else "info")
