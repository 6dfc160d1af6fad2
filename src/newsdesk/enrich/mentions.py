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
from functools import lru_cache
from collections.abc import Iterator
from typing import Any, Protocol

from newsdesk.enrich.registry import EntityRegistry, KnownEntity, fold, shipped_lexicon, shipped_names
from newsdesk.nlp.counts import find_counts
from newsdesk.nlp.money import find_money
from newsdesk.nlp.text import STOPWORDS
from newsdesk.records import Mention

NAME_LABELS = ("ORG", "PER", "LOC", "PRODUCT")

_CAP = r"(?:[A-ZÄÖÜÀ-ÝŁŚŻ][\w'’&.+-]*\w|[A-Z]|[a-z]+[A-Z][\w-]*)"  # "Halvion", "ByteDance", "eBay"
_CONNECT = {
    "de": r"(?:van|de|di|del|della|&)",
    "en": r"(?:of|de|di|del|della|van|von|der|&)",
    "it": r"(?:di|del|della|dei|degli|delle|de|d'|D'|&|von|van|der)",
}
# Lower-case words that may join the words of one name ("Banca d'Italia", "Walther von der Vogelweide").
_CONNECT_WORDS = {"van", "von", "de", "di", "del", "della", "dei", "degli", "delle", "d'", "der", "of", "&"}
# A capitalised run, its words maybe joined by a connecting word ("Cassa di Risparmio").
_PHRASE = {lang: re.compile(rf"{_CAP}(?:(?:\s+{connect})?\s+{_CAP})*") for lang, connect in _CONNECT.items()}
_NON_SPACE = re.compile(r"\S+")
_NEXT_NAME = re.compile(rf" (?:{_CAP})")
_SENT_START = re.compile(r"(?:^|[.!?:;]\s+|\n\s*|[\"„“«(]\s*)$")
_PLACE_PREPS = {
    "de": ("in", "im", "aus", "nach", "bei", "nahe"),
    "en": ("in", "at", "from", "near", "to"),
    "it": ("a", "in", "da", "presso", "verso"),
}
# Words before a place name in German ("in", "nach Franzburg").
_DE_PLACE_PREPS = {"in", "aus", "nach", "bei", "nahe", "von", "zwischen", "um", "richtung", "bis"}
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


@lru_cache(maxsize=4096)
def _is_descriptor_noun(word: str) -> bool:
    """A German word that ends in a descriptor noun ("Chiphersteller", "Softwarekonzern")."""
    return _DE_DESCRIPTOR.search(word) is not None


@dataclass(frozen=True)
class _Lexicon:
    """Word lists that say whether a capitalised word is a name, and what the words before it say."""

    common: dict[str, frozenset[str]]
    noun_suffixes: dict[str, tuple[str, ...]]
    place_suffixes: dict[str, tuple[str, ...]]
    place_exceptions: dict[str, frozenset[str]]
    not_names: frozenset[str]
    person_cues: dict[str, frozenset[str]]
    place_cues: dict[str, frozenset[str]]
    number_abbreviations: frozenset[str] = frozenset()
    not_name_phrases: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # not_name_phrases as is_feast asks them: the phrases, and each followed by a space (a longer phrase's start)
    _feasts: dict[str, tuple[frozenset[str], tuple[str, ...]]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_feasts", {lang: (frozenset(phrases), tuple(p + " " for p in phrases))
                                             for lang, phrases in self.not_name_phrases.items()})

    @classmethod
    def build(cls, data: dict[str, Any], person_titles: set[str]) -> _Lexicon:
        def sets(key: str, folded: bool = True) -> dict[str, frozenset[str]]:
            return {lang: frozenset(fold(w) if folded else w for w in words)
                    for lang, words in data.get(key, {}).items()}

        person = sets("person_cues")
        person = {lang: person.get(lang, frozenset()) | person_titles for lang in _CONNECT}
        return cls(
            common=sets("common_nouns"),
            noun_suffixes={k: tuple(v) for k, v in data.get("noun_suffixes", {}).items()},
            place_suffixes={k: tuple(v) for k, v in data.get("place_suffixes", {}).items()},
            place_exceptions=sets("place_suffix_exceptions"),
            not_names=frozenset(data.get("not_names", ())) | _NOT_NAMES,
            person_cues=person,
            place_cues=sets("place_cues"),
            number_abbreviations=frozenset(data.get("number_abbreviations", ())),
            not_name_phrases={lang: tuple(sorted(v, key=len, reverse=True))
                              for lang, v in data.get("not_name_phrases", {}).items()},
        )

    def is_number_abbreviation(self, word: str, after: str) -> bool:
        """"Jan. 2", "Dec 31", "No. 5": an abbreviation before a number names nothing."""
        return word.rstrip(".") in self.number_abbreviations and bool(re.match(r"\.?\s?\d", after))

    def is_feast(self, phrase: str, lang: str) -> bool:
        """A holiday or feast ("New Year's Eve", "Weihnachten", "Natale"), capitalised yet no entity."""
        phrases, starts = self._feasts.get(lang, (frozenset(), ()))
        return phrase in phrases or phrase.startswith(starts)

    def is_common(self, word: str, lang: str) -> bool:
        """A common noun ("Regierung", "Stato"), by the word list or, in German, by its ending."""
        core = fold(word.strip(".,;:'’\"“”„«»()"))
        common = self.common.get(lang, ())
        if core in common:
            return True
        if lang == "de" and core.isalpha() and not self.is_place_name(word, lang):
            suffixes = self.noun_suffixes.get(lang, ())
            if core.endswith(suffixes) and any(core.endswith(s) and len(core) > len(s) + 2 for s in suffixes):
                return True
            # compounds ending in a common noun: "Abgasskandal" no, "Gründungsmitglied" yes ("Mitglied")
            return any(core[cut:] in common for cut in range(3, len(core) - 3))
        return False

    def is_place_name(self, word: str, lang: str) -> bool:
        """A word with an ending of place names ("-hausen", "-ingen", "-dorf") that is no common noun."""
        core = fold(word.strip(".,;:"))
        if not core.isalpha() or core in self.place_exceptions.get(lang, ()) or core in self.common.get(lang, ()):
            return False
        suffixes = self.place_suffixes.get(lang, ())
        return core.endswith(suffixes) and any(core.endswith(s) and len(core) >= len(s) + 3 for s in suffixes)

    def is_person_cue(self, word: str, lang: str) -> bool:
        return fold(word.strip(",.:")) in self.person_cues.get(lang, ())

    def is_place_cue(self, word: str, lang: str) -> bool:
        return fold(word.strip(",.:")) in self.place_cues.get(lang, ())

    def cue_before(self, before: str, lang: str) -> str | None:
        """What the word before a name says it is: "sagte"/"il ministro" -> PER, "provincia di" -> LOC."""
        words = before.split()
        if len(words) >= 2 and words[-1] == ",":
            words = words[:-1]  # "his son , Kranthi": an apposition after the noun that says who
        if not words:
            return None
        prev = words[-1]
        if prev[-1] in "!?" or prev.endswith(".") and len(prev) > 5:
            return None  # "... the whole region. Ripple": the cue ended the sentence before ("Prof." does not)
        if prev.lower() in _CONNECT_WORDS and len(words) >= 2:  # "comune di", "provincia di"
            return "LOC" if self.is_place_cue(words[-2], lang) else None
        if self.is_person_cue(prev, lang):
            return "PER"
        if self.is_place_cue(prev, lang):
            return "LOC"
        return None

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
    guessed: bool = False  # the label is the fallback (ORG), not told by any cue: the text may say better


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
        lexicon = shipped_lexicon()
        self.lexicon = _Lexicon.build(lexicon, self.person_titles)
        suffixes = "|".join(re.escape(s) for s in self.org_suffixes)
        self._suffix_pattern = re.compile(rf"((?:{_CAP}\s+){{0,3}}{_CAP})\s+(?:{suffixes})(?![\w])")

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
            surface = text[match.start:match.end]
            if fold(surface) in self.given_names and _NEXT_NAME.match(text, match.end):
                continue  # "Leonardo DiCaprio", "Sofia Goggia": a given name, not the company or city
            yield _Span(match.start, match.end, match.known.entity.type, match.known.entity.id, 4)

    def _suffix_spans(self, text: str, lang: str) -> list[_Span]:
        spans = []
        for m in self._suffix_pattern.finditer(text):
            start = m.start(1)
            words = m.group(1).split()
            # "Die Brenner Mobility AG": drop a leading article or descriptor noun
            while len(words) > 1 and (fold(words[0]) in _DE_DETERMINERS or words[0] in _GENERIC.get(lang, ())):
                start += len(words[0]) + 1
                words = words[1:]
            while lang == "de" and len(words) > 1 and (_is_descriptor_noun(words[0])
                                                    or self.registry.demonym(words[0]) is not None
                                                    or words[0].endswith("er") and words[1:2]
                                                    and _is_descriptor_noun(words[1])):
                # "den Liftbauer Tauern Lift GmbH", "Stuttgarter Autobauer Kessler Automobil AG"
                start = _skip_space(text, start + len(words[0]))
                words = words[1:]
            spans.append(_Span(start, m.end(), "ORG", None, 3))
        return spans

    def _phrase_spans(self, text: str, lang: str, known: list[_Span]) -> list[_Span]:
        spans = []
        for m in _PHRASE[lang].finditer(text):
            if _inside(known, m.start(), m.end()) or self.lexicon.is_feast(m.group(), lang):
                continue  # a feast before the run splits at "Year" ("New Year greetings")
            for start, words, boundary in self._runs(m, lang):
                before = text[max(0, start - 40):start]
                at_start = boundary or bool(_SENT_START.search(before))
                span = self._classify(text, start, words, at_start, before, lang)
                if span is not None:
                    spans.append(span)
        return spans

    def _runs(self, match: re.Match[str], lang: str) -> Iterator[tuple[int, list[str], bool]]:
        """A capitalised run split at capitalised function words inside it ("Programm Im Juni").

        A function word capitalised inside a run starts a sentence whose full stop went missing
        (headings, captions); the part after it is treated as a sentence start.
        """
        stop = STOPWORDS.get(lang, frozenset())
        start, words, boundary = match.start(), [], False
        for token in _NON_SPACE.finditer(match.group()):
            word = token.group()
            if words and len(word) > 1 and word[:1].isupper() and word.lower() in stop and word.lower() not in _CONNECT_WORDS:
                yield start, words, boundary
                start, words, boundary = match.start() + token.start(), [], True
            words.append(word)
        if words:
            yield start, words, boundary

    def _classify(self, text: str, start: int, words: list[str], at_start: bool,
                  before: str, lang: str) -> _Span | None:
        generic = _GENERIC.get(lang, set())
        stop = STOPWORDS.get(lang, set())
        lex = self.lexicon
        cue = lex.cue_before(before, lang)
        # peel leading function words, titles ("Presidente", "Trainer") and demonyms
        while words:
            first = words[0]
            if len(words) > 1 and (lex.is_person_cue(first, lang)
                                   or cue == "PER" and lex.is_common(first, lang) and not _looks_like_name(first)):
                cue = "PER"  # "Presidente Barack Obama", "Chief Financial Officer Miriam Okafor"
            elif not (first in generic or (at_start and first.lower() in stop)
                      or (len(words) > 1 and self.registry.demonym(first) is not None)):
                break
            start = _skip_space(text, start + len(first))
            words = words[1:]
            at_start = False
        if words and cue == "PER" and words[0].lower() in _CONNECT_WORDS:
            # "Presidente della Repubblica (Giorgio Napolitano)": an office, then maybe its holder
            at = next((i for i, w in enumerate(words[:-1]) if fold(w) in self.given_names), None)
            if at is None:
                return None
            for w in words[:at]:
                start = _skip_space(text, start + len(w))
            words = words[at:]
        while words and words[0].lower() in _CONNECT_WORDS:
            start = _skip_space(text, start + len(words[0]))
            words = words[1:]
        while words and words[-1].lower() in _CONNECT_WORDS:
            words = words[:-1]
        if not words or lex.is_feast(" ".join(words), lang):
            return None
        if len(words) == 1 and lex.is_number_abbreviation(words[0], text[start + len(words[0]):start + len(words[0]) + 3]):
            return None
        words, start, peeled = self._before_given_name(text, start, words, lang)
        if peeled:
            cue = "PER"
        if lang == "de":
            words, start, descriptor = self._german_name(text, start, words, at_start, before, cue)
            if not words:
                return None
            cue = cue or descriptor
        if len(words) == 1 and len(words[0]) >= 4 and words[0].isupper() and words[0].isalpha() \
                and _DATELINE_AFTER.match(text[start + len(words[0]):start + len(words[0]) + 6]):
            return _Span(start, start + len(words[0]), "LOC", None, 2)
        if len(words) == 1:
            word = words[0]
            if len(word.strip(".,'’")) < 2 or word in lex.not_names or self.registry.demonym(word) is not None:
                return None
            if lex.is_common(word, lang) and not _looks_like_name(word):
                return None  # "Stato", "Presidente", "Regierung": capitalised, yet no name
            if at_start and not _looks_like_name(word) and cue is None:
                return None
        elif lex.is_common(words[0], lang) and lex.is_common(words[-1], lang) and cue is None \
                and not any(_looks_like_name(w) for w in words):
            return None  # "Protezione Civile", "Ende Mai": common words in a row
        end = start + len(" ".join(words))
        if text[start:end] != " ".join(words):  # whitespace inside was not one space
            end = _phrase_end(text, start, len(words))
        label, guessed = self._label(words, before, lang, cue)
        return _Span(start, end, label, None, 2, guessed)

    def _before_given_name(self, text: str, start: int, words: list[str],
                           lang: str) -> tuple[list[str], int, bool]:
        """Drop descriptions before a person's name: "Presidente della Repubblica Giorgio Napolitano"."""
        at = next((i for i, w in enumerate(words) if i > 0 and fold(w) in self.given_names
                   and i + 1 < len(words)), None)
        if at is None:
            return words, start, False
        head = words[:at]
        if any(fold(w) in self.given_names or (_looks_like_name(w) and w.lower() not in _CONNECT_WORDS)
               for w in head):
            return words, start, False  # "Hans Peter Müller", "ByteDance-Chef Liang Rubo"
        if lang != "de" and not all(self.lexicon.is_common(w, lang) or self.lexicon.is_person_cue(w, lang)
                                    or re.fullmatch(_CONNECT[lang], w) for w in head):
            return words, start, False
        for w in head:
            start = _skip_space(text, start + len(w))
        return words[at:], start, True

    def _german_name(self, text: str, start: int, words: list[str], at_start: bool,
                     before: str, cue: str | None) -> tuple[list[str], int, str | None]:
        """The part of a German capitalised run that is a name, if any, and what the context says it is."""
        lex = self.lexicon
        if any(_german_compound(w) for w in words):
            return [], start, None  # "KI-Chips", "Tech-Riesen": compounds of common nouns
        prev = before.split()[-1].strip(",.") if before.split() else ""
        det_before = fold(prev) in _DE_DETERMINERS or (prev[:1].islower() and prev.endswith(("e", "en", "er", "es", "em")))
        if _is_descriptor_noun(words[-1]) and not _looks_like_name(words[-1]):
            return [], start, None  # "der Zürcher Telekomkonzern": a description, no name
        last = max((i for i, w in enumerate(words[:-1])
                    if (_is_descriptor_noun(w) or lex.is_person_cue(w, "de") or lex.is_place_cue(w, "de"))
                    and not _looks_like_name(w)), default=None)
        if last is not None:
            # "(der niederländische) Chiphersteller Halvion Semiconductors", "Trainer Jürgen Klopp"
            descriptor = words[last]
            for w in words[:last + 1]:
                start = _skip_space(text, start + len(w))
            rest = words[last + 1:]
            if lex.is_person_cue(descriptor, "de") or fold(rest[0]) in self.given_names:
                return rest, start, "PER"
            return rest, start, "LOC" if lex.is_place_cue(descriptor, "de") else "ORG"
        if any(_looks_like_name(w) for w in words) or fold(words[0]) in self.given_names:
            return words, start, None
        if any(lex.is_common(w, "de") for w in words):
            return [], start, None  # "Abständen Vibrationsplatten", "Ende Mai"
        if cue is not None and len(words) <= 3:
            return words, start, cue  # "Herr Willemsen", "sagte Heinze", "nach Franzburg"
        if len(words) == 1 and fold(prev) in _DE_PLACE_PREPS and lex.is_place_name(words[0], "de"):
            return words, start, "LOC"  # "in Helmarshausen", "nach Pfaffenhofen": German place-name endings
        if len(words) >= 2 and not det_before and not at_start and all(w[:1].isupper() for w in words):
            return words, start, None  # "Energia Padana", "Tauern Lift": two capitals in a row
        return [], start, None

    def _label(self, words: list[str], before: str, lang: str, cue: str | None = None) -> tuple[str, bool]:
        """The type of a capitalised run, and whether it is only the fallback guess (ORG)."""
        first = fold(words[0])
        if cue == "PER" or first in self.given_names and (len(words) >= 2 or words[0].isalpha()):
            return "PER", False
        prev = before.split()[-1].strip(",.").lower() if before.split() else ""
        if prev in self.person_titles or fold(prev) in self.person_titles:
            return "PER", False
        if any(fold(w) in self.org_heads for w in words):
            return "ORG", False
        if cue in ("LOC", "ORG"):
            return cue, False
        if prev in _PLACE_PREPS.get(lang, ()) and len(words) <= 2:
            return "LOC", True  # "to Kranthi", "from Kranthi": people follow these words too
        return "ORG", True

    def _value_spans(self, text: str, language: str | None) -> list[_Span]:
        spans = [_Span(m.start, m.end, "MONEY", None, 5) for m in find_money(text, language)]
        spans += [_Span(c.start, c.end, "QUANTITY", None, 3) for c in find_counts(text, language)]
        return spans

    def _propagate(self, text: str, spans: list[_Span]) -> list[_Span]:
        """A name found once is a name wherever else it occurs in the text, with the type the text
        gave it where a cue told it: "Bocelli" (a guess) is the person "Andrea Bocelli" named before."""
        names: dict[str, _Span] = {}
        for s in sorted(spans, key=lambda s: s.guessed):  # names told by a cue first: they win setdefault
            if s.label in NAME_LABELS and s.entity_id is None and s.end - s.start >= 3:
                surface = text[s.start:s.end]
                origin = _Span(s.start, s.end, s.label, self.registry.resolve(surface, s.label).id, 1, s.guessed)
                names.setdefault(surface, origin)
                first = surface.split()[0]
                if s.label == "ORG" and len(first) >= 4 and first[0].isupper() and " " in surface:
                    names.setdefault(first, origin)  # "Halvion" after "Halvion Semiconductors"
            if s.label == "PER" and " " in text[s.start:s.end]:
                last = text[s.start:s.end].split()[-1]
                if len(last) >= 3 and last[0].isupper() and last.isalpha() and fold(last) not in self.given_names:
                    entity_id = s.entity_id or self.registry.resolve(text[s.start:s.end], s.label).id
                    names.setdefault(last, _Span(s.start, s.end, "PER", entity_id, 1))  # "Okafor" after "Miriam Okafor"
        taken = [self._shouted(_told(s, names, text), text) for s in spans]
        for name, origin in names.items():
            for start, end in _occurrences(text, name):
                if not _inside(taken, start, end):
                    taken.append(_Span(start, end, origin.label, origin.entity_id, 1))
        return sorted(taken, key=lambda s: s.start)

    def _shouted(self, span: _Span, text: str) -> _Span:
        """A guessed name in capitals that the registry knows written normally: "DELHI", "VANCOUVER"."""
        surface = text[span.start:span.end]
        if not span.guessed or not surface.isupper() or len(surface) < 4 or not surface.replace(" ", "").isalpha():
            return span
        known = self.registry.lookup(surface)
        if known is None:
            return span
        return _Span(span.start, span.end, known.entity.type, known.entity.id, span.strength)

    def _mention(self, text: str, span: _Span) -> Mention:
        surface = text[span.start:span.end]
        entity_id = span.entity_id
        if entity_id is None and span.label in NAME_LABELS:
            entity_id = self.registry.resolve(surface, span.label).id
        return Mention(surface, span.label, span.start, span.end, entity_id)


def _told(span: _Span, names: dict[str, _Span], text: str) -> _Span:
    """A guessed span takes the type the text tells elsewhere for the same name, also written
    in capitals ("BOCELLI" after "Andrea Bocelli")."""
    if not span.guessed:
        return span
    surface = text[span.start:span.end]
    told = [o for o in (names.get(surface), names.get(_title_case(surface))) if o is not None and not o.guessed]
    if not told or told[0].label == span.label:
        return span
    origin = told[0]
    return _Span(span.start, span.end, origin.label, origin.entity_id, span.strength)


def _title_case(surface: str) -> str:
    """"BOCELLI" -> "Bocelli": how a name shouted in capitals is written elsewhere."""
    return " ".join(w.capitalize() if w.isupper() and len(w) >= 4 else w for w in surface.split())


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


def _word_char(c: str) -> bool:
    return c.isalnum() or c == "_"  # what the re module's \w matches


def _occurrences(text: str, name: str) -> Iterator[tuple[int, int]]:
    r"""Where ``name`` stands as a word of its own: not after a word character or a hyphen, not
    before a word character; non-overlapping, left to right. What ``(?<![\w-])NAME(?!\w)`` finds,
    without compiling a pattern for every name of every article."""
    start = text.find(name)
    while start != -1:
        end = start + len(name)
        if (start == 0 or not (_word_char(text[start - 1]) or text[start - 1] == "-")) \
                and (end == len(text) or not _word_char(text[end])):
            yield start, end
            start = text.find(name, end)
        else:
            start = text.find(name, start + 1)


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
