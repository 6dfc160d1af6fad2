"""Briefings from the store: a story's articles, events, related stories and the entity registry.

``Briefer(store, settings).brief(story_id, language)`` is what `newsdesk brief`, the demo site,
the web UI and `newsdesk eval briefings` call.
"""

from __future__ import annotations

import logging
from functools import cached_property

from newsdesk.brief import build_briefing
from newsdesk.brief.check import SourceFactsCache
from newsdesk.brief.generative import GenerativeWriter
from newsdesk.config import Settings
from newsdesk.enrich.language import default_model
from newsdesk.enrich.mentions import MentionFinder
from newsdesk.enrich.registry import EntityRegistry
from newsdesk.records import Briefing, RelatedStory
from newsdesk.store import Store

log = logging.getLogger(__name__)
NAME_LABELS = frozenset({"ORG", "PER", "LOC", "PRODUCT"})


class RegistryNames:
    """The briefing's view of the entity registry: ids and kinds of names, names per language."""

    def __init__(self, registry: EntityRegistry) -> None:
        self.registry = registry

    def resolve(self, surface: str) -> tuple[str, str | None] | None:
        known = self.registry.lookup(surface)
        return (known.entity.id, known.kind) if known else None

    def name(self, entity_id: str, language: str) -> str | None:
        known = self.registry.get(entity_id)
        return known.name_in(language) if known else None


class Briefer:
    """Builds briefings for stored stories, with the registry loaded once."""

    def __init__(self, store: Store, settings: Settings | None = None,
                 registry: EntityRegistry | None = None) -> None:
        self.store = store
        self.settings = settings or Settings()
        self.registry = registry or EntityRegistry.load(self.settings.entities.registry_files)
        self.names = RegistryNames(self.registry)
        self.finder = MentionFinder(self.registry)
        self.language_model = default_model(("de", "en", "it"))
        self.source_facts = SourceFactsCache()

    def find_entities(self, text: str, language: str | None) -> list[tuple[str, str | None]]:
        return [(m.text, m.entity_id) for m in self.finder.find(text, language) if m.label in NAME_LABELS]

    @cached_property
    def writer(self) -> GenerativeWriter | None:
        brief = self.settings.brief
        if brief.backend != "generative":
            return None
        return GenerativeWriter(brief.generative)

    def related(self, story_id: int) -> tuple[RelatedStory, ...]:
        """Stories of the same time naming this story's main entities (the web UI's list)."""
        return tuple(RelatedStory(r["id"], r["title"], r.get("shared_entities"))
                     for r in self.store.related_by_entities(story_id))

    def brief(self, story_id: int, language: str) -> Briefing:
        story = self.store.story(story_id)
        articles = self.store.articles(story_id=story_id)
        events = [{**e, "slots": e.get("slots") or {}} for e in self.store.events(story_id=story_id)]
        briefing = build_briefing(story, articles, language, self.settings.brief, events=events,
                                  names=self.names, find_entities=self.find_entities,
                                  related=self.related(story_id), detect_language=self.language_model.detect,
                                  facts_cache=self.source_facts)
        if self.writer is not None:
            briefing = self.writer.rewrite(briefing, articles, self.find_entities, self.source_facts)
        return briefing
