"""Read local inputs: folders, HTML and text files, JSONL, feeds and web archives.

Every input becomes a :class:`RawDocument` that remembers where it came from, or a
:class:`Rejected` with the reason it could not be read. Nothing is skipped without
being counted: files of a type newsdesk does not read are reported as ``skipped``.
"""

from __future__ import annotations

import gzip
import json
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

from newsdesk.errors import InputError
from newsdesk.ingest.feeds import read_feed
from newsdesk.ingest.warc import read_warc
from newsdesk.records import RawDocument, Rejected, SourceInfo

logger = logging.getLogger(__name__)
logger.addHandler(logging.NullHandler())

HTML_SUFFIXES = {".html", ".htm", ".xhtml", ".shtml"}
TEXT_SUFFIXES = {".txt"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
FEED_SUFFIXES = {".xml", ".rss", ".atom", ".feed", ".rdf"}
WARC_SUFFIXES = (".warc", ".warc.gz", ".arc", ".arc.gz")
STAGE = "ingest"


@dataclass
class IngestStats:
    """What the ingester saw besides documents (files it does not read)."""

    skipped: list[str] = field(default_factory=list)


def _kind_of(path: Path) -> str | None:
    name = path.name.lower()
    if name.endswith(WARC_SUFFIXES):
        return "warc"
    suffix = path.suffix.lower()
    if suffix == ".gz":
        inner = Path(name[:-3]).suffix
        if inner in HTML_SUFFIXES:
            return "html.gz"
        return None
    if suffix in HTML_SUFFIXES:
        return "html"
    if suffix in TEXT_SUFFIXES:
        return "text"
    if suffix in JSONL_SUFFIXES:
        return "jsonl"
    if suffix in FEED_SUFFIXES:
        return "feed"
    return None


def expand_inputs(paths: Iterable[str | Path]) -> list[Path]:
    """Files named directly plus every file under named folders, in a stable order."""
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            raise InputError(f"input {path} does not exist", "check the path given to --input")
        if path.is_dir():
            files.extend(
                p for p in sorted(path.rglob("*"))
                if p.is_file() and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
        else:
            files.append(path)
    return files


def read_jsonl(path: Path) -> Iterator[RawDocument | Rejected]:
    """One article per line: ``{"url", "title", "text", "published", "authors", "site", "language"}``."""
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8", errors="replace") as handle:
        for lineno, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            source = SourceInfo("jsonl", str(path), container=str(path), offset=lineno)
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                yield Rejected("bad-jsonl", f"line {lineno}: {exc.msg}", source, STAGE)
                continue
            if not isinstance(obj, dict):
                yield Rejected("bad-jsonl", f"line {lineno}: not a JSON object", source, STAGE)
                continue
            url = obj.get("url")
            source = SourceInfo("jsonl", str(url or path), container=str(path), offset=lineno)
            yield RawDocument(
                url=url if isinstance(url, str) else None,
                content=line.encode("utf-8"),
                media_type="article",
                source=source,
                fields=obj,
            )


class FileIngester:
    """Turns paths (files and folders) into raw documents."""

    name = "ingest"

    def __init__(self) -> None:
        self.stats = IngestStats()

    def __call__(self, paths: Iterable[str | Path]) -> Iterator[RawDocument | Rejected]:
        for path in expand_inputs(paths):
            yield from self.read_file(path)

    def read_file(self, path: Path) -> Iterator[RawDocument | Rejected]:
        kind = _kind_of(path)
        if kind is None:
            logger.info("skipping %s: not a type newsdesk reads", path)
            self.stats.skipped.append(str(path))
            return
        try:
            if kind == "warc":
                yield from read_warc(path)
            elif kind == "feed":
                yield from read_feed(path)
            elif kind == "jsonl":
                yield from read_jsonl(path)
            else:
                if kind == "html.gz":
                    content = _read_gzip(path)
                    if content is None:
                        yield Rejected("truncated", "gzip stream is damaged", SourceInfo("file", str(path)), STAGE)
                        return
                else:
                    content = path.read_bytes()
                media = "text" if kind == "text" else "html"
                yield RawDocument(
                    url=None,
                    content=content,
                    media_type=media,
                    source=SourceInfo("text" if kind == "text" else "file", str(path)),
                )
        except OSError as exc:
            yield Rejected("unreadable", f"{exc.strerror or exc}", SourceInfo("file", str(path)), STAGE)


def _read_gzip(path: Path) -> bytes | None:
    try:
        with gzip.open(path, "rb") as handle:
            return handle.read()
    except (EOFError, OSError, gzip.BadGzipFile):
        return None
