"""Named-entity quality on public German and Italian sets: newsdesk's rule-based mention finder.

Datasets (``../shared/data/ner``, see each folder's PROVENANCE.md; never copied into the repo):

* ``germeval2014_de/NER-de-dev.tsv`` -- GermEval 2014. Sentences are preceded by a
  ``#<TAB>source<TAB>[date]`` line; token lines are ``idx<TAB>token<TAB>outer<TAB>inner``
  with BIO tags over PER/ORG/LOC/OTH and their ``-deriv``/``-part`` variants. Scored on the
  outer level only, base labels PER/ORG/LOC only: OTH and every ``-deriv``/``-part`` span
  ("deutschen", "EU-weit") are neither gold nor counted against predictions' types.
* ``kind_it/wikinews_train.tsv`` -- KIND (Italian Wikinews, the news chapter; other KIND
  files load the same way). ``token<TAB>tag`` lines, blank line between sentences; the tags
  are IO (``LOC``) or BIO (``B-LOC``), so a run of one type is one entity unless a ``B-``
  starts a new one.

Each sentence's text is rebuilt by joining its tokens with single spaces (token offsets
recorded), given to :class:`newsdesk.enrich.mentions.MentionFinder` with the dataset's
language, and its ORG/PER/LOC mentions are mapped back to tokens: a mention covers the
tokens it overlaps. Other labels (PRODUCT, MONEY, ...) are ignored.

Metrics:

* exact-span entity precision/recall/F1 (CoNLL style: type and both token boundaries must
  match), per type and micro-averaged over PER/ORG/LOC;
* for KIND also token-level micro F1 over PER/ORG/LOC (a token counts as a true positive
  when gold and prediction give it the same type), the measure of the published EVALITA
  2023 figure.

Published figures (:data:`PUBLISHED`) are trained models on other splits (GermEval test,
KIND Wikinews test): they are a horizon, not a like-for-like comparison.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from newsdesk.errors import InputError

logger = logging.getLogger(__name__)
logger.addHandler(logging.NullHandler())

TYPES = ("PER", "ORG", "LOC")

PUBLISHED = {
    "germeval2014_de": {
        "f1": 89.08,
        "system": "SpanMarker + GELECTRA-large",
        "also": {"GBERT-large": 88.16},
        "metric": "exact-span entity F1, GermEval 2014 test set",
    },
    "kind_it": {
        "token_f1": 90.0,
        "system": "best EVALITA 2023 NERMuD system",
        "metric": "token-level micro F1, KIND Wikinews test set",
    },
    "note": "trained models on other splits (the test sets), not this data: a horizon, not a comparison",
}

# Default files under ../shared/data/ner, by dataset name.
DEFAULT_FILES = {
    "germeval2014_de": "germeval2014_de/NER-de-dev.tsv",
    "kind_it": "kind_it/wikinews_train.tsv",
}
LANGUAGE = {"germeval2014_de": "de", "kind_it": "it"}


class Finder(Protocol):
    def find(self, text: str, language: str | None = None) -> list[Any]: ...


@dataclass(frozen=True, slots=True)
class Sentence:
    tokens: tuple[str, ...]
    tags: tuple[str, ...]  # one BIO/IO tag per token, already reduced to PER/ORG/LOC or "O"


Span = tuple[int, int, str]  # first token, last token + 1, type


# --------------------------------------------------------------------------- reading


def base_tag(tag: str) -> str:
    """``B-PER`` -> ``B-PER``; ``I-LOCderiv``/``B-OTH``/``PER-part`` -> ``O``; ``LOC`` -> ``I-LOC``."""
    tag = tag.strip()
    if not tag or tag == "O":
        return "O"
    prefix, _, label = tag.partition("-") if tag[:2] in ("B-", "I-") else ("I", "", tag)
    return f"{prefix}-{label}" if label in TYPES else "O"


def read_germeval(path: Path) -> Iterator[Sentence]:
    """Sentences of a GermEval 2014 file, outer level only."""
    tokens: list[str] = []
    tags: list[str] = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            line = line.rstrip("\n")
            if line.startswith("#") and "\t" in line and not tokens:
                continue  # "#<TAB>source<TAB>[date]" before a sentence
            fields = line.split("\t")
            if len(fields) >= 3 and fields[0].isdigit():
                tokens.append(fields[1])
                tags.append(base_tag(fields[2]))
            elif not line.strip() and tokens:
                yield Sentence(tuple(tokens), tuple(tags))
                tokens, tags = [], []
    if tokens:
        yield Sentence(tuple(tokens), tuple(tags))


def read_kind(path: Path) -> Iterator[Sentence]:
    """Sentences of a KIND file: ``token<TAB>tag`` lines, blank line between sentences."""
    tokens: list[str] = []
    tags: list[str] = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            fields = line.rstrip("\n").split("\t")
            if len(fields) >= 2 and fields[0]:
                tokens.append(fields[0])
                tags.append(base_tag(fields[-1]))
            elif tokens:
                yield Sentence(tuple(tokens), tuple(tags))
                tokens, tags = [], []
    if tokens:
        yield Sentence(tuple(tokens), tuple(tags))


def detect_format(path: Path) -> str:
    """``germeval`` (``idx token outer inner``) or ``kind`` (``token tag``), from the first lines."""
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if not line.strip() or line.startswith("#\t"):
                continue
            fields = line.rstrip("\n").split("\t")
            return "germeval" if len(fields) >= 4 and fields[0].isdigit() else "kind"
    return "kind"


def spans_from_tags(tags: Iterable[str]) -> set[Span]:
    """Entity spans of a BIO/IO tag sequence: ``I-X`` after another type starts a new entity."""
    spans: set[Span] = set()
    start, label = None, None
    tags = list(tags)
    for i, tag in enumerate([*tags, "O"]):
        prefix, _, kind = tag.partition("-")
        continues = prefix == "I" and kind == label
        if label is not None and not continues:
            spans.add((start, i, label))
            start, label = None, None
        if prefix in ("B", "I") and not continues:
            start, label = i, kind
    return spans


# --------------------------------------------------------------------------- predicting


def sentence_text(tokens: Iterable[str]) -> tuple[str, list[tuple[int, int]]]:
    """Tokens joined with single spaces, and each token's (start, end) character offsets."""
    offsets: list[tuple[int, int]] = []
    pos = 0
    for token in tokens:
        offsets.append((pos, pos + len(token)))
        pos += len(token) + 1
    return " ".join(tokens), offsets


def predicted_spans(finder: Finder, sentence: Sentence, language: str | None) -> set[Span]:
    """The finder's PER/ORG/LOC mentions as token spans (a mention covers the tokens it overlaps)."""
    text, offsets = sentence_text(sentence.tokens)
    spans: set[Span] = set()
    for mention in finder.find(text, language):
        if mention.label not in TYPES:
            continue
        covered = [i for i, (s, e) in enumerate(offsets) if s < mention.end and mention.start < e]
        if covered:
            spans.add((covered[0], covered[-1] + 1, mention.label))
    return spans


def token_labels(spans: Iterable[Span], n: int) -> list[str]:
    labels = ["O"] * n
    for start, end, label in sorted(spans):
        for i in range(start, end):
            labels[i] = label
    return labels


# --------------------------------------------------------------------------- scoring


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, gold: set, predicted: set) -> None:
        self.tp += len(gold & predicted)
        self.fp += len(predicted - gold)
        self.fn += len(gold - predicted)

    def scores(self) -> dict[str, float | int]:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return {"precision": round(100 * p, 2), "recall": round(100 * r, 2), "f1": round(100 * f, 2),
                "tp": self.tp, "fp": self.fp, "fn": self.fn}


def score(sentences: Iterable[Sentence], finder: Finder, language: str | None,
          with_tokens: bool = False) -> dict[str, Any]:
    """Entity (and optionally token) scores of ``finder`` on ``sentences``."""
    micro, tokens = Counts(), Counts()
    per_type = {t: Counts() for t in TYPES}
    n = 0
    started = time.perf_counter()
    for sentence in sentences:
        n += 1
        gold = spans_from_tags(sentence.tags)
        predicted = predicted_spans(finder, sentence, language)
        micro.add(gold, predicted)
        for t in TYPES:
            per_type[t].add({s for s in gold if s[2] == t}, {s for s in predicted if s[2] == t})
        if with_tokens:
            g = token_labels(gold, len(sentence.tokens))
            p = token_labels(predicted, len(sentence.tokens))
            tokens.add({(i, x) for i, x in enumerate(g) if x != "O"}, {(i, x) for i, x in enumerate(p) if x != "O"})
    result: dict[str, Any] = {**micro.scores(), "per_type": {t: c.scores() for t, c in per_type.items()},
                              "sentences": n, "seconds": round(time.perf_counter() - started, 2)}
    if with_tokens:
        token_scores = tokens.scores()
        result["token_f1"] = token_scores["f1"]
        result["token"] = token_scores
    return result


# --------------------------------------------------------------------------- datasets


def default_root(start: Path | None = None) -> Path | None:
    """``../shared/data/ner`` seen from the current directory, else from the repository root."""
    candidates = [(start or Path.cwd()) / "../shared/data/ner", Path(__file__).resolve().parents[3] / "../shared/data/ner"]
    for candidate in candidates:
        if candidate.is_dir():
            return candidate.resolve()
    return None


def dataset_files(paths: Iterable[str | Path] = ()) -> dict[str, Path]:
    """Name -> file for the datasets to evaluate: the given files or folders, else the defaults."""
    paths = [Path(p) for p in paths]
    if not paths:
        root = default_root()
        if root is None:
            raise InputError("no NER data at ../shared/data/ner",
                             "run from the repository root next to ../shared, or pass --dataset PATH")
        found = {name: root / rel for name, rel in DEFAULT_FILES.items() if (root / rel).is_file()}
        if not found:
            raise InputError(f"{root} holds neither {' nor '.join(DEFAULT_FILES.values())}",
                             "pass --dataset PATH with a GermEval or KIND .tsv file")
        return found
    files: dict[str, Path] = {}
    for path in paths:
        if path.is_dir():
            default = DEFAULT_FILES.get(path.name)
            chosen = [path.parent / default] if default else sorted(path.glob("*.tsv"))
            if not chosen or not chosen[0].is_file():
                raise InputError(f"{path} holds no .tsv file", "point --dataset at a GermEval or KIND .tsv file")
        elif path.is_file():
            chosen = [path]
        else:
            raise InputError(f"no such dataset: {path}", "pass an existing .tsv file or folder")
        for file in chosen:
            name = file.parent.name if DEFAULT_FILES.get(file.parent.name) == f"{file.parent.name}/{file.name}" \
                else f"{file.parent.name}/{file.stem}"
            files[name] = file
    return files


def language_of(name: str, path: Path) -> str | None:
    key = name.split("/")[0]
    if key in LANGUAGE:
        return LANGUAGE[key]
    return "de" if detect_format(path) == "germeval" else "it"


def evaluate_entities(paths: Iterable[str | Path] = (), limit: int | None = None,
                      finder: Finder | None = None,
                      finder_factory: Callable[[], Finder] | None = None) -> dict[str, Any]:
    """Scores per dataset plus the published figures, as one JSON-ready dict."""
    files = dataset_files(paths)
    if finder is None:
        if finder_factory is None:
            from newsdesk.enrich.mentions import MentionFinder  # the real finder, loaded once
            finder_factory = MentionFinder
        finder = finder_factory()
    datasets: dict[str, Any] = {}
    for name, path in files.items():
        fmt = detect_format(path)
        reader = read_germeval if fmt == "germeval" else read_kind
        sentences = _limited(reader(path), limit)
        logger.info("evaluating entities on %s (%s)", path, fmt)
        result = score(sentences, finder, language_of(name, path), with_tokens=fmt == "kind")
        datasets[name] = {**result, "file": str(path), "format": fmt}
    return {"datasets": datasets, "published": PUBLISHED}


def _limited(items: Iterator[Sentence], limit: int | None) -> Iterator[Sentence]:
    for i, item in enumerate(items):
        if limit is not None and i >= limit:
            return
        yield item


def format_entities(result: dict[str, Any]) -> str:
    """A plain-text table: per dataset P/R/F1 micro and per type, with the published figures."""
    lines = [f"{'dataset':<24} {'type':<6} {'P':>6} {'R':>6} {'F1':>6} {'tp':>6} {'fp':>6} {'fn':>6}"]
    for name, d in result["datasets"].items():
        rows = [("micro", d)] + list(d["per_type"].items())
        for label, s in rows:
            lines.append(f"{name:<24} {label:<6} {s['precision']:>6.2f} {s['recall']:>6.2f} {s['f1']:>6.2f} "
                         f"{s['tp']:>6} {s['fp']:>6} {s['fn']:>6}")
        extra = f", token-level micro F1 {d['token_f1']:.2f}" if "token_f1" in d else ""
        lines.append(f"{'':<24} {d['sentences']} sentences, {d['seconds']:.1f} s{extra}")
    published = result["published"]
    lines.append("")
    lines.append(f"published ({published['note']}):")
    ge = published["germeval2014_de"]
    lines.append(f"  GermEval 2014 test entity F1 {ge['f1']:.2f} ({ge['system']}), "
                 + ", ".join(f"{k} {v:.2f}" for k, v in ge["also"].items()))
    kind = published["kind_it"]
    lines.append(f"  KIND Wikinews test token-level micro F1 {kind['token_f1']:.2f} ({kind['system']})")
    return "\n".join(lines)
