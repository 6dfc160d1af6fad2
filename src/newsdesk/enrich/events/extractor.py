"""Business events from sentences: a trigger word, then the slots around it.

For each sentence and event type the extractor looks for a trigger (:mod:`.lexicon`), then
fills the slots from what the sentence holds: organisations (the actor is the one nearest
before the trigger, the subject in all three languages, else the article's main company),
money, head counts, places, dates resolved against the publication date, and type-specific
words (funding round, lead investor, metric, rule status). A type whose defining slot is
missing (an investment without an amount, a partnership without a partner) is not reported:
precision first. The same fact told twice in one article is one event.

Business events are about companies acting economically: news agencies, political parties, sports
clubs and capitalised junk never act (:func:`.sentence.is_business_org`); a regulation needs an
authority, a launch a product-like object, "fired" staff as its object, a relocation no troops, money
no charity or lottery, and a funding or launch a company at all (general news stays quiet).

Forecasts ("expects revenue of $2 billion", "guidance", "outlook") are no reported result: by
default a financial result in a sentence that forecasts is dropped. With ``guidance=True`` it is
kept as a ``financial_result`` whose slots carry ``"guidance": True`` (what SENTiVENT annotates);
a forecast never merges with a reported result, and the sample's gold scoring leaves it out. The same
switch reads every mention an annotated corpus counts: a result told without a figure of money ("its gross
margin widened", "GE reported third-quarter results", "has lost money there") and a company's own spending
told without an amount ("its AI investments in China"); the product's default reports neither.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from newsdesk.enrich.events.lexicon import EVENT_TYPES, GUIDANCE
from newsdesk.enrich.events.merge import _perspective, _resolve_conflicts, merge_events, same_name
from newsdesk.enrich.events.sentence import (
    _actor, _anaphoric, _coordinated, _main_actor, _names_the_company, _pattern, _Sentence, _subject, _trigger,
    sentence_spans,
)
from newsdesk.enrich.events.slots import _FILLERS, _fill_common, _no_fill, _one_per_figure
from newsdesk.enrich.mentions import MentionFinder
from newsdesk.enrich.registry import fold
from newsdesk.records import Event, Mention

__all__ = ["EventExtractor", "merge_events", "same_name", "sentence_spans"]

# Types whose definite nominal trigger ("the deal", "die Übernahme") without an actor in the
# sentence refers back to an event already told: not a new one.
_ANAPHORA_TYPES = ("acquisition", "partnership", "product_launch", "relocation", "investment", "funding", "regulation")
# Types that need more than a trigger to be worth reporting.
_REQUIRED = {
    "investment": ("amount|stake|invested_in",),
    "funding": ("amount|round|instrument",),
    "financial_result": ("amount|change|owned_metric",),
    "acquisition": ("target|amount",),
    "partnership": ("partner|named_deal",),
    "relocation": ("place",),
    "layoff": ("count|actor_here",),
    "hiring": ("count|roles|actor_here",),
    "product_launch": ("product",),
    "regulation": ("authority",),
}
# A sentence whose subject is a person's pronoun: no company acts in it. Not German "Er": it stands
# for "der Konzern", "der Hersteller" as often as for a man.
_PERSON_SUBJECT = re.compile(r"\s*[\"“„«]?(?:He|She|I|Lui|Lei|Egli)\b")
# Types told only of a named organisation: without one in the sentence or the article, no business event.
_ACTOR_REQUIRED = ("funding", "product_launch", "hiring", "acquisition", "partnership",
                   "relocation")
# Markers a filler sets for the requirements above, not reported.
_TRANSIENT = ("actor_here", "invested_in", "named_deal", "owned_metric", "instrument", "every_mention")


@dataclass
class EventExtractor:
    """Finds the business events of one text (see the module docstring)."""

    finder: MentionFinder = field(default_factory=MentionFinder)
    guidance: bool = False  # report forecasts as results flagged ``guidance`` instead of dropping them

    def extract(self, text: str, language: str | None, published: date | datetime | None = None,
                url: str = "", mentions: list[Mention] | None = None, title: str = "") -> list[Event]:
        """The events of ``text``, each fact once (:func:`merge_events`)."""
        events, main_actor = self._mentions(text, language, published, url, mentions, title)
        return merge_events(events, main_actor)

    def extract_mentions(self, text: str, language: str | None, published: date | datetime | None = None,
                         url: str = "", mentions: list[Mention] | None = None, title: str = "") -> list[Event]:
        """Every telling of an event, sentence by sentence, before a fact told twice is merged into one
        (what event-mention corpora such as SENTiVENT annotate)."""
        return self._mentions(text, language, published, url, mentions, title)[0]

    def _mentions(self, text: str, language: str | None, published: date | datetime | None, url: str,
                  mentions: list[Mention] | None, title: str) -> tuple[list[Event], str | None]:
        lang = language if language in ("de", "en", "it") else "en"
        if isinstance(published, datetime):
            published = published.date()
        if mentions is None:
            mentions = self.finder.find(text, language)
        main_actor = _main_actor(mentions, title, self.finder.registry)
        events: list[Event] = []
        previous_subject: str | None = None
        spans = sentence_spans(text)
        for (start, end), in_sentence in zip(spans, _by_sentence(mentions, spans)):
            sentence = _Sentence(start, end, text[start:end], in_sentence, lang, published, self.finder.registry)
            fallback = main_actor if _names_the_company(sentence) else previous_subject or main_actor
            found = [e for event_type in EVENT_TYPES for e in self._events(event_type, sentence, fallback, url)]
            events.extend(_perspective(e, main_actor) for e in _resolve_conflicts(found, sentence))
            subject = _subject(sentence)
            previous_subject = subject.text if subject is not None else None
        return events, main_actor

    def _events(self, event_type: str, s: _Sentence, fallback: str | None, url: str) -> list[Event]:
        """The event of this type in the sentence, once per actor when actors are listed."""
        event = self._event(event_type, s, fallback, url)
        if event is not None and event_type == "financial_result":
            return _one_per_figure(event, s)
        if event is None or "actor" not in event.slots.get("spans", {}):
            return [event] if event is not None else []
        start, end = event.slots["spans"]["actor"][0]
        others = _coordinated(s, start, end)
        return [event] + [Event(event.type, m.text, event.evidence, url,
                                {**event.slots, "actor_id": m.entity_id,
                                 "spans": {**event.slots["spans"], "actor": [[m.start, m.end]]}})
                          for m in others]

    def _event(self, event_type: str, s: _Sentence, fallback: str | None, url: str) -> Event | None:
        trigger = _trigger(s, event_type)
        forecast = event_type == "financial_result" and trigger is not None and bool(_pattern(GUIDANCE).search(s.text))
        if trigger is None or forecast and not self.guidance:
            return None
        slots: dict[str, Any] = {"guidance": True} if forecast else {}
        if self.guidance:
            slots["every_mention"] = True  # an annotated corpus's reading: figure-less results and holdings count too
        spans: dict[str, list[list[int]]] = {"trigger": [[s.start + trigger.start(), s.start + trigger.end()]]}
        actor_mention = _actor(s, trigger, event_type)
        if actor_mention is None and event_type in _ANAPHORA_TYPES and _anaphoric(s, trigger):
            return None
        if actor_mention is None and _PERSON_SUBJECT.match(s.text):
            return None  # "He plans to invest the $700,000 he won": a person acts, not the article's company
        actor = actor_mention.text if actor_mention else fallback
        if actor is None and event_type in _ACTOR_REQUIRED:
            return None  # "30 Millionen Pfund gesammelt", "presentato il nuovo acquisto": no company acts
        if actor_mention is not None:
            spans["actor"] = [[actor_mention.start, actor_mention.end]]
            slots["actor_here"] = True
        _fill_common(s, trigger, slots, spans, event_type)
        _FILLERS.get(event_type, _no_fill)(s, trigger, slots, spans, actor_mention)
        if actor is None and event_type == "financial_result" and not (slots.get("amount") or slots.get("change")):
            return None  # "after their earlier loss": whose figure is not told
        if slots.get("not_an_event") or not _has_required(event_type, slots) or _self_referent(actor, slots, event_type):
            return None
        for marker in _TRANSIENT:
            slots.pop(marker, None)
        if actor_mention is not None and actor_mention.entity_id:
            slots["actor_id"] = actor_mention.entity_id
        slots["spans"] = spans
        return Event(type=event_type, actor=actor, evidence=s.text, article_url=url, slots=slots)


def _by_sentence(mentions: list[Mention], spans: list[tuple[int, int]]) -> list[list[Mention]]:
    """The mentions that start in each sentence (``spans`` in order, not overlapping), in their given order."""
    starts = [start for start, _ in spans]
    buckets: list[list[Mention]] = [[] for _ in spans]
    for m in mentions:
        i = bisect_right(starts, m.start) - 1
        if i >= 0 and m.start < spans[i][1]:
            buckets[i].append(m)
    return buckets


def _self_referent(actor: str | None, slots: dict, event_type: str = "") -> bool:
    """"Stellantis partners with Stellantis", "Kairos AI launches Kairos AI", "Alpitel buys Alpitel": the actor
    read twice (an investment's "target" may repeat its actor when it is the actor's own plant or unit)."""
    if not actor:
        return False
    own = fold(actor)
    roles = ("partner", "product", "target") if event_type == "acquisition" else ("partner", "product")
    return any(isinstance(slots.get(k), str) and fold(slots[k]) == own for k in roles)


def _has_required(event_type: str, slots: dict) -> bool:
    for requirement in _REQUIRED.get(event_type, ()):
        if not any(slots.get(name) for name in requirement.split("|")):
            return False
    return True
