"""Money amounts in German, English and Italian text, normalised to (value, ISO-4217 code).

"4,5 Milliarden Dollar" (de), "$4.5 billion" (en) and "4,5 miliardi di dollari" (it) are
all ``Money(4.5e9, "USD")``. Numbers come from :mod:`newsdesk.nlp.numbers`; this module
only attaches a currency written before (symbol or code) or after (symbol, code or word).
An amount without digits ("Milliarden von Yuan") is not a money value and is skipped.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from functools import lru_cache

from newsdesk.nlp.numbers import NUMBER_RE, SCALES, find_numbers, parse_number

# Written forms per currency; matched case-insensitively.
CURRENCIES: dict[str, tuple[str, ...]] = {
    "USD": (
        "US$",
        "$",
        "USD",
        "US-Dollar",
        "US-Dollars",
        "Dollar",
        "Dollars",
        "dollari",
        "dollaro",
    ),
    "EUR": ("€", "EUR", "Euro", "Euros"),
    "GBP": (
        "£",
        "GBP",
        "Pfund Sterling",
        "Pfund",
        "pounds sterling",
        "pounds",
        "pound",
        "sterline",
        "sterlina",
        "sterling",
    ),
    "CHF": ("CHF", "SFr.", "Fr.", "Franken", "franchi", "franco", "francs", "franc"),
    "CNY": ("CNY", "RMB", "Yuan", "renminbi", "¥"),
    "JPY": ("JPY", "Yen", "JP¥"),
}
_FORMS = {form.lower(): code for code, forms in CURRENCIES.items() for form in forms}
_SYMBOLS = {"US$", "$", "€", "£", "¥", "JP¥", "SFr.", "Fr."}
_CODES = {"USD", "EUR", "GBP", "CHF", "CNY", "RMB", "JPY"}


def _alternation(forms) -> str:
    return "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))


_ALL = _alternation(_FORMS)
_BEFORE_RE = re.compile(
    rf"(?<![\w$€£¥])(?P<cur>{_alternation(_SYMBOLS | _CODES)})\s?$", re.IGNORECASE
)
_QUALIFIER = (
    r"(?:(?:US|Swiss|Schweizer|svizzeri|americani|statunitensi|chinesische[n]?|cinesi)\s+)?"
)
_AFTER_RE = re.compile(
    rf"\s?(?:(?:di|de|of|in)\s+)?{_QUALIFIER}(?P<cur>{_ALL})(?![\w-])", re.IGNORECASE
)
_GUARDED_SCALES = {"b", "m", "k"}  # numbers.py ignores these unless a symbol comes first
_THOUSANDS_ONLY = re.compile(r"\d{1,3}[.,]\d{3}")


@dataclass(frozen=True, slots=True)
class Money:
    value: float
    currency: str  # ISO 4217
    start: int
    end: int
    text: str

    def to_json(self) -> dict:
        return asdict(self)


def _code(form: str) -> str:
    return _FORMS[form.lower()]


def _amount(text: str, start: int, value: float, language: str | None) -> float:
    """Correct find_numbers' value for money: "1.299" without scale is 1299, "85m" is 85e6."""
    m = NUMBER_RE.match(text, start)
    num, scale = m.group("num"), (m.group("scale") or "").lower().rstrip(".")
    if not scale and _THOUSANDS_ONLY.fullmatch(num):
        return float(re.sub(r"[.,]", "", num))  # no currency is written with 3 decimals
    base = parse_number(num, language)
    if scale in _GUARDED_SCALES and base == value:
        return value * SCALES[scale]
    return value


def _currency_around(text: str, start: int, end: int) -> tuple[str, int, int] | None:
    """The currency written just before or just after a number, with the widened span."""
    window = max(0, start - 8)
    before = _BEFORE_RE.search(text, window, start)
    if before:
        return _code(before.group("cur")), before.start(), end
    after = _AFTER_RE.match(text, end)
    if after:
        return _code(after.group("cur")), start, after.end()
    return None


def find_money(text: str, language: str | None = None) -> list[Money]:
    """Every amount with a currency in ``text``, in order of appearance."""
    return list(_money_in(text, language))


@lru_cache(maxsize=64)  # mentions, counts and event slots read the money of one text in turn
def _money_in(text: str, language: str | None) -> tuple[Money, ...]:
    found: list[Money] = []
    for mention in find_numbers(text, language):
        hit = _currency_around(text, mention.start, mention.end)
        if hit is None:
            continue
        code, start, end = hit
        value = _amount(text, mention.start, mention.value, language)
        found.append(Money(value, code, start, end, text[start:end]))
    return tuple(found)
