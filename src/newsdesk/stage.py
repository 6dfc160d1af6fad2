"""The stage protocol, the stage registry and the chain check.

A stage is a small object with ``__call__(record)`` and ``pipe(records,
batch_size=...)``. It declares the record fields it ``requires`` and the ones it
``assigns``; :func:`check_chain` verifies before a run that every requirement is
assigned by an earlier stage (as spaCy's ``pipe_analysis`` does).

Built-in stages register under versioned names exactly as plugins do, through the
``newsdesk.stages`` entry point group (see ``pyproject.toml``).
"""

from __future__ import annotations

import logging
from importlib.metadata import entry_points
from typing import Any, ClassVar, Iterable, Iterator

from newsdesk.errors import PipelineError
from newsdesk.records import Rejected

logger = logging.getLogger(__name__)
logger.addHandler(logging.NullHandler())

# Fields an Article has as soon as it is extracted.
EXTRACTED_FIELDS = frozenset(
    {"url", "title", "text", "source", "lead", "published", "authors", "site", "canonical_url",
     "raw_hash", "paragraphs"}
)


class Stage:
    """Base class of record-to-record stages.

    Subclasses implement :meth:`process`; it returns the new record or a
    :class:`Rejected`. Rejected records pass through untouched.
    """

    name: ClassVar[str] = "stage"
    requires: ClassVar[frozenset[str]] = frozenset()
    assigns: ClassVar[frozenset[str]] = frozenset()

    def process(self, record: Any) -> Any:  # pragma: no cover - abstract
        raise NotImplementedError

    def __call__(self, record: Any) -> Any:
        if isinstance(record, Rejected):
            return record
        return self.process(record)

    def pipe(self, records: Iterable[Any], batch_size: int = 64) -> Iterator[Any]:
        for record in records:
            yield self(record)


def check_chain(stages: Iterable[Stage], provided: Iterable[str] = EXTRACTED_FIELDS) -> None:
    """Raise :class:`PipelineError` if a stage requires a field nobody assigned before it."""
    available = set(provided)
    for stage in stages:
        missing = set(stage.requires) - available
        if missing:
            raise PipelineError(
                f"stage {stage.name!r} requires {sorted(missing)}, which no earlier stage assigns",
                "reorder the stages or add the stage that assigns them",
            )
        available |= set(stage.assigns)


def registered_stages() -> dict[str, Any]:
    """Every stage factory registered under ``newsdesk.stages``, by versioned name."""
    return {ep.name: ep for ep in entry_points(group="newsdesk.stages")}


def load_stage(name: str) -> type:
    eps = registered_stages()
    if name not in eps:
        raise PipelineError(f"no stage registered as {name!r}", f"known: {', '.join(sorted(eps))}")
    return eps[name].load()

