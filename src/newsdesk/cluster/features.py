"""What the story clusterer compares: anchors (names, numbers, entities), terms (words), and a vector.

Anchors carry across languages: a company, a place or "4,5 Milliarden" reads the same
in a German and an Italian report, and an entity id from the facts stage ("Stati Uniti" =
"USA") is the same in every language. Terms (crudely stemmed content words) only match
within a language and sharpen same-language decisions. The vector is the sentence
embedding of the article's opening (title, lead, first ~1,000 characters) when a model is
loaded, else ``None``.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from typing import Iterable, TypeAlias

import numpy as np

from newsdesk.nlp.anchors import anchors_of
from newsdesk.nlp.text import content_words
from newsdesk.records import Article

STEM = 7
EMBED_CHARS = 1000
ENTITY_PREFIX = "e:"


@dataclass(frozen=True, slots=True)
class ArticleFeatures:
    anchors: Counter
    terms: Counter
    language: str | None
    published: datetime | None
    vector: np.ndarray | None = None


def terms_of(text: str, language: str | None) -> Counter:
    return Counter(w[:STEM] for w in content_words(text, language) if w.isalpha() and len(w) > 3)


def opening(title: str | None, body: str) -> str:
    """What a vector is computed from: the title and the first :data:`EMBED_CHARS` characters."""
    text = f"{title}.\n{body}" if title else body
    return text[:EMBED_CHARS]


def embedding_text(article: Article) -> str:
    """The part of an article its vector is computed from (what the story is)."""
    return opening(article.title, "\n".join(p for p in (article.lead, article.text) if p))


def entity_keys(article: Article, entities: Iterable[str] | None = None) -> Counter:
    """Entity ids (from the facts stage) as anchor keys: ``e:<id>``, one count per mention."""
    ids = entities if entities is not None else (m.entity_id for m in article.mentions if m.entity_id)
    return Counter(ENTITY_PREFIX + i for i in ids if i)


TextFeatures: TypeAlias = "tuple[Counter, Counter]"  # anchors and terms read from an article's text


def text_features(title: str, lead: str, text: str, language: str | None) -> TextFeatures:
    """What :func:`features` reads from the text (the costly part; stateless, so batch mode
    computes it in its workers)."""
    body = f"{title}. {title}. {lead}\n{text}"
    return anchors_of(body, language), terms_of(body, language)


def features(article: Article, entities: Iterable[str] | None = None,
             vector: np.ndarray | None = None, read: TextFeatures | None = None) -> ArticleFeatures:
    """``entities``: the article's mention entity ids when they come from the store (else its
    ``mentions``); ``read``: its :func:`text_features` computed already (taken over, not copied)."""
    anchors, terms = read or text_features(article.title, article.lead, article.text, article.language)
    anchors.update(entity_keys(article, entities))
    return ArticleFeatures(
        anchors=anchors,
        terms=terms,
        language=article.language,
        published=article.published,
        vector=vector,
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
