"""The rule-based mention finder's cues, on invented sentences in German, English and Italian."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsdesk.enrich.mentions import MentionFinder
from newsdesk.enrich.registry import shipped_lexicon


@pytest.fixture(scope="module")
def finder() -> MentionFinder:
    return MentionFinder()


def _names(finder: MentionFinder, text: str, language: str) -> set[tuple[str, str]]:
    return {(m.text, m.label) for m in finder.find(text, language) if m.label in ("PER", "ORG", "LOC")}


@pytest.mark.parametrize("text, language, expected", [
    # titles and roles before a name, in the run or before it
    ("Am Abend sprach Staatssekretär Gerd Krämer vor der Presse.", "de", ("Gerd Krämer", "PER")),
    ("Der Vertrag wurde von Herr Brandauer unterzeichnet.", "de", ("Brandauer", "PER")),
    ("„Wir bleiben“, sagte Kellerhoff am Montag.", "de", ("Kellerhoff", "PER")),
    ("Das Finanzgenie Wolfgang Wagner kaufte die Mehrheit.", "de", ("Wolfgang Wagner", "PER")),
    ("Chief Financial Officer Miriam Okafor said margins held.", "en", ("Miriam Okafor", "PER")),
    ("Ha parlato il Presidente della Repubblica Giorgio Napolitano.", "it", ("Giorgio Napolitano", "PER")),
    ("Alla cerimonia c'era anche il ministro Salvatore Vessichelli.", "it", ("Salvatore Vessichelli", "PER")),
    # a lone given name is a person
    ("Am Ende kam auch Mathilde dazu.", "de", ("Mathilde", "PER")),
    # a given name that is also a registry alias, followed by a surname: the person
    ("Ieri sera Leonardo Brancaleoni ha vinto la gara.", "it", ("Leonardo Brancaleoni", "PER")),
    # places: German place-name endings after a preposition, place nouns before a name
    ("Die Feier fand in Oberwaldhausen statt.", "de", ("Oberwaldhausen", "LOC")),
    ("L'incidente è avvenuto nel comune di Castelvetrano Alta.", "it", ("Castelvetrano Alta", "LOC")),
    # organisations: a descriptor noun before an unknown name
    ("2022 kaufte er den Anbieter Netzwerk Ost für 900 Millionen Euro.", "de", ("Netzwerk Ost", "ORG")),
])
def test_cues_label_names(finder: MentionFinder, text: str, language: str, expected: tuple[str, str]) -> None:
    assert expected in _names(finder, text, language)


@pytest.mark.parametrize("text, language, not_names", [
    # German common nouns are capitalised but no names, alone or in a row
    ("Die Abstände der Vibrationsplatten wurden Ende Mai gemessen.", "de",
     {"Abstände", "Vibrationsplatten", "Ende Mai", "Vibrationsplatten Ende Mai"}),
    ("Die Regierung plant eine Erhöhung der Gebühren.", "de", {"Regierung", "Erhöhung"}),
    # Italian institutional nouns are capitalised but no entities on their own
    ("Il miliardo è stato sottratto alle casse dello Stato secondo la Costituzione.", "it",
     {"Stato", "Costituzione"}),
    ("Il Presidente della Repubblica ha firmato.", "it",
     {"Presidente della Repubblica", "della Repubblica", "Repubblica", "Presidente"}),
    # acronyms and units name nothing
    ("Das Gerät hat 16 GB Speicher und funkt auf 2400 MHz (ISBN fehlt).", "de", {"GB", "MHz", "ISBN"}),
])
def test_common_words_are_no_names(finder: MentionFinder, text: str, language: str, not_names: set[str]) -> None:
    assert not {surface for surface, _ in _names(finder, text, language)} & not_names


def test_a_run_splits_at_a_capitalised_function_word(finder: MentionFinder) -> None:
    found = _names(finder, "Programm Im Juni spielt Tobias Reinhardt in Oberwaldhausen", "de")
    assert not any(" Im " in surface for surface, _ in found)
    assert ("Tobias Reinhardt", "PER") in found


def test_a_surname_alone_is_the_person_named_before(finder: MentionFinder) -> None:
    text = "Chief Executive Wyatt Lonergan opened the plant. Lonergan said demand was strong."
    mentions = [m for m in finder.find(text, "en") if m.label == "PER"]
    assert [m.text for m in mentions] == ["Wyatt Lonergan", "Lonergan"]
    assert mentions[0].entity_id == mentions[1].entity_id


def test_legal_forms_still_make_organisations(finder: MentionFinder) -> None:
    found = _names(finder, "Die Brenner Mobility AG übernimmt die Tauern Lift GmbH.", "de")
    assert {("Brenner Mobility AG", "ORG"), ("Tauern Lift GmbH", "ORG")} <= found


def test_the_word_lists_ship_with_the_package() -> None:
    lexicon = shipped_lexicon()
    for key in ("common_nouns", "person_cues", "place_cues"):
        assert set(lexicon[key]) == {"de", "en", "it"}, key
    assert {"ung", "heit", "schaft"} <= set(lexicon["noun_suffixes"]["de"])
    assert {"hausen", "dorf", "ingen"} <= set(lexicon["place_suffixes"]["de"])
    assert {"ISBN", "MHz", "GB"} <= set(lexicon["not_names"])


@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet="ab-_ .éß1\n", max_size=40), name=st.text(alphabet="ab-é ", min_size=1, max_size=4))
def test_occurrences_finds_what_the_word_boundary_pattern_finds(text: str, name: str) -> None:
    import re

    from newsdesk.enrich.mentions import _occurrences

    want = [m.span() for m in re.finditer(rf"(?<![\w-]){re.escape(name)}(?![\w])", text)]
    assert list(_occurrences(text, name)) == want
