"""Fuzz tests (hypothesis) on the parsers that read untrusted input: feeds, HTML, WARC, JSONL,
numbers, money, counts and dates. Bounded for CI (a few seconds each): no exception escapes,
and what comes back is a document, a reject with a reason, or a finite value."""

from __future__ import annotations

import gzip
import io
import math
import os
import tempfile
from datetime import date
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newsdesk.extract import HtmlExtractor
from newsdesk.ingest import FileIngester, read_feed, read_warc
from newsdesk.nlp.counts import MAX_COUNT, find_counts
from newsdesk.nlp.dates import find_dates
from newsdesk.nlp.money import find_money
from newsdesk.nlp.numbers import find_numbers, number_key, parse_number
from newsdesk.records import RawDocument, Rejected, SourceInfo

# Bounded for CI; FUZZ_SCALE=20 runs twenty times as many examples (a longer hunt).
SCALE = max(1, int(os.environ.get("FUZZ_SCALE", "1")))
FAST = settings(max_examples=150 * SCALE, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SLOW = settings(max_examples=60 * SCALE, deadline=None, suppress_health_check=[HealthCheck.too_slow])
EXTRACTOR = HtmlExtractor()

# pieces hostile text is made of: digits, separators, scale words, currencies, months, tags
_NUMBERISH = st.lists(st.sampled_from([
    "0", "1", "9", "999", "1.000", "1,5", "4,5", "12'000", "\u202f", "\u00a0", " ", ".", ",", "e400", "9" * 40,
    "Milliarden", "Mrd.", "billion", "bn", "m", "k", "miliardi", "Millionen", "$", "€", "US$", "Euro", "Dollar",
    "USD", "Stellen", "Mitarbeiter", "jobs", "dipendenti", "über", "rund", "fast", "Dutzende", "Hunderte",
    "im vergangenen August", "Q3", "2024", "9999", "1850", "31.12.", "nächstes Jahr", "letzten Monat",
]), max_size=30).map("".join)
_TAGS = st.lists(st.sampled_from([
    "<p>", "</p>", "<div>", "</div>", "<title>", "</title>", "<meta charset='utf-8'>", "<meta charset='x-bad'>",
    "<script>", "</script>", "<![CDATA[", "]]>", "<!--", "-->", "&amp;", "&#0;", "&#xD800;", "&bogus;", "<",
    ">", "\x00", "\ufeff", "Text über Märkte ", "Die Firma baut 300 Stellen ab. ", "<article>", "</article>",
    '<script type="application/ld+json">{"datePublished": "9999-12-31", "author": [1, {"name": 2}]}</script>',
]), max_size=60).map("".join)
_FEEDISH = st.lists(st.sampled_from([
    "<?xml version='1.0'?>", "<rss version='2.0'>", "</rss>", "<channel>", "</channel>", "<item>", "</item>",
    "<title>T</title>", "<link>https://example.org/a</link>", "<link>../../etc/passwd</link>", "<link></link>",
    "<pubDate>Fri, 31 Dec 9999 23:59:59 GMT</pubDate>", "<pubDate>junk</pubDate>", "<description>",
    "</description>", "<content:encoded><![CDATA[<p>" + "Wort " * 100 + "</p>]]></content:encoded>",
    "<feed xmlns='http://www.w3.org/2005/Atom'>", "</feed>", "<entry>", "</entry>", "<updated>1850-01-01</updated>",
    "<!DOCTYPE x [<!ENTITY a 'aaaaaaaaaa'>]>", "&a;", "&undefined;", "\x00", "<",
]), max_size=40).map("".join)


def _check(items) -> None:
    for item in items:
        assert isinstance(item, (RawDocument, Rejected))
        if isinstance(item, Rejected):
            assert item.reason and item.detail


def _in_tmp(name: str, data: bytes):
    folder = tempfile.TemporaryDirectory()
    path = Path(folder.name) / name
    path.write_bytes(data)
    return folder, path


@FAST
@given(st.one_of(_FEEDISH.map(str.encode), st.binary(max_size=2000)))
def test_feed_reader_never_raises(data):
    folder, path = _in_tmp("feed.xml", data)
    with folder:
        _check(list(read_feed(path)))


@SLOW
@given(st.one_of(_TAGS.map(lambda t: t.encode("utf-8", "surrogatepass")), st.binary(max_size=3000)),
       st.sampled_from([None, "utf-8", "latin-1", "x-unknown", "utf-16"]))
def test_html_extractor_never_raises(data, encoding):
    result = EXTRACTOR(RawDocument(None, data, "html", SourceInfo("file", "fuzz.html"), encoding=encoding))
    assert isinstance(result, Rejected) or (result.title and result.text)
    if isinstance(result, Rejected):
        assert result.reason in {"empty", "binary", "too-large", "too-deep", "no-main-text", "no-title"}


@SLOW
@given(st.integers(min_value=1, max_value=3000), st.sampled_from(["div", "b", "span", "table"]))
def test_deep_nesting_is_rejected_or_read(depth, tag):
    body = f"<{tag}>" * depth + "<p>" + "Die Firma baut in Berlin 300 Stellen ab. " * 8 + "</p>" + f"</{tag}>" * depth
    html = f"<html><head><title>Tief</title></head><body>{body}</body></html>".encode()
    result = EXTRACTOR(RawDocument(None, html, "html", SourceInfo("file", "deep.html")))
    if isinstance(result, Rejected):
        assert result.reason in {"too-deep", "no-main-text"}
    else:
        assert "300 Stellen" in result.text


def _warc(bodies: list[bytes], gz: bool) -> bytes:
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=gz)
    for i, body in enumerate(bodies):
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(f"https://example.org/{i}", "response",
                                                      payload=io.BytesIO(body), http_headers=http))
    return out.getvalue()


@SLOW
@given(st.lists(st.binary(max_size=300), min_size=1, max_size=4), st.booleans(), st.floats(0, 1),
       st.lists(st.tuples(st.floats(0, 1, exclude_max=True), st.integers(0, 255)), max_size=5))
def test_damaged_warc_never_raises(bodies, gz, cut, flips):
    """A real archive, cut anywhere and with a few bytes changed (positions relative: record
    headers carry the time, so the length varies between runs)."""
    raw = bytearray(_warc(bodies, gz))
    raw = raw[: int(cut * len(raw))]
    for at, value in flips:
        if raw:
            raw[int(at * len(raw))] = value
    folder, path = _in_tmp("fuzz.warc.gz" if gz else "fuzz.warc", bytes(raw))
    with folder:
        items = list(read_warc(path))
    _check(items)
    assert len([i for i in items if isinstance(i, RawDocument)]) <= len(bodies)


@FAST
@given(st.binary(max_size=2000), st.sampled_from(["x.jsonl", "x.html.gz", "x.warc.gz", "x.rss", "x.txt"]))
def test_file_ingester_never_raises(data, name):
    if name.endswith(".gz") and data[:1] == b"1":
        data = gzip.compress(data)[: len(data)]  # sometimes a real, cut gzip stream
    folder, path = _in_tmp(name, data)
    with folder:
        _check(list(FileIngester(max_bytes=1000)([path])))


@FAST
@given(st.one_of(_NUMBERISH, st.text(max_size=200)), st.sampled_from([None, "de", "en", "it"]))
def test_number_parsers_give_finite_values(text, language):
    for mention in find_numbers(text, language):
        assert math.isfinite(mention.value) and text[mention.start:mention.end] == mention.text
        number_key(mention.value)
    for money in find_money(text, language):
        assert math.isfinite(money.value) and money.currency
    for count in find_counts(text, language):
        assert 0 <= count.min <= MAX_COUNT * 1.1 and (count.max is None or count.max <= MAX_COUNT * 1.1)


@FAST
@given(st.text(alphabet="0123456789.,'\u202f ", max_size=80), st.sampled_from([None, "de", "en", "it"]))
def test_parse_number_is_finite_or_none(token, language):
    value = parse_number(token, language)
    assert value is None or (math.isfinite(value) and value >= 0)


@FAST
@given(st.one_of(_NUMBERISH, st.text(max_size=200)), st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)),
       st.sampled_from([None, "de", "en", "it"]))
def test_date_resolution_never_raises(text, published, language):
    for found in find_dates(text, published, language):
        assert found.start <= found.end
