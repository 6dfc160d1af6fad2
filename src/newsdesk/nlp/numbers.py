"""Numbers written the German, English and Italian way, normalised to floats.

"4,5 Milliarden" (de), "4.5 billion" (en) and "4,5 miliardi" (it) are all 4.5e9;
"1.200" (de/it) and "1,200" (en) are 1200. Used as language-independent evidence
when grouping reports of one event, and by the event extractor.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache

SCALES: dict[str, float] = {
    # German
    "tausend": 1e3, "tsd": 1e3, "mio": 1e6, "million": 1e6, "millionen": 1e6, "mrd": 1e9,
    "milliarde": 1e9, "milliarden": 1e9, "billionen": 1e12,
    # English ("Billion" is 1e12 in German: resolved by language below)
    "billion": 1e9, "thousand": 1e3, "k": 1e3, "m": 1e6, "mn": 1e6, "millions": 1e6, "bn": 1e9, "b": 1e9,
    "billions": 1e9, "trillion": 1e12, "tn": 1e12,
    # Italian
    "mila": 1e3, "milione": 1e6, "milioni": 1e6, "mln": 1e6, "miliardo": 1e9, "miliardi": 1e9,
    "mld": 1e9, "mrd.": 1e9, "bilione": 1e12,
}
_DE_OVERRIDES = {"billion": 1e12}
# Hostile input: a digit run longer than this ("10^10000" written out) is no number anyone
# reports; it is not read, so no value can overflow to infinity downstream.
MAX_DIGITS = 30

_NUM = r"\d{1,3}(?:[.,'\u202f\u00a0 ]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?"
_SCALE_WORDS = sorted(SCALES, key=len, reverse=True)
NUMBER_RE = re.compile(
    rf"(?<![\w.,])(?P<num>{_NUM})(?:\s?(?P<scale>{'|'.join(re.escape(s) for s in _SCALE_WORDS)})\.?)?(?![\w])",
    re.IGNORECASE,
)

_DIGITS_AND_SEPARATORS = re.compile(r"[\d.,]+")
_MONEY_BEFORE = re.compile(r"[$€£]|\b(?:USD|EUR)\b")


@dataclass(frozen=True, slots=True)
class NumberMention:
    value: float
    start: int
    end: int
    text: str


def parse_number(token: str, language: str | None = None) -> float | None:
    """Parse one written number; ``None`` if it is not one.

    Separators are resolved by shape first (several groups of three digits are
    thousands; a single separator followed by 1-2 or 4+ digits is decimal), and by
    the language when ambiguous ("1.200": thousands in de/it, 1.2 in en).
    """
    t = token.strip().replace("\u202f", "").replace("\u00a0", "").replace("'", "").replace(" ", "")
    if not t or not _DIGITS_AND_SEPARATORS.fullmatch(t) or not t[0].isdigit() or len(t) > 2 * MAX_DIGITS:
        return None
    dots, commas = t.count("."), t.count(",")
    if dots and commas:
        # the later separator is the decimal one
        if t.rfind(",") > t.rfind("."):
            t = t.replace(".", "").replace(",", ".")
        else:
            t = t.replace(",", "")
    elif dots or commas:
        sep = "." if dots else ","
        groups = t.split(sep)
        thousands_shape = all(len(g) == 3 for g in groups[1:]) and 1 <= len(groups[0]) <= 3
        if len(groups) > 2:
            if not thousands_shape:
                return None
            t = t.replace(sep, "")
        elif thousands_shape:
            decimal_sep = "." if language == "en" else ","
            if language is None:
                decimal_sep = "."  # unknown language: English convention
            t = t.replace(sep, ".") if sep == decimal_sep else t.replace(sep, "")
        else:
            t = t.replace(sep, ".")
    if len(t.partition(".")[0]) > MAX_DIGITS:
        return None
    try:
        value = float(t)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def find_numbers(text: str, language: str | None = None) -> list[NumberMention]:
    """Every number in ``text`` with its scale word applied ("4,5 Milliarden" -> 4.5e9)."""
    return list(_numbers_in(text, language))


@lru_cache(maxsize=64)  # money and counts read the numbers of one text in turn
def _numbers_in(text: str, language: str | None) -> tuple[NumberMention, ...]:
    found: list[NumberMention] = []
    for m in NUMBER_RE.finditer(text):
        value = parse_number(m.group("num"), language)
        if value is None:
            continue
        scale = m.group("scale")
        if scale:
            key = scale.lower().rstrip(".")
            factor = _DE_OVERRIDES.get(key) if language == "de" else None
            factor = factor or SCALES.get(key) or SCALES.get(key + ".") or 1.0
            if key in {"b", "m", "k"} and not _MONEY_BEFORE.search(text[max(0, m.start() - 4) : m.start()]):
                factor = 1.0  # "5 m" is five metres unless money comes first
            value *= factor
        if not math.isfinite(value):
            continue
        found.append(NumberMention(value, m.start(), m.end(), m.group(0)))
    return tuple(found)


def number_key(value: float) -> str:
    """A canonical string for a value, to compare numbers across languages."""
    if not math.isfinite(value):
        return str(value)
    if value == int(value) and abs(value) < 1e15:
        return str(int(value))
    return f"{value:.6g}"
