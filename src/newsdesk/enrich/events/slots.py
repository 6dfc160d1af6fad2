"""Slot fillers: what a sentence says about an event beside its trigger.

:func:`_fill_common` fills what every type may carry (amount, head count, places, date); the
type-specific fillers in :data:`_FILLERS` add the funding round and lead investor, an
acquisition's target, an investment's target, country and stake, a launch's product, a
result's metric and change, a rule's status and authority, a relocation's route.
:func:`_one_per_figure` splits a sentence that reports several figures into one result each.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from newsdesk.enrich.events.lexicon import (
    CHANGE_BEFORE_METRIC, CHARITY_OR_LOTTERY, FIGURELESS_METRICS, FUNDING_INSTRUMENTS, HIRED_FIRM, INSTITUTIONS,
    INVESTMENT_MODIFIER, LAUNCHED_OBJECT, LEAD_INVESTOR, METRICS, MOVED_AFTER_METRIC, NOT_PRODUCTS, OWN_INVESTMENT,
    PARTNERSHIP_VERBS, RELOCATION_FROM, RELOCATION_TO, RESULT_REPORTED, ROUNDS, SALES_VOLUME, SHARES_BOUGHT, STAKE,
    STATUS, TROOPS,
)
from newsdesk.enrich.events.sentence import (
    _Sentence, _anaphoric, _is_authority, _orgs, _pattern, _words, is_authority_name,
)
from newsdesk.nlp.dates import find_dates
from newsdesk.records import Event, Mention


def _fill_common(s: _Sentence, trigger: re.Match, slots: dict, spans: dict, event_type: str) -> None:
    money = list(s.money)
    if money and event_type not in ("layoff", "hiring", "relocation", "partnership", "regulation"):
        chosen = _nearest(money, trigger, key=lambda m: m.start) if event_type != "financial_result" else money[0]
        slots["amount"] = {"value": chosen.value, "currency": chosen.currency}
        spans["amount"] = [[s.start + chosen.start, s.start + chosen.end]]
    if event_type in ("layoff", "hiring", "relocation"):
        money_spans = [(m.start, m.end) for m in money]
        counts = [c for c in s.counts
                  if not any(a <= c.start < b for a, b in money_spans) and not _is_percent(s.text, c.end)]
        if counts:
            chosen = _nearest(counts, trigger, key=lambda c: c.start)
            slots["count"] = {"min": chosen.min, "max": chosen.max}
            spans["count"] = [[s.start + chosen.start, s.start + chosen.end]]
    places = [m for m in s.mentions if m.label == "LOC"]
    if places:
        slots["place"] = list(dict.fromkeys(m.text for m in places))
        spans["place"] = [[m.start, m.end] for m in places]
    if s.published is not None:
        dates = s.dates
    else:  # no publication date: only expressions that carry their year ("Q2 2024")
        dates = [d for d in find_dates(s.text, date.today(), s.language) if re.search(r"\d{4}", d.text)]
    if dates:
        slots["date"] = dates[0].label
        spans["date"] = [[s.start + dates[0].span_start, s.start + dates[0].span_end]]
    elif s.published is not None:
        slots["date"] = s.published.isoformat()


def _is_percent(text: str, end: int) -> bool:
    return bool(re.match(r"\s*(?:%|Prozent|per ?cent|percent|per cento)", text[end:end + 12], re.IGNORECASE))


def _nearest(items: list, trigger: re.Match, key) -> Any:
    return min(items, key=lambda item: (abs(key(item) - trigger.start()), key(item)))


def _orgs_after(s: _Sentence, pos: int, actor: Mention | None) -> list[Mention]:
    return [m for m in _orgs(s) if s.rel(m)[0] >= pos and (actor is None or m.entity_id != actor.entity_id)]


def _other_orgs(s: _Sentence, actor: Mention | None) -> list[Mention]:
    return [m for m in _orgs(s) if actor is None or m.entity_id != actor.entity_id]


def _money_given_or_won(s: _Sentence, slots: dict) -> None:
    """"raised $39 million for charity", "bought a Powerball ticket": money given or won, no business."""
    if _words(CHARITY_OR_LOTTERY).search(s.text):
        slots["not_an_event"] = True


def _fill_funding(s: _Sentence, trigger: re.Match, slots: dict, spans: dict, actor: Mention | None) -> None:
    _money_given_or_won(s, slots)
    for pattern, label in ROUNDS:
        m = re.search(pattern, s.text, re.IGNORECASE)
        if m:
            slots["round"] = label.format(*(g.upper() for g in m.groups()))
            spans["round"] = [[s.start + m.start(), s.start + m.end()]]
            break
    if slots.get("actor_here") and re.search(FUNDING_INSTRUMENTS, trigger.group(), re.IGNORECASE):
        slots["instrument"] = True  # "Apple is set to sell bonds": the company and its instrument are the event
    lead = _pattern(LEAD_INVESTOR).search(s.text)
    if lead:
        investors = _orgs_after(s, lead.end(), actor)
        if investors:
            slots["lead_investor"] = investors[0].text
            spans["lead_investor"] = [[investors[0].start, investors[0].end]]


def _fill_partnership(s: _Sentence, trigger: re.Match, slots: dict, spans: dict, actor: Mention | None) -> None:
    """The partner: the first other organisation after the trigger (else anywhere) that is no authority. A deal
    verb ("teamed up", "entered into an agreement", "won a contract") tells a partnership of the company named
    in the sentence even when the partner has no recognised name (``named_deal``, dropped once checked)."""
    found = [m for m in _orgs_after(s, trigger.start(), actor) or _other_orgs(s, actor) if not _is_authority(m)]
    if found:
        slots["partner"] = found[0].text
        spans["partner"] = [[found[0].start, found[0].end]]
    elif slots.get("actor_here") and _pattern(PARTNERSHIP_VERBS.get(s.language, ())).match(trigger.group()):
        slots["named_deal"] = True


def _fill_acquisition(s: _Sentence, trigger: re.Match, slots: dict, spans: dict, actor: Mention | None) -> None:
    """The target: the first company after the trigger that is neither the buyer nor an authority approving the deal."""
    _money_given_or_won(s, slots)
    if s.language == "en" and re.search(SHARES_BOUGHT, s.text, re.IGNORECASE):
        slots["not_an_event"] = True  # "bought $250 million of Disney stock": shares bought, an investment
        return
    found = [m for m in _orgs_after(s, trigger.start(), actor) if not _is_authority(m)]
    if found:
        slots["target"] = found[0].text
        spans["target"] = [[found[0].start, found[0].end]]


def _stake(s: _Sentence) -> re.Match | None:
    return re.search(STAKE[s.language], s.text)


def _fill_investment(s: _Sentence, trigger: re.Match, slots: dict, spans: dict, actor: Mention | None) -> None:
    _money_given_or_won(s, slots)
    countries = [m for m in s.mentions if m.label == "LOC" and s.kind(m) == "country"]
    if countries:
        slots["country"] = countries[0].text
    else:
        country = next((s.registry.demonym(w) for w in s.text.split() if w[:1].isalpha() and s.registry.demonym(w)), None)
        if country is not None:
            slots["country"] = country.entity.name
    targets = _orgs_after(s, trigger.start(), actor)
    if targets:
        slots["target"] = targets[0].text
        spans["target"] = [[targets[0].start, targets[0].end]]
    if spans.get("amount") and re.search(r"(?:between|zwischen|tra|fra)\s+(?:\S+\s+)?$",
                                         s.text[:spans["amount"][0][0] - s.start]):
        slots.pop("amount")  # "investments of between $250,000 and $1 million each": ticket sizes
        spans.pop("amount")
    if spans.get("target") and re.fullmatch(r"\s+in\s+", s.text[trigger.end():s.rel(targets[0])[0]]) \
            and slots.get("actor_here"):
        slots["invested_in"] = True  # "Orvex invested in Talmo", "made investments in Talmo": the target names it
    elif slots.get("actor_here") and re.match(r"\s+in\s+(?:\d+|\w+ (?:dozen|hundred))\s+(?:\w+\s+)?(?:companies|start-?ups|firms)\b",
                                              s.text[trigger.end():], re.IGNORECASE):
        slots["invested_in"] = True  # "made investments in 13 companies"
    elif slots.get("actor_here") and re.fullmatch(r"invest(?:s|ed|ing)?", trigger.group(), re.IGNORECASE) \
            and re.match(r"\s+(?:\w+ly\s+)?in\b", s.text[trigger.end():]) \
            and not re.search(r"\b(?:will|would|could|may|might|to)\s+$", s.text[:trigger.start()], re.IGNORECASE):
        slots["invested_in"] = True  # "Orvex is investing heavily in automation" (not "will invest in"): no amount told
    elif slots.get("actor_here") and s.language == "en" and (
            re.fullmatch(SHARES_BOUGHT, trigger.group(), re.IGNORECASE)
            or re.fullmatch(r"investments?", trigger.group(), re.IGNORECASE)
            and slots.get("every_mention") and re.search(OWN_INVESTMENT, s.text[:trigger.start()], re.IGNORECASE)
            and not re.match(INVESTMENT_MODIFIER, s.text[trigger.end():], re.IGNORECASE)):
        slots["invested_in"] = True  # "Viking bought Disney shares", "Google's AI investments": the holder's own
    stake = _stake(s)
    if stake is not None:
        slots["stake"] = float(next(g for g in stake.groups() if g).replace(",", "."))


def _fill_launch(s: _Sentence, trigger: re.Match, slots: dict, spans: dict, actor: Mention | None) -> None:
    if re.match(r"\s+by\b", s.text[trigger.end():]):
        return  # "a poster released by the police": the participle of a thing named before, no launch told
    if re.search(r"\b(?:his|her|sein|seine[nm]?|ihr|ihre[nm]?|suo|sua)\s+(?:[\w-]+\s+)?$", s.text[:trigger.start()], re.I):
        slots["not_an_event"] = True  # "made his race debut", "ihr Debüt": a person's first appearance
        return
    products = [m for m in s.mentions if m.label == "PRODUCT"]
    if not products:
        products = [m for m in _orgs_after(s, 0, actor) if m.entity_id and m.entity_id.startswith("org:")
                    and abs(s.rel(m)[0] - trigger.start()) < 80 and not _words(INSTITUTIONS).search(m.text)]
    if products:
        slots["product"] = products[0].text
        spans["product"] = [[products[0].start, products[0].end]]
    else:
        _object_product(s, trigger, slots, spans)
    if actor is not None and "product" in spans and any(a <= actor.start < b for a, b in spans["product"]):
        slots["not_an_event"] = True  # "unveiled a restored Renaissance painting": the name is inside the object
    if "amount" in slots:
        slots["price"] = slots.pop("amount")
        spans["price"] = spans.pop("amount")


# The object of a launch verb when no product name was found: "launched a spot bitcoin ETF in the US".
_OBJECT = {
    "en": r"\s+(?:a|an|its|their)\s+(?:(?:new|first|latest)\s+)?((?:[\w-]+\s+){0,3}?[\w-]+?)"
          r"(?=\s+(?:in|on|for|to|at|with|that|which|and|as|after|from|by|across)\b|[,.;]|$)",
    "it": r"\s+(?:un|una|uno|un'|il suo|la sua|il nuovo|la nuova)\s*(?:(?:nuov[oaie]|prim[oaie])\s+)?"
          r"((?:[\w-]+\s+){0,2}?[\w-]+?)(?=\s+(?:in|su|per|a|con|che|e|negli|nel|nella|da|dopo)\b|[,.;]|$)",
    "de": r"[^.]*?\b(?:einen|eine|ein|das neue|den neuen|die neue|sein|seine|seinen)\s+(?:neue[nrs]?\s+)?"
          r"([A-ZÄÖÜ][\w-]+(?:\s+[A-Z0-9][\w-]*)?)",
}


def _object_product(s: _Sentence, trigger: re.Match, slots: dict, spans: dict) -> None:
    """What the launch verb governs, when no product name is known (a verb, not a noun, as the trigger)."""
    if _anaphoric(s, trigger):
        return
    offset = trigger.start() + len(trigger.group().split()[0]) if s.language == "de" else trigger.end()
    m = re.match(_OBJECT[s.language], s.text[offset:])
    if m is None or not m.group(1) or _words(NOT_PRODUCTS).search(m.group(1)):
        if s.language == "en":
            _product_noun_object(s, trigger, slots, spans)
        return
    words = m.group(1).split()
    if s.language != "de" and (len(words) < 2 and not words[0][:1].isupper() or words[0].lower() in (
            "the", "a", "an", "it", "its", "this", "that", "them", "on", "in")):
        return
    start = s.start + offset + m.start(1)
    slots["product"] = m.group(1)
    spans["product"] = [[start, start + len(m.group(1))]]


def _product_noun_object(s: _Sentence, trigger: re.Match, slots: dict, spans: dict) -> None:
    """"introduce more than 50 new vehicles", "unveiled its new Prime service", "the launch of its streaming
    offering": the launch's object ends in a product noun a few words on (English)."""
    m = re.match(LAUNCHED_OBJECT, s.text[trigger.end():], re.IGNORECASE)
    if m is None or _words(NOT_PRODUCTS).search(m.group(1)):
        return
    start = s.start + trigger.end() + m.start(1)
    slots["product"] = m.group(1)
    spans["product"] = [[start, start + len(m.group(1))]]


# A metric's movement right after it: "revenue rose 8 %", "i ricavi sono cresciuti del 5 %".
_CHANGE = re.compile(
    r"[^;:]*?\b((?:rose|rise[sn]?|rising|fell|fall(?:s|en|ing)?|grew|grow(?:s|n|ing)?|increased|declined|dropped|jumped|climbed|"
    r"slumped|surged|plunged|decreased|widened|narrowed|doubled|halved|soared|tumbled|slid|beat|missed|topped|"
    r"expanded|improved|suffered|rebounded|recovered|weakened|"
    r"stieg|steigt|gestiegen|sank|sinkt|gesunken|wuchs|wächst|gewachsen|brach\w* ein|ging\w* zurück|legte\w* zu|"
    r"cresciut\w*|cresc\w*|salit\w*|sale\b|sces\w*|scende|calat\w*|cala\b|aumentat\w*|diminuit\w*)"
    r")", re.IGNORECASE)


# A company's own figure: a possessive right before the metric word ("its", "their", "GE's").
_OWNED_METRIC = re.compile(r"(?:\b(?:its|their)|\w\s?['’]s)\s+(?:[\w-]+\s+){0,2}$", re.IGNORECASE)


def _fill_result(s: _Sentence, trigger: re.Match, slots: dict, spans: dict, actor: Mention | None) -> None:
    metric_match = None
    for metric, patterns in METRICS.items():
        m = _pattern(patterns).search(s.text)
        if m:
            slots["metric"] = metric
            spans["metric"] = [[s.start + m.start(), s.start + m.end()]]
            metric_match = m
            money = [x for x in s.money if x.start >= m.start()]
            if money:
                slots["amount"] = {"value": money[0].value, "currency": money[0].currency}
                spans["amount"] = [[s.start + money[0].start, s.start + money[0].end]]
            break
    if metric_match is not None and s.language == "en" and metric_match.group().lower() == "sales" \
            and re.search(SALES_VOLUME, s.text[:metric_match.start()], re.IGNORECASE):
        slots["not_an_event"] = True  # "car sales climbed 7 %": units sold
    if metric_match is not None and s.language == "en" and _OWNED_METRIC.search(s.text[:metric_match.start()]):
        slots["owned_metric"] = True  # "GE 's overall revenues", "its quarterly earnings": a company's figure
    if slots.get("metric") in FIGURELESS_METRICS and not slots.get("every_mention"):
        slots["not_an_event"] = True  # "the gross margin widened": no money figure, only an annotated corpus's reading
    if s.language == "en" and slots.get("every_mention") and _pattern(RESULT_REPORTED).search(s.text):
        slots["owned_metric"] = True  # "GE reported third-quarter results", "has lost money there": told as a result
    if metric_match is not None:  # "revenues increased 34 %": a result told by its change, without an amount
        change = _CHANGE.match(s.text[metric_match.end():])
        if change is not None:
            slots["change"] = change.group(1).strip()
        elif s.language == "en":  # "a 3 % rise in sales", "record profits"
            before = _pattern(CHANGE_BEFORE_METRIC).search(s.text[max(0, metric_match.start() - 60):metric_match.start()])
            if before is not None:
                slots["change"] = before.group().split()[0]
    if "date" in slots and "period" not in slots and spans.get("date"):
        slots["period"] = slots["date"]


def _fill_hiring(s: _Sentence, trigger: re.Match, slots: dict, spans: dict, actor: Mention | None) -> None:
    """"NASA hired Vector to build ...", "hired the firm to sell ...": a company hired is a contract, not staff."""
    rest = s.text[trigger.end():]
    firm = any(m.label == "ORG" and re.fullmatch(r"\s+(?:privately held\s+|[\w-]+\s+)?", rest[:s.rel(m)[0] - trigger.end()])
               for m in s.mentions if s.rel(m)[0] >= trigger.end())
    if s.language == "en" and trigger.group().lower().startswith("hir") and (firm or re.search(HIRED_FIRM, rest, re.I)):
        slots["not_an_event"] = True


def _fill_regulation(s: _Sentence, trigger: re.Match, slots: dict, spans: dict, actor: Mention | None) -> None:
    for status, patterns in STATUS.items():
        if _pattern(patterns).search(s.text):
            slots["status"] = status
            break
    bodies = [m for m in s.mentions if m.label == "ORG" and is_authority_name(m.text, s.registry)]
    if actor is not None and is_authority_name(actor.text, s.registry):
        slots["authority"] = actor.text
    elif bodies:  # "Apple must follow the rules the European Commission set": the company acts, the body rules
        slots["authority"] = bodies[0].text
    else:  # "die EU erhebt Strafzölle": a state or union before the rule
        states = [m for m in s.mentions if m.label == "LOC" and s.kind(m) in ("country", "union")
                  and s.rel(m)[1] <= trigger.start() and re.search(r"(?:^|\b(?:die|the|la|l'))\s*$", s.text[:s.rel(m)[0]], re.I)]
        unions = [m for m in s.mentions if m.label == "LOC" and s.kind(m) == "union"]
        if states or unions:  # "approvato dal Consiglio dell'Ue": the union rules wherever it is named
            slots["authority"] = (states or unions)[0].text
    slots["rule"] = s.text[trigger.start():trigger.end()]


def _fill_relocation(s: _Sentence, trigger: re.Match, slots: dict, spans: dict, actor: Mention | None) -> None:
    if _words(TROOPS).search(s.text):
        slots["not_an_event"] = True  # "Soldaten werden nach Bagdad verlegt": troops, not a company's site
    places = [m for m in s.mentions if m.label == "LOC"]
    if not places:
        slots.pop("place", None)
        return
    route: dict[str, Any] = {}
    for m in places:
        before = s.text[max(0, s.rel(m)[0] - 8):s.rel(m)[0]]
        if _pattern(RELOCATION_FROM).search(before.split()[-1] if before.split() else "") and "from" not in route:
            route["from"] = m.text
        elif "to" not in route and _pattern(RELOCATION_TO).search(before.split()[-1] if before.split() else ""):
            route["to"] = m.text
    if "to" not in route:
        route["to"] = places[-1].text
    slots["place"] = route


def _no_fill(*_: Any) -> None:
    pass


_FILLERS = {
    "funding": _fill_funding,
    "acquisition": _fill_acquisition,
    "investment": _fill_investment,
    "partnership": _fill_partnership,
    "product_launch": _fill_launch,
    "financial_result": _fill_result,
    "regulation": _fill_regulation,
    "hiring": _fill_hiring,
    "relocation": _fill_relocation,
}


def _figures(s: _Sentence) -> list[tuple[str, tuple[int, int], Any]]:
    """(metric, its span, money) for every metric named in the sentence with an amount before the next metric."""
    found: list[tuple[int, int, str]] = []
    for metric, patterns in METRICS.items():
        for m in _pattern(patterns).finditer(s.text):
            if not any(a <= m.start() < b or m.start() <= a < m.end() for a, b, _ in found):
                found.append((m.start(), m.end(), metric))
    found.sort()
    money = s.money
    figures = []
    for i, (start, end, metric) in enumerate(found):
        stop = found[i + 1][0] if i + 1 < len(found) else len(s.text)
        amounts = [x for x in money if start <= x.start < stop]
        if amounts:
            figures.append((metric, (start, end), amounts[0]))
        elif s.language == "en" and re.match(MOVED_AFTER_METRIC, s.text[end:stop], re.IGNORECASE):
            figures.append((metric, (start, end), None))  # "and operating income fell 13 %": a figure told by its change
    return figures


def _one_per_figure(event: Event, s: _Sentence) -> list[Event]:
    """"Revenue grew to €186 million while the net loss widened to €47 million": one result per figure, each
    with its own metric word as trigger (two tellings in one sentence, not one)."""
    figures = _figures(s)
    if len(figures) < 2:
        return [event]
    out = []
    for metric, (start, end), money in figures:
        word = [[s.start + start, s.start + end]]
        spans = {**event.slots["spans"], "trigger": word, "metric": word}
        slots = {**event.slots, "metric": metric}
        if money is None:
            spans.pop("amount", None)
            slots.pop("amount", None)
        else:
            spans["amount"] = [[s.start + money.start, s.start + money.end]]
            slots["amount"] = {"value": money.value, "currency": money.currency}
        out.append(Event(event.type, event.actor, event.evidence, event.article_url, {**slots, "spans": spans}))
    return out
