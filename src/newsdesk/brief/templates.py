"""Sentences per event type and language, written from a fact's normalised slots.

No translation model exists for de/en/it (see MODELS.md), so a fact found in an Italian source
is told to a German reader by a German template: "Microsoft investiert 4,3 Milliarden Euro in
Italien." Every template only states what the slots hold; a fact whose required slots are
missing gives no sentence rather than a vague one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from newsdesk.brief import formats as fmt


@dataclass(frozen=True)
class FactView:
    """A fact's slots already written in the target language (names, amounts, places, time)."""

    actor: str
    amount: str | None = None
    count: str | None = None
    places: tuple[tuple[str, str | None], ...] = ()  # (name in the target language, kind)
    when: str | None = None
    target: str | None = None
    partner: str | None = None
    product: str | None = None
    price: str | None = None
    round: str | None = None
    lead_investor: str | None = None
    metric: str | None = None
    status: str | None = None
    moved_from: str | None = None
    moved_to: str | None = None
    extra: dict = field(default_factory=dict)


Template = Callable[[FactView, str], "str | None"]


def _where(v: FactView, lang: str) -> str:
    if not v.places:
        return ""
    phrases = [fmt.in_place(name, lang, kind) for name, kind in v.places[:2]]
    return " " + fmt.join(phrases, lang)


def _time(v: FactView) -> str:
    """A stated date, in parentheses: "(im Juni 2024)" reads right after any verb form."""
    return f" ({v.when})" if v.when else ""


def _sentence(text: str) -> str:
    text = " ".join(text.split())
    return text[0].upper() + text[1:] + "." if text else text


def layoff(v: FactView, lang: str) -> str | None:
    if v.count:
        text = {"de": f"{v.actor} streicht {v.count} Stellen",
                "en": f"{v.actor} is cutting {v.count} jobs",
                "it": f"{v.actor} taglia {v.count} posti di lavoro"}[lang]
    else:
        text = {"de": f"{v.actor} baut Stellen ab", "en": f"{v.actor} is cutting jobs",
                "it": f"{v.actor} taglia posti di lavoro"}[lang]
    return _sentence(text + _where(v, lang) + _time(v))


def hiring(v: FactView, lang: str) -> str | None:
    if v.count:
        text = {"de": f"{v.actor} schafft {v.count} Arbeitsplätze",
                "en": f"{v.actor} is creating {v.count} jobs",
                "it": f"{v.actor} crea {v.count} posti di lavoro"}[lang]
    else:
        text = {"de": f"{v.actor} baut sein Team aus", "en": f"{v.actor} is expanding its team",
                "it": f"{v.actor} amplia la propria squadra"}[lang]
    return _sentence(text + _where(v, lang) + _time(v))


def investment(v: FactView, lang: str) -> str | None:
    if not v.amount or not (v.places or v.target):
        return None  # "VanEck will invest $250,000" says too little
    where = f" {fmt.in_place(v.target, lang)}" if v.target and not v.places else _where(v, lang)
    text = {"de": f"{v.actor} investiert {v.amount}", "en": f"{v.actor} will invest {v.amount}",
            "it": f"{v.actor} investirà {v.amount}"}[lang]
    return _sentence(text + where + _time(v))


def funding(v: FactView, lang: str) -> str | None:
    if not v.amount:
        return None
    rnd = ""
    if v.round:
        rnd = {"de": f" in einer Finanzierungsrunde ({v.round})", "en": f" in a {v.round} round",
               "it": f" in un round di finanziamento ({v.round})"}[lang]
    lead = ""
    if v.lead_investor:
        lead = {"de": f", angeführt von {v.lead_investor}", "en": f" led by {v.lead_investor}",
                "it": f" guidato da {v.lead_investor}"}[lang]
    text = {"de": f"{v.actor} sammelt {v.amount}{rnd} ein{lead}",
            "en": f"{v.actor} has raised {v.amount}{rnd}{lead}",
            "it": f"{v.actor} ha raccolto {v.amount}{rnd}{lead}"}[lang]
    return _sentence(text + _time(v))


def product_launch(v: FactView, lang: str) -> str | None:
    if not v.product:
        return None
    price = ""
    if v.price:
        price = {"de": f" zum Preis von {v.price}", "en": f", priced at {v.price}",
                 "it": f" al prezzo di {v.price}"}[lang]
    text = {"de": f"{v.actor} bringt {v.product}{price} auf den Markt",
            "en": f"{v.actor} is launching {v.product}{price}",
            "it": f"{v.actor} lancia {v.product}{price}"}[lang]
    return _sentence(text + _time(v))


_METRICS = {
    "de": {"net profit": "einen Nettogewinn", "net loss": "einen Nettoverlust", "operating profit":
           "einen operativen Gewinn", "operating loss": "einen operativen Verlust", "ebitda": "ein EBITDA",
           "revenue": "einen Umsatz", "loss": "einen Verlust", "profit": "einen Gewinn"},
    "en": {"net profit": "net profit", "net loss": "a net loss", "operating profit": "operating profit",
           "operating loss": "an operating loss", "ebitda": "EBITDA", "revenue": "revenue", "loss": "a loss",
           "profit": "a profit"},
    "it": {"net profit": "un utile netto", "net loss": "una perdita netta", "operating profit":
           "un utile operativo", "operating loss": "una perdita operativa", "ebitda": "un EBITDA",
           "revenue": "ricavi", "loss": "una perdita", "profit": "un utile"},
}


def financial_result(v: FactView, lang: str) -> str | None:
    metric = _METRICS[lang].get(v.metric or "")
    if not (v.amount and metric):
        return None
    period = f" {v.when}" if v.when else ""
    text = {"de": f"{v.actor} meldet{period} {metric} von {v.amount}",
            "en": f"{v.actor} reported {metric} of {v.amount}{period}",
            "it": f"{v.actor} ha registrato {metric} di {v.amount}{period}"}[lang]
    return _sentence(text)


def acquisition(v: FactView, lang: str) -> str | None:
    if not v.target:
        return None
    price = ""
    if v.amount:
        price = {"de": f" für {v.amount}", "en": f" for {v.amount}", "it": f" per {v.amount}"}[lang]
    text = {"de": f"{v.actor} übernimmt {v.target}{price}", "en": f"{v.actor} is acquiring {v.target}{price}",
            "it": f"{v.actor} acquisisce {v.target}{price}"}[lang]
    return _sentence(text + _time(v))


def partnership(v: FactView, lang: str) -> str | None:
    if not v.partner:
        return None
    where = _where(v, lang)
    text = {"de": f"{v.actor} arbeitet{where} mit {v.partner} zusammen",
            "en": f"{v.actor} is partnering with {v.partner}{where}",
            "it": f"{v.actor} collabora con {v.partner}{where}"}[lang]
    return _sentence(text + _time(v))


_STATUS = {
    "proposed": {"de": "{a} schlägt neue Regeln vor", "en": "{a} has proposed new rules",
                 "it": "{a} propone nuove regole"},
    "adopted": {"de": "{a} beschließt neue Regeln", "en": "{a} has adopted new rules",
                "it": "{a} adotta nuove regole"},
    "in force": {"de": "Neue Regeln von {a} treten in Kraft", "en": "New rules from {a} take effect",
                 "it": "Entrano in vigore nuove regole di {a}"},
}


def regulation(v: FactView, lang: str) -> str | None:
    pattern = _STATUS.get(v.status or "")
    if pattern is None:
        return None
    return _sentence(pattern[lang].format(a=v.actor) + _time(v))


def relocation(v: FactView, lang: str) -> str | None:
    if not v.moved_to:
        return None
    origin = ""
    if v.moved_from:
        origin = {"de": f" von {v.moved_from}", "en": f" from {v.moved_from}", "it": f" da {v.moved_from}"}[lang]
    text = {"de": f"{v.actor} verlegt den Firmensitz{origin} nach {v.moved_to}",
            "en": f"{v.actor} is moving its headquarters{origin} to {v.moved_to}",
            "it": f"{v.actor} trasferisce la sede{origin} a {v.moved_to}"}[lang]
    return _sentence(text + _time(v))


TEMPLATES: dict[str, Template] = {
    "layoff": layoff, "hiring": hiring, "investment": investment, "funding": funding,
    "product_launch": product_launch, "financial_result": financial_result, "acquisition": acquisition,
    "partnership": partnership, "regulation": regulation, "relocation": relocation,
}

_SLOT_NAMES = {
    "count": {"de": "Zahl", "en": "number", "it": "numero"},
    "amount": {"de": "Betrag", "en": "amount", "it": "importo"},
    "date": {"de": "Datum", "en": "date", "it": "data"},
}


def write(event_type: str, view: FactView, language: str) -> str | None:
    """The sentence for a fact in ``language``, or None when the type's slots are not there."""
    template = TEMPLATES.get(event_type)
    return template(view, fmt.lang_or_en(language)) if template else None


def contradiction(actor: str, slot: str, values: list[tuple[str, tuple[int, ...]]], language: str) -> str:
    """"Die Quellen nennen unterschiedliche Zahlen: 3.500 [1] und 1.100 [2]." with inline citations."""
    lang = fmt.lang_or_en(language)
    what = _SLOT_NAMES.get(slot, {}).get(lang, slot)
    listed = fmt.join([f"{value} {''.join(f'[{n}]' for n in cites)}" for value, cites in values], lang)
    return {"de": f"Zu {actor} nennen die Quellen unterschiedliche Angaben ({what}): {listed}.",
            "en": f"Sources differ on {actor} ({what}): {listed}.",
            "it": f"Su {actor} le fonti riportano dati diversi ({what}): {listed}."}[lang]
