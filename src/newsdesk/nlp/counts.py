"""Head counts and other quantities of people or jobs, exact or as ranges.

Exact numbers count only before a people/job noun ("1.200 Stellen", "3,500 jobs",
"350 posti di lavoro"). Vague quantities are ranges, never a single number:
"Dutzende"/"dozens"/"decine" = 24..99, "Hunderte" = 200..999, "Tausende" = 2000..9999
(the smallest plural that is more than "a few" of the unit up to the next order of
magnitude). Quantifiers: "rund/about/circa N" = N ±10% (rounded; the usual tolerance of
a rounded press figure), "mehr als/more than/oltre N" = N+1..open (``max=None``),
"bis zu/up to/fino a N" = 0..N (nothing is guaranteed), "fast/nearly/quasi N" = 90%..N.
"einige"/"several"/"alcuni" are not counts.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass

from newsdesk.nlp.money import find_money
from newsdesk.nlp.numbers import NUMBER_RE, SCALES, find_numbers

# canonical unit -> written nouns (de, en, it), matched case-insensitively
UNITS: dict[str, tuple[str, ...]] = {
    "jobs": (
        "Stellen",
        "Arbeitsplätze",
        "Arbeitsplätzen",
        "Jobs",
        "Positionen",
        "jobs",
        "positions",
        "roles",
        "posti di lavoro",
        "posti",
        "posizioni",
        "esuberi",
        "layoffs",
        "job cuts",
    ),
    "employees": (
        "Mitarbeiter",
        "Mitarbeitern",
        "Mitarbeiterinnen",
        "Mitarbeitende",
        "Mitarbeitenden",
        "Beschäftigte",
        "Beschäftigten",
        "Angestellte",
        "Angestellten",
        "Arbeiter",
        "Arbeitern",
        "employees",
        "workers",
        "staff",
        "staffers",
        "engineers",
        "dipendenti",
        "lavoratori",
        "addetti",
        "impiegati",
        "collaboratori",
        "ingegneri",
        "Ingenieure",
        "Entwickler",
    ),
    "people": ("Menschen", "Personen", "people", "persons", "persone"),
}
_NOUNS = {noun.lower(): unit for unit, nouns in UNITS.items() for noun in nouns}
_NOUN_ALT = "|".join(re.escape(n) for n in sorted(_NOUNS, key=len, reverse=True))
_ADJECTIVES = (
    "neue|neuen|weitere|weiteren|zusätzliche|zusätzlichen|feste|festen|eigene|eigenen|new|additional|more"
    "|other|full-time|part-time|permanent|local|nuovi|nuove|altri|altre|ulteriori"
)
_UNIT_RE = re.compile(
    rf"\s+(?:(?:von|of|di|der|dei|degli|delle)\s+)?(?:(?:{_ADJECTIVES})\s+)?(?P<noun>{_NOUN_ALT})(?!\w)",
    re.IGNORECASE,
)
VAGUE: dict[str, tuple[int, int]] = {
    "zehntausende": (20_000, 99_999),
    "zehntausenden": (20_000, 99_999),
    "tens of thousands": (20_000, 99_999),
    "decine di migliaia": (20_000, 99_999),
    "hunderttausende": (200_000, 999_999),
    "hunderttausenden": (200_000, 999_999),
    "hundreds of thousands": (200_000, 999_999),
    "centinaia di migliaia": (200_000, 999_999),
    "dutzende": (24, 99),
    "dutzenden": (24, 99),
    "dozens": (24, 99),
    "decine": (24, 99),
    "hunderte": (200, 999),
    "hunderten": (200, 999),
    "hundreds": (200, 999),
    "centinaia": (200, 999),
    "tausende": (2000, 9999),
    "tausenden": (2000, 9999),
    "thousands": (2000, 9999),
    "migliaia": (2000, 9999),
}
_VAGUE_RE = re.compile(
    rf"(?<!\w)(?P<word>{'|'.join(sorted(VAGUE, key=len, reverse=True))})(?!\w)", re.IGNORECASE
)
_MODIFIERS: dict[str, str] = {
    "rund": "about",
    "etwa": "about",
    "ungefähr": "about",
    "ca.": "about",
    "circa": "about",
    "about": "about",
    "around": "about",
    "roughly": "about",
    "approximately": "about",
    "some": "about",
    "intorno a": "about",
    "all'incirca": "about",
    "mehr als": "over",
    "über": "over",
    "more than": "over",
    "over": "over",
    "oltre": "over",
    "più di": "over",
    "bis zu": "upto",
    "up to": "upto",
    "fino a": "upto",
    "fast": "nearly",
    "beinahe": "nearly",
    "nearly": "nearly",
    "almost": "nearly",
    "quasi": "nearly",
}
_MOD_ALT = "|".join(re.escape(m) for m in sorted(_MODIFIERS, key=len, reverse=True))
_MOD_RE = re.compile(
    rf"(?<!\w)(?P<mod>{_MOD_ALT})\s+$",
    re.IGNORECASE,
)
# what follows a number that makes it something other than a count of people
_NOT_PEOPLE = re.compile(
    r"\s*(?:%|prozent|percent|per cent|per cento|jahre|jahren|years|anni|monate|months|mesi"
    r"|tage|days|giorni|stunden|hours|ore|minuten|minutes|minuti|grad|degrees|gradi"
    r"|km|kilometer|meter|metri|kg|tonnen|tons)(?!\w)",
    re.IGNORECASE,
)


# Hostile input: a "count" above this is no count of people or jobs; it is not read as one.
MAX_COUNT = 10_000_000_000


@dataclass(frozen=True, slots=True)
class Count:
    min: int
    max: int | None  # None: open-ended ("more than 500")
    start: int
    end: int
    text: str
    unit: str | None = None  # "jobs", "employees", "people" or None when not said

    def to_json(self) -> dict:
        return asdict(self)


def _range(value: int, modifier: str | None) -> tuple[int, int | None]:
    if modifier == "about":
        return round(value * 0.9), round(value * 1.1)
    if modifier == "over":
        return value + 1, None
    if modifier == "upto":
        return 0, value
    if modifier == "nearly":
        return round(value * 0.9), value
    return value, value


def _unit_after(text: str, end: int) -> tuple[str | None, int]:
    m = _UNIT_RE.match(text, end)
    return (_NOUNS[m.group("noun").lower()], m.end()) if m else (None, end)


def _number_count(text: str, mention, money_spans) -> Count | None:
    if any(s < mention.end and mention.start < e for s, e in money_spans) or mention.value != int(
        mention.value
    ):
        return None
    if mention.value > MAX_COUNT:  # more than everyone on earth: not a head count (and no int64)
        return None
    unit, end = _unit_after(text, mention.end)
    mod = _MOD_RE.search(text, max(0, mention.start - 16), mention.start)
    start = mod.start() if mod else mention.start
    if unit is None:
        has_scale = NUMBER_RE.match(text, mention.start).group("scale")
        if mod is None or has_scale or _NOT_PEOPLE.match(text, mention.end):
            return None
    low, high = _range(int(mention.value), _MODIFIERS[mod.group("mod").lower()] if mod else None)
    return Count(low, high, start, end, text[start:end], unit)


def _vague_counts(text: str) -> list[Count]:
    found = []
    for m in _VAGUE_RE.finditer(text):
        nxt = re.match(r"\s+(?:(?:von|of|di)\s+)?(?P<w>[^\W\d]+\.?)", text[m.end() :])
        if nxt and (
            nxt.group("w").lower().rstrip(".") in SCALES
            or nxt.group("w").lower() in SCALES
            or find_money("1 " + nxt.group("w"))
        ):
            continue  # "Hunderte Millionen", "Tausende Euro": vague money, not a head count
        low, high = VAGUE[m.group("word").lower()]
        unit, end = _unit_after(text, m.end())
        found.append(Count(low, high, m.start(), end, text[m.start() : end], unit))
    return found


def find_counts(text: str, language: str | None = None) -> list[Count]:
    """Counts of people or jobs in ``text``, exact or as ranges, in order of appearance."""
    money_spans = [(m.start, m.end) for m in find_money(text, language)]
    found = _vague_counts(text)
    for mention in find_numbers(text, language):
        count = _number_count(text, mention, money_spans)
        if count is not None:
            found.append(count)
    return sorted(found, key=lambda c: c.start)
