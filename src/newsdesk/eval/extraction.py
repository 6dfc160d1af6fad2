"""Extraction quality on Fundus' parser test fixtures: newsdesk against trafilatura alone.

Dataset layout (``../shared/data/extraction/fundus_pages``, see its PROVENANCE.md)::

    <country>/<Publisher>_<YYYY_MM_DD>.html.gz   raw page, gzip
    <country>/<Publisher>.json                   {"V1": {...}, "V1_1": {...}, "V2": {...}}
    <country>/meta.info                          {"<html file>": {"url", "crawl_date"}}

Fundus picks the parser version for a page by the page's crawl date, and every version of
a publisher's parser has exactly one test page; so the pages of a publisher, ordered by
crawl date, pair one-to-one with the version keys in version order (V1 < V1_1 < V2 ...).

Gold body: Fundus' ``ArticleBody`` (summary, then sections of headline and paragraphs) is
flattened in reading order -- summary texts, then per section its headlines and paragraphs
-- whitespace-collapsed, one text per line, as Fundus' ``ArticleBody.text()`` does (its
blank separator lines do not matter to ROUGE-Lsum, which drops empty lines).

Both systems see the same decoded text (:func:`newsdesk.extract.encoding.decode`), in the
same process, page by page; only the extraction call itself is timed.

* ``newsdesk``: :func:`newsdesk.extract.html.extract_html`; body = paragraphs, one per line.
* ``trafilatura``: ``bare_extraction(html, url=url, with_metadata=True)`` with its defaults;
  body = ``doc.text``, title = ``doc.title``, authors = ``doc.author`` split on ``;``,
  date = ``doc.date``.

Metrics (all in percent), per system, overall and per language:

* ``body_rouge_lsum``: mean per-page ROUGE-Lsum precision/recall/F1
  (:mod:`newsdesk.eval.rouge`; Unicode tokens, lowercased, no stemming).
* ``title_accuracy``: normalised exact match (NFKC, casefold, collapsed whitespace,
  punctuation stripped at both ends, typographic quotes as ASCII, zero-width characters
  dropped).
* ``date_accuracy``: the predicted date falls on the gold publishing date's calendar day,
  either as written or once converted to the gold's UTC offset (a date-only value that an
  extractor stamped as midnight UTC is not pushed onto the previous day).
* ``author_accuracy``: set of normalised names equal (an empty gold list counts: the
  right answer is then "no author"); ``author_f1``: mean per-page F1 over those sets
  (1.0 when both are empty).

A page whose extraction fails or raises counts as an empty extraction (0 on every metric it
has gold for); a metric is skipped for a page whose gold lacks that field, and every metric
reports its own ``n``.
"""

from __future__ import annotations

import gzip
import json
import logging
import re
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from newsdesk.eval.rouge import rouge_lsum

logger = logging.getLogger(__name__)
logger.addHandler(logging.NullHandler())

SYSTEMS = ("newsdesk", "trafilatura")

PUBLISHED = {
    "fundus": 97.69,
    "trafilatura": 93.62,
    "note": "Fundus' 80-page English benchmark, not these pages",
}

# Language of a page = language of its publisher. The fixtures carry no language field, so
# it is the main language of the publisher's country folder, overridden for publishers that
# write in another language (German-language papers abroad, Zulu/Xhosa papers in South
# Africa, the Hindi Bhaskar, ...). Codes are ISO 639-1. Checked against lingua's detection
# on the gold bodies of all 258 pages (lingua reads cn/People as "ja": Han script).
COUNTRY_LANGUAGE = {
    "at": "de", "au": "en", "be": "nl", "ca": "en", "ch": "de", "cn": "zh", "cz": "cs",
    "de": "de", "dk": "da", "es": "es", "fr": "fr", "gl": "da", "id": "id", "il": "he",
    "ind": "en", "isl": "is", "it": "it", "jp": "ja", "kr": "ko", "lb": "ar", "li": "de",
    "ls": "en", "lt": "lt", "lu": "de", "mx": "es", "my": "ms", "na": "en", "no": "no",
    "pl": "pl", "pt": "pt", "py": "de", "ru": "ru", "se": "sv", "tr": "tr", "tw": "zh",
    "tz": "sw", "ua": "ru", "uk": "en", "us": "en", "vn": "vi", "za": "en",
}
PUBLISHER_LANGUAGE = {
    "be/PoliticoEu": "en",
    "es/MallorcaMagazin": "de",
    "es/MallorcaZeitung": "de",
    "il/IsraelNachrichten": "de",
    "ind/Bhaskar": "hi",
    "it/Tageszeitung": "de",
    "jp/TheJapanNews": "en",
    "mx/MexicoNewsDaily": "en",
    "my/MalayMail": "en",
    "pt/ThePortugalNews": "en",
    "tw/TaipeiTimes": "en",
    "tz/DailyNewsTZ": "en",
    "za/Dizindaba": "xh",
    "za/IsolezweLesiXhosa": "xh",
    "za/EyethuNews": "zu",
    "za/Ilanga": "zu",
    "za/Isolezwe": "zu",
}

_PAGE_NAME = re.compile(r"^(?P<publisher>.+)_(?P<date>\d{4}_\d{2}_\d{2})\.html\.gz$")
_VERSION = re.compile(r"^V(\d+)(?:_(\d+))?$")


# --------------------------------------------------------------------------- dataset


@dataclass
class Gold:
    title: str | None
    body: str | None
    authors: list[str] | None
    published: datetime | None


@dataclass
class Page:
    path: Path
    rel: str
    country: str
    publisher: str
    version: str
    url: str | None
    language: str
    gold: Gold


def language_of(country: str, publisher: str) -> str:
    override = PUBLISHER_LANGUAGE.get(f"{country}/{publisher}")
    return override or COUNTRY_LANGUAGE.get(country, country)


def _version_key(name: str) -> tuple:
    match = _VERSION.match(name)
    if match:
        return (0, int(match.group(1)), int(match.group(2) or 0), name)
    return (1, 0, 0, name)


def _texts(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [t for v in value for t in _texts(v)]
    return []


def flatten_body(body: Any) -> str | None:
    """Fundus' structured body as text in reading order, one paragraph per line."""
    if body is None:
        return None
    if isinstance(body, str):
        texts = [body]
    elif isinstance(body, dict):
        texts = _texts(body.get("summary"))
        for section in body.get("sections") or []:
            if isinstance(section, dict):
                texts += _texts(section.get("headline")) + _texts(section.get("paragraphs"))
    else:
        return None
    lines = [" ".join(t.split()) for t in texts]
    return "\n".join(line for line in lines if line)


def _parse_datetime(value: Any) -> datetime | None:
    if not value or not isinstance(value, str):
        return None
    try:
        return datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None


def _gold(entry: dict) -> Gold:
    authors = entry.get("authors")
    return Gold(
        title=entry.get("title") if isinstance(entry.get("title"), str) else None,
        body=flatten_body(entry.get("body")),
        authors=[a for a in authors if isinstance(a, str)] if isinstance(authors, list) else None,
        published=_parse_datetime(entry.get("publishing_date")),
    )


def _load_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        logger.warning("cannot read %s: %s", path, exc)
        return None


def load_pages(dataset: Path) -> list[Page]:
    """All pages paired with their gold, ordered round-robin across country folders.

    Round-robin (1st page of every country, then 2nd, ...) keeps a ``limit`` sample spread
    over publishers and languages instead of covering only the first folders.
    """
    per_country: list[list[Page]] = []
    for country_dir in sorted(p for p in dataset.iterdir() if p.is_dir()):
        country = country_dir.name
        meta_path = country_dir / "meta.info"
        meta = _load_json(meta_path) if meta_path.exists() else None
        meta = meta if isinstance(meta, dict) else {}
        pages_by_publisher: dict[str, list[tuple[str, Path]]] = {}
        for html in country_dir.glob("*.html.gz"):
            match = _PAGE_NAME.match(html.name)
            if match:
                pages_by_publisher.setdefault(match["publisher"], []).append((match["date"], html))
        pages: list[Page] = []
        for gold_path in sorted(country_dir.glob("*.json")):
            publisher = gold_path.stem
            gold = _load_json(gold_path)
            htmls = pages_by_publisher.get(publisher, [])
            if not isinstance(gold, dict) or not htmls:
                continue

            def crawl_key(item: tuple[str, Path]) -> str:
                info = meta.get(item[1].name) or {}
                return str(info.get("crawl_date") or item[0].replace("_", "-"))

            htmls = sorted(htmls, key=crawl_key)
            versions = sorted(gold, key=_version_key)
            if len(versions) != len(htmls):
                logger.warning("%s/%s: %d pages for %d parser versions; pairing the latest",
                               country, publisher, len(htmls), len(versions))
                n = min(len(versions), len(htmls))
                versions, htmls = versions[-n:], htmls[-n:]
            for version, (_, html) in zip(versions, htmls):
                entry = gold[version] if isinstance(gold[version], dict) else {}
                info = meta.get(html.name) or {}
                pages.append(Page(
                    path=html, rel=f"{country}/{html.name}", country=country, publisher=publisher,
                    version=version, url=info.get("url"), language=language_of(country, publisher),
                    gold=_gold(entry),
                ))
        pages.sort(key=lambda p: p.rel)
        if pages:
            per_country.append(pages)
    ordered: list[Page] = []
    for i in range(max((len(p) for p in per_country), default=0)):
        ordered += [pages[i] for pages in per_country if i < len(pages)]
    return ordered


# --------------------------------------------------------------------------- systems


@dataclass
class Extraction:
    body: str = ""
    title: str = ""
    authors: list[str] = field(default_factory=list)
    published: datetime | date | None = None
    error: str | None = None

    @property
    def empty(self) -> bool:
        return not self.body.strip()


def _run_newsdesk(html: str, url: str | None) -> Extraction:
    from newsdesk.extract.html import extract_html

    fields = extract_html(html, url)
    if fields is None:
        return Extraction()
    return Extraction(
        body="\n".join(fields.paragraphs), title=fields.title or "",
        authors=list(fields.authors or []), published=fields.published,
    )


def _run_trafilatura(html: str, url: str | None) -> Extraction:
    import trafilatura

    doc = trafilatura.bare_extraction(html, url=url, with_metadata=True)
    if doc is None:
        return Extraction()
    authors = [a.strip() for a in (doc.author or "").split(";") if a.strip()]
    return Extraction(
        body=doc.text or "", title=doc.title or "", authors=authors,
        published=_parse_date_value(doc.date),
    )


RUNNERS: dict[str, Callable[[str, str | None], Extraction]] = {
    "newsdesk": _run_newsdesk,
    "trafilatura": _run_trafilatura,
}


def _parse_date_value(value: Any) -> datetime | date | None:
    if isinstance(value, (datetime, date)):
        return value
    if not value or not isinstance(value, str):
        return None
    parsed = _parse_datetime(value)
    if parsed is not None:
        return parsed
    try:
        return date.fromisoformat(value.strip()[:10])
    except ValueError:
        return None


# --------------------------------------------------------------------------- metrics


_QUOTES = str.maketrans({
    **{q: "'" for q in "\u2018\u2019\u201a\u201b\u2032\u00b4`"},
    **{q: '"' for q in "\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb"},
})


def _strippable(ch: str) -> bool:
    return ch.isspace() or unicodedata.category(ch).startswith("P")


def normalise(text: str) -> str:
    """NFKC, casefold, whitespace collapsed, punctuation stripped at both ends.

    Typographic quotes count as their ASCII forms and invisible format characters
    (zero-width spaces, soft hyphens) are dropped, so ``’`` against ``'`` is no miss.
    """
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Cf")
    text = " ".join(text.casefold().split())
    start, end = 0, len(text)
    while start < end and _strippable(text[start]):
        start += 1
    while end > start and _strippable(text[end - 1]):
        end -= 1
    return text[start:end]


def title_match(gold: str, predicted: str) -> bool:
    return normalise(gold) == normalise(predicted)


def same_day(gold: datetime, predicted: datetime | date | None) -> bool:
    if predicted is None:
        return False
    day = gold.date()
    if not isinstance(predicted, datetime):
        return predicted == day
    if predicted.date() == day:
        return True
    if predicted.tzinfo is not None and gold.tzinfo is not None:
        return predicted.astimezone(gold.tzinfo).date() == day
    return False


def author_scores(gold: list[str], predicted: list[str]) -> tuple[bool, float]:
    """(sets equal, F1) over normalised names."""
    g = {n for n in (normalise(a) for a in gold) if n}
    p = {n for n in (normalise(a) for a in predicted) if n}
    if not g and not p:
        return True, 1.0
    common = len(g & p)
    if not common:
        return g == p, 0.0
    precision, recall = common / len(p), common / len(g)
    return g == p, 2 * precision * recall / (precision + recall)


def score_page(gold: Gold, ext: Extraction) -> dict[str, Any]:
    row: dict[str, Any] = {"empty": ext.empty}
    if ext.error:
        row["error"] = ext.error
    if gold.body:
        score = rouge_lsum(gold.body, ext.body)
        row["rouge_p"], row["rouge_r"] = score.precision, score.recall
        row["rouge_f1"] = score.fmeasure
    if gold.title and gold.title.strip():
        row["title"] = title_match(gold.title, ext.title)
    if gold.published is not None:
        row["date"] = same_day(gold.published, ext.published)
    if gold.authors is not None:
        row["authors"], row["author_f1"] = author_scores(gold.authors, ext.authors)
    return row


def _mean(values: list[float]) -> float | None:
    return round(100 * sum(values) / len(values), 2) if values else None


def aggregate(rows: list[dict[str, Any]], seconds: float) -> dict[str, Any]:
    def pick(key: str) -> list[float]:
        return [float(r[key]) for r in rows if key in r]

    f1, p, r = pick("rouge_f1"), pick("rouge_p"), pick("rouge_r")
    return {
        "pages": len(rows),
        "no_extraction": sum(1 for row in rows if row["empty"]),
        "errors": sum(1 for row in rows if row.get("error")),
        "body_rouge_lsum": {
            "f1": _mean(f1), "precision": _mean(p), "recall": _mean(r), "n": len(f1),
        },
        "title_accuracy": {"value": _mean(pick("title")), "n": len(pick("title"))},
        "date_accuracy": {"value": _mean(pick("date")), "n": len(pick("date"))},
        "author_accuracy": {"value": _mean(pick("authors")), "n": len(pick("authors"))},
        "author_f1": {"value": _mean(pick("author_f1")), "n": len(pick("author_f1"))},
        "seconds": round(seconds, 3),
    }


# --------------------------------------------------------------------------- run


def _read_page(page: Page) -> tuple[str | None, str | None]:
    from newsdesk.extract.encoding import decode

    try:
        content = gzip.decompress(page.path.read_bytes())
        text, _, _ = decode(content)
        return text, None
    except Exception as exc:  # noqa: BLE001 - one bad file must not stop the run
        return None, f"{type(exc).__name__}: {exc}"


def evaluate_extraction(
    dataset: Path,
    progress: Callable[[int, int], None] | None = None,
    limit: int | None = None,
) -> dict:
    """Run newsdesk and trafilatura over every page of ``dataset``; JSON-serialisable result.

    ``limit`` takes the first N pages in round-robin country order (see :func:`load_pages`).
    """
    dataset = Path(dataset)
    if not dataset.is_dir():
        raise FileNotFoundError(f"no extraction dataset at {dataset}")
    pages = load_pages(dataset)
    if limit is not None:
        pages = pages[: max(0, limit)]
    total = len(pages)

    rows: dict[str, list[dict[str, Any]]] = {s: [] for s in SYSTEMS}
    seconds: dict[str, list[float]] = {s: [] for s in SYSTEMS}
    per_page: list[dict[str, Any]] = []
    started = time.perf_counter()
    decode_seconds = 0.0
    if progress:
        progress(0, total)
    for done, page in enumerate(pages, 1):
        t0 = time.perf_counter()
        html, read_error = _read_page(page)
        decode_seconds += time.perf_counter() - t0
        record: dict[str, Any] = {
            "file": page.rel, "publisher": page.publisher, "version": page.version,
            "language": page.language,
        }
        for system in SYSTEMS:
            t0 = time.perf_counter()
            if html is None:
                ext = Extraction(error=read_error)
            else:
                try:
                    ext = RUNNERS[system](html, page.url)
                except Exception as exc:  # noqa: BLE001 - a crash is an empty extraction
                    ext = Extraction(error=f"{type(exc).__name__}: {exc}")
            seconds[system].append(time.perf_counter() - t0)
            try:
                row = score_page(page.gold, ext)
            except Exception as exc:  # noqa: BLE001 - scoring must not stop the run either
                logger.warning("scoring %s for %s failed: %s", page.rel, system, exc)
                failed = Extraction(error=f"scoring: {type(exc).__name__}: {exc}")
                row = score_page(page.gold, failed)
            rows[system].append(row)
            record[system] = {
                k: (round(v, 4) if isinstance(v, float) else v) for k, v in row.items()
            }
        per_page.append(record)
        if progress:
            progress(done, total)

    languages = sorted({p.language for p in pages})
    systems: dict[str, Any] = {}
    for system in SYSTEMS:
        per_language = {}
        for lang in languages:
            idx = [i for i, p in enumerate(pages) if p.language == lang]
            per_language[lang] = aggregate(
                [rows[system][i] for i in idx], sum(seconds[system][i] for i in idx)
            )
        systems[system] = {
            "overall": aggregate(rows[system], sum(seconds[system])),
            "per_language": per_language,
        }
    return {
        "dataset": str(dataset),
        "pages": total,
        "systems": systems,
        "published": dict(PUBLISHED),
        "decode_seconds": round(decode_seconds, 3),
        "wall_seconds": round(time.perf_counter() - started, 3),
        "language_mapping": "publisher's country folder, with per-publisher overrides "
                            "(newsdesk.eval.extraction.COUNTRY_LANGUAGE / PUBLISHER_LANGUAGE)",
        "per_page": per_page,
    }


# --------------------------------------------------------------------------- table


def _fmt(value: Any, n: int | None = None) -> str:
    if value is None:
        return "-"
    return f"{value:.1f}" if n is None else f"{value:.1f} ({n})"


def format_extraction_table(result: dict) -> str:
    """Plain-text tables: overall per system, then per language, then published figures."""
    systems = result.get("systems", {})
    lines = [f"Extraction on {result.get('dataset')} ({result.get('pages')} pages)", ""]
    header = (f"{'system':<12} {'pages':>5} {'empty':>5} {'ROUGE-LSum F1':>13} {'P':>6} {'R':>6} "
              f"{'title':>6} {'date':>6} {'author':>6} {'auth-F1':>7} {'seconds':>8}")
    lines += [header, "-" * len(header)]
    for name, data in systems.items():
        o = data["overall"]
        rouge = o["body_rouge_lsum"]
        lines.append(
            f"{name:<12} {o['pages']:>5} {o['no_extraction']:>5} {_fmt(rouge['f1']):>13} "
            f"{_fmt(rouge['precision']):>6} {_fmt(rouge['recall']):>6} "
            f"{_fmt(o['title_accuracy']['value']):>6} {_fmt(o['date_accuracy']['value']):>6} "
            f"{_fmt(o['author_accuracy']['value']):>6} {_fmt(o['author_f1']['value']):>7} "
            f"{o['seconds']:>8.1f}"
        )
    names = list(systems)
    if names:
        o = systems[names[0]]["overall"]
        lines.append(
            f"n per metric: body {o['body_rouge_lsum']['n']}, title {o['title_accuracy']['n']}, "
            f"date {o['date_accuracy']['n']}, authors {o['author_accuracy']['n']}"
        )
        lines.append("")
        langs = sorted(systems[names[0]]["per_language"],
                       key=lambda l: (-systems[names[0]]["per_language"][l]["pages"], l))
        metrics = [("ROUGE-LSum F1", lambda m: m["body_rouge_lsum"]["f1"]),
                   ("title", lambda m: m["title_accuracy"]["value"]),
                   ("date", lambda m: m["date_accuracy"]["value"]),
                   ("author", lambda m: m["author_accuracy"]["value"])]
        width = 6 * len(names) - 1
        labels = "  ".join(f"{label:>{width}}" for label, _ in metrics)
        head = f"{'lang':<5} {'pages':>5}  " + labels
        lines += [f"Per language ({' / '.join(names)})", head, "-" * len(head)]
        for lang in langs:
            cells = []
            for _, get in metrics:
                values = [get(systems[n]["per_language"][lang]) for n in names]
                cells.append("/".join(f"{_fmt(v):>5}" for v in values))
            pages = systems[names[0]]["per_language"][lang]["pages"]
            lines.append(f"{lang:<5} {pages:>5}  " + "  ".join(f"{c:>{width}}" for c in cells))
    published = result.get("published") or {}
    if published:
        lines += ["", "Published ROUGE-LSum F1 (" + str(published.get("note", "")) + "): "
                  + ", ".join(f"{k} {v}" for k, v in published.items() if k != "note")]
    return "\n".join(lines)
