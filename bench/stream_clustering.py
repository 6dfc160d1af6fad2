"""Stream-clustering benchmark: a generated de/en/it stream fed to newsdesk in publication order.

    .venv/bin/python bench/stream_clustering.py              # 5,000 articles, checkpoints every 1,000
    .venv/bin/python bench/stream_clustering.py --quick      # 600 articles, a smoke run

The stream comes from :func:`newsdesk.eval.stream.generate_stream`. It is cut into chunks in
publication order and each chunk is one ``newsdesk.pipeline.runner.run()`` into the same fresh
SQLite file (incremental runs: open stories and corpus statistics persist between runs). After
each chunk: B-cubed P/R/F1 over every article so far (overall, per language, multilingual gold
stories, and cross-language pairs only), the chunk's articles per second next to the time to
merely ingest and extract the same chunk (the reference, measured in the same process), and
the process's peak resident memory. Two trivial clusterers give the quality reference: one
story per article, and one story per exact title.
"""

from __future__ import annotations

import argparse
import json
import logging
import resource
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any, Hashable, Mapping

from newsdesk.config import ClusterSettings, Settings
from newsdesk.eval.clustering import bcubed, evaluate_store
from newsdesk.eval.stream import DEFAULT_SEED, generate_stream
from newsdesk.extract import HtmlExtractor
from newsdesk.ingest import FileIngester
from newsdesk.pipeline.runner import run
from newsdesk.records import Rejected
from newsdesk.store import Store

DEFAULT_JSON = Path("out/bench/stream_clustering.json")


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def current_rss_mib() -> float:
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
    except OSError:
        return float("nan")
    return pages * resource.getpagesize() / 2**20


def cross_language(predicted: Mapping[str, Hashable], truth: Mapping[str, Hashable],
                   language: Mapping[str, str]) -> dict[str, float]:
    """B-cubed restricted to pairs in different languages (each item's other-language neighbours)."""
    items = [i for i in truth if i in predicted]
    by_pred: dict[Hashable, list[str]] = defaultdict(list)
    by_gold: dict[Hashable, list[str]] = defaultdict(list)
    for i in items:
        by_pred[predicted[i]].append(i)
        by_gold[truth[i]].append(i)
    p_sum = r_sum = 0.0
    p_n = r_n = 0
    for i in items:
        gold_other = [j for j in by_gold[truth[i]] if language[j] != language[i]]
        pred_other = [j for j in by_pred[predicted[i]] if language[j] != language[i]]
        if gold_other:
            r_n += 1
            r_sum += sum(predicted[j] == predicted[i] for j in gold_other) / len(gold_other)
        if pred_other:
            p_n += 1
            p_sum += sum(truth[j] == truth[i] for j in pred_other) / len(pred_other)
    precision = p_sum / p_n if p_n else 1.0
    recall = r_sum / r_n if r_n else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4), "items": r_n}


def reference_seconds(chunk: Path, settings: Settings) -> float:
    """Time to ingest and extract the chunk, nothing else (the throughput reference)."""
    started = time.perf_counter()
    extractor = HtmlExtractor(settings.extract)
    for doc in FileIngester()([chunk]):
        if not isinstance(doc, Rejected):
            extractor(doc)
    return time.perf_counter() - started


def write_chunks(stream: Path, size: int, into: Path) -> list[tuple[Path, list[str]]]:
    lines = (stream / "articles.jsonl").read_text(encoding="utf-8").splitlines()
    into.mkdir(parents=True, exist_ok=True)
    chunks = []
    for n, start in enumerate(range(0, len(lines), size), start=1):
        part = lines[start:start + size]
        path = into / f"chunk-{n:03d}.jsonl"
        path.write_text("\n".join(part) + "\n", encoding="utf-8")
        chunks.append((path, [json.loads(line)["url"] for line in part]))
    return chunks


def analyse(predicted: Mapping[str, Hashable], gold: dict[str, Any]) -> dict[str, Any]:
    """Where grouping fails: split gold stories by article kind, merged gold stories by cause."""
    pages, stories = gold["pages"], gold["stories"]
    by_pred: dict[Hashable, set[str]] = defaultdict(set)
    for url, story in predicted.items():
        by_pred[story].add(pages[url]["story"])
    split_kind: Counter = Counter()
    split_cross: Counter = Counter()
    for sid, story in stories.items():
        urls = [u for u in story["urls"] if u in predicted]
        if len(urls) < 2:
            continue
        main = Counter(predicted[u] for u in urls).most_common(1)[0][0]
        main_langs = {pages[u]["language"] for u in urls if predicted[u] == main}
        for u in urls:
            if predicted[u] != main:
                split_kind[pages[u]["kind"]] += 1
                split_cross["language not in main cluster" if pages[u]["language"] not in main_langs
                            else "language in main cluster"] += 1
    merges: Counter = Counter()
    for members in by_pred.values():
        if len(members) < 2:
            continue
        members = sorted(members)
        for i, a in enumerate(members):
            for b in members[i + 1:]:
                sa, sb = stories[a], stories[b]
                if sa["noise"] or sb["noise"]:
                    merges["noise article joined a story"] += 1
                elif sa.get("recurring_with") == b or sb.get("recurring_with") == a:
                    merges["recurring entity (same actor, different event)"] += 1
                elif sa["template"] == sb["template"]:
                    merges["same template, different names"] += 1
                else:
                    merges["other"] += 1
    return {"articles split from their story's main cluster, by kind": dict(split_kind),
            "split articles, by language": dict(split_cross), "merged gold-story pairs, by cause": dict(merges)}


def recurring_separation(predicted: Mapping[str, Hashable], gold: dict[str, Any]) -> dict[str, int]:
    """Recurring-entity story pairs both seen: how many share a predicted story."""
    pages, stories = gold["pages"], gold["stories"]
    clusters = {sid: {predicted[u] for u in s["urls"] if u in predicted} for sid, s in stories.items()}
    pairs = merged = 0
    for sid, story in stories.items():
        other = story.get("recurring_with")
        if other and clusters.get(sid) and clusters.get(other):
            pairs += 1
            merged += bool(clusters[sid] & clusters[other])
    return {"pairs": pairs, "merged": merged}


def run_benchmark(n_articles: int, seed: int, weeks: float, chunk_size: int, out: Path,
                  embedder: str = "usem") -> dict[str, Any]:
    settings = Settings(cluster=ClusterSettings(embedder=embedder))
    stream = out / "stream"
    started = time.perf_counter()
    summary = generate_stream(stream, n_articles=n_articles, seed=seed, weeks=weeks)
    generate_seconds = time.perf_counter() - started
    gold = json.loads((stream / "gold.json").read_text(encoding="utf-8"))
    chunks = write_chunks(stream, chunk_size, out / "chunks")
    seen: list[str] = []
    rows = []
    db = out / "stream.db"
    for stale in (db, out / "stream.db-wal", out / "stream.db-shm"):  # always a fresh database
        stale.unlink(missing_ok=True)
    with Store(str(db)) as store:
        for path, urls in chunks:
            ref = reference_seconds(path, settings)
            t0 = time.perf_counter()
            report = run([path], store, settings)
            seconds = time.perf_counter() - t0
            seen.extend(urls)
            sub_gold = {"pages": {u: gold["pages"][u] for u in seen}}
            t1 = time.perf_counter()
            result = evaluate_store(store, sub_gold)
            eval_seconds = time.perf_counter() - t1
            found = store.document_stories()
            predicted = {u: found[u] for u in seen if found.get(u) is not None}
            truth = {u: gold["pages"][u]["story"] for u in seen}
            language = {u: gold["pages"][u]["language"] for u in seen}
            titles = {}
            for line in path.read_text(encoding="utf-8").splitlines():
                obj = json.loads(line)
                titles[obj["url"]] = obj["title"]
            rows.append({
                "articles": len(seen), "chunk": len(urls),
                "overall": result["overall"], "per_language": result["per_language"],
                "multilingual": result["multilingual"], "cross_language_pairs": cross_language(predicted, truth, language),
                "missing": len(result["missing"]),
                "seconds": round(seconds, 2), "articles_per_second": round(len(urls) / seconds, 1),
                "reference_seconds": round(ref, 2), "ratio_to_ingest_extract": round(seconds / ref, 2) if ref else None,
                "eval_seconds": round(eval_seconds, 2),
                "peak_rss_mib": round(peak_rss_mib(), 1), "rss_mib": round(current_rss_mib(), 1),
                "stories_in_store": report.counts.get("stories in store"),
                "open_stories": len(store.open_stories()),
                "duplicates": {k: v for k, v in report.counts.items() if k.startswith("duplicates")},
                "rejects": report.to_dict().get("rejects", {}),
                "stage_seconds": {st["stage"]: round(st["seconds"], 2) for st in report.to_dict()["stages"]},
            })
            print(format_row(rows[-1]), file=sys.stderr, flush=True)
        found = store.document_stories()
    predicted = {u: found[u] for u in seen if found.get(u) is not None}
    truth = {u: gold["pages"][u]["story"] for u in seen}
    baselines = {
        "one story per article": bcubed({u: u for u in seen}, truth),
        "one story per exact title": bcubed({u: gold_title for u, gold_title in _all_titles(stream).items()}, truth),
    }
    return {
        "command": " ".join(sys.argv), "embedder": embedder, "seed": seed, "weeks": weeks, "chunk": chunk_size,
        "stream": summary, "generate_seconds": round(generate_seconds, 2),
        "checkpoints": rows, "baselines": baselines,
        "recurring_entity_pairs": recurring_separation(predicted, gold),
        "failures": analyse(predicted, gold),
        "db_mib": round(db.stat().st_size / 2**20, 1),
        "total_seconds": round(time.perf_counter() - started, 1),
    }


def _all_titles(stream: Path) -> dict[str, str]:
    titles = {}
    for line in (stream / "articles.jsonl").read_text(encoding="utf-8").splitlines():
        obj = json.loads(line)
        titles[obj["url"]] = obj["title"]
    return titles


HEADER = (f"{'articles':>8} {'P':>6} {'R':>6} {'F1':>6} {'de F1':>6} {'en F1':>6} {'it F1':>6} "
          f"{'ml F1':>6} {'xl P':>6} {'xl R':>6} {'art/s':>6} {'x ref':>6} {'peak MiB':>9}")


def format_row(r: dict[str, Any]) -> str:
    lang = r["per_language"]
    return (f"{r['articles']:>8} {r['overall']['precision']:>6.3f} {r['overall']['recall']:>6.3f} "
            f"{r['overall']['f1']:>6.3f} "
            + " ".join(f"{lang[k]['f1']:>6.3f}" if k in lang else f"{'-':>6}" for k in ("de", "en", "it"))
            + f" {r['multilingual']['f1']:>6.3f} {r['cross_language_pairs']['precision']:>6.3f}"
            f" {r['cross_language_pairs']['recall']:>6.3f} {r['articles_per_second']:>6.1f}"
            f" {r['ratio_to_ingest_extract']:>6.1f} {r['peak_rss_mib']:>9.0f}")


def format_result(result: dict[str, Any]) -> str:
    s = result["stream"]
    lines = [
        f"embedder: {result['embedder']}",
        f"stream: {s['articles']} articles, {s['stories']} stories ({s['multilingual stories']} multilingual, "
        f"{s['recurring-entity stories']} reusing an earlier story's actor), {s['noise articles']} noise articles, "
        f"languages {s['languages']}, kinds {s['kinds']}",
        HEADER, "-" * len(HEADER), *(format_row(r) for r in result["checkpoints"]),
        "P/R/F1: B-cubed over all articles so far; de/en/it: pages of one language; ml: pages of gold stories in "
        "2+ languages; xl: B-cubed over cross-language pairs only; art/s: the chunk's run; x ref: run time / "
        "ingest+extract time of the same chunk; peak MiB: peak RSS of the process.",
        "reference clusterers (all articles): " + "; ".join(
            f"{k} P={v['precision']:.3f} R={v['recall']:.3f} F1={v['f1']:.3f}" for k, v in result["baselines"].items()),
        f"recurring-entity story pairs merged: {result['recurring_entity_pairs']['merged']} of "
        f"{result['recurring_entity_pairs']['pairs']}",
    ]
    for k, v in result["failures"].items():
        lines.append(f"{k}: {v}")
    lines.append(f"total {result['total_seconds']} s (generation {result['generate_seconds']} s), database {result['db_mib']} MiB")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--weeks", type=float, default=12)
    parser.add_argument("--chunk", type=int, default=None, help="articles per run (default: articles / 5)")
    parser.add_argument("--quick", action="store_true", help="600 articles, 3 chunks")
    parser.add_argument("--out", type=Path, default=None, help="keep the stream, chunks and database here")
    parser.add_argument("--json-out", type=Path, default=DEFAULT_JSON)
    parser.add_argument("--embedder", choices=["usem", "none"], default="usem",
                        help="cluster.embedder: the multilingual model, or names, numbers and words only")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.ERROR)
    for noisy in ("trafilatura", "htmldate", "charset_normalizer"):
        logging.getLogger(noisy).setLevel(logging.ERROR)
    n = 600 if args.quick else args.articles
    chunk = args.chunk or max(1, n // (3 if args.quick else 5))
    if args.out:
        args.out.mkdir(parents=True, exist_ok=True)
        result = run_benchmark(n, args.seed, args.weeks, chunk, args.out, args.embedder)
    else:
        with tempfile.TemporaryDirectory() as tmp:
            result = run_benchmark(n, args.seed, args.weeks, chunk, Path(tmp), args.embedder)
    print(format_result(result))
    args.json_out.parent.mkdir(parents=True, exist_ok=True)
    args.json_out.write_text(json.dumps(result, indent=1, ensure_ascii=False), encoding="utf-8")
    print(f"written {args.json_out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
