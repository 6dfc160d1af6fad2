"""Business events against a gold file: precision and recall per event type.

The gold file is shaped like the bundled sample's ``gold.json``: ``pages`` keyed by URL,
each with a list of ``events`` (``type``, ``actor``, slots). Events are read from a store
that ``newsdesk run`` filled (the product's own output, not a re-extraction), page by page.
A predicted event matches an unmatched gold event of the same page and type whose actor
names the same company: the folded names share a word ("Halvion" = "Halvion
Semiconductors"); a gold event without an actor matches on type alone. Matching is
one-to-one, so an event told twice and stored twice counts once right and once wrong.
Pages stored as copies of another page are scored on the page they copy.
"""

from __future__ import annotations

import json
import re
import tempfile
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from newsdesk.config import Settings
from newsdesk.enrich.events import EVENT_TYPES
from newsdesk.enrich.registry import fold
from newsdesk.store import Store

_WORDS = re.compile(r"\w+")
_GENERIC = {"the", "group", "gruppe", "gruppo", "ag", "spa", "se", "joint", "venture", "inc", "de", "di", "der"}


def actor_matches(predicted: str | None, gold: str | None) -> bool:
    """Whether two actor names name the same company (see the module docstring)."""
    if not gold:
        return True
    if not predicted:
        return False
    a = set(_WORDS.findall(fold(predicted))) - _GENERIC
    b = set(_WORDS.findall(fold(gold))) - _GENERIC
    return bool(a & b)


def score_page(predicted: list[dict[str, Any]], gold: list[dict[str, Any]]) -> tuple[Counter, Counter, Counter]:
    """True positives, false positives and false negatives per type on one page."""
    tp, fp, fn = Counter(), Counter(), Counter()
    used: set[int] = set()
    for event in predicted:
        hit = next((i for i, g in enumerate(gold) if i not in used and g["type"] == event["type"]
                    and actor_matches(event.get("actor"), g.get("actor"))), None)
        if hit is None:
            fp[event["type"]] += 1
        else:
            used.add(hit)
            tp[event["type"]] += 1
    for i, g in enumerate(gold):
        if i not in used:
            fn[g["type"]] += 1
    return tp, fp, fn


def _prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4), "tp": tp, "fp": fp, "fn": fn}


def evaluate_store_events(store: Store, gold: dict[str, Any]) -> dict[str, Any]:
    pages = gold["pages"]
    by_url: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in store.events():
        by_url[row["url"]].append(row)
    stored = {a.url for a in store.articles()}
    tp, fp, fn = Counter(), Counter(), Counter()
    scored = 0
    for url, page in pages.items():
        if url not in stored:
            continue  # a copy of another page, or not stored
        scored += 1
        t, f, n = score_page(by_url.get(url, []), page.get("events", []))
        tp.update(t)
        fp.update(f)
        fn.update(n)
    per_type = {t: _prf(tp[t], fp[t], fn[t]) for t in EVENT_TYPES if tp[t] + fp[t] + fn[t]}
    overall = _prf(sum(tp.values()), sum(fp.values()), sum(fn.values()))
    return {"overall": overall, "per_type": per_type, "pages": scored}


def evaluate_sample_events(settings: Settings, gold_path: Path | None = None, db: str | None = None) -> dict[str, Any]:
    """Run the bundled sample into a fresh database (or read ``db``) and score its events."""
    from newsdesk.pipeline.demo import sample_path
    from newsdesk.pipeline.runner import run

    gold = json.loads(Path(gold_path or sample_path() / "gold.json").read_text(encoding="utf-8"))
    if db is not None:
        with Store(db, create=False) as store:
            return evaluate_store_events(store, gold)
    with tempfile.TemporaryDirectory() as tmp:
        with Store(str(Path(tmp) / "eval.db")) as store:
            run([sample_path()], store, settings)
            return evaluate_store_events(store, gold)


def format_events(result: dict[str, Any]) -> str:
    lines = [f"{'type':<18}{'tp':>5}{'fp':>5}{'fn':>5}{'P':>8}{'R':>8}{'F1':>8}"]
    rows = sorted(result["per_type"].items()) + [("all (micro)", result["overall"])]
    for name, m in rows:
        lines.append(f"{name:<18}{m['tp']:>5}{m['fp']:>5}{m['fn']:>5}{m['precision']:>8.3f}{m['recall']:>8.3f}{m['f1']:>8.3f}")
    lines.append(f"pages scored: {result['pages']}")
    return "\n".join(lines)
