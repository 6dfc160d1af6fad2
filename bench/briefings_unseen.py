"""Briefings on news nobody on the team wrote: the SemEval-2022 Task 8 article pairs.

Every de/en/it article of a pair the annotators judged the same story (overall <= 1.5) becomes
a JSONL article (texts are cut at about 1,000 characters in that set); newsdesk runs on them,
builds every story's briefing in de, en and it, and `newsdesk eval briefings` checks them: citations,
values and names found in the cited sources, target language, redundancy. Printed as a table,
written to out/bench/briefings_unseen.json.

    .venv/bin/python bench/briefings_unseen.py [--dataset ../shared/data/similarity/semeval2022_task8]
"""

from __future__ import annotations

import argparse
import csv
import json
import tempfile
import time
from pathlib import Path

from newsdesk.config import load_settings
from newsdesk.eval.briefings import evaluate_store, format_briefings
from newsdesk.pipeline.runner import run
from newsdesk.store import Store

ROOT = Path(__file__).resolve().parents[1]
LANGUAGES = ("de", "en", "it")


def articles_from_pairs(pairs: Path, out: Path, max_overall: float = 1.5) -> int:
    """Write the same-story articles of ``pairs.csv`` as JSONL; returns how many."""
    seen: set[str] = set()
    with pairs.open(encoding="utf-8") as f, out.open("w", encoding="utf-8") as w:
        for row in csv.DictReader(f):
            if float(row["Overall"]) > max_overall:
                continue
            for side, pid in zip(("1", "2"), row["pair_id"].split("_")):
                lang, text = row["lang" + side], row["text" + side]
                if lang not in LANGUAGES or pid in seen or len(text) < 300:
                    continue
                seen.add(pid)
                title = text.split("<s>")[0][:140] if "<s>" in text else text[:80]
                w.write(json.dumps({"url": f"https://semeval2022.example/{pid}", "title": title,
                                    "text": text.replace("<s>", "\n"), "published": "2020-06-01",
                                    "site": "semeval2022", "language": lang}, ensure_ascii=False) + "\n")
    return len(seen)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dataset", default=str(ROOT.parent / "shared/data/similarity/semeval2022_task8"))
    parser.add_argument("--json-out", default=str(ROOT / "out/bench/briefings_unseen.json"))
    args = parser.parse_args()
    settings = load_settings()
    with tempfile.TemporaryDirectory() as tmp:
        jsonl = Path(tmp) / "articles.jsonl"
        n = articles_from_pairs(Path(args.dataset) / "pairs.csv", jsonl)
        started = time.perf_counter()
        with Store(str(Path(tmp) / "unseen.db")) as store:
            run([jsonl], store, settings)
            result = evaluate_store(store, settings, LANGUAGES)
            result["stories"] = len(store.stories())
        result["articles"] = n
        result["seconds"] = round(time.perf_counter() - started, 1)
    print(f"{n} articles, {result['stories']} stories, {result['seconds']} s")
    print(format_briefings(result))
    out = Path(args.json_out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
