"""Source sentences for briefings: the most central, non-redundant sentences of a story, cited.

Every sentence comes from a source article (compressed: asides and attributions dropped) and
cites it as [n]; when other articles state the same names and numbers, they are cited too.
The briefing itself is put together in ``brief.compose``.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
import re

from newsdesk.nlp.anchors import sentence_anchors
from newsdesk.nlp.text import content_words, split_sentences
from newsdesk.records import Article, Citation

MIN_CHARS = 40
MAX_CHARS = 420
FOREIGN_PENALTY = 0.35
REDUNDANT_WORDS = 0.45   # content-word Jaccard above which a sentence repeats another
SUPPORT_ANCHORS = 0.6    # share of a sentence's anchors another sentence must state to co-cite


@dataclass
class Candidate:
    text: str
    language: str | None
    source: int  # citation number
    position: int
    anchors: Counter
    words: frozenset[str]
    score: float = 0.0
    citations: list[int] = field(default_factory=list)


def published_key(article: Article) -> tuple:
    return (article.published is None, article.published or datetime.min, article.id or 0)


def citations_for(articles: list[Article]) -> list[Citation]:
    return [
        Citation(n=i, url=a.url, site=a.site, title=a.title, language=a.language, published=a.published)
        for i, a in enumerate(articles, start=1)
    ]


# an aside of three words or more, without digits, not followed by a capitalised word (a name may
# continue after "(GCC)" or "(@NBA)": dropping those would create a name no source states)
_ASIDE = re.compile(r"\s*\((?=[^()]*\s[^()]*\s)[^()\d]{3,80}\)(?!\s*[A-ZÄÖÜ])")
_SAID = re.compile(r",\s*(?:sagte|so|erklärte|teilte \w+ mit|said|says|told \w+|ha (?:detto|spiegato)|spiega|"
                   r"ha dichiarato)\s+[^,.;:]{2,60}\.$")


def compress(sentence: str) -> str:
    """Drop asides in parentheses (without numbers) and a closing attribution (", said X.")."""
    out = _ASIDE.sub("", sentence).lstrip("–—-•· ")
    out = _SAID.sub(".", out)
    return out if len(out) >= MIN_CHARS else sentence


def candidates(articles: list[Article]) -> list[Candidate]:
    """Every usable sentence of the (ordered) articles; article n is cited as [n]."""
    found: list[Candidate] = []
    for n, article in enumerate(articles, start=1):
        position = 0
        for paragraph in article.paragraphs:
            language = paragraph.language or article.language
            for sentence in split_sentences(paragraph.text):
                position += 1
                sentence = compress(sentence)
                if not MIN_CHARS <= len(sentence) <= MAX_CHARS or sentence.endswith("?"):
                    continue
                found.append(
                    Candidate(
                        text=sentence, language=language, source=n, position=position,
                        anchors=sentence_anchors(sentence, language),
                        words=frozenset(content_words(sentence, language)),
                        citations=[n],
                    )
                )
    return found


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def score(candidates: list[Candidate], n_articles: int, target: str) -> None:
    """Centrality: how many articles share a sentence's anchors and words, early sentences first."""
    anchor_df: Counter = Counter()
    word_df: Counter = Counter()
    for source in {c.source for c in candidates}:
        mine = [c for c in candidates if c.source == source]
        anchor_df.update(set().union(*(c.anchors.keys() for c in mine)))
        word_df.update(set().union(*(c.words for c in mine)))
    for c in candidates:
        anchor_part = sum(anchor_df[a] for a in c.anchors) / max(1, n_articles)
        word_part = sum(word_df[w] for w in c.words) / max(1, n_articles * max(1, len(c.words)) ** 0.5)
        position = 1.0 / (1.0 + 0.25 * (c.position - 1))
        c.score = (1.0 + anchor_part + word_part) * (0.5 + position)
        if c.language != target:
            c.score *= FOREIGN_PENALTY


def _supports(other: Candidate, chosen: Candidate) -> bool:
    """``other`` states enough of ``chosen``'s names and every one of its numbers."""
    if not chosen.anchors:
        return False
    numbers = {a for a in chosen.anchors if a.startswith("#")}
    if not numbers <= set(other.anchors):
        return False
    shared = len(set(chosen.anchors) & set(other.anchors))
    return shared >= 2 and shared / len(chosen.anchors) >= SUPPORT_ANCHORS


def select_sentences(candidates: list[Candidate], limit: int) -> list[Candidate]:
    chosen: list[Candidate] = []
    for c in sorted(candidates, key=lambda c: -c.score):
        duplicate_of = next(
            (s for s in chosen if (c.language == s.language and jaccard(c.words, s.words) > REDUNDANT_WORDS)
             or _supports(c, s)),
            None,
        )
        if duplicate_of is not None:
            if c.source not in duplicate_of.citations and (
                _supports(c, duplicate_of) or c.language == duplicate_of.language
            ):
                duplicate_of.citations.append(c.source)
            continue
        if len(chosen) < limit:
            chosen.append(c)
    return chosen


