"""`newsdesk sources add/list/remove` and `newsdesk watch`: following live sources."""

from __future__ import annotations

import re
import signal
import threading
from typing import Any

import click

from newsdesk.cli.main import Context, _echo_json, _print_report, cli, db_option, handle_errors, json_option
from newsdesk.errors import InputError
from newsdesk.ingest.fetch import Fetched, Fetcher, address_refusal
from newsdesk.ingest.sources import Listing, detect_kind, discover_feeds, parse_feed
from newsdesk.store import Store

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*$", re.IGNORECASE)


def parse_duration(text: str) -> float:
    """``"15m"`` -> 900.0; units s, m, h, d; a bare number is seconds."""
    match = _DURATION.match(text)
    if not match or float(match.group(1)) <= 0:
        raise InputError(f"{text!r} is not a duration", "write it like 30s, 15m, 2h or 1d")
    return float(match.group(1)) * _UNITS[(match.group(2) or "s").lower()]


def _format_duration(seconds: float) -> str:
    for unit in ("d", "h", "m"):
        if seconds >= _UNITS[unit] and seconds % _UNITS[unit] == 0:
            return f"{seconds / _UNITS[unit]:g}{unit}"
    return f"{seconds:g}s"


def resolve_source(url: str, kind: str, fetcher: Fetcher) -> tuple[str, str, str | None]:
    """``(url, kind, title)`` for ``sources add``: with ``auto``, fetch ``url`` and look.

    A feed or sitemap is taken as it is; an HTML page that announces feeds with
    ``<link rel="alternate">`` gives its first feed; any other page is watched as a page.
    """
    refused = address_refusal(url, allow_private=True)  # the scheme and host; the fetcher checks addresses
    if refused is not None:
        raise InputError(f"{url} is not a URL newsdesk can watch", "give an http:// or https:// URL")
    if kind != "auto":
        return url, kind, None
    fetched = fetcher.fetch(url)
    if not isinstance(fetched, Fetched):
        raise InputError(f"cannot read {url}: {fetched.detail} ({fetched.reason})",
                         "check the URL, or give --kind feed|sitemap|page to add it without reading it")
    found = detect_kind(fetched.content, fetched.content_type)
    if found == "feed":
        listing = parse_feed(fetched.content, fetched.url)
        return fetched.url, "feed", listing.title if isinstance(listing, Listing) else None
    if found == "sitemap":
        return fetched.url, "sitemap", None
    for feed in discover_feeds(fetched.content, fetched.url):  # the first announced feed that reads as one
        got = fetcher.fetch(feed)
        listing = parse_feed(got.content, got.url) if isinstance(got, Fetched) else got
        if isinstance(listing, Listing):
            return got.url, "feed", listing.title
    return fetched.url, "page", None


@cli.group("sources")
def sources_group() -> None:
    """Sources that `newsdesk watch` polls: feeds, sitemaps, pages."""


@sources_group.command("add")
@click.argument("url")
@click.option("--kind", type=click.Choice(["auto", "feed", "sitemap", "page"]), default="auto", show_default=True,
              help="auto: read URL and decide (a home page gives the feed it announces).")
@click.option("--every", default=None, metavar="DURATION",
              help="Poll interval like 30s, 15m, 2h (default from settings: watch.every).")
@db_option
@json_option
@click.pass_obj
@handle_errors
def sources_add_cmd(obj: Context, url: str, kind: str, every: str | None, db: str, as_json: bool) -> None:
    """Watch URL: an RSS/Atom feed, a (news) sitemap or sitemap index, a page, or a site's home page."""
    settings = obj.settings(db=db)
    seconds = parse_duration(every) if every else settings.watch.every
    with Fetcher(settings.fetch) as fetcher:
        final, found_kind, title = resolve_source(url, kind, fetcher)
    with Store(db) as store:
        source_id = store.add_source(final, found_kind, seconds, title)
        source = store.source(source_id)
    if as_json:
        _echo_json(_source_json(source))
    else:
        click.echo(f"added source {source_id}: {found_kind} {final} every {_format_duration(seconds)}")


def _source_json(row: dict[str, Any]) -> dict[str, Any]:
    out = dict(row)
    for key in ("added_at", "last_fetch", "next_due"):
        out[key] = out[key].isoformat() if out[key] else None
    return out


@sources_group.command("list")
@db_option
@json_option
@click.pass_obj
@handle_errors
def sources_list_cmd(obj: Context, db: str, as_json: bool) -> None:
    """List watched sources with their fetch state."""
    with Store(db, create=False) as store:
        rows = store.sources()
    if as_json:
        _echo_json([_source_json(r) for r in rows])
        return
    for r in rows:
        due = r["next_due"].strftime("%Y-%m-%d %H:%M:%S") if r["next_due"] else "-"
        click.echo(f"{r['id']:>4}  {r['kind']:<7} every {_format_duration(r['every']):<6} next {due}  "
                   f"{r['last_status'] or 'new':<16} fail {r['failures']:<2} items {r['items']:<5} {r['url']}")


@sources_group.command("remove")
@click.argument("source_id", type=int)
@db_option
@click.pass_obj
@handle_errors
def sources_remove_cmd(obj: Context, source_id: int, db: str) -> None:
    """Stop watching a source (what it brought stays stored)."""
    with Store(db, create=False) as store:
        store.remove_source(source_id)
    click.echo(f"removed source {source_id}")


@cli.command("watch")
@db_option
@click.option("--once", is_flag=True, help="One pass over every source, then exit (for cron and tests).")
@click.option("--max-items", type=int, default=None, help="At most N new items per pass.")
@json_option
@click.pass_obj
@handle_errors
def watch_cmd(obj: Context, db: str, once: bool, max_items: int | None, as_json: bool) -> None:
    """Poll every source on its schedule and take in new items until Ctrl-C / SIGTERM."""
    from newsdesk.pipeline.watch import Watcher

    settings = obj.settings(db=db)
    stop = threading.Event()
    previous = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    on_main = threading.current_thread() is threading.main_thread()
    if on_main:
        for sig in previous:
            signal.signal(sig, lambda *_: stop.set())
    try:
        with Store(db) as store:
            if not store.sources():
                raise InputError(f"no sources in {db}", "add one with `newsdesk sources add URL --db DB`")
            watcher = Watcher(store, settings, stop, obj.progress() if once else None)
            try:
                report = watcher.run(once=once, max_items=max_items)
            finally:
                watcher.close()
    finally:
        if on_main:
            for sig, handler in previous.items():
                signal.signal(sig, handler)
    _print_report(report, as_json, obj.quiet)
