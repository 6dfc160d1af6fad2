"""The polite fetcher: how newsdesk reads the web.

Every request goes through :class:`Fetcher`, which

- refuses URLs whose host resolves to a private, loopback, link-local or otherwise
  non-global address (checked after DNS resolution and again on every redirect hop,
  since redirects are followed by hand), unless ``fetch.allow_private`` is set;
- honours robots.txt (fetched once per host, cached ``fetch.robots_ttl`` seconds,
  matched on the product token of the user agent; its Crawl-delay raises the host's
  delay);
- keeps at most ``fetch.per_host_concurrency`` requests in flight per host and starts
  them at least ``fetch.per_host_delay`` seconds apart;
- sends conditional GETs (``If-None-Match``, ``If-Modified-Since``): a 304 comes back
  as ``Fetched(not_modified=True)``;
- applies connect and read timeouts and streams bodies up to ``fetch.max_bytes``
  (decoded size), stopping at the cap: ``Rejected("too-large")``;
- retries only transient failures (connect errors, timeouts, 429/502/503/504) with
  exponential backoff, honouring ``Retry-After`` up to ``fetch.retry_after_max``.

A URL that can't be read is a :class:`~newsdesk.records.Rejected` with a stable
reason (``robots-disallowed``, ``private-address``, ``http-404``, ``timeout``, ...),
never an exception. Reasons in :data:`TRANSIENT_REASONS` are worth trying again later.
"""

from __future__ import annotations

import ipaddress
import logging
import socket
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from typing import Any, Iterable, Iterator
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

import httpx

from newsdesk.config import FetchSettings
from newsdesk.records import RawDocument, Rejected, SourceInfo, SourceKind

logger = logging.getLogger(__name__)
logger.addHandler(logging.NullHandler())

STAGE = "fetch"
TRANSIENT_STATUSES = frozenset({429, 502, 503, 504})
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
ROBOTS_RETRY_SECONDS = 300.0  # a host whose robots.txt could not be read is refused this long
TRANSIENT_REASONS = frozenset({
    "timeout", "connect-error", "dns-error", "http-429", "http-502", "http-503", "http-504",
    "retry-after-too-long", "robots-unreachable", "interrupted",
})


@dataclass(frozen=True, slots=True)
class Fetched:
    """A successful answer (2xx, or 304 when ``not_modified``)."""

    url: str  # after redirects
    requested: str
    status: int
    content: bytes
    content_type: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    not_modified: bool = False

    def document(self, kind: SourceKind = "web", container: str | None = None, offset: int | None = None,
                 hints: dict[str, Any] | None = None) -> RawDocument:
        """The page as a :class:`RawDocument` for the extractor."""
        return RawDocument(
            url=self.url, content=self.content, media_type="html",
            source=SourceInfo(kind, self.url, container=container, offset=offset),
            hints={k: v for k, v in (hints or {}).items() if v},
        )


@dataclass(frozen=True, slots=True)
class _Answer:
    status: int
    headers: httpx.Headers
    content: bytes


class _Retry(Exception):
    def __init__(self, reason: str, detail: str, retry_after: float | None = None) -> None:
        super().__init__(reason)
        self.reason, self.detail, self.retry_after = reason, detail, retry_after


@dataclass
class _Host:
    """Per-host limits: a semaphore for concurrency, a clock for the rate."""

    concurrency: int
    delay: float
    slots: threading.BoundedSemaphore = field(init=False)
    lock: threading.Lock = field(default_factory=threading.Lock)
    next_start: float = 0.0
    robots: RobotFileParser | None = None
    robots_at: float = 0.0
    robots_failed_at: float | None = None

    def __post_init__(self) -> None:
        self.slots = threading.BoundedSemaphore(self.concurrency)

    def acquire(self) -> None:
        self.slots.acquire()
        with self.lock:
            now = time.monotonic()
            start = max(now, self.next_start)
            self.next_start = start + self.delay
        if start > now:
            time.sleep(start - now)

    def release(self) -> None:
        self.slots.release()


def retry_after_seconds(value: str | None) -> float | None:
    """``Retry-After`` as seconds from now (delta-seconds or an HTTP date), or ``None``."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def address_refusal(url: str, allow_private: bool, allowed_hosts: Iterable[str] = ()) -> Rejected | None:
    """Why ``url`` may not be fetched (bad scheme, unresolvable, non-global address), or ``None``.

    ``allowed_hosts`` are host names (as written in URLs) let through whatever they resolve to.
    """
    source = SourceInfo("web", url)
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return Rejected("bad-url", f"{url!r} is not an http(s) URL with a host", source, STAGE, url=url)
    if allow_private or parts.hostname.lower() in {h.lower() for h in allowed_hosts}:
        return None
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
        infos = socket.getaddrinfo(parts.hostname, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError, ValueError) as exc:
        return Rejected("dns-error", f"cannot resolve {parts.hostname}: {exc}", source, STAGE, url=url)
    for info in infos:
        ip = _ip(info[4][0])
        if not _public(ip):
            return Rejected("private-address", f"{parts.hostname} resolves to {ip}, a private, loopback or "
                            "link-local address (set fetch.allow_private to allow)", source, STAGE, url=url)
    return None


def _ip(address: Any) -> ipaddress.IPv4Address | ipaddress.IPv6Address:
    return ipaddress.ip_address(str(address).split("%")[0])


def _public(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    mapped = getattr(ip, "ipv4_mapped", None)
    return (mapped or ip).is_global


def peer_refusal(url: str, response: httpx.Response, allow_private: bool,
                 allowed_hosts: Iterable[str] = ()) -> Rejected | None:
    """The address a response actually came from, checked like :func:`address_refusal` checked the
    name: a name that resolved to a public address for the check and to a private one for the
    connection (DNS rebinding) is refused before anything of the answer is read. ``None`` when
    allowed, or when the transport does not tell its peer."""
    host = (urlsplit(url).hostname or "").lower()
    if allow_private or host in {h.lower() for h in allowed_hosts}:
        return None
    stream = response.extensions.get("network_stream")
    peer = stream.get_extra_info("server_addr") if stream is not None else None
    if not peer:
        return None
    try:
        ip = _ip(peer[0])
    except ValueError:  # a Unix socket path, not an address
        return None
    if _public(ip):
        return None
    return Rejected("private-address", f"{host} was reached at {ip}, a private, loopback or link-local address, "
                    "though it resolved to a public one when checked (DNS rebinding?); set fetch.allow_private "
                    "to allow", SourceInfo("web", url), STAGE, url=url)


class Fetcher:
    """Fetches URLs politely. Thread-safe; use as a context manager or call :meth:`close`."""

    def __init__(self, settings: FetchSettings | None = None, stop: threading.Event | None = None,
                 transport: httpx.BaseTransport | None = None) -> None:
        self.settings = settings or FetchSettings()
        self.stop = stop or threading.Event()
        self.agent = f"{self.settings.user_agent} (+{self.settings.contact_url})"
        self.token = self.settings.user_agent.split("/")[0].strip() or "*"
        self.stats: Counter[str] = Counter()
        self._lock = threading.Lock()
        self._hosts: dict[str, _Host] = {}
        self.client = httpx.Client(
            timeout=httpx.Timeout(self.settings.read_timeout, connect=self.settings.connect_timeout),
            follow_redirects=False, headers={"User-Agent": self.agent}, trust_env=False,
            limits=httpx.Limits(max_connections=self.settings.workers), transport=transport,
        )

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def _count(self, key: str, n: int = 1) -> None:
        with self._lock:
            self.stats[key] += n

    def _host(self, url: str) -> _Host:
        parts = urlsplit(url)
        key = f"{parts.scheme}://{parts.netloc}".lower()
        with self._lock:
            if key not in self._hosts:
                self._hosts[key] = _Host(self.settings.per_host_concurrency, self.settings.per_host_delay)
            return self._hosts[key]

    # one URL -------------------------------------------------------------------------------
    def fetch(self, url: str, etag: str | None = None, last_modified: str | None = None) -> Fetched | Rejected:
        """GET ``url`` (following redirects, each hop re-checked); 304 -> ``not_modified``."""
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        current = url
        for _hop in range(self.settings.max_redirects + 1):
            refused = self._refusal(current)
            if refused is not None:
                return self._rejected(refused)
            answer = self._with_retries(current, headers)
            if isinstance(answer, Rejected):
                return self._rejected(answer)
            location = answer.headers.get("location")
            if answer.status in REDIRECT_STATUSES and location:
                self._count("redirects")
                current = urljoin(current, location)
                continue
            return self._result(url, current, answer)
        return self._rejected(Rejected("too-many-redirects", f"more than {self.settings.max_redirects} redirects",
                                       SourceInfo("web", url), STAGE, url=url))

    def _rejected(self, rejected: Rejected) -> Rejected:
        self._count(f"rejected {rejected.reason}")
        logger.info("not fetched %s: %s", rejected.url, rejected.detail)
        return rejected

    def _result(self, requested: str, final: str, answer: _Answer) -> Fetched | Rejected:
        source = SourceInfo("web", final)
        if answer.status == 304:
            self._count("not modified")
            return Fetched(final, requested, 304, b"", not_modified=True,
                           etag=answer.headers.get("etag"), last_modified=answer.headers.get("last-modified"))
        if not 200 <= answer.status < 300:
            return Rejected(f"http-{answer.status}", f"{final} answered HTTP {answer.status}", source, STAGE, url=final)
        self._count("fetched")
        return Fetched(final, requested, answer.status, answer.content, answer.headers.get("content-type"),
                       answer.headers.get("etag"), answer.headers.get("last-modified"))

    def _refusal(self, url: str) -> Rejected | None:
        refused = address_refusal(url, self.settings.allow_private, self.settings.allowed_hosts)
        if refused is not None or not self.settings.robots:
            return refused
        robots = self._robots(url)
        if robots is None:
            return Rejected("robots-unreachable", f"robots.txt of {urlsplit(url).netloc} could not be read",
                            SourceInfo("web", url), STAGE, url=url)
        if not robots.can_fetch(self.token, url):
            return Rejected("robots-disallowed", f"robots.txt of {urlsplit(url).netloc} disallows {url} for "
                            f"{self.token}", SourceInfo("web", url), STAGE, url=url)
        return None

    def _robots(self, url: str) -> RobotFileParser | None:
        """The host's robots.txt rules (cached); ``None`` when the host could not say (5xx, network)."""
        host = self._host(url)
        if host.robots is not None and time.monotonic() - host.robots_at < self.settings.robots_ttl:
            return host.robots
        failed = host.robots_failed_at
        if failed is not None and time.monotonic() - failed < min(self.settings.robots_ttl, ROBOTS_RETRY_SECONDS):
            return None  # asked a moment ago and got no answer: don't ask again for every URL
        parts = urlsplit(url)
        robots_url = f"{parts.scheme}://{parts.netloc}/robots.txt"
        answer = self._robots_answer(robots_url)
        parser = RobotFileParser(robots_url)
        if answer is None or isinstance(answer, Rejected) or answer.status >= 500:
            host.robots_failed_at = time.monotonic()
            return None
        if 200 <= answer.status < 300:
            parser.parse(answer.content.decode("utf-8", "replace").splitlines())
        else:  # 4xx (or redirects without end): no rules, RFC 9309 treats it as allow-all
            parser.parse([])
        self._count("robots.txt read")
        delay = parser.crawl_delay(self.token)
        if delay:
            host.delay = max(host.delay, min(float(delay), 60.0))
        host.robots, host.robots_at = parser, time.monotonic()
        return parser

    def _robots_answer(self, robots_url: str) -> _Answer | Rejected | None:
        """GET robots.txt, following up to five redirects (each checked); ``None`` if one is refused."""
        current = robots_url
        for _hop in range(5):
            answer = self._with_retries(current, {})
            location = answer.headers.get("location") if isinstance(answer, _Answer) else None
            if not location or answer.status not in REDIRECT_STATUSES:
                return answer
            current = urljoin(current, location)
            if address_refusal(current, self.settings.allow_private, self.settings.allowed_hosts) is not None:
                return None
        return answer

    def _with_retries(self, url: str, headers: dict[str, str]) -> _Answer | Rejected:
        settings = self.settings
        for attempt in range(settings.max_retries + 1):
            try:
                return self._once(url, headers)
            except _Retry as retry:
                last = retry
            delay = settings.backoff * 2 ** attempt
            if last.retry_after is not None:
                if last.retry_after > settings.retry_after_max:
                    return Rejected("retry-after-too-long", f"{url} asks to retry after {last.retry_after:.0f}s",
                                    SourceInfo("web", url), STAGE, url=url)
                delay = max(delay, last.retry_after)
            if attempt == settings.max_retries:
                break
            self._count("retries")
            if self.stop.wait(delay):
                return Rejected("interrupted", f"stopped while waiting to retry {url}", SourceInfo("web", url),
                                STAGE, url=url)
        return Rejected(last.reason, f"{last.detail} (after {settings.max_retries + 1} attempts)",
                        SourceInfo("web", url), STAGE, url=url)

    def _once(self, url: str, headers: dict[str, str]) -> _Answer | Rejected:
        host = self._host(url)
        host.acquire()
        try:
            self._count("requests")
            with self.client.stream("GET", url, headers=headers) as response:
                refused = peer_refusal(url, response, self.settings.allow_private, self.settings.allowed_hosts)
                if refused is not None:
                    self._count("refused after connecting")
                    return refused
                status = response.status_code
                if status in TRANSIENT_STATUSES:
                    raise _Retry(f"http-{status}", f"{url} answered HTTP {status}",
                                 retry_after_seconds(response.headers.get("retry-after")))
                if not 200 <= status < 300:
                    return _Answer(status, response.headers, b"")
                return self._read_body(url, response)
        except httpx.TimeoutException as exc:
            raise _Retry("timeout", f"{url} timed out ({type(exc).__name__})") from None
        except (httpx.ConnectError, httpx.ReadError, httpx.RemoteProtocolError) as exc:
            raise _Retry("connect-error", f"{url}: {type(exc).__name__}: {exc}") from None
        except httpx.HTTPError as exc:
            return Rejected("http-error", f"{url}: {type(exc).__name__}: {exc}", SourceInfo("web", url), STAGE,
                            url=url)
        finally:
            host.release()

    def _read_body(self, url: str, response: httpx.Response) -> _Answer | Rejected:
        cap = self.settings.max_bytes
        too_large = Rejected("too-large", f"{url} is larger than fetch.max_bytes={cap}", SourceInfo("web", url),
                             STAGE, url=url)
        length = response.headers.get("content-length", "")
        if length.isdigit() and int(length) > cap:
            return too_large
        body = bytearray()
        for chunk in response.iter_bytes():
            body += chunk
            if len(body) > cap:
                return too_large
        return _Answer(response.status_code, response.headers, bytes(body))

    # many URLs -----------------------------------------------------------------------------
    def fetch_many(self, urls: Iterable[str]) -> Iterator[tuple[str, Fetched | Rejected]]:
        """Fetch ``urls`` concurrently (within the per-host limits); results come in input order."""
        urls = list(urls)
        if not urls:
            return
        pool = ThreadPoolExecutor(max_workers=min(self.settings.workers, len(urls)), thread_name_prefix="fetch")
        try:
            futures = [(url, pool.submit(self.fetch, url)) for url in urls]
            for url, future in futures:
                yield url, future.result()
        finally:
            pool.shutdown(wait=True, cancel_futures=True)
