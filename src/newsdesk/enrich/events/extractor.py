"""Business events from sentences: a trigger word, then the slots around it.

For each sentence and event type the extractor looks for a trigger (:mod:`.lexicon`), then
fills the slots from what the sentence holds: organisations (the actor is the one nearest
before the trigger, the subject in all three languages, else the article's main company),
money, head counts, places, dates resolved against the publication date, and type-specific
words (funding round, lead investor, metric, rule status). A type whose defining slot is
missing (an investment without an amount, a partnership without a partner) is not reported:
precision first. The same fact told twice in one article is one event.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from typing import Any

from newsdesk.enrich.events.lexicon import (
    EVENT_TYPES, LEAD_INVESTOR, METRICS, RELOCATION_FROM, RELOCATION_TO, ROUNDS, STATUS, TRIGGERS,
)
from newsdesk.enrich.mentions import MentionFinder
from newsdesk.enrich.registry import EntityRegistry, fold
from newsdesk.nlp.counts import find_counts
from newsdesk.nlp.dates import find_dates
from newsdesk.nlp.money import find_money
from newsdesk.nlp.text import split_sentences
from newsdesk.records import Event, Mention

_ACTOR_LABELS = ("ORG",)
# Types that need more than a trigger to be worth reporting.
_REQUIRED = {
    "investment": ("amount",),
    "funding": ("amount|round",),
    "financial_result": ("amount",),
    "acquisition": ("target|amount",),
    "partnership": ("partner",),
    "relocation": ("place",),
    "layoff": ("count|actor_here",),
    "hiring": ("count|roles|actor_here",),
    "product_launch": ("product",),
    "regulation": ("status|authority",),
}


@lru_cache(maxsize=64)
def _pattern(alternatives: tuple[str, ...]) -> re.Pattern:
    return re.compile(r"(?<![\w-])(?:" + "|".join(alternatives) + r")", re.IGNORECASE)


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every sentence of ``text``, paragraph by paragraph."""
    spans, pos = [], 0
    for sentence in split_sentences(text):
        start = text.find(sentence, pos)
        if start < 0:
            continue
        spans.append((start, start + len(sentence)))
        pos = start + len(sentence)
    return spans


@dataclass
class _Sentence:
    start: int
    end: int
    text: str
    mentions: list[Mention]
    language: str
    published: date | None
    registry: EntityRegistry

    def kind(self, mention: Mention) -> str | None:
        known = self.registry.get(mention.entity_id) if mention.entity_id else None
        return known.kind if known else None

    def rel(self, mention: Mention) -> tuple[int, int]:
        return mention.start - self.start, mention.end - self.start


@dataclass
class EventExtractor:
    """Finds the business events of one text (see the module docstring)."""

    finder: MentionFinder = field(default_factory=MentionFinder)

    def extract(self, text: str, language: str | None, published: date | datetime | None = None,
                url: str = "", mentions: list[Mention] | None = None, title: str = "") -> list[Event]:
        lang = language if language in ("de", "en", "it") else "en"
        if isinstance(published, datetime):
            published = published.date()
        if mentions is None:
            mentions = self.finder.find(text, language)
        main_actor = _main_actor(mentions, title)
        events: list[Event] = []
        previous_subject: str | None = None
        for start, end in sentence_spans(text):
            sentence = _Sentence(start, end, text[start:end], [m for m in mentions if start <= m.start < end],
                                 lang, published, self.finder.registry)
            fallback = previous_subject or main_actor
            for event_type in EVENT_TYPES:
                events.extend(self._events(event_type, sentence, fallback, url))
            subject = _subject(sentence)
            previous_subject = subject.text if subject is not None else None
        return merge_events(events)

    def _events(self, event_type: str, s: _Sentence, fallback: str | None, url: str) -> list[Event]:
        """The event of this type in the sentence, once per actor when actors are listed."""
        event = self._event(event_type, s, fallback, url)
        if event is None or "actor" not in event.slots.get("spans", {}):
            return [event] if event is not None else []
        start, end = event.slots["spans"]["actor"][0]
        others = _coordinated(s, start, end)
        return [event] + [Event(event.type, m.text, event.evidence, url,
                                {**event.slots, "actor_id": m.entity_id,
                                 "spans": {**event.slots["spans"], "actor": [[m.start, m.end]]}})
                          for m in others]

    def _event(self, event_type: str, s: _Sentence, fallback: str | None, url: str) -> Event | None:
        trigger = _pattern(TRIGGERS[event_type][s.language]).search(s.text)
        if trigger is None:
            return None
        slots: dict[str, Any] = {}
        spans: dict[str, list[list[int]]] = {"trigger": [[s.start + trigger.start(), s.start + trigger.end()]]}
        actor_mention = _actor(s, trigger, event_type)
        actor = actor_mention.text if actor_mention else fallback
        if actor_mention is not None:
            spans["actor"] = [[actor_mention.start, actor_mention.end]]
            slots["actor_here"] = True
        _fill_common(s, trigger, slots, spans, event_type)
        _FILLERS.get(event_type, _no_fill)(s, trigger, slots, spans, actor_mention)
        if not _has_required(event_type, slots) or _self_referent(actor, slots):
            return None
        slots.pop("actor_here", None)
        if actor_mention is not None and actor_mention.entity_id:
            slots["actor_id"] = actor_mention.entity_id
        slots["spans"] = spans
        return Event(type=event_type, actor=actor, evidence=s.text, article_url=url, slots=slots)


def _main_actor(mentions: list[Mention], title: str) -> str | None:
    """The organisation the article is about: most mentioned, the title's breaking ties."""
    counts: Counter[str] = Counter()
    surface: dict[str, str] = {}
    for m in mentions:
        if m.label in _ACTOR_LABELS and m.entity_id:
            counts[m.entity_id] += 1
            if m.entity_id not in surface or len(m.text) > len(surface[m.entity_id]):
                surface[m.entity_id] = m.text
    if not counts:
        return None
    folded_title = fold(title)
    best = max(counts, key=lambda e: (counts[e] + (2 if fold(surface[e]) in folded_title else 0), len(surface[e])))
    return surface[best]


_NOT_SUBJECT_BEFORE = re.compile(
    r"(?:led by|angeführt von|Führung von|guidat[oa] da\w*|with|mit|con|von|from|aus|da|di|laut|according to|"
    r"secondo|per|für|for|of|by|dal|della|del|dem|der|des)\s*$", re.IGNORECASE)


_REPORTER_AFTER = re.compile(
    r"^\s*(?:berichtet|berichtete|meldet|meldete|schreibt|schrieb|zufolge|reports?|reported|said|wrote|"
    r"riporta|scrive|ha riportato|secondo)\b", re.IGNORECASE)
_REPORTER_BEFORE = re.compile(r"(?:laut|according to|secondo|nach Angaben von|citing)\s*$", re.IGNORECASE)


def _is_reporter(s: _Sentence, m: Mention) -> bool:
    """"Reuters berichtet, dass ...", "laut Benzinga": a source of the news, not an actor."""
    start, end = s.rel(m)
    return bool(_REPORTER_AFTER.search(s.text[end:end + 30]) or _REPORTER_BEFORE.search(s.text[max(0, start - 25):start]))


def _subject(s: _Sentence) -> Mention | None:
    orgs = [m for m in s.mentions if m.label in _ACTOR_LABELS and not _is_reporter(s, m)]
    return orgs[0] if orgs else None


def _coordinated(s: _Sentence, start: int, end: int) -> list[Mention]:
    """Organisations listed with the actor: "Alibaba, ByteDance und Meituan"."""
    found, pos = [], end
    for m in sorted((m for m in s.mentions if m.label in _ACTOR_LABELS and m.start >= end), key=lambda m: m.start):
        if re.fullmatch(r"\s*(?:,|und|and|e|ed|sowie|oder|or|o)\s*(?:(?:und|and|e)\s+)?", s.text[pos - s.start:m.start - s.start]):
            found.append(m)
            pos = m.end
        else:
            break
    return found


def _actor(s: _Sentence, trigger: re.Match, event_type: str) -> Mention | None:
    orgs = [m for m in s.mentions if m.label in _ACTOR_LABELS and not _is_reporter(s, m)]
    before = [m for m in orgs if s.rel(m)[1] <= trigger.start()]
    subjects = [m for m in before if not _NOT_SUBJECT_BEFORE.search(s.text[:s.rel(m)[0]])]
    if subjects:
        return subjects[0]
    head_end = trigger.start() + len(trigger.group().split()[0])  # the trigger's first word
    after = [m for m in orgs if s.rel(m)[0] >= head_end]
    if after and event_type not in ("acquisition", "partnership"):
        gap = s.text[head_end:s.rel(after[0])[0]]
        if len(gap.split()) <= 2 and not _NOT_SUBJECT_BEFORE.search(gap):
            return after[0]  # German inversion: "strich Spotify 1.500 Stellen"
    return None


def _fill_common(s: _Sentence, trigger: re.Match, slots: dict, spans: dict, event_type: str) -> None:
    money = [m for m in find_money(s.text, s.language)]
    if money and event_type not in ("layoff", "hiring", "relocation", "partnership", "regulation"):
        chosen = _nearest(money, trigger, key=lambda m: m.start) if event_type != "financial_result" else money[0]
        slots["amount"] = {"value": chosen.value, "currency": chosen.currency}
        spans["amount"] = [[s.start + chosen.start, s.start + chosen.end]]
    if event_type in ("layoff", "hiring", "relocation"):
        money_spans = [(m.start, m.end) for m in money]
        counts = [c for c in find_counts(s.text, s.language)
                  if not any(a <= c.start < b for a, b in money_spans) and not _is_percent(s.text, c.end)]
        if counts:
            chosen = _nearest(counts, trigger, key=lambda c: c.start)
            slots["count"] = {"min": chosen.min, "max": chosen.max}
            spans["count"] = [[s.start + chosen.start, s.start + chosen.end]]
    places = [m for m in s.mentions if m.label == "LOC"]
    if places:
        slots["place"] = list(dict.fromkeys(m.text for m in places))
        spans["place"] = [[m.start, m.end] for m in places]
    if s.published is not None:
        dates = find_dates(s.text, s.published, s.language)
    else:  # no publication date: only expressions that carry their year ("Q2 2024")
        dates = [d for d in find_dates(s.text, date.today(), s.language) if re.search(r"\d{4}", d.text)]
    if dates:
        slots["date"] = dates[0].label
        spans["date"] = [[s.start + dates[0].span_start, s.start + dates[0].span_end]]
    elif s.published is not None:
        slots["date"] = s.published.isoformat()


def _is_percent(text: str, end: int) -> bool:
    return bool(re.match(r"\s*(?:%|Prozent|per ?cent|percent|per cento)", text[end:end + 12], re.IGNORECASE))


def _nearest(items: list, trigger: re.Match, key) -> Any:
    return min(items, key=lambda item: (abs(key(item) - trigger.start()), key(item)))


def _orgs_after(s: _Sentence, pos: int, actor: Mention | None) -> list[Mention]:
    return [m for m in s.mentions if m.label == "ORG" and s.rel(m)[0] >= pos
            and (actor is None or m.entity_id != actor.entity_id)]


def _other_orgs(s: _Sentence, actor: Mention | None) -> list[Mention]:
    return [m for m in s.mentions if m.label == "ORG" and (actor is None or m.entity_id != actor.entity_id)]


def _fill_funding(s: _Sentence, trigger: re.Match, slots: dict, spans: dict, actor: Mention | None) -> None:
    for pattern, label in ROUNDS:
        m = re.search(pattern, s.text, re.IGNORECASE)
        if m:
            slots["round"] = label.format(*(g.upper() for g in m.groups()))
            spans["round"] = [[s.start + m.start(), s.start + m.end()]]
            break
    lead = _pattern(LEAD_INVESTOR).search(s.text)
    if lead:
        investors = _orgs_after(s, lead.end(), actor)
        if investors:
            slots["lead_investor"] = investors[0].text
            spans["lead_investor"] = [[investors[0].start, investors[0].end]]


def _other_party(slot: str):
    """A filler that puts the first other organisation after the trigger into ``slot``."""
    def fill(s: _Sentence, trigger: re.Match, slots: dict, spans: dict, actor: Mention | None) -> None:
        found = _orgs_after(s, trigger.start(), actor) or _other_orgs(s, actor)
        if found:
            slots[slot] = found[0].text
            spans[slot] = [[found[0].start, found[0].end]]
    return fill


def _fill_investment(s: _Sentence, trigger: re.Match, slots: dict, spans: dict, actor: Mention | None) -> None:
    countries = [m for m in s.mentions if m.label == "LOC" and s.kind(m) == "country"]
    if countries:
        slots["country"] = countries[0].text
    else:
        country = next((s.registry.demonym(w) for w in s.text.split() if w[:1].isalpha() and s.registry.demonym(w)), None)
        if country is not None:
            slots["country"] = country.entity.name
    targets = _orgs_after(s, trigger.start(), actor)
    if targets:
        slots["target"] = targets[0].text
        spans["target"] = [[targets[0].start, targets[0].end]]


def _fill_launch(s: _Sentence, trigger: re.Match, slots: dict, spans: dict, actor: Mention | None) -> None:
    products = [m for m in s.mentions if m.label == "PRODUCT"]
    if not products:
        products = [m for m in _orgs_after(s, 0, actor) if m.entity_id and m.entity_id.startswith("org:")
                    and abs(s.rel(m)[0] - trigger.start()) < 80]
    if products:
        slots["product"] = products[0].text
        spans["product"] = [[products[0].start, products[0].end]]
    if "amount" in slots:
        slots["price"] = slots.pop("amount")
        spans["price"] = spans.pop("amount")


def _fill_result(s: _Sentence, trigger: re.Match, slots: dict, spans: dict, actor: Mention | None) -> None:
    for metric, patterns in METRICS.items():
        m = _pattern(patterns).search(s.text)
        if m:
            slots["metric"] = metric
            money = [x for x in find_money(s.text, s.language) if x.start >= m.start()]
            if money:
                slots["amount"] = {"value": money[0].value, "currency": money[0].currency}
                spans["amount"] = [[s.start + money[0].start, s.start + money[0].end]]
            break
    if "date" in slots and "period" not in slots and spans.get("date"):
        slots["period"] = slots["date"]


def _fill_regulation(s: _Sentence, trigger: re.Match, slots: dict, spans: dict, actor: Mention | None) -> None:
    for status, patterns in STATUS.items():
        if _pattern(patterns).search(s.text):
            slots["status"] = status
            break
    if actor is not None:
        slots["authority"] = actor.text
    slots["rule"] = s.text[trigger.start():trigger.end()]


def _fill_relocation(s: _Sentence, trigger: re.Match, slots: dict, spans: dict, actor: Mention | None) -> None:
    places = [m for m in s.mentions if m.label == "LOC"]
    if not places:
        slots.pop("place", None)
        return
    route: dict[str, Any] = {}
    for m in places:
        before = s.text[max(0, s.rel(m)[0] - 8):s.rel(m)[0]]
        if _pattern(RELOCATION_FROM).search(before.split()[-1] if before.split() else "") and "from" not in route:
            route["from"] = m.text
        elif "to" not in route and _pattern(RELOCATION_TO).search(before.split()[-1] if before.split() else ""):
            route["to"] = m.text
    if "to" not in route:
        route["to"] = places[-1].text
    slots["place"] = route


def _no_fill(*_: Any) -> None:
    pass


_FILLERS = {
    "funding": _fill_funding,
    "acquisition": _other_party("target"),
    "investment": _fill_investment,
    "partnership": _other_party("partner"),
    "product_launch": _fill_launch,
    "financial_result": _fill_result,
    "regulation": _fill_regulation,
    "relocation": _fill_relocation,
}


def _self_referent(actor: str | None, slots: dict) -> bool:
    """"Stellantis partners with Stellantis", "Kairos AI launches Kairos AI": the actor read twice (an investment's
    "target" may repeat its actor when it is the actor's own plant or unit)."""
    if not actor:
        return False
    own = fold(actor)
    return any(isinstance(slots.get(k), str) and fold(slots[k]) == own for k in ("partner", "product"))


def _has_required(event_type: str, slots: dict) -> bool:
    for requirement in _REQUIRED.get(event_type, ()):
        if not any(slots.get(name) for name in requirement.split("|")):
            return False
    return True


def _value_key(event: Event) -> Any:
    slots = event.slots
    if slots.get("amount"):
        return ("amount", round(slots["amount"]["value"], -3), slots["amount"]["currency"])
    if slots.get("count"):
        return ("count", slots["count"]["min"], slots["count"]["max"])
    for name in ("product", "partner", "target"):
        if slots.get(name):
            return (name, fold(slots[name]))
    return None


def merge_events(events: list[Event]) -> list[Event]:
    """One event per fact: same type, actor and amount/count (or none given) told twice is one."""
    merged: list[Event] = []
    for event in events:
        key = (event.type, fold(event.actor or ""))
        value = _value_key(event)
        for i, kept in enumerate(merged):
            if (kept.type, fold(kept.actor or "")) != key:
                continue
            kept_value = _value_key(kept)
            if value is None or kept_value is None or value == kept_value:
                slots = {**event.slots, **kept.slots} if kept_value is not None or value is None else \
                    {**kept.slots, **event.slots}
                merged[i] = Event(kept.type, kept.actor, kept.evidence, kept.article_url, slots)
                break
        else:
            merged.append(event)
    return merged
