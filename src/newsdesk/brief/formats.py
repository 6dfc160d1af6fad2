"""Numbers, money, counts, dates and places written the way each language writes them.

``money(4.3e9, "EUR", "de")`` is "4,3 Milliarden Euro", in English "€4.3 billion", in Italian
"4,3 miliardi di euro". Every function takes the normalised value newsdesk extracted, so what a
briefing says can be checked against what the sources say.
"""

from __future__ import annotations

import re
from datetime import date

LANGUAGES = ("de", "en", "it")

_SEPARATORS = {"de": (",", "."), "en": (".", ","), "it": (",", ".")}  # decimal, thousands

# (scale, singular, plural) from large to small
_SCALES = {
    "de": ((1e12, "Billion", "Billionen"), (1e9, "Milliarde", "Milliarden"), (1e6, "Million", "Millionen")),
    "en": ((1e12, "trillion", "trillion"), (1e9, "billion", "billion"), (1e6, "million", "million")),
    "it": ((1e12, "bilione", "bilioni"), (1e9, "miliardo", "miliardi"), (1e6, "milione", "milioni")),
}
_CURRENCY_NAMES = {  # singular, plural
    "de": {"EUR": ("Euro", "Euro"), "USD": ("Dollar", "Dollar"), "GBP": ("Pfund", "Pfund"),
           "CHF": ("Franken", "Franken"), "JPY": ("Yen", "Yen"), "CNY": ("Yuan", "Yuan")},
    "it": {"EUR": ("euro", "euro"), "USD": ("dollaro", "dollari"), "GBP": ("sterlina", "sterline"),
           "CHF": ("franco svizzero", "franchi svizzeri"), "JPY": ("yen", "yen"), "CNY": ("yuan", "yuan")},
}
_EN_SYMBOLS = {"EUR": "€", "USD": "$", "GBP": "£", "JPY": "¥"}

_VAGUE = {  # the ranges nlp.counts gives vague quantities
    (24, 99): {"de": "Dutzende", "en": "dozens of", "it": "decine di"},
    (200, 999): {"de": "Hunderte", "en": "hundreds of", "it": "centinaia di"},
    (2000, 9999): {"de": "Tausende", "en": "thousands of", "it": "migliaia di"},
    (20_000, 99_999): {"de": "Zehntausende", "en": "tens of thousands of", "it": "decine di migliaia di"},
    (200_000, 999_999): {"de": "Hunderttausende", "en": "hundreds of thousands of",
                         "it": "centinaia di migliaia di"},
}

MONTHS = {
    "de": ("Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober",
           "November", "Dezember"),
    "en": ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"),
    "it": ("gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto", "settembre",
           "ottobre", "novembre", "dicembre"),
}
_QUARTERS = {
    "de": ("ersten", "zweiten", "dritten", "vierten"),
    "en": ("first", "second", "third", "fourth"),
    "it": ("primo", "secondo", "terzo", "quarto"),
}


def lang_or_en(language: str | None) -> str:
    return language if language in LANGUAGES else "en"


LANGUAGE_NAMES = {
    "de": {"de": "Deutsch", "en": "Englisch", "it": "Italienisch"},
    "en": {"de": "German", "en": "English", "it": "Italian"},
    "it": {"de": "tedesco", "en": "inglese", "it": "italiano"},
}


def language_name(code: str | None, reader: str | None) -> str:
    """A language's name for a reader of ``reader``: ("it", "de") -> "Italienisch"."""
    return LANGUAGE_NAMES[lang_or_en(reader)].get(code or "", code or "?")


def number(value: float, language: str, decimals: int = 2) -> str:
    """``3500`` → "3.500" (de, it) or "3,500" (en); ``4.25`` → "4,25"; trailing zeros dropped."""
    decimal_sep, thousands_sep = _SEPARATORS[lang_or_en(language)]
    text = f"{value:,.{decimals}f}".rstrip("0").rstrip(".") if decimals else f"{value:,.0f}"
    return text.replace(",", "\0").replace(".", decimal_sep).replace("\0", thousands_sep)


def _scaled(value: float, language: str) -> tuple[str, str | None, bool]:
    """(number, scale word, plural) for an amount: 4.3e9 → ("4,3", "Milliarden", True)."""
    for scale, singular, plural in _SCALES[language]:
        if abs(value) >= scale:
            amount = value / scale
            return number(amount, language), (singular if amount == 1 else plural), amount != 1
    return number(value, language, decimals=0 if value == int(value) else 2), None, value != 1


def money(value: float, currency: str, language: str | None) -> str:
    """An amount of money as running text in ``language``."""
    lang = lang_or_en(language)
    digits, scale, plural = _scaled(value, lang)
    if lang == "en":
        symbol = _EN_SYMBOLS.get(currency)
        core = f"{digits} {scale}" if scale else digits
        return f"{symbol}{core}" if symbol else f"{currency} {core}"
    names = _CURRENCY_NAMES[lang].get(currency)
    name = (names[1] if plural else names[0]) if names else currency
    if scale is None:
        return f"{digits} {name}"
    if lang == "it":
        return f"{digits} {scale} di {name}"
    return f"{digits} {scale} {name}"


def count(low: int | None, high: int | None, language: str | None) -> str | None:
    """A head count: exact ("3.500"), vague ("Dutzende") or a range ("zwischen 100 und 200")."""
    lang = lang_or_en(language)
    if low is None:
        return None
    if high == low:
        return number(low, lang, decimals=0)
    vague = _VAGUE.get((low, high))
    if vague:
        return vague[lang]
    if high is None:
        return {"de": "mehr als {}", "en": "more than {}", "it": "oltre {}"}[lang].format(number(low, lang, 0))
    pattern = {"de": "zwischen {} und {}", "en": "between {} and {}", "it": "tra {} e {}"}[lang]
    return pattern.format(number(low, lang, 0), number(high, lang, 0))


_LABEL = re.compile(r"^(\d{4})(?:-(?:(\d{2})(?:-(\d{2}))?|Q([1-4])|W\d{2}))?$")


def when(label: str | None, language: str | None) -> str | None:
    """A date label ("2024-10-02", "2024-08", "2024-Q3", "2024") as a time phrase."""
    if not label:
        return None
    m = _LABEL.match(label)
    if not m or "W" in label:
        return None
    lang = lang_or_en(language)
    year, month, day, quarter = m.group(1), m.group(2), m.group(3), m.group(4)
    if quarter:
        q = _QUARTERS[lang][int(quarter) - 1]
        return {"de": f"im {q} Quartal {year}", "en": f"in the {q} quarter of {year}",
                "it": f"nel {q} trimestre {year}"}[lang]
    if month:
        name = MONTHS[lang][int(month) - 1]
        if day:
            d = date(int(year), int(month), int(day)).day
            return {"de": f"am {d}. {name} {year}", "en": f"on {d} {name} {year}",
                    "it": f"il {d} {name} {year}"}[lang]
        return {"de": f"im {name} {year}", "en": f"in {name} {year}",
                "it": f"a {name} {year}" if name[0] not in "ao" else f"ad {name} {year}"}[lang]
    return {"de": f"im Jahr {year}", "en": f"in {year}", "it": f"nel {year}"}[lang]


def day(value: date | None, language: str | None) -> str:
    """A publication date in the reader's format: 2. Oktober 2024 / 2 October 2024 / 2 ottobre 2024."""
    if value is None:
        return ""
    lang = lang_or_en(language)
    month = MONTHS[lang][value.month - 1]
    return f"{value.day}. {month} {value.year}" if lang == "de" else f"{value.day} {month} {value.year}"


# Place names that need an article after a preposition.
_DE_IN = {"USA": "in den USA", "Vereinigte Staaten": "in den Vereinigten Staaten", "Schweiz": "in der Schweiz",
          "Niederlande": "in den Niederlanden", "Türkei": "in der Türkei", "Slowakei": "in der Slowakei",
          "Ukraine": "in der Ukraine", "Mongolei": "in der Mongolei", "Tschechische Republik":
          "in der Tschechischen Republik", "Vereinigtes Königreich": "im Vereinigten Königreich",
          "Vereinigte Arabische Emirate": "in den Vereinigten Arabischen Emiraten", "Philippinen":
          "auf den Philippinen", "EU": "in der EU", "Europäische Union": "in der Europäischen Union"}
_EN_THE = {"United States", "Netherlands", "United Kingdom", "United Arab Emirates", "Philippines", "Czech Republic",
           "European Union", "EU", "US", "UK", "Bay Area"}
_IT_IN = {"Stati Uniti": "negli Stati Uniti", "USA": "negli USA", "Paesi Bassi": "nei Paesi Bassi",
          "Regno Unito": "nel Regno Unito", "Emirati Arabi Uniti": "negli Emirati Arabi Uniti",
          "Filippine": "nelle Filippine", "Unione europea": "nell'Unione europea", "UE": "nell'UE",
          "Repubblica Ceca": "nella Repubblica Ceca", "Giappone": "in Giappone", "Canada": "in Canada",
          "Messico": "in Messico", "Brasile": "in Brasile", "Belgio": "in Belgio", "Portogallo": "in Portogallo",
          "Lussemburgo": "in Lussemburgo", "Piemonte": "in Piemonte", "Veneto": "in Veneto",
          "Lazio": "nel Lazio", "Trentino": "in Trentino"}


def in_place(name: str, language: str | None, kind: str | None = None) -> str:
    """"in Italien" / "in Italy" / "in Italia", "a Milano" for an Italian city, "in den USA"."""
    lang = lang_or_en(language)
    if lang == "de":
        return _DE_IN.get(name, f"in {name}")
    if lang == "en":
        return f"in the {name}" if name in _EN_THE else f"in {name}"
    if name in _IT_IN:
        return _IT_IN[name]
    return f"a {name}" if kind == "city" else f"in {name}"


def join(items: list[str], language: str | None) -> str:
    """"A, B und C" / "A, B and C" / "A, B e C"."""
    items = [i for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    word = {"de": "und", "en": "and", "it": "e"}[lang_or_en(language)]
    return f"{', '.join(items[:-1])} {word} {items[-1]}"
