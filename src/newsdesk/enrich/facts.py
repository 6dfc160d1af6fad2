"""The facts stage: entity mentions, business events, categories and translation leftovers.

One stage, because the four share their work: events are built from the mentions, the
categories count the events, and the leftover check skips known names.
"""

from __future__ import annotations

from typing import ClassVar

from newsdesk.config import EntitySettings
from newsdesk.enrich.categories import categorize
from newsdesk.enrich.events import EventExtractor
from newsdesk.enrich.language import default_model
from newsdesk.enrich.leftovers import LeftoverFinder
from newsdesk.enrich.mentions import MentionFinder
from newsdesk.enrich.registry import EntityRegistry
from newsdesk.records import Article
from newsdesk.stage import Stage

LEFTOVER_LANGUAGES = ("de", "en", "it")


class FactsStage(Stage):
    """Assigns ``mentions``, ``events``, ``categories`` and ``leftovers``."""

    name: ClassVar[str] = "facts"
    requires: ClassVar[frozenset[str]] = frozenset({"text", "language", "published"})
    assigns: ClassVar[frozenset[str]] = frozenset({"mentions", "events", "categories", "leftovers"})

    def __init__(self, settings: EntitySettings | None = None, registry: EntityRegistry | None = None) -> None:
        self.settings = settings or EntitySettings()
        self.registry = registry or EntityRegistry.load(self.settings.registry_files)
        self.finder = MentionFinder(self.registry)
        self.events = EventExtractor(self.finder)
        self.leftovers = LeftoverFinder(default_model(LEFTOVER_LANGUAGES)) if self.settings.leftovers else None

    def process(self, article: Article) -> Article:
        text = article.text
        mentions = self.finder.find(text, article.language)
        events = self.events.extract(text, article.language, article.published, article.url, mentions,
                                     title=article.title)
        leftovers = ()
        if self.leftovers is not None:
            known = [m for m in mentions if m.entity_id and self.registry.get(m.entity_id) is not None]
            leftovers = tuple(self.leftovers.find(text, article.language, known))
        categories = categorize(article.title, text, events)
        return article.replace(mentions=tuple(mentions), events=tuple(events), leftovers=leftovers,
                               categories=categories or article.categories)

