"""A real HTTP server on 127.0.0.1 for the fetcher, sources and watch tests.

Routes are set per test; the server counts hits per path, remembers request
headers and records how many requests were in flight at once.
"""

from __future__ import annotations

import http.server
import threading
import time
from collections import Counter
from dataclasses import dataclass, field


@dataclass
class Route:
    body: bytes = b""
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    content_type: str = "text/html; charset=utf-8"
    delay: float = 0.0
    etag: str | None = None
    last_modified: str | None = None
    statuses: list[int] = field(default_factory=list)  # answered first, one per hit
    stream_bytes: int = 0  # send this many bytes, chunked, without Content-Length


class LocalServer:
    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.hits: Counter[str] = Counter()
        self.requests: list[tuple[str, dict[str, str]]] = []
        self.starts: list[float] = []
        self.active = 0
        self.max_active = 0
        self.lock = threading.Lock()
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:  # noqa: N802
                server.handle(self)

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.httpd.handle_error = lambda request, address: None  # clients hanging up are no test failure
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> LocalServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port}{path}"

    def handle(self, request: http.server.BaseHTTPRequestHandler) -> None:
        path = request.path.split("?")[0]
        with self.lock:
            self.hits[path] += 1
            self.requests.append((path, {k.lower(): v for k, v in request.headers.items()}))
            self.starts.append(time.monotonic())
            self.active += 1
            self.max_active = max(self.max_active, self.active)
        try:
            self._answer(request, path)
        except (BrokenPipeError, ConnectionResetError):
            pass
        finally:
            with self.lock:
                self.active -= 1

    def _answer(self, request: http.server.BaseHTTPRequestHandler, path: str) -> None:
        route = self.routes.get(path)
        if route is None:
            route = Route(b"not found", status=404, content_type="text/plain")
        if route.delay:
            time.sleep(route.delay)
        with self.lock:
            status = route.statuses.pop(0) if route.statuses else route.status
        matches = (route.etag and request.headers.get("If-None-Match") == route.etag) or (
            route.last_modified and request.headers.get("If-Modified-Since") == route.last_modified)
        if status == 200 and matches:
            status = 304
        request.send_response(status)
        for name, value in route.headers.items():
            request.send_header(name, value)
        if route.etag:
            request.send_header("ETag", route.etag)
        if route.last_modified:
            request.send_header("Last-Modified", route.last_modified)
        request.send_header("Content-Type", route.content_type)
        if route.stream_bytes and status == 200:
            request.send_header("Transfer-Encoding", "chunked")
            request.end_headers()
            chunk = b"x" * 65536
            for _ in range(route.stream_bytes // len(chunk)):
                request.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
            request.wfile.write(b"0\r\n\r\n")
            return
        body = b"" if status in (204, 304) else route.body
        request.send_header("Content-Length", str(len(body)))
        request.end_headers()
        request.wfile.write(body)
