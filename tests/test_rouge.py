"""ROUGE-Lsum on hand-made examples whose values are worked out in the comments."""

from __future__ import annotations

import pytest

from newsdesk.eval.rouge import rouge_lsum, split_sentences, tokenize


def approx(value: float) -> object:
    return pytest.approx(value, abs=1e-12)


def test_tokenize_unicode_lowercase_no_stemming() -> None:
    expected = ["über", "änderungen", "naïve", "test", "2024"]
    assert tokenize("Über-Änderungen, naïve_Test 2024!") == expected
    assert tokenize("Perché l'Italia? Città.") == ["perché", "l", "italia", "città"]
    assert tokenize("running runs") == ["running", "runs"]  # no stemming
    assert tokenize("  ... --- ") == []


def test_tokenize_cjk_per_character() -> None:
    assert tokenize("東京の人口") == ["東", "京", "の", "人", "口"]
    assert tokenize("abc漢字 한국어") == ["abc", "漢", "字", "한국어"]  # Hangul keeps its spaces


def test_sentences_are_non_empty_lines() -> None:
    assert split_sentences("a b\n\nc\n") == [["a", "b"], ["c"]]


def test_identical_texts_score_one() -> None:
    text = "Die Bundesregierung hat am Mittwoch beschlossen.\nDer Bundestag stimmt im Mai ab."
    score = rouge_lsum(text, text)
    assert score.precision == approx(1.0)
    assert score.recall == approx(1.0)
    assert score.fmeasure == approx(1.0)


def test_disjoint_texts_score_zero() -> None:
    score = rouge_lsum("il governo ha deciso\noggi", "the cat sat on the mat")
    assert (score.precision, score.recall, score.fmeasure) == (0.0, 0.0, 0.0)


def test_empty_side_scores_zero() -> None:
    assert rouge_lsum("", "something").fmeasure == 0.0
    assert rouge_lsum("something", "").fmeasure == 0.0
    assert rouge_lsum("", "").fmeasure == 0.0


def test_hand_computed_two_reference_sentences() -> None:
    # reference sentences [the cat sat] [on the mat] (m = 6), candidate [the cat on the mat] (n = 5)
    # union-LCS: "the cat" for the first, "on the mat" for the second -> 5 hits
    # P = 5/5, R = 5/6, F = 2 * 1 * 5/6 / (1 + 5/6) = 10/11
    score = rouge_lsum("the cat sat\non the mat", "the cat on the mat")
    assert score.precision == approx(1.0)
    assert score.recall == approx(5 / 6)
    assert score.fmeasure == approx(10 / 11)


def test_union_over_candidate_sentences_is_not_a_sum() -> None:
    # reference [a b a] (m = 3); candidates [a] and [a] (n = 2). Both LCSs pick the same
    # reference position (the last "a"), so the union has one index: 1 hit.
    # P = 1/2, R = 1/3, F = 2 * 1/6 / (5/6) = 0.4
    score = rouge_lsum("a b a", "a\na")
    assert score.precision == approx(0.5)
    assert score.recall == approx(1 / 3)
    assert score.fmeasure == approx(0.4)


def test_candidate_split_differently_still_matches() -> None:
    # one reference line against the same words on two candidate lines: the union of the two
    # LCSs covers the whole reference sentence.
    assert rouge_lsum("a b c d", "a b\nc d").fmeasure == approx(1.0)
    assert rouge_lsum("the cat sat\non the mat", "the cat sat on the mat").fmeasure == approx(1.0)


def test_order_matters_within_a_sentence() -> None:
    # reference [a b c] vs candidate [c b a]: LCS length 1 -> P = R = F = 1/3
    score = rouge_lsum("a b c", "c b a")
    assert score.fmeasure == approx(1 / 3)


def test_umlauts_and_case_do_not_matter_but_letters_do() -> None:
    assert rouge_lsum("Über die Brücke", "über DIE brücke").fmeasure == approx(1.0)
    assert rouge_lsum("Über die Brücke", "Uber die Brucke").fmeasure == approx(1 / 3)


def test_partial_cjk_overlap() -> None:
    # 東京の人口 (5 characters) vs 東京の面積 (5): common subsequence 東京の -> 3/5
    assert rouge_lsum("東京の人口", "東京の面積").fmeasure == approx(3 / 5)
