"""The event rules one by one, on invented sentences in de/en/it.

The mentions are given by hand (``_mentions``) so that each test pins an event rule, not the
mention finder's reading of a name.
"""

from __future__ import annotations

import re
from datetime import date

import pytest

from newsdesk.enrich.events import EventExtractor, merge_events
from newsdesk.nlp.text import split_sentences
from newsdesk.records import Event, Mention

DAY = date(2024, 11, 12)


@pytest.fixture(scope="module")
def extractor() -> EventExtractor:
    return EventExtractor()


def _mentions(text: str, *names: tuple[str, str]) -> list[Mention]:
    """Every occurrence of each (surface, label), with an id made from the surface."""
    found = []
    for surface, label in names:
        for m in re.finditer(re.escape(surface), text):
            if any(f.start < m.end() and m.start() < f.end for f in found):
                continue  # inside a longer name given before
            slug = re.sub(r"\W+", "-", surface.lower()).strip("-")
            found.append(Mention(surface, label, m.start(), m.end(), f"{'loc' if label == 'LOC' else 'org'}:{slug}"))
    return sorted(found, key=lambda m: m.start)


def _events(extractor, text, language, *names, title=""):
    return extractor.extract(text, language, DAY, mentions=_mentions(text, *names), title=title)


def _of(events, event_type):
    return [e for e in events if e.type == event_type]


# -- sentences ---------------------------------------------------------------------------------------

def test_a_word_ending_in_n_dot_ends_the_sentence():
    # the Italian abbreviation "n." must not glue "zusammen." or "direction." to the next sentence
    assert split_sentences("Die Firmen arbeiten zusammen. Die Partnerschaft ist neu.") == [
        "Die Firmen arbeiten zusammen.", "Die Partnerschaft ist neu."]
    assert len(split_sentences("Rivals move in the other direction. In May, Dr. Lee left.")) == 2


def test_a_dot_between_digits_stays_inside_the_trigger(extractor):
    text = "Im vergangenen Dezember strich Sonora 1.500 Stellen, rund 17 Prozent der Belegschaft."
    layoff = _of(_events(extractor, text, "de", ("Sonora", "ORG")), "layoff")
    assert layoff and layoff[0].actor == "Sonora" and layoff[0].slots["count"] == {"min": 1500, "max": 1500}


# -- triggers ----------------------------------------------------------------------------------------

def test_a_trigger_inside_a_company_name_is_none(extractor):
    text = "Stellmark will sie vor allem in Kleinwagen einsetzen, die unter 25.000 Euro angeboten werden."
    assert not _of(_events(extractor, text, "de", ("Stellmark", "ORG"), ("Kleinwagen", "PRODUCT")), "product_launch")


@pytest.mark.parametrize("language,text,names", [
    ("de", "Die Übernahme muss noch von der Kartellbehörde genehmigt werden.", [("Kartellbehörde", "ORG")]),
    ("it", "L'accordo deve ancora essere approvato dall'Antitrust.", [("Antitrust", "ORG")]),
    ("en", "Under the partnership, Bremen-based Nordlicht will supply power.", [("Nordlicht", "ORG")]),
])
def test_a_definite_noun_without_an_actor_retells_an_event(extractor, language, text, names):
    events = _events(extractor, text, language, *names)
    assert not [e for e in events if e.type in ("acquisition", "partnership")], events


def test_a_bid_launched_is_no_product_launch(extractor):
    text = "Earlier this month Corvia launched a €1.6 billion cash offer for asset manager Nordea Asset."
    events = _events(extractor, text, "en", ("Corvia", "ORG"), ("Nordea Asset", "ORG"))
    assert not _of(events, "product_launch")
    assert _of(events, "acquisition")[0].slots["target"] == "Nordea Asset"


def test_a_launch_names_its_object_when_no_product_is_known(extractor):
    text = "Vellum launched a new cloud storage service in Europe on Monday."
    launch = _of(_events(extractor, text, "en", ("Vellum", "ORG"), ("Europe", "LOC")), "product_launch")
    assert launch and launch[0].slots["product"] == "cloud storage service"
    text = "Im Januar brachte Vellum in den USA einen Krypto-Fonds an den Markt."
    launch = _of(_events(extractor, text, "de", ("Vellum", "ORG"), ("USA", "LOC")), "product_launch")
    assert launch and launch[0].actor == "Vellum" and launch[0].slots["product"] == "Krypto-Fonds"
    text = "The previous model was released only a year ago."
    assert not _of(_events(extractor, text, "en"), "product_launch")


# -- actors ------------------------------------------------------------------------------------------

def test_the_company_said_it_is_the_actor_not_a_source(extractor):
    text = "Pellam Group said on Tuesday it would cut 300 jobs at its Pellam Drives unit."
    layoff = _of(_events(extractor, text, "en", ("Pellam Group", "ORG"), ("Pellam Drives", "ORG")), "layoff")
    assert layoff and layoff[0].actor == "Pellam Group"


def test_a_company_descriptor_means_the_article_company(extractor):
    text = ("Norvik Systems streicht 200 Stellen in Bremen. Norvik Systems nennt die Nachfrage als Grund. "
            "Der Zulieferer Holmgren ist besorgt. Bereits im März hatte der Konzern 90 Stellen gestrichen.")
    events = _events(extractor, text, "de", ("Norvik Systems", "ORG"), ("Holmgren", "ORG"), ("Bremen", "LOC"),
                     title="Norvik Systems baut Stellen ab")
    layoffs = {e.slots["count"]["min"]: e.actor for e in _of(events, "layoff")}
    assert layoffs == {200: "Norvik Systems", 90: "Norvik Systems"}
    text = "Il gruppo prevede di assumere 350 persone a Ravenna."
    hiring = _of(extractor.extract("Orvano Energia cresce. Il Comune di Faenza applaude. " + text, "it", DAY,
                                   mentions=_mentions("Orvano Energia cresce. Il Comune di Faenza applaude. " + text,
                                                      ("Orvano Energia", "ORG"), ("Comune di Faenza", "ORG")),
                                   title="Orvano Energia assume"), "hiring")
    assert hiring and hiring[0].actor == "Orvano Energia"


def test_an_accusative_company_is_no_subject(extractor):
    text = "Bisher war der Konzern nur in Österreich präsent, wo er 2022 den Anbieter Netzwerk Nord für 900 Millionen Euro gekauft hatte."
    events = extractor.extract("Alpiq Tel wächst. " + text, "de", DAY, title="Alpiq Tel kauft zu",
                               mentions=_mentions("Alpiq Tel wächst. " + text, ("Alpiq Tel", "ORG"),
                                                  ("Netzwerk Nord", "ORG"), ("Österreich", "LOC")))
    acquisition = _of(events, "acquisition")
    assert acquisition and acquisition[0].actor == "Alpiq Tel"


def test_a_period_read_as_a_company_is_no_actor(extractor):
    text = "Ravel Motors grew. Revenue dropped 6% to €18.2 billion in the July-September period."
    result = _of(_events(extractor, text, "en", ("Ravel Motors", "ORG"), ("July-September", "ORG")), "financial_result")
    assert result and result[0].actor == "Ravel Motors"


def test_a_partnership_is_told_from_the_article_company(extractor):
    text = "Lumio AI wächst. Der Versorger Nordstrom Energie und das Start-up Lumio AI arbeiten künftig zusammen."
    events = _events(extractor, text, "de", ("Nordstrom Energie", "ORG"), ("Lumio AI", "ORG"),
                     title="Grüner Strom für Lumio AI")
    partnership = _of(events, "partnership")
    assert partnership and partnership[0].actor == "Lumio AI" and partnership[0].slots["partner"] == "Nordstrom Energie"


# -- one reading per sentence -----------------------------------------------------------------------

def test_an_agreement_to_acquire_is_no_partnership(extractor):
    text = "Alvento ha firmato l'accordo per acquisire Retelia per 300 milioni di euro."
    events = _events(extractor, text, "it", ("Alvento", "ORG"), ("Retelia", "ORG"))
    assert _of(events, "acquisition") and not _of(events, "partnership")


@pytest.mark.parametrize("language,text,names", [
    ("de", "Unibanca hat sich einen Anteil von rund 9 Prozent an der Ferrobank gesichert.", [("Unibanca", "ORG"), ("Ferrobank", "ORG")]),
    ("de", "Im Oktober hatte Varta Mobil für 1,5 Milliarden Euro rund 21 Prozent am Autobauer Leoma übernommen.",
     [("Varta Mobil", "ORG"), ("Leoma", "ORG")]),
    ("en", "Since September Unibanca has built a stake of around 9% in Ferrobank.", [("Unibanca", "ORG"), ("Ferrobank", "ORG")]),
    ("it", "Da settembre Unibanca è salita a circa il 9% di Ferrobank.", [("Unibanca", "ORG"), ("Ferrobank", "ORG")]),
])
def test_a_percentage_stake_is_an_investment_not_a_takeover(extractor, language, text, names):
    events = _events(extractor, text, language, *names)
    assert _of(events, "investment") and not _of(events, "acquisition"), events
    assert _of(events, "investment")[0].slots["stake"] in (9.0, 21.0)


def test_ticket_sizes_are_no_investment_amount(extractor):
    text = "Norvik Ventures plans to make 20 investments of between $250,000 and $1 million each."
    assert not _of(_events(extractor, text, "en", ("Norvik Ventures", "ORG")), "investment")


# -- financial results -------------------------------------------------------------------------------

@pytest.mark.parametrize("language,text", [
    ("en", "Orvano said revenue grew 9% to €120 million, while the net loss widened to €15 million."),
    ("de", "Bei Orvano wuchs der Umsatz um 9 Prozent auf 120 Millionen Euro, doch der Nettoverlust stieg auf 15 Millionen Euro."),
    ("it", "Per Orvano i ricavi sono cresciuti del 9% a 120 milioni di euro, ma la perdita netta è salita a 15 milioni di euro."),
])
def test_one_result_per_figure(extractor, language, text):
    results = _of(extractor.extract_mentions(text, language, DAY, mentions=_mentions(text, ("Orvano", "ORG"))),
                  "financial_result")
    assert {(e.slots["metric"], e.slots["amount"]["value"]) for e in results} == {("revenue", 1.2e8), ("net loss", 1.5e7)}


@pytest.mark.parametrize("language,text", [
    ("en", "For the fourth quarter Orvano expects revenue of €4.1 billion."),
    ("de", "Für das laufende Quartal rechnet Orvano mit einem Umsatz von 4,1 Milliarden Euro."),
    ("it", "Per il quarto trimestre Orvano prevede ricavi per 4,1 miliardi di euro."),
])
def test_a_forecast_is_no_result(extractor, language, text):
    assert not _of(_events(extractor, text, language, ("Orvano", "ORG")), "financial_result")


def test_a_result_told_by_its_change_and_the_subjectless_result(extractor):
    text = "Orvano's renewable revenues increased nearly 34 % in 2016."
    result = _of(_events(extractor, text, "en", ("Orvano", "ORG")), "financial_result")
    assert result and result[0].slots["metric"] == "revenue" and "amount" not in result[0].slots
    text = "Orvano Logistik legt Zahlen vor. Der Umsatz stieg um 5 Prozent auf 3 Milliarden Euro."
    result = _of(_events(extractor, text, "de", ("Orvano Logistik", "ORG"), title="Orvano Logistik wächst"),
                 "financial_result")
    assert result and result[0].actor == "Orvano Logistik" and result[0].slots["amount"]["value"] == 3e9


def test_net_profit_told_below_the_line(extractor):
    text = "Von Juli bis September verdiente Kessel unter dem Strich 410 Millionen Euro."
    result = _of(_events(extractor, text, "de", ("Kessel", "ORG")), "financial_result")
    assert result and result[0].actor == "Kessel" and result[0].slots["metric"] == "net profit"


# -- merging -----------------------------------------------------------------------------------------

def test_a_fact_told_with_different_details_is_one_event(extractor):
    text = "Die Brennholz AG kauft den Liftbauer Tauwerk. Brennholz übernimmt die Tauwerk GmbH für 80 Millionen Euro."
    events = _events(extractor, text, "de", ("Brennholz AG", "ORG"), ("Brennholz", "ORG"), ("Tauwerk GmbH", "ORG"),
                     ("Tauwerk", "ORG"))
    acquisitions = _of(events, "acquisition")
    assert len(acquisitions) == 1 and acquisitions[0].slots["amount"]["value"] == 8e7
    mentions = _of(extractor.extract_mentions(text, "de", DAY, mentions=_mentions(
        text, ("Brennholz AG", "ORG"), ("Brennholz", "ORG"), ("Tauwerk GmbH", "ORG"), ("Tauwerk", "ORG"))), "acquisition")
    assert len(mentions) == 2  # every telling, for event-mention corpora


def test_different_targets_stay_apart():
    a = Event("acquisition", "Brennholz", "x", "", {"target": "Tauwerk"})
    b = Event("acquisition", "Brennholz", "y", "", {"target": "Seilbahn Nord"})
    assert len(merge_events([a, b])) == 2


# -- business-wire phrasing (SENTiVENT recall) -------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Talvik Capital agreed to provide $400 million in debt financing to the buyer.",
    "Brightwell Foods secured a $250 million credit facility from its banks.",
    "So far this year, Talvik Capital has lent nearly $3 billion to small firms.",
    "Orvano Energy is issuing $2 billion in corporate bonds to refinance its plants.",
])
def test_debt_financing_is_funding(extractor, text):
    names = [("Talvik Capital", "ORG"), ("Brightwell Foods", "ORG"), ("Orvano Energy", "ORG")]
    funding = _of(extractor.extract_mentions(text, "en", DAY, mentions=_mentions(text, *names)), "funding")
    assert funding and funding[0].slots.get("amount")


def test_a_raised_price_target_is_no_funding(extractor):
    text = "Halden Securities raised its price target on Orvano to $95 from $80."
    assert not _of(_events(extractor, text, "en", ("Halden Securities", "ORG"), ("Orvano", "ORG")), "funding")
    text = "Orvano raised its full-year forecast to $7.30 a share."
    assert not _of(_events(extractor, text, "en", ("Orvano", "ORG")), "funding")


def test_investments_without_an_amount(extractor):
    text = "Since January, Corvia Ventures has made investments in 12 companies."
    assert _of(_events(extractor, text, "en", ("Corvia Ventures", "ORG")), "investment")
    text = "Corvia invested in Talmo Robotics last spring."
    investment = _of(_events(extractor, text, "en", ("Corvia", "ORG"), ("Talmo Robotics", "ORG")), "investment")
    assert investment and investment[0].slots["target"] == "Talmo Robotics"
    text = "Corvia is investing heavily in warehouse automation."
    assert _of(_events(extractor, text, "en", ("Corvia", "ORG")), "investment")


def test_a_planned_investment_without_an_amount_is_none(extractor):
    text = "The new fund of Corvia will invest in early-stage start-ups."
    assert not _of(_events(extractor, text, "en", ("Corvia", "ORG")), "investment")


@pytest.mark.parametrize("text", [
    "Pellam Drives entered into a long-term supply agreement last week.",
    "Pellam Drives teamed up with a local start-up to build charging hubs.",
    "Pellam Drives won a ten-year maintenance contract from the city.",
    "Pellam Drives and its pilots union reached an agreement on overtime pay.",
])
def test_a_partnership_without_a_named_partner(extractor, text):
    partnership = _of(_events(extractor, text, "en", ("Pellam Drives", "ORG")), "partnership")
    assert partnership and partnership[0].actor == "Pellam Drives" and "named_deal" not in partnership[0].slots


def test_no_partnerless_partnership_without_an_actor_or_beside_a_takeover(extractor):
    text = "Last year a supply agreement was signed."
    assert not _of(_events(extractor, text, "en"), "partnership")
    text = "Pellam Drives signed an agreement to acquire Norvik Systems for $90 million."
    events = _events(extractor, text, "en", ("Pellam Drives", "ORG"), ("Norvik Systems", "ORG"))
    assert _of(events, "acquisition") and not _of(events, "partnership")
    text = "Microsoft pledged to train teachers, working with schools and universities."
    assert not _of(_events(extractor, text, "en", ("Microsoft", "ORG")), "partnership")


@pytest.mark.parametrize("text,change", [
    ("Orvano reported a 3 % rise in sales for the quarter.", "rise"),
    ("Orvano posted record profits thanks to its new plant.", "record"),
    ("Orvano's earnings have suffered in the poor market.", "suffered"),
])
def test_a_result_told_by_its_change_without_an_amount(extractor, text, change):
    result = _of(_events(extractor, text, "en", ("Orvano", "ORG")), "financial_result")
    assert result and result[0].slots["change"] == change and "amount" not in result[0].slots


def test_revenue_generated_by_a_product(extractor):
    text = "Orvaxin generated $2.3 billion for Orvano Pharma in 2016."
    result = _of(_events(extractor, text, "en", ("Orvano Pharma", "ORG")), "financial_result")
    assert result and result[0].slots["amount"]["value"] == 2.3e9


@pytest.mark.parametrize("text", [
    "For the fourth quarter Orvano expects revenue of €4.1 billion.",
    "Orvano's revenue is expected to grow 2 % next year.",
    "Management guided for a 3 % rise in sales for 2025.",
])
def test_a_forecast_is_a_flagged_result_when_asked(text):
    flagged = EventExtractor(guidance=True)
    result = _of(flagged.extract(text, "en", DAY, mentions=_mentions(text, ("Orvano", "ORG"))), "financial_result")
    assert result and result[0].slots["guidance"] is True
    assert not _of(EventExtractor().extract(text, "en", DAY, mentions=_mentions(text, ("Orvano", "ORG"))),
                   "financial_result")


def test_a_forecast_never_merges_with_a_result():
    reported = Event("financial_result", "Orvano", "x", "", {"metric": "revenue", "change": "rose"})
    forecast = Event("financial_result", "Orvano", "y", "", {"metric": "revenue", "change": "rise", "guidance": True})
    merged = merge_events([reported, forecast])
    assert len(merged) == 2 and not merged[0].slots.get("guidance")


def test_two_figures_in_one_sentence_are_two_tellings_with_their_own_trigger(extractor):
    text = "Orvano said revenue grew to €186 million while the net loss widened to €47 million."
    found = _of(extractor.extract_mentions(text, "en", DAY, mentions=_mentions(text, ("Orvano", "ORG"))),
                "financial_result")
    words = [text[e.slots["spans"]["trigger"][0][0]:e.slots["spans"]["trigger"][0][1]] for e in found]
    assert words == ["revenue", "net loss"]


@pytest.mark.parametrize("text,expected", [
    ("Orvano's quarterly revenues could not keep pace with its costs.", True),  # a company's own figure
    ("Orvano is chasing revenue opportunities in new markets.", False),  # no figure, no owner
])
def test_a_result_named_as_the_company_s_own_figure(extractor, text, expected):
    found = _of(extractor.extract_mentions(text, "en", DAY, mentions=_mentions(text, ("Orvano", "ORG"))),
                "financial_result")
    assert bool(found) is expected


@pytest.mark.parametrize("text", [
    "Orvano said its car sales climbed 7 % in May.",
    "Orvano's hardware sales rose 12 % in the quarter.",
])
def test_units_sold_are_no_financial_result(extractor, text):
    assert not _of(_events(extractor, text, "en", ("Orvano", "ORG")), "financial_result")


def test_sales_rising_is_still_a_result(extractor):
    text = "Orvano said its sales rose 7 % in May."
    assert _of(_events(extractor, text, "en", ("Orvano", "ORG")), "financial_result")


@pytest.mark.parametrize("text,hired", [
    ("The agency has hired Stratova to build the second stage of its rocket.", False),
    ("Orvano hired the firm to sell naming rights for its stadium.", False),
    ("Orvano hired 300 engineers for its new plant.", True),
])
def test_hiring_a_company_is_a_contract_not_staff(extractor, text, hired):
    found = _of(_events(extractor, text, "en", ("Orvano", "ORG"), ("Stratova", "ORG")), "hiring")
    assert bool(found) is hired


@pytest.mark.parametrize("text,launch", [
    ("Orvano said in a press release that its engine is a version of an older design.", False),
    ("Orvano is releasing the Vela 3 scooter in March.", True),
])
def test_a_press_release_is_no_product_launch(extractor, text, launch):
    found = _of(_events(extractor, text, "en", ("Orvano", "ORG"), ("Vela 3", "PRODUCT")), "product_launch")
    assert bool(found) is launch


# -- business events are about companies: general news stays quiet ------------------------------------

@pytest.mark.parametrize("name,business", [
    ("dpa", False), ("Reuters", False), ("ÖVP", False), ("die Grünen", False), ("Partito democratico", False),
    ("VfL Bochum", False), ("AS Roma", False), ("Deutsche Bank", True), ("Orvano", True), ("Assicurazioni Generali", True),
])
def test_agencies_parties_and_clubs_are_no_business_actors(name, business):
    from newsdesk.enrich.events.sentence import is_business_org
    assert is_business_org(name) is business


@pytest.mark.parametrize("language,text,names,event_type", [
    ("de", "Die ÖVP und die Grünen präsentieren am Abend ihr Regierungsprogramm.", (("ÖVP", "ORG"), ("Grünen", "ORG")),
     "product_launch"),
    ("en", "Reuters hired 40 reporters for its new bureau.", (("Reuters", "ORG"),), "hiring"),
    ("it", "Il Partito democratico ha lanciato il nuovo programma Futuro.", (("Partito democratico", "ORG"),
                                                                           ("Futuro", "PRODUCT")), "product_launch"),
    ("en", "Seven Defeats launched the Vela 3 scooter.", (("Seven Defeats", "ORG"), ("Vela 3", "PRODUCT")), "product_launch"),
])
def test_a_party_an_agency_or_a_junk_name_acts_in_no_business_event(extractor, language, text, names, event_type):
    found = _of(_events(extractor, text, language, *names), event_type)
    assert not found, found


@pytest.mark.parametrize("text,layoff", [
    ("Orvano fired 200 workers at its plant.", True),
    ("Orvano fired its chief executive on Monday.", True),
    ("At Orvano, 40 managers were fired on Monday.", True),
    ("Police fired tear gas at protesters outside the Orvano plant.", False),
    ("Police fired rubber bullets at people near the Orvano plant.", False),
    ("A fired-up Orvano team won the final.", False),
])
def test_fired_is_a_layoff_only_of_staff(extractor, text, layoff):
    assert bool(_of(_events(extractor, text, "en", ("Orvano", "ORG")), "layoff")) is layoff


@pytest.mark.parametrize("language,text,names,rule", [
    ("de", "Die EU-Kommission hat die neue Regel für Cloud-Anbieter verabschiedet.", (("EU-Kommission", "ORG"),), True),
    ("en", "Orvano must follow the rules the European Commission adopted.", (("Orvano", "ORG"), ("European Commission", "ORG")), True),
    ("de", "Die Kölner Haie haben den Trainer Uwe Brenner verpflichtet.", (("Kölner Haie", "ORG"),), False),
    ("de", "Das Regime hatte Orvano eine Frist bis Montag gesetzt.", (("Orvano", "ORG"),), False),
    ("de", "Orvano: Pflichtfelder sind mit einem Stern markiert.", (("Orvano", "ORG"),), False),
    ("en", "Orvano said local law enforcement arrested the man.", (("Orvano", "ORG"),), False),
    ("en", "Orvano broke the law, the judge said.", (("Orvano", "ORG"),), False),
])
def test_a_regulation_needs_an_authority(extractor, language, text, names, rule):
    assert bool(_of(_events(extractor, text, language, *names), "regulation")) is rule


@pytest.mark.parametrize("text,names", [
    ("Orvano launched an offensive against the capital.", (("Orvano", "ORG"),)),
    ("Orvano launched an appeal for witnesses.", (("Orvano", "ORG"),)),
    ("A wanted poster released by Orvano shows a man in his thirties.", (("Orvano", "ORG"),)),
    ("The Orvano poll released on Wednesday shows a tight race.", (("Orvano", "ORG"),)),
    ("Orvano made his race debut with the Stratova team.", (("Orvano", "ORG"), ("Stratova", "ORG"))),
    ("The museum unveiled a restored Orvano painting.", (("Orvano", "ORG"),)),
    ("Orvano released a study with Marshall College.", (("Orvano", "ORG"), ("Marshall College", "ORG"))),
])
def test_a_launch_needs_a_product(extractor, text, names):
    assert not _of(_events(extractor, text, "en", *names), "product_launch")


def test_a_launch_without_any_company_is_none(extractor):
    assert not _of(_events(extractor, "L'allenatore ha presentato il nuovo attaccante ai tifosi.", "it"), "product_launch")


@pytest.mark.parametrize("language,text,moved", [
    ("de", "Orvano verlegt seinen Hauptsitz von Bonn nach Köln.", True),
    ("de", "Rund 100 Soldaten werden von Bonn nach Köln verlegt, teilte Orvano mit.", False),
    ("en", "Orvano relocated 500 troops from Bonn to Cologne.", False),
])
def test_a_relocation_moves_a_company_not_troops(extractor, language, text, moved):
    found = _of(_events(extractor, text, language, ("Orvano", "ORG"), ("Bonn", "LOC"), ("Köln", "LOC"),
                        ("Cologne", "LOC")), "relocation")
    assert bool(found) is moved


@pytest.mark.parametrize("text,names,event_type", [
    ("Orvano raised $39 million for charity by walking laps.", (("Orvano", "ORG"),), "funding"),
    ("Orvano bought a Powerball ticket and won $1 million.", (("Orvano", "ORG"), ("Powerball", "ORG")), "acquisition"),
    ("The village raised $2 million for the new school roof.", (), "funding"),
    ("He plans to invest the $700,000 he won.", (), "investment"),
])
def test_money_given_won_or_raised_by_no_company_is_no_business(extractor, text, names, event_type):
    assert not _of(_events(extractor, text, "en", *names, title="Orvano news"), event_type)


def test_a_company_raising_money_is_still_funding(extractor):
    text = "Orvano raised $39 million in a Series B round led by Stratova."
    assert _of(_events(extractor, text, "en", ("Orvano", "ORG"), ("Stratova", "ORG")), "funding")


# -- English rule families for business news told without a figure or a name ---------------------------


def _mentions_of(text, *names):
    """Every telling (before merging), read as an annotated corpus reads it (guidance=True)."""
    return EventExtractor(guidance=True).extract_mentions(text, "en", DAY, mentions=_mentions(text, *names))


def test_each_metric_told_by_its_own_change_is_a_figure(extractor):
    text = "Orvano's revenue grew 8 % and operating income increased 14 % in the quarter."
    results = _of(_mentions_of(text, ("Orvano", "ORG")), "financial_result")
    assert [r.slots["metric"] for r in results] == ["revenue", "operating profit"]
    assert all("amount" not in r.slots for r in results)


def test_one_metric_with_a_change_is_one_figure():
    results = _of(_mentions_of("Orvano's revenue and its market share grew in the quarter.", ("Orvano", "ORG")),
                  "financial_result")
    assert len(results) == 1


@pytest.mark.parametrize("text,metric", [
    ("Orvano reported third-quarter results on Thursday.", "results"),
    ("Orvano's gross margin widened to 31 % in the quarter.", "margin"),
    ("Orvano has lost money there in every year since 2000.", "results"),
])
def test_a_result_without_a_money_figure_is_read_only_as_a_mention(extractor, text, metric):
    found = _of(_mentions_of(text, ("Orvano", "ORG")), "financial_result")
    assert found and found[0].slots["metric"] == metric and found[0].actor == "Orvano"
    assert not _of(_events(extractor, text, "en", ("Orvano", "ORG")), "financial_result")  # the product's default


def test_election_results_are_no_financial_result():
    assert not _of(_mentions_of("Orvano published the election results on Monday.", ("Orvano", "ORG")),
                   "financial_result")


@pytest.mark.parametrize("text,partner", [
    ("Orvano announced an order for 175 jets from Stratova.", "Stratova"),
    ("Orvano signed a lease for 300,000 square feet of office space.", None),
    ("Orvano will license its graphics technology to Stratova.", "Stratova"),
    ("Orvano struck deals with Stratova and two other carriers.", "Stratova"),
])
def test_orders_leases_and_licences_are_deals(extractor, text, partner):
    deal = _of(_events(extractor, text, "en", ("Orvano", "ORG"), ("Stratova", "ORG")), "partnership")
    assert deal and {deal[0].actor, deal[0].slots.get("partner")} == {"Orvano", partner}


def test_a_court_order_is_no_deal(extractor):
    text = "The court order forced Orvano to stop sales."
    assert not _of(_events(extractor, text, "en", ("Orvano", "ORG")), "partnership")


@pytest.mark.parametrize("text,product", [
    ("Orvano will introduce more than 50 new vehicles in China by 2025.", "more than 50 new vehicles"),
    ("Orvano unveiled its new streaming service on Monday.", "streaming service"),
    ("Orvano will roll out its online loan platform in May.", "online loan platform"),
])
def test_a_launch_of_a_product_noun_without_a_name(extractor, text, product):
    launch = _of(_events(extractor, text, "en", ("Orvano", "ORG")), "product_launch")
    assert launch and launch[0].actor == "Orvano" and launch[0].slots["product"].endswith(product)


def test_a_launch_of_no_product_noun_is_none(extractor):
    text = "Orvano launched a review of its pricing for shareholders."
    assert not _of(_events(extractor, text, "en", ("Orvano", "ORG")), "product_launch")


@pytest.mark.parametrize("text", [
    "Orvano is set to sell bonds for the seventh time this year.",
    "Orvano filed a prospectus for its IPO on Monday.",
])
def test_funding_told_by_its_instrument(extractor, text):
    funding = _of(_events(extractor, text, "en", ("Orvano", "ORG")), "funding")
    assert funding and funding[0].actor == "Orvano"


def test_bonds_without_a_company_are_no_funding(extractor):
    assert not _of(_events(extractor, "Investors sold bonds on Monday as yields rose.", "en"), "funding")


def test_shares_bought_are_an_investment_not_a_takeover(extractor):
    text = "Stratova Capital bought $250 million of Orvano stock last quarter."
    events = _events(extractor, text, "en", ("Stratova Capital", "ORG"), ("Orvano", "ORG"))
    investment = _of(events, "investment")
    assert investment and investment[0].actor == "Stratova Capital" and investment[0].slots["amount"]["value"] == 250e6
    assert not _of(events, "acquisition")


def test_a_share_buyback_is_no_investment(extractor):
    text = "Orvano will continue to buy back its shares this year."
    assert not _of(_events(extractor, text, "en", ("Orvano", "ORG")), "investment")


def test_a_company_s_own_investments_are_read_as_mentions():
    found = _of(_mentions_of("Orvano's years of investments in Europe have not paid off.", ("Orvano", "ORG")),
                "investment")
    assert found and found[0].actor == "Orvano"
    assert not _of(_mentions_of("Orvano's investment research team is small.", ("Orvano", "ORG")), "investment")


def test_the_registry_kind_decides_who_may_act_in_business_and_who_regulates():
    """A known organisation's kind wins over the word lists: a club whose name has no club word, a
    company whose name has a party word, an authority whose name has no authority word."""
    from newsdesk.enrich.events.sentence import is_authority_name, is_business_org
    from newsdesk.enrich.registry import EntityRegistry

    registry = EntityRegistry.load(shipped=False)
    registry.extend([
        {"id": "org:quellbrunn-07", "name": "Quellbrunn 07", "type": "ORG", "kind": "sports_club"},
        {"id": "org:party-supplies-ag", "name": "Party Supplies AG", "type": "ORG", "kind": "company"},
        {"id": "org:marktwacht", "name": "Marktwacht", "type": "ORG", "kind": "authority"},
    ])
    assert not is_business_org("Quellbrunn 07", registry)
    assert is_business_org("Quellbrunn 07")  # unknown without the registry: nothing in the name says club
    assert is_business_org("Party Supplies AG", registry)
    assert not is_business_org("Party Supplies AG")  # the word list alone reads a party
    assert is_authority_name("Marktwacht", registry) and not is_authority_name("Marktwacht")
    assert not is_authority_name("Party Supplies AG", registry)
    assert not is_business_org("Reuters") and not is_business_org("die Grünen")  # the lists still decide unknowns
