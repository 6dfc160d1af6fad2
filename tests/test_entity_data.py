"""The shipped gazetteer data: registry entries and name lists load and stay consistent."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections import defaultdict
from importlib import resources
from pathlib import Path

import pytest

from newsdesk.enrich.registry import EntityRegistry, name_key

DATA = resources.files("newsdesk.enrich").joinpath("data")
GOLD = Path(__file__).parents[1] / "src/newsdesk/sample/gold.json"

TYPES = {"ORG", "PER", "LOC", "PRODUCT"}
PREFIX = {"ORG": "org:", "PER": "per:", "LOC": "loc:", "PRODUCT": "prod:"}
KINDS = {"country", "region", "city", "continent", "union"}  # "union": the EU, a place that is no country
# Spellings that name entities of two types on purpose (none today). Add "alias": {"TYPE", ...} with a reason.
SHARED_ALIASES: dict[str, set[str]] = {}
# Real companies and places that the sample's events name; every other actor, investor, target,
# partner or product in gold.json is invented and must stay unknown to the registry.
REAL_IN_SAMPLE = {
    "Alibaba", "Andreessen Horowitz", "Apple", "Banco BPM", "ByteDance", "Meituan", "Microsoft", "Nvidia",
    "Spotify", "Stellantis", "UniCredit", "VanEck", "CATL", "Politecnico di Torino", "Anima Holding",
    "Commerzbank", "Leapmotor", "Accio", "Nemotron",
}
SAMPLE_NAME_SLOTS = ("actor", "investors", "lead_investor", "target", "partner", "product")


def _entities() -> list[dict]:
    return json.loads(DATA.joinpath("entities.json").read_text(encoding="utf-8"))["entities"]


def _names() -> dict:
    return json.loads(DATA.joinpath("names.json").read_text(encoding="utf-8"))


def test_registry_loads_with_unique_lowercase_ids() -> None:
    entities = _entities()
    ids = [e["id"] for e in entities]
    assert len(ids) == len(set(ids)), [i for i in ids if ids.count(i) > 1]
    for e in entities:
        assert {"id", "name", "type", "aliases"} <= set(e), e
        assert e["type"] in TYPES, e
        assert e["id"].startswith(PREFIX[e["type"]]) and e["id"] == e["id"].lower(), e["id"]
        assert re.fullmatch(r"[a-z]+:[a-z0-9-]+", e["id"]), e["id"]
        assert isinstance(e["aliases"], list) and all(isinstance(a, str) and a.strip() for a in e["aliases"]), e
        if e["type"] == "LOC":
            assert e.get("kind") in KINDS, e
            if e["kind"] in ("country", "city") or "country" in e:  # world regions ("Middle East") have none
                assert re.fullmatch(r"[A-Z]{2}", e.get("country", "")), e
        for stem in e.get("demonyms", ()):
            assert len(stem) >= 4 and stem == stem.lower(), (e["id"], stem)
    assert len(EntityRegistry.load()) == len(entities)


def test_registry_coverage() -> None:
    entities = _entities()
    by_type = defaultdict(int)
    for e in entities:
        by_type[e["type"]] += 1
    countries = [e for e in entities if e.get("kind") == "country"]
    assert len(countries) >= 190
    assert by_type["ORG"] >= 400 and by_type["PER"] >= 60 and by_type["PRODUCT"] >= 60
    registry = EntityRegistry.load()
    for spelling, entity_id in [("Mailand", "loc:milan"), ("Monaco di Baviera", "loc:munich"), ("Wien", "loc:vienna"),
                                ("Bozen", "loc:bolzano"), ("Unione europea", "loc:eu"), ("Stati Uniti", "loc:us"),
                                ("US-Handelsministerium", "org:us-commerce-department"), ("EZB", "org:ecb"),
                                ("Tencent", "org:tencent"), ("Facebook", "org:meta"), ("Giorgia Meloni", "per:giorgia-meloni")]:
        known = registry.lookup(spelling)
        assert known is not None and known.entity.id == entity_id, spelling
    assert registry.demonym("norditalienischen").entity.id == "loc:it"
    assert registry.demonym("statunitense").entity.id == "loc:us"


def test_no_alias_names_entities_of_two_types() -> None:
    types = defaultdict(set)
    for e in _entities():
        for alias in (e["name"], *e["aliases"]):
            types[name_key(alias)].add(e["type"])
    clashes = {k: t for k, t in types.items() if len(t) > 1 and SHARED_ALIASES.get(k) != t}
    assert not clashes


def test_no_fictional_sample_entity_in_the_registry() -> None:
    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    names = set()
    for page in gold["pages"].values():
        for event in page.get("events", ()):
            for slot in SAMPLE_NAME_SLOTS:
                value = event.get(slot)
                for name in value if isinstance(value, list) else [value]:
                    if isinstance(name, str) and name[:1].isupper():
                        names.add(name)
    fictional = names - REAL_IN_SAMPLE
    assert {"Halvion Semiconductors", "Energia Padana", "Brenner Mobility", "Kontora"} <= fictional
    registry = EntityRegistry.load()
    keys = {name_key(a) for e in _entities() for a in (e["name"], *e["aliases"])}
    for name in sorted(fictional):
        assert registry.lookup(name) is None and name_key(name) not in keys, name
        words = [w for w in re.findall(r"\w+", name) if len(w) > 3]
        assert not any(registry.lookup(w) for w in words[:1] if w not in ("Stellantis",)), name


def test_names_json_shape() -> None:
    names = _names()
    given = names["given_names"]
    assert len(given) >= 1000 and len(set(given)) == len(given)
    assert {"Giorgia", "Mark", "Jürgen", "Mehmet", "Priya"} <= set(given)
    assert not {"April", "May", "June", "Mai", "Juni", "Juli"} & set(given)
    for key in ("person_titles", "org_heads", "place_prepositions"):
        assert set(names[key]) == {"de", "en", "it"}, key
    assert {"GmbH", "AG", "S.p.A.", "Inc.", "Ltd", "SE"} <= set(names["org_suffixes"])


@pytest.mark.parametrize("word", ["Halvion", "Kontora", "Brightline"])
def test_invented_words_are_no_alias(word: str) -> None:
    assert EntityRegistry.load().lookup(word) is None


LANGUAGES = {"de", "en", "it"}


def test_every_place_has_its_name_in_each_language() -> None:
    entities = _entities()
    places = [e for e in entities if e["type"] == "LOC"]
    assert places
    for e in places:
        assert set(e.get("names", {})) == LANGUAGES, e["id"]
    named_orgs = [e for e in entities if e["type"] == "ORG" and "names" in e]
    assert len(named_orgs) >= 80  # government bodies, regulators, courts, EU and international institutions
    for e in entities:
        names = e.get("names", {})
        assert set(names) <= LANGUAGES, e["id"]
        assert all(isinstance(v, str) and v.strip() == v and v for v in names.values()), e["id"]


def test_every_language_name_resolves_to_its_entity() -> None:
    registry = EntityRegistry.load()
    for e in _entities():
        for language, value in e.get("names", {}).items():
            known = registry.lookup(value)
            assert known is not None and known.entity.id == e["id"], (e["id"], language, value)
            assert known.name_in(language) == value, (e["id"], language)
            matches = list(registry.find(value))
            assert [(m.start, m.end, m.known.entity.id) for m in matches[:1]] == [(0, len(value), e["id"])], (
                e["id"], language, value)


@pytest.mark.parametrize("entity_id, de, en, it", [
    ("loc:it", "Italien", "Italy", "Italia"),
    ("loc:us", "Vereinigte Staaten", "United States", "Stati Uniti"),
    ("loc:milan", "Mailand", "Milan", "Milano"),
    ("loc:munich", "München", "Munich", "Monaco di Baviera"),
    ("loc:bolzano", "Bozen", "Bolzano", "Bolzano"),
    ("org:us-commerce-department", "US-Handelsministerium", "US Commerce Department",
     "Dipartimento del Commercio degli Stati Uniti"),
    ("org:european-commission", "Europäische Kommission", "European Commission", "Commissione europea"),
])
def test_names_of_well_known_entities(entity_id: str, de: str, en: str, it: str) -> None:
    known = EntityRegistry.load().get(entity_id)
    assert known is not None
    assert (known.name_in("de"), known.name_in("en"), known.name_in("it")) == (de, en, it)


def test_registry_is_up_to_date_with_the_names_mapping() -> None:
    script = Path(__file__).parents[1] / "tools/add_entity_names.py"
    done = subprocess.run([sys.executable, str(script), "--check"], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr


def test_organisations_have_known_kinds() -> None:
    from newsdesk.enrich.registry import ORG_KINDS

    orgs = [e for e in _entities() if e["type"] == "ORG"]
    kinds = defaultdict(int)
    for e in orgs:
        assert e.get("kind") is None or e["kind"] in ORG_KINDS, e["id"]
        kinds[e.get("kind")] += 1
    assert kinds["company"] >= 300 and kinds["authority"] >= 100 and kinds["party"] >= 30
    assert kinds["news_agency"] >= 15 and kinds["sports_club"] >= 30 and kinds["ngo"] >= 10
    # the main parties of each country, the big news agencies, the top clubs
    registry = EntityRegistry.load()
    for name, kind in [("CDU", "party"), ("SPÖ", "party"), ("SVP", "party"), ("Fratelli d'Italia", "party"),
                       ("Republicans", "party"), ("Labour", "party"), ("dpa", "news_agency"),
                       ("Reuters", "news_agency"), ("AP", "news_agency"), ("AFP", "news_agency"),
                       ("ANSA", "news_agency"), ("APA", "news_agency"), ("Keystone-SDA", "news_agency"),
                       ("Bloomberg", "news_agency"), ("Borussia Dortmund", "sports_club"),
                       ("Juventus", "sports_club"), ("Manchester United", "sports_club")]:
        known = registry.lookup(name)
        assert known is not None and known.kind == kind, name


@pytest.mark.parametrize("name, kind", [
    ("dpa", "news_agency"), ("DPA", "news_agency"), ("die Grünen", "party"), ("the Democrats", "party"),
    ("la Lega", "party"), ("VfL Wolfsburg", "sports_club"), ("Bundeskartellamt", "authority"),
    ("Consob", "authority"), ("Siemens", "company"), ("UniCredit", "company"), ("Amnesty International", "ngo"),
    ("CNN", "media"),
    # no kind: unknown names, people, places, organisations of no listed kind
    ("Halvion Semiconductors", None), ("Angela Merkel", None), ("Berlin", None), ("Harvard", None),
])
def test_org_kind_answers_from_the_registry(name: str, kind: str | None) -> None:
    from newsdesk.enrich.registry import org_kind

    assert org_kind(name) == kind
