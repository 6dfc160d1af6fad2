"""Ingest and extract on hand-made fixtures: chrome, metadata, bad input of several kinds."""

from __future__ import annotations

import gzip
import io
import json

import pytest

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newsdesk.extract import HtmlExtractor
from newsdesk.ingest import FileIngester
from newsdesk.records import Article, Rejected

from conftest import DATA, SHARED, invoke


def _records(path):
    return list(FileIngester().read_file(path))


def test_extract_page_without_chrome():
    result = invoke("extract", str(DATA / "pages/hostile-chrome.html"), "--json")
    assert result.exit_code == 0, result.output
    page = json.loads(result.output)
    assert page["title"] == "Harbour city opens <script>alert(1)</script> tram line"
    assert page["url"] == "https://coastline-courier.example/city/harbour-tram-line-opens"
    assert page["site"] == "Coastline Courier"
    assert page["authors"] == ["Ruth Okafor"]
    assert page["published"].startswith("2024-10-14T08:15:00")
    assert page["language"] == "en"
    assert "medieval sea wall" in page["text"]
    for chrome in ("We use cookies", "Related articles", "Ferry timetable", "Most popular", "Storm warning",
                   "Subscribe to our newsletter", "All rights reserved", "By Ruth Okafor", "window.tracking"):
        assert chrome not in page["text"], chrome


@pytest.mark.skipif(not (SHARED / "seeds").is_dir(), reason="../shared/seeds is not beside the checkout")
def test_seed_text_files_lose_their_chrome():
    result = invoke("extract", str(SHARED / "seeds/000_d548046523862cc6.txt"), "--json")
    page = json.loads(result.output)
    assert page["title"].startswith("Alibaba: Dutzende")
    assert page["language"] == "de"
    for chrome in ("StartAI", "RELATED ARTICLES", "Stay updated", "MOST POPULARS"):
        assert chrome not in page["text"] and chrome not in page["title"]
    result = invoke("extract", str(SHARED / "seeds/004_dddd95df68c0449f.txt"), "--json")
    page = json.loads(result.output)
    assert page["title"] == "Chinas Tech-Riesen und der Wettlauf um KI-Talente im Silicon Valley"
    assert page["published"].startswith("2024-11-19")
    for chrome in ("Quellen:", "Im Fokus", "Fluid DEX", "Weitere Posts"):
        assert chrome not in page["text"]


def test_extract_error_is_one_clear_line(tmp_path):
    empty = tmp_path / "empty.html"
    empty.write_bytes(b"")
    result = invoke("extract", str(empty), "--json")
    assert result.exit_code == 1
    assert result.output.strip().startswith("error:") and "empty" in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_malformed_feed_is_rejected():
    records = _records(DATA / "feeds/malformed.xml")
    assert [r.reason for r in records if isinstance(r, Rejected)] == ["bad-feed"]


def test_feed_links_to_remote_pages_are_counted():
    records = _records(DATA / "feeds/remote-links.xml")
    assert len(records) == 1 and records[0].reason == "link-not-local"


def test_jsonl_bad_lines_are_rejected_good_lines_pass():
    records = _records(DATA / "articles.jsonl")
    assert [type(r).__name__ for r in records] == ["RawDocument", "Rejected", "Rejected"]
    article = HtmlExtractor()(records[0])
    assert isinstance(article, Article) and article.title.startswith("Wind farm")
    assert article.language == "en" and article.published.year == 2024


def _warc_bytes(pages: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    for uri, body in pages.items():
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(uri, "response", payload=io.BytesIO(body), http_headers=headers))
    return buffer.getvalue()


def test_truncated_warc_keeps_what_was_read(tmp_path):
    page = (DATA / "pages/hostile-chrome.html").read_bytes()
    data = _warc_bytes({"https://a.example/1": page, "https://a.example/2": page.replace(b"tram", b"bus")})
    path = tmp_path / "cut.warc.gz"
    path.write_bytes(data[: len(data) - 200])
    records = _records(path)
    assert len(records) == 2
    assert not isinstance(records[0], Rejected) and records[0].url == "https://a.example/1"
    assert isinstance(records[-1], Rejected) and records[-1].reason == "truncated"


def test_gzipped_html_and_damaged_gzip(tmp_path):
    page = (DATA / "pages/hostile-chrome.html").read_bytes()
    good = tmp_path / "page.html.gz"
    good.write_bytes(gzip.compress(page))
    assert _records(good)[0].content == page
    bad = tmp_path / "bad.html.gz"
    bad.write_bytes(gzip.compress(page)[:100])
    assert _records(bad)[0].reason == "truncated"


def test_missing_input_is_a_clear_error(tmp_path):
    result = invoke("run", "--input", str(tmp_path / "nope"), "--db", str(tmp_path / "x.db"))
    assert result.exit_code == 1 and "does not exist" in result.output


def test_comment_form_lines_are_chrome_but_sentences_about_them_stay():
    from newsdesk.extract.chrome import strip_chrome

    form = [
        "Ich habe die NETIQUETTE und die DATENSCHUTZERKLÄRUNG gelesen und akzeptiere diese.* *Pflichtfelder",
        "Kommentar-Profil anlegen",
        "I have read and accept the privacy policy.",
        "Ho letto e accetto l'informativa sulla privacy.",
    ]
    sentence = ("Der Verlag hat seine Netiquette nach dem Streit im Forum überarbeitet und will Kommentare "
                "künftig strenger prüfen, wie die Chefredaktion am Montag in einem langen Beitrag erklärte.")
    assert strip_chrome([*form, sentence]) == [sentence]


def test_a_page_without_its_own_metadata_tags_gets_trafilaturas():
    """newsdesk reads title, author, date and canonical URL from the page's own tags; where they are
    missing, trafilatura's metadata search (read only then) fills them in."""
    from newsdesk.extract.html import extract_html

    body = "".join(f"<p>Paragraph {i} of the report on the new bridge over the river, with enough words.</p>"
                   for i in range(6))
    bare = (f"<html><head><title>Bridge opens after four years | Valley Courier</title></head><body>"
            f'<article><h1>Bridge opens after four years</h1><p class="byline">By Anna Keller</p>{body}'
            f"</article></body></html>")
    page = extract_html(bare, "https://courier.example/2024/03/05/bridge-opens")
    assert page is not None
    assert page.title == "Bridge opens after four years"
    assert page.authors == ["Anna Keller"]  # the byline
    assert page.published is not None and page.published.date().isoformat() == "2024-03-05"  # from the URL
    assert page.url == "https://courier.example/2024/03/05/bridge-opens"

    tagged = bare.replace("<head>", '<head><meta property="og:title" content="Own title">'
                                    '<meta name="author" content="Own Author">'
                                    '<link rel="canonical" href="https://courier.example/bridge">'
                                    '<meta property="article:published_time" content="2024-03-07T09:00:00+00:00">')
    page = extract_html(tagged, "https://courier.example/2024/03/05/bridge-opens")
    assert (page.title, page.authors, page.url) == ("Own title", ["Own Author"], "https://courier.example/bridge")
    assert page.published.date().isoformat() == "2024-03-07"
