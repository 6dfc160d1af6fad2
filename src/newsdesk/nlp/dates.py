"""Dates in German, English and Italian text, resolved against the publication date.

Every expression becomes a closed interval ``[start, end]`` with a granularity:
"19.11.2024" is one day, "im vergangenen August" the whole of the most recent August
strictly before the publication month, "Q2 2024" April 1 - June 30, "letzte Woche" the
previous ISO week (Monday-Sunday, granularity "week"), "Ende des Jahres" December of the
publication year. A month or weekday written without a year is the most recent one not
after the publication date ("im Januar", "am Dienstag"); "last/vergangenen/scorso" makes
it strictly before; "this/diesem/questo" pins it to the publication year.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache

MONTHS: dict[str, dict[str, int]] = {
    "de": {
        "januar": 1,
        "jänner": 1,
        "jan": 1,
        "februar": 2,
        "feb": 2,
        "märz": 3,
        "maerz": 3,
        "mär": 3,
        "mrz": 3,
        "april": 4,
        "apr": 4,
        "mai": 5,
        "juni": 6,
        "jun": 6,
        "juli": 7,
        "jul": 7,
        "august": 8,
        "aug": 8,
        "september": 9,
        "sept": 9,
        "sep": 9,
        "oktober": 10,
        "okt": 10,
        "november": 11,
        "nov": 11,
        "dezember": 12,
        "dez": 12,
    },
    "en": {
        "january": 1,
        "jan": 1,
        "february": 2,
        "feb": 2,
        "march": 3,
        "mar": 3,
        "april": 4,
        "apr": 4,
        "may": 5,
        "june": 6,
        "jun": 6,
        "july": 7,
        "jul": 7,
        "august": 8,
        "aug": 8,
        "september": 9,
        "sept": 9,
        "sep": 9,
        "october": 10,
        "oct": 10,
        "november": 11,
        "nov": 11,
        "december": 12,
        "dec": 12,
    },
    "it": {
        "gennaio": 1,
        "gen": 1,
        "febbraio": 2,
        "feb": 2,
        "marzo": 3,
        "mar": 3,
        "aprile": 4,
        "apr": 4,
        "maggio": 5,
        "mag": 5,
        "giugno": 6,
        "giu": 6,
        "luglio": 7,
        "lug": 7,
        "agosto": 8,
        "ago": 8,
        "settembre": 9,
        "set": 9,
        "sett": 9,
        "ottobre": 10,
        "ott": 10,
        "novembre": 11,
        "nov": 11,
        "dicembre": 12,
        "dic": 12,
    },
}
WEEKDAYS: dict[str, dict[str, int]] = {
    "de": {
        "montag": 0,
        "dienstag": 1,
        "mittwoch": 2,
        "donnerstag": 3,
        "freitag": 4,
        "samstag": 5,
        "sonnabend": 5,
        "sonntag": 6,
    },
    "en": {
        "monday": 0,
        "tuesday": 1,
        "wednesday": 2,
        "thursday": 3,
        "friday": 4,
        "saturday": 5,
        "sunday": 6,
    },
    "it": {
        "lunedì": 0,
        "lunedi": 0,
        "martedì": 1,
        "martedi": 1,
        "mercoledì": 2,
        "mercoledi": 2,
        "giovedì": 3,
        "giovedi": 3,
        "venerdì": 4,
        "venerdi": 4,
        "sabato": 5,
        "domenica": 6,
    },
}
ORDINALS = {
    "ersten": 1,
    "zweiten": 2,
    "dritten": 3,
    "vierten": 4,
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "primo": 1,
    "secondo": 2,
    "terzo": 3,
    "quarto": 4,
    "1.": 1,
    "2.": 2,
    "3.": 3,
    "4.": 4,
    "1st": 1,
    "2nd": 2,
    "3rd": 3,
    "4th": 4,
    "erste": 1,
    "zweite": 2,
    "dritte": 3,
    "vierte": 4,
}


@dataclass(frozen=True, slots=True)
class DateValue:
    start: date
    end: date
    granularity: str  # "day" | "week" | "month" | "quarter" | "year"
    text: str
    span_start: int
    span_end: int

    @property
    def label(self) -> str:
        """ "2024-08-19", "2024-W33", "2024-08", "2024-Q2" or "2024"."""
        s = self.start
        return {
            "day": s.isoformat(),
            "week": f"{s.isocalendar()[0]}-W{s.isocalendar()[1]:02d}",
            "month": f"{s.year}-{s.month:02d}",
            "quarter": f"{s.year}-Q{(s.month - 1) // 3 + 1}",
            "year": str(s.year),
        }[self.granularity]

    def to_json(self) -> dict:
        return {
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "granularity": self.granularity,
            "label": self.label,
            "text": self.text,
            "span_start": self.span_start,
            "span_end": self.span_end,
        }


Interval = tuple[date, date, str]


# --- calendar arithmetic --------------------------------------------------------------------


def month_interval(year: int, month: int) -> Interval:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1]), "month"


def quarter_interval(year: int, quarter: int) -> Interval:
    first, _, _ = month_interval(year, 3 * quarter - 2)
    return first, month_interval(year, 3 * quarter)[1], "quarter"


def year_interval(year: int) -> Interval:
    return date(year, 1, 1), date(year, 12, 31), "year"


def day_interval(day: date) -> Interval:
    return day, day, "day"


def recent_month_year(pub: date, month: int, strict: bool) -> int:
    """Year of the most recent ``month`` not after (``strict``: before) the publication month."""
    return pub.year if month < pub.month or (month == pub.month and not strict) else pub.year - 1


def shift_months(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + month - 1 + delta
    return index // 12, index % 12 + 1


def full_year(text: str | None, pub: date) -> int | None:
    if not text:
        return None
    year = int(text)
    return year if len(text) == 4 else 2000 + year if year <= (pub.year % 100) + 10 else 1900 + year


# --- patterns -------------------------------------------------------------------------------

_FULL_SHORT = {"mai", "juni", "juli", "may", "june", "july", "märz"}
_PAST = (
    r"(?:im\s+|in\s+the\s+|nello\s+|nel\s+|lo\s+|il\s+)?"
    r"(?:vergangenen|letzten|vorigen|last|past|scorso|scorsa)"
)
_THIS = r"(?:in\s+)?(?:diesem|diesen|dieses|this|questo|quest['’]|questa)\s*"
_NEXT = r"(?:im\s+|il\s+|nel\s+)?(?:kommenden|nächsten|next|prossimo|prossima)"


def _months(language: str | None) -> dict[str, int]:
    if language in MONTHS:
        return MONTHS[language]
    return {k: v for table in MONTHS.values() for k, v in table.items()}


def _weekdays(language: str | None) -> dict[str, int]:
    if language in WEEKDAYS:
        return WEEKDAYS[language]
    return {k: v for table in WEEKDAYS.values() for k, v in table.items()}


def _alt(words, language: str | None) -> str:
    ordered = sorted(words, key=len, reverse=True)
    if language == "en":  # "may", "march" are also words: English month names are capitalised
        return "(?-i:" + "|".join(re.escape(w.capitalize()) for w in ordered) + ")"
    return "|".join(re.escape(w) for w in ordered)


def _month_alt(language: str | None, full_only: bool = False) -> str:
    names = [k for k in _months(language) if not full_only or len(k) > 4 or k in _FULL_SHORT]
    return rf"(?P<mon>{_alt(names, language)})(?!\w)\.?"


# --- handlers: (match, publication date) -> interval or None ---------------------------------

Handler = Callable[[re.Match, date, str | None], "Interval | None"]


def _month_of(m: re.Match, language: str | None) -> int:
    if m.groupdict().get("mon"):
        return _months(language)[m.group("mon").lower().rstrip(".")]
    return int(m.group("m"))


def _on_day(m: re.Match, pub: date, language: str | None) -> Interval | None:
    day, month = int(m.group("d")), _month_of(m, language)
    if m.groupdict().get("sep") == "/" and language == "en" and month <= 12 and day <= 12:
        day, month = month, day  # US order: 11/05/2024 is November 5
    year = full_year(m.groupdict().get("y"), pub)
    try:
        if year is None:
            year = pub.year if date(pub.year, month, day) <= pub else pub.year - 1
        return day_interval(date(year, month, day))
    except ValueError:
        return None


def _in_month(m: re.Match, pub: date, language: str | None) -> Interval | None:
    month, groups = _month_of(m, language), m.groupdict()
    year = full_year(groups.get("y"), pub)
    if year is None and groups.get("this"):
        year = pub.year
    elif year is None and groups.get("next"):
        year = pub.year if month > pub.month else pub.year + 1
    elif year is None:
        year = recent_month_year(pub, month, strict=bool(groups.get("past")))
    return month_interval(year, month)


def _in_quarter(m: re.Match, pub: date, language: str | None) -> Interval | None:
    groups = m.groupdict()
    quarter = int(groups["q"]) if groups.get("q") else ORDINALS[groups["ord"].lower()]
    year = full_year(groups.get("y"), pub)
    if year is None:
        year = pub.year if quarter <= (pub.month - 1) // 3 + 1 else pub.year - 1
    return quarter_interval(year, quarter)


def _on_weekday(m: re.Match, pub: date, language: str | None) -> Interval | None:
    weekday = _weekdays(language)[m.group("wd").lower()]
    back = (pub.weekday() - weekday) % 7
    if back == 0 and (m.group("past") or m.group("past2")):
        back = 7
    return day_interval(pub - timedelta(days=back))


def _in_year(m: re.Match, pub: date, language: str | None) -> Interval | None:
    return year_interval(int(m.group("y")))


def _months_from(delta: int) -> Handler:
    return lambda m, pub, lang: month_interval(*shift_months(pub.year, pub.month, delta))


def _quarters_from(delta: int) -> Handler:
    def handler(m: re.Match, pub: date, lang: str | None) -> Interval:
        year, month = shift_months(pub.year, pub.month, 3 * delta)
        return quarter_interval(year, (month - 1) // 3 + 1)

    return handler


def _weeks_from(delta: int) -> Handler:
    def handler(m: re.Match, pub: date, lang: str | None) -> Interval:
        monday = pub - timedelta(days=pub.weekday()) + timedelta(weeks=delta)
        return monday, monday + timedelta(days=6), "week"

    return handler


def _days_from(delta: int) -> Handler:
    return lambda m, pub, lang: day_interval(pub + timedelta(days=delta))


def _years_from(delta: int) -> Handler:
    return lambda m, pub, lang: year_interval(pub.year + delta)


def _end_of_year(m: re.Match, pub: date, lang: str | None) -> Interval:
    return month_interval(pub.year, 12)


# --- rule table ------------------------------------------------------------------------------

_Y = r"(?P<y>(?:19|20)\d{2})(?!\d)"
_ORD = "|".join(re.escape(o) for o in sorted(ORDINALS, key=len, reverse=True))
_FIXED: list[tuple[str, Handler]] = [
    (
        (
            r"(?:im\s+|in\s+der\s+)?(?:vergangenen|letzten|vorigen)\s+Monat|(?:vergangener|letzter|voriger)\s+Monat"
            r"|last\s+month|(?:il\s+|nel\s+)?mese\s+scorso|(?:lo\s+|nello\s+)?scorso\s+mese"
        ),
        _months_from(-1),
    ),
    (r"(?:in\s+)?diesem\s+Monat|this\s+month|(?:in\s+)?questo\s+mese", _months_from(0)),
    (
        r"(?:im\s+)?(?:nächsten|kommenden)\s+Monat|next\s+month|(?:il\s+)?(?:mese\s+prossimo|prossimo\s+mese)",
        _months_from(1),
    ),
    (
        (
            r"(?:im\s+)?(?:vergangenen|letzten|vorigen|abgelaufenen)\s+Quartal|(?:last|the\s+previous)\s+quarter"
            r"|(?:lo\s+|nello\s+)?scorso\s+trimestre|(?:il\s+|nel\s+)?trimestre\s+(?:scorso|precedente)"
        ),
        _quarters_from(-1),
    ),
    (
        (
            r"(?:in\s+)?diesem\s+Quartal|im\s+laufenden\s+Quartal|this\s+quarter|the\s+current\s+quarter"
            r"|(?:in\s+)?questo\s+trimestre|nel\s+trimestre\s+in\s+corso"
        ),
        _quarters_from(0),
    ),
    (
        (
            r"(?:in\s+der\s+)?(?:letzten|vergangenen|vorigen)\s+Woche|(?:letzte|vergangene|vorige)\s+Woche|last\s+week"
            r"|(?:la\s+|nella\s+)?settimana\s+scorsa|(?:la\s+|nella\s+)scorsa\s+settimana"
        ),
        _weeks_from(-1),
    ),
    (
        r"(?:in\s+)?dieser\s+Woche|diese\s+Woche|this\s+week|(?:in\s+)?questa\s+settimana",
        _weeks_from(0),
    ),
    (r"gestern|yesterday|ieri", _days_from(-1)),
    (r"vorgestern|the\s+day\s+before\s+yesterday|l['’]altro\s*ieri|altroieri", _days_from(-2)),
    (r"heute|today|oggi", _days_from(0)),
    (r"tomorrow|domani", _days_from(1)),
    (
        (
            r"(?:im\s+)?(?:vergangenen|letzten|vorigen)\s+Jahr|(?:vergangenes|letztes|voriges)\s+Jahr|(?:im\s+)?Vorjahr"
            r"|last\s+year|(?:the\s+)?previous\s+year|(?:nel)?l['’]anno\s+(?:scorso|precedente)"
            r"|(?:lo\s+|nello\s+)?scorso\s+anno"
        ),
        _years_from(-1),
    ),
    (
        (
            r"(?:in\s+)?diesem\s+Jahr|dieses\s+Jahr|(?:im\s+)?laufenden\s+Jahr|this\s+year|quest['’]anno"
            r"|(?:nel)?l['’]anno\s+in\s+corso"
        ),
        _years_from(0),
    ),
    (
        (
            r"(?:im\s+)?(?:nächsten|kommenden)\s+Jahr|nächstes\s+Jahr|next\s+year|(?:il\s+|nel\s+)?prossimo\s+anno"
            r"|l['’]anno\s+prossimo"
        ),
        _years_from(1),
    ),
    (
        (
            r"(?:bis\s+)?(?:zum\s+)?(?:Ende\s+(?:des|dieses)\s+Jahres|Jahresende)"
            r"|(?:by\s+)?(?:the\s+)?end\s+of\s+(?:the|this)\s+year|(?:by\s+)?(?:the\s+)?year[- ]end"
            r"|(?:entro\s+)?(?:la\s+)?fine\s+(?:dell['’])?anno"
        ),
        _end_of_year,
    ),
]


_RELATIVE = rf"(?:(?:(?P<past>{_PAST})|(?P<next>{_NEXT}))\s+|(?P<this>{_THIS}))"
_IN = (
    r"(?:im|in|nel|a|ad|seit|since|during|until|bis|entro|Anfang|Mitte|Ende|early|late|inizio|fine)"
)
_QUARTER = r"(?:Geschäftsquartal|Quartal|quarter|fiscal\s+quarter|trimestre)"
_ORD_QUARTER = rf"(?:(?:im|in\s+the|in|the|nel|del|il)\s+)?(?P<ord>{_ORD})\s+{_QUARTER}"
_OF_YEAR = r"(?:of\s+|des\s+Jahres\s+|del\s+|dell['’]anno\s+)"
_WD_PAST = r"(?P<past>(?:am\s+)?(?:vergangenen|letzten|vorigen)|last|(?:lo\s+)?scorso)"
_YEAR_PREFIX = (
    r"(?:im\s+Jahre?|in|nel|del|seit|since|dal|Jahr|year|anno|Ende|end\s+of|fine|Anfang|inizio)"
)


def _day_rules(mon: str) -> list[tuple[str, Handler]]:
    return [
        (
            r"(?P<d>\d{1,2})(?P<sep>[./])(?P<m>\d{1,2})(?P=sep)(?P<y>\d{4}|\d{2})(?![\d.]\d)",
            _on_day,
        ),
        (r"(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})(?!\d)", _on_day),
        (rf"(?P<d>\d{{1,2}})(?:\.|st|nd|rd|th)?\s+(?:of\s+)?{mon}(?:\s+{_Y})?", _on_day),
        (rf"{mon}\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?!\d)(?:,?\s+{_Y})?", _on_day),
    ]


def _language_rules(language: str | None) -> list[tuple[str, Handler]]:
    mon, full = _month_alt(language), _month_alt(language, full_only=True)
    wd = _alt(_weekdays(language), None)
    return _day_rules(mon) + [
        (rf"(?:{_RELATIVE}|(?:im|in|nel|a)\s+)?{mon}\s+(?:del\s+|of\s+)?{_Y}", _in_month),
        (rf"{_RELATIVE}{mon}", _in_month),
        (rf"(?:(?:lo|il|nel|a|ad)\s+)?{mon}\s+(?:(?P<past>scorso)|(?P<next>prossimo))", _in_month),
        (rf"{_IN}\s+(?:(?:di|of)\s+)?{full}", _in_month),
        (r"Q(?P<q>[1-4])(?:\s*[/']?\s*(?P<y>(?:19|20)\d{2}|\d{2}))?(?!\d)", _in_quarter),
        (rf"{_ORD_QUARTER}(?:\s+{_OF_YEAR}?{_Y})?", _in_quarter),
        (
            rf"(?:{_WD_PAST}\s+|(?:am|on|this|diesen)\s+)?(?P<wd>{wd})(?:\s+(?P<past2>scorso))?",
            _on_weekday,
        ),
        (rf"{_YEAR_PREFIX}\s+{_Y}", _in_year),
    ]


@lru_cache(maxsize=8)
def _compiled(language: str | None) -> list[tuple[re.Pattern, Handler]]:
    rules = _FIXED + _language_rules(language)
    return [
        (re.compile(rf"(?<!\w)(?:{pattern})(?!\w)", re.IGNORECASE), handler)
        for pattern, handler in rules
    ]


def _as_date(published: date | datetime) -> date:
    return published.date() if isinstance(published, datetime) else published


def _candidates(text: str, pub: date, language: str | None) -> list[DateValue]:
    found = []
    for pattern, handler in _compiled(language if language in MONTHS else None):
        for m in pattern.finditer(text):
            interval = handler(m, pub, language if language in MONTHS else None)
            if interval is not None:
                start, end, granularity = interval
                found.append(DateValue(start, end, granularity, m.group(0), m.start(), m.end()))
    return found


def find_dates(
    text: str, published: date | datetime, language: str | None = None
) -> list[DateValue]:
    """Every date expression in ``text``, resolved against ``published``, in order of appearance.

    Where expressions overlap the longest wins ("19. November 2024" over "November 2024").
    """
    chosen: list[DateValue] = []
    by_length = sorted(
        _candidates(text, _as_date(published), language),
        key=lambda d: (d.span_start - d.span_end, d.span_start),
    )
    for candidate in by_length:
        if all(
            candidate.span_end <= c.span_start or c.span_end <= candidate.span_start for c in chosen
        ):
            chosen.append(candidate)
    return sorted(chosen, key=lambda d: d.span_start)


def resolve_date(
    expression: str, published: date | datetime, language: str | None = None
) -> DateValue | None:
    """The date one expression ("im vergangenen August") stands for; ``None`` if it is none."""
    found = find_dates(expression, published, language)
    return max(found, key=lambda d: d.span_end - d.span_start) if found else None
