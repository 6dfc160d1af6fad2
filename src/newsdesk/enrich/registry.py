"""The registry of known entities: one id per company, person, place or product, however spelt.

The shipped registry (``enrich/data/entities.json``) lists entities with their aliases in
German, English and Italian ("Stati Uniti" = "USA" = "Vereinigte Staaten"); users add their
own files (JSON or TOML of the same shape) through the ``entities.registry_files`` setting.
Organisations carry a ``kind`` where it is known (:data:`ORG_KINDS`): a company, a political
party, a news agency, a newspaper or broadcaster, a sports club, a public authority (government,
ministry, regulator, court, central bank, intergovernmental body) or an NGO (unions, associations,
federations, charities); :func:`org_kind` answers from the shipped registry ("dpa" ->
"news_agency", "ÖVP" -> "party", "Juventus" -> "sports_club"). Places have kinds too ("city").
Names the registry does not know still become entities: :meth:`EntityRegistry.resolve`
gives them a stable id derived from the normalised name, so "Halvion Semiconductors" and
"Halvion Semiconductors AG" are one entity.

File shape::

    {"entities": [{"id": "org:alibaba", "name": "Alibaba Group", "type": "ORG",
                   "aliases": ["Alibaba"], "kind": "city", "country": "IT",
                   "demonyms": ["italienisch", "Italian", "italian"]}]}
"""

from __future__ import annotations

import json
import logging
import re
import tomllib
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Iterable, Iterator, Sequence

from newsdesk.errors import ConfigError
from newsdesk.records import Entity

logger = logging.getLogger(__name__)
logger.addHandler(logging.NullHandler())

TYPES = ("ORG", "PER", "LOC", "PRODUCT")
# What an organisation is, where the registry knows it; None for the rest (universities, indices, summits).
ORG_KINDS = ("company", "party", "news_agency", "media", "sports_club", "authority", "ngo")
# Articles before a name in running text ("die Grünen", "the Democrats", "la Lega"): not part of the name.
_LEADING_ARTICLE = re.compile(r"^(?:the|die|der|das|den|dem|des|il|lo|la|l'|l’|i|gli|le)\s+", re.IGNORECASE)
_WORD = re.compile(r"\w+")
# Legal forms dropped when two spellings of one company are compared.
LEGAL_FORMS = (
    "gmbh & co. kg", "gmbh", "ag", "se", "kgaa", "kg", "s.p.a.", "spa", "s.r.l.", "srl", "inc.", "inc",
    "ltd.", "ltd", "llc", "plc", "corp.", "corp", "corporation", "co.", "n.v.", "nv", "b.v.", "bv",
    "s.a.", "sa", "sas", "ab", "asa", "oyj", "holding", "holdings", "group", "gruppe", "gruppo",
)
_SPACED_FORMS = tuple(" " + form for form in LEGAL_FORMS)


@lru_cache(maxsize=8192)
def fold(text: str) -> str:
    """Case- and accent-insensitive form of a name: "Zürich" -> "zurich"."""
    decomposed = unicodedata.normalize("NFKD", text.replace("ß", "ss"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


@lru_cache(maxsize=8192)
def name_key(name: str) -> str:
    """The key under which spellings of one name meet: folded, legal form and punctuation gone."""
    key = fold(name).strip()
    while key.endswith(_SPACED_FORMS):  # a pass over every form while one still ends the key
        for spaced in _SPACED_FORMS:
            if key.endswith(spaced):
                key = key[: -len(spaced)].rstrip(" ,")
    return " ".join(_WORD.findall(key))


def slug(name: str) -> str:
    return "-".join(name_key(name).split()) or "unnamed"


@dataclass(frozen=True, slots=True)
class KnownEntity:
    """One registry entry: the entity plus what matching needs."""

    entity: Entity
    kind: str | None = None
    country: str | None = None
    demonyms: tuple[str, ...] = ()
    names: tuple[tuple[str, str], ...] = ()  # (language, name in running text of that language)

    def name_in(self, language: str) -> str | None:
        """The entity's name in ``language`` ("Italien", "Italy", "Italia"), if the registry gives one."""
        return next((name for lang, name in self.names if lang == language), None)


@dataclass(frozen=True, slots=True)
class Match:
    """A registry alias found in a text."""

    start: int
    end: int
    known: KnownEntity


DEMONYM_MIN = 4  # letters a demonym stem needs ("ital", "deut"); stems are indexed by these


@dataclass
class EntityRegistry:
    """Known entities, looked up by alias; unknown names get stable ids."""

    entries: dict[str, KnownEntity] = field(default_factory=dict)
    _by_first_word: dict[str, list[tuple[str, str]]] = field(default_factory=dict, repr=False)
    _by_key: dict[str, str] = field(default_factory=dict, repr=False)
    _demonyms: dict[str, list[tuple[str, str]]] = field(default_factory=dict, repr=False)  # by first 4 letters

    @classmethod
    def load(cls, extra_files: Sequence[str | Path] = (), shipped: bool = True) -> EntityRegistry:
        """The shipped registry (unless ``shipped`` is false) plus ``extra_files``, later files winning."""
        registry = cls()
        if shipped:
            registry.extend(_shipped_entries())
        for path in extra_files:
            registry.extend(read_registry_file(Path(path)))
        return registry

    def extend(self, items: Iterable[dict[str, Any]]) -> None:
        for item in items:
            self.add(_entry(item))

    def add(self, known: KnownEntity) -> None:
        entity = known.entity
        self.entries[entity.id] = known
        for alias in (entity.name, *entity.aliases):
            alias = alias.strip()
            first = _WORD.search(alias)
            if not first:
                continue
            bucket = self._by_first_word.setdefault(first.group().casefold(), [])
            bucket.append((alias, entity.id))
            bucket.sort(key=lambda pair: -len(pair[0]))
            self._by_key.setdefault(name_key(alias), entity.id)
        for stem in known.demonyms:
            folded = fold(stem)
            if len(folded) >= DEMONYM_MIN:  # shorter stems would match too much
                self._demonyms.setdefault(folded[:DEMONYM_MIN], []).append((folded, entity.id))

    def __len__(self) -> int:
        return len(self.entries)

    def get(self, entity_id: str) -> KnownEntity | None:
        return self.entries.get(entity_id)

    def lookup(self, name: str) -> KnownEntity | None:
        """The known entity one of whose spellings is ``name`` (case, accents, legal form ignored)."""
        entity_id = self._by_key.get(name_key(name))
        return self.entries.get(entity_id) if entity_id else None

    def org_kind(self, name: str) -> str | None:
        """What the organisation called ``name`` is (one of :data:`ORG_KINDS`), or None when the
        registry does not know the name or does not know its kind."""
        known = self.lookup(name) or self.lookup(_LEADING_ARTICLE.sub("", name.strip()))
        if known is None or known.entity.type != "ORG":
            return None
        return known.kind

    def resolve(self, name: str, label: str) -> Entity:
        """The entity ``name`` stands for: a known one, else a new one with an id from the name."""
        known = self.lookup(name)
        if known is not None:
            return known.entity
        prefix = {"ORG": "org", "PER": "per", "LOC": "loc", "PRODUCT": "prod"}.get(label, label.lower())
        return Entity(id=f"{prefix}:{slug(name)}", name=name.strip(), type=label)

    def find(self, text: str) -> Iterator[Match]:
        """Every alias occurrence in ``text``, longest first at each position, not overlapping."""
        pos = 0
        by_first_word = self._by_first_word
        for word in _WORD.finditer(text):
            aliases = by_first_word.get(word.group().casefold())
            start = word.start()
            if not aliases or start < pos:
                continue
            for alias, entity_id in aliases:
                end = start + len(alias)
                if not _same_spelling(text[start:end], alias):
                    continue
                if end < len(text) and (text[end].isalnum() or text[end] == "_") and alias[-1].isalnum():
                    continue
                yield Match(start, end, self.entries[entity_id])
                pos = end
                break

    def demonym(self, word: str) -> KnownEntity | None:
        """The place an adjective names: "norditalienischen" -> Italy, "statunitense" -> USA."""
        folded = fold(word)
        for prefix in ("", "nord", "sud", "sued", "ost", "west", "mittel", "zentral", "north", "south",
                       "east", "centro", "north-", "south-"):
            if not folded.startswith(prefix):
                continue
            rest = folded[len(prefix):]
            for stem, entity_id in self._demonyms.get(rest[:DEMONYM_MIN], ()):
                if rest.startswith(stem):
                    return self.entries[entity_id]
        return None


def _same_spelling(found: str, alias: str) -> bool:
    """Aliases match as written, except that a lower-case alias may start upper-case (at a sentence start).

    A capitalised alias never matches a lower-case word: "essen" is not the city Essen.
    """
    if found == alias:
        return True
    if len(alias) <= 4 or alias.isupper():
        return False  # "US" is not "us"; "AI" is not "ai"
    return alias[:1].islower() and found[:1] == alias[:1].upper() and found[1:] == alias[1:]


def _entry(item: dict[str, Any]) -> KnownEntity:
    try:
        entity_type = str(item["type"]).upper()
        entity = Entity(
            id=str(item["id"]),
            name=str(item["name"]),
            type=entity_type,
            aliases=tuple(str(a) for a in item.get("aliases", ())),
        )
    except KeyError as exc:
        raise ConfigError(f"registry entry {item!r} lacks {exc.args[0]!r}",
                          "every entry needs id, name and type") from None
    if entity_type not in TYPES:
        raise ConfigError(f"registry entry {entity.id!r} has type {entity_type!r}", f"use one of {', '.join(TYPES)}")
    names = tuple(sorted((str(k), str(v)) for k, v in (item.get("names") or {}).items()))
    return KnownEntity(entity, item.get("kind"), item.get("country"), tuple(item.get("demonyms", ())), names)


def read_registry_file(path: Path) -> list[dict[str, Any]]:
    """Entries of a user registry file (JSON or TOML with an ``entities`` list)."""
    try:
        raw = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"cannot read registry file {path}: {exc.strerror}",
                          "check the entities.registry_files setting") from None
    try:
        data = tomllib.loads(raw) if path.suffix.lower() == ".toml" else json.loads(raw)
    except (ValueError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"registry file {path} is not valid {path.suffix.lstrip('.').upper() or 'JSON'}: {exc}") from None
    entries = data.get("entities") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise ConfigError(f"registry file {path} has no 'entities' list")
    return entries


def org_kind(name: str) -> str | None:
    """The kind of a known organisation by the shipped registry: "dpa" -> "news_agency",
    "die Grünen" -> "party", "VfL Wolfsburg" -> "sports_club", "Bundeskartellamt" -> "authority",
    "Siemens" -> "company"; None for names it does not know. User registry files are not read:
    load an :class:`EntityRegistry` and call its :meth:`EntityRegistry.org_kind` for those."""
    return _shipped_registry().org_kind(name)


@lru_cache(maxsize=1)
def _shipped_registry() -> EntityRegistry:
    return EntityRegistry.load()


@lru_cache(maxsize=1)
def _shipped_entries() -> tuple[dict[str, Any], ...]:
    try:
        raw = resources.files("newsdesk.enrich").joinpath("data/entities.json").read_text(encoding="utf-8")
    except FileNotFoundError:
        logger.warning("the shipped entity registry is missing; only user registry files are used")
        return ()
    return tuple(json.loads(raw).get("entities", ()))


@lru_cache(maxsize=1)
def shipped_names() -> dict[str, Any]:
    """Given names, person titles, legal forms and organisation heads (``data/names.json``)."""
    try:
        raw = resources.files("newsdesk.enrich").joinpath("data/names.json").read_text(encoding="utf-8")
    except FileNotFoundError:
        logger.warning("the shipped name lists are missing; person detection is weaker")
        return {}
    return json.loads(raw)


@lru_cache(maxsize=1)
def shipped_lexicon() -> dict[str, Any]:
    """Common nouns, noun and place endings, non-name acronyms and cue words (``data/lexicon.json``)."""
    try:
        raw = resources.files("newsdesk.enrich").joinpath("data/lexicon.json").read_text(encoding="utf-8")
    except FileNotFoundError:
        logger.warning("the shipped word lists are missing; name detection is less precise")
        return {}
    return json.loads(raw)
