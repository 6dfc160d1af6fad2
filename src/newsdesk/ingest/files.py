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
DEFAULT_MAX_BYTES = 20_000_000  # the default of extract.max_bytes


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


def _lines(handle, max_chars: int) -> Iterator[tuple[str, bool]]:
    """Lines of ``handle``, each read up to ``max_chars`` (the rest of a longer line is skipped)."""
    while True:
        line = handle.readline(max_chars + 1)
        if not line:
            return
        if len(line) > max_chars and not line.endswith("\n"):
            while (rest := handle.readline(1 << 20)) and not rest.endswith("\n"):
                pass
            yield line, True
        else:
            yield line, False


def read_jsonl(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[RawDocument | Rejected]:
    """One article per line: ``{"url", "title", "text", "published", "authors", "site", "language"}``."""
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8", errors="replace") as handle:
        for lineno, (line, too_long) in enumerate(_lines(handle, max_bytes), start=1):
            if not line.strip():
                continue
            source = SourceInfo("jsonl", str(path), container=str(path), offset=lineno)
            if too_long:
                yield Rejected("too-large", f"line {lineno} is longer than extract.max_bytes={max_bytes}", source, STAGE)
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                yield Rejected("bad-jsonl", f"line {lineno}: {exc.msg}", source, STAGE)
                continue
            if not isinstance(obj, dict):
                yield Rejected("bad-jsonl", f"line {lineno}: not a JSON object", source, STAGE)
                continue
            url = obj.get("url") if isinstance(obj.get("url"), str) else None
            source = SourceInfo("jsonl", url or str(path), container=str(path), offset=lineno)
            yield RawDocument(
                url=url,
                content=line.encode("utf-8"),
                media_type="article",
                source=source,
                fields=obj,
            )


class FileIngester:
    """Turns paths (files and folders) into raw documents.

    ``max_bytes`` caps what is read of one document (a page, a decompressed page, a WARC
    record, a feed file): anything larger is ``Rejected("too-large")`` after reading at
    most ``max_bytes + 1`` bytes of it. An unexpected parser failure on one file costs that
    file only (``Rejected("unreadable")``); the next file is read.
    """

    name = "ingest"

    def __init__(self, max_bytes: int = DEFAULT_MAX_BYTES) -> None:
        self.stats = IngestStats()
        self.max_bytes = max_bytes

    def __call__(self, paths: Iterable[str | Path]) -> Iterator[RawDocument | Rejected]:
        for path in expand_inputs(paths):
            try:
                yield from self.read_file(path)
            except (RecursionError, MemoryError, ValueError, TypeError, LookupError, EOFError) as exc:
                logger.exception("reading %s failed", path)
                yield Rejected("unreadable", f"{type(exc).__name__}: {exc}"[:500], SourceInfo("file", str(path)), STAGE)

    def _size_refusal(self, path: Path, kind: str) -> Rejected | None:
        size = path.stat().st_size
        if kind in ("warc", "jsonl") and size:  # containers: their records are capped one by one
            return None
        if size == 0:  # containers too: an empty feed or archive is no input, not nothing
            return Rejected("empty", "the file is empty", SourceInfo("file", str(path)), STAGE)
        if size > self.max_bytes:
            return Rejected("too-large", f"{size} bytes exceeds extract.max_bytes={self.max_bytes}",
                            SourceInfo("file", str(path)), STAGE)
        return None

    def read_file(self, path: Path) -> Iterator[RawDocument | Rejected]:
        kind = _kind_of(path)
        if kind is None:
            logger.info("skipping %s: not a type newsdesk reads", path)
            self.stats.skipped.append(str(path))
            return
        try:
            refused = self._size_refusal(path, kind)
            if refused is not None:
                yield refused
            elif kind == "warc":
                yield from read_warc(path, self.max_bytes)
            elif kind == "feed":
                yield from read_feed(path, self.max_bytes)
            elif kind == "jsonl":
                yield from read_jsonl(path, self.max_bytes)
            else:
                if kind == "html.gz":
                    content = _read_gzip(path, self.max_bytes)
                    if content is None:
                        yield Rejected("truncated", "gzip stream is damaged", SourceInfo("file", str(path)), STAGE)
                        return
                    if len(content) > self.max_bytes:
                        yield Rejected("too-large", f"decompresses to more than extract.max_bytes={self.max_bytes}",
                                       SourceInfo("file", str(path)), STAGE)
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


def _read_gzip(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes | None:
    """At most ``max_bytes + 1`` decompressed bytes (a gzip bomb stops there); ``None`` if damaged."""
    try:
        with gzip.open(path, "rb") as handle:
            return handle.read(max_bytes + 1)
    except (EOFError, OSError, gzip.BadGzipFile):
        return None
