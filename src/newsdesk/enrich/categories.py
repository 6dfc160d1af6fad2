"""Categories of an article (technology, ai, crypto, economy, politics, ...), several allowed.

Each category has word stems in German, English and Italian; an article gets a category
when enough distinct stems occur (a title hit counts double), and the events found in it
add their own evidence (a funding round is economy and finance). No model: the lists are
short, readable and extended in one place.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from newsdesk.records import Event

CATEGORY_STEMS: dict[str, tuple[str, ...]] = {
    "ai": ("künstliche intelligenz", "intelligenza artificiale", "artificial intelligence", "ki-", "ki ", " ai ",
           "ai-", " ia ", "sprachmodell", "language model", "modello linguistico", "chatgpt", "openai", "llm",
           "machine learning", "maschinelles lernen", "deepfake", "generative", "generativ", "chatbot", "gpt-"),
    "technology": ("technolog", "tecnolog", "software", "chip", "semicondu", "halbleiter", "cloud", "rechenzentr",
                   "data center", "data centre", "datacenter", "digital", "internet", "smartphone", "app ",
                   "tech", "computer", "prozessor", "processor", "piattaform", "plattform", "platform", "startup",
                   "start-up", "metavers", "iphone", "imac", "online"),
    "crypto": ("krypto", "crypto", "cripto", "bitcoin", "blockchain", "ethereum", "token", "stablecoin", "defi",
               "wallet", "mining"),
    "economy": ("wirtschaft", "economi", "economy", "unternehmen", "azienda", "company", "umsatz", "ricavi",
                "revenue", "gewinn", "utile", "profit", "investi", "arbeitsplätze", "posti di lavoro", "jobs",
                "stellen", "mercato", "markt", "market", "industri", "konzern", "gruppo", "übernahme",
                "acquisi", "exports", "export", "inflation", "konjunktur", "pil ", "gdp", "bip"),
    "finance": ("bank", "banca", "börse", "borsa", "stock exchange", "aktie", "azion", "shares", "anleihe",
                "bond", "zinsen", "tassi", "interest rate", "fonds", "fondo", "fund", "finanzierung", "funding",
                "finanziamento", "investor", "venture capital", "private equity", "series a", "series b",
                "serie a", "serie b", "ipo", "asset manager", "vermögensverwalt"),
    "politics": ("regierung", "governo", "government", "minister", "parlament", "parliament", "wahl", "elezion",
                 "election", "gesetz", "legge", " law", "regulator", "behörde", "autorità", "kommission",
                 "commissione", "commission", "sanktion", "sanzion", "sanction", "zölle", "dazi", "tariff",
                 "premier", "kanzler", "president", "präsident", "presidente", "eu-", "ue ", "regel", "rules",
                 "regolament", "verordnung", "regulation"),
    "automotive": ("auto", "fahrzeug", "veicol", "vehicle", "car maker", "carmaker", "elektroauto", "batteri",
                   "battery", "stellantis", "volkswagen", "tesla", "antrieb"),
    "energy": ("energie", "energia", "energy", "strom", "elettric", "electricity", "gas ", "öl", "petrolio", "oil",
               "solar", "wind", "speicher", "accumulo", "storage", "rinnovabil", "renewable", "erneuerbar"),
    "sports": ("fußball", "calcio", "football", "soccer", "tennis", "meisterschaft", "campionato", "championship",
               "olympi", "spieler", "giocator", "player", "tor ", "gol ", "goal", "match", "partita", "spiel "),
    "weather": ("wetter", "meteo", "weather", "unwetter", "regen", "pioggia", "rain", "schnee", "neve", "snow",
                "sturm", "tempesta", "storm", "hitze", "caldo", "heatwave", "temperatur", "temperature"),
    "culture": ("kultur", "cultura", "culture", "museum", "museo", "ausstellung", "mostra", "exhibition", "film",
                "kino", "cinema", "musik", "musica", "music", "festival", "theater", "teatro", "buch", "libro",
                "book", "kunst", "arte "),
    "food": ("essen", "cibo", "food", "restaurant", "ristorant", "rezept", "ricetta", "recipe", "küche", "cucina",
             "wein", "vino", "wine", "käse", "formaggio", "cheese", "pasta", "gastronom"),
    "health": ("gesundheit", "salute", "health", "krankenhaus", "ospedale", "hospital", "impf", "vaccin", "arzt",
               "medic", "patient", "pazient", "pharma", "farmac", "drug"),
}
EVENT_CATEGORIES: dict[str, tuple[str, ...]] = {
    "layoff": ("economy",),
    "hiring": ("economy",),
    "investment": ("economy",),
    "funding": ("economy", "finance"),
    "financial_result": ("economy",),
    "acquisition": ("economy",),
    "partnership": ("economy",),
    "regulation": ("politics",),
    "relocation": ("economy",),
    "product_launch": ("technology",),
}
MIN_SCORE = 4


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern]:
    return {name: re.compile("|".join(re.escape(stem) for stem in stems)) for name, stems in CATEGORY_STEMS.items()}


def categorize(title: str, text: str, events: list[Event] = (), min_score: int = MIN_SCORE) -> tuple[str, ...]:
    """The categories of an article, strongest first."""
    scores: Counter[str] = Counter()
    body = f" {text.lower()} "
    head = f" {title.lower()} "
    for name, pattern in _patterns().items():
        hits = pattern.findall(body)  # the patterns have no groups: the matched stems
        scores[name] = len(set(hits)) + min(len(hits), 10) // 3 + 2 * len(set(pattern.findall(head)))
    for event in events:
        for name in EVENT_CATEGORIES.get(event.type, ()):
            scores[name] += 1
    return tuple(name for name, score in scores.most_common() if score >= min_score)
