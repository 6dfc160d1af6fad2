"""Story grouping against a gold file: B-cubed precision, recall and F1."""

from __future__ import annotations

import json
import tempfile
from collections import defaultdict
from pathlib import Path
from typing import Any, Callable, Hashable, Mapping

from newsdesk.config import Settings
from newsdesk.store import Store


def bcubed(predicted: Mapping[Hashable, Hashable], gold: Mapping[Hashable, Hashable]) -> dict[str, float]:
    """B-cubed precision/recall/F1 (Bagga & Baldwin 1998) over the items both map."""
    items = [i for i in gold if i in predicted]
    if not items:
        return {"precision": 0.0, "recall": 0.0, "f1": 0.0, "items": 0}
    by_pred: dict[Hashable, set] = defaultdict(set)
    by_gold: dict[Hashable, set] = defaultdict(set)
    for i in items:
        by_pred[predicted[i]].add(i)
        by_gold[gold[i]].add(i)
    precision = recall = 0.0
    for i in items:
        p, g = by_pred[predicted[i]], by_gold[gold[i]]
        both = len(p & g)
        precision += both / len(p)
        recall += both / len(g)
    precision /= len(items)
    recall /= len(items)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4), "items": len(items)}


def evaluate_store(store: Store, gold: dict[str, Any]) -> dict[str, Any]:
    pages = gold["pages"]
    found = store.document_stories()
    predicted = {url: story for url, story in found.items() if url in pages and story is not None}
    truth = {url: page["story"] for url, page in pages.items()}
    missing = sorted(set(truth) - set(predicted))
    result: dict[str, Any] = {"overall": bcubed(predicted, truth), "missing": missing, "per_language": {}}
    for language in sorted({p["language"] for p in pages.values()}):
        subset = {u: s for u, s in truth.items() if pages[u]["language"] == language}
        result["per_language"][language] = bcubed(predicted, subset)
    story_languages: dict[Hashable, set] = defaultdict(set)
    for page in pages.values():
        story_languages[page["story"]].add(page["language"])
    # pages of stories reported in two or more languages: cross-language grouping
    multilingual = {u: s for u, s in truth.items() if len(story_languages[s]) >= 2}
    result["multilingual"] = bcubed(predicted, multilingual)
    return result


def evaluate_sample_clustering(settings: Settings, gold_path: Path | None = None, db: str | None = None,
                               inputs: list[Path] | None = None) -> dict[str, Any]:
    """Run the bundled sample (or ``inputs``) into a fresh database (or read ``db``) and score its stories.

    With ``inputs`` and no ``gold_path``, the gold is ``gold.json`` in the first input folder
    (as :func:`newsdesk.eval.stream.generate_stream` writes it).
    """
    from newsdesk.pipeline.demo import sample_path
    from newsdesk.pipeline.runner import run

    if inputs and gold_path is None:
        first = Path(inputs[0])
        gold_path = (first if first.is_dir() else first.parent) / "gold.json"
    gold_path = gold_path or sample_path() / "gold.json"
    gold = json.loads(Path(gold_path).read_text(encoding="utf-8"))
    return score_run(gold, settings, db, evaluate_store, inputs)


def score_run(gold: dict[str, Any], settings: Settings, db: str | None,
              score: Callable[[Store, dict[str, Any]], dict[str, Any]], inputs: list[Path] | None = None) -> dict[str, Any]:
    """``score(store, gold)`` on ``db``, or on a fresh database the sample (or ``inputs``) is run into."""
    from newsdesk.pipeline.demo import sample_path
    from newsdesk.pipeline.runner import run

    if db is not None:
        with Store(db, create=False) as store:
            return score(store, gold)
    with tempfile.TemporaryDirectory() as tmp:
        with Store(str(Path(tmp) / "eval.db")) as store:
            run(inputs or [sample_path()], store, settings)
            return score(store, gold)


def format_clustering(result: dict[str, Any]) -> str:
    lines = [f"{'subset':<10}{'items':>7}{'B3 P':>8}{'B3 R':>8}{'B3 F1':>8}"]
    rows = [("all", result["overall"])] + sorted(result["per_language"].items())
    if result.get("multilingual", {}).get("items"):
        rows.append(("multiling.", result["multilingual"]))
    for name, m in rows:
        lines.append(f"{name:<10}{m['items']:>7}{m['precision']:>8.3f}{m['recall']:>8.3f}{m['f1']:>8.3f}")
    if result["missing"]:
        lines.append(f"gold pages not found in the store: {len(result['missing'])}")
    return "\n".join(lines)
