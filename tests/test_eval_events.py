"""Event evaluation harness: normalisation, matching and scoring on hand-made gold with a fake
extractor, the SENTiVENT reader on the real folder, and the event quality gate on the sample."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import SHARED, invoke
from newsdesk.eval.events import (
    actor_matches,
    evaluate_sentivent,
    evaluate_store_events,
    format_sentivent,
    match_page,
    normalise_event,
    parse_xmi,
    score_pages,
    sentivent_documents,
    sentivent_type,
)
from newsdesk.records import Event
from newsdesk.store import Store

SENTIVENT = SHARED / "data/events/sentivent"
# The target for events on the bundled sample (micro over all types).
PRECISION_FLOOR = 0.93
RECALL_FLOOR = 0.86

SENTIVENT_KEYS = ("type_precision", "type_recall", "type_f1", "argument_precision", "argument_recall",
                  "argument_f1", "per_type")


class FakeExtractor:
    """Finds a layoff of "Acme" wherever "cuts" occurs, with spans for actor, trigger and count."""

    def extract(self, text, language, published, url=""):
        events = []
        start = text.find("cuts")
        while start >= 0:
            actor = text.rfind("Acme", 0, start)
            spans = {"trigger": [[start, start + 4]], "count": [[start + 5, start + 8]]}
            if actor >= 0:
                spans["actor"] = [[actor, actor + 4]]
            events.append(Event("layoff", "Acme", text, url, {"count": {"min": 300, "max": 300}, "spans": spans}))
            start = text.find("cuts", start + 1)
        return events


# -- normalisation and matching ---------------------------------------------------------------------

def test_gold_shapes_normalise_alike():
    full = {"type": "relocation", "actor": "Quantrix", "place": {"from": "Düsseldorf", "to": ["Amsterdam"]},
            "count": {"min": 120, "max": 120}, "amount": None, "date": "2024-11-07"}
    sparse = {"type": "investment", "actor": "Energia Padana", "place": "Ravenna",
              "amount": {"value": 1200000000, "currency": "eur"}}
    assert normalise_event(full)["place"] == normalise_event({"type": "x", "place": ["Amsterdam", "Düsseldorf"]})["place"]
    assert normalise_event(full)["amount"] is None and normalise_event(full)["count"] == {"min": 120, "max": 120}
    assert normalise_event(sparse)["amount"] == {"value": 1.2e9, "currency": "EUR"}
    assert normalise_event(sparse)["date"] is None and len(normalise_event(sparse)["place"]) == 1
    assert normalise_event({"type": "x", "place": ["Italien"]})["place"] == normalise_event({"type": "x", "country": "Italy"})["place"]


def test_actor_names_contain_each_other():
    assert actor_matches("Halvion", "Halvion Semiconductors")
    assert actor_matches("HALVION Semiconductors N.V.", "Halvion")
    assert actor_matches("Zürcher Kantonalbank", "Zurcher Kantonalbank")
    assert actor_matches(None, None) and actor_matches("anyone", None)
    assert not actor_matches(None, "Halvion")
    assert not actor_matches("Kessler Powertrain", "Kessler Automobil")


def test_matching_is_one_to_one_by_type_and_actor():
    gold = [normalise_event(e) for e in ({"type": "layoff", "actor": "Spotify AB"}, {"type": "hiring", "actor": None})]
    pred = [normalise_event(e) for e in ({"type": "layoff", "actor": "Spotify"}, {"type": "layoff", "actor": "Spotify"},
                                         {"type": "hiring", "actor": "Whoever"})]
    pairs, extra, missed = match_page(pred, gold)
    assert pairs == [(0, 0), (2, 1)] and extra == [1] and missed == []


def test_scores_and_slot_accuracy():
    gold = [{"type": "layoff", "actor": "Acme", "count": {"min": 300, "max": 300}, "place": ["Milano"],
             "amount": None, "date": "2024-05"},
            {"type": "funding", "actor": "Beta", "amount": {"value": 1e7, "currency": "EUR"}, "place": None}]
    pred = [{"type": "layoff", "actor": "Acme Spa", "count": {"min": 300, "max": 300}, "place": ["Mailand"], "date": "2024"},
            {"type": "funding", "actor": "Beta", "amount": {"value": 1.005e7, "currency": "EUR"}},
            {"type": "acquisition", "actor": "Gamma"}]
    result = score_pages([(pred, gold), ([], [{"type": "layoff", "actor": "Delta"}])])
    assert result["overall"] == {"precision": 0.6667, "recall": 0.6667, "f1": 0.6667, "tp": 2, "fp": 1, "fn": 1}
    assert result["per_type"]["layoff"]["fn"] == 1 and result["per_type"]["acquisition"]["fp"] == 1
    slots = result["slots"]
    assert (slots["amount"]["correct"], slots["amount"]["total"]) == (1, 1)
    assert (slots["count"]["correct"], slots["place"]["correct"], slots["date"]["correct"]) == (1, 1, 0)
    assert slots["date"]["total"] == 1


def test_gold_file_against_a_store_with_a_fake_extractor(tmp_path, sample_run):
    with Store(sample_run["db"], create=False) as store:
        article = store.articles()[0]
        gold = {"pages": {article.url: {"language": article.language, "events": [{"type": "layoff", "actor": "Acme"}]},
                          "https://example.org/not-stored": {"language": "en", "events": []}}}
        result = evaluate_store_events(store, gold, extractor=FakeExtractor())
    assert result["pages"] == 1 and result["missing"] == ["https://example.org/not-stored"]
    assert result["source"] == "FakeExtractor" and result["overall"]["fn"] + result["overall"]["tp"] == 1


class ForecastExtractor:
    """Finds one reported layoff of "Acme" and one forecast result in every text."""

    def extract(self, text, language, published, url=""):
        return [Event("layoff", "Acme", text, url, {}),
                Event("financial_result", "Acme", text, url, {"metric": "revenue", "change": "rise", "guidance": True})]


def test_forecasts_are_left_out_of_the_gold_scores(sample_run):
    with Store(sample_run["db"], create=False) as store:
        article = store.articles()[0]
        gold = {"pages": {article.url: {"language": article.language, "events": [{"type": "layoff", "actor": "Acme"}]}}}
        result = evaluate_store_events(store, gold, extractor=ForecastExtractor())
    assert result["overall"]["tp"] == 1 and result["overall"]["fp"] == 0


def test_cli_reads_a_gold_file(tmp_path, sample_run):
    gold = tmp_path / "gold.json"
    gold.write_text(json.dumps({"pages": {}}), encoding="utf-8")
    result = invoke("eval", "events", "--gold", str(gold), "--db", sample_run["db"], "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["overall"]["tp"] == 0


# -- SENTiVENT --------------------------------------------------------------------------------------

def _xmi(text: str, events: str, sentences: str) -> str:
    return ('<?xml version="1.0" encoding="UTF-8"?><xmi:XMI xmlns:xmi="http://www.omg.org/XMI" '
            'xmlns:cas="http:///uima/cas.ecore" xmlns:custom="http:///webanno/custom.ecore" '
            'xmlns:type4="http:///de/tudarmstadt/ukp/dkpro/core/api/segmentation/type.ecore">'
            f'<cas:Sofa xmi:id="1" sofaString="{text}"/>{sentences}{events}</xmi:XMI>')


def _toy_folder(root: Path, splits: dict | None) -> Path:
    text = "Acme cuts 300 jobs.&#10;Zeta launches a phone."
    sentences = ('<type4:Sentence xmi:id="2" begin="0" end="19"/><type4:Sentence xmi:id="3" begin="20" end="43"/>')
    events = ('<custom:A_Event xmi:id="10" begin="5" end="9" a_Type="Employment" b_Subtype="End" c_Participant="11 12" d_FILLER=""/>'
              '<custom:A_EventC_ParticipantLink xmi:id="11" role="Employer" target="13"/>'
              '<custom:A_EventC_ParticipantLink xmi:id="12" role="Employee" target="14"/>'
              '<custom:B_Participant xmi:id="13" begin="0" end="4"/><custom:B_Participant xmi:id="14" begin="10" end="18"/>'
              '<custom:A_Event xmi:id="20" begin="25" end="33" a_Type="Product/Service" b_Subtype="Launch" c_Participant="" d_FILLER=""/>'
              '<custom:A_Event xmi:id="30" begin="25" end="33" a_Type="Macroeconomics" c_Participant="" d_FILLER=""/>')
    (root / "xmi").mkdir(parents=True)
    (root / "xmi" / "t00_toy.txt__gilles.xmi").write_text(_xmi(text, events, sentences), encoding="utf-8")
    if splits is not None:
        (root / "splits_doc_ids.json").write_text(json.dumps(splits), encoding="utf-8")
    return root


@pytest.mark.parametrize("splits", [{"test": ["t00"]}, None])
def test_sentivent_scoring_on_a_test_only_folder(tmp_path, splits):
    folder = _toy_folder(tmp_path / "sv", splits)
    doc = parse_xmi(next((folder / "xmi").iterdir()))
    assert doc["text"].startswith("Acme cuts") and doc["sentences"] == [(0, 19), (20, 43)]
    assert [a["role"] for a in doc["events"][0]["args"]] == ["Employer", "Employee"]
    result = evaluate_sentivent(folder, "test", extractor=FakeExtractor())
    assert result["documents"] == 1 and all(key in result for key in SENTIVENT_KEYS)
    assert (result["type_precision"], result["type_recall"]) == (1.0, 0.5)
    assert (result["argument_precision"], result["argument_recall"]) == (1.0, 1.0)
    assert result["unmapped"]["triggers"] == 1 and result["published"]["trigger_classification_f1"] == 0.425
    assert evaluate_sentivent(folder, "dev", extractor=FakeExtractor())["documents"] == 1  # no dev split listed
    assert "SENTiVENT" in format_sentivent(result)


def test_sentivent_counts_each_trigger_and_leaves_positions_unscored(tmp_path):
    # two layoffs told in one sentence are two gold triggers and two predictions; naming a person
    # to a title (an Employment trigger with a TITLE argument) has no newsdesk type and is not scored
    text = "Acme cuts 300 jobs and cuts 200 more.&#10;Acme named Ann Lee chief executive."
    sentences = '<type4:Sentence xmi:id="2" begin="0" end="36"/><type4:Sentence xmi:id="3" begin="37" end="72"/>'
    events = ('<custom:A_Event xmi:id="10" begin="5" end="9" a_Type="Employment" b_Subtype="End" c_Participant="" d_FILLER=""/>'
              '<custom:A_Event xmi:id="11" begin="23" end="27" a_Type="Employment" b_Subtype="End" c_Participant="" d_FILLER=""/>'
              '<custom:A_Event xmi:id="20" begin="42" end="47" a_Type="Employment" b_Subtype="Start" c_Participant="21" d_FILLER=""/>'
              '<custom:A_EventC_ParticipantLink xmi:id="21" role="TITLE" target="22"/>'
              '<custom:B_Participant xmi:id="22" begin="56" end="71"/>')
    (tmp_path / "xmi").mkdir()
    (tmp_path / "xmi" / "t01_toy.txt__gilles.xmi").write_text(_xmi(text, events, sentences), encoding="utf-8")
    result = evaluate_sentivent(tmp_path, "dev", extractor=FakeExtractor())
    assert result["type_counts"]["tp"] == 2 and (result["type_precision"], result["type_recall"]) == (1.0, 1.0)
    assert result["unmapped"]["by_type"] == {"Employment/Start (position)": 1}


def test_type_map():
    assert sentivent_type("Employment", "Start") == "hiring"
    assert sentivent_type("Product/Service", "Launch") == "product_launch"
    assert sentivent_type("FinancialReport", "Beat") == "financial_result"
    assert sentivent_type("Product/Service", "Trial") is None and sentivent_type("Macroeconomics", None) is None


@pytest.fixture(scope="module")
def sentivent() -> Path:
    if not (SENTIVENT / "xmi").is_dir():
        pytest.skip(f"SENTiVENT not found at {SENTIVENT}")
    return SENTIVENT


def test_sentivent_reader_on_the_real_folder(sentivent):
    paths, split = sentivent_documents(sentivent, "dev")
    assert split == "dev" and len(paths) == 30
    doc = parse_xmi(paths[0])
    assert doc["events"] and doc["sentences"]
    for event in doc["events"]:
        assert 0 <= event["start"] < event["end"] <= len(doc["text"])
        assert all(0 <= a["start"] < a["end"] <= len(doc["text"]) and a["role"] for a in event["args"])
    result = evaluate_sentivent(sentivent, "dev", limit=3, extractor=FakeExtractor())
    assert result["documents"] == 3 and result["unmapped"]["triggers"] > 0


# -- the gate -----------------------------------------------------------------------------------------

def test_event_quality_gate_on_the_sample(sample_run, gold):
    from newsdesk.enrich.events import EventExtractor

    with Store(sample_run["db"], create=False) as store:
        result = evaluate_store_events(store, gold, extractor=EventExtractor())
    overall = result["overall"]
    assert overall["precision"] >= PRECISION_FLOOR, result
    assert overall["recall"] >= RECALL_FLOOR, result
