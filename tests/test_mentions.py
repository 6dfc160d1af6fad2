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


@pytest.mark.parametrize("text, language, expected", [
    # a name guessed to be an organisation takes the type the text tells elsewhere
    ("Andrea Bocelli sang in the cathedral. Fans cheered as BOCELLI bowed.", "en", ("BOCELLI", "PER")),
    ("Police questioned his son , Orvandi. Officers said Orvandi pushed them.", "en", ("Orvandi", "PER")),
    # a name shouted in capitals that the registry knows written normally
    ("Heavy rain. DELHI: Police said five people died.", "en", ("DELHI", "LOC")),
    # person cues in English: family words and roles
    ("Viewers saw host Tamsin Quarrell on air.", "en", ("Tamsin Quarrell", "PER")),
    # a given name before a number stays a person when it is no abbreviation of a month
    ("Am Ende gewann Jan Ullrich 2 Etappen.", "de", ("Jan Ullrich", "PER")),
])
def test_the_text_tells_the_type(finder: MentionFinder, text: str, language: str, expected: tuple[str, str]) -> None:
    assert expected in _names(finder, text, language)


@pytest.mark.parametrize("text, language, not_names", [
    # abbreviations before numbers: months, "No."
    ("The vote was held on Dec. 19 and No. 5 Baylor lost on Jan 2.", "en", {"Dec", "No", "Jan"}),
    # feasts are capitalised, yet no entity
    ("Leaders exchanged New Year greetings on New Year's Eve.", "en", {"New", "New Year", "New Year's Eve"}),
    ("A Capodanno e a Natale il paese era in festa.", "it", {"Capodanno", "Natale"}),
    # web-page labels in capitals
    ("RELATED: The council met again.", "en", {"RELATED"}),
])
def test_abbreviations_and_feasts_are_no_names(finder: MentionFinder, text: str, language: str,
                                               not_names: set[str]) -> None:
    assert not {surface for surface, _ in _names(finder, text, language)} & not_names


def test_a_guess_without_a_cue_stays_an_organisation(finder: MentionFinder) -> None:
    # no cue anywhere says what "Quarrell Dynamics" is: the fallback holds, also for the short form
    found = _names(finder, "Shares of Quarrell Dynamics rose. Analysts said Quarrell Dynamics will grow.", "en")
    assert ("Quarrell Dynamics", "ORG") in found
    # a surname told once does not turn an unrelated organisation into a person
    found = _names(finder, "Chief Executive Wyatt Lonergan spoke. Shares of Halvex Systems fell.", "en")
    assert ("Halvex Systems", "ORG") in found


def test_a_cue_that_ends_the_sentence_before_tells_nothing(finder: MentionFinder) -> None:
    """"... the whole region. Brixwell ..." is no place: "region" belongs to the sentence before."""
    text = "According to the report, Brixwell plans to grow in Brazil. It serves the whole region. Brixwell will hire."
    labels = {m.label for m in finder.find(text, "en") if m.text == "Brixwell"}
    assert labels == {"ORG"}
    text = "L'incidente è avvenuto nella provincia di Castelvetrano Alta."  # a cue in the same sentence still tells
    assert ("Castelvetrano Alta", "LOC") in _names(finder, text, "it")
