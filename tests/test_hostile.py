"""Hostile input: every bad document is a counted reject with a reason, the run goes on with
the good ones, and nothing already stored is lost.

The kept corpus is ``tests/data/hostile/`` (written by its ``make_corpus.py``); the huge
inputs (a 200 MB page, HTML nested 100,000 levels deep, a gzip bomb, a 30 MB JSONL line) are
generated here into ``tmp_path``.
"""

from __future__ import annotations

import gzip
import math
import shutil
import tracemalloc
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import select

from newsdesk.config import Settings
from newsdesk.ingest import FileIngester
from newsdesk.pipeline.runner import run
from newsdesk.records import RawDocument, Rejected
from newsdesk.store import Store
from newsdesk.store.schema import articles, documents, events

CORPUS = Path(__file__).parent / "data" / "hostile"
SETTINGS = Settings(cluster={"embedder": "none"})
MB = 1 << 20

EARLIER = ("<html><head><title>Harbour authority approves new container terminal</title></head><body><article>"
           "<p>The harbour authority of Rotterdam approved on Friday a new container terminal on the Maasvlakte, "
           "after three years of planning and two rounds of public objections from environmental groups.</p>"
           "<p>Construction is to begin in the spring and will take about four years; the operator expects "
           "to handle two million containers a year once the terminal is complete.</p></article></body></html>")

# location (relative to the input folder) -> reason, or "article" for a document stored as one.
EXPECTED = {
    "absurd-numbers.html": "article",
    "bad-dates.xml#0 (https://example.org/feed/9999)": "article",
    "bad-dates.xml#1 (https://example.org/feed/1850)": "article",
    "bad-dates.xml#2 (https://example.org/feed/junk)": "article",
    "billion-laughs.xml#0 ({d}billion-laughs.xml)": "feed-item-empty",
    "binary.html": "binary",
    "date-1850.html": "article",
    "date-9999.html": "article",
    "empty.html": "empty",
    "empty.warc": "empty",
    "garbage.warc.gz": "bad-archive",
    "good-1.html": "article",
    "good-2.html": "article",
    "hostile.jsonl#1 (https://example.org/j1)": "article",
    "hostile.jsonl#2 (https://example.org/j2)": "no-main-text",
    "hostile.jsonl#3 ({d}hostile.jsonl)": "article",
    "hostile.jsonl#4 ({d}hostile.jsonl)": "bad-jsonl",
    "hostile.jsonl#5 ({d}hostile.jsonl)": "bad-jsonl",
    "hostile.jsonl#6 ({d}hostile.jsonl)": "bad-jsonl",
    "malformed.xml#0 ({d}malformed.xml)": "feed-item-empty",
    "missing-charset.html": "article",
    "no-items.atom": "bad-feed",
    "not-a-feed.rss": "bad-feed",
    "not-gzip.html.gz": "truncated",
    "png-named-html.html": "binary",
    "truncated-plain.warc#0 (https://example.org/p1)": "article",
    "truncated-plain.warc (https://example.org/p2)": "truncated",
    "truncated.html.gz": "truncated",
    "truncated.warc.gz#0 (https://example.org/a1)": "same-document",
    "truncated.warc.gz (https://example.org/a2)": "truncated",
    "unknown-charset.html": "article",
    "utf16-bom.html": "article",
    "whitespace.html": "empty",
    "wrong-charset.html": "article",
    # generated into tmp_path by make_huge()
    "huge/page-200mb.html": "too-large",
    "huge/deep-100000.html": "too-deep",
    "huge/bomb.html.gz": "too-large",
    "huge/links.rss#0 ({d}huge/page-200mb.html)": "too-large",
    "huge/long-line.jsonl#1 ({d}huge/long-line.jsonl)": "too-large",
    "huge/long-line.jsonl#2 (https://example.org/after-the-long-line)": "article",
}


def make_huge(folder: Path, max_bytes: int) -> None:
    """Inputs too big to keep in git; the 200 MB page is sparse, so it costs no disk."""
    folder.mkdir()
    with open(folder / "page-200mb.html", "wb") as f:
        f.write(b"<html><head><title>Huge</title></head><body><p>")
        f.seek(200 * MB)
        f.write(b"</p></body></html>")
    paragraph = "<p>" + "Die Firma hat in Berlin eine Fabrik eröffnet und 300 Stellen geschaffen. " * 5 + "</p>"
    deep = "<html><head><title>Tief</title></head><body>" + "<div>" * 100_000 + paragraph + "</div>" * 100_000
    (folder / "deep-100000.html").write_text(deep + "</body></html>", encoding="utf-8")
    with gzip.open(folder / "bomb.html.gz", "wb", compresslevel=9) as f:  # ~ 60 KB on disk
        block = b"<p>" + b"a" * MB + b"</p>"
        for _ in range(max_bytes // MB + 2):
            f.write(block)
    (folder / "links.rss").write_text(
        "<?xml version='1.0'?><rss version='2.0'><channel><title>Links</title><item><title>Huge</title>"
        "<link>https://example.org/news/page-200mb.html</link></item></channel></rss>", encoding="utf-8")
    text = "Nach dem langen Satz folgt ein normaler Artikel über eine Fabrik in Ulm mit 200 Stellen. " * 5
    with open(folder / "long-line.jsonl", "w", encoding="utf-8") as f:
        f.write('{"url": "https://example.org/huge", "title": "x", "text": "' + "y" * (max_bytes + 10) + '"}\n')
        f.write('{"url": "https://example.org/after-the-long-line", "title": "Nach der langen Zeile", '
                f'"text": "{text}"}}\n')


@pytest.fixture(scope="module")
def hostile_run(tmp_path_factory) -> dict:
    """First a clean run on the two good pages, then one run over everything hostile."""
    root = tmp_path_factory.mktemp("hostile")
    inputs = root / "in"
    shutil.copytree(CORPUS, inputs, ignore=shutil.ignore_patterns("*.py"))
    settings = Settings(cluster={"embedder": "none"}, extract={"max_bytes": 8 * MB})
    make_huge(inputs / "huge", settings.extract.max_bytes)
    first = root / "first"
    first.mkdir()
    (first / "earlier.html").write_text(EARLIER, encoding="utf-8")
    store = Store(str(root / "hostile.db"))
    before = run([first], store, settings)
    with store.engine.connect() as conn:
        stored_before = {r.url: (r.id, r.text) for r in conn.execute(select(articles.c.url, articles.c.id, articles.c.text))}
    report = run([inputs], store, settings)
    with store.engine.connect() as conn:
        docs = {r.location: r for r in conn.execute(select(documents))}
        arts = {r.id: r for r in conn.execute(select(articles))}
        evs = list(conn.execute(select(events)))
    store.close()
    return {"dir": f"{inputs}/", "before": before, "stored_before": stored_before, "report": report,
            "docs": docs, "articles": arts, "events": evs}


def _status(row) -> str:
    if row.status == "rejected":
        return row.reason
    return row.duplicate_kind if row.status == "duplicate" else row.status


def test_every_hostile_document_is_counted_with_its_reason(hostile_run):
    d = hostile_run["dir"]
    found = {loc.replace(d, ""): _status(r) for loc, r in hostile_run["docs"].items() if "earlier" not in loc}
    expected = {k.format(d=""): v for k, v in EXPECTED.items()}
    assert found == expected
    reasons = Counter(v for v in EXPECTED.values() if v not in ("article", "same-document"))
    assert dict(hostile_run["report"].rejects) == dict(reasons)


def test_the_run_goes_on_and_nothing_stored_is_lost(hostile_run):
    report = hostile_run["report"]
    stored = sum(1 for v in EXPECTED.values() if v == "article")
    assert report.counts["articles in store"] == stored + len(hostile_run["stored_before"])
    by_url = {r.url: r for r in hostile_run["articles"].values()}
    for url, (article_id, text) in hostile_run["stored_before"].items():
        assert by_url[url].id == article_id and by_url[url].text == text
    assert all(r.story_id is not None for r in hostile_run["articles"].values())


def test_impossible_dates_are_dropped_not_stored(hostile_run):
    d = hostile_run["dir"]
    for location in ("date-9999.html", "date-1850.html", "bad-dates.xml#0 (https://example.org/feed/9999)",
                     "bad-dates.xml#1 (https://example.org/feed/1850)", "hostile.jsonl#3 ({d}hostile.jsonl)"):
        row = hostile_run["docs"][d + location.format(d=d)]
        article = hostile_run["articles"][row.article_id]
        assert article.published is None, location


def test_absurd_numbers_leave_only_finite_values(hostile_run):
    """1e400, a 10,000-digit number and 10^30 dollars: read where they are numbers, never infinite,
    and a "count" larger than everyone on earth is not taken for a head count."""
    d = hostile_run["dir"]
    article_id = hostile_run["docs"][d + "absurd-numbers.html"].article_id
    found = [e for e in hostile_run["events"] if e.article_id == article_id]
    amounts = [e.amount_value for e in found if e.amount_value is not None]
    counts = [c for e in found for c in (e.count_min, e.count_max) if c is not None]
    assert amounts and all(math.isfinite(v) for v in amounts)
    assert max(amounts) == pytest.approx(1e30)  # "999999999999999999999 Milliarden Dollar"
    assert all(c <= 10_000_000_000 for c in counts)
    assert "inf" not in str([e.slots for e in found]).lower()


def test_a_200mb_page_is_refused_before_it_is_read(tmp_path):
    path = tmp_path / "page.html"
    with open(path, "wb") as f:
        f.write(b"<html><body><p>")
        f.seek(200 * MB)
        f.write(b"</p></body></html>")
    tracemalloc.start()
    try:
        items = list(FileIngester(max_bytes=20_000_000)([path]))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert [(type(i), i.reason) for i in items] == [(Rejected, "too-large")]
    assert peak < 1 * MB


def test_a_gzip_bomb_is_read_only_up_to_the_cap(tmp_path):
    path = tmp_path / "bomb.html.gz"
    with gzip.open(path, "wb", compresslevel=9) as f:
        for _ in range(64):
            f.write(b"<p>" + b"a" * MB + b"</p>")
    tracemalloc.start()
    try:
        items = list(FileIngester(max_bytes=4 * MB)([path]))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert [i.reason for i in items] == ["too-large"]
    assert peak < 16 * MB  # the 64 MB page was never held


def test_oversized_warc_record_is_rejected_and_the_next_record_read(tmp_path):
    import io

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    path = tmp_path / "big.warc.gz"
    with open(path, "wb") as out:
        writer = WARCWriter(out, gzip=True)
        for uri, size in (("https://example.org/big", 3 * MB), ("https://example.org/small", 1000)):
            http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
            body = io.BytesIO(b"<html><body><p>" + b"b" * size + b"</p></body></html>")
            writer.write_record(writer.create_warc_record(uri, "response", payload=body, http_headers=http))
    items = list(FileIngester(max_bytes=2 * MB)([path]))
    assert [(type(i).__name__, i.url) for i in items] == [
        ("Rejected", "https://example.org/big"), ("RawDocument", "https://example.org/small")]
    assert items[0].reason == "too-large" and isinstance(items[1], RawDocument)


def test_a_second_run_over_the_hostile_corpus_adds_nothing(hostile_run, tmp_path):
    """Rejects are stored with their reason: the next run counts them as seen, not again."""
    inputs = tmp_path / "in"
    shutil.copytree(CORPUS, inputs, ignore=shutil.ignore_patterns("*.py"))
    with Store(str(tmp_path / "again.db")) as store:
        first = run([inputs], store, SETTINGS)
        again = run([inputs], store, SETTINGS)
        assert sum(first.rejects.values()) > 10
        assert not again.rejects
        assert again.counts["articles in store"] == first.counts["articles in store"]
        assert again.counts["unchanged (seen before)"] == sum(1 for k in EXPECTED if not k.startswith("huge/"))


def test_a_stage_that_raises_costs_one_document_which_is_retried(tmp_path, monkeypatch):
    """A bug (not bad input) in a stage: counted as `stage-error`, not stored, tried again next run."""
    from newsdesk.enrich.facts import FactsStage

    inputs = tmp_path / "in"
    inputs.mkdir()
    for name in ("good-1.html", "good-2.html", "wrong-charset.html"):
        shutil.copy(CORPUS / name, inputs / name)
    original = FactsStage.process

    def broken(self, article):
        if "Acme" in article.title:
            raise ValueError("a bug met this article")
        return original(self, article)

    with Store(str(tmp_path / "bug.db")) as store:
        monkeypatch.setattr(FactsStage, "process", broken)
        first = run([inputs], store, SETTINGS)
        assert dict(first.rejects) == {"stage-error": 1}
        assert first.counts["articles in store"] == 2
        monkeypatch.setattr(FactsStage, "process", original)
        second = run([inputs], store, SETTINGS)
        assert not second.rejects
        assert second.counts["articles in store"] == 3
        assert second.counts["unchanged (seen before)"] == 2


def test_a_value_the_database_refuses_rejects_that_document_only(tmp_path, monkeypatch):
    """A count beyond 64 bits reaching the store (were the parser bounds ever bypassed) rolls back that
    document's transaction and becomes `store-refused`; the run goes on."""
    from newsdesk.store.facts import FactsStore

    inputs = tmp_path / "in"
    inputs.mkdir()
    for name in ("good-1.html", "good-2.html"):
        shutil.copy(CORPUS / name, inputs / name)
    original = FactsStore.add_facts

    def overflowing(self, conn, article_id, article, known):
        original(self, conn, article_id, article, known)
        if "Acme" in article.title:
            conn.execute(events.insert().values(article_id=article_id, type="layoff", count_min=10**30,
                                                evidence="x", slots={}))

    monkeypatch.setattr(FactsStore, "add_facts", overflowing)
    with Store(str(tmp_path / "refused.db")) as store:
        report = run([inputs], store, SETTINGS)
        assert dict(report.rejects) == {"store-refused": 1}
        assert report.counts["articles in store"] == 1
        with store.engine.connect() as conn:
            rows = {r.location.rsplit("/", 1)[-1]: (r.status, r.reason) for r in conn.execute(select(documents))}
        assert rows == {"good-1.html": ("article", None), "good-2.html": ("rejected", "store-refused")}
