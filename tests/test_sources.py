"""Source listings (RSS, Atom, sitemaps, news sitemaps, indexes), autodiscovery, `newsdesk sources`."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from click.testing import CliRunner

from newsdesk.cli.main import cli
from newsdesk.ingest.sources import (
    Listing, detect_kind, discover_feeds, item_document, parse_feed, parse_sitemap, read_listing,
)
from newsdesk.records import Rejected
from webserver import LocalServer, Route

WEB = Path(__file__).parent / "data" / "web"
ALLOW_LOCAL = {"NEWSDESK_FETCH__ALLOW_PRIVATE": "true", "NEWSDESK_FETCH__PER_HOST_DELAY": "0"}


def invoke(*args: str, env: dict[str, str] | None = None):
    return CliRunner().invoke(cli, ["--quiet", *args], env=env, catch_exceptions=False)


def data(name: str) -> bytes:
    return (WEB / name).read_bytes()


def test_rss_items_with_hints_and_absolute_links():
    listing = parse_feed(data("rss.xml"), "https://news.example.org/feed.rss")
    assert isinstance(listing, Listing) and listing.kind == "feed" and listing.title == "Tech Wire"
    assert [i.url for i in listing.items] == ["https://news.example.org/2024/08/alibaba-metaverse-layoffs",
                                              "https://news.example.org/2024/08/relative"]
    first = listing.items[0]
    assert first.hints["title"] == "Alibaba cuts dozens of jobs in its metaverse unit"
    assert first.hints["published"] == "2024-08-14T09:30:00+00:00"
    assert first.hints["site"] == "Tech Wire" and first.hints["language"] == "en"
    assert first.content is None  # a teaser: the page must be fetched


def test_atom_items_and_full_content():
    listing = parse_feed(data("atom.xml"), "https://technik.example.de/atom.xml")
    assert [i.url for i in listing.items] == ["https://technik.example.de/meta-verlust", "https://technik.example.de/voll"]
    assert listing.items[0].hints["authors"] == ["Jonas Keller"] and listing.items[0].content is None
    assert listing.items[1].content.startswith("<p>Microsoft investiert")
    doc = item_document(listing.items[1], "https://technik.example.de/atom.xml", 1, "feed")
    assert doc.media_type == "article" and doc.fields["html"] == listing.items[1].content
    assert doc.source.container == "https://technik.example.de/atom.xml" and doc.source.offset == 1
    page = item_document(listing.items[0], "feed-url", 0, "feed", b"<html/>", "https://technik.example.de/final")
    assert page.url == "https://technik.example.de/meta-verlust" and page.source.location.endswith("/final")
    assert page.hints["language"] == "de"


def test_not_a_feed_is_rejected():
    got = parse_feed(b"<html><body>nope</body></html>", "https://x.example/feed")
    assert isinstance(got, Rejected) and got.reason == "bad-feed"


def test_sitemap_urls():
    listing = parse_sitemap(data("sitemap.xml"), "https://news.example.org/sitemap.xml")
    assert [i.url for i in listing.items] == ["https://news.example.org/a", "https://news.example.org/b"]
    assert listing.items[0].hints["published"] == "2024-11-19" and "published" not in listing.items[1].hints


def test_news_sitemap_fields():
    listing = parse_sitemap(data("news_sitemap.xml"), "https://notizie.example.it/news.xml")
    (item,) = listing.items
    assert item.url == "https://notizie.example.it/tecnologia/nvidia-nemotron"
    assert item.hints == {"url": item.url, "published": "2024-10-16T08:00:00+02:00", "title": "Nvidia lancia Nemotron",
                          "site": "Notizie Tech", "language": "it"}


def test_sitemap_index_lists_child_sitemaps_and_gzip_is_read():
    listing = parse_sitemap(gzip.compress(data("sitemap_index.xml")), "https://news.example.org/sitemap_index.xml")
    assert listing.items == ()
    assert listing.children == ("https://news.example.org/sitemap-news.xml", "https://news.example.org/sitemap-2024.xml")


def test_hostile_or_broken_sitemaps_are_rejected():
    assert parse_sitemap(data("entities.xml"), "u").reason == "bad-sitemap"
    assert parse_sitemap(b"<urlset><url>", "u").reason == "bad-sitemap"
    assert parse_sitemap(b"<rss/>", "u").reason == "bad-sitemap"


def test_detect_kind():
    assert detect_kind(data("rss.xml")) == "feed"
    assert detect_kind(data("atom.xml")) == "feed"
    assert detect_kind(data("sitemap.xml")) == "sitemap"
    assert detect_kind(gzip.compress(data("sitemap_index.xml"))) == "sitemap"
    assert detect_kind(data("home.html")) == "html"
    assert detect_kind(b"hello", "text/html; charset=utf-8") == "html"
    assert detect_kind(b"\x00\x01") is None


def test_autodiscovery_finds_announced_feeds_only():
    feeds = discover_feeds(data("home.html"), "https://news.example.org/")
    assert feeds == ["https://news.example.org/feeds/all.rss", "https://news.example.org/feeds/ai.atom"]
    assert discover_feeds(b"<html><head><base href='https://cdn.example/x/'>"
                          b"<link rel='alternate' type='application/rss+xml' href='f.xml'></head></html>",
                          "https://site.example/") == ["https://cdn.example/x/f.xml"]
    assert discover_feeds(b"<p>no feeds</p>", "https://site.example/") == []


def test_read_listing_for_a_page_is_the_page_itself():
    listing = read_listing("page", b"<html/>", "https://x.example/a")
    assert [i.url for i in listing.items] == ["https://x.example/a"]


@pytest.fixture
def site():
    with LocalServer() as server:
        server.routes["/"] = Route(data("home.html").replace(b"https://news.example.org", b""))
        server.routes["/feeds/all.rss"] = Route(data("rss.xml"), content_type="application/rss+xml")
        server.routes["/sitemap.xml"] = Route(data("sitemap.xml"), content_type="application/xml")
        server.routes["/article"] = Route(b"<html><body><p>text</p></body></html>")
        yield server


def test_sources_add_list_remove(site, tmp_path):
    db = str(tmp_path / "w.db")
    home = invoke("sources", "add", site.url("/"), "--db", db, "--json", env=ALLOW_LOCAL)
    assert home.exit_code == 0, home.output
    added = json.loads(home.stdout)
    assert added["kind"] == "feed" and added["url"] == site.url("/feeds/all.rss") and added["every"] == 900
    sitemap = invoke("sources", "add", site.url("/sitemap.xml"), "--every", "30s", "--db", db, env=ALLOW_LOCAL)
    page = invoke("sources", "add", site.url("/article"), "--every", "2h", "--db", db, env=ALLOW_LOCAL)
    assert sitemap.exit_code == 0 and page.exit_code == 0, sitemap.output + page.output
    rows = json.loads(invoke("sources", "list", "--db", db, "--json").stdout)
    assert [(r["kind"], r["every"]) for r in rows] == [("feed", 900), ("sitemap", 30), ("page", 7200)]
    assert rows[0]["title"] == "Tech Wire"
    text = invoke("sources", "list", "--db", db).output
    assert "every 30s" in text and "every 2h" in text
    again = invoke("sources", "add", site.url("/sitemap.xml"), "--db", db, env=ALLOW_LOCAL)
    assert again.exit_code == 1 and "already watched" in again.output
    assert invoke("sources", "remove", str(rows[1]["id"]), "--db", db).exit_code == 0
    assert len(json.loads(invoke("sources", "list", "--db", db, "--json").stdout)) == 2
    missing = invoke("sources", "remove", "99", "--db", db)
    assert missing.exit_code == 1 and "source 99 does not exist" in missing.output


def test_sources_add_refuses_local_addresses_by_default(site, tmp_path):
    result = invoke("sources", "add", site.url("/"), "--db", str(tmp_path / "w.db"))
    assert result.exit_code == 1 and "private-address" in result.output
    assert site.hits["/"] == 0
    bad = invoke("sources", "add", "ftp://example.org/feed", "--kind", "feed", "--db", str(tmp_path / "w.db"))
    assert bad.exit_code == 1 and "not a URL newsdesk can watch" in bad.output
    duration = invoke("sources", "add", "https://example.org/f", "--kind", "feed", "--every", "soon",
                      "--db", str(tmp_path / "w.db"))
    assert duration.exit_code == 1 and "not a duration" in duration.output


from hypothesis import given, settings as hsettings, strategies as st  # noqa: E402

_XMLISH = st.one_of(
    st.binary(max_size=400),
    st.lists(st.sampled_from(["<rss>", "<channel>", "<item>", "<link>", "</link>", "<urlset>", "<url>", "<loc>",
                              "</loc>", "</url>", "<sitemapindex>", "<!DOCTYPE x>", "&amp;", "http://a/b", "\x00",
                              "<link rel='alternate' type='application/rss+xml' href='", "'>", "<base href='",
                              "javascript:alert(1)", "file:///etc/passwd"]),
             max_size=30).map(lambda parts: "".join(parts).encode()),
)


@hsettings(max_examples=150, deadline=None)
@given(_XMLISH)
def test_parsers_never_raise_on_arbitrary_input(content):
    for parse in (parse_feed, parse_sitemap):
        got = parse(content, "https://x.example/source")
        assert isinstance(got, (Listing, Rejected))
        if isinstance(got, Listing):
            assert all(item.url.startswith(("http://", "https://")) for item in got.items)
    feeds = discover_feeds(content, "https://x.example/")
    assert all(f.startswith(("http://", "https://")) for f in feeds)
    assert detect_kind(content) in (None, "feed", "sitemap", "html")
