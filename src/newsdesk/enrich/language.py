"""Language of each article and each paragraph.

The detector sits behind :class:`LanguageModel`: lingua (restricted to the expected
languages, offline) when installed, else a model-free stopword counter, so the product
works without the model.
"""

from __future__ import annotations

import logging
from functools import lru_cache
from typing import ClassVar, Protocol

from newsdesk.config import LanguageSettings
from newsdesk.nlp.text import STOPWORDS, normalize, words
from newsdesk.records import Article, Paragraph
from newsdesk.stage import Stage

logger = logging.getLogger(__name__)
logger.addHandler(logging.NullHandler())

# The article's language is read from its title and the start of its text: lingua's cost grows
# with the length it reads, and 1,000 characters already decide between close languages.
ARTICLE_SAMPLE_CHARS = 1000


class LanguageModel(Protocol):
    name: str

    def detect(self, text: str) -> tuple[str | None, float]:
        """ISO 639-1 code and confidence in [0, 1]; ``(None, 0.0)`` when unsure."""


class StopwordModel:
    """Counts stopwords of each known language: no model, good on paragraphs."""

    name = "stopwords"

    def __init__(self, languages: tuple[str, ...]) -> None:
        self.languages = [lang for lang in languages if lang in STOPWORDS]

    def detect(self, text: str) -> tuple[str | None, float]:
        tokens = [normalize(t) for t in words(text)]
        if not tokens or not self.languages:
            return None, 0.0
        scores = {lang: sum(t in STOPWORDS[lang] for t in tokens) for lang in self.languages}
        best = max(scores, key=scores.get)
        total = sum(scores.values())
        if scores[best] == 0:
            return None, 0.0
        return best, scores[best] / total


class LinguaModel:
    """lingua-language-detector, restricted to the configured languages."""

    name = "lingua"

    def __init__(self, languages: tuple[str, ...]) -> None:
        self._detector = _lingua_detector(tuple(sorted(languages)))

    def detect(self, text: str) -> tuple[str | None, float]:
        values = self._detector.compute_language_confidence_values(text)
        if not values:
            return None, 0.0
        top = values[0]
        return top.language.iso_code_639_1.name.lower(), float(top.value)


@lru_cache(maxsize=4)
def _lingua_detector(languages: tuple[str, ...]):
    from lingua import IsoCode639_1, LanguageDetectorBuilder

    codes = [getattr(IsoCode639_1, code.upper()) for code in languages]
    return LanguageDetectorBuilder.from_iso_codes_639_1(*codes).build()


def default_model(languages: tuple[str, ...]) -> LanguageModel:
    try:
        return LinguaModel(languages)
    except ImportError:
        logger.warning("lingua is not installed: language detection falls back to stopword counts")
        return StopwordModel(languages)


class LanguageDetector(Stage):
    """Assigns ``language`` (article) and a language to each paragraph."""

    name: ClassVar[str] = "language"
    requires: ClassVar[frozenset[str]] = frozenset({"text", "paragraphs"})
    assigns: ClassVar[frozenset[str]] = frozenset({"language", "language_confidence"})

    def __init__(self, settings: LanguageSettings | None = None, model: LanguageModel | None = None) -> None:
        self.settings = settings or LanguageSettings()
        self.model = model or default_model(self.settings.languages)
        self._stopwords = {lang: STOPWORDS[lang] for lang in self.settings.languages if lang in STOPWORDS}

    def _clearly(self, text: str, language: str | None) -> bool:
        """The paragraph's function words are clearly the article language's (>= 3 of them, at least
        twice as many as of any other language): no need to ask the model."""
        if language not in self._stopwords:
            return False
        tokens = [normalize(t) for t in words(text)]
        hits = {lang: sum(t in stop for t in tokens) for lang, stop in self._stopwords.items()}
        others = max((n for lang, n in hits.items() if lang != language), default=0)
        return hits[language] >= 3 and hits[language] >= 2 * others

    def process(self, article: Article) -> Article:
        sample = f"{article.title}\n{article.text[:ARTICLE_SAMPLE_CHARS]}"
        language, confidence = self.model.detect(sample)
        if article.language and confidence < 0.5:
            language = article.language  # trust the container's declaration when unsure
        paragraphs = tuple(
            Paragraph(p.text, self._paragraph_language(p.text, language)) for p in article.paragraphs
        )
        return article.replace(language=language, language_confidence=round(confidence, 3), paragraphs=paragraphs)

    def _paragraph_language(self, text: str, article_language: str | None) -> str | None:
        if len(text) < self.settings.paragraph_min_chars:
            return article_language
        if self._clearly(text, article_language):
            return article_language  # the model is asked only about paragraphs that may differ
        language, confidence = self.model.detect(text)
        return language if language and confidence >= 0.5 else article_language
