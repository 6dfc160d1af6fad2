#!/usr/bin/env python3
"""Generate newsdesk's bundled sample corpus.

Reads the story content files in ``sample_src/stories/*.json`` (one file per story, schema
described in ``src/newsdesk/sample/README.md``), validates them, and renders them into
``src/newsdesk/sample/``:

* ``pages/<domain>/<slug>.html``  realistic news pages with page chrome, one template per site
* ``feeds/*.xml``                 RSS 2.0 and Atom feeds (link-only items and full-content items)
* ``articles.jsonl``              one JSON object per article
* ``archive/sample.warc.gz``      a WARC 1.0 file with response/request/404 records
* ``broken/*.html``               pages that must be rejected or repaired
* ``gold.json``                   the answer key for tests and evaluation

The output is deterministic: no clock, fixed random seeds, sorted iteration. Re-running wipes
``src/newsdesk/sample/`` (except README.md and __init__.py) and writes it again.

Usage:  .venv/bin/python tools/make_sample.py [--check] [--quiet]

``--check`` validates the content files only. The exit status is 1 when a content file failed
validation (the failing articles are reported and left out of the output, never silently).
"""

from __future__ import annotations

import argparse
import difflib
import html
import io
import json
import random
import re
import shutil
import sys
import uuid
import zlib
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timezone
from email.utils import format_datetime
from pathlib import Path
from xml.sax.saxutils import escape as xml_escape

ROOT = Path(__file__).resolve().parents[1]
SRC_DIR = ROOT / "sample_src" / "stories"
OUT_DIR = ROOT / "src" / "newsdesk" / "sample"
KEEP = {"README.md", "__init__.py", "references.json"}  # references.json: hand-written briefings for ROUGE

LANGUAGES = ("de", "en", "it")
DELIVERIES = ("html", "feed-content", "jsonl", "warc")
EVENT_TYPES = (
    "layoff", "hiring", "investment", "funding", "product_launch", "financial_result",
    "acquisition", "partnership", "regulation", "relocation",
)
EVENT_SLOTS = {
    "type", "actor", "count", "amount", "unit", "place", "roles", "target", "round",
    "lead_investor", "investors", "product", "price", "metric", "period", "authority", "rule",
    "status", "affected", "date", "evidence", "country", "partner",
}
ARTICLE_KEYS = {
    "id", "language", "site", "slug", "title", "lead", "published", "authors", "paragraphs",
    "delivery", "near_copy_of", "events",
}
# Optional keys used by the generator's own content (S15, S16).
ARTICLE_EXTRA_KEYS = {"machine_translated_from", "translation_of", "leftovers", "broken"}
BROKEN_KINDS = {"wrong-charset": "broken/wrong-charset.html", "mojibake": "broken/mojibake.html"}
RESERVED_SLUGS = {"empty", "truncated", "binary", "wrong-charset", "mojibake", "index-page"}

# --------------------------------------------------------------------------------------------
# Chrome registry: every distinctive piece of page chrome goes through chrome() and ends up in
# gold.json's "chrome_strings" (strings that must never appear in extracted article text).
# --------------------------------------------------------------------------------------------
CHROME: set[str] = set()
CHROME_SINGLE_WORDS = {"Meistgelesen"}


def esc(text: str) -> str:
    return html.escape(text, quote=True)


def chrome(text: str) -> str:
    """Register a chrome string (must never be extracted) and return it HTML-escaped.

    Very short, generic labels ("Sign up", "Rifiuta") are rendered but not registered: they
    could legitimately occur in article text."""
    if (len(text) >= 11 and " " in text) or text in CHROME_SINGLE_WORDS:
        CHROME.add(text)
    return esc(text)


# --------------------------------------------------------------------------------------------
# Sites
# --------------------------------------------------------------------------------------------
@dataclass
class Site:
    key: str
    domain: str
    name: str
    language: str
    family: str                 # template family: wp, modern, legacy, react, paper
    palette: tuple[str, str, str]  # primary, accent, background
    canonical: bool = True      # False: only og:url
    og_site_name: bool = True
    meta_published: bool = False  # <meta property="article:published_time">
    jsonld: bool = False          # JSON-LD NewsArticle
    meta_author: bool = False     # <meta name="author">
    time_datetime: bool = False   # <time datetime="..."> around the visible date
    date_style: str = "de_num"
    byline: bool = True
    title_sep: str = " | "
    nav: tuple[str, ...] = ()
    cookie: str = ""
    newsletter: str = ""
    copyright: str = ""
    extra_chrome: tuple[str, ...] = ()


SITES: dict[str, Site] = {s.key: s for s in [
    Site("techwelt", "techwelt.de", "TechWelt", "de", "modern", ("#0b3d91", "#ff6b00", "#ffffff"),
         meta_published=True, meta_author=True, date_style="de_num",
         nav=("Startseite", "News", "KI", "Hardware", "Software", "Krypto", "Tests", "Podcast"),
         cookie="Wir und unsere 143 Partner speichern und verarbeiten Ihre Daten mithilfe von "
                "Cookies, um Ihnen personalisierte Werbung und Inhalte anzuzeigen.",
         newsletter="Newsletter abonnieren und keine News aus der Tech-Welt mehr verpassen.",
         copyright="© 2024 TechWelt Medien GmbH. Alle Rechte vorbehalten.",
         extra_chrome=("TechWelt Plus: 4 Wochen für 0,99 € testen",)),
    Site("wirtschaftskurier", "wirtschaftskurier.de", "WirtschaftsKurier", "de", "paper",
         ("#1a1a1a", "#b5121b", "#faf8f3"), jsonld=True, date_style="de_long", title_sep=" - ",
         nav=("Unternehmen", "Finanzen", "Märkte", "Politik", "Karriere", "Immobilien", "Meinung"),
         cookie="Der WirtschaftsKurier nutzt Cookies und vergleichbare Technologien, um die "
                "Reichweite seiner Angebote zu messen und Werbung auszuspielen.",
         newsletter="Jeden Morgen die wichtigsten Wirtschaftsnachrichten: Jetzt den "
                    "Kurier-Newsletter abonnieren.",
         copyright="© 2024 WirtschaftsKurier Verlagsgesellschaft mbH, Frankfurt am Main",
         extra_chrome=("Börsenticker: DAX, MDax und Devisen in Echtzeit",)),
    Site("alpenpost", "alpenpost.at", "AlpenPost", "de", "legacy", ("#005a32", "#e2001a", "#f4f4f4"),
         og_site_name=False, date_style="de_num",
         nav=("Österreich", "Salzburg", "Tirol", "Welt", "Wirtschaft", "Sport", "Kultur", "Wetter"),
         cookie="Damit wir Ihnen die AlpenPost optimal anbieten können, verwenden wir Cookies "
                "von uns und von Drittanbietern.",
         newsletter="Mit dem AlpenPost-Frühstück wissen Sie jeden Tag, was Österreich bewegt – "
                    "Newsletter abonnieren",
         copyright="© 2024 AlpenPost Zeitungsverlag GmbH & Co KG, Salzburg",
         extra_chrome=("Jetzt die AlpenPost als E-Paper lesen",)),
    Site("zuercher-rundschau", "zuercher-rundschau.ch", "Zürcher Rundschau", "de", "wp",
         ("#002b5c", "#c8a200", "#ffffff"), canonical=False, meta_published=True, jsonld=True,
         time_datetime=True, date_style="de_num_short", title_sep=" – ",
         nav=("Zürich", "Schweiz", "International", "Wirtschaft", "Sport", "Kultur", "Leben"),
         cookie="Die Zürcher Rundschau verwendet Cookies, um Inhalte zu personalisieren und "
                "die Zugriffe auf die Website zu analysieren.",
         newsletter="Das Wichtigste aus Zürich und der Welt täglich in Ihrer Mailbox – jetzt "
                    "Newsletter abonnieren",
         copyright="© 2024 Zürcher Rundschau AG. Alle Rechte vorbehalten. Eine Weiterverwendung "
                   "der Inhalte ist nur mit Genehmigung der Redaktion gestattet.",
         extra_chrome=("Abo abschliessen und alle Artikel lesen",)),
    Site("globewire", "globewire.com", "GlobeWire", "en", "react", ("#d4001f", "#222222", "#ffffff"),
         jsonld=True, meta_author=True, time_datetime=True, date_style="en_short",
         nav=("World", "Business", "Markets", "Technology", "Sustainability", "Breakingviews",
              "Sports"),
         cookie="GlobeWire and our trusted partners use cookies to personalise content and ads "
                "and to analyse our traffic.",
         newsletter="Stay updated on all the news with the GlobeWire Daily Briefing, delivered "
                    "to your inbox every weekday.",
         copyright="© 2024 GlobeWire News Agency. All rights reserved. Republication or "
                   "redistribution of GlobeWire content is expressly prohibited without prior "
                   "written consent.",
         extra_chrome=("Our Standards: The GlobeWire Trust Principles.",)),
    Site("techledger", "techledger.co.uk", "TechLedger", "en", "wp", ("#2d2d86", "#00b3a4", "#fbfbfb"),
         date_style="en_long", title_sep=" - ",
         nav=("News", "Start-ups", "Fintech", "AI", "Security", "Reviews", "Events", "Jobs"),
         cookie="We use cookies and similar technologies on TechLedger to give you the best "
                "possible experience on our website.",
         newsletter="Stay updated on all the news about technology and the entire world of "
                    "start-ups.",
         copyright="© TechLedger Media Ltd 2024. Registered in England and Wales No. 09876543.",
         extra_chrome=("Register for TechLedger Summit 2025 – early bird tickets now on sale",)),
    Site("marketdaily", "marketdaily.com", "MarketDaily", "en", "paper", ("#0a2540", "#2e8b57", "#ffffff"),
         canonical=False, meta_published=True, meta_author=True, date_style="en_short_time",
         nav=("Markets", "Investing", "Economy", "Personal Finance", "Tech", "Opinion", "Lifestyle"),
         cookie="By clicking “Accept All Cookies”, you agree to the storing of cookies on your "
                "device to enhance site navigation and analyze site usage.",
         newsletter="Get MarketDaily's Morning Bell newsletter and stay updated on all the news "
                    "that moves markets.",
         copyright="© 2024 MarketDaily Inc. All Rights Reserved. Market data delayed at least "
                   "15 minutes.",
         extra_chrome=("Unlock unlimited access to MarketDaily for $1 a week",)),
    Site("notiziario-tech", "notiziario-tech.it", "Notiziario Tech", "it", "react",
         ("#00264d", "#00a651", "#ffffff"), jsonld=True, date_style="it_long",
         nav=("Home", "News", "Intelligenza artificiale", "Smartphone", "Crypto", "Guide",
              "Recensioni"),
         cookie="Questo sito utilizza cookie tecnici e di profilazione, propri e di terze parti, "
                "per migliorare la tua esperienza di navigazione.",
         newsletter="Iscriviti alla newsletter di Notiziario Tech per ricevere ogni mattina le "
                    "notizie più importanti.",
         copyright="© 2024 Notiziario Tech S.r.l. – P.IVA 01234567890 – Tutti i diritti riservati",
         extra_chrome=("Segui Notiziario Tech anche su Telegram e WhatsApp",)),
    Site("corriere-affari", "corriereaffari.it", "Corriere Affari", "it", "legacy",
         ("#7a1f1f", "#d9a400", "#fffdf7"), meta_published=True, date_style="it_num",
         title_sep=" - ",
         nav=("Economia", "Finanza", "Mercati", "Aziende", "Lavoro", "Risparmio", "Tasse"),
         cookie="Noi e terze parti selezionate utilizziamo cookie o tecnologie simili per "
                "finalità tecniche e, con il tuo consenso, anche per altre finalità come "
                "specificato nella cookie policy.",
         newsletter="Iscriviti alla newsletter di Corriere Affari: mercati, aziende e finanza "
                    "ogni giorno nella tua casella.",
         copyright="© Copyright 2024 Corriere Affari Editore S.p.A. – Riproduzione riservata",
         extra_chrome=("Abbonati a Corriere Affari Premium a 1 euro al mese",)),
    Site("il-portale", "ilportale.it", "Il Portale", "it", "modern", ("#e30613", "#003366", "#ffffff"),
         meta_author=True, date_style="it_pub",
         nav=("Cronaca", "Politica", "Economia", "Esteri", "Cultura", "Sport", "Motori", "Cucina"),
         cookie="Il Portale usa i cookie per offrirti un servizio migliore. Proseguendo la "
                "navigazione acconsenti al loro utilizzo.",
         newsletter="Iscriviti alla newsletter del Portale e resta aggiornato su tutte le notizie.",
         copyright="© 2024 Il Portale – Testata registrata presso il Tribunale di Bologna n. 1234 "
                   "del 2010",
         extra_chrome=("Scarica l'app del Portale per iPhone e Android",)),
]}

# Per-language chrome vocabulary.
LANG_CHROME = {
    "de": dict(related="Ähnliche Artikel", popular="Meistgelesen", nl_button="Newsletter abonnieren",
               share="Artikel teilen", share_items=("Auf Facebook teilen", "Auf X teilen",
                                                    "Per WhatsApp teilen", "Link kopieren"),
               comments="{n} Kommentare – Jetzt mitdiskutieren", accept="Alle akzeptieren",
               reject="Nur notwendige Cookies", settings="Einstellungen verwalten",
               footer=("Impressum", "Datenschutz", "AGB", "Kontakt", "Mediadaten",
                       "Datenschutz-Einstellungen"),
               ad="Anzeige", home="Startseite", by="Von", and_="und", read="Lesezeit",
               more="Weitere Artikel aus dem Ressort", top="Zum Seitenanfang",
               login="Anmelden", search="Suche", subscribe="Abo", email="E-Mail-Adresse"),
    "en": dict(related="Related articles", popular="Most popular", nl_button="Sign up",
               share="Share this article", share_items=("Share on Facebook", "Share on X",
                                                        "Share on LinkedIn", "Copy link"),
               comments="{n} comments – Join the conversation", accept="Accept All Cookies",
               reject="Reject all", settings="Manage preferences",
               footer=("About us", "Terms of use", "Privacy policy", "Cookie settings",
                       "Contact us", "Advertise with us"),
               ad="Advertisement", home="Home", by="By", and_="and", read="min read",
               more="More from this section", top="Back to top", login="Sign in", subscribe="Subscribe",
               search="Search", email="Email address"),
    "it": dict(related="Articoli correlati", popular="I più letti",
               nl_button="Iscriviti alla newsletter", share="Condividi l'articolo",
               share_items=("Condividi su Facebook", "Condividi su X", "Condividi su WhatsApp",
                            "Copia link"),
               comments="{n} commenti – Partecipa alla discussione", accept="Accetta tutti",
               reject="Rifiuta", settings="Personalizza",
               footer=("Chi siamo", "Note legali", "Privacy policy", "Cookie policy", "Contatti",
                       "Pubblicità"),
               ad="Pubblicità", home="Home", by="di", and_="e", read="min di lettura",
               more="Altri articoli della sezione", top="Torna su", login="Accedi", subscribe="Abbonati",
               search="Cerca", email="Indirizzo email"),
}
# Which of the vocabulary entries are distinctive enough to be listed as chrome strings.
LANG_CHROME_DISTINCTIVE = ("related", "popular", "nl_button", "share", "accept", "reject",
                           "settings", "more", "top")

# Invented teaser titles for "related" and "most popular" blocks (never real article titles).
TEASERS = {
    "de": (
        "Smartphone-Akkus im Test: Diese Modelle halten am längsten durch",
        "Glasfaser-Ausbau: Warum der Anschluss auf dem Land noch Jahre dauert",
        "Homeoffice-Regeln: Was Arbeitnehmer jetzt wissen müssen",
        "Neue Förderrunde für Wärmepumpen startet im Januar",
        "So sichern Sie Ihr WLAN in fünf einfachen Schritten",
        "Bahnstreik: Diese Verbindungen fallen am Wochenende aus",
        "Mietpreisbremse: Was sich 2025 für Mieter ändert",
        "Die schönsten Wanderwege im Salzkammergut für den Herbst",
        "Inflation im Euroraum sinkt überraschend deutlich",
        "Elektroautos: Diese Ladetarife lohnen sich wirklich",
    ),
    "en": (
        "Ten budget laptops that are actually worth buying this winter",
        "Why your energy bill could rise again in January",
        "The quiet return of the office: what bosses really want",
        "How to stop your phone battery draining overnight",
        "Property market cools as mortgage approvals fall for third month",
        "Five pension mistakes that could cost you thousands",
        "Inside the race to build the world's fastest train",
        "Best streaming deals this week: what's worth your money",
        "Airport chaos: what to do if your flight is cancelled",
        "The best winter coats, tested by our style team",
    ),
    "it": (
        "Bonus casa 2025: cosa cambia per le ristrutturazioni",
        "Smartphone sotto i 300 euro: i migliori modelli del momento",
        "Pensioni, ecco gli aumenti previsti da gennaio",
        "Bollette, come risparmiare sul riscaldamento questo inverno",
        "Treni, sciopero nazionale venerdì: le fasce di garanzia",
        "Mutui, i tassi scendono ancora: conviene rinegoziare?",
        "Le dieci spiagge più belle d'Italia secondo i lettori",
        "Concorsi pubblici, i bandi in scadenza questo mese",
        "Auto elettriche, tutti gli incentivi regione per regione",
        "Come scegliere il vino giusto per il pranzo di Natale",
    ),
}

SECTIONS = {
    "de": {"technology": "technik", "ai": "technik", "crypto": "krypto", "economy": "wirtschaft",
           "business": "wirtschaft", "energy": "wirtschaft", "industry": "wirtschaft",
           "finance": "finanzen", "markets": "finanzen", "politics": "politik", "sports": "sport",
           "weather": "wetter", "culture": "kultur", "food": "genuss", "_": "nachrichten"},
    "en": {"technology": "technology", "ai": "technology", "crypto": "crypto",
           "economy": "business", "business": "business", "energy": "business",
           "industry": "business", "finance": "markets", "markets": "markets",
           "politics": "politics", "sports": "sport", "weather": "weather", "culture": "culture",
           "food": "lifestyle", "_": "news"},
    "it": {"technology": "tecnologia", "ai": "tecnologia", "crypto": "crypto",
           "economy": "economia", "business": "economia", "energy": "economia",
           "industry": "economia", "finance": "finanza", "markets": "finanza",
           "politics": "politica", "sports": "sport", "weather": "meteo", "culture": "cultura",
           "food": "cucina", "_": "notizie"},
}

MONTHS = {
    "de": ("Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September",
           "Oktober", "November", "Dezember"),
    "it": ("gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto",
           "settembre", "ottobre", "novembre", "dicembre"),
    "en": ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December"),
}

FEEDS = [
    dict(file="feeds/techwelt-wirtschaftskurier.xml", format="rss", language="de",
         sites=("techwelt", "wirtschaftskurier"),
         title="TechWelt & WirtschaftsKurier – Nachrichten", home="https://techwelt.de/"),
    dict(file="feeds/alpenpost-zuercher-rundschau.xml", format="atom", language="de",
         sites=("alpenpost", "zuercher-rundschau"),
         title="AlpenPost und Zürcher Rundschau – Schlagzeilen", home="https://alpenpost.at/"),
    dict(file="feeds/english-newswire.xml", format="atom", language="en",
         sites=("globewire", "techledger", "marketdaily"),
         title="GlobeWire, TechLedger and MarketDaily – latest", home="https://globewire.com/"),
    dict(file="feeds/notizie-italia.xml", format="rss", language="it",
         sites=("notiziario-tech", "corriere-affari", "il-portale"),
         title="Notizie dall'Italia – tecnologia ed economia", home="https://ilportale.it/"),
]
LOCALES = {"de": "de_DE", "at": "de_AT", "ch": "de_CH", "uk": "en_GB", "com": "en_US", "it": "it_IT"}
WARC_FILE = "archive/sample.warc.gz"
JSONL_FILE = "articles.jsonl"
# The article whose page is also stored, byte for byte, in the WARC (exact duplicate).
DUPLICATE_ID = "S15-it-2"


# --------------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------------
def stable_int(*parts: str) -> int:
    return zlib.crc32("\x1f".join(parts).encode("utf-8"))


def parse_iso(value: str) -> datetime:
    dt = datetime.fromisoformat(value)
    if dt.tzinfo is None:
        raise ValueError("timestamp has no UTC offset")
    return dt


def visible_date(dt: datetime, style: str) -> str:
    d, m, y = dt.day, dt.month, dt.year
    if style == "de_num":
        return f"{d:02d}.{m:02d}.{y}, {dt:%H:%M} Uhr"
    if style == "de_num_short":
        return f"{d:02d}.{m:02d}.{y}"
    if style == "de_long":
        return f"{d}. {MONTHS['de'][m - 1]} {y}"
    if style == "en_short":
        return f"{MONTHS['en'][m - 1][:3]} {d}, {y}"
    if style == "en_short_time":
        hour = dt.hour % 12 or 12
        ampm = "a.m." if dt.hour < 12 else "p.m."
        return f"{MONTHS['en'][m - 1][:3]}. {d}, {y} {hour}:{dt.minute:02d} {ampm}"
    if style == "en_long":
        return f"{d} {MONTHS['en'][m - 1]} {y}"
    if style == "it_long":
        return f"{d} {MONTHS['it'][m - 1]} {y}"
    if style == "it_num":
        return f"{d:02d}/{m:02d}/{y} ore {dt:%H:%M}"
    if style == "it_pub":
        return f"Pubblicato il {d} {MONTHS['it'][m - 1]} {y}"
    raise ValueError(style)


def join_names(names: list[str], lang: str) -> str:
    if not names:
        return ""
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + f" {LANG_CHROME[lang]['and_']} " + names[-1]


def utc_z(dt: datetime) -> str:
    return dt.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


# --------------------------------------------------------------------------------------------
# Content loading and validation
# --------------------------------------------------------------------------------------------
@dataclass
class Article:
    data: dict
    story: str
    file: str
    categories: list[str]
    site: Site = None
    url: str = ""
    section: str = ""
    out_file: str = ""

    def __getitem__(self, key):
        return self.data[key]

    def get(self, key, default=None):
        return self.data.get(key, default)


@dataclass
class Problems:
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    bad_articles: set = field(default_factory=set)   # (file, article id)
    bad_files: set = field(default_factory=set)

    def error(self, file: str, art: str | None, msg: str, skip: bool = True):
        """Record a problem. skip=False: a schema deviation that is reported (and makes the exit
        status 1) but does not keep the article out of the corpus."""
        where = f"{file}" + (f" [{art}]" if art else "")
        self.errors.append(f"ERROR {where}: {msg}" + ("" if skip else " (article kept)"))
        if not skip:
            return
        if art:
            self.bad_articles.add((file, art))
        else:
            self.bad_files.add(file)

    def warn(self, file: str, art: str | None, msg: str):
        where = f"{file}" + (f" [{art}]" if art else "")
        self.warnings.append(f"WARNING {where}: {msg}")


def _check_money(p: Problems, f: str, aid: str, slot: str, v) -> None:
    if not isinstance(v, dict) or not isinstance(v.get("value"), (int, float)) \
            or not re.fullmatch(r"[A-Z]{3}", str(v.get("currency", ""))):
        p.error(f, aid, f"event slot {slot!r} must be {{value: number, currency: ISO code}}, got {v!r}", skip=False)


def validate_event(p: Problems, f: str, aid: str, ev, paragraphs: list[str]) -> None:
    if not isinstance(ev, dict):
        p.error(f, aid, f"event is not an object: {ev!r}", skip=False)
        return
    # a slot set to null means "not stated": treated as absent (dropped from gold.json)
    for k in [k for k, v in ev.items() if v is None and k not in ("type", "evidence")]:
        del ev[k]
    if ev.get("type") not in EVENT_TYPES:
        p.error(f, aid, f"unknown event type {ev.get('type')!r}", skip=False)
    unknown = set(ev) - EVENT_SLOTS
    if unknown:
        p.error(f, aid, f"event {ev.get('type')!r} has unknown slots {sorted(unknown)}", skip=False)
    evidence = ev.get("evidence")
    if not isinstance(evidence, str) or not evidence.strip():
        p.error(f, aid, f"event {ev.get('type')!r} has no evidence string", skip=False)
    elif not any(evidence in para for para in paragraphs):
        p.error(f, aid, f"evidence not found verbatim in paragraphs: {evidence!r}", skip=False)
    if "count" in ev:
        c = ev["count"]
        if not (isinstance(c, dict) and isinstance(c.get("min"), int)
                and isinstance(c.get("max"), int) and c["min"] <= c["max"]):
            p.error(f, aid, f"event slot 'count' must be {{min:int, max:int}} with min<=max, got {c!r}", skip=False)
    for slot in ("amount", "price"):
        if slot in ev:
            _check_money(p, f, aid, slot, ev[slot])
    relocation_place = (
        ev.get("type") == "relocation" and isinstance(ev.get("place"), dict) and set(ev["place"]) <= {"from", "to"}
    )
    if "place" in ev and ev["place"] is not None and not relocation_place and not (isinstance(ev["place"], str) or (
            isinstance(ev["place"], list) and all(isinstance(x, str) for x in ev["place"]))):
        p.error(f, aid, f"event slot 'place' must be a string or list of strings, got {ev['place']!r}", skip=False)
    if "date" in ev:
        # ISO 8601, reduced precision allowed: 2024, 2024-06, 2024-06-30, or a full timestamp
        d = str(ev["date"])
        ok = bool(re.fullmatch(r"\d{4}(-(0[1-9]|1[0-2]))?", d))
        if not ok:
            try:
                datetime.fromisoformat(d)
                ok = True
            except ValueError:
                pass
        if not ok:
            p.error(f, aid, f"event slot 'date' is not ISO 8601 (YYYY, YYYY-MM, YYYY-MM-DD): {d!r}", skip=False)


def load_content(p: Problems) -> tuple[dict, list[Article]]:
    """Load and validate every content file. Returns (stories, articles) of the valid ones."""
    stories: dict[str, dict] = {}
    articles: list[Article] = []
    files = sorted(SRC_DIR.glob("*.json"))
    for path in files:
        f = str(path.relative_to(ROOT))
        try:
            doc = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
            p.error(f, None, f"cannot be read as JSON ({e}); whole file skipped")
            continue
        if not isinstance(doc, dict):
            p.error(f, None, "top level is not an object; whole file skipped")
            continue
        sid = doc.get("story")
        if not isinstance(sid, str) or not re.fullmatch(r"[SU]\d{2,}", sid):
            p.error(f, None, f"'story' must look like S01 or U01, got {sid!r}; whole file skipped")
            continue
        if path.stem != sid:
            p.error(f, None, f"story id {sid!r} does not match the file name; whole file skipped")
            continue
        if sid in stories:
            p.error(f, None, f"duplicate story id {sid!r}; whole file skipped")
            continue
        topic, cats, arts = doc.get("topic"), doc.get("categories"), doc.get("articles")
        bad = False
        if not isinstance(topic, str) or not topic.strip():
            p.error(f, None, "'topic' missing or empty"); bad = True
        if not isinstance(cats, list) or not cats or not all(isinstance(c, str) for c in cats):
            p.error(f, None, "'categories' must be a non-empty list of strings"); bad = True
        if not isinstance(arts, list) or not arts:
            p.error(f, None, "'articles' must be a non-empty list"); bad = True
        unknown = set(doc) - {"story", "topic", "categories", "articles"}
        if unknown:
            p.warn(f, None, f"unknown top-level keys {sorted(unknown)} (ignored)")
        if bad:
            p.error(f, None, "whole file skipped")
            continue
        if sid.startswith("U") and len(arts) != 1:
            p.warn(f, None, f"unrelated story {sid} has {len(arts)} articles (expected 1)")
        stories[sid] = {"topic": topic, "categories": [c.lower() for c in cats], "file": f}
        for i, a in enumerate(arts):
            if not isinstance(a, dict) or not isinstance(a.get("id"), str):
                p.error(f, f"article #{i + 1}", "article is not an object with a string 'id'")
                continue
            articles.append(Article(a, sid, f, stories[sid]["categories"]))

    # ---- per-article checks
    ids: dict[str, Article] = {}
    slugs: dict[str, str] = {}
    for art in articles:
        a, f, aid = art.data, art.file, art["id"]
        if aid in ids:
            p.error(f, aid, f"duplicate article id (also in {ids[aid].file})")
            continue
        ids[aid] = art
        if not aid.startswith(art.story + "-"):
            p.error(f, aid, f"article id must start with the story id '{art.story}-'")
        missing = ARTICLE_KEYS - set(a)
        if missing:
            p.error(f, aid, f"missing keys {sorted(missing)}")
            continue
        unknown = set(a) - ARTICLE_KEYS - ARTICLE_EXTRA_KEYS
        if unknown:
            p.warn(f, aid, f"unknown keys {sorted(unknown)} (ignored)")
        for key in ("title", "lead", "slug", "published", "language", "site", "delivery"):
            if not isinstance(a[key], str) or not a[key].strip():
                p.error(f, aid, f"{key!r} must be a non-empty string")
        if p.bad_articles and (f, aid) in p.bad_articles:
            continue
        site = SITES.get(a["site"])
        if site is None:
            p.error(f, aid, f"unknown site key {a['site']!r} (known: {', '.join(SITES)})")
        elif a["language"] != site.language:
            p.error(f, aid, f"language {a['language']!r} does not match site {site.key!r} "
                            f"({site.language})")
        art.site = site
        if a["language"] not in LANGUAGES:
            p.error(f, aid, f"unknown language {a['language']!r}")
        if not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", a["slug"]):
            p.error(f, aid, f"slug {a['slug']!r} must be lowercase ASCII words joined by '-'")
        if a["slug"] in RESERVED_SLUGS:
            p.error(f, aid, f"slug {a['slug']!r} is reserved for broken/ files")
        if a["slug"] in slugs:
            p.error(f, aid, f"slug {a['slug']!r} already used by {slugs[a['slug']]}")
        else:
            slugs[a["slug"]] = aid
        try:
            parse_iso(a["published"])
        except ValueError as e:
            p.error(f, aid, f"'published' {a['published']!r} is not ISO 8601 with offset ({e})")
        if not isinstance(a["authors"], list) or not all(isinstance(x, str) and x.strip()
                                                          for x in a["authors"]):
            p.error(f, aid, "'authors' must be a list of non-empty strings")
        paras = a["paragraphs"]
        if not isinstance(paras, list) or not paras or not all(
                isinstance(x, str) and x.strip() for x in paras):
            p.error(f, aid, "'paragraphs' must be a non-empty list of non-empty strings")
            paras = []
        if a["delivery"] not in DELIVERIES:
            p.error(f, aid, f"unknown delivery {a['delivery']!r} (known: {', '.join(DELIVERIES)})")
        if not isinstance(a["events"], list):
            p.error(f, aid, "'events' must be a list")
        else:
            for ev in a["events"]:
                validate_event(p, f, aid, ev, paras)
        text = "\n".join([a["title"], a["lead"], *paras])
        for extra in ("leftovers",):
            if extra in a:
                if not isinstance(a[extra], list) or not all(isinstance(x, str) for x in a[extra]):
                    p.error(f, aid, "'leftovers' must be a list of strings")
                else:
                    for lo in a[extra]:
                        if lo not in text:
                            p.error(f, aid, f"leftover {lo!r} does not occur in title/lead/paragraphs")
        if a.get("machine_translated_from") not in (None, *LANGUAGES):
            p.error(f, aid, f"machine_translated_from must be a language code")
        if a.get("broken") not in (None, *BROKEN_KINDS):
            p.error(f, aid, f"unknown 'broken' kind {a.get('broken')!r}")
        if a.get("broken") and a["delivery"] != "html":
            p.error(f, aid, "'broken' pages must have delivery 'html'")

    # ---- cross-article checks
    for art in articles:
        a, f, aid = art.data, art.file, art["id"]
        if ids.get(aid) is not art:
            continue
        for key in ("near_copy_of", "translation_of"):
            ref = a.get(key)
            if ref is None:
                continue
            if ref == aid:
                p.error(f, aid, f"{key} points to the article itself")
            elif ref not in ids:
                p.error(f, aid, f"{key} {ref!r} is not a known article id")
            elif ids[ref].story != art.story:
                p.error(f, aid, f"{key} {ref!r} belongs to story {ids[ref].story}, not {art.story}")
            elif key == "near_copy_of" and ids[ref].get("near_copy_of"):
                p.warn(f, aid, f"near_copy_of points to {ref!r}, which is itself a near copy")
            elif key == "near_copy_of":
                orig = ids[ref]
                if orig.get("language") != a.get("language"):
                    p.error(f, aid, f"near copy of {ref!r} is in another language "
                                    f"(use translation_of for translations)")
                ratio = difflib.SequenceMatcher(
                    None, "\n".join(orig.get("paragraphs") or []),
                    "\n".join(a.get("paragraphs") or []), autojunk=False).ratio()
                if ratio < 0.75:
                    p.warn(f, aid, f"near copy of {ref!r} shares only {ratio:.0%} of its body "
                                   f"with the original (expected small edits)")
                if orig.get("site") == a.get("site"):
                    p.warn(f, aid, f"near copy of {ref!r} is on the same site")

    # drop bad articles, and copies of bad articles, loudly
    bad_ids = {aid for (_f, aid) in p.bad_articles}
    changed = True
    while changed:
        changed = False
        for art in articles:
            if art["id"] in bad_ids:
                continue
            for key in ("near_copy_of", "translation_of"):
                ref = art.get(key)
                if ref and ref in bad_ids:
                    p.error(art.file, art["id"], f"{key} {ref!r} was skipped, so this is skipped too")
                    bad_ids.add(art["id"])
                    changed = True
    good: list[Article] = []
    seen = set()
    for art in articles:
        if art["id"] in bad_ids or art["id"] in seen:
            p.errors.append(f"SKIPPED {art.file} [{art['id']}]: not rendered because of the errors above")
            continue
        seen.add(art["id"])
        good.append(art)
    for sid in list(stories):
        if not any(a.story == sid for a in good):
            p.errors.append(f"SKIPPED story {sid}: no valid articles")
            del stories[sid]
    return stories, good


# --------------------------------------------------------------------------------------------
# Page rendering
# --------------------------------------------------------------------------------------------
def section_for(art_lang: str, categories: list[str]) -> str:
    table = SECTIONS[art_lang]
    for c in categories:
        if c in table:
            return table[c]
    return table["_"]


def pick(pool: tuple[str, ...], n: int, *seed: str, exclude=()) -> list[str]:
    rnd = random.Random(stable_int(*seed))
    items = [t for t in pool if t not in exclude]
    rnd.shuffle(items)
    return items[:n]


def css(site: Site) -> str:
    p, a, bg = site.palette
    fam = site.family
    base = (f"body{{margin:0;background:{bg};color:#1b1b1b;font-family:"
            f"{'Georgia,serif' if fam in ('paper', 'legacy') else 'Helvetica,Arial,sans-serif'};}}"
            f"a{{color:{p};text-decoration:none}}a:hover{{text-decoration:underline}}"
            f".consent{{position:fixed;bottom:0;left:0;right:0;background:#fff;border-top:3px solid {a};"
            f"padding:16px;z-index:9999;box-shadow:0 -2px 8px rgba(0,0,0,.2)}}"
            f".consent button{{margin-right:8px;padding:6px 14px;border:1px solid {p};"
            f"background:{p};color:#fff}}")
    extra = {
        "modern": f"header.site-header{{background:{p};color:#fff;padding:12px 24px}}"
                  f"header.site-header a{{color:#fff}}.nav-main ul{{display:flex;gap:18px;list-style:none}}"
                  f".article__lead{{font-size:1.25rem;font-weight:600}}.layout{{display:grid;"
                  f"grid-template-columns:2fr 1fr;gap:32px;max-width:1180px;margin:0 auto}}",
        "paper": f".masthead{{text-align:center;font-size:3rem;font-family:'Times New Roman',serif;"
                 f"border-bottom:4px double {p}}}.row{{display:flex}}.col-8{{width:66%}}.col-4{{width:34%}}"
                 f".story-headline{{font-size:2.4rem}}.kicker{{color:{a};text-transform:uppercase}}",
        "legacy": f"#wrapper{{width:980px;margin:0 auto;background:#fff}}#top{{background:{p};"
                  f"height:90px}}.menu a{{color:#fff;padding:0 10px;font-weight:bold}}"
                  f"#col-left{{float:left;width:640px}}#col-right{{float:right;width:300px}}"
                  f"#footer{{clear:both;background:#333;color:#ccc;font-size:11px}}",
        "wp": f"#masthead{{border-bottom:1px solid #ddd}}.main-navigation li{{display:inline-block;"
              f"margin:0 12px}}.entry-title{{font-size:2.2em;color:{p}}}#secondary{{float:right;"
              f"width:30%}}.widget-title{{border-bottom:2px solid {a}}}",
        "react": f".css-1q2w3e{{display:flex;align-items:center;height:64px;border-bottom:4px solid {p}}}"
                 f".css-9k8j7h{{max-width:1040px;margin:0 auto}}.css-headline{{font-size:40px;"
                 f"line-height:1.15}}.css-rail{{border-left:1px solid #e0e0e0;padding-left:20px}}",
    }[fam]
    return base + extra


def head(site: Site, art: dict, url: str, title_text: str | None = None) -> str:
    lang = site.language
    title_text = title_text if title_text is not None else art["title"]
    dt = art["published"]
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{ {"de": "de-" + site.domain.rsplit(".", 1)[1].upper(), "en": "en", "it": "it-IT"}[lang] }">',
        "<head>",
        '<meta charset="utf-8">',
        f"<title>{esc(title_text)}{esc(site.title_sep)}{esc(site.name)}</title>",
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f'<meta name="description" content="{esc(art["lead"])}">',
        '<meta name="robots" content="index, follow, max-image-preview:large">',
    ]
    if site.canonical:
        parts.append(f'<link rel="canonical" href="{esc(url)}">')
    parts += [
        f'<meta property="og:type" content="article">',
        f'<meta property="og:title" content="{esc(art["title"])}">',
        f'<meta property="og:description" content="{esc(art["lead"])}">',
        f'<meta property="og:url" content="{esc(url)}">',
        f'<meta property="og:image" content="https://{site.domain}/media/{esc(art["slug"])}-1200x630.jpg">',
        f'<meta property="og:locale" content="{LOCALES[site.domain.rsplit(".", 1)[1]]}">',
    ]
    if site.og_site_name:
        parts.append(f'<meta property="og:site_name" content="{esc(site.name)}">')
    parts.append('<meta name="twitter:card" content="summary_large_image">')
    if site.meta_published:
        parts.append(f'<meta property="article:published_time" content="{esc(dt)}">')
        parts.append(f'<meta property="article:section" content="{esc(art.get("_section", ""))}">')
    if site.meta_author and art["authors"]:
        parts.append(f'<meta name="author" content="{esc(", ".join(art["authors"]))}">')
    if site.jsonld:
        ld = {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": art["title"],
            "description": art["lead"],
            "datePublished": dt,
            "dateModified": dt,
            "inLanguage": lang,
            "author": [{"@type": "Person", "name": n} for n in art["authors"]],
            "publisher": {"@type": "Organization", "name": site.name,
                          "logo": {"@type": "ImageObject",
                                   "url": f"https://{site.domain}/static/logo.png"}},
            "mainEntityOfPage": {"@type": "WebPage", "@id": url},
            "image": [f"https://{site.domain}/media/{art['slug']}-1200x630.jpg"],
        }
        ld_text = json.dumps(ld, ensure_ascii=False, indent=1).replace("</", "<\\/")
        parts.append(f'<script type="application/ld+json">\n{ld_text}\n</script>')
    parts += [
        f'<link rel="stylesheet" href="https://{site.domain}/static/css/main.{stable_int(site.key) % 99991:05d}.css">',
        f'<link rel="icon" href="https://{site.domain}/favicon.ico">',
        f'<link rel="alternate" type="application/rss+xml" title="{esc(site.name)}" href="https://{site.domain}/feed">',
        f"<style>{css(site)}</style>",
        "<script>window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments);}"
        f"gtag('js',new Date());gtag('config','G-{stable_int(site.domain) % 10**8:08d}');</script>",
        f'<script async src="https://securepubads.g.doubleclick.net/tag/js/gpt.js"></script>',
        "</head>",
    ]
    return "\n".join(parts)


def chrome_bits(site: Site, art: dict, url: str) -> dict:
    """All chrome snippets for one page, already HTML."""
    L = LANG_CHROME[site.language]
    lang = site.language
    for k in LANG_CHROME_DISTINCTIVE:
        chrome(L[k])
    seed = (site.key, art["slug"])
    related = pick(TEASERS[lang], 4, "rel", *seed)
    popular = pick(TEASERS[lang], 5, "pop", *seed, exclude=related)
    n_comments = stable_int("c", *seed) % 180 + 3
    comments_line = L["comments"].format(n=n_comments)
    chrome(L["comments"].split("– ")[1])

    def teaser_list(titles, cls, ordered=False):
        tag = "ol" if ordered else "ul"
        items = "".join(
            f'<li class="{cls}__item"><a href="https://{site.domain}/{section_for(lang, ["_"])}/'
            f'{stable_int(t) % 900000 + 100000}">{chrome(t)}</a></li>' for t in titles)
        return f'<{tag} class="{cls}__list">{items}</{tag}>'

    nav = "".join(f'<li><a href="https://{site.domain}/{esc(n.lower().replace(" ", "-"))}">'
                  f"{esc(n)}</a></li>" for n in site.nav)
    share = "".join(f'<a class="share-btn" href="#" rel="nofollow">{chrome(s)}</a>'
                    for s in L["share_items"])
    footer_links = " ".join(f'<a href="https://{site.domain}/{esc(x.lower().replace(" ", "-"))}">'
                            f"{esc(x)}</a>" for x in L["footer"])
    extra = " ".join(chrome(x) for x in site.extra_chrome)
    read_also = {"de": "Lesen Sie auch", "en": "Read more", "it": "Leggi anche"}[lang]
    inline_t = pick(TEASERS[lang], 1, "inline", *seed, exclude=related + popular)[0]
    inline = (f'<aside class="inline-teaser"><strong>{chrome(read_also)}:</strong> '
              f'<a href="https://{site.domain}/{section_for(lang, ["_"])}/'
              f'{stable_int(inline_t) % 900000 + 100000}">{chrome(inline_t)}</a></aside>')
    return dict(
        nav=nav,
        cookie=(f'<div class="consent" id="consent-banner" role="dialog" aria-live="polite">'
                f"<p>{chrome(site.cookie)}</p><button>{chrome(L['accept'])}</button>"
                f"<button>{chrome(L['reject'])}</button><a href=\"#\">{chrome(L['settings'])}</a></div>"),
        related_title=chrome(L["related"]),
        related=teaser_list(related, "related"),
        popular_title=chrome(L["popular"]),
        popular=teaser_list(popular, "popular", ordered=True),
        newsletter=(f'<form class="newsletter" action="https://{site.domain}/newsletter" method="post">'
                    f"<p>{chrome(site.newsletter)}</p><input type=\"email\" placeholder=\""
                    f"{esc(L['email'])}\"><button type=\"submit\">{chrome(L['nl_button'])}</button></form>"),
        share_title=chrome(L["share"]),
        share=share,
        comments=(f'<div class="comments-teaser"><a href="{esc(url)}#comments">{esc(comments_line)}</a></div>'),
        ad=f'<div class="ad-slot" data-ad-unit="/{stable_int(site.key) % 10**6}/{site.key}/article">'
           f'<span class="ad-label">{esc(L["ad"])}</span></div>',
        footer=(f"<nav class=\"footer-links\">{footer_links}</nav><p class=\"copyright\">"
                f"{chrome(site.copyright)}</p><a href=\"#top\" class=\"to-top\">{chrome(L['top'])}</a>"),
        promo=f'<div class="promo">{extra}</div>',
        inline=inline,
        home=esc(L["home"]),
        more=chrome(L["more"]),
        login=esc(L["login"]),
        subscribe=esc(L["subscribe"]),
        search=esc(L["search"]),
    )


def meta_line(site: Site, art: dict) -> tuple[str, str]:
    """(byline html, date html) as shown on the page."""
    lang = site.language
    dt = parse_iso(art["published"])
    shown = esc(visible_date(dt, site.date_style))
    date_html = (f'<time datetime="{esc(art["published"])}">{shown}</time>' if site.time_datetime
                 else f'<span class="date">{shown}</span>')
    byline = ""
    if site.byline and art["authors"]:
        names = [f'<a rel="author" href="https://{site.domain}/autor/{esc(re.sub(r"[^a-z]+", "-", n.lower()))}">'
                 f"{esc(n)}</a>" for n in art["authors"]]
        if len(names) > 1:
            names_html = ", ".join(names[:-1]) + f" {LANG_CHROME[lang]['and_']} " + names[-1]
        else:
            names_html = names[0]
        byline = f'<span class="byline">{LANG_CHROME[lang]["by"]} {names_html}</span>'
    return byline, date_html


def body_html(art: dict, inline: str = "", after: int = 2) -> str:
    """Paragraphs as <p>; `inline` (chrome HTML) is inserted after paragraph `after`."""
    paras = [f"<p>{esc(p)}</p>" for p in art["paragraphs"]]
    if inline and len(paras) > after + 1:
        paras.insert(after, inline)
    return "\n".join(paras)


def reading_time(art: dict, lang: str) -> str:
    words = sum(len(p.split()) for p in art["paragraphs"])
    n = max(1, round(words / 200))
    return {"de": f"{n} Min. {LANG_CHROME['de']['read']}", "en": f"{n} {LANG_CHROME['en']['read']}",
            "it": f"{n} {LANG_CHROME['it']['read']}"}[lang]


def render_article(site: Site, art: dict, url: str, section: str) -> str:
    art = dict(art, _section=section)
    c = chrome_bits(site, art, url)
    byline, date_html = meta_line(site, art)
    sec_label = esc(section.capitalize())
    crumbs = (f'<a href="https://{site.domain}/">{c["home"]}</a> › '
              f'<a href="https://{site.domain}/{section}">{sec_label}</a>')
    t, lead = esc(art["title"]), esc(art["lead"])
    body = body_html(art, c["inline"] if site.family in ("modern", "react", "legacy") else "")
    rt = esc(reading_time(art, site.language))
    fam = site.family
    logo = esc(site.name)
    if fam == "modern":
        page = f"""<body class="article-page">
<a class="skip-link" href="#content">Skip</a>
{c['cookie']}
<header class="site-header">
 <div class="site-header__top"><a class="logo" href="https://{site.domain}/">{logo}</a>
 <a class="login" href="https://{site.domain}/login">{c['login']}</a>
 <form class="search" role="search"><input type="search" placeholder="{c['search']}"></form></div>
 <nav class="nav-main" aria-label="Hauptnavigation"><ul>{c['nav']}</ul></nav>
</header>
{c['ad']}
<div class="layout">
<main id="content">
 <nav class="breadcrumbs" aria-label="breadcrumb">{crumbs}</nav>
 <article class="article">
  <header class="article__header">
   <span class="article__kicker">{sec_label}</span>
   <h1 class="article__title">{t}</h1>
   <p class="article__lead">{lead}</p>
   <div class="article__meta">{byline} · {date_html} · <span class="reading-time">{rt}</span></div>
  </header>
  <figure class="article__image"><img src="https://{site.domain}/media/{esc(art['slug'])}-960.jpg" alt="" loading="lazy"></figure>
  <div class="article__body">
{body}
  </div>
  <footer class="article__footer"><div class="share"><span>{c['share_title']}</span>{c['share']}</div></footer>
 </article>
 <section class="related"><h2>{c['related_title']}</h2>{c['related']}</section>
 {c['comments']}
</main>
<aside class="sidebar">
 {c['ad']}
 <section class="most-read"><h2>{c['popular_title']}</h2>{c['popular']}</section>
 {c['newsletter']}
 {c['promo']}
</aside>
</div>
<footer class="site-footer">{c['footer']}</footer>
</body>"""
    elif fam == "paper":
        page = f"""<body>
{c['cookie']}
<div class="topbar"><span class="topbar__date">{esc(visible_date(parse_iso(art['published']), 'de_long' if site.language == 'de' else 'en_long'))}</span>
 <a href="https://{site.domain}/subscribe">{c['subscribe']}</a> <a href="https://{site.domain}/login">{c['login']}</a></div>
<header class="masthead"><a href="https://{site.domain}/">{logo}</a></header>
<nav class="primary-nav"><ul>{c['nav']}</ul></nav>
{c['ad']}
<div class="container"><div class="row">
 <div class="col-8">
  <div class="breadcrumb">{crumbs}</div>
  <main role="main">
  <article class="story" id="story-{stable_int(art['slug']) % 10**7}">
   <div class="kicker">{sec_label}</div>
   <h1 class="story-headline">{t}</h1>
   <h2 class="story-summary">{lead}</h2>
   <div class="story-byline">{byline} <span class="sep">|</span> {date_html}</div>
   <div class="story-tools"><span>{c['share_title']}</span>{c['share']}</div>
   <div class="story-body">
{body}
   </div>
  </article>
  </main>
  {c['newsletter']}
  <div class="more-in-section"><h3>{c['more']}</h3>{c['related']}</div>
  {c['comments']}
 </div>
 <div class="col-4 sidebar">
  {c['ad']}
  <div class="box-popular"><h3>{c['popular_title']}</h3>{c['popular']}</div>
  {c['promo']}
 </div>
</div></div>
<footer class="page-footer"><div class="container">{c['footer']}</div></footer>
</body>"""
    elif fam == "legacy":
        page = f"""<body id="top">
{c['cookie']}
<div id="wrapper">
<div id="top-bar"><a href="https://{site.domain}/"><img src="https://{site.domain}/img/logo.gif" alt="{logo}" width="300" height="80"></a>{c['ad']}</div>
<div class="menu">{c['nav'].replace('<li>', '').replace('</li>', ' | ')}</div>
<div class="pfad">{crumbs}</div>
<div id="col-left">
<article class="artikel">
<h1 class="titel">{t}</h1>
<div class="info">{date_html} {byline}</div>
<p class="vorspann"><strong>{lead}</strong></p>
<div class="text">
{body}
</div>
</article>
<div class="teilen"><b>{c['share_title']}:</b> {c['share']}</div>
<div class="box-verwandt"><h3>{c['related_title']}</h3>{c['related']}</div>
{c['comments']}
</div>
<div id="col-right">
<div class="box"><h3>{c['popular_title']}</h3>{c['popular']}</div>
{c['newsletter']}
{c['ad']}
{c['promo']}
</div>
<div id="footer">{c['footer']}</div>
</div>
</body>"""
    elif fam == "wp":
        page = f"""<body class="post-template-default single single-post postid-{stable_int(art['slug']) % 99999} single-format-standard">
<div id="page" class="site">
{c['cookie']}
<header id="masthead" class="site-header">
 <div class="site-branding"><p class="site-title"><a href="https://{site.domain}/" rel="home">{logo}</a></p></div>
 <nav id="site-navigation" class="main-navigation"><ul id="primary-menu" class="menu">{c['nav']}</ul></nav>
</header>
<div id="content" class="site-content">
 <div class="breadcrumbs" typeof="BreadcrumbList">{crumbs}</div>
 <div id="primary" class="content-area">
 <main id="main" class="site-main">
 <article id="post-{stable_int(art['slug']) % 99999}" class="post type-post status-publish format-standard hentry">
  <header class="entry-header">
   <h1 class="entry-title">{t}</h1>
   <div class="entry-meta">{date_html} {byline}</div>
  </header>
  <div class="entry-content">
<p class="standfirst"><em>{lead}</em></p>
{body}
  </div>
  <footer class="entry-footer"><div class="sharedaddy"><h3 class="sd-title">{c['share_title']}</h3>{c['share']}</div></footer>
 </article>
 <div class="jp-relatedposts"><h3 class="jp-relatedposts-headline">{c['related_title']}</h3>{c['related']}</div>
 {c['comments']}
 </main>
 </div>
 <aside id="secondary" class="widget-area">
  <section class="widget widget_search"><form role="search"><input type="search" placeholder="{c['search']}"></form></section>
  <section class="widget widget_top-posts"><h2 class="widget-title">{c['popular_title']}</h2>{c['popular']}</section>
  <section class="widget widget_newsletter">{c['newsletter']}</section>
  <section class="widget widget_text">{c['ad']}{c['promo']}</section>
 </aside>
</div>
<footer id="colophon" class="site-footer"><div class="site-info">{c['footer']}</div></footer>
</div>
</body>"""
    elif fam == "react":
        next_data = json.dumps({"props": {"pageProps": {"articleId": f"{stable_int(art['slug']):010d}",
                                                         "section": section, "paywall": False}},
                                "page": "/[section]/[slug]",
                                "buildId": f"b{stable_int(site.key) % 10**6:06d}"})
        page = f"""<body>
<div id="__next"><div class="css-9k8j7h app-root">
{c['cookie']}
<header class="css-1q2w3e"><a class="css-logo" href="https://{site.domain}/" aria-label="{logo}">{logo}</a>
<nav class="css-nav" aria-label="Main"><ul class="css-nav-list">{c['nav']}</ul></nav></header>
{c['ad']}
<main class="css-main" id="main-content"><div class="css-grid">
<div class="css-col">
<nav class="css-breadcrumbs" aria-label="Breadcrumb">{crumbs}</nav>
<article class="css-article" data-testid="article">
<header class="css-article-header">
<h1 class="css-headline" data-testid="Heading">{t}</h1>
<p class="css-standfirst">{lead}</p>
<div class="css-byline" data-testid="Byline">{byline}<span class="css-dot">·</span>{date_html}<span class="css-dot">·</span><span>{rt}</span></div>
</header>
<div class="css-body" data-testid="article-body">
{body}
</div>
</article>
<div class="css-share" role="group"><span>{c['share_title']}</span>{c['share']}</div>
{c['comments']}
</div>
<aside class="css-rail">
<section class="css-most-read"><h2>{c['popular_title']}</h2>{c['popular']}</section>
{c['ad']}
</aside>
</div>
<section class="css-related"><h2>{c['related_title']}</h2>{c['related']}</section>
{c['newsletter']}
{c['promo']}
</main>
<footer class="css-footer">{c['footer']}</footer>
</div></div>
<script id="__NEXT_DATA__" type="application/json">{next_data}</script>
</body>"""
    else:
        raise ValueError(fam)
    return head(site, art, url) + "\n" + page + "\n</html>\n"


def render_index_page(site: Site, teasers: list[tuple[str, str]]) -> str:
    """A section front: only teaser links, no article."""
    lang = site.language
    fake = {"title": {"de": "Nachrichten aus Österreich und der Welt", "en": "Latest news",
                      "it": "Ultime notizie"}[lang],
            "lead": {"de": "Aktuelle Nachrichten, Hintergründe und Kommentare.",
                     "en": "The latest headlines.", "it": "Tutte le notizie di oggi."}[lang],
            "published": "2024-11-20T06:00:00+01:00", "authors": [], "slug": "index-page",
            "paragraphs": []}
    c = chrome_bits(site, fake, f"https://{site.domain}/")
    items = "\n".join(
        f'<li class="teaser"><span class="teaser__kicker">{esc(k)}</span> '
        f'<a class="teaser__link" href="{esc(u)}"><h3 class="teaser__title">{esc(t)}</h3></a></li>'
        for (t, u), k in zip(teasers, [n for n in site.nav] * 10))
    body = f"""<body class="front">
{c['cookie']}
<div id="wrapper">
<div id="top-bar"><a href="https://{site.domain}/">{esc(site.name)}</a>{c['ad']}</div>
<div class="menu"><ul>{c['nav']}</ul></div>
<main id="col-left" class="front-page">
<h1 class="section-title">{esc(fake['title'])}</h1>
<ul class="teaser-list">
{items}
</ul>
<div class="box"><h3>{c['popular_title']}</h3>{c['popular']}</div>
</main>
<div id="col-right">{c['newsletter']}{c['promo']}</div>
<div id="footer">{c['footer']}</div>
</div>
</body>"""
    return head(site, fake, f"https://{site.domain}/", title_text=fake["title"]) + "\n" + body + "\n</html>\n"


# --------------------------------------------------------------------------------------------
# Feeds, JSONL, WARC, broken files
# --------------------------------------------------------------------------------------------
def rss_feed(spec: dict, items: list[Article]) -> str:
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" '
           'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom">',
           "<channel>",
           f"<title>{xml_escape(spec['title'])}</title>",
           f"<link>{xml_escape(spec['home'])}</link>",
           f'<atom:link href="{xml_escape(spec["home"])}{spec["file"]}" rel="self" type="application/rss+xml"/>',
           f"<description>{xml_escape(spec['title'])}</description>",
           f"<language>{spec['language']}</language>"]
    if items:
        last = max(parse_iso(a["published"]) for a in items)
        out.append(f"<lastBuildDate>{format_datetime(last)}</lastBuildDate>")
    for a in items:
        site = a.site
        out += ["<item>",
                f"<title>{xml_escape(a['title'])}</title>",
                f"<link>{xml_escape(a.url)}</link>",
                f'<guid isPermaLink="true">{xml_escape(a.url)}</guid>',
                f"<pubDate>{format_datetime(parse_iso(a['published']))}</pubDate>"]
        out += [f"<dc:creator>{xml_escape(n)}</dc:creator>" for n in a["authors"]]
        out += [f"<category>{xml_escape(c)}</category>" for c in a.categories]
        out.append(f"<description>{xml_escape(a['lead'])}</description>")
        if a["delivery"] == "feed-content":
            content = body_html(a.data).replace("]]>", "]]]]><![CDATA[>")
            out.append(f"<content:encoded><![CDATA[{content}]]></content:encoded>")
        out.append(f'<source url="https://{site.domain}/feed">{xml_escape(site.name)}</source>')
        out.append("</item>")
    out += ["</channel>", "</rss>", ""]
    return "\n".join(out)


def atom_feed(spec: dict, items: list[Article]) -> str:
    updated = max((parse_iso(a["published"]) for a in items),
                  default=datetime(2024, 11, 1, tzinfo=timezone.utc))
    out = ['<?xml version="1.0" encoding="utf-8"?>',
           f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="{spec["language"]}">',
           f"<title>{xml_escape(spec['title'])}</title>",
           f'<link rel="alternate" href="{xml_escape(spec["home"])}"/>',
           f'<link rel="self" href="{xml_escape(spec["home"])}{spec["file"]}"/>',
           f"<id>tag:{spec['home'].split('/')[2]},2024:{spec['file']}</id>",
           f"<updated>{updated.isoformat()}</updated>"]
    for a in items:
        site = a.site
        out += ["<entry>",
                f'<title type="text">{xml_escape(a["title"])}</title>',
                f'<link rel="alternate" type="text/html" href="{xml_escape(a.url)}"/>',
                f"<id>{xml_escape(a.url)}</id>",
                f"<published>{a['published']}</published>",
                f"<updated>{a['published']}</updated>"]
        out += [f"<author><name>{xml_escape(n)}</name></author>" for n in a["authors"]]
        out += [f'<category term="{xml_escape(c)}"/>' for c in a.categories]
        out.append(f'<summary type="text">{xml_escape(a["lead"])}</summary>')
        if a["delivery"] == "feed-content":
            out.append(f'<content type="html">{xml_escape(body_html(a.data))}</content>')
        out.append(f"<source><title>{xml_escape(site.name)}</title>"
                   f'<link href="https://{site.domain}/"/></source>')
        out.append("</entry>")
    out += ["</feed>", ""]
    return "\n".join(out)


def warc_id(*parts: str) -> str:
    return f"<urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, '|'.join(parts))}>"


def write_warc(path: Path, records: list[dict]) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=True, warc_version="1.0")
    info = ("software: newsdesk tools/make_sample.py\r\n"
            "format: WARC File Format 1.0\r\n"
            "description: newsdesk bundled sample crawl (synthetic, written for this project)\r\n"
            "isPartOf: newsdesk-sample\r\n").encode("utf-8")
    wh = StatusAndHeaders("", [("WARC-Type", "warcinfo"),
                               ("WARC-Record-ID", warc_id("warcinfo")),
                               ("WARC-Filename", path.name),
                               ("WARC-Date", "2024-11-21T00:00:00Z")], protocol="WARC/1.0")
    writer.write_record(writer.create_warc_record("", "warcinfo", payload=io.BytesIO(info),
                                                  length=len(info), warc_headers=wh,
                                                  warc_content_type="application/warc-fields"))
    for rec in records:
        body = rec["body"]
        if rec["type"] == "request":
            http = StatusAndHeaders("GET " + rec["path"] + " HTTP/1.1",
                                    [("Host", rec["host"]),
                                     ("User-Agent", "newsdesk-sample-crawler/1.0"),
                                     ("Accept", "text/html,application/xhtml+xml"),
                                     ("Accept-Encoding", "identity")],
                                    protocol="", is_http_request=True)
        else:
            http = StatusAndHeaders(rec["status"], [
                ("Content-Type", rec.get("content_type", "text/html; charset=utf-8")),
                ("Content-Length", str(len(body))),
                ("Date", format_datetime(parse_iso(rec["date"]).astimezone(timezone.utc), usegmt=True)),
                ("Server", "nginx"),
                ("Cache-Control", "max-age=60"),
            ], protocol="HTTP/1.1")
        headers = {"WARC-Record-ID": warc_id(rec["type"], rec["uri"], rec.get("tag", "")),
                   "WARC-Date": utc_z(parse_iso(rec["date"]))}
        if rec.get("concurrent_to"):
            headers["WARC-Concurrent-To"] = rec["concurrent_to"]
        r = writer.create_warc_record(rec["uri"], rec["type"], payload=io.BytesIO(body),
                                      length=len(body), http_headers=http,
                                      warc_headers_dict=headers)
        writer.write_record(r)
    path.write_bytes(buf.getvalue())


def mojibake(text: str) -> str:
    """UTF-8 bytes wrongly decoded as windows-1252 (bytes undefined there taken as latin-1)."""
    out = []
    for b in text.encode("utf-8"):
        try:
            out.append(bytes([b]).decode("cp1252"))
        except UnicodeDecodeError:
            out.append(chr(b))
    return "".join(out)


# --------------------------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------------------------
def wipe(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    assert out.name == "sample" and out.parent.name == "newsdesk", out
    for child in sorted(out.iterdir()):
        if child.name in KEEP:
            continue
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child)
        else:
            child.unlink()


def build(stories: dict, articles: list[Article], out: Path) -> dict:
    by_id = {a["id"]: a for a in articles}
    for a in articles:
        a.section = section_for(a["language"], a.categories)
        a.url = f"https://{a.site.domain}/{a.section}/{a['slug']}"
        if a.get("broken"):
            a.out_file = BROKEN_KINDS[a["broken"]]
        elif a["delivery"] == "html":
            a.out_file = f"pages/{a.site.domain}/{a['slug']}.html"
        elif a["delivery"] == "feed-content":
            a.out_file = next(f["file"] for f in FEEDS if a.site.key in f["sites"])
        elif a["delivery"] == "jsonl":
            a.out_file = JSONL_FILE
        else:
            a.out_file = WARC_FILE

    def write(rel: str, data: bytes | str) -> None:
        p = out / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))

    rendered: dict[str, str] = {}
    for a in articles:
        if a["delivery"] in ("html", "warc"):
            rendered[a["id"]] = render_article(a.site, a.data, a.url, a.section)

    # pages/ and broken/ articles
    repaired = []
    for a in articles:
        if a["delivery"] != "html":
            continue
        page = rendered[a["id"]]
        if a.get("broken") == "wrong-charset":
            write(a.out_file, page.encode("cp1252", errors="xmlcharrefreplace"))
            repaired.append(a.out_file)
        elif a.get("broken") == "mojibake":
            write(a.out_file, mojibake(page))
            repaired.append(a.out_file)
        else:
            write(a.out_file, page)

    # feeds
    for spec in FEEDS:
        items = [a for a in articles if a.site.key in spec["sites"]
                 and a["delivery"] in ("html", "feed-content") and not a.get("broken")]
        items.sort(key=lambda a: (parse_iso(a["published"]), a["id"]), reverse=True)
        write(spec["file"], (rss_feed if spec["format"] == "rss" else atom_feed)(spec, items))

    # JSONL
    lines = []
    for a in sorted((a for a in articles if a["delivery"] == "jsonl"), key=lambda a: a["id"]):
        lines.append(json.dumps({"url": a.url, "title": a["title"],
                                 "text": "\n\n".join(a["paragraphs"]),
                                 "published": a["published"], "authors": a["authors"],
                                 "site": a.site.name, "language": a["language"]},
                                ensure_ascii=False))
    write(JSONL_FILE, "\n".join(lines) + ("\n" if lines else ""))

    # WARC
    records = []
    req_uri = "https://techledger.co.uk/news/old-story-that-was-removed"
    records.append(dict(type="request", uri=req_uri, path="/news/old-story-that-was-removed",
                        host="techledger.co.uk", date="2024-11-20T09:00:00+00:00", body=b""))
    nf = ("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Page not found"
          " - TechLedger</title></head><body><h1>404 – Page not found</h1><p>Sorry, the page you"
          " were looking for has moved or no longer exists.</p></body></html>\n").encode("utf-8")
    records.append(dict(type="response", uri=req_uri, status="404 Not Found",
                        date="2024-11-20T09:00:00+00:00", body=nf,
                        concurrent_to=warc_id("request", req_uri, "")))
    warc_articles = sorted((a for a in articles if a["delivery"] == "warc"),
                           key=lambda a: (parse_iso(a["published"]), a["id"]))
    for a in warc_articles:
        records.append(dict(type="response", uri=a.url, status="200 OK", date=a["published"],
                            body=rendered[a["id"]].encode("utf-8")))
    dup = by_id.get(DUPLICATE_ID)
    dup_uri = None
    if dup is not None and dup["delivery"] == "html" and not dup.get("broken"):
        # the same bytes as pages/<domain>/<slug>.html, captured via a tracking URL
        dup_uri = dup.url + "?utm_source=newsletter&utm_medium=email"
        records.append(dict(type="response", uri=dup_uri, status="200 OK",
                            date="2024-11-14T18:00:00+01:00", tag="dup",
                            body=rendered[dup["id"]].encode("utf-8")))
    records.sort(key=lambda r: (r["date"] if r["type"] != "request" else r["date"][:-1]))
    (out / "archive").mkdir(parents=True, exist_ok=True)
    write_warc(out / WARC_FILE, records)

    # broken/
    write("broken/empty.html", b"")
    tw = SITES["wirtschaftskurier"]
    trunc_art = {"title": "Bundesrat berät über neue Regeln für Ladenöffnungszeiten",
                 "lead": "", "published": "2024-11-19T08:00:00+01:00",
                 "authors": ["Redaktion"], "slug": "ladenoeffnung-bundesrat", "paragraphs": []}
    trunc_head = head(tw, dict(trunc_art, lead="Die Länderkammer berät am Freitag."),
                      "https://wirtschaftskurier.de/politik/ladenoeffnung-bundesrat")
    cut = trunc_head.index('<script type="application/ld+json">') + len(
        '<script type="application/ld+json">\n{\n "@context": "https://sch')
    write("broken/truncated.html", trunc_head[:cut])
    rnd = random.Random(20241121)
    png = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x02\x00\x00\x00\x01\x80\x08\x06\x00"
           b"\x00\x00" + bytes(rnd.getrandbits(8) for _ in range(4)) + b"\x00\x00 \x00IDATx\x9c"
           + bytes(rnd.getrandbits(8) for _ in range(6000)) + b"\x00\x00\x00\x00IEND\xaeB`\x82")
    write("broken/binary.html", png)
    ap = SITES["alpenpost"]
    own = [(a["title"], a.url) for a in articles if a.site.key == "alpenpost" and not a.get("broken")]
    teasers = own + [(t, f"https://alpenpost.at/nachrichten/{stable_int(t) % 900000 + 100000}")
                     for t in TEASERS["de"][:8]]
    write("broken/index-page.html", render_index_page(ap, teasers))

    # gold
    pages = {}
    for a in sorted(articles, key=lambda a: a["id"]):
        near = a.get("near_copy_of")
        tr = a.get("translation_of")
        pages[a.url] = {
            "id": a["id"], "story": a.story, "language": a["language"], "delivery": a["delivery"],
            "file": a.out_file, "title": a["title"], "lead": a["lead"],
            "published": a["published"], "authors": a["authors"], "site": a.site.name,
            "domain": a.site.domain, "canonical": a.url,
            "near_copy_of": by_id[near].url if near else None,
            "exact_copy_of": None,
            "translation_of": by_id[tr].url if tr else None,
            "machine_translated_from": a.get("machine_translated_from"),
            "leftovers": a.get("leftovers", []),
            "events": a["events"], "categories": a.categories,
            "paragraphs": len(a["paragraphs"]),
        }
    if dup_uri:
        pages[dup_uri] = dict(pages[dup.url], id=dup["id"] + "#warc", delivery="warc",
                              file=WARC_FILE, exact_copy_of=dup.url)
    story_out = {}
    for sid in sorted(stories):
        urls = sorted(u for u, g in pages.items() if g["story"] == sid)
        story_out[sid] = {"topic": stories[sid]["topic"],
                          "categories": stories[sid]["categories"],
                          "languages": sorted({pages[u]["language"] for u in urls}),
                          "urls": urls,
                          "unrelated": sid.startswith("U")}
    gold = {
        "version": 1,
        "generator": "tools/make_sample.py",
        "pages": pages,
        "stories": story_out,
        "rejects": {"broken/empty.html": "empty", "broken/truncated.html": "no-main-text",
                    "broken/binary.html": "binary", "broken/index-page.html": "no-main-text"},
        "repaired": sorted(repaired),
        "warc_skipped": [{"type": "request", "uri": req_uri}, {"type": "response", "status": 404,
                                                               "uri": req_uri}],
        "feeds": {spec["file"]: {"format": spec["format"], "sites": list(spec["sites"])}
                  for spec in FEEDS},
        "sites": {s.key: {"domain": s.domain, "name": s.name, "language": s.language,
                          "template": s.family, "canonical_link": s.canonical,
                          "og_site_name": s.og_site_name, "meta_published_time": s.meta_published,
                          "json_ld": s.jsonld, "meta_author": s.meta_author,
                          "visible_date_style": s.date_style} for s in SITES.values()},
        "chrome_strings": sorted(CHROME),
    }
    write("gold.json", json.dumps(gold, ensure_ascii=False, indent=1) + "\n")
    return gold


def chrome_in_content(p: Problems, articles: list[Article]) -> None:
    for a in articles:
        text = "\n".join([a["title"], a["lead"], *a["paragraphs"]])
        for s in CHROME:
            if s in text:
                p.errors.append(f"ERROR {a.file} [{a['id']}]: article text contains the chrome "
                                f"string {s!r}; rename it in the content or in make_sample.py")


def summary(stories: dict, articles: list[Article], gold: dict | None) -> str:
    lines = [f"content files: {', '.join(sorted(stories))}"]
    by_lang = Counter(a["language"] for a in articles)
    by_del = Counter(a["delivery"] for a in articles)
    lines.append(f"articles: {len(articles)}  by language: "
                 + ", ".join(f"{k}={v}" for k, v in sorted(by_lang.items()))
                 + "  by delivery: " + ", ".join(f"{k}={v}" for k, v in sorted(by_del.items())))
    lines.append(f"html pages by language: " + ", ".join(
        f"{k}={v}" for k, v in sorted(Counter(a['language'] for a in articles
                                               if a['delivery'] == 'html'
                                               and not a.get('broken')).items())))
    lines.append(f"near copies: {sum(1 for a in articles if a.get('near_copy_of'))}, "
                 f"machine translations: {sum(1 for a in articles if a.get('machine_translated_from'))}")
    per_story = defaultdict(list)
    for a in articles:
        per_story[a.story].append(a)
    for sid in sorted(per_story):
        arts = per_story[sid]
        langs = "/".join(sorted({a["language"] for a in arts}))
        dels = ",".join(f"{k}:{v}" for k, v in sorted(Counter(a["delivery"] for a in arts).items()))
        lines.append(f"  {sid}: {len(arts)} articles [{langs}] {dels} events="
                     f"{sum(len(a['events']) for a in arts)} – {stories[sid]['topic'][:70]}")
    if gold:
        lines.append(f"gold: {len(gold['pages'])} pages, {len(gold['stories'])} stories, "
                     f"{len(gold['chrome_strings'])} chrome strings")
    return "\n".join(lines)


def trafilatura_check(gold: dict, articles: list[Article]) -> int:
    """Extract every page with trafilatura; report chrome leaks and missing paragraphs."""
    import trafilatura

    by_id = {a["id"]: a for a in articles}
    bad = 0
    per_family = Counter()
    for url, g in sorted(gold["pages"].items(), key=lambda x: x[1]["file"]):
        if not g["file"].startswith("pages/"):
            continue
        a = by_id[g["id"]]
        text = trafilatura.extract((OUT_DIR / g["file"]).read_text(encoding="utf-8")) or ""
        leaks = [c for c in gold["chrome_strings"] if c in text]
        missing = [p for p in a["paragraphs"] if p not in text]
        per_family[a.site.family] += 1
        if leaks or missing:
            bad += 1
            print(f"TRAFILATURA {g['file']}: chrome leaked {leaks}, {len(missing)} of "
                  f"{len(a['paragraphs'])} paragraphs missing", file=sys.stderr)
    print(f"trafilatura check: {sum(per_family.values()) - bad} of {sum(per_family.values())} pages "
          f"clean (" + ", ".join(f"{k}={v}" for k, v in sorted(per_family.items())) + ")")
    return bad


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--check", action="store_true", help="validate content only, write nothing")
    ap.add_argument("--quiet", action="store_true", help="print only problems")
    ap.add_argument("--trafilatura", action="store_true",
                    help="after writing, check that trafilatura extracts each page's text without chrome")
    args = ap.parse_args(argv)

    p = Problems()
    stories, articles = load_content(p)
    gold = None
    if not args.check:
        wipe(OUT_DIR)
        gold = build(stories, articles, OUT_DIR)
    else:
        # register chrome strings without writing anything
        for a in articles:
            section = section_for(a["language"], a.categories)
            render_article(a.site, a.data, f"https://{a.site.domain}/{section}/{a['slug']}", section)
    chrome_in_content(p, articles)
    for w in p.warnings:
        print(w, file=sys.stderr)
    for e in p.errors:
        print(e, file=sys.stderr)
    if not args.quiet:
        print(summary(stories, articles, gold))
        if not args.check:
            print(f"written to {OUT_DIR.relative_to(ROOT)}")
    if args.trafilatura and gold:
        trafilatura_check(gold, articles)
    if p.errors:
        print(f"{len(p.errors)} problem(s) in the content files, see above", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
