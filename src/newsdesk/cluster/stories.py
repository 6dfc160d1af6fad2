"""Incremental story clustering.

Articles arrive in publication order; each joins the most similar open story or
starts a new one. Nothing is re-clustered. The clusterer holds no database: the
pipeline runner loads :class:`StoryState` objects and :class:`CorpusStats`, calls
:meth:`StoryClusterer.assign`, and saves what changed.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from newsdesk.cluster.features import ArticleFeatures, cosine, features
from newsdesk.config import ClusterSettings
from newsdesk.records import Article

MAX_KEYS = 300  # per story, the most frequent anchors/terms kept in its state
CROSS_LINGUAL_WEIGHT = 1.0
MONOLINGUAL_ANCHOR_WEIGHT = 0.35


def _top(counter: Counter, n: int = MAX_KEYS) -> Counter:
    return Counter(dict(counter.most_common(n))) if len(counter) > n else counter


def _iso(dt: datetime | None) -> str | None:
    return dt.isoformat() if dt else None


def _dt(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


@dataclass
class StoryState:
    """The clusterer's summary of one story."""

    id: int | None
    title: str
    anchors: Counter = field(default_factory=Counter)
    terms: Counter = field(default_factory=Counter)
    languages: Counter = field(default_factory=Counter)
    size: int = 0
    first: datetime | None = None
    last: datetime | None = None

    def add(self, feats: ArticleFeatures) -> None:
        self.anchors = _top(self.anchors + Counter({k: 1 for k in feats.anchors}))
        self.terms = _top(self.terms + Counter({k: 1 for k in feats.terms}))
        if feats.language:
            self.languages[feats.language] += 1
        self.size += 1
        if feats.published:
            self.first = min(self.first, feats.published) if self.first else feats.published
            self.last = max(self.last, feats.published) if self.last else feats.published

    def to_json(self) -> dict[str, Any]:
        return {
            "anchors": dict(self.anchors), "terms": dict(self.terms), "languages": dict(self.languages),
            "size": self.size, "first": _iso(self.first), "last": _iso(self.last),
        }

    @classmethod
    def from_json(cls, story_id: int, title: str, data: dict[str, Any]) -> StoryState:
        return cls(
            id=story_id, title=title, anchors=Counter(data.get("anchors", {})),
            terms=Counter(data.get("terms", {})), languages=Counter(data.get("languages", {})),
            size=int(data.get("size", 0)), first=_dt(data.get("first")), last=_dt(data.get("last")),
        )


@dataclass
class CorpusStats:
    """Document frequencies of anchors and terms, and the languages each anchor was seen in."""

    n: int = 0
    df: Counter = field(default_factory=Counter)
    anchor_languages: dict[str, set[str]] = field(default_factory=dict)

    def add(self, feats: ArticleFeatures) -> None:
        self.n += 1
        self.df.update(set(feats.anchors) | set(feats.terms))
        if feats.language:
            for key in feats.anchors:
                self.anchor_languages.setdefault(key, set()).add(feats.language)

    def idf(self, key: str) -> float:
        return math.log((self.n + 1) / (self.df.get(key, 0) + 1)) + 1.0

    def anchor_weight(self, key: str) -> float:
        if key.startswith("#") or len(self.anchor_languages.get(key, ())) >= 2:
            return CROSS_LINGUAL_WEIGHT * self.idf(key)
        return MONOLINGUAL_ANCHOR_WEIGHT * self.idf(key)

    def to_json(self) -> dict[str, Any]:
        return {"n": self.n, "df": dict(self.df), "anchor_languages": {k: sorted(v) for k, v in self.anchor_languages.items()}}

    @classmethod
    def from_json(cls, data: dict[str, Any] | None) -> CorpusStats:
        data = data or {}
        return cls(
            n=int(data.get("n", 0)), df=Counter(data.get("df", {})),
            anchor_languages={k: set(v) for k, v in data.get("anchor_languages", {}).items()},
        )


@dataclass(frozen=True, slots=True)
class Assignment:
    story: StoryState
    created: bool
    score: float


class StoryClusterer:
    name = "cluster"

    def __init__(self, settings: ClusterSettings | None = None, stories: list[StoryState] | None = None,
                 stats: CorpusStats | None = None) -> None:
        self.settings = settings or ClusterSettings()
        self.stories: list[StoryState] = list(stories or [])
        self.stats = stats or CorpusStats()

    def _vector(self, counts: Counter, anchors: bool) -> dict[str, float]:
        weight = self.stats.anchor_weight if anchors else self.stats.idf
        return {k: (1.0 + math.log(v)) * weight(k) for k, v in counts.items() if v > 0}

    def score(self, feats: ArticleFeatures, story: StoryState) -> float:
        a = cosine(self._vector(feats.anchors, True), self._vector(story.anchors, True))
        if feats.language and feats.language in story.languages:
            t = cosine(self._vector(feats.terms, False), self._vector(story.terms, False))
            return 0.5 * a + 0.5 * t
        return a

    def _in_window(self, feats: ArticleFeatures, story: StoryState) -> bool:
        if feats.published is None or story.last is None:
            return True
        window = timedelta(days=self.settings.window_days)
        return story.first - window <= feats.published <= story.last + window

    def assign(self, article: Article) -> Assignment:
        feats = features(article)
        self.stats.add(feats)
        best, best_score = None, 0.0
        for story in self.stories:
            if not self._in_window(feats, story):
                continue
            s = self.score(feats, story)
            if s > best_score:
                best, best_score = story, s
        if best is not None and best_score >= self.settings.threshold:
            best.add(feats)
            return Assignment(best, False, round(best_score, 4))
        story = StoryState(id=None, title=article.title)
        story.add(feats)
        self.stories.append(story)
        return Assignment(story, True, 1.0)

    def close_idle(self, now: datetime) -> list[StoryState]:
        """Stories quiet for longer than the window close and leave the working set."""
        window = timedelta(days=self.settings.window_days)
        closed = [s for s in self.stories if s.last is not None and now - s.last > window]
        self.stories = [s for s in self.stories if s not in closed]
        return closed
