"""Page chrome that extractors let through, in German, English and Italian.

Two kinds: *trailers* (a "related articles", "most popular" or source-list heading
after which nothing belongs to the article) and *chrome lines* (newsletter, cookie,
share and copyright lines) that are dropped wherever they stand. Matching is on
whole short lines, so article sentences that merely mention a newsletter survive.
"""

from __future__ import annotations

import re

TRAILER_HEADINGS = [
    # en
    "related articles", "related", "related stories", "read more", "read also", "more on this topic",
    "most popular", "most populars", "most read", "trending", "you may also like", "comments",
    "recommended", "more stories", "sources", "latest news", "in focus",
    # de
    "ähnliche artikel", "verwandte artikel", "meistgelesen", "meistgelesene artikel", "mehr zum thema",
    "weitere posts zum thema", "weitere artikel", "im fokus", "das könnte sie auch interessieren",
    "kommentare", "quellen", "lesen sie auch", "auch interessant", "neueste artikel", "top-themen",
    # it
    "articoli correlati", "i più letti", "più letti", "leggi anche", "potrebbe interessarti",
    "commenti", "fonti", "ultime notizie", "in evidenza", "notizie correlate", "ti potrebbe interessare",
]
_TRAILER_RE = re.compile(
    r"^\s*(?:" + "|".join(re.escape(h) for h in sorted(TRAILER_HEADINGS, key=len, reverse=True))
    + r")\s*:?\s*(?:\d{1,2}[./]\d{1,2}[./]\d{2,4})?\s*$",
    re.IGNORECASE,
)

CHROME_PATTERNS = [
    r"stay updated on all the news",
    r"subscribe to (?:our|the) newsletter",
    r"sign up for (?:our|the) newsletter",
    r"newsletter abonnieren",
    r"melden sie sich (?:jetzt )?für unseren newsletter an",
    r"iscriviti alla (?:nostra )?newsletter",
    r"we use cookies",
    r"this (?:web)?site uses cookies",
    r"wir verwenden cookies",
    r"diese website verwendet cookies",
    r"utilizziamo (?:i )?cookie",
    r"questo sito utilizza (?:i )?cookie",
    r"accept all cookies",
    r"alle akzeptieren",
    r"accetta tutti",
    r"all rights reserved",
    r"alle rechte vorbehalten",
    r"tutti i diritti riservati",
    r"^©|^\(c\) \d{4}|^copyright\b",
    r"^(?:share|teilen|condividi)(?: on| auf| su)?\b",
    r"^(?:advertisement|anzeige|werbung|pubblicità)$",
    r"^(?:follow us|folgen sie uns|seguici)\b",
    r"^(?:back to top|nach oben|torna su)$",
    r"^(?:print|drucken|stampa)$",
    # comment forms
    r"\bnetiquette\b",
    r"datenschutzerklärung gelesen",
    r"\bpflichtfeld(?:er)?\b",
    r"kommentar-?profil anlegen",
    r"i have read (?:and (?:accept|agree to) )?the (?:privacy policy|terms|community guidelines)",
    r"ho letto (?:e accetto )?l'informativa",
]
_CHROME_RE = re.compile("|".join(f"(?:{p})" for p in CHROME_PATTERNS), re.IGNORECASE)
# Chrome lines are short; an article sentence quoting such words is longer.
CHROME_MAX_CHARS = 160


def is_trailer_heading(line: str) -> bool:
    return len(line) <= 60 and bool(_TRAILER_RE.match(line))


def is_chrome_line(line: str) -> bool:
    stripped = line.strip()
    return len(stripped) <= CHROME_MAX_CHARS and bool(_CHROME_RE.search(stripped))


def strip_chrome(paragraphs: list[str], min_body: int = 1, tail_share: float = 0.6) -> list[str]:
    """Drop chrome lines, and cut at a trailer heading in the last part of the text.

    A trailer heading in the first ``tail_share`` of the text is an inline teaser box
    ("Auch interessant" between two paragraphs): that line is dropped, the article goes
    on. One in the tail ends the article there. One among the first ``min_body``
    paragraphs is dropped too (a "most popular" line at the very top).
    """
    lines = [p.strip() for p in paragraphs if p.strip()]
    total = sum(len(line) for line in lines) or 1
    kept: list[str] = []
    seen = 0
    for line in lines:
        seen += len(line)
        if is_trailer_heading(line):
            if len(kept) >= min_body and seen / total >= tail_share:
                break
            continue
        if is_chrome_line(line):
            continue
        kept.append(line)
    return kept
