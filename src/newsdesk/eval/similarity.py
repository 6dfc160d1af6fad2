"""Story similarity on graded article pairs (SemEval-2022 Task 8 layout).

A dataset is a folder with a ``pairs.csv`` of columns ``pair_id, lang1, lang2, text1,
text2, Geography, Entities, Time, Narrative, Overall, Style, Tone``; ``Overall`` runs
from 1 (same story) to 4 (unrelated). Each pair gets newsdesk's same-story score
(:func:`newsdesk.cluster.similarity.same_story_scores`), and we report

* Pearson correlation of the score with ``-Overall``, overall and per language pair;
* precision, recall and F1 of the decision "same story" (score >= the fixed threshold)
  against gold ``Overall <= 2``;

once with the embedding model and once without it (anchors and words only), so the
difference shows what the model adds.
"""

from __future__ import annotations

import csv
import math
import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Sequence

from newsdesk.cluster.embeddings import Embedder, load_embedder
from newsdesk.cluster.similarity import (
    SAME_STORY_THRESHOLD,
    SAME_STORY_THRESHOLD_NO_MODEL,
    PairText,
    corpus_stats,
    same_story_scores,
)
from newsdesk.errors import InputError

PUBLISHED_BEST_PEARSON = 0.818  # SemEval-2022 Task 8 winner, official test set (not these pairs)
GOLD_SAME_STORY_MAX = 2.0  # Overall <= 2 ("very" or "somewhat similar") counts as the same story
COLUMNS = ("pair_id", "lang1", "lang2", "text1", "text2", "Overall")
_SEGMENT = re.compile(r"\s*</?s>\s*")  # segment separators left in some texts
_UNK = re.compile(r"<unk>")
csv.field_size_limit(10_000_000)


@dataclass(frozen=True, slots=True)
class GoldPair:
    pair_id: str
    a: PairText
    b: PairText
    overall: float

    @property
    def language_pair(self) -> str:
        return f"{self.a.language}-{self.b.language}"

    @property
    def same_story(self) -> bool:
        return self.overall <= GOLD_SAME_STORY_MAX


def clean_text(text: str) -> str:
    """Segment separators (``<s>``) become line breaks, ``<unk>`` goes."""
    return _UNK.sub(" ", _SEGMENT.sub("\n", text)).strip()


def load_pairs(dataset: Path, limit: int | None = None) -> list[GoldPair]:
    """Read ``dataset/pairs.csv`` (or ``dataset`` itself when it is a CSV file)."""
    path = dataset / "pairs.csv" if dataset.is_dir() else dataset
    if not path.is_file():
        raise InputError(f"{path} does not exist", "pass a folder that holds a pairs.csv")
    pairs: list[GoldPair] = []
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        missing = [c for c in COLUMNS if c not in (reader.fieldnames or ())]
        if missing:
            raise InputError(f"{path} lacks the columns {', '.join(missing)}",
                             "expected the SemEval-2022 Task 8 layout (pair_id,lang1,lang2,text1,text2,...,Overall,...)")
        for row in reader:
            try:
                overall = float(row["Overall"])
            except ValueError:
                raise InputError(f"{path}: pair {row['pair_id']} has Overall {row['Overall']!r}, not a number") from None
            pairs.append(GoldPair(
                pair_id=row["pair_id"],
                a=PairText(clean_text(row["text1"]), row["lang1"].strip() or None),
                b=PairText(clean_text(row["text2"]), row["lang2"].strip() or None),
                overall=overall,
            ))
            if limit is not None and len(pairs) >= limit:
                break
    return pairs


# --------------------------------------------------------------------------- metrics


def pearson(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    """Pearson's r; ``None`` when it is undefined (fewer than 2 items, or a constant side)."""
    n = len(xs)
    if n != len(ys):
        raise ValueError("pearson needs two sequences of the same length")
    if n < 2:
        return None
    mx, my = sum(xs) / n, sum(ys) / n
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys))
    sxx = sum((x - mx) ** 2 for x in xs)
    syy = sum((y - my) ** 2 for y in ys)
    if sxx == 0 or syy == 0:
        return None
    return sxy / math.sqrt(sxx * syy)


def decision_metrics(predicted: Sequence[bool], gold: Sequence[bool]) -> dict[str, float]:
    """Precision, recall and F1 of the positive class ("same story")."""
    tp = sum(1 for p, g in zip(predicted, gold) if p and g)
    n_pred, n_gold = sum(map(bool, predicted)), sum(map(bool, gold))
    precision = tp / n_pred if n_pred else 0.0
    recall = tp / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1}


def _r(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def _summary(scores: Sequence[float], pairs: Sequence[GoldPair], threshold: float) -> dict[str, Any]:
    target = [-p.overall for p in pairs]
    m = decision_metrics([s >= threshold for s in scores], [p.same_story for p in pairs])
    return {"pearson": _r(pearson(scores, target)), "precision": _r(m["precision"]), "recall": _r(m["recall"]),
            "f1": _r(m["f1"]), "n": len(pairs)}


def score_report(scores: Sequence[float], pairs: Sequence[GoldPair], threshold: float) -> dict[str, Any]:
    """Overall and per-language-pair metrics for one set of scores."""
    result = _summary(scores, pairs, threshold)
    result["threshold"] = threshold
    groups: dict[str, list[int]] = {}
    for i, p in enumerate(pairs):
        groups.setdefault(p.language_pair, []).append(i)
    result["per_language_pair"] = {
        lp: _summary([scores[i] for i in idx], [pairs[i] for i in idx], threshold)
        for lp, idx in sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    }
    return result


def evaluate_pairs(pairs: Sequence[GoldPair], embedder: Embedder | None) -> dict[str, Any]:
    """Score ``pairs`` with ``embedder`` (if any) and without a model, and measure both.

    IDF weights come from the texts of ``pairs`` themselves, as the clusterer's come from
    the articles it has seen.
    """
    stats = corpus_stats([t for p in pairs for t in (p.a, p.b)])
    texts = [(p.a, p.b) for p in pairs]
    started = time.perf_counter()
    plain = same_story_scores(texts, None, stats)
    plain_seconds = time.perf_counter() - started
    without = score_report(plain, pairs, SAME_STORY_THRESHOLD_NO_MODEL)
    without["seconds"] = round(plain_seconds, 2)
    if embedder is None:
        result = dict(without)
        result["model"] = None
    else:
        started = time.perf_counter()
        scored = same_story_scores(texts, embedder, stats)
        result = score_report(scored, pairs, SAME_STORY_THRESHOLD)
        result["seconds"] = round(time.perf_counter() - started, 2)
        result["model"] = embedder.name
    result["without_model"] = without
    result["published_best_pearson"] = PUBLISHED_BEST_PEARSON
    return result


def evaluate_similarity(dataset: Path, limit: int | None = None, embedder: str = "usem") -> dict[str, Any]:
    """Load ``dataset``, load the embedder named by the setting ``cluster.embedder``, measure."""
    pairs = load_pairs(dataset, limit)
    if not pairs:
        raise InputError(f"{dataset} holds no pairs", "check the pairs.csv file")
    return evaluate_pairs(pairs, load_embedder(embedder))


def _fmt(value: float | None) -> str:
    return "   -" if value is None else f"{value:.3f}"


def format_similarity_table(result: dict[str, Any]) -> str:
    with_model = result.get("model") is not None
    head = f"{'pairs':<10}{'n':>5}"
    head += f"{'r model':>9}{'F1 model':>10}" if with_model else ""
    head += f"{'r words':>9}{'F1 words':>10}"
    lines = [head]
    rows = [("all", result, result["without_model"])]
    rows += [(lp, m, result["without_model"]["per_language_pair"][lp]) for lp, m in result["per_language_pair"].items()]
    for name, m, w in rows:
        line = f"{name:<10}{m['n']:>5}"
        line += f"{_fmt(m['pearson']):>9}{_fmt(m['f1']):>10}" if with_model else ""
        line += f"{_fmt(w['pearson']):>9}{_fmt(w['f1']):>10}"
        lines.append(line)
    w = result["without_model"]
    if with_model:
        lines.append(f"with {result['model']}: threshold {result['threshold']}, precision {_fmt(result['precision'])}, "
                     f"recall {_fmt(result['recall'])}, F1 {_fmt(result['f1'])} ({result['seconds']} s)")
    else:
        lines.append("no embedding model (cluster.embedder = \"none\" or not installed): anchors and words only")
    lines.append(f"anchors+words only: threshold {w['threshold']}, precision {_fmt(w['precision'])}, "
                 f"recall {_fmt(w['recall'])}, F1 {_fmt(w['f1'])}")
    lines.append("r = Pearson of the score with -Overall; F1 of 'same story' (gold Overall <= 2).")
    lines.append(f"Published best Pearson {PUBLISHED_BEST_PEARSON} (SemEval-2022 Task 8 winner, on the official "
                 "test set, not these pairs: not directly comparable).")
    return "\n".join(lines)
