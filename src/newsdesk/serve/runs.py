"""``/api/runs``: a watch pass triggered through the API, run in the background of the server.

``POST /api/runs`` (needs the token, like the source writes: ``write.require_token``) polls every
watched source once, or only the one whose ``source_id`` the JSON body gives, with the server's
settings, in a thread of the server process. One pass at a time: a request while one runs is 409
and names it. The client chooses nothing but the id of a source already watched: no URL, no path.

A pass is one row of the ``runs`` table (its inputs: the URLs of the sources it polls; each source
that brings new items adds the row of its own pipeline run, as in ``newsdesk watch``).
``GET /api/runs`` and ``GET /api/runs/{id}`` read that table (every run: ``newsdesk run``,
``watch``, ``batch`` and these passes) with a status worked out when read (``store.db.run_status``):
``running`` while unfinished and its process lives, ``interrupted`` when unfinished and its process
is gone (killed) or when the server stopped during the pass, ``failed`` when it raised, else
``finished``.
"""

from __future__ import annotations

import logging
import threading
import time
from datetime import datetime
from typing import Any, Literal

from fastapi import APIRouter, Body, Depends, Path, Query, Request
from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException

from newsdesk.config import Settings
from newsdesk.errors import NewsdeskError
from newsdesk.pipeline.watch import Watcher
from newsdesk.serve.params import MAX_ID, MAX_OFFSET
from newsdesk.serve.write import require_token
from newsdesk.store import Store

logger = logging.getLogger(__name__)
logger.addHandler(logging.NullHandler())

router = APIRouter()
MAX_RUNS_LISTED = 100
SHUTDOWN_WAIT = 30.0  # seconds the server waits, when stopping, for a pass to end after its current item


class RunIn(BaseModel):
    """What to poll: every watched source (no body, or ``{}``), or one of them."""

    source_id: int | None = Field(None, ge=1, le=MAX_ID, description="Poll only this watched source.")

    model_config = {"extra": "forbid"}


class RunOut(BaseModel):
    id: int
    status: Literal["running", "finished", "failed", "interrupted"]
    started_at: datetime
    finished_at: datetime | None = None
    inputs: list[str] = Field(default_factory=list, description="What the run read (for a pass: source URLs).")
    seconds: float | None = None
    counts: dict[str, int] = Field(default_factory=dict, description="The run report's counts (when finished).")
    rejects: dict[str, int] = Field(default_factory=dict, description="Rejected documents by reason.")
    error: str | None = Field(None, description="Why it failed or was interrupted.")


class RunList(BaseModel):
    runs: list[RunOut]


class PassRunner:
    """Runs one watch pass at a time in a background thread; ``shutdown`` ends it between two items."""

    def __init__(self, store: Store, settings: Settings) -> None:
        self.store, self.settings = store, settings
        self.stop = threading.Event()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._watcher: Watcher | None = None  # built on the first pass and kept (its pipeline's models)
        self.current: int | None = None

    def running(self) -> int | None:
        """The id of the pass in progress, if any."""
        thread = self._thread
        return self.current if thread is not None and thread.is_alive() else None

    def start(self, source_id: int | None) -> tuple[int, bool]:
        """Start a pass: ``(its run id, True)``, or ``(the running pass's id, False)`` when one runs."""
        with self._lock:
            busy = self.running()
            if busy is not None:
                return busy, False
            if self.stop.is_set():
                raise HTTPException(503, "the server is shutting down; start the run after it restarts")
            sources = [self.store.source(source_id)] if source_id is not None else self.store.sources()
            run_id = self.store.start_run([s["url"] for s in sources])
            self.current = run_id
            self._thread = threading.Thread(target=self._work, args=(run_id, source_id),
                                            name=f"newsdesk-run-{run_id}", daemon=True)
            self._thread.start()
            return run_id, True

    def _work(self, run_id: int, source_id: int | None) -> None:
        started = time.perf_counter()
        try:
            if self._watcher is None:
                self._watcher = Watcher(self.store, self.settings, self.stop)
            report = self._watcher.run_pass(due_only=False, source_id=source_id)
            report.seconds = time.perf_counter() - started
            data = report.to_dict()
            if self.stop.is_set():
                data["interrupted"] = "the server stopped during the pass; what it had taken in is stored"
            self.store.finish_run(run_id, data)
        except Exception as exc:  # the thread's boundary: recorded as the run's failure, logged in full
            logger.exception("run %s failed", run_id)
            try:
                self.store.fail_run(run_id, f"{type(exc).__name__}: {exc}")
            except NewsdeskError:
                logger.exception("run %s: could not record the failure", run_id)

    def shutdown(self, timeout: float = SHUTDOWN_WAIT) -> None:
        """Stop the pass in progress after its current item and wait for it (at most ``timeout``)."""
        self.stop.set()
        thread = self._thread
        if thread is not None:
            thread.join(timeout)
        if self._watcher is not None and not (thread and thread.is_alive()):
            self._watcher.close()


def _runner(request: Request) -> PassRunner:
    return request.app.state.runs


_WRITE = {401: {"description": "Missing or wrong token"}, 403: {"description": "No api_token configured"},
          409: {"description": "A pass is running (its id is in the message and the Location header)"},
          413: {"description": "Request body over 64 KiB"}}


@router.post("/api/runs", tags=["runs"], summary="Poll the watched sources once, in the background (needs the token)",
             status_code=202, response_model=RunOut, responses=_WRITE, dependencies=[Depends(require_token)])
def start_run(request: Request, body: RunIn | None = Body(None)) -> Any:
    runner = _runner(request)
    run_id, started = runner.start(body.source_id if body is not None else None)
    location = {"Location": f"/api/runs/{run_id}"}
    if not started:
        raise HTTPException(409, f"run {run_id} is still running; one pass at a time (follow it at "
                                 f"/api/runs/{run_id})", headers=location)
    return JSONResponse(jsonable_encoder(runner.store.run_record(run_id)), status_code=202, headers=location)


@router.get("/api/runs", tags=["runs"], summary="Runs, newest first, with status and report counts",
            response_model=RunList)
def list_runs(request: Request, limit: int = Query(20, ge=1, le=MAX_RUNS_LISTED),
              offset: int = Query(0, ge=0, le=MAX_OFFSET)) -> Any:
    return JSONResponse(jsonable_encoder({"runs": _runner(request).store.recent_runs(limit, offset)}))


@router.get("/api/runs/{run_id}", tags=["runs"], summary="One run: status, times, report counts",
            response_model=RunOut)
def get_run(request: Request, run_id: int = Path(..., ge=1, le=MAX_ID)) -> Any:
    return JSONResponse(jsonable_encoder(_runner(request).store.run_record(run_id)))
