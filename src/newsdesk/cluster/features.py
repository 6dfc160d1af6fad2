"""What the story clusterer compares: anchors (names, numbers) and terms (words).

Anchors carry across languages: a company, a place or "4,5 Milliarden" reads the same
in a German and an Italian report. Terms (crudely stemmed content words) only match
within a language and sharpen same-language decisions.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from newsdesk.nlp.anchors import anchors_of
from newsdesk.nlp.text import content_words
from newsdesk.records import Article

STEM = 7


@dataclass(frozen=True, slots=True)
class ArticleFeatures:
    anchors: Counter
    terms: Counter
    language: str | None
    published: datetime | None


def terms_of(text: str, language: str | None) -> Counter:
    return Counter(w[:STEM] for w in content_words(text, language) if w.isalpha() and len(w) > 3)


def features(article: Article) -> ArticleFeatures:
    body = f"{article.title}. {article.title}. {article.lead}\n{article.text}"
    return ArticleFeatures(
        anchors=anchors_of(body, article.language),
        terms=terms_of(body, article.language),
        language=article.language,
        published=article.published,
    )


def cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if not a or not b:
        return 0.0
    if len(a) > len(b):
        a, b = b, a
    dot = sum(v * b.get(k, 0.0) for k, v in a.items())
    if dot == 0:
        return 0.0
    na = math.sqrt(sum(v * v for v in a.values()))
    nb = math.sqrt(sum(v * v for v in b.values()))
    return dot / (na * nb)
