"""Duplicate signatures: an exact content hash and a 64-bit SimHash.

The stage only computes signatures (stateless, so it runs anywhere); deciding that an
article is a copy of a stored one needs the store and happens in the pipeline runner
through :class:`DuplicateIndex`.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import ClassVar, Iterable

import numpy as np

from newsdesk.nlp.anchors import anchors_of
from newsdesk.nlp.text import normalize, shingles, words
from newsdesk.records import Article
from newsdesk.stage import Stage

MASK64 = (1 << 64) - 1
MIN_ANCHOR_AGREEMENT = 0.6  # a near copy names the same names and numbers as its original


def _jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a or b else 1.0


def anchor_agreement(a: str, b: str, language: str | None = None) -> float:
    """How far two texts name the same names and numbers: the lower of the Jaccard similarities
    of their number keys and of their name keys (1.0 for a kind neither text has).

    Two reports of different events written from one template share most word shingles
    but not their names and amounts: this is what tells them apart. Numbers count on their
    own because German capitalises every noun, which makes its "names" mostly shared words.
    """
    ka, kb = set(anchors_of(a, language)), set(anchors_of(b, language))
    numbers = _jaccard({k for k in ka if k.startswith("#")}, {k for k in kb if k.startswith("#")})
    names = _jaccard({k for k in ka if not k.startswith("#")}, {k for k in kb if not k.startswith("#")})
    return min(numbers, names)


def content_hash(text: str) -> str:
    """Hash of the whitespace- and case-normalised text: equal for exact copies."""
    return hashlib.sha256(" ".join(normalize(text).split()).encode("utf-8")).hexdigest()


def _h64(token: str) -> int:
    return int.from_bytes(hashlib.blake2b(token.encode("utf-8"), digest_size=8).digest(), "big")


def simhash(text: str, k: int = 3) -> int:
    """64-bit SimHash over word ``k``-shingles (Charikar 2002)."""
    toks = [normalize(t) for t in words(text)]
    grams = [" ".join(toks[i : i + k]) for i in range(max(1, len(toks) - k + 1))]
    if not grams:
        return 0
    hashes = np.array([_h64(g) for g in grams], dtype=np.uint64)
    bits = ((hashes[:, None] >> np.arange(64, dtype=np.uint64)) & np.uint64(1)).astype(np.int64)
    votes = (2 * bits - 1).sum(axis=0)
    value = 0
    for i in range(64):
        if votes[i] > 0:
            value |= 1 << i
    return value


def to_signed(value: int) -> int:
    """Store a 64-bit unsigned value in a signed BIGINT column."""
    return value - (1 << 64) if value >= 1 << 63 else value


def to_unsigned(value: int) -> int:
    return value & MASK64


class SignatureStage(Stage):
    name: ClassVar[str] = "signature"
    requires: ClassVar[frozenset[str]] = frozenset({"text"})
    assigns: ClassVar[frozenset[str]] = frozenset({"content_hash", "simhash"})

    def process(self, article: Article) -> Article:
        return article.replace(content_hash=content_hash(article.text), simhash=simhash(article.text))


@dataclass(frozen=True, slots=True)
class DuplicateMatch:
    article_id: int
    kind: str  # "exact" or "near"
    similarity: float


class DuplicateIndex:
    """Finds stored articles that an incoming one copies, exactly or nearly.

    Near copies: SimHash Hamming distance at most ``max_distance`` (vectorised over
    every stored signature), confirmed by word-shingle Jaccard similarity of at least
    ``min_jaccard`` on the texts and by the same names and numbers (anchor-key Jaccard
    of at least ``min_anchors``, :func:`anchor_agreement`).
    """

    def __init__(self, max_distance: int = 16, min_jaccard: float = 0.6,
                 min_anchors: float = MIN_ANCHOR_AGREEMENT) -> None:
        self.max_distance = max_distance
        self.min_jaccard = min_jaccard
        self.min_anchors = min_anchors
        self._by_hash: dict[str, int] = {}
        self._ids: list[int] = []
        self.newest = 0  # the highest article id added: a store lists what came after it
        self._sigs: list[int] = []
        self._array: np.ndarray | None = None
        self._texts: dict[int, str] = {}

    def add(self, article_id: int, chash: str, sig: int, text: str | None = None) -> None:
        self._by_hash.setdefault(chash, article_id)
        self._ids.append(article_id)
        self.newest = max(self.newest, article_id)
        self._sigs.append(to_unsigned(sig))
        self._array = None
        if text is not None:
            self._texts[article_id] = text

    def extend(self, rows: Iterable[tuple[int, str, int]]) -> None:
        for article_id, chash, sig in rows:
            self.add(article_id, chash, sig)

    def __len__(self) -> int:
        return len(self._ids)

    def find(self, article: Article, load_text=None) -> DuplicateMatch | None:
        assert article.content_hash is not None and article.simhash is not None
        if article.content_hash in self._by_hash:
            return DuplicateMatch(self._by_hash[article.content_hash], "exact", 1.0)
        if not self._ids:
            return None
        if self._array is None:
            self._array = np.array(self._sigs, dtype=np.uint64)
        distances = np.bitwise_count(self._array ^ np.uint64(to_unsigned(article.simhash)))
        candidates = np.flatnonzero(distances <= self.max_distance)
        best: DuplicateMatch | None = None
        mine = shingles(article.text)
        for idx in candidates[np.argsort(distances[candidates])][:10]:
            other_id = self._ids[int(idx)]
            other = self._texts.get(other_id)
            if other is None and load_text is not None:
                other = load_text(other_id)
            if other is None:
                continue
            a, b = mine, shingles(other)
            similarity = len(a & b) / len(a | b) if a and b else 0.0
            if similarity < self.min_jaccard or (best is not None and similarity <= best.similarity):
                continue
            if anchor_agreement(article.text, other, article.language) >= self.min_anchors:
                best = DuplicateMatch(other_id, "near", round(similarity, 3))
        return best
