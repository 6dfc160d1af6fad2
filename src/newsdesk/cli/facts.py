"""`newsdesk events` and `newsdesk entities`: the facts newsdesk read in the stored articles."""

from __future__ import annotations

from typing import Any

import click

from newsdesk.cli.main import Context, _echo_json, cli, db_option, handle_errors, json_option
from newsdesk.enrich.events import EVENT_TYPES
from newsdesk.store import Store

_SLOT_ORDER = ("amount", "count", "place", "date")


def event_json(row: dict[str, Any]) -> dict[str, Any]:
    """The CLI/API shape of a stored event: fixed keys first, then the type's own slots."""
    slots = dict(row["slots"] or {})
    spans = slots.pop("spans", None)
    out: dict[str, Any] = {"id": row["id"], "type": row["type"], "actor": row["actor"],
                           "actor_id": slots.pop("actor_id", None)}
    for name in _SLOT_ORDER:
        out[name] = slots.pop(name, None)
    out["article_url"] = row["url"]
    out["language"] = row["language"]
    out["story_id"] = row["story_id"]
    out["evidence"] = row["evidence"]
    out.update(slots)
    out["spans"] = spans
    return out


def _format_amount(amount: dict | None) -> str:
    if not amount:
        return ""
    value = amount["value"]
    for scale, suffix in ((1e9, "bn"), (1e6, "m"), (1e3, "k")):
        if value >= scale:
            return f"{value / scale:g}{suffix} {amount['currency']}"
    return f"{value:g} {amount['currency']}"


def _format_count(count: dict | None) -> str:
    if not count:
        return ""
    low, high = count.get("min"), count.get("max")
    return f"{low}" if low == high else f"{low}..{high if high is not None else ''}"


@cli.command("events")
@db_option
@json_option
@click.option("--type", "event_type", type=click.Choice(EVENT_TYPES), help="Only events of this type.")
@click.option("--actor", help="Only events whose actor contains this text (case-insensitive).")
@click.option("--story", "story_id", type=int, help="Only events of this story.")
@click.pass_obj
@handle_errors
def events_cmd(obj: Context, db: str, as_json: bool, event_type: str | None, actor: str | None,
               story_id: int | None) -> None:
    """List the business events found in stored articles."""
    with Store(db, create=False) as store:
        rows = store.events(event_type, actor, story_id)
    for row in rows:
        event = event_json(row)
        if as_json:
            _echo_json(event)
            continue
        place = event["place"]
        if isinstance(place, dict):
            place = f"{place.get('from') or '?'} -> {place.get('to') or '?'}"
        elif isinstance(place, list):
            place = ", ".join(place)
        click.echo(f"{event['type']:<17} {str(event['actor'] or '-')[:28]:<28} "
                   f"{_format_amount(event['amount']):>12} {_format_count(event['count']):>10} "
                   f"{str(place or '')[:30]:<30} {event['date'] or '':<10} {event['article_url']}")


@cli.command("entities")
@db_option
@json_option
@click.option("--type", "entity_type", type=click.Choice(["ORG", "PER", "LOC", "PRODUCT"], case_sensitive=False),
              help="Only entities of this type.")
@click.pass_obj
@handle_errors
def entities_cmd(obj: Context, db: str, as_json: bool, entity_type: str | None) -> None:
    """List the entities stored articles mention, most mentioned first."""
    with Store(db, create=False) as store:
        rows = store.entities(entity_type)
    for row in rows:
        if as_json:
            _echo_json({"id": row["id"], "name": row["name"], "type": row["type"], "aliases": row["aliases"],
                        "mentions": row["mentions"], "kind": row["kind"], "country": row["country"]})
        else:
            aliases = ", ".join(row["aliases"][:4])
            click.echo(f"{row['mentions']:>5}  {row['type']:<7} {row['name'][:40]:<40} {aliases}")
