"""Incremental story clustering, within and across languages.

Articles arrive in publication order; each joins the most similar open story or starts a
new one. Nothing is re-clustered. The clusterer holds no database: the pipeline runner
loads :class:`StoryState` objects and :class:`CorpusStats`, calls
:meth:`StoryClusterer.assign`, and saves what changed.

The score of an article against a story::

    overlap = 0.5 * anchors + 0.5 * terms        story has the article's language
            = anchors                            otherwise
    score   = MODEL_WEIGHT * cos(vector, story centroid) + (1 - MODEL_WEIGHT) * overlap   with a model
            = overlap                                                                 without

``anchors`` is the cosine of IDF-weighted names, numbers and entity ids, ``terms`` of
stemmed words. A story is only a candidate when the two share *evidence*: at least
:data:`MIN_DISTINCTIVE` anchors rare outside the story (:meth:`StoryClusterer.distinctive`)
and an anchor cosine of at least :data:`ANCHOR_GATE`, or, with a model, one such anchor and an
embedding cosine of at least :data:`STRONG_EMBEDDING`. Words alone never join a story, nor does
the embedding alone: two reports of different events written alike share words and read alike
to the model, but not their names and amounts.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import numpy as np

from newsdesk.cluster.features import ENTITY_PREFIX, ArticleFeatures, cosine, features
from newsdesk.config import ClusterSettings
from newsdesk.records import Article

MAX_KEYS = 300  # per story, the most frequent anchors/terms kept in its state
CROSS_LINGUAL_WEIGHT = 1.0
MONOLINGUAL_ANCHOR_WEIGHT = 0.35
MODEL_WEIGHT = 0.5  # share of the embedding cosine in the score when a model is loaded
ANCHOR_GATE = 0.12  # min anchor cosine for a story to be a candidate at all
STRONG_EMBEDDING = 0.80  # ... or this embedding cosine (a model only)
MODEL_THRESHOLD = 0.40  # min score to join, with a model (settings.threshold is the one without)
DISTINCTIVE_SHARE = 0.002  # an anchor is distinctive when at most this share of articles outside the story has it ...
DISTINCTIVE_MIN_DF = 3  # ... or at most this many
MIN_DISTINCTIVE = 2  # distinctive anchors an article must share with a story (besides the gate)
MERGE_FACTOR = 1.5  # two open stories merge when their mutual score reaches threshold * this
VECTOR_DIGITS = 4


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
    vector_sum: np.ndarray | None = None  # sum of member vectors (model only)

    def add(self, feats: ArticleFeatures) -> None:
        self.anchors = _top(self.anchors + Counter({k: 1 for k in feats.anchors}))
        self.terms = _top(self.terms + Counter({k: 1 for k in feats.terms}))
        if feats.language:
            self.languages[feats.language] += 1
        self.size += 1
        if feats.published:
            self.first = min(self.first, feats.published) if self.first else feats.published
            self.last = max(self.last, feats.published) if self.last else feats.published
        if feats.vector is not None:
            v = np.asarray(feats.vector, dtype=np.float32)
            self.vector_sum = v.copy() if self.vector_sum is None else self.vector_sum + v

    def absorb(self, other: StoryState) -> None:
        """Take ``other``'s articles into this summary (a merge)."""
        self.anchors = _top(self.anchors + other.anchors)
        self.terms = _top(self.terms + other.terms)
        self.languages = self.languages + other.languages
        self.size += other.size
        self.first = min(d for d in (self.first, other.first) if d) if (self.first or other.first) else None
        self.last = max(d for d in (self.last, other.last) if d) if (self.last or other.last) else None
        if other.vector_sum is not None:
            self.vector_sum = other.vector_sum.copy() if self.vector_sum is None else self.vector_sum + other.vector_sum

    def take_summary(self, other: StoryState) -> None:
        """Replace this summary by ``other``'s, keeping id and title (after a split)."""
        self.anchors, self.terms, self.languages = other.anchors, other.terms, other.languages
        self.size, self.first, self.last, self.vector_sum = other.size, other.first, other.last, other.vector_sum

    @property
    def centroid(self) -> np.ndarray | None:
        if self.vector_sum is None:
            return None
        norm = float(np.linalg.norm(self.vector_sum))
        return self.vector_sum / norm if norm > 0 else None

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "anchors": dict(self.anchors), "terms": dict(self.terms), "languages": dict(self.languages),
            "size": self.size, "first": _iso(self.first), "last": _iso(self.last),
        }
        if self.vector_sum is not None:
            data["vector_sum"] = [round(float(x), VECTOR_DIGITS) for x in self.vector_sum]
        return data

    @classmethod
    def from_json(cls, story_id: int, title: str, data: dict[str, Any]) -> StoryState:
        vector = data.get("vector_sum")
        return cls(
            id=story_id, title=title, anchors=Counter(data.get("anchors", {})),
            terms=Counter(data.get("terms", {})), languages=Counter(data.get("languages", {})),
            size=int(data.get("size", 0)), first=_dt(data.get("first")), last=_dt(data.get("last")),
            vector_sum=np.asarray(vector, dtype=np.float32) if vector else None,
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

    def name_like(self, key: str) -> bool:
        """Numbers, entity ids, and capitalised words written in two languages (German capitalises
        every noun, so a capitalised word seen in one language only may be a plain noun)."""
        return key.startswith(("#", ENTITY_PREFIX)) or len(self.anchor_languages.get(key, ())) >= 2

    def anchor_weight(self, key: str) -> float:
        if self.name_like(key):
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


@dataclass(frozen=True, slots=True)
class Merge:
    """``absorbed`` was merged into ``into`` (both states before the merge are gone)."""

    into: StoryState
    absorbed: StoryState
    score: float


class StoryClusterer:
    name = "cluster"

    def __init__(self, settings: ClusterSettings | None = None, stories: list[StoryState] | None = None,
                 stats: CorpusStats | None = None, with_model: bool = False) -> None:
        self.settings = settings or ClusterSettings()
        self.stories: list[StoryState] = list(stories or [])
        self.stats = stats or CorpusStats()
        self.with_model = with_model
        # weighted vectors of the counters scored since the statistics last changed (a story's or an
        # article's counters are replaced, never changed in place, when the story takes an article)
        self._weighted: dict[tuple[int, bool], tuple[Counter, dict[str, float]]] = {}
        self._weighted_for: tuple[CorpusStats | None, int] = (None, -1)

    @property
    def threshold(self) -> float:
        return MODEL_THRESHOLD if self.with_model else self.settings.threshold

    def _vector(self, counts: Counter, anchors: bool) -> dict[str, float]:
        """IDF-weighted ``counts``; computed once per counter while the statistics stay the same (an
        article against every story, the stories against each other when merging)."""
        if self._weighted_for[0] is not self.stats or self._weighted_for[1] != self.stats.n:
            self._weighted.clear()
            self._weighted_for = (self.stats, self.stats.n)
        key = (id(counts), anchors)
        cached = self._weighted.get(key)
        if cached is not None and cached[0] is counts:  # the counter is held, so its id is not reused
            return cached[1]
        weight = self.stats.anchor_weight if anchors else self.stats.idf
        vector = {k: (1.0 + math.log(v)) * weight(k) for k, v in counts.items() if v > 0}
        self._weighted[key] = (counts, vector)
        return vector

    def distinctive(self, anchors: Counter, story: StoryState) -> int:
        """How many anchors the two share that are rare outside the story (its company, its amount).

        An anchor counts when at most ``max(DISTINCTIVE_MIN_DF, DISTINCTIVE_SHARE * n)`` articles
        *not in the story* have it: a name every report of this kind of event carries ("iMac",
        "AI Act") says nothing about which event it is, however often the story itself uses it."""
        shared = anchors.keys() & story.anchors.keys()  # in C, over the smaller side: most stories share none
        if not shared:
            return 0
        cutoff = max(DISTINCTIVE_MIN_DF, DISTINCTIVE_SHARE * self.stats.n)
        df = self.stats.df
        return sum(1 for k in shared if df.get(k, 0) - story.anchors.get(k, 0) <= cutoff and self.stats.name_like(k))

    def _parts(self, anchors: Counter, terms: Counter, languages: Counter | set, vector: np.ndarray | None,
               story: StoryState) -> tuple[float, float | None, float | None, int]:
        shared = self.distinctive(anchors, story)
        if not shared:  # no gate opens without a shared distinctive anchor: the score is 0 whatever the rest
            return 0.0, None, None, 0
        a = cosine(self._vector(anchors, True), self._vector(story.anchors, True))
        t = None
        if any(lang in story.languages for lang in languages):
            t = cosine(self._vector(terms, False), self._vector(story.terms, False))
        e = None
        centroid = story.centroid
        if self.with_model and vector is not None and centroid is not None:
            e = max(0.0, float(np.dot(vector, centroid)))
        return a, t, e, shared

    @staticmethod
    def _combine(a: float, t: float | None, e: float | None, shared: int) -> tuple[float, bool]:
        overlap = a if t is None else 0.5 * a + 0.5 * t
        score = overlap if e is None else MODEL_WEIGHT * e + (1.0 - MODEL_WEIGHT) * overlap
        strong = e is not None and e >= STRONG_EMBEDDING
        gate = shared >= (1 if strong else MIN_DISTINCTIVE) and (a >= ANCHOR_GATE or strong)
        return score, gate

    def score(self, feats: ArticleFeatures, story: StoryState) -> float:
        """The article's score against the story, 0 when they share no evidence (see the module doc)."""
        langs = {feats.language} if feats.language else set()
        vector = feats.vector if feats.vector is not None else None
        s, gate = self._combine(*self._parts(feats.anchors, feats.terms, langs, vector, story))
        return s if gate else 0.0

    def story_score(self, a: StoryState, b: StoryState) -> float:
        """How alike two stories are, on the same scale as :meth:`score`."""
        s, gate = self._combine(*self._parts(a.anchors, a.terms, a.languages, a.centroid, b))
        return s if gate else 0.0

    def _in_window(self, published: datetime | None, story: StoryState) -> bool:
        if published is None or story.last is None:
            return True
        window = timedelta(days=self.settings.window_days)
        return story.first - window <= published <= story.last + window

    def assign(self, article: Article, entities: list[str] | None = None,
               vector: np.ndarray | None = None) -> Assignment:
        """Put ``article`` into a story. ``entities``: its mention entity ids; ``vector``: its embedding."""
        return self.assign_features(features(article, entities, vector), article.title)

    def assign_features(self, feats: ArticleFeatures, title: str) -> Assignment:
        self.stats.add(feats)
        best, best_score = None, 0.0
        for story in self.stories:
            if not self._in_window(feats.published, story):
                continue
            s = self.score(feats, story)
            if s > best_score:
                best, best_score = story, s
        if best is not None and best_score >= self.threshold:
            best.add(feats)
            return Assignment(best, False, round(best_score, 4))
        story = StoryState(id=None, title=title)
        story.add(feats)
        self.stories.append(story)
        return Assignment(story, True, 1.0)

    def merges(self, touched: list[StoryState]) -> list[Merge]:
        """Open stories that turned out to be one: each ``touched`` story against the others.

        Two stories merge when both directions score at least ``threshold * MERGE_FACTOR``
        (stricter than joining: a merge moves many articles at once). The larger keeps its id.
        """
        done: list[Merge] = []
        limit = self.threshold * MERGE_FACTOR
        for story in touched:
            if story not in self.stories:
                continue
            for other in list(self.stories):
                if other is story or not (self._in_window(story.first, other) or self._in_window(story.last, other)):
                    continue
                s = min(self.story_score(story, other), self.story_score(other, story))
                if s < limit:
                    continue
                into, absorbed = (story, other) if story.size >= other.size else (other, story)
                into.absorb(absorbed)
                self.stories.remove(absorbed)
                done.append(Merge(into, absorbed, round(s, 4)))
                if absorbed is story:
                    break
        return done

    def close_idle(self, now: datetime) -> list[StoryState]:
        """Stories quiet for longer than the window close and leave the working set."""
        window = timedelta(days=self.settings.window_days)
        closed = [s for s in self.stories if s.last is not None and now - s.last > window]
        self.stories = [s for s in self.stories if s not in closed]
        return closed


def split_groups(clusterer: StoryClusterer, members: list[ArticleFeatures], min_size: int = 2) -> list[list[int]]:
    """Indices of ``members`` grouped by who joins whom (single link at the join threshold).

    One group: the story holds together. Several groups of at least ``min_size`` articles:
    the story is two (or more) and should split; smaller groups stay with the largest.
    """
    n = len(members)
    parent = list(range(n))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    singles = []
    for feats in members:
        state = StoryState(id=None, title="")
        state.add(feats)
        singles.append(state)
    for i in range(n):
        for j in range(i + 1, n):
            if find(i) != find(j) and clusterer.score(members[i], singles[j]) >= clusterer.threshold:
                parent[find(j)] = find(i)
    groups: dict[int, list[int]] = {}
    for i in range(n):
        groups.setdefault(find(i), []).append(i)
    ordered = sorted(groups.values(), key=lambda g: (-len(g), g[0]))
    big = [g for g in ordered if len(g) >= min_size]
    if len(big) < 2:
        return [list(range(n))]
    small = [i for g in ordered if len(g) < min_size for i in g]
    big[0] = sorted(big[0] + small)
    return big
