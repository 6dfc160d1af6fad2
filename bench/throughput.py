"""Batch throughput: articles per second end to end and per stage, against trafilatura alone.

    .venv/bin/python bench/throughput.py                       # 10,000 pages, --engine local and ray, 2 workers
    .venv/bin/python bench/throughput.py --pages 300 --engines local      # a smoke run
    .venv/bin/python bench/throughput.py --engines local,local/none,ray --keep /tmp/tp10k   # also without the model;
                                                                          # --keep: a second run reuses the corpus

The corpus: :func:`newsdesk.eval.stream.generate_stream` recombines the bundled sample's stories
into ``--pages`` distinct de/en/it articles (new names, numbers, dates; syndicated near-copies
included), and each is rendered into an HTML page of a bundled site of its language (the site's
chrome, menus, cookie banner and JSON-LD kept; title, URL, date and body replaced). The pages
go to a folder that ``newsdesk batch`` reads.

Measured in the same run on the same pages: trafilatura's ``extract`` alone, one process (the
reference), then ``run_batch`` per engine into a fresh SQLite file, each in a child process so
that its peak memory (driver and workers) is its own. Table on stdout, JSON in ``--out``.
"""

from __future__ import annotations

import argparse
import html
import json
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

DEFAULT_JSON = Path("out/bench/throughput.json")
GOAL = 0.70  # end to end vs. trafilatura alone


# -- the corpus ---------------------------------------------------------------------------------

def _text_of(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def load_templates(pages_dir: Path) -> dict[str, list[dict[str, str]]]:
    """Sample pages cut around their article body, by language: ``{"de": [{"head", "tail", "title"}]}``."""
    from newsdesk.extract import HtmlExtractor
    from newsdesk.records import RawDocument, Rejected, SourceInfo

    extractor = HtmlExtractor()
    templates: dict[str, list[dict[str, str]]] = {}
    for path in sorted(pages_dir.rglob("*.html")):
        page = path.read_text(encoding="utf-8", errors="replace")
        lang = re.search(r'<html[^>]*\blang="([a-z]{2})', page)
        article = extractor(RawDocument(None, page.encode(), "html", SourceInfo("file", str(path))))
        if lang is None or isinstance(article, Rejected):
            continue
        body = {" ".join(p.text.split()) for p in article.paragraphs}
        blocks = [m.span() for m in re.finditer(r"<p\b[^>]*>(.*?)</p>", page, re.S) if _text_of(m.group(1)) in body]
        if len(blocks) < 2:
            continue
        template = {"head": page[:blocks[0][0]], "tail": page[blocks[-1][1]:], "title": article.title}
        if _renders_faithfully(extractor, template, article.text):
            templates.setdefault(lang.group(1), []).append(template)
    return templates


def _renders_faithfully(extractor: Any, template: dict[str, str], text: str) -> bool:
    """Whether a page rendered from ``template`` reads back with its new title, URL and date."""
    from newsdesk.records import RawDocument, SourceInfo

    probe = {"title": "Probe headline for the throughput corpus", "url": "https://probe.example/news/probe-1",
             "published": "2019-05-17T10:00:00+00:00", "text": text, "lead": ""}
    page = render(template, probe).encode()
    got = extractor(RawDocument(None, page, "html", SourceInfo("file", "probe")))
    return (getattr(got, "title", None) == probe["title"] and got.url == probe["url"]
            and got.published is not None and got.published.date().isoformat() == "2019-05-17")


def render(template: dict[str, str], article: dict[str, Any]) -> str:
    """The template's page with the article's title, URL, date and paragraphs."""
    title, url, when = article["title"], article["url"], article["published"]
    out = []
    for part in (template["head"], template["tail"]):
        for old in {template["title"], html.escape(template["title"], quote=False), html.escape(template["title"])}:
            part = part.replace(old, html.escape(title))
        part = re.sub(r'(rel="canonical" href=")[^"]*', lambda m: m.group(1) + html.escape(url), part)
        part = re.sub(r'(property="og:url" content=")[^"]*', lambda m: m.group(1) + html.escape(url), part)
        part = re.sub(r"\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d)?([+-]\d\d:\d\d|Z)?", when, part)
        part = re.sub(r"\b\d{4}-\d\d-\d\d\b(?!T)", when[:10], part)
        part = re.sub(r'(<(span|time|div|p)\b[^>]*class="[^"]*date[^"]*"[^>]*>)(.*?)(</\2>)',
                      lambda m: m.group(1) + f"{when[:10]} {when[11:16]}" + m.group(4), part, flags=re.S)
        out.append(part)
    paragraphs = [p for p in article["text"].split("\n\n") if p.strip()]
    lead = [article["lead"]] if article.get("lead") else []
    body = "\n".join(f"<p>{html.escape(p)}</p>" for p in lead + paragraphs)
    return out[0] + body + out[1]


def make_corpus(folder: Path, pages: int, sample_pages: Path) -> int:
    """Write ``pages`` HTML pages under ``folder`` (``site/slug.html``); returns how many were written."""
    from newsdesk.eval.stream import generate_stream

    stream = folder / "stream"
    shutil.rmtree(folder / "pages", ignore_errors=True)  # a kept corpus of another size: no stale pages
    generate_stream(stream, pages)
    templates = load_templates(sample_pages)
    written = 0
    with (stream / "articles.jsonl").open(encoding="utf-8") as handle:
        for i, line in enumerate(handle):
            article = json.loads(line)
            choices = templates.get(article.get("language") or "en") or templates["en"]
            host, _, slug = article["url"].split("://", 1)[1].partition("/")
            target = folder / "pages" / host / (re.sub(r"[^\w-]+", "-", slug).strip("-") + f"-{i}.html")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(render(choices[i % len(choices)], article), encoding="utf-8")
            written += 1
    return written


# -- measurements -------------------------------------------------------------------------------

def cpu_seconds() -> float:
    """CPU time of this process and of its finished children (the pool's workers once shut down)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def peak_mib() -> dict[str, float]:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {"driver": round(own, 1), "largest worker": round(children, 1)}


def measure_trafilatura(files: list[Path]) -> dict[str, Any]:
    import trafilatura

    contents = [f.read_bytes() for f in files]
    started, cpu = time.perf_counter(), time.process_time()
    extracted = sum(trafilatura.extract(c) is not None for c in contents)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    return {"pages": len(files), "extracted": extracted, "seconds": round(seconds, 2),
            "pages_per_s": round(len(files) / seconds, 2), "cpu_ms_per_page": round(1000 * cpu / len(files), 1)}


def measure_engine(spec: str, corpus: Path, db: Path, workers: int, chunk: int | None = None) -> dict[str, Any]:
    """One engine over the corpus into a fresh SQLite file (runs in its own process). ``spec``:
    ``local``, ``ray`` or ``run``, optionally ``/none`` for ``cluster.embedder = none``."""
    import logging

    from newsdesk.config import Settings
    from newsdesk.pipeline.batch import BatchOptions, run_batch
    from newsdesk.pipeline.runner import run
    from newsdesk.store import Store

    logging.getLogger("trafilatura").setLevel(logging.ERROR)
    logging.getLogger("htmldate").setLevel(logging.ERROR)
    engine, _, embedder = spec.partition("/")
    settings = Settings.model_validate({"cluster": {"embedder": embedder}}) if embedder else Settings()
    pages = sum(1 for _ in corpus.rglob("*.html"))
    started, cpu = time.perf_counter(), cpu_seconds()
    with Store(str(db)) as store:
        if engine == "run":
            report = run([str(corpus)], store, settings)
        else:
            options = BatchOptions(engine=engine, workers=workers, **({"chunk": chunk} if chunk else {}))
            report = run_batch([str(corpus)], store, settings, options)
    seconds, cpu = time.perf_counter() - started, cpu_seconds() - cpu
    data = report.to_dict()
    return {"engine": spec, "chunk": chunk, "stories_bcubed": story_quality(db, corpus.parent / "stream" / "gold.json"), "workers": workers if engine != "run" else 1, "pages": pages,
            "articles": data["counts"].get("articles in store", 0), "seconds": round(seconds, 2),
            "pages_per_s": round(pages / seconds, 2), "cpu_ms_per_page": round(1000 * cpu / pages, 1),
            "stages": {s["stage"]: {"seen": s["seen"], "seconds": s["seconds"],
                                    "per_s": round(s["seen"] / s["seconds"], 1) if s["seconds"] else None}
                       for s in data["stages"]},
            "counts": data["counts"], "peak_mib": peak_mib()}


def story_quality(db: Path, gold_path: Path) -> dict[str, Any] | None:
    """B-cubed of the stored articles' stories against the generator's gold stories (copies, which
    are no articles, left out), so that a faster run cannot hide worse stories."""
    from newsdesk.eval.clustering import bcubed
    from newsdesk.store import Store

    if not gold_path.is_file():
        return None
    truth = {url: page["story"] for url, page in json.loads(gold_path.read_text(encoding="utf-8"))["pages"].items()}
    with Store(str(db), create=False) as store:
        found = {a.url: story.id for story in store.stories() for a in story.articles}
    return bcubed({url: found[url] for url in truth if url in found}, truth)


def _child(engine: str, corpus: Path, db: Path, workers: int, timeout: int, chunk: int | None) -> dict[str, Any]:
    cmd = [sys.executable, __file__, "--measure", engine, "--corpus", str(corpus), "--db", str(db),
           "--workers", str(workers)] + (["--chunk", str(chunk)] if chunk else [])
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    if done.returncode != 0:
        return {"engine": engine, "error": done.stderr.strip().splitlines()[-1:] or ["failed"]}
    return json.loads(done.stdout.strip().splitlines()[-1])


def table(result: dict[str, Any]) -> str:
    ref = result["trafilatura"]["pages_per_s"]
    ref_cpu = result["trafilatura"]["cpu_ms_per_page"]
    lines = [f"corpus: {result['pages']} pages; trafilatura.extract alone (1 process): {ref} pages/s, "
             f"{ref_cpu} ms CPU/page",
             f"{'engine':<11}{'workers':>8}{'pages/s':>9}{'vs ref':>8}{'CPU ms/page':>12}{'ref/e2e CPU':>12}"
             f"{'x workers':>10}{'articles':>9}{'stories F1':>11}{'seconds':>9}{'peak MiB (driver/worker)':>26}"]
    for row in result["engines"]:
        if "error" in row:
            lines.append(f"{row['engine']:<11} failed: {row['error']}")
            continue
        peak = row["peak_mib"]
        # Ray's workers are not this process's children: their CPU time is not counted
        cpu, share, projected = ("n/a", "n/a", "n/a") if row["engine"].startswith("ray") else (
            row["cpu_ms_per_page"], f"{ref_cpu / row['cpu_ms_per_page']:.0%}", f"{cpu_projection(row, ref_cpu):.0%}")
        lines.append(f"{row['engine']:<11}{row['workers']:>8}{row['pages_per_s']:>9}"
                     f"{row['pages_per_s'] / ref:>8.0%}{cpu:>12}{share:>12}{projected:>10}{row['articles']:>9}"
                     f"{(row.get('stories_bcubed') or {}).get('f1', 'n/a'):>11}"
                     f"{row['seconds']:>9}{peak['driver']:>14}/{peak['largest worker']}")
    lines.append("stories F1: B-cubed of the stored articles' stories against the generator's gold stories")
    lines.append("x workers: ref/e2e CPU times the workers, the rate on that many idle cores if all work spread evenly "
                 "(an upper bound; on a shared machine the wall-time column is the lower one)")
    lines.append("per stage (documents per second of one worker's time; parallel stages summed over workers):")
    for row in result["engines"]:
        if "stages" in row:
            lines.append(f"  {row['engine']}: " + ", ".join(
                f"{name} {s['per_s']}" for name, s in row["stages"].items() if s["per_s"]))
    return "\n".join(lines)


def cpu_projection(row: dict[str, Any], ref_cpu_ms: float) -> float:
    """End to end vs. trafilatura on ``workers`` idle cores, from CPU time: each core does a page in
    ``cpu_ms_per_page`` (all processes), trafilatura in ``ref_cpu_ms`` on one."""
    return row["workers"] * ref_cpu_ms / row["cpu_ms_per_page"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=10000, help="corpus size (default 10,000)")
    parser.add_argument("--engines", default="local,ray",
                        help="comma-separated: local, ray, run (sequential); add /none for cluster.embedder=none "
                             "(e.g. local/none)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--chunk", type=int, default=None, help="documents per chunk (default: newsdesk batch's)")
    parser.add_argument("--keep", type=Path, default=None, help="keep corpus and databases in this folder")
    parser.add_argument("--out", type=Path, default=DEFAULT_JSON)
    parser.add_argument("--timeout", type=int, default=3600, help="seconds per engine")
    parser.add_argument("--measure", help=argparse.SUPPRESS)
    parser.add_argument("--corpus", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--db", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:  # child process: one engine
        print(json.dumps(measure_engine(args.measure, args.corpus, args.db, args.workers, args.chunk)))
        return
    from newsdesk.pipeline.demo import sample_path

    work = args.keep or Path(tempfile.mkdtemp(prefix="nd-throughput-"))
    work.mkdir(parents=True, exist_ok=True)
    corpus = work / "corpus"
    files = sorted((corpus / "pages").rglob("*.html"))
    if len(files) == args.pages:  # a corpus kept by an earlier --keep run: the generator is deterministic
        written = len(files)
    else:
        written = make_corpus(corpus, args.pages, sample_path() / "pages")
        files = sorted((corpus / "pages").rglob("*.html"))
    result: dict[str, Any] = {"pages": written, "workers": args.workers,
                              "trafilatura": measure_trafilatura(files), "engines": []}
    for engine in [e.strip() for e in args.engines.split(",") if e.strip()]:
        db = work / f"{engine.replace('/', '-')}.db"
        for stale in (db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")):
            stale.unlink(missing_ok=True)
        row = _child(engine, corpus / "pages", db, args.workers, args.timeout, args.chunk)
        if "pages_per_s" in row:
            row["vs_trafilatura"] = round(row["pages_per_s"] / result["trafilatura"]["pages_per_s"], 3)
            row["goal_met"] = row["vs_trafilatura"] >= GOAL
            if not row["engine"].startswith("ray"):
                row["cpu_projection"] = round(cpu_projection(row, result["trafilatura"]["cpu_ms_per_page"]), 3)
        result["engines"].append(row)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=1), encoding="utf-8")
    print(table(result))
    print(f"JSON: {args.out}")


if __name__ == "__main__":
    main()
