"""Stage 1, ingest: sources in, :class:`~newsdesk.records.RawDocument` out."""

from newsdesk.ingest.feeds import read_feed, resolve_local
from newsdesk.ingest.files import FileIngester, expand_inputs, read_jsonl
from newsdesk.ingest.warc import read_warc

__all__ = ["FileIngester", "expand_inputs", "read_feed", "read_jsonl", "read_warc", "resolve_local"]
