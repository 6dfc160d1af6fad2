"""The run report: counts per stage, rejects by reason, timings.

Every run returns one as data; the CLI prints it as a table or as JSON.
"""

from __future__ import annotations

import time
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Iterator


@dataclass
class StageStats:
    name: str
    seen: int = 0
    passed: int = 0
    rejected: int = 0
    seconds: float = 0.0


@dataclass
class RunReport:
    """What a run did. Mutable while the run goes on, then read-only by convention."""

    stages: dict[str, StageStats] = field(default_factory=dict)
    rejects: Counter = field(default_factory=Counter)
    reject_examples: dict[str, list[str]] = field(default_factory=dict)
    counts: Counter = field(default_factory=Counter)
    started: float = field(default_factory=time.time)
    seconds: float = 0.0

    def stage(self, name: str) -> StageStats:
        if name not in self.stages:
            self.stages[name] = StageStats(name)
        return self.stages[name]

    @contextmanager
    def timed(self, name: str) -> Iterator[StageStats]:
        stats = self.stage(name)
        start = time.perf_counter()
        try:
            yield stats
        finally:
            stats.seconds += time.perf_counter() - start

    def reject(self, stage: str, reason: str, where: str) -> None:
        self.stage(stage).rejected += 1
        self.rejects[reason] += 1
        examples = self.reject_examples.setdefault(reason, [])
        if len(examples) < 5:
            examples.append(where)

    def to_dict(self) -> dict[str, Any]:
        return {
            "seconds": round(self.seconds, 3),
            "stages": [
                {
                    "stage": s.name,
                    "seen": s.seen,
                    "passed": s.passed,
                    "rejected": s.rejected,
                    "seconds": round(s.seconds, 3),
                }
                for s in self.stages.values()
            ],
            "rejects": dict(sorted(self.rejects.items())),
            "reject_examples": self.reject_examples,
            "counts": dict(sorted(self.counts.items())),
        }

    def to_table(self) -> str:
        """Plain-text table (the CLI may render it with rich instead)."""
        lines = [f"{'stage':<14}{'seen':>8}{'passed':>8}{'rejected':>10}{'seconds':>10}"]
        for s in self.stages.values():
            lines.append(f"{s.name:<14}{s.seen:>8}{s.passed:>8}{s.rejected:>10}{s.seconds:>10.2f}")
        if self.rejects:
            lines.append("")
            lines.append("rejects by reason:")
            for reason, n in sorted(self.rejects.items()):
                ex = ", ".join(self.reject_examples.get(reason, [])[:3])
                lines.append(f"  {reason:<22}{n:>6}  e.g. {ex}")
        if self.counts:
            lines.append("")
            for key, n in sorted(self.counts.items()):
                lines.append(f"  {key:<22}{n:>6}")
        lines.append(f"total {self.seconds:.2f} s")
        return "\n".join(lines)
