"""Language-aware text utilities shared by several stages: tokens, sentences, stopwords.

Model-free and fast; used by clustering, briefing and (later) entity extraction.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

WORD_RE = re.compile(r"[^\W\d_](?:[\w'’\-]*\w)?|\d+(?:[.,]\d+)*", re.UNICODE)

# Sentence boundary: end punctuation, optional closing quote/bracket, whitespace, then an
# uppercase letter, a digit or an opening quote. Abbreviations are protected below.
_SENT_END = re.compile(r"(?<=[.!?…])[\"'”“»)\]]*\s+(?=[\"'„“«(\[]?[A-ZÄÖÜÀ-Ý0-9])")
_ABBREV = {
    "de": ["z.B.", "u.a.", "d.h.", "bzw.", "ca.", "Nr.", "Dr.", "Prof.", "Mio.", "Mrd.", "Tsd.", "Jan.",
           "Feb.", "Aug.", "Sept.", "Okt.", "Nov.", "Dez.", "vgl.", "usw.", "etc.", "St.", "Str.", "inkl.",
           "evtl.", "z. B.", "u. a.", "d. h.", "Abs.", "Hr.", "Fr."],
    "en": ["Mr.", "Mrs.", "Ms.", "Dr.", "Prof.", "Inc.", "Ltd.", "Corp.", "Co.", "U.S.", "U.K.", "e.g.",
           "i.e.", "vs.", "Jan.", "Feb.", "Aug.", "Sept.", "Oct.", "Nov.", "Dec.", "No.", "St.", "Jr.",
           "approx.", "etc.", "Gov.", "Sen.", "Rep."],
    "it": ["Sig.", "Sig.ra", "Dott.", "Prof.", "ecc.", "S.p.A.", "p.es.", "n.", "Mln.", "Mld.", "gen.",
           "feb.", "ago.", "sett.", "ott.", "nov.", "dic.", "ca."],
}
_ALL_ABBREV = sorted({a for group in _ABBREV.values() for a in group}, key=len, reverse=True)
_PLACEHOLDER = "\u2024"  # one dot leader stands in for a protected dot

STOPWORDS: dict[str, frozenset[str]] = {
    "de": frozenset(
        """aber alle allem allen aller alles als also am an ander andere anderen anderer anderes auch auf
        aus bei beim bin bis bisher bereits bzw da dabei dadurch dafür dagegen daher damit dann dar darauf
        darin darum das dass dem den denen denn der deren des deshalb dessen die dies diese diesem diesen
        dieser dieses doch dort du durch ein eine einem einen einer eines einige einigen er es etwa etwas
        euch für gegen gewesen hat hatte hatten haben hier hin hinter ich ihm ihn ihnen ihr ihre ihrem ihren
        ihrer im in indem ins ist ja jedoch jetzt kann kein keine können könnte man mehr mit muss nach neue
        neuen nicht noch nun nur ob oder ohne rund schon sehr sei seien sein seine seinem seinen seiner seit
        sich sie sind so sollen soll sollte sowie über um und uns unter vom von vor war waren was weil weiter
        weitere wenn wer werden wie wieder will wir wird wo wurde wurden zu zum zur zwar zwischen laut sagte
        heißt hieß erst gibt gab sowohl mehrere""".split()
    ),
    "en": frozenset(
        """a about after again against all also an and any are as at be because been before being between
        both but by can could did do does doing down during each few for from further had has have having he
        her here hers him his how i if in into is it its itself just more most my no nor not now of off on once
        only or other our out over own said same says she should so some such than that the their them then
        there these they this those through to too under until up very was we were what when where which while
        who whom why will with would you your according new also its last next year week""".split()
    ),
    "it": frozenset(
        """a ad al alla alle allo agli ai anche ancora avere aveva avevano c che chi ci come con contro cui da
        dal dalla dalle dallo dagli dai degli dei del della delle dello di dove e ed è era erano essere gli ha
        hanno ho i il in la le lei lo loro lui ma mi ne negli nei nel nella nelle nello noi non nostro o per
        perché più poi quale quali quando quanto quella quelle quelli quello questa queste questi questo se sei
        si sia siamo sono sta stata stati stato su sua sue sui sul sulla sulle suo suoi tra tutti tutto un una
        uno vi anni anno secondo dopo oltre circa già ha hanno detto""".split()
    ),
}
ALL_STOPWORDS = frozenset().union(*STOPWORDS.values())


def normalize(text: str) -> str:
    """NFKC, lowercased, accents kept (they carry meaning in de/it)."""
    return unicodedata.normalize("NFKC", text).lower()


def words(text: str) -> list[str]:
    return WORD_RE.findall(text)


def content_words(text: str, language: str | None = None) -> list[str]:
    """Lowercased words minus stopwords and one-letter tokens."""
    stop = STOPWORDS.get(language or "", ALL_STOPWORDS)
    return [w for w in (normalize(t) for t in words(text)) if len(w) > 1 and w not in stop]


def split_sentences(text: str) -> list[str]:
    """Split text into sentences, paragraph breaks first, protecting common abbreviations."""
    sentences: list[str] = []
    for paragraph in re.split(r"\n\s*\n|\n", text):
        paragraph = paragraph.strip()
        if not paragraph:
            continue
        protected = paragraph
        for abbr in _ALL_ABBREV:
            if abbr in protected:  # a whole word only: Italian "n." is no abbreviation in "direction."
                protected = re.sub(r"(?<![\w.])" + re.escape(abbr), abbr.replace(".", _PLACEHOLDER), protected)
        # digits like "19. November" or "4. Quartal": a dot after a number is no boundary
        protected = re.sub(r"(\b\d{1,2})\.(?=\s+[A-ZÄÖÜ][a-zäöü])", r"\1" + _PLACEHOLDER, protected)
        for part in _SENT_END.split(protected):
            part = part.replace(_PLACEHOLDER, ".").strip()
            if part:
                sentences.append(part)
    return sentences


@lru_cache(maxsize=4096)
def shingles(text: str, k: int = 3) -> frozenset[str]:
    toks = [normalize(t) for t in words(text)]
    if len(toks) < k:
        return frozenset([" ".join(toks)]) if toks else frozenset()
    return frozenset(" ".join(toks[i : i + k]) for i in range(len(toks) - k + 1))


def jaccard(a: frozenset | set, b: frozenset | set) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


# News agencies: the sources of a report, never the actor of what it reports (lower-case names, as
# ``normalize`` leaves them). Shared by event extraction and the briefings' facts.
NEWS_AGENCIES = frozenset({
    "dpa", "deutsche presse-agentur", "reuters", "thomson reuters", "ap", "associated press", "afp",
    "agence france-presse", "ansa", "apa", "sda", "ats", "keystone-sda", "kna", "epd", "adnkronos", "agi", "efe",
    "pti", "ians", "xinhua", "epa", "tass", "ria novosti", "kyodo", "yonhap", "askanews", "lapresse", "upi",
    "bloomberg", "dow jones",
})
