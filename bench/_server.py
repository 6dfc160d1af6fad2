"""Shared by the web benchmarks: wait until a started `newsdesk serve` answers."""

from __future__ import annotations

import subprocess
import time
from typing import Callable

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
