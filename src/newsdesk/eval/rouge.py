"""ROUGE-Lsum (summary-level union-LCS), language-neutral.

Re-implements ``rougeLsum`` of Google's ``rouge_score`` package (Lin 2004, section 3.2):
texts are split into sentences on newlines (empty lines dropped), and for every reference
sentence the union of its longest common subsequences with *each* candidate sentence is
counted, clipped by the token counts of both texts.

The one deliberate difference is tokenisation: ``rouge_score`` keeps only ``[a-z0-9]``,
which erases every non-ASCII letter (German umlauts, Italian accents, all non-Latin
scripts). Here a token is a maximal run of Unicode letters or digits, lowercased, with
no stemming, so the score means the same in every language. Chinese characters and
Japanese kana, written without spaces, are one token each (character-level ROUGE, the
usual practice for these scripts); otherwise a whole sentence would be a single token.
On ASCII text the scores equal ``rouge_score``'s ``rougeLsum`` without stemming.

The LCS tables are filled with numpy one reference token at a time, against all candidate
sentences at once, so a long article costs milliseconds rather than seconds.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

import numpy as np

_TOKEN = re.compile(r"[^\W_]+")
# Han ideographs (with extensions and compatibility forms), hiragana, katakana.
_CJK = re.compile(
    "[\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f"
    "\U00020000-\U0002fa1f]"
)


@dataclass(frozen=True)
class RougeScore:
    precision: float
    recall: float
    fmeasure: float


def tokenize(text: str) -> list[str]:
    """Lowercased runs of Unicode letters/digits; punctuation, ``_`` and spaces separate.

    Each Han/kana character is a token of its own.
    """
    text = text.lower()
    if _CJK.search(text):
        text = _CJK.sub(r" \g<0> ", text)
    return _TOKEN.findall(text)


def split_sentences(text: str) -> list[list[str]]:
    """One token list per non-empty line (rouge_score's ``rougeLsum`` convention)."""
    sentences = []
    for line in text.split("\n"):
        if line:
            tokens = tokenize(line)
            sentences.append(tokens)
    return sentences


def _f(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall > 0 else 0.0


def _lcs_tables(
    ref: np.ndarray, cand: np.ndarray, starts: np.ndarray, seg_id: np.ndarray
) -> np.ndarray:
    """LCS DP tables of ``ref`` against every candidate sentence, side by side.

    ``cand`` holds all candidate sentences, each preceded by a sentinel column (value -1,
    position listed in ``starts``) that plays the role of the table's column 0. Row ``i``
    of the result is row ``i`` of every per-sentence table. Within a row,
    ``t[i][j] = max(t[i-1][j], t[i-1][j-1] + match, t[i][j-1])``; the last term is a
    running maximum, computed per sentence by lifting each sentence's values above the
    previous sentence's (offset ``seg_id * (len(ref) + 1)``) before ``maximum.accumulate``.
    """
    m, width = len(ref), len(cand)
    dtype = np.int32
    table = np.zeros((m + 1, width), dtype=dtype)
    offset = seg_id.astype(dtype) * (m + 1)
    prev = table[0]
    for i in range(1, m + 1):
        diag = np.empty(width, dtype=dtype)
        diag[0] = 0
        diag[1:] = prev[:-1]
        row = np.maximum(prev, diag + (cand == ref[i - 1]))
        row[starts] = 0
        row += offset
        np.maximum.accumulate(row, out=row)
        row -= offset
        table[i] = row
        prev = row
    return table


def _backtrack(table: np.ndarray, ref: list[int], cand: list[int], col0: int) -> list[int]:
    """Indices into ``ref`` of the LCS, walked back like rouge_score's ``_backtrack_norec``."""
    i, j = len(ref), len(cand)
    found: list[int] = []
    while i > 0 and j > 0:
        if ref[i - 1] == cand[j - 1]:
            found.append(i - 1)
            i -= 1
            j -= 1
        elif table[i, col0 + j - 1] > table[i - 1, col0 + j]:
            j -= 1
        else:
            i -= 1
    return found


def rouge_lsum(target: str, prediction: str) -> RougeScore:
    """ROUGE-Lsum of ``prediction`` against the reference ``target``; lines are sentences."""
    ref_sents = split_sentences(target)
    cand_sents = split_sentences(prediction)
    m = sum(len(s) for s in ref_sents)
    n = sum(len(s) for s in cand_sents)
    if not m or not n:
        return RougeScore(0.0, 0.0, 0.0)

    vocab: dict[str, int] = {}
    ref_ids = [[vocab.setdefault(t, len(vocab)) for t in s] for s in ref_sents]
    cand_ids = [[vocab.setdefault(t, len(vocab)) for t in s] for s in cand_sents]
    cand_ids = [s for s in cand_ids if s]

    # Side-by-side layout of all candidate sentences, each behind a sentinel column.
    flat: list[int] = []
    starts: list[int] = []
    seg: list[int] = []
    for k, sent in enumerate(cand_ids):
        starts.append(len(flat))
        flat.append(-1)
        flat.extend(sent)
        seg.extend([k] * (len(sent) + 1))
    cand_arr = np.asarray(flat, dtype=np.int64)
    starts_arr = np.asarray(starts, dtype=np.int64)
    seg_arr = np.asarray(seg, dtype=np.int64)

    ref_counts: Counter[int] = Counter()
    cand_counts: Counter[int] = Counter()
    for s in ref_ids:
        ref_counts.update(s)
    for s in cand_ids:
        cand_counts.update(s)

    hits = 0
    for ref in ref_ids:
        if not ref:
            continue
        table = _lcs_tables(np.asarray(ref, dtype=np.int64), cand_arr, starts_arr, seg_arr)
        union: set[int] = set()
        last = table[len(ref)]
        for k, sent in enumerate(cand_ids):
            col0 = starts[k]
            if last[col0 + len(sent)] == 0:
                continue
            union.update(_backtrack(table, ref, sent, col0))
        for index in sorted(union):
            token = ref[index]
            if cand_counts[token] > 0 and ref_counts[token] > 0:
                hits += 1
                cand_counts[token] -= 1
                ref_counts[token] -= 1
    precision, recall = hits / n, hits / m
    return RougeScore(precision, recall, _f(precision, recall))


def rouge_n(target: str, prediction: str, n: int = 1) -> RougeScore:
    """ROUGE-N: clipped n-gram overlap of ``prediction`` with ``target`` (same tokens as ROUGE-Lsum)."""
    def grams(text: str) -> Counter:
        tokens = tokenize(text)
        return Counter(tuple(tokens[i:i + n]) for i in range(len(tokens) - n + 1))

    ref, cand = grams(target), grams(prediction)
    if not ref or not cand:
        return RougeScore(0.0, 0.0, 0.0)
    hits = sum((ref & cand).values())
    precision, recall = hits / sum(cand.values()), hits / sum(ref.values())
    return RougeScore(precision, recall, _f(precision, recall))
