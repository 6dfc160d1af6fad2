"""Reading one sentence: where it lies, its trigger, and the organisations that may act in it.

Package-internal helpers of :mod:`.extractor`: a :class:`_Sentence` carries the sentence's text,
mentions, language and publication date; the functions here find a type's trigger word, tell
news sources, places and periods misread as companies from actors, and pick the actor of a
trigger (the subject before it, or the name right after a German inverted verb).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date
from functools import cached_property, lru_cache

from newsdesk.enrich.events.lexicon import (
    ANAPHORIC, AUTHORITY_ABBREVIATIONS, AUTHORITY_NAMES, AUTHORITY_WORDS, COMPANY_DESCRIPTORS, NEWS_AGENCIES,
    NON_BUSINESS_ABBREVIATIONS, NON_BUSINESS_WORDS, NOT_NAME_STARTS, TRIGGERS,
)
from newsdesk.enrich.registry import EntityRegistry, fold
from newsdesk.nlp.counts import Count, find_counts
from newsdesk.nlp.dates import DateValue, find_dates
from newsdesk.nlp.money import Money, find_money
from newsdesk.nlp.text import split_sentences
from newsdesk.records import Mention

_ACTOR_LABELS = ("ORG",)
# Mentions a trigger word may not sit inside ("Stellantis" is no "stell ... vor").
_NAME_LABELS = ("ORG", "PER", "LOC", "PRODUCT")


@lru_cache(maxsize=64)
def _pattern(alternatives: tuple[str, ...]) -> re.Pattern:
    return re.compile(r"(?<![\w-])(?:" + "|".join(alternatives) + r")", re.IGNORECASE)


@lru_cache(maxsize=64)
def _words(alternatives: tuple[str, ...], case: bool = False) -> re.Pattern:
    """Whole words only: ``alternatives`` neither start nor end inside a word."""
    return re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)", 0 if case else re.IGNORECASE)


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

    # What every event type asks of the sentence, read once per sentence. The lists are
    # shared between the types: whoever changes one works on a copy.

    @cached_property
    def name_spans(self) -> list[tuple[int, int]]:
        """Where the sentence's names lie, relative to its start."""
        return [self.rel(m) for m in self.mentions if m.label in _NAME_LABELS]

    @cached_property
    def orgs(self) -> list[Mention]:
        """Organisations that may act: no news source, no place misread as a company ("HEIDELBERG, Germany –"),
        no agency, party or club (:func:`is_business_org`)."""
        return [m for m in self.mentions if m.label in _ACTOR_LABELS and not _is_reporter(self, m)
                and not (m.entity_id or "").startswith("loc:") and not _is_descriptor(m, self.language)
                and not _PERIOD_NAME.fullmatch(m.text) and is_business_org(m.text, self.registry)
                and not _junk_name(self.registry, m)]

    @cached_property
    def money(self) -> list[Money]:
        """The sentence's amounts of money."""
        return find_money(self.text, self.language)

    @cached_property
    def counts(self) -> list[Count]:
        """The sentence's head counts."""
        return find_counts(self.text, self.language)

    @cached_property
    def dates(self) -> list[DateValue]:
        """The sentence's dates, resolved against its publication date (which it must have)."""
        return find_dates(self.text, self.published, self.language)


# "the", "die", "il" before a name: not part of it.
_ARTICLE_BEFORE_NAME = re.compile(r"^(?:the|die|der|il|la|i)\s+", re.IGNORECASE)
# Organisations of these registry kinds never act in a business event.
NOT_BUSINESS_KINDS = frozenset({"party", "news_agency", "sports_club"})


def is_business_org(text: str, registry: EntityRegistry | None = None) -> bool:
    """Whether an organisation's name may act in a business event: no news agency ("dpa", "Reuters"),
    no political party ("ÖVP", "die Grünen", "Partito democratico"), no sports club ("VfL Bochum").
    The registry's kind decides for a known organisation; word lists for the others."""
    name = _ARTICLE_BEFORE_NAME.sub("", text.strip())
    kind = registry.org_kind(name) if registry is not None else None
    if kind is not None:
        return kind not in NOT_BUSINESS_KINDS
    if fold(name) in NEWS_AGENCIES or name.lower() in NEWS_AGENCIES:
        return False
    return not (_words(NON_BUSINESS_WORDS).search(name) or _words(NON_BUSINESS_ABBREVIATIONS, case=True).search(name))


def is_authority_name(text: str, registry: EntityRegistry | None = None) -> bool:
    """A public body that makes or enforces rules: a ministry, a regulator, a parliament, a court, the EU
    (the registry's kind for a known organisation, word lists for the others)."""
    kind = registry.org_kind(text) if registry is not None else None
    if kind is not None:
        return kind == "authority"
    return bool(_words(AUTHORITY_WORDS + AUTHORITY_NAMES).search(text)
                or _words(AUTHORITY_ABBREVIATIONS, case=True).search(text))


def _main_actor(mentions: list[Mention], title: str, registry: EntityRegistry | None = None) -> str | None:
    """The organisation the article is about: most mentioned, the title's breaking ties."""
    counts: Counter[str] = Counter()
    surface: dict[str, str] = {}
    for m in mentions:
        if m.label in _ACTOR_LABELS and m.entity_id and is_business_org(m.text, registry) \
                and not (registry is not None and _junk_name(registry, m)):
            counts[m.entity_id] += 1
            if m.entity_id not in surface or len(m.text) > len(surface[m.entity_id]):
                surface[m.entity_id] = m.text
    if not counts:
        return None
    folded_title = fold(title)
    best = max(counts, key=lambda e: (counts[e] + (2 if fold(surface[e]) in folded_title else 0), len(surface[e])))
    return surface[best]


def _trigger(s: _Sentence, event_type: str) -> re.Match | None:
    """The first trigger of ``event_type`` that is not part of a name ("Stellantis", "Partners Group")."""
    names = s.name_spans
    for match in _pattern(TRIGGERS[event_type][s.language]).finditer(s.text):
        words = list(re.finditer(r"\S+", match.group()))
        ends = [(match.start() + w.start(), match.start() + w.end()) for w in (words[0], words[-1])] if words else []
        if not any(a < end and start < b for a, b in ends for start, end in names):
            return match
    return None


def _anaphoric(s: _Sentence, trigger: re.Match) -> bool:
    """"the deal", "die geplante Übernahme", "l'accordo": a nominal trigger with a definite determiner."""
    return bool(re.search(ANAPHORIC[s.language], s.text[max(0, trigger.start() - 30):trigger.start()]))


_COMPANY_DESCRIPTOR = {lang: re.compile(pattern) for lang, pattern in COMPANY_DESCRIPTORS.items()}
_COMPANY_DESCRIPTOR_IN_TEXT = {lang: re.compile(r"(?<!\w)" + pattern) for lang, pattern in COMPANY_DESCRIPTORS.items()}


def _names_the_company(s: _Sentence) -> bool:
    """"Der Konzern", "the company", "il gruppo": the sentence speaks of the article's company without its name."""
    return bool(_COMPANY_DESCRIPTOR_IN_TEXT[s.language].search(s.text))


def _is_descriptor(m: Mention, language: str) -> bool:
    """"Die Gruppe" read as a company name: a common noun with its article, not a name."""
    return bool(_COMPANY_DESCRIPTOR[language].fullmatch(m.text))


def _is_authority(m: Mention) -> bool:
    return bool(_pattern(AUTHORITY_WORDS).search(m.text))


_NOT_SUBJECT_BEFORE = re.compile(
    r"(?:led by|angeführt von|Führung von|guidat[oa] da\w*|with|mit|con|von|from|aus|da|di|laut|according to|"
    r"secondo|per|für|for|of|by|dal|della|del|dem|der|des|dall'|dalla|dallo|dai|dagli|dell'|all'|alla|al|nell'|nella)\s*$",
    re.IGNORECASE)


# "den Anbieter Netzwerk Ost gekauft": an accusative or dative article (and a descriptor) before the name
_OBJECT_BEFORE_DE = re.compile(r"\b(?:den|dem|des|einen|einem|eines)\s+(?:[a-zäöüß][\w-]*\s+)?(?:[A-ZÄÖÜ][\w-]*\s+)?$")
_REPORTER_AFTER = re.compile(
    r"^\s*(?:berichtet|berichtete|meldet|meldete|schreibt|schrieb|zufolge|reports?|reported|said|wrote|"
    r"riporta|scrive|ha riportato|secondo)\b", re.IGNORECASE)
_REPORTER_BEFORE = re.compile(r"(?:laut|according to|secondo|nach Angaben von|citing)\s*$", re.IGNORECASE)
# "Kessler said on Wednesday it would cut ...": the company speaks of itself
_SELF_REPORT = re.compile(r"^\s*(?:said|says|reported|reports)\s+(?:(?:on|in|late|early|this|last|earlier|today|"
                          r"\w+day|a|statement)\s+)*(?:that\s+)?(?:it|its|they|the company)\b", re.IGNORECASE)


def _is_reporter(s: _Sentence, m: Mention) -> bool:
    """"Reuters berichtet, dass ...", "laut Benzinga": a source of the news, not an actor."""
    start, end = s.rel(m)
    if _SELF_REPORT.search(s.text[end:end + 60]):
        return False
    return bool(_REPORTER_AFTER.search(s.text[end:end + 30]) or _REPORTER_BEFORE.search(s.text[max(0, start - 25):start]))


# "July-September", "Q3", "Oktober": a period read as a company name
_MONTHS = (r"(?:jan|feb|mar|apr|ma[iy]|giu|jun|jul|lug|aug|ago|sep|set|o[ck]t|nov|d[ei][cz]|gen|mär|mag|januar|februar|"
           r"january|february|march|april|june|july|august|september|october|november|december|oktober|dezember|"
           r"gennaio|febbraio|marzo|aprile|maggio|giugno|luglio|agosto|settembre|ottobre|dicembre)\w*")
_PERIOD_NAME = re.compile(rf"(?i:{_MONTHS}(?:\s*[-–/]\s*{_MONTHS})?|Q[1-4]|H[12])")


def _junk_name(registry: EntityRegistry, m: Mention) -> bool:
    """A capitalised word run the registry does not know that starts with a function or number word."""
    if m.entity_id and registry.get(m.entity_id) is not None:
        return False
    return m.text.split()[0].lower() in NOT_NAME_STARTS


def _orgs(s: _Sentence) -> list[Mention]:
    """The organisations that may act in the sentence (:attr:`_Sentence.orgs`), as a list of the caller's own."""
    return list(s.orgs)


def _subject(s: _Sentence) -> Mention | None:
    orgs = _orgs(s)
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
    orgs = _orgs(s)
    before = [m for m in orgs if s.rel(m)[1] <= trigger.start()]
    subjects = [m for m in before if not _NOT_SUBJECT_BEFORE.search(s.text[:s.rel(m)[0]])
                and not (s.language == "de" and _OBJECT_BEFORE_DE.search(s.text[:s.rel(m)[0]]))]
    if subjects:
        return subjects[0]
    head_end = trigger.start() + len(trigger.group().split()[0])  # the trigger's first word
    after = [m for m in orgs if s.rel(m)[0] >= head_end]
    if after and event_type not in ("acquisition", "partnership"):
        gap = s.text[head_end:s.rel(after[0])[0]]
        if len(gap.split()) <= 2 and not _NOT_SUBJECT_BEFORE.search(gap):
            return after[0]  # German inversion: "strich Spotify 1.500 Stellen"
    return None
