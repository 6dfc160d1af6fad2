"""From a story's events to the facts a briefing states: grouped across articles, cited, checked.

Events of one type about one actor (and one target, metric or country) that agree are one fact
citing every article that reports it. Where they disagree on a count, an amount or a date the
fact keeps each value with its own citations, and the briefing says the sources differ.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol

from newsdesk.brief import formats as fmt
from newsdesk.brief.templates import FactView
from newsdesk.nlp.text import NEWS_AGENCIES, normalize

# Order in which facts of one story are told (the first is usually the lead).
TYPE_ORDER = ("acquisition", "investment", "funding", "layoff", "financial_result", "product_launch",
              "regulation", "relocation", "hiring", "partnership")
_LEGAL = re.compile(r"[\s,]+(?:AG|SE|GmbH|S\.?p\.?A\.?|S\.?r\.?l\.?|Inc\.?|Corp\.?|Corporation|Ltd\.?|plc|"
                    r"N\.?V\.?|B\.?V\.?|SA|S\.A\.|Group|Holding|Co\.)$")
_RELATIVE_GAP = 0.02  # amounts within 2% are the same amount, rounded differently


class Names(Protocol):
    """What the briefing needs to know about entities (the pipeline passes the registry's view)."""

    def resolve(self, surface: str) -> tuple[str, str | None] | None:
        """(entity id, kind such as 'city' or 'country') of a name, if known."""

    def name(self, entity_id: str, language: str) -> str | None:
        """The entity's name in running text of ``language``, if the registry has one."""


class NoNames:
    def resolve(self, surface: str) -> tuple[str, str | None] | None:
        return None

    def name(self, entity_id: str, language: str) -> str | None:
        return None


@dataclass
class Fact:
    type: str
    actor: str
    actor_id: str | None
    slots: dict[str, Any]
    citations: set[int] = field(default_factory=set)
    evidence: list[tuple[int, str]] = field(default_factory=list)
    explicit_date: bool = False
    published: Any = None  # earliest publication of a report (datetime)
    variants: dict[str, dict[str, set[int]]] = field(default_factory=dict)  # slot -> value key -> citations

    @property
    def support(self) -> int:
        return len(self.citations)

    def conflicts(self) -> dict[str, dict[str, set[int]]]:
        """Values sources disagree on: comparable to the majority's (same currency, within a factor 2);
        "£30 million" and "$1,250" are two different things, not a disagreement."""
        out = {}
        for slot, values in self.variants.items():
            top = max(values, key=lambda k: (len(values[k]), -min(values[k])))
            close = {k: v for k, v in values.items() if _comparable(slot, top, k)}
            if len(close) > 1:
                out[slot] = close
        return out


def strip_legal(name: str) -> str:
    name = re.sub(r"['’]s?$", "", name.strip())  # "FibraSud's" -> "FibraSud"
    previous = None
    while previous != name:
        previous, name = name, _LEGAL.sub("", name).strip()
    return name


def _tokens(text: str) -> list[str]:
    return normalize(text).split()


def _contains(outer: list[str], inner: list[str]) -> bool:
    n = len(inner)
    return 0 < n <= len(outer) and any(outer[i:i + n] == inner for i in range(len(outer) - n + 1))


def naming(name: str, folded: list[str]) -> int:
    """How many of the (normalised) texts name ``name`` as a whole word sequence."""
    pattern = re.compile(rf"(?<!\w){re.escape(normalize(name))}(?!\w)")
    return sum(bool(pattern.search(t)) for t in folded)


class ActorNames:
    """One display name per actor of a story: "Stuttgarter Autobauer Kessler Automobil AG" → "Kessler"."""

    def __init__(self, surfaces: list[str], texts: list[str]) -> None:
        folded = [normalize(t) for t in texts]
        self.support = {surface: naming(surface, folded) for surface in {strip_legal(s) for s in surfaces if s}}

    def canonical(self, surface: str) -> str:
        surface = strip_legal(surface)
        outer = _tokens(surface)
        options = [s for s in self.support if _contains(outer, _tokens(s))] or [surface]
        return max(options, key=lambda s: (self.support.get(s, 0), -len(s)))


def _value_key(slot: str, value: Any) -> str | None:
    if not value:
        return None
    if slot == "amount":
        return f"{value['currency']} {value['value']:.6g}"
    if slot == "count":
        return f"{value.get('min')}..{value.get('max')}"
    return str(value)


def _same_amount(a: dict | None, b: dict | None) -> bool:
    if not a or not b:
        return True
    if a.get("currency") != b.get("currency"):
        return False
    big = max(abs(a["value"]), abs(b["value"])) or 1.0
    return abs(a["value"] - b["value"]) / big <= _RELATIVE_GAP


def _group_key(event: dict[str, Any], actor: str, names: Names) -> tuple:
    slots = event["slots"]
    extra = slots.get("metric") or slots.get("target") or slots.get("partner") or slots.get("product") or ""
    if event["type"] == "investment":
        extra = slots.get("country") or extra
    if event["type"] == "funding":
        extra = slots.get("round") or ""
    known = names.resolve(str(extra)) if extra else None
    who = names.resolve(actor)
    return (event["type"], who[0] if who else normalize(actor), known[0] if known else normalize(str(extra)),
            _when_key(event))


def _when_key(event: dict[str, Any]) -> str:
    """The date a report gives for its fact, or "now" when that is (about) the day it was reported."""
    slots = event["slots"]
    label = str(slots.get("date") or "")
    if "date" not in (slots.get("spans") or {}) or not label:
        return "now"
    return "now" if _near(label, event.get("published")) else label[:7]


def _compatible(fact: Fact, event: dict[str, Any], explicit: bool) -> bool:
    """Two reports may be one fact unless both give explicit, different dates."""
    if fact.explicit_date and explicit and fact.slots.get("date") and event["slots"].get("date"):
        mine, theirs = str(fact.slots["date"]), str(event["slots"]["date"])
        return mine.startswith(theirs) or theirs.startswith(mine)
    return True


def group_facts(events: list[dict[str, Any]], cite: dict[str, int], texts: list[str],
                names: Names | None = None) -> list[Fact]:
    """Facts from a story's events (dicts as `Store.events` returns them); ``cite`` maps URL → [n].

    Reports of one type giving the same amount under different actors are one fact told about the
    actor most articles name (an extraction that took "Palazzo Chigi" for the investor joins
    Microsoft's investment).
    """
    names = names or NoNames()
    # a forecast (``"guidance": true``, EventExtractor(guidance=True)) is no reported result
    usable = [e for e in events if e.get("actor") and e.get("url") in cite
              and not (e.get("slots") or {}).get("guidance")]
    surfaces = [e["actor"] for e in usable] + [str((e.get("slots") or {}).get(k)) for e in usable
                                               for k in ("target", "partner") if (e.get("slots") or {}).get(k)]
    actors = ActorNames(surfaces, texts)
    known: dict[str, list[str]] = {}  # registry id -> the spellings used for it
    for e in usable:
        hit = names.resolve(e["actor"])
        if hit:
            known.setdefault(hit[0], []).append(strip_legal(e["actor"]))

    def display(surface: str) -> str:
        """Known entities keep their shortest spelling ("Agcom" for the Autorità per le garanzie...)."""
        hit = names.resolve(surface)
        if hit and hit[0] in known:
            return min(known[hit[0]], key=lambda s: (len(s), s))
        return actors.canonical(surface)

    facts: list[Fact] = []
    by_key: dict[tuple, list[Fact]] = {}
    for event in usable:
        slots = dict(event.get("slots") or {})
        explicit = "date" in (slots.get("spans") or {})
        if _not_an_actor(event["actor"], names) or (
                event["type"] == "product_launch" and _is_place(str(slots.get("product") or ""), names)):
            continue  # "Dpa is launching EU-Staaten", "Delhi lancia ...": misreads
        actor = display(event["actor"])
        for key in ("target", "partner"):
            if slots.get(key):
                slots[key] = display(str(slots[key]))
        if any(slots.get(key) and normalize(slots[key]) == normalize(actor) for key in ("target", "partner")):
            continue  # "Stellantis collabora con Stellantis": a misread, not a fact
        n = cite[event["url"]]
        bucket = by_key.setdefault(_group_key({**event, "slots": slots}, actor, names), [])
        fact = next((f for f in bucket if _compatible(f, {**event, "slots": slots}, explicit)), None)
        if fact is None:
            fact = Fact(type=event["type"], actor=actor, actor_id=slots.get("actor_id"), slots=slots,
                        explicit_date=explicit)
            bucket.append(fact)
            facts.append(fact)
        _absorb(fact, slots, n, event.get("evidence") or "", explicit)
        if event.get("published") and (fact.published is None or event["published"] < fact.published):
            fact.published = event["published"]
    return _merge_same_amount(facts, actors)


_FAMILIES = ({"investment", "funding"},)


def _same_family(kept: Fact, fact: Fact) -> bool:
    """Same type; or money raised and money invested by the same actor (a fund raise read as both)."""
    if kept.type == fact.type:
        return True
    return kept.actor == fact.actor and any({kept.type, fact.type} <= family for family in _FAMILIES)




def _is_place(surface: str, names: Names) -> bool:
    known = names.resolve(surface) if surface else None
    return bool(known and known[0].startswith("loc:"))


def _not_an_actor(surface: str, names: Names) -> bool:
    return normalize(strip_legal(surface)) in NEWS_AGENCIES or _is_place(surface, names)


def _merge_same_amount(facts: list[Fact], actors: ActorNames) -> list[Fact]:
    kept: list[Fact] = []
    for fact in sorted(facts, key=lambda f: (-(actors.support.get(f.actor, 0) * 10 + f.support),
                                             f.type != "funding")):
        amount = fact.slots.get("amount")
        into = next((k for k in kept if amount and _same_family(k, fact) and k.slots.get("amount")
                     and _same_amount(k.slots["amount"], amount) and not fact.conflicts()), None)
        if into is None:
            kept.append(fact)
            continue
        for n, evidence in fact.evidence:
            into.citations.add(n)
            into.evidence.append((n, evidence))
        for slot, values in fact.variants.items():
            for key, cites in values.items():
                into.variants.setdefault(slot, {}).setdefault(key, set()).update(cites)
    order = {id(f): i for i, f in enumerate(facts)}
    return sorted(kept, key=lambda f: order[id(f)])


def _absorb(fact: Fact, slots: dict[str, Any], n: int, evidence: str, explicit: bool) -> None:
    fact.citations.add(n)
    fact.evidence.append((n, evidence))
    for slot in ("amount", "count"):
        key = _value_key(slot, slots.get(slot))
        if key is None:
            continue
        known = fact.variants.setdefault(slot, {})
        if slot == "amount":
            key = next((k for k in known if _same_amount(_amount_of(k), slots[slot])), key)
        else:
            key = next((k for k in known if _ranges_meet(k, slots[slot])), key)
        known.setdefault(key, set()).add(n)
    for slot, value in slots.items():  # fill what the first report lacked
        if value and not fact.slots.get(slot):
            fact.slots[slot] = value
    fact.actor_id = fact.actor_id or slots.get("actor_id")
    fact.explicit_date = fact.explicit_date or explicit


def _comparable(slot: str, a: str, b: str) -> bool:
    if slot == "amount":
        x, y = _amount_of(a), _amount_of(b)
        if x["currency"] != y["currency"]:
            return False
        low, high = sorted((abs(x["value"]), abs(y["value"])))
    else:
        low, high = sorted(int(k.split("..")[0]) if k.split("..")[0] != "None" else 0 for k in (a, b))
    return low > 0 and high / low <= 2


def _ranges_meet(key: str, count: dict) -> bool:
    """"Hunderte" (200..999) and "630 bis 770" do not contradict each other."""
    low, high = (None if x == "None" else int(x) for x in key.split(".."))
    c_low, c_high = count.get("min"), count.get("max")
    if low is None or c_low is None:
        return False
    return low <= (c_high if c_high is not None else c_low) and c_low <= (high if high is not None else low)


def _self_referent(fact: Fact) -> bool:
    """Launches that are misreads: the product is the actor's own name ("Kairos AI is launching Kairos"),
    not a name ("bitcoin"), or its "price" is a company's (Anima Holding for €1.6 billion)."""
    if fact.type != "product_launch":
        return False
    raw = str(fact.slots.get("product") or "")
    product, actor = normalize(raw), normalize(fact.actor)
    price = fact.slots.get("price")
    not_a_name = not any(ch.isupper() or ch.isdigit() for ch in raw)
    return (bool(product) and (product in actor or actor in product)) or not_a_name or (
        isinstance(price, dict) and price.get("value", 0) >= 1e8)


def _amount_of(key: str) -> dict:
    currency, value = key.split(" ", 1)
    return {"currency": currency, "value": float(value)}


def majority(fact: Fact, slot: str) -> Any:
    """The value most sources give for ``slot`` (ties: the earliest report)."""
    values = fact.variants.get(slot)
    if not values:
        return fact.slots.get(slot)
    key = max(values, key=lambda k: (len(values[k]), -min(values[k])))
    if slot == "amount":
        return _amount_of(key)
    low, high = key.split("..")
    return {"min": int(low) if low != "None" else None, "max": int(high) if high != "None" else None}


def rank(facts: list[Fact], actor_support: dict[str, int], n_articles: int, titles: list[str] = ()) -> list[Fact]:
    """Facts worth telling, most important first: reported often, about the actors the titles name."""
    folded_titles = [normalize(t) for t in titles]

    def in_titles(f: Fact) -> int:
        return naming(f.actor, folded_titles)

    def score(f: Fact) -> tuple:
        type_rank = TYPE_ORDER.index(f.type) if f.type in TYPE_ORDER else len(TYPE_ORDER)
        return (-min(f.support, 3), -min(in_titles(f), 1), type_rank, -actor_support.get(f.actor, 0))
    def reported(name: str | None) -> bool:
        return name is None or actor_support.get(name, 0) >= 2

    trusted = [f for f in facts
               if f.support >= min(2, n_articles) and actor_support.get(f.actor, 0) >= min(2, n_articles)
               and not _self_referent(f)
               and reported(f.slots.get("target") if f.type == "acquisition" else None)
               and reported(f.slots.get("partner") if f.type == "partnership" else None)]
    # "Banco BPM is acquiring UniCredit" next to "UniCredit is acquiring Banco BPM": the better reported wins
    pairs = {(f.actor, f.slots.get("target")): f for f in trusted if f.type == "acquisition"}
    trusted = [f for f in trusted if not (
        f.type == "acquisition" and (other := pairs.get((f.slots.get("target"), f.actor))) is not None
        and (other.support, actor_support.get(other.actor, 0)) > (f.support, actor_support.get(f.actor, 0)))]
    return sorted(trusted, key=score)


def _place_views(values: list[str], names: Names, language: str) -> tuple[tuple[str, str | None], ...]:
    out: list[tuple[str, str | None]] = []
    for surface in values:
        surface = strip_legal(surface)
        known = names.resolve(surface)
        name = (names.name(known[0], language) if known else None) or surface
        pair = (name, known[1] if known else None)
        if pair not in out:
            out.append(pair)
    return tuple(out)


def _entity_text(surface: str | None, names: Names, language: str) -> str | None:
    if not surface:
        return None
    known = names.resolve(surface)
    return (names.name(known[0], language) if known else None) or surface


def _news_day(fact: Fact) -> bool:
    """The fact's date is (about) the day it was reported: saying it adds nothing."""
    return _near(str(fact.slots.get("date") or ""), fact.published)


def _near(label: str, published: Any) -> bool:
    if not published or len(label) != 10:
        return not published is None and label[:7] == f"{published.year}-{published.month:02d}"
    try:
        return abs((date.fromisoformat(label) - published.date()).days) <= 7
    except ValueError:
        return False


def view(fact: Fact, names: Names, language: str) -> FactView:
    """The fact's slots written in ``language``."""
    s = fact.slots
    amount, count = majority(fact, "amount"), majority(fact, "count")
    places = s.get("place") or ([s["country"]] if s.get("country") else [])
    price = s.get("price")
    stated = s.get("date") if fact.explicit_date and not _news_day(fact) else None
    when = fmt.when(s.get("period") or stated, language) if fact.type == "financial_result" else (
        fmt.when(stated, language))
    relocation = s.get("relocation") or {}
    return FactView(
        actor=_entity_text(fact.actor, names, language) or fact.actor,
        amount=fmt.money(amount["value"], amount["currency"], language) if amount else None,
        count=fmt.count(count.get("min"), count.get("max"), language) if count else None,
        places=_place_views(list(places), names, language),
        when=when,
        target=_entity_text(s.get("target"), names, language),
        partner=_entity_text(s.get("partner"), names, language),
        product=s.get("product"),
        price=fmt.money(price["value"], price["currency"], language) if isinstance(price, dict) else None,
        round=s.get("round"),
        lead_investor=s.get("lead_investor"),
        metric=s.get("metric"),
        status=s.get("status"),
        moved_from=_entity_text(relocation.get("from"), names, language),
        moved_to=_entity_text(relocation.get("to"), names, language),
    )


def conflict_values(fact: Fact, slot: str, language: str) -> list[tuple[str, tuple[int, ...]]]:
    """Each value the sources give for ``slot``, written in ``language``, with its citations."""
    out = []
    for key, cites in sorted(fact.conflicts().get(slot, {}).items(), key=lambda kv: min(kv[1])):
        if slot == "amount":
            a = _amount_of(key)
            text = fmt.money(a["value"], a["currency"], language)
        else:
            low, high = key.split("..")
            text = fmt.count(int(low), int(high) if high != "None" else None, language) or key
        out.append((text, tuple(sorted(cites))))
    return out


def article_support(names: list[str], texts: list[str]) -> dict[str, int]:
    folded = [normalize(t) for t in texts]
    return {n: naming(n, folded) for n in names}


def top_actors(facts: list[Fact]) -> Counter:
    return Counter(f.actor for f in facts for _ in f.citations)
