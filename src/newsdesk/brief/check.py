"""Is a briefing sentence backed by the sources it cites? Names, numbers and dates, checked.

A sentence passes when every amount of money, head count, number, date and named entity in it is
found in at least one of its cited articles (money within 2%, dates by the interval they name,
entities by registry id or, for unknown names, by spelling). Used on every briefing: template
sentences must always pass, and a generative backend's sentences that fail are removed or marked.
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Callable, Iterable

from newsdesk.nlp.counts import find_counts
from newsdesk.nlp.dates import find_dates
from newsdesk.nlp.money import find_money
from newsdesk.nlp.numbers import find_numbers
from newsdesk.nlp.text import STOPWORDS, normalize
from newsdesk.records import Article

# (surface, entity id or None) for every name in a text of a language
EntityFinder = Callable[[str, str | None], "list[tuple[str, str | None]]"]
_CITATION = re.compile(r"\s*\[\d+\]")
_MONEY_GAP = 0.02


def no_entities(text: str, language: str | None) -> list[tuple[str, str | None]]:
    return []


Detect = Callable[[str], "tuple[str | None, float]"]


def words_language(text: str, language: str, detect: Detect,
                   find_entities: EntityFinder = no_entities) -> tuple[str | None, float]:
    """The language of a sentence's own words, names and numbers left out: "Halvion is partnering
    with Politecnico di Torino" is English whatever the name's language. Outside German, capitalised
    words that are not function words count as names; a sentence that is mostly names (a title in
    title case) is judged whole."""
    masked = text
    for surface, _ in sorted(find_entities(text, language), key=lambda m: -len(m[0])):
        masked = masked.replace(surface, " ")
    masked = re.sub(r"[\d.,%€$£]+", " ", masked)
    if language != "de":
        stop = STOPWORDS.get(language, frozenset())
        masked = re.sub(r"\b[A-ZÄÖÜ]\w*", lambda m: m.group() if m.group().lower() in stop else " ", masked)
    return detect(masked if len(re.findall(r"\w{2,}", masked)) >= 3 else text)


@dataclass
class SourceFacts:
    """What one article states: values to check a sentence against."""

    money: list[tuple[str, float]]
    counts: set[tuple[int, int | None]]
    numbers: list[float]
    dates: list[tuple[date, date]]
    entity_ids: set[str]
    text: str  # folded

    @classmethod
    def of(cls, article: Article, find_entities: EntityFinder) -> SourceFacts:
        text = f"{article.title}\n{article.lead}\n{article.text}"
        lang = article.language
        published = article.published or datetime(2000, 1, 1)
        dates = [(d.start, d.end) for d in find_dates(text, published, lang)]
        if article.published:
            dates.append((article.published.date(), article.published.date()))
        return cls(
            money=[(m.currency, m.value) for m in find_money(text, lang)],
            counts={(c.min, c.max) for c in find_counts(text, lang)},
            numbers=[n.value for n in find_numbers(text, lang)],
            dates=dates,
            entity_ids={i for _, i in find_entities(text, lang) if i},
            text=normalize(text),
        )


@dataclass
class SentenceCheck:
    values: int = 0
    values_found: int = 0
    entities: int = 0
    entities_found: int = 0
    missing: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.missing


def _overlaps(span: tuple[int, int], taken: list[tuple[int, int]]) -> bool:
    return any(span[0] < end and start < span[1] for start, end in taken)


def _money_found(currency: str, value: float, sources: list[SourceFacts]) -> bool:
    return any(c == currency and abs(v - value) <= _MONEY_GAP * max(abs(v), abs(value), 1.0)
               for s in sources for c, v in s.money)


def _date_found(start: date, end: date, sources: list[SourceFacts]) -> bool:
    return any(s0 <= end and start <= e0 for s in sources for s0, e0 in s.dates)


def check_sentence(text: str, language: str | None, sources: list[SourceFacts],
                   find_entities: EntityFinder = no_entities,
                   references: list[datetime] | datetime | None = None) -> SentenceCheck:
    """Which of the sentence's values and names its cited ``sources`` do not state.

    Relative dates ("ieri") are read against each of ``references`` (the cited articles'
    publication dates) and pass when one reading is stated by a source.
    """
    if not isinstance(references, list):
        references = [references or datetime(2000, 1, 1)]
    text = _CITATION.sub("", text)
    result = SentenceCheck()
    taken: list[tuple[int, int]] = []

    def verdict(found: bool, what: str) -> None:
        result.values += 1
        result.values_found += found
        if not found:
            result.missing.append(what)

    for m in find_money(text, language):
        taken.append((m.start, m.end))
        verdict(_money_found(m.currency, m.value, sources), m.text)
    for c in find_counts(text, language):
        if _overlaps((c.start, c.end), taken):
            continue
        taken.append((c.start, c.end))
        found = any((c.min, c.max) in s.counts or (c.min in s.numbers and (c.max is None or c.max == c.min
                                                                         or c.max in s.numbers))
                    for s in sources)
        verdict(found, c.text)
    readings = [find_dates(text, ref, language) for ref in references or [datetime(2000, 1, 1)]]
    for i, d in enumerate(readings[0]):
        if _overlaps((d.span_start, d.span_end), taken):
            continue
        taken.append((d.span_start, d.span_end))
        same = [r[i] for r in readings if i < len(r)]
        verdict(any(_date_found(x.start, x.end, sources) for x in same), d.text)
    for n in find_numbers(text, language):
        if _overlaps((n.start, n.end), taken):
            continue
        verdict(any(abs(v - n.value) < 1e-6 * max(1.0, abs(v)) for s in sources for v in s.numbers), n.text)
    for surface, entity_id in find_entities(text, language):
        result.entities += 1
        found = (entity_id is not None and any(entity_id in s.entity_ids for s in sources)) or any(
            normalize(surface) in s.text for s in sources)
        result.entities_found += found
        if not found:
            result.missing.append(surface)
    return result


class SourceFactsCache:
    """What articles state, kept for the most recently checked ``maxsize`` articles, so that the
    briefings of one story in several languages (and their evaluation) read each article once."""

    def __init__(self, maxsize: int = 2048) -> None:
        self.maxsize = maxsize
        self._items: OrderedDict[tuple, SourceFacts] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, article: Article, find_entities: EntityFinder) -> SourceFacts:
        key = (article.url, article.content_hash, article.language)
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
        facts = SourceFacts.of(article, find_entities)
        with self._lock:
            self._items[key] = facts
            while len(self._items) > self.maxsize:
                self._items.popitem(last=False)
        return facts


class Checker:
    """Checks sentences against the articles they cite; each article's facts are computed once
    (per checker, or per ``cache`` shared between checkers)."""

    def __init__(self, articles: list[Article], find_entities: EntityFinder | None,
                 cache: SourceFactsCache | None = None) -> None:
        self.articles = articles
        self.find_entities = find_entities or no_entities
        self.cache = cache or SourceFactsCache(maxsize=max(1, len(articles)))

    def sources(self, cites: Iterable[int]) -> list[SourceFacts]:
        out = []
        for n in cites:
            if not 1 <= n <= len(self.articles):
                continue  # a citation of a source that does not exist backs nothing
            out.append(self.cache.get(self.articles[n - 1], self.find_entities))
        return out

    def check(self, text: str, language: str | None, cites: Iterable[int]) -> SentenceCheck:
        """Relative dates ("oggi") are read against each cited article's publication."""
        cites = tuple(cites)
        dates = [self.articles[n - 1].published for n in cites
                 if 1 <= n <= len(self.articles) and self.articles[n - 1].published]
        return check_sentence(text, language, self.sources(cites), self.find_entities, dates or None)

    def unsupported(self, text: str, language: str | None, cites: Iterable[int]) -> list[str]:
        return self.check(text, language, cites).missing
