"""Property tests for the number parser in German, English and Italian notation."""

from __future__ import annotations

from hypothesis import given, strategies as st

from newsdesk.nlp.numbers import find_numbers, number_key, parse_number


def write(value: int, decimals: str, language: str) -> str:
    """Write an integer part with thousands separators, plus a decimal part, as ``language`` does."""
    thousands, point = (",", ".") if language == "en" else (".", ",")
    grouped = f"{value:,}".replace(",", thousands)
    return grouped + (point + decimals if decimals else "")


@given(st.integers(min_value=0, max_value=10**12), st.sampled_from(["", "5", "25", "75"]),
       st.sampled_from(["de", "en", "it"]))
def test_written_numbers_parse_back(value, decimals, language):
    text = write(value, decimals, language)
    expected = float(f"{value}.{decimals}" if decimals else value)
    assert parse_number(text, language) == expected


@given(st.integers(min_value=1, max_value=999), st.sampled_from(["", "5", "25"]))
def test_scale_words_agree_across_languages(whole, decimals):
    de = write(whole, decimals, "de") + " Milliarden Dollar"
    en = "$" + write(whole, decimals, "en") + " billion"
    it = write(whole, decimals, "it") + " miliardi di dollari"
    values = {find_numbers(de, "de")[0].value, find_numbers(en, "en")[0].value, find_numbers(it, "it")[0].value}
    assert len({number_key(v) for v in values}) == 1


def test_known_examples():
    assert find_numbers("4,5 Milliarden Dollar", "de")[0].value == 4.5e9
    assert find_numbers("$4.5 billion", "en")[0].value == 4.5e9
    assert find_numbers("4,5 miliardi di dollari", "it")[0].value == 4.5e9
    assert find_numbers("30 Millionen Dollar", "de")[0].value == 3e7
    assert find_numbers("1.200 Stellen", "de")[0].value == 1200
    assert find_numbers("1,200 jobs", "en")[0].value == 1200
    assert find_numbers("eine Billion Euro", "de") == []
    assert find_numbers("2 Billionen Euro", "de")[0].value == 2e12
    assert find_numbers("a 5 m wall", "en")[0].value == 5


@given(st.text(max_size=200))
def test_never_crashes_on_arbitrary_text(text):
    for language in ("de", "en", "it", None):
        for mention in find_numbers(text, language):
            assert text[mention.start:mention.end] == mention.text
