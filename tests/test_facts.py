"""Entities, events, categories and translation leftovers: unit checks, the seed checks and the gate."""

from __future__ import annotations

import json
from datetime import date

import pytest

from conftest import SHARED, invoke
from newsdesk.enrich.categories import categorize
from newsdesk.enrich.events import EventExtractor, merge_events
from newsdesk.enrich.language import StopwordModel, default_model
from newsdesk.enrich.leftovers import LeftoverFinder
from newsdesk.enrich.mentions import MentionFinder
from newsdesk.enrich.registry import EntityRegistry, name_key
from newsdesk.errors import ConfigError
from newsdesk.eval.events import actor_matches, evaluate_store_events, score_page
from newsdesk.store import Store

SEEDS = SHARED / "seeds"
# Floors of the event gate on the bundled sample (micro over all types). Measured
# 2026-11-23: P 0.775, R 0.742 (session 3: datelines, descriptor phrases, bids are not launches). Target 0.9 / 0.8.
# 2026-11-23: P 0.903, R 0.837 (session 4: sentence split, stakes, one result per figure, anaphoric nouns,
# company descriptors, cross-type conflicts, merging by compatible slots; tests/test_event_rules.py).
PRECISION_FLOOR = 0.93
RECALL_FLOOR = 0.86


@pytest.fixture(scope="module")
def registry() -> EntityRegistry:
    return EntityRegistry.load()


@pytest.fixture(scope="module")
def extractor(registry) -> EventExtractor:
    return EventExtractor(MentionFinder(registry))


# -- registry --------------------------------------------------------------------------------------

@pytest.mark.parametrize("a,b", [("Stati Uniti", "USA"), ("Meta", "Meta Platforms"), ("Alibaba", "Alibaba Group"),
                                 ("Mailand", "Milano"), ("US-Handelsministerium", "US Commerce Department")])
def test_spellings_in_three_languages_are_one_entity(registry, a, b):
    assert registry.lookup(a) is not None
    assert registry.lookup(a).entity.id == registry.lookup(b).entity.id


def test_unknown_names_get_stable_ids_without_legal_form(registry):
    assert registry.resolve("Brenner Mobility AG", "ORG").id == registry.resolve("Brenner Mobility", "ORG").id
    assert name_key("Tauern Lift GmbH") == "tauern lift"


def test_user_registry_file_extends_and_overrides(tmp_path):
    path = tmp_path / "mine.toml"
    path.write_text('[[entities]]\nid = "org:acme"\nname = "Acme Industries"\ntype = "ORG"\n'
                    'aliases = ["Acme", "Acme-Gruppe"]\n', encoding="utf-8")
    registry = EntityRegistry.load([path])
    assert registry.lookup("Acme").entity.id == "org:acme"
    found = [(m.known.entity.id, m.start) for m in registry.find("Die Acme-Gruppe und Acme wachsen.")]
    assert [i for i, _ in found] == ["org:acme", "org:acme"]


def test_bad_registry_file_is_a_clear_error(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text('{"entities": [{"name": "x"}]}', encoding="utf-8")
    with pytest.raises(ConfigError, match="lacks"):
        EntityRegistry.load([path])
    with pytest.raises(ConfigError, match="cannot read"):
        EntityRegistry.load([tmp_path / "missing.json"])


# -- mentions --------------------------------------------------------------------------------------

def test_unknown_companies_are_found_in_german(registry):
    text = ("Der belgische Kabelhersteller Voltaris Cables übernimmt die Nordlicht Kabel GmbH für 40 Millionen Euro. "
            "Voltaris will damit in Deutschland wachsen.")
    mentions = MentionFinder(registry).find(text, "de")
    names = {m.text: m for m in mentions}
    assert "Voltaris Cables" in names and names["Voltaris Cables"].label == "ORG"
    assert "Nordlicht Kabel GmbH" in names
    assert names["Voltaris"].entity_id == names["Voltaris Cables"].entity_id  # found once, found everywhere
    assert names["Deutschland"].label == "LOC"
    assert "Kabelhersteller Voltaris Cables" not in names
    assert any(m.label == "MONEY" for m in mentions)


def test_italian_and_english_names(registry):
    finder = MentionFinder(registry)
    it = {m.text: m.label for m in finder.find("La startup torinese Cobalto Robotics ha assunto Giulia Ferri a Milano.", "it")}
    assert it.get("Cobalto Robotics") == "ORG" and it.get("Giulia Ferri") == "PER" and it.get("Milano") == "LOC"
    en = {m.text: m.label for m in finder.find("On Monday, Harbor Ridge Partners said Emily Stone would lead it.", "en")}
    assert en.get("Harbor Ridge Partners") == "ORG" and en.get("Emily Stone") == "PER" and "Monday" not in en


# -- events ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("language,text,expected", [
    ("de", "Der Versicherer Baltica Leben streicht 800 Stellen in Hamburg.", {"type": "layoff", "count": {"min": 800, "max": 800}}),
    ("en", "Baltica Life said it would cut dozens of jobs in Hamburg.", {"type": "layoff", "count": {"min": 24, "max": 99}}),
    ("it", "Baltica Vita ha annunciato il licenziamento di decine di dipendenti a Milano.", {"type": "layoff", "count": {"min": 24, "max": 99}}),
    ("it", "Orsini Energia investirà 2,5 miliardi di euro in Sicilia.", {"type": "investment", "amount": {"value": 2.5e9, "currency": "EUR"}}),
    ("de", "Das Start-up Wolkenlos hat in einer Finanzierungsrunde der Serie A 12 Millionen Euro eingesammelt, angeführt von Nordwind Capital.",
     {"type": "funding", "round": "Series A", "lead_investor": "Nordwind Capital", "amount": {"value": 1.2e7, "currency": "EUR"}}),
    ("en", "Pinecrest Foods reported a net loss of $45 million for the third quarter.", {"type": "financial_result", "metric": "net loss"}),
])
def test_event_slots_in_three_languages(extractor, language, text, expected):
    events = extractor.extract(text, language, date(2024, 10, 15))
    match = [e for e in events if e.type == expected["type"]]
    assert match, [(e.type, e.actor) for e in events]
    slots = match[0].slots
    for key, value in expected.items():
        if key != "type":
            assert slots.get(key) == value, (key, slots)
    assert match[0].evidence in text
    assert match[0].actor and match[0].actor.split()[0] in text


def test_relative_dates_resolve_against_publication(extractor):
    events = extractor.extract("Im vergangenen August hatte Baltica Leben 300 Stellen gestrichen.", "de", date(2024, 11, 5))
    assert events and events[0].slots["date"] == "2024-08"


def test_a_fact_told_twice_is_one_event(extractor):
    text = ("Orsini Energia investirà 2,5 miliardi di euro in Sicilia. Il piano da 2,5 miliardi di euro "
            "prevede un investimento in Sicilia.")
    events = extractor.extract(text, "it", date(2024, 10, 15))
    assert len([e for e in events if e.type == "investment"]) == 1
    assert merge_events(events + events) == events


def test_actor_matching_of_the_eval():
    assert actor_matches("Halvion", "Halvion Semiconductors")
    assert actor_matches("anything", None)
    assert not actor_matches("Halvion", "Energia Padana")
    tp, fp, fn = score_page([{"type": "layoff", "actor": "Spotify"}, {"type": "layoff", "actor": "Spotify"}],
                            [{"type": "layoff", "actor": "Spotify AB"}])
    assert (tp["layoff"], fp["layoff"], fn["layoff"]) == (1, 1, 0)


# -- categories and leftovers ----------------------------------------------------------------------

def test_categories_several_allowed():
    cats = categorize("Chipkonzern investiert in KI-Rechenzentren",
                      "Der Konzern investiert Milliarden in Rechenzentren für künstliche Intelligenz, KI-Modelle und Cloud-Software. "
                      "Die Aktie stieg, der Umsatz wächst, Jobs entstehen.")
    assert {"technology", "ai", "economy"} <= set(cats)


def test_leftovers_with_model_and_without():
    text = "Zum Beispiel hat lo stesso Unternehmen sein Interesse an der Technik gezeigt, sagte der Sprecher."
    with_model = LeftoverFinder(default_model(("de", "en", "it"))).find(text, "de")
    assert [x.text for x in with_model] == ["lo stesso"]
    assert with_model[0].language == "it" and text[with_model[0].start:with_model[0].end] == "lo stesso"
    fallback = LeftoverFinder(StopwordModel(("de", "en", "it"))).find(text, "de")
    assert any("lo" in x.text for x in fallback)
    assert LeftoverFinder(default_model(("de", "en", "it"))).find("Der Konzern wächst in Europa weiter.", "de") == []


# -- the seeds and the sample ------------------------------------------------------------------------

@pytest.fixture(scope="module")
def seed_events(tmp_path_factory) -> list[dict]:
    if not SEEDS.is_dir():
        pytest.skip(f"seed articles not found at {SEEDS}")
    db = str(tmp_path_factory.mktemp("seeds") / "seeds.db")
    assert invoke("run", "--input", str(SEEDS), "--db", db).exit_code == 0
    result = invoke("events", "--db", db, "--json")
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.output.splitlines()], db


def _find(events, event_type, actor):
    return [e for e in events if e["type"] == event_type and e["actor"] and actor.lower() in e["actor"].lower()]


def test_seed_events_the_issue_lists(seed_events):
    events, _ = seed_events
    layoff = _find(events, "layoff", "Alibaba")[0]
    assert layoff["count"] == {"min": 24, "max": 99} and {"Shanghai", "Hangzhou"} <= set(layoff["place"])
    loss = _find(events, "financial_result", "Meta")[0]
    assert loss["amount"] == {"value": 4.5e9, "currency": "USD"} and loss["period"] == "2024-Q2"
    invest = _find(events, "investment", "Microsoft")[0]
    assert invest["amount"] == {"value": 4.3e9, "currency": "EUR"} and "Italien" in invest["place"]
    assert _find(events, "funding", "VanEck")[0]["amount"] == {"value": 3e7, "currency": "USD"}
    assert _find(events, "product_launch", "Nvidia")[0]["product"] == "Nemotron"
    assert "iMac" in _find(events, "product_launch", "Apple")[0]["product"]
    for company in ("Alibaba", "ByteDance", "Meituan"):
        assert _find(events, "hiring", company), company
    rule = [e for e in events if e["type"] == "regulation" and "Handelsministerium" in (e["authority"] or "")][0]
    assert rule["status"] == "proposed" and "Cloud-Anbieter" in rule["evidence"]


def test_seed_000_carries_a_leftover_flag_and_entities(seed_events):
    _, db = seed_events
    with Store(db, create=False) as store:
        article = next(a for a in store.articles() if "000_" in a.url)
        assert any(x["text"] == "lo stesso" and x["language"] == "it" for x in store.leftovers(article.id))
    entities = [json.loads(line) for line in invoke("entities", "--db", db, "--json").output.splitlines()]
    meta = next(e for e in entities if e["id"] == "org:meta")
    assert meta["mentions"] >= 2 and "Meta" in meta["aliases"]


def test_event_gate_on_the_sample(sample_run, gold):
    with Store(sample_run["db"], create=False) as store:
        result = evaluate_store_events(store, gold)
    overall = result["overall"]
    assert overall["precision"] >= PRECISION_FLOOR, result
    assert overall["recall"] >= RECALL_FLOOR, result
    assert result["pages"] >= 60
    cli = invoke("eval", "events", "--db", sample_run["db"], "--json")
    assert json.loads(cli.output)["overall"] == overall
