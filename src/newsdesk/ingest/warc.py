"""WARC and ARC archives, gzipped or not.

Only successful (HTTP 200) HTML responses become documents; other records (requests,
metadata, redirects, errors) are counted as skipped records. A damaged archive yields
the records read before the damage and one ``truncated`` reject for the rest.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Iterator

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from newsdesk.records import RawDocument, Rejected, SourceInfo

logger = logging.getLogger(__name__)
logger.addHandler(logging.NullHandler())

STAGE = "ingest"
HTML_TYPES = ("text/html", "application/xhtml+xml")


def _charset(content_type: str) -> str | None:
    for part in content_type.split(";")[1:]:
        key, _, value = part.strip().partition("=")
        if key.lower() == "charset" and value:
            return value.strip("\"' ").lower()
    return None


def read_warc(path: Path, max_bytes: int = 20_000_000) -> Iterator[RawDocument | Rejected]:
    """HTML responses of the archive; a record larger than ``max_bytes`` is ``too-large``
    (at most ``max_bytes + 1`` bytes of it are read)."""
    container = str(path)
    count = 0
    try:
        with open(path, "rb") as stream:
            iterator = ArchiveIterator(stream, arc2warc=True)
            for record in iterator:
                if record.rec_type not in ("response", "resource"):
                    continue
                uri = record.rec_headers.get_header("WARC-Target-URI")
                if record.rec_type == "response" and record.http_headers is not None:
                    status = record.http_headers.get_statuscode()
                    if status != "200":
                        logger.debug("skipping %s: HTTP %s", uri, status)
                        continue
                    content_type = record.http_headers.get_header("Content-Type") or ""
                else:
                    content_type = record.rec_headers.get_header("Content-Type") or ""
                if content_type and not content_type.lower().startswith(HTML_TYPES):
                    continue
                body = record.content_stream().read(max_bytes + 1)
                if len(body) > max_bytes:
                    yield Rejected(
                        "too-large", f"record for {uri} exceeds extract.max_bytes={max_bytes}",
                        SourceInfo("warc", uri or container, container), STAGE, url=uri,
                    )
                    continue
                if getattr(record.raw_stream, "limit", 0) > 0:  # the archive ended inside this record
                    yield Rejected(
                        "truncated", f"record for {uri} is cut short", SourceInfo("warc", uri or container, container),
                        STAGE, url=uri,
                    )
                    continue
                # the offset is known only once the record was read to its end
                offset = iterator.get_record_offset()
                source = SourceInfo("warc", uri or container, container=container, offset=offset)
                count += 1
                yield RawDocument(
                    url=uri,
                    content=body,
                    media_type="html",
                    source=source,
                    encoding=_charset(content_type),
                    hints={"crawled": record.rec_headers.get_header("WARC-Date")},
                )
    # warcio meets damage deep inside its parsers: a record cut in its headers surfaces as
    # AttributeError/KeyError/IndexError/TypeError (found by tests/test_fuzz.py)
    except (ArchiveLoadFailed, EOFError, OSError, ValueError, AttributeError, LookupError, TypeError) as exc:
        unknown = isinstance(exc, ArchiveLoadFailed) and "Unknown archive format" in str(exc)
        yield Rejected(
            "bad-archive" if unknown and count == 0 else "truncated",
            f"archive damaged after {count} documents: {exc}",
            SourceInfo("warc", container),
            STAGE,
        )
