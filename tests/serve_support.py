"""Helpers for the web tests: a real uvicorn server on a free 127.0.0.1 port, and a PNG reader
(standard library only) to tell a blank screenshot from a page."""

from __future__ import annotations

import socket
import struct
import threading
import time
import zlib
from contextlib import contextmanager
from typing import Any, Iterator

import httpx
import uvicorn


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def live_server(app: Any) -> Iterator[str]:
    """Serve ``app`` with uvicorn in a thread; yields its base URL and stops it afterwards."""
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    assert httpx.get(base + "/static/style.css").status_code == 200
    try:
        yield base
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def _paeth(a: int, b: int, c: int) -> int:
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    return a if pa <= pb and pa <= pc else (b if pb <= pc else c)


def png_pixels(data: bytes) -> tuple[int, int, int, list[bytearray]]:
    """(width, height, bytes per pixel, unfiltered rows) of an 8-bit RGB or RGBA PNG."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat, header = 8, b"", None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    width, height, depth, colour = header[:4]
    assert depth == 8 and colour in (2, 6), f"unsupported PNG (depth {depth}, colour type {colour})"
    bpp = 3 if colour == 2 else 4
    raw, stride, rows = zlib.decompress(idat), width * bpp, []
    prev = bytearray(stride)
    for y in range(height):
        kind, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            left = line[i - bpp] if i >= bpp else 0
            up, corner = prev[i], (prev[i - bpp] if i >= bpp else 0)
            pred = (0, left, up, (left + up) // 2, _paeth(left, up, corner))[kind]
            line[i] = (line[i] + pred) & 0xFF
        rows.append(line)
        prev = line
    return width, height, bpp, rows


def luminance_stats(data: bytes, step: int = 3) -> tuple[float, int]:
    """(variance of luminance, number of distinct grey levels) over every ``step``-th pixel."""
    width, height, bpp, rows = png_pixels(data)
    values = []
    for row in rows[::step]:
        for x in range(0, width * bpp, bpp * step):
            values.append((299 * row[x] + 587 * row[x + 1] + 114 * row[x + 2]) // 1000)
    mean = sum(values) / len(values)
    return sum((v - mean) ** 2 for v in values) / len(values), len(set(values))
