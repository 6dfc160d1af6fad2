"""newsdesk's exception tree.

::

    NewsdeskError
    ├── ConfigError            (terminal) settings are invalid or missing
    ├── InputError             (terminal) a path or argument given by the user is unusable
    ├── StoreError             (terminal) the database cannot be opened, migrated or written
    │   ├── NotFound           (terminal) a requested row (story, article) does not exist
    │   └── RecordRefused      (terminal) the database refused one record's values (rolled back)
    ├── PipelineError          (terminal) the stage chain is inconsistent
    ├── GenerativeError        (terminal) the briefing's chat endpoint failed or answered nonsense
    └── TransientError         (transient) worth retrying: timeouts, locked database

A document that cannot be used is not an exception: stages return a
:class:`newsdesk.records.Rejected` for it, which is counted in the run report.
Only the CLI (and later the API) turn exceptions into messages and exit codes.
"""

from __future__ import annotations


class NewsdeskError(Exception):
    """Base class. ``hint`` tells the user what to do next."""

    transient = False

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __reduce__(self):  # keep exceptions picklable with their hint
        return (self.__class__, (self.message, self.hint))

    def __str__(self) -> str:
        if self.hint:
            return f"{self.message} ({self.hint})"
        return self.message


class ConfigError(NewsdeskError):
    """Settings are invalid or missing."""


class InputError(NewsdeskError):
    """An input path or argument given by the user cannot be used."""


class StoreError(NewsdeskError):
    """The database cannot be opened, migrated or written."""


class NotFound(StoreError):
    """A requested row does not exist."""


class RecordRefused(StoreError):
    """The database refused the values of one record (a number out of its column's range):
    that transaction was rolled back; the store is intact. The runner rejects the document."""


class WriteConflict(StoreError):
    """Another process stored the same document or URL at the same moment (a unique key was taken
    between our check and our write); the transaction was rolled back and can be decided again."""


class PipelineError(NewsdeskError):
    """The stage chain is inconsistent (a stage requires what no earlier stage assigns)."""


class GenerativeError(NewsdeskError):
    """The OpenAI-compatible chat endpoint of the generative backend failed or answered nonsense.

    The briefing falls back to its template version with a note; the CLI never sees this."""


class TransientError(NewsdeskError):
    """A failure worth retrying."""

    transient = True
