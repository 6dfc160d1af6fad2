"""Entity mentions in German, English and Italian text, without a model.

What counts as a name differs by language: English and Italian capitalise names and
little else, German capitalises every noun. The finder therefore works in layers, each
cheap and explainable:

1. the registry's aliases (known companies, people, places, products in three languages);
2. legal forms ("Tauern Lift GmbH", "Brenner Mobility AG", "Banco BPM S.p.A.");
3. given names followed by a capitalised word ("Giuseppe Castagna");
4. capitalised phrases: in English and Italian any run of capitalised words not at a
   sentence start (or one that recurs elsewhere); in German only where German grammar says
   it is a name -- after a descriptor noun ("der Chiphersteller Halvion Semiconductors"),
   with an inner capital or digit ("ByteDance", "M4"), or a name already found in the text;
5. money, quantities and dates from :mod:`newsdesk.nlp.values`.

A name found once is found everywhere in the same text. A model, where one is installed
(spaCy for English), can add mentions through the :class:`MentionModel` protocol; the
rules alone are the fallback and must be enough.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Protocol

from newsdesk.enrich.registry import EntityRegistry, KnownEntity, fold, shipped_names
from newsdesk.nlp.counts import find_counts
from newsdesk.nlp.money import find_money
from newsdesk.nlp.text import STOPWORDS
from newsdesk.records import Mention

NAME_LABELS = ("ORG", "PER", "LOC", "PRODUCT")

_CAP = r"(?:[A-ZÄÖÜÀ-ÝŁŚŻ][\w'’&.+-]*\w|[A-Z]|[a-z]+[A-Z][\w-]*)"  # "Halvion", "ByteDance", "eBay"
_CONNECT = {
    "de": r"(?:van|de|di|del|della|&)",
    "en": r"(?:of|de|di|del|della|van|von|der|&)",
    "it": r"(?:di|del|della|dei|degli|delle|de|d'|&|von|van|der)",
}
_SENT_START = re.compile(r"(?:^|[.!?:;]\s+|\n\s*|[\"„“«(]\s*)$")
_PLACE_PREPS = {
    "de": ("in", "im", "aus", "nach", "bei", "nahe"),
    "en": ("in", "at", "from", "near", "to"),
    "it": ("a", "in", "da", "presso", "verso"),
}
# Words that precede a descriptor noun in German ("der Konzern", "den neuen").
_DE_DETERMINERS = {
    "der", "die", "das", "den", "dem", "des", "ein", "eine", "einen", "einem", "einer", "eines",
    "sein", "seine", "seinen", "seinem", "seiner", "ihr", "ihre", "ihren", "ihrem", "ihrer",
    "dieser", "diese", "dieses", "diesem", "diesen", "jeder", "jede", "jedes", "beim", "vom", "zum", "zur",
    "im", "am",
}
_GENERIC = {
    "de": {"Unternehmen", "Konzern", "Gruppe", "Firma", "Regierung", "Ministerium", "Behörde", "Bank", "Start-up",
           "Startup", "Chef", "Chefin", "Präsident", "Präsidentin", "Minister", "Ministerin", "Stadt", "Land",
           "Region", "Provinz", "Quelle", "Quellen", "Angaben", "Bericht", "Berichten", "Millionen", "Milliarden",
           "Prozent", "Euro", "Dollar", "Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August",
           "September", "Oktober", "November", "Dezember", "Montag", "Dienstag", "Mittwoch", "Donnerstag",
           "Freitag", "Samstag", "Sonntag", "Laut", "Wie", "Nach", "Auch", "Mit", "Für", "Im", "Am", "Die", "Der",
           "Das", "Den", "Dem", "Des", "Ein", "Eine"},
    "en": {"The", "A", "An", "In", "On", "At", "For", "By", "With", "As", "It", "Its", "This", "That", "But",
           "And", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "January",
           "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
           "December", "Mr", "Mrs", "Ms", "Dr", "CEO", "Chief", "Executive", "President", "Minister"},
    "it": {"Il", "Lo", "La", "I", "Gli", "Le", "Un", "Una", "Nel", "Nella", "Per", "Con", "Secondo", "Dopo",
           "Lunedì", "Martedì", "Mercoledì", "Giovedì", "Venerdì", "Sabato", "Domenica"},
}


# Capitalised words that are not names on their own: acronyms of common nouns.
_NOT_NAMES = {"KI", "AI", "IA", "CEO", "CFO", "COO", "CTO", "IT", "PR", "TV", "PC", "HR", "IPO", "ETF", "GPU", "CPU",
              "LLM", "API", "App", "OK", "Q1", "Q2", "Q3", "Q4", "H1", "H2", "Iva", "IVA", "Pmi", "PMI", "Pil", "PIL",
              "Ceo", "Cfo", "Ue", "Ad", "Paesi", "Paese", "Vorteile", "Nachteile"}
# "HEIDELBERG –", "ZURICH (Reuters)": a dateline, the place the report was filed from
_DATELINE_AFTER = re.compile(r"^\s*(?:[–—-]|\(|,\s*\d)")
# German nouns that describe what a name is: "der Chiphersteller Halvion", "das Fintech Kontora".
_DE_DESCRIPTOR = re.compile(
    r"(?:hersteller|konzern|unternehmen|bauer|anbieter|betreiber|verwalter|händler|riese|gigant|firma|versorger|"
    r"entwickler|dienstleister|spezialist|start-?up|fintech|gruppe|bank|institut|versicherer|investor|fonds|"
    r"plattform|marke|tochter|rivale|konkurrent|partner|zulieferer|produzent|behörde|regulierer|ministerium|"
    r"aufsicht|sender|dienst|zeitung|agentur|chef|chefin|minister|ministerin|präsident|präsidentin|kanzler|"
    r"kanzlerin|sprecher|sprecherin|analyst|analystin|gründer|gründerin|modell|sprachmodell|chip|app|software|"
    r"assistent|kette|verband|holding|reederei|airline|fluggesellschaft|autobauer|stadt|hafen|region|provinz|"
    r"softwarehaus|haus|labor|team|chiphersteller|streamingdienst|musikstreamingdienst|netzbetreiber|geldhaus|"
    r"kreditinstitut|automobilzulieferer|anleger|vermögensverwalter)$",
    re.IGNORECASE,
)


class MentionModel(Protocol):
    """A statistical recogniser that adds name mentions (optional)."""

    def mentions(self, text: str, language: str | None) -> list[Mention]: ...


@dataclass(frozen=True, slots=True)
class _Span:
    start: int
    end: int
    label: str
    entity_id: str | None
    strength: int  # higher wins an overlap


@dataclass
class MentionFinder:
    """Finds entity, money, quantity and date mentions; links names to registry entities."""

    registry: EntityRegistry = field(default_factory=EntityRegistry.load)
    model: MentionModel | None = None

    def __post_init__(self) -> None:
        names = shipped_names()
        self.given_names = {fold(n) for n in names.get("given_names", ())}
        self.org_suffixes = sorted(names.get("org_suffixes", ()), key=len, reverse=True) or [
            "GmbH", "AG", "SE", "S.p.A.", "SpA", "S.r.l.", "Inc.", "Ltd", "LLC", "PLC", "N.V.", "S.A.", "Corp."]
        heads = names.get("org_heads", {})
        self.org_heads = {fold(h) for hs in heads.values() for h in hs}
        titles = names.get("person_titles", {})
        self.person_titles = {fold(t) for ts in titles.values() for t in ts}

    # -- public -------------------------------------------------------------------------

    def find(self, text: str, language: str | None = None) -> list[Mention]:
        lang = language if language in _CONNECT else "en"
        spans = list(self._registry_spans(text))
        spans += self._suffix_spans(text, lang)
        spans += self._phrase_spans(text, lang, spans)
        if self.model is not None:
            spans += [_Span(m.start, m.end, m.label, None, 1) for m in self.model.mentions(text, language)]
        spans += self._value_spans(text, language)
        chosen = _without_overlaps(spans)
        chosen = self._propagate(text, chosen)
        return [self._mention(text, s) for s in chosen]

    def entity_for(self, mention: Mention) -> KnownEntity | None:
        return self.registry.get(mention.entity_id) if mention.entity_id else None

    # -- layers ---------------------------------------------------------------------------

    def _registry_spans(self, text: str):
        for match in self.registry.find(text):
            yield _Span(match.start, match.end, match.known.entity.type, match.known.entity.id, 4)

    def _suffix_spans(self, text: str, lang: str) -> list[_Span]:
        spans = []
        suffixes = "|".join(re.escape(s) for s in self.org_suffixes)
        pattern = re.compile(rf"((?:{_CAP}\s+){{0,3}}{_CAP})\s+(?:{suffixes})(?![\w])")
        for m in pattern.finditer(text):
            start = m.start(1)
            words = m.group(1).split()
            # "Die Brenner Mobility AG": drop a leading article or descriptor noun
            while len(words) > 1 and (fold(words[0]) in _DE_DETERMINERS or words[0] in _GENERIC.get(lang, ())):
                start += len(words[0]) + 1
                words = words[1:]
            while lang == "de" and len(words) > 1 and (_DE_DESCRIPTOR.search(words[0])
                                                    or self.registry.demonym(words[0]) is not None
                                                    or words[0].endswith("er") and words[1:2]
                                                    and _DE_DESCRIPTOR.search(words[1])):
                # "den Liftbauer Tauern Lift GmbH", "Stuttgarter Autobauer Kessler Automobil AG"
                start = _skip_space(text, start + len(words[0]))
                words = words[1:]
            spans.append(_Span(start, m.end(), "ORG", None, 3))
        return spans

    def _phrase_spans(self, text: str, lang: str, known: list[_Span]) -> list[_Span]:
        spans = []
        connect = _CONNECT[lang]
        phrase = re.compile(rf"{_CAP}(?:(?:\s+{connect})?\s+{_CAP})*")
        for m in phrase.finditer(text):
            start, end = m.start(), m.end()
            words = m.group().split()
            if _inside(known, start, end) or not words:
                continue
            before = text[max(0, start - 40):start]
            at_start = bool(_SENT_START.search(before))
            span = self._classify(text, start, end, words, at_start, before, lang)
            if span is not None:
                spans.append(span)
        return spans

    def _classify(self, text: str, start: int, end: int, words: list[str], at_start: bool,
                  before: str, lang: str) -> _Span | None:
        generic = _GENERIC.get(lang, set())
        stop = STOPWORDS.get(lang, set())
        # peel leading sentence-start function words and (German) descriptor nouns
        while words and (words[0] in generic or (at_start and fold(words[0]) in stop)
                         or (len(words) > 1 and self.registry.demonym(words[0]) is not None)):
            start += len(words[0]) + (1 if len(words) > 1 else 0)
            start = _skip_space(text, start)
            words = words[1:]
            at_start = False
        if not words:
            return None
        if lang == "de":
            words, start = self._german_name(text, start, words, at_start, before)
            if not words:
                return None
        if len(words) == 1 and len(words[0]) >= 4 and words[0].isupper() and words[0].isalpha() \
                and _DATELINE_AFTER.match(text[start + len(words[0]):start + len(words[0]) + 6]):
            return _Span(start, start + len(words[0]), "LOC", None, 2)
        if len(words) == 1 and (len(words[0].strip(".,'’")) < 2 or words[0] in _NOT_NAMES
                                or self.registry.demonym(words[0]) is not None):
            return None
        elif at_start and len(words) == 1 and not _looks_like_name(words[0]):
            return None
        end = start + len(" ".join(words))
        if text[start:end] != " ".join(words):  # whitespace inside was not one space
            end = _phrase_end(text, start, len(words))
        label = self._label(words, before, lang)
        return _Span(start, end, label, None, 2)

    def _german_name(self, text: str, start: int, words: list[str], at_start: bool,
                     before: str) -> tuple[list[str], int]:
        """The part of a German capitalised run that is a name, if any."""
        if any(_german_compound(w) for w in words):
            return [], start  # "KI-Chips", "Tech-Riesen": compounds of common nouns
        prev = before.split()[-1].strip(",.") if before.split() else ""
        det_before = fold(prev) in _DE_DETERMINERS or (prev[:1].islower() and prev.endswith(("e", "en", "er", "es", "em")))
        if _DE_DESCRIPTOR.search(words[-1]) and not _looks_like_name(words[-1]):
            return [], start  # "der Zürcher Telekomkonzern": a description, no name
        last = max((i for i, w in enumerate(words[:-1]) if _DE_DESCRIPTOR.search(w) and not _looks_like_name(w)),
                   default=None)
        if last is not None:
            # "(der niederländische) Chiphersteller Halvion Semiconductors", "Zürcher Telekomkonzern Alpitel"
            for w in words[:last + 1]:
                start = _skip_space(text, start + len(w))
            return words[last + 1:], start
        if any(_looks_like_name(w) for w in words) or fold(words[0]) in self.given_names:
            return words, start
        if len(words) >= 2 and not det_before and not at_start and all(w[:1].isupper() for w in words):
            return words, start  # "Energia Padana", "Tauern Lift": two capitals in a row
        return [], start

    def _label(self, words: list[str], before: str, lang: str) -> str:
        first = fold(words[0])
        if len(words) >= 2 and first in self.given_names:
            return "PER"
        prev = before.split()[-1].strip(",.").lower() if before.split() else ""
        if prev in self.person_titles or fold(prev) in self.person_titles:
            return "PER"
        if any(fold(w) in self.org_heads for w in words):
            return "ORG"
        if prev in _PLACE_PREPS.get(lang, ()) and len(words) <= 2:
            return "LOC"
        return "ORG"

    def _value_spans(self, text: str, language: str | None) -> list[_Span]:
        spans = [_Span(m.start, m.end, "MONEY", None, 5) for m in find_money(text, language)]
        spans += [_Span(c.start, c.end, "QUANTITY", None, 3) for c in find_counts(text, language)]
        return spans

    def _propagate(self, text: str, spans: list[_Span]) -> list[_Span]:
        """A name found once is a name wherever else it occurs in the text."""
        names: dict[str, _Span] = {}
        for s in spans:
            if s.label in NAME_LABELS and s.entity_id is None and s.end - s.start >= 3:
                surface = text[s.start:s.end]
                origin = _Span(s.start, s.end, s.label, self.registry.resolve(surface, s.label).id, 1)
                names.setdefault(surface, origin)
                first = surface.split()[0]
                if s.label == "ORG" and len(first) >= 4 and first[0].isupper() and " " in surface:
                    names.setdefault(first, origin)  # "Halvion" after "Halvion Semiconductors"
        extra = []
        for name, origin in names.items():
            for m in re.finditer(rf"(?<![\w-]){re.escape(name)}(?![\w])", text):
                if not _inside(spans + extra, m.start(), m.end()):
                    extra.append(_Span(m.start(), m.end(), origin.label, origin.entity_id, 1))
        return sorted(spans + extra, key=lambda s: s.start)

    def _mention(self, text: str, span: _Span) -> Mention:
        surface = text[span.start:span.end]
        entity_id = span.entity_id
        if entity_id is None and span.label in NAME_LABELS:
            entity_id = self.registry.resolve(surface, span.label).id
        return Mention(surface, span.label, span.start, span.end, entity_id)


def _looks_like_name(word: str) -> bool:
    """Inner capitals or digits mark a name in any language: "ByteDance", "M4", "iMac"."""
    core = word.strip(".,'’")
    return any(c.isupper() for c in core[1:]) or any(c.isdigit() for c in core) or core[:1].islower()


def _german_compound(word: str) -> bool:
    """A hyphenated German noun ("Tech-Giganten"): its last part is an ordinary capitalised word."""
    parts = word.strip(".,").split("-")
    return len(parts) > 1 and parts[-1][:1].isupper() and not _looks_like_name(parts[-1]) and len(parts[-1]) > 3


def _skip_space(text: str, pos: int) -> int:
    while pos < len(text) and text[pos].isspace():
        pos += 1
    return pos


def _phrase_end(text: str, start: int, n_words: int) -> int:
    pos = start
    for i, m in enumerate(re.finditer(r"\S+", text[start:])):
        pos = start + m.end()
        if i + 1 == n_words:
            break
    return pos


def _inside(spans: list[_Span], start: int, end: int) -> bool:
    return any(s.start < end and start < s.end for s in spans)


def _without_overlaps(spans: list[_Span]) -> list[_Span]:
    chosen: list[_Span] = []
    for span in sorted(spans, key=lambda s: (-s.strength, s.start - s.end, s.start)):
        if not _inside(chosen, span.start, span.end):
            chosen.append(span)
    return sorted(chosen, key=lambda s: s.start)


def main_entities(mentions: list[Mention], label: str = "ORG", n: int = 3) -> list[str]:
    """The entity ids mentioned most often with ``label``, most frequent first."""
    counts = Counter(m.entity_id for m in mentions if m.label == label and m.entity_id)
    return [entity_id for entity_id, _ in counts.most_common(n)]
