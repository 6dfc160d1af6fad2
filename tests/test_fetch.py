"""The polite fetcher against a real HTTP server on 127.0.0.1 (no mocks of httpx)."""

from __future__ import annotations

import pytest

from newsdesk.config import FetchSettings
from newsdesk.ingest.fetch import Fetched, Fetcher, address_refusal, retry_after_seconds
from newsdesk.records import Rejected
from webserver import LocalServer, Route

PAGE = b"<html><body><p>hello</p></body></html>"
LAST_MODIFIED = "Mon, 23 Nov 2026 10:00:00 GMT"


def local(**changes) -> FetchSettings:
    """Settings for tests: the local server allowed, no waiting between requests or retries."""
    values = {"allow_private": True, "per_host_delay": 0.0, "backoff": 0.01, "max_retries": 2}
    values.update(changes)
    return FetchSettings(**values)


@pytest.fixture
def server():
    with LocalServer() as srv:
        yield srv


def test_fetches_a_page_with_a_clear_user_agent(server):
    server.routes["/a"] = Route(PAGE)
    with Fetcher(local(contact_url="https://example.org/bot")) as fetcher:
        got = fetcher.fetch(server.url("/a"))
    assert isinstance(got, Fetched)
    assert got.content == PAGE and got.status == 200
    agent = dict(server.requests)["/a"]["user-agent"]
    assert agent.startswith("newsdesk/") and "+https://example.org/bot" in agent
    doc = got.document(hints={"title": "T", "site": None})
    assert doc.media_type == "html" and doc.source.kind == "web" and doc.hints == {"title": "T"}


def test_loopback_is_refused_by_default_without_a_request(server):
    server.routes["/a"] = Route(PAGE)
    with Fetcher(FetchSettings(per_host_delay=0)) as fetcher:
        got = fetcher.fetch(server.url("/a"))
    assert isinstance(got, Rejected) and got.reason == "private-address"
    assert server.hits["/a"] == 0 and server.hits["/robots.txt"] == 0
    assert fetcher.stats["rejected private-address"] == 1


def test_a_name_that_rebinds_to_a_private_address_is_refused_after_connecting(server, monkeypatch):
    """DNS rebinding: the check resolved the name to a public address, the connection reached a
    private one. Simulated by a resolver that answers the check with a public address; the
    connection then goes where the name really points (127.0.0.1) and is refused there."""
    import socket

    import newsdesk.ingest.fetch as fetch

    real = socket.getaddrinfo
    checked: list[str] = []

    def public_for_the_check(host, port, *args, **kwargs):
        if checked == []:  # the first lookup is the check's; later ones (the connection's) are real
            checked.append(host)
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.215.14", port))]
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(fetch.socket, "getaddrinfo", public_for_the_check)
    server.routes["/a"] = Route(PAGE)
    with Fetcher(FetchSettings(per_host_delay=0, robots=False, max_retries=0)) as fetcher:
        got = fetcher.fetch(server.url("/a"))
    assert checked == ["127.0.0.1"]
    assert isinstance(got, Rejected) and got.reason == "private-address"
    assert "DNS rebinding" in got.detail and "127.0.0.1" in got.detail
    assert fetcher.stats["refused after connecting"] == 1


@pytest.mark.parametrize("url", ["http://10.1.2.3/x", "http://169.254.169.254/latest/meta-data/",
                                 "http://[::1]/", "http://192.168.0.1/", "http://[::ffff:127.0.0.1]/"])
def test_private_and_link_local_addresses_are_refused(url):
    refused = address_refusal(url, allow_private=False)
    assert refused is not None and refused.reason == "private-address"


def test_non_http_urls_are_refused():
    for url in ("file:///etc/passwd", "ftp://example.org/", "http:///nohost"):
        refused = address_refusal(url, allow_private=True)
        assert refused is not None and refused.reason == "bad-url"


def test_redirect_to_a_private_address_is_refused_on_that_hop(server):
    # 127.0.0.1 is let through by name; the redirect goes to other private addresses
    server.routes["/go-local"] = Route(status=302, headers={"Location": server.url("/secret", "localhost")})
    server.routes["/go-metadata"] = Route(status=301, headers={"Location": "http://169.254.169.254/latest/"})
    server.routes["/secret"] = Route(b"secret")
    settings = FetchSettings(allowed_hosts=("127.0.0.1",), per_host_delay=0, max_retries=0)
    with Fetcher(settings) as fetcher:
        first = fetcher.fetch(server.url("/go-local"))
        second = fetcher.fetch(server.url("/go-metadata"))
    assert isinstance(first, Rejected) and first.reason == "private-address" and "localhost" in first.detail
    assert isinstance(second, Rejected) and second.reason == "private-address"
    assert server.hits["/go-local"] == 1 and server.hits["/secret"] == 0


def test_redirects_are_followed_and_loops_stopped(server):
    server.routes["/old"] = Route(status=301, headers={"Location": "/new"})
    server.routes["/new"] = Route(PAGE)
    server.routes["/loop"] = Route(status=302, headers={"Location": "/loop"})
    with Fetcher(local(max_redirects=3)) as fetcher:
        moved = fetcher.fetch(server.url("/old"))
        loop = fetcher.fetch(server.url("/loop"))
    assert isinstance(moved, Fetched) and moved.url.endswith("/new") and moved.requested.endswith("/old")
    assert isinstance(loop, Rejected) and loop.reason == "too-many-redirects"
    assert server.hits["/loop"] == 4


def test_robots_rules_are_honoured_for_our_user_agent(server):
    server.routes["/robots.txt"] = Route(
        b"User-agent: newsdesk\nDisallow: /private/\n\nUser-agent: *\nDisallow: /\n", content_type="text/plain")
    server.routes["/private/page"] = Route(PAGE)
    server.routes["/public/page"] = Route(PAGE)
    with Fetcher(local()) as fetcher:
        refused = fetcher.fetch(server.url("/private/page"))
        allowed = fetcher.fetch(server.url("/public/page"))
        again = fetcher.fetch(server.url("/public/page"))
    assert isinstance(refused, Rejected) and refused.reason == "robots-disallowed"
    assert isinstance(allowed, Fetched) and isinstance(again, Fetched)
    assert server.hits["/private/page"] == 0
    assert server.hits["/robots.txt"] == 1  # cached per host
    assert fetcher.stats["rejected robots-disallowed"] == 1


def test_robots_disallow_all_and_unreachable_robots(server):
    server.routes["/robots.txt"] = Route(b"User-agent: *\nDisallow: /\n", content_type="text/plain")
    server.routes["/a"] = Route(PAGE)
    with Fetcher(local()) as fetcher:
        assert fetcher.fetch(server.url("/a")).reason == "robots-disallowed"
    server.routes["/robots.txt"] = Route(status=500)
    with Fetcher(local()) as fetcher:
        assert fetcher.fetch(server.url("/a")).reason == "robots-unreachable"
        assert fetcher.fetch(server.url("/a")).reason == "robots-unreachable"
    assert server.hits["/robots.txt"] == 2  # once per fetcher: an unreadable robots.txt is not asked for per URL
    with Fetcher(local(robots=False)) as fetcher:
        assert isinstance(fetcher.fetch(server.url("/a")), Fetched)
    assert server.hits["/a"] == 1


def test_conditional_get_with_etag_and_last_modified(server):
    server.routes["/feed"] = Route(b"<rss/>", etag='"v1"', last_modified=LAST_MODIFIED)
    with Fetcher(local()) as fetcher:
        first = fetcher.fetch(server.url("/feed"))
        by_etag = fetcher.fetch(server.url("/feed"), etag=first.etag)
        by_date = fetcher.fetch(server.url("/feed"), last_modified=first.last_modified)
        changed = fetcher.fetch(server.url("/feed"), etag='"v0"')
    assert first.etag == '"v1"' and first.last_modified == LAST_MODIFIED and not first.not_modified
    assert by_etag.not_modified and by_etag.status == 304 and by_etag.content == b""
    assert by_date.not_modified
    assert not changed.not_modified and changed.content == b"<rss/>"
    headers = [h for p, h in server.requests if p == "/feed"]
    assert headers[1]["if-none-match"] == '"v1"' and headers[2]["if-modified-since"] == LAST_MODIFIED


def test_slow_responses_time_out_are_retried_then_rejected(server):
    server.routes["/slow"] = Route(PAGE, delay=1.0)
    with Fetcher(local(read_timeout=0.2, max_retries=2, robots=False)) as fetcher:
        got = fetcher.fetch(server.url("/slow"))
    assert isinstance(got, Rejected) and got.reason == "timeout" and "3 attempts" in got.detail
    assert server.hits["/slow"] == 3
    assert fetcher.stats["retries"] == 2


def test_only_transient_statuses_are_retried(server):
    server.routes["/flaky"] = Route(PAGE, statuses=[503, 502])
    server.routes["/gone"] = Route(status=404)
    server.routes["/broken"] = Route(status=500)
    server.routes["/down"] = Route(status=503)
    with Fetcher(local(max_retries=2, robots=False)) as fetcher:
        flaky = fetcher.fetch(server.url("/flaky"))
        gone = fetcher.fetch(server.url("/gone"))
        broken = fetcher.fetch(server.url("/broken"))
        down = fetcher.fetch(server.url("/down"))
    assert isinstance(flaky, Fetched) and server.hits["/flaky"] == 3
    assert gone.reason == "http-404" and server.hits["/gone"] == 1
    assert broken.reason == "http-500" and server.hits["/broken"] == 1
    assert down.reason == "http-503" and server.hits["/down"] == 3


def test_retry_after_is_honoured_within_the_cap(server):
    server.routes["/busy"] = Route(PAGE, statuses=[429], headers={"Retry-After": "0"})
    server.routes["/later"] = Route(status=429, headers={"Retry-After": "3600"})
    with Fetcher(local(retry_after_max=60, robots=False)) as fetcher:
        busy = fetcher.fetch(server.url("/busy"))
        later = fetcher.fetch(server.url("/later"))
    assert isinstance(busy, Fetched) and server.hits["/busy"] == 2
    assert later.reason == "retry-after-too-long" and server.hits["/later"] == 1
    assert retry_after_seconds("120") == 120.0
    assert retry_after_seconds("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0
    assert retry_after_seconds("soon") is None


def test_oversized_bodies_are_rejected_not_raised(server):
    server.routes["/big"] = Route(b"x" * 200_000)
    server.routes["/stream"] = Route(stream_bytes=20 * 65536)
    server.routes["/small"] = Route(b"x" * 1000)
    with Fetcher(local(max_bytes=100_000, robots=False)) as fetcher:
        big = fetcher.fetch(server.url("/big"))
        stream = fetcher.fetch(server.url("/stream"))
        small = fetcher.fetch(server.url("/small"))
    assert isinstance(big, Rejected) and big.reason == "too-large"
    assert isinstance(stream, Rejected) and stream.reason == "too-large"
    assert isinstance(small, Fetched) and len(small.content) == 1000


def test_per_host_concurrency_limit(server):
    for i in range(6):
        server.routes[f"/p{i}"] = Route(PAGE, delay=0.3)
    urls = [server.url(f"/p{i}") for i in range(6)]
    with Fetcher(local(per_host_concurrency=2, workers=6, robots=False)) as fetcher:
        results = list(fetcher.fetch_many(urls))
    assert [u for u, _ in results] == urls
    assert all(isinstance(r, Fetched) for _, r in results)
    assert server.max_active == 2


def test_per_host_delay_spaces_request_starts(server):
    server.routes["/r"] = Route(PAGE)
    with Fetcher(local(per_host_delay=0.2, per_host_concurrency=4, workers=4, robots=False)) as fetcher:
        list(fetcher.fetch_many([server.url("/r")] * 4))
    starts = sorted(server.starts)
    assert len(starts) == 4
    assert all(b - a >= 0.15 for a, b in zip(starts, starts[1:]))


def test_robots_redirects_are_followed(server):
    server.routes["/robots.txt"] = Route(status=301, headers={"Location": "/real-robots.txt"})
    server.routes["/real-robots.txt"] = Route(b"User-agent: *\nDisallow: /no/\n", content_type="text/plain")
    server.routes["/no/x"] = Route(PAGE)
    server.routes["/yes"] = Route(PAGE)
    with Fetcher(local()) as fetcher:
        assert fetcher.fetch(server.url("/no/x")).reason == "robots-disallowed"
        assert isinstance(fetcher.fetch(server.url("/yes")), Fetched)
    assert server.hits["/real-robots.txt"] == 1 and server.hits["/no/x"] == 0
