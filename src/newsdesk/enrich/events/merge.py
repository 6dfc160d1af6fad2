"""One reading per sentence, one event per fact: conflict rules inside a sentence and merging
across an article.

:func:`_resolve_conflicts` keeps one reading of each company in a sentence (a takeover target is
no partner, a stake no takeover); :func:`_perspective` tells a partnership from the article's
company; :func:`merge_events` folds the tellings of one fact into one event.
"""

from __future__ import annotations

import re
from typing import Any

from newsdesk.enrich.events.sentence import _Sentence
from newsdesk.enrich.registry import fold
from newsdesk.records import Event


def _resolve_conflicts(events: list[Event], s: _Sentence) -> list[Event]:
    """One sentence, one reading of each company: "agreed to acquire X" is no partnership with X, "launched an offer
    for X" no launch of X, and a percentage stake ("21 Prozent am X übernommen") an investment, not a takeover."""
    targets = {fold(e.slots["target"]) for e in events if e.type == "acquisition" and e.slots.get("target")}
    stake = any(e.type == "investment" and e.slots.get("stake") for e in events)
    deal = any(e.type in ("acquisition", "funding") for e in events)
    kept = []
    for e in events:
        if e.type == "partnership" and fold(e.slots.get("partner") or "") in targets:
            continue
        if e.type == "partnership" and not e.slots.get("partner") and deal:
            continue  # "signed an agreement to acquire", "entered into a credit facility": no partnership
        if e.type == "product_launch" and fold(e.slots.get("product") or "") in targets:
            continue
        if e.type == "acquisition" and stake:
            continue
        kept.append(e)
    return kept


def _perspective(event: Event, main_actor: str | None) -> Event:
    """A partnership is told from the article's company: "Südwerke und Kairos arbeiten zusammen" in an article
    about Kairos is Kairos's partnership with Südwerke."""
    partner = event.slots.get("partner")
    if event.type != "partnership" or not partner or not main_actor or not event.actor:
        return event
    if fold(partner) not in fold(main_actor) and fold(main_actor) not in fold(partner) or fold(main_actor) in fold(event.actor):
        return event
    spans = dict(event.slots.get("spans") or {})
    if "actor" in spans and "partner" in spans:
        spans["actor"], spans["partner"] = spans["partner"], spans["actor"]
    slots = {k: v for k, v in event.slots.items() if k != "actor_id"}
    return Event(event.type, partner, event.evidence, event.article_url, {**slots, "partner": event.actor, "spans": spans})


_DISTINCT = ("amount", "count", "product", "partner", "target", "metric", "status")


def _value(slot: str, value: Any) -> Any:
    if slot == "amount":
        return round(value["value"], -3), value["currency"]
    if slot == "count":
        return value["min"], value["max"]
    return fold(value) if isinstance(value, str) else value


_LEGAL = {"ag", "gmbh", "se", "spa", "s", "p", "a", "inc", "ltd", "plc", "corp", "nv", "llc", "sa", "group", "gruppe", "gruppo"}


def same_name(a: str, b: str) -> bool:
    """"Tauern Lift" = "Tauern Lift GmbH", "Bozner Brenner Mobility AG" = "Brenner Mobility": one name's words
    (legal forms dropped) contained in the other's."""
    wa, wb = (set(re.findall(r"\w+", fold(x))) for x in (a, b))
    wa, wb = (wa - _LEGAL) or wa, (wb - _LEGAL) or wb
    return bool(wa and wb) and (wa <= wb or wb <= wa)


def _same_value(slot: str, a: Any, b: Any) -> bool:
    if slot in ("product", "partner", "target") and isinstance(a, str) and isinstance(b, str):
        return same_name(a, b)
    return _value(slot, a) == _value(slot, b)


def _conflict(a: Event, b: Event) -> bool:
    """Whether two events of one type and actor tell different facts: a slot both have, with different values,
    or a forecast and a reported result."""
    if bool(a.slots.get("guidance")) != bool(b.slots.get("guidance")):
        return True
    return any(a.slots.get(k) and b.slots.get(k) and not _same_value(k, a.slots[k], b.slots[k]) for k in _DISTINCT)


def _same_result(a: Event, b: Event, main_actor: str | None) -> bool:
    """One metric with one amount in one article is one result of the article's company, whoever else the
    sentence named as its subject."""
    return a.type == b.type == "financial_result" and bool(a.slots.get("amount")) and not _conflict(a, b) \
        and a.slots.get("metric") == b.slots.get("metric") and bool(main_actor) \
        and any(same_name(e.actor or "", main_actor) for e in (a, b))


def merge_events(events: list[Event], main_actor: str | None = None) -> list[Event]:
    """One event per fact: same type and actor with no slot telling them apart (amount, count, target, ...) told
    twice is one; the first telling keeps its evidence and its values, the later one fills what it lacked."""
    merged: list[Event] = []
    for event in events:
        for i, kept in enumerate(merged):
            same_actor = kept.type == event.type and (fold(kept.actor or "") == fold(event.actor or "") or
                                                      same_name(kept.actor or "", event.actor or ""))
            if same_actor and not _conflict(kept, event) or _same_result(kept, event, main_actor):
                first = kept
                if not same_actor and same_name(event.actor or "", main_actor or ""):
                    first = Event(kept.type, event.actor, kept.evidence, kept.article_url,
                                  {**kept.slots, "actor_id": event.slots.get("actor_id")})
                merged[i] = Event(first.type, first.actor, first.evidence, first.article_url, {**event.slots, **first.slots})
                break
        else:
            merged.append(event)
    return merged
