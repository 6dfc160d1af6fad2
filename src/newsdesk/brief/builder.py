"""Extractive briefings: the most central, non-redundant sentences of a story, cited.

Every sentence comes verbatim from a source article and cites it as [n]; when other
articles state the same names and numbers, they are cited too. Sentences in another
language than the target are kept only where the target language has too little,
and are marked ``foreign`` (translation comes with a later issue).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from newsdesk.config import BriefSettings
from newsdesk.nlp.anchors import sentence_anchors
from newsdesk.nlp.text import content_words, split_sentences
from newsdesk.records import Article, Briefing, BriefSentence, Citation, Story

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


def _published_key(article: Article) -> tuple:
    return (article.published is None, article.published or datetime.min, article.id or 0)


def citations_for(articles: list[Article]) -> list[Citation]:
    return [
        Citation(n=i, url=a.url, site=a.site, title=a.title, language=a.language, published=a.published)
        for i, a in enumerate(articles, start=1)
    ]


def _candidates(articles: list[Article]) -> list[Candidate]:
    found: list[Candidate] = []
    for n, article in enumerate(articles, start=1):
        position = 0
        for paragraph in article.paragraphs:
            language = paragraph.language or article.language
            for sentence in split_sentences(paragraph.text):
                position += 1
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


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def _score(candidates: list[Candidate], n_articles: int, target: str) -> None:
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
            (s for s in chosen if (c.language == s.language and _jaccard(c.words, s.words) > REDUNDANT_WORDS)
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


def build_briefing(story: Story, articles: list[Article], language: str,
                   settings: BriefSettings | None = None) -> Briefing:
    """The briefing of ``story`` in ``language`` from its ``articles``."""
    settings = settings or BriefSettings()
    ordered = sorted(articles, key=_published_key)
    sources = citations_for(ordered)
    candidates = _candidates(ordered)
    _score(candidates, len(ordered), language)

    # The headline comes from the most central article in the target language, if any.
    centrality: Counter = Counter()
    for c in candidates:
        centrality[c.source] += c.score
    in_target = [i for i, a in enumerate(ordered, start=1) if a.language == language]
    pool = in_target or list(range(1, len(ordered) + 1))
    main = max(pool, key=lambda n: (centrality[n], -n))
    main_article = ordered[main - 1]
    notes: list[str] = []
    if not in_target:
        notes.append(f"no source is in '{language}': headline and lead are in '{main_article.language}'")

    lead_text = main_article.lead or (main_article.paragraphs[0].text if main_article.paragraphs else "")
    lead_sentences = split_sentences(lead_text)[:2]
    lead = " ".join(lead_sentences)
    body_candidates = [c for c in candidates if not (c.source == main and c.text in lead)]
    chosen = select_sentences(body_candidates, settings.max_sentences)
    chosen.sort(key=lambda c: (c.source, c.position))
    sentences = tuple(
        BriefSentence(
            text=c.text, language=c.language, citations=tuple(sorted(c.citations)), foreign=c.language != language
        )
        for c in chosen
    )
    foreign = sum(s.foreign for s in sentences)
    if foreign:
        notes.append(f"{foreign} of {len(sentences)} sentences are not in '{language}' and are marked as such")
    return Briefing(
        story_id=story.id,
        language=language,
        headline=main_article.title,
        lead=lead,
        lead_citations=(main,),
        sentences=sentences,
        sources=tuple(sources),
        categories=tuple(sorted({c for a in ordered for c in a.categories})),
        published=max((a.published for a in ordered if a.published), default=None),
        source_languages=tuple(sorted({a.language for a in ordered if a.language})),
        notes=tuple(notes),
    )
