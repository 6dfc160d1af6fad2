"""Anchors: names and numbers that read the same across languages.

A company, a place or "4,5 Milliarden" (= "$4.5 billion") is language-independent
evidence that two texts talk about the same thing. Used by clustering and briefing.
"""

from __future__ import annotations

import re
from collections import Counter

from newsdesk.nlp.numbers import find_numbers, number_key
from newsdesk.nlp.text import ALL_STOPWORDS, split_sentences, words

_CAPITALISED = re.compile(r"^[A-ZÄÖÜÀ-Ý][\w\-]*$|^[a-z]+[A-Z][\w]*$")
MIN_NUMBER = 100


def _is_year(value: float) -> bool:
    return 1900 <= value <= 2100 and value == int(value)


def sentence_anchors(sentence: str, language: str | None) -> Counter:
    """Anchors of one sentence: "n:<name>" and "#<number>" keys with counts."""
    found: Counter = Counter()
    for i, token in enumerate(words(sentence)):
        if token[0].isdigit() or not _CAPITALISED.match(token):
            continue
        low = token.lower()
        if low in ALL_STOPWORDS or len(low) < 2:
            continue
        if i == 0 and not (token.isupper() or any(c.isupper() for c in token[1:])):
            continue  # a sentence-initial capital says nothing
        found["n:" + low.split("-")[0]] += 1
    for number in find_numbers(sentence, language):
        if number.value >= MIN_NUMBER and not _is_year(number.value):
            found["#" + number_key(number.value)] += 1
    return found


def anchors_of(text: str, language: str | None) -> Counter:
    """Anchors of a whole text."""
    found: Counter = Counter()
    for sentence in split_sentences(text):
        found.update(sentence_anchors(sentence, language))
    return found
