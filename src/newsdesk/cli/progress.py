"""Progress bars for the CLI (rich); silent under --quiet, in CI and when not on a terminal."""

from __future__ import annotations

import os
import sys

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn


def progress_enabled(quiet: bool) -> bool:
    return not quiet and not os.environ.get("CI") and sys.stderr.isatty()


class RichProgress:
    """Implements :class:`newsdesk.pipeline.runner.Progress` with rich bars on stderr."""

    def __init__(self) -> None:
        self._progress = Progress(
            SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
            TimeElapsedColumn(), console=Console(stderr=True), transient=True,
        )
        self._tasks: dict[str, int] = {}

    def start(self, phase: str, total: int | None) -> None:
        if not self._tasks:
            self._progress.start()
        self._tasks[phase] = self._progress.add_task(phase, total=total)

    def advance(self, phase: str, n: int = 1) -> None:
        if phase in self._tasks:
            self._progress.advance(self._tasks[phase], n)

    def finish(self, phase: str) -> None:
        task = self._tasks.pop(phase, None)
        if task is not None:
            self._progress.remove_task(task)
        if not self._tasks:
            self._progress.stop()
