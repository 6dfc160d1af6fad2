"""Shared by the web benchmarks: wait until a started `newsdesk serve` answers; a local feed site."""

from __future__ import annotations

import http.server
import subprocess
import threading
import time
from typing import Callable
from xml.sax.saxutils import escape

import httpx


def wait_until_serving(proc: subprocess.Popen, port: int, errors: Callable[[], str], timeout: float = 60) -> None:
    """Return once the server serves its stylesheet; raise with ``errors()`` if it exits or times out."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/static/style.css", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            time.sleep(0.2)
        if proc.poll() is not None:
            raise RuntimeError(f"server exited: {errors()[-2000:]}")
    proc.terminate()
    raise RuntimeError(f"server did not start within {timeout:.0f} s")


class FeedSite:
    """A small site on 127.0.0.1 for the watch load phase: RSS feeds whose items are added while it
    serves, and the article pages they link to (standard library only, one thread per request)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.pages: dict[str, tuple[bytes, str]] = {}
        self.items: dict[str, list[tuple[str, str]]] = {}
        self.hits = 0
        site = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:  # noqa: N802
                with site.lock:
                    site.hits += 1
                    body, kind = site.pages.get(self.path.split("?")[0], (b"not found", "text/plain"))
                status = 404 if kind == "text/plain" else 200
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.httpd.handle_error = lambda request, address: None  # a client hanging up is no bench error
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def feed(self, path: str) -> str:
        """An (empty) RSS feed at ``path``; returns its URL."""
        with self.lock:
            self.items.setdefault(path, [])
            self._render(path)
        return self.url(path)

    def publish(self, feed: str, path: str, title: str, html: bytes) -> str:
        """Serve ``html`` at ``path`` and add it as the newest item of ``feed``; returns the page URL."""
        with self.lock:
            self.pages[path] = (html, "text/html; charset=utf-8")
            self.items[feed].append((path, title))
            self._render(feed)
        return self.url(path)

    def _render(self, feed: str) -> None:
        items = "".join(f"<item><title>{escape(t)}</title><link>{escape(self.url(p))}</link></item>"
                        for p, t in reversed(self.items[feed]))
        body = f'<?xml version="1.0"?><rss version="2.0"><channel><title>Load wire</title>{items}</channel></rss>'
        self.pages[feed] = (body.encode("utf-8"), "application/rss+xml")

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
