"""Business events (layoffs, hiring, investments, funding, launches, results, deals, rules, moves)."""

from newsdesk.enrich.events.extractor import EventExtractor, merge_events, sentence_spans
from newsdesk.enrich.events.lexicon import EVENT_TYPES

__all__ = ["EVENT_TYPES", "EventExtractor", "merge_events", "sentence_spans"]
