"""Business events against gold: the bundled sample's gold file, and SENTiVENT.

**Gold file** (``newsdesk eval events [--gold FILE] [--db DB]``). Shaped like the bundled
sample's ``gold.json``: ``pages`` keyed by URL, each with ``events`` (``type``, ``actor``,
slots). Predictions are the events a ``newsdesk run`` stored for the page (the product's own
output), or, given an extractor, what :class:`~newsdesk.enrich.events.EventExtractor` finds in
the stored article text. Gold pages that were not stored (copies of another page) are listed
as ``missing`` and not scored.

Both sides are normalised first (:func:`normalise_event`): gold slots may be null or absent,
``place`` a string, a list, or ``{"from", "to"}`` for a relocation; ``from``/``to``/``country``
count as places too, and place names meet across languages through the entity registry
("Italien" = "Italy"). A prediction matches an unmatched gold event of the same page and type
whose actor names the same company: the folded name words of one (legal forms dropped) are
contained in the other's ("Halvion" = "Halvion Semiconductors"); a gold event without an actor
matches on type alone. Matching is one-to-one, so an event told twice and stored twice counts
once right and once wrong. Precision/recall/F1 per type and micro over all types; slot accuracy
on matched pairs whose gold has the slot: ``amount`` (value within 1 %, same currency),
``count`` (min and max equal), ``place`` (any overlap), ``date`` (equal string). Forecasts
(events whose slots say ``"guidance": true``, see :mod:`newsdesk.enrich.events.extractor`) are
left out of the predictions: the sample's gold holds reported results only.

**SENTiVENT** (``newsdesk eval events --dataset PATH [--split dev|test]``; layout and
provenance in the folder's PROVENANCE.md). One WebAnno UIMA-XMI per document under ``xmi/``
(``<doc id>_<slug>.txt__<annotator>.xmi``, ``__gilles`` = adjudicated, preferred when a document
has several); the text is the Sofa string of the XMI, which the offsets point into (``source/``
holds the same texts as raw files). ``custom:A_Event`` elements are triggers (``a_Type``,
``b_Subtype``) whose ``c_Participant``/``d_FILLER`` list ``*Link`` elements (``role``,
``target``) pointing at ``B_Participant``/``C_FILLER`` spans; ``type4:Sentence`` gives the
sentences. Types map onto newsdesk's through :data:`SENTIVENT_TYPES`; triggers of other types
are counted as ``unmapped`` and left out of the scores. ``splits_doc_ids.json`` picks the
documents of ``--split``; without the file, or when it lacks the split, all documents are used
(the output says which).

Granularity differs: newsdesk reports events with argument spans, not trigger tokens, and
one event per sentence and type unless the sentence tells two (two figures of a result, each
with its own trigger). So *type* scoring: a predicted (sentence, type, trigger) matches one
unmatched gold trigger of that mapped type in the same sentence, the overlapping one first
(one-to-one). Employment triggers with a ``TITLE``, ``Replacing`` or ``Replacer`` argument are
one person's position (appointments, successions, retirements): newsdesk's hiring and layoff
are about a workforce, so these are counted as unmapped (``"Employment/Start (position)"``). *Argument* scoring, on matched events only: a
predicted argument (its role mapped by :data:`NEWSDESK_ROLES`) matches an unmatched gold
argument of the matched trigger whose role maps (:data:`SENTIVENT_ROLES`) to the same role and
whose span overlaps. ``end_to_end_argument_*`` counts the arguments of unmatched events too.
SENTiVENT annotates forecasts as financial events, so its default extractor reports them
(``EventExtractor(guidance=True)``).
The published figures (token-level trigger and argument classification, from the authors'
dev log) are printed beside ours for orientation, not as a like-for-like comparison.
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable

from newsdesk.config import Settings
from newsdesk.enrich.registry import fold
from newsdesk.errors import InputError
from newsdesk.eval.clustering import score_run
from newsdesk.store import Store

EVENT_TYPES = ("layoff", "hiring", "investment", "funding", "product_launch", "financial_result",
               "acquisition", "partnership", "regulation", "relocation")
SLOTS = ("amount", "count", "place", "date")

_WORDS = re.compile(r"\w+")
_GENERIC = {"the", "group", "gruppe", "gruppo", "ag", "spa", "se", "joint", "venture", "inc", "de", "di",
            "der", "s", "p", "a", "gmbh", "ltd", "llc", "plc", "corp", "corporation", "nv", "n", "v", "co",
            "holding", "holdings", "ab", "sa"}


# --------------------------------------------------------------------------- normalisation


def _name_words(name: str) -> set[str]:
    words = set(_WORDS.findall(fold(name)))
    return (words - _GENERIC) or words


def actor_matches(predicted: str | None, gold: str | None) -> bool:
    """Whether two actor names name the same company (see the module docstring)."""
    if not gold:
        return True
    if not predicted:
        return False
    a, b = _name_words(predicted), _name_words(gold)
    return bool(a and b) and (a <= b or b <= a)


@lru_cache(maxsize=1)
def _registry() -> Any:
    from newsdesk.enrich.registry import EntityRegistry

    return EntityRegistry.load()


def place_key(name: str) -> str:
    """One key for a place in any of the three languages: the registry id, else the folded name."""
    known = _registry().lookup(name.strip())
    return known.entity.id if known is not None else " ".join(fold(name).split())


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value] if value.strip() else []
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, (list, tuple)):
        return [s for v in value for s in _strings(v)]
    return []


def _amount(value: Any) -> dict[str, Any] | None:
    if not isinstance(value, dict) or value.get("value") is None:
        return None
    return {"value": float(value["value"]), "currency": str(value.get("currency") or "").upper() or None}


def _count(value: Any) -> dict[str, int] | None:
    if isinstance(value, (int, float)):
        return {"min": int(value), "max": int(value)}
    if not isinstance(value, dict) or value.get("min") is None and value.get("max") is None:
        return None
    low, high = value.get("min"), value.get("max")
    return {"min": int(low if low is not None else high), "max": int(high if high is not None else low)}


def normalise_event(event: dict[str, Any]) -> dict[str, Any]:
    """Type, actor and the scored slots of a gold or predicted event, in one shape."""
    places = _strings(event.get("place")) + _strings(event.get("from")) + _strings(event.get("to"))
    places += _strings(event.get("country"))
    date = event.get("date")
    return {
        "type": event["type"],
        "actor": (event.get("actor") or "").strip() or None,
        "amount": _amount(event.get("amount")),
        "count": _count(event.get("count")),
        "place": frozenset(place_key(p) for p in places),
        "date": str(date).strip() if date else None,
    }


# --------------------------------------------------------------------------- matching and scoring


def match_page(predicted: list[dict[str, Any]], gold: list[dict[str, Any]]) -> tuple[list[tuple[int, int]], list[int], list[int]]:
    """One-to-one matches (prediction index, gold index), unmatched predictions, unmatched gold."""
    pairs: list[tuple[int, int]] = []
    unmatched: list[int] = []
    used: set[int] = set()
    for i, event in enumerate(predicted):
        hit = next((j for j, g in enumerate(gold) if j not in used and g["type"] == event["type"]
                    and actor_matches(event.get("actor"), g.get("actor"))), None)
        if hit is None:
            unmatched.append(i)
        else:
            used.add(hit)
            pairs.append((i, hit))
    return pairs, unmatched, [j for j in range(len(gold)) if j not in used]


def score_page(predicted: list[dict[str, Any]], gold: list[dict[str, Any]]) -> tuple[Counter, Counter, Counter]:
    """True positives, false positives and false negatives per type on one page."""
    pairs, extra, missed = match_page(predicted, gold)
    tp = Counter(predicted[i]["type"] for i, _ in pairs)
    return tp, Counter(predicted[i]["type"] for i in extra), Counter(gold[j]["type"] for j in missed)


def slot_correct(slot: str, predicted: dict[str, Any], gold: dict[str, Any]) -> bool:
    """Whether a normalised prediction has the normalised gold value of ``slot``."""
    p, g = predicted[slot], gold[slot]
    if slot == "amount":
        return bool(p) and p["currency"] == g["currency"] and abs(p["value"] - g["value"]) <= 0.01 * abs(g["value"])
    if slot == "place":
        return bool(p & g)
    return p == g


def _prf(tp: int, fp: int, fn: int) -> dict[str, Any]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4), "tp": tp, "fp": fp, "fn": fn}


def score_pages(pages: Iterable[tuple[list[dict[str, Any]], list[dict[str, Any]]]]) -> dict[str, Any]:
    """Precision/recall/F1 per type and micro overall, and slot accuracy, over (predicted, gold) pages."""
    tp, fp, fn = Counter(), Counter(), Counter()
    slots = {s: [0, 0] for s in SLOTS}
    for predicted, gold in pages:
        pred = [normalise_event(e) for e in predicted]
        truth = [normalise_event(e) for e in gold]
        pairs, extra, missed = match_page(pred, truth)
        tp.update(pred[i]["type"] for i, _ in pairs)
        fp.update(pred[i]["type"] for i in extra)
        fn.update(truth[j]["type"] for j in missed)
        for i, j in pairs:
            for slot in SLOTS:
                if truth[j][slot]:
                    slots[slot][1] += 1
                    slots[slot][0] += slot_correct(slot, pred[i], truth[j])
    types = [t for t in EVENT_TYPES if tp[t] + fp[t] + fn[t]] + sorted(set(tp + fp + fn) - set(EVENT_TYPES))
    return {
        "overall": _prf(sum(tp.values()), sum(fp.values()), sum(fn.values())),
        "per_type": {t: _prf(tp[t], fp[t], fn[t]) for t in types},
        "slots": {s: {"correct": c, "total": n, "accuracy": round(c / n, 4) if n else None}
                  for s, (c, n) in slots.items()},
    }


# --------------------------------------------------------------------------- the gold file


def _stored_events(store: Store) -> dict[str, list[dict[str, Any]]]:
    by_url: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in store.events():
        if (row.get("slots") or {}).get("guidance"):
            continue  # a forecast, not a result the gold counts
        by_url[row["url"]].append({**(row.get("slots") or {}), "type": row["type"], "actor": row["actor"]})
    return by_url


def _extracted_events(store: Store, urls: set[str], extractor: Any) -> dict[str, list[dict[str, Any]]]:
    by_url: dict[str, list[dict[str, Any]]] = {}
    for article in store.articles():
        if article.url in urls:
            published = article.published.date() if article.published else None
            events = extractor.extract(article.text, article.language, published, url=article.url)
            by_url[article.url] = [{**e.slots, "type": e.type, "actor": e.actor} for e in events
                                   if not e.slots.get("guidance")]
    return by_url


def evaluate_store_events(store: Store, gold: dict[str, Any], extractor: Any = None) -> dict[str, Any]:
    """Score the events stored for the gold pages (or, given ``extractor``, re-extracted from their text)."""
    pages = gold["pages"]
    stored = {a.url for a in store.articles()}
    if extractor is None:
        predicted, source = _stored_events(store), "stored events"
    else:
        predicted, source = _extracted_events(store, set(pages) & stored, extractor), type(extractor).__name__
    scored = [url for url in pages if url in stored]
    result = score_pages((predicted.get(url, []), pages[url].get("events") or []) for url in scored)
    result.update(pages=len(scored), missing=sorted(set(pages) - stored), source=source)
    return result


def evaluate_sample_events(settings: Settings, gold_path: Path | None = None, db: str | None = None) -> dict[str, Any]:
    """Run the bundled sample into a fresh database (or read ``db``) and score its events."""
    from newsdesk.pipeline.demo import sample_path

    gold = json.loads(Path(gold_path or sample_path() / "gold.json").read_text(encoding="utf-8"))
    return score_run(gold, settings, db, evaluate_store_events)


def format_events(result: dict[str, Any]) -> str:
    lines = [f"{'type':<18}{'tp':>5}{'fp':>5}{'fn':>5}{'P':>8}{'R':>8}{'F1':>8}"]
    rows = sorted(result["per_type"].items()) + [("all (micro)", result["overall"])]
    for name, m in rows:
        lines.append(f"{name:<18}{m['tp']:>5}{m['fp']:>5}{m['fn']:>5}{m['precision']:>8.3f}{m['recall']:>8.3f}{m['f1']:>8.3f}")
    slots = ", ".join(f"{s} {_ratio(m)}" for s, m in result.get("slots", {}).items())
    lines.append(f"slot accuracy on matched events: {slots}")
    lines.append(f"pages scored: {result['pages']} ({result.get('source', 'stored events')})")
    if result.get("missing"):
        lines.append(f"gold pages not stored (copies): {len(result['missing'])}")
    return "\n".join(lines)


def _ratio(m: dict[str, Any]) -> str:
    return "-" if m["accuracy"] is None else f"{m['accuracy']:.3f} ({m['correct']}/{m['total']})"


# --------------------------------------------------------------------------- SENTiVENT

# SENTiVENT "Type" or "Type/Subtype" -> newsdesk type; the subtype entry wins. Anything not
# listed (CSR/Brand, Dividend, Expense, Facility, Legal, Macroeconomics, Rating, SalesVolume,
# SecurityValue, Product/Service other than Launch, Employment/Compensation and Employment
# without subtype) has no newsdesk counterpart and is reported as unmapped.
SENTIVENT_TYPES: dict[str, str] = {
    "Employment/Start": "hiring",          # executive appointments excepted (_is_position_change)
    "Employment/End": "layoff",            # executive departures excepted
    "Investment": "investment",
    "Financing": "funding",
    "Product/Service/Launch": "product_launch",
    "FinancialReport": "financial_result",
    "Revenue": "financial_result",
    "Profit/Loss": "financial_result",
    "FinancialResult": "financial_result",  # one mistyped annotation in the 2019 export
    "Merger/Acquisition": "acquisition",
    "Deal": "partnership",
}

# SENTiVENT role (the part before the first "_": "Company_Revenue" -> "Company") -> the
# newsdesk roles it may stand for. Roles not listed (Goal, HistoricalAmount, Analyst, ...) are
# left out of argument scoring.
SENTIVENT_ROLES: dict[str, tuple[str, ...]] = {
    "Employer": ("actor",), "Investor": ("actor",), "Financee": ("actor",), "Producer": ("actor",),
    "Reportee": ("actor",), "Company": ("actor",), "Profiteer": ("actor",), "Acquirer": ("actor",),
    "Partner": ("actor", "partner"),       # a Deal names every party a Partner
    "Employee": ("count", "roles"),        # "1,600 engineers": head count and job titles
    "Investee": ("target",), "Target": ("target",), "Financer": ("investor",),
    "ProductService": ("product",), "Result": ("metric",),
    "Amount": ("amount",), "CapitalInvested": ("amount",), "Cost": ("amount",),
    "IncreaseAmount": ("amount",), "DecreaseAmount": ("amount",), "Price": ("price",),
    "TIME": ("date",), "PLACE": ("place",),
}

# newsdesk span role -> the role compared; roles not listed (authority, rule, ...) are left out.
NEWSDESK_ROLES: dict[str, str] = {
    "actor": "actor", "partner": "partner", "target": "target", "count": "count", "roles": "roles",
    "lead_investor": "investor", "investors": "investor", "product": "product", "metric": "metric",
    "amount": "amount", "price": "price", "date": "date", "period": "date",
    "place": "place", "from": "place", "to": "place", "country": "place",
}

PUBLISHED_SENTIVENT = {
    "trigger_classification_f1": 0.425,
    "argument_classification_f1": 0.380,
    "source": "SENTiVENT authors' dev log (token-level triggers and arguments)",
    "note": "different granularity: newsdesk is scored per sentence and type, see the docstring",
}

_CUSTOM = "{http:///webanno/custom.ecore}"
_SEGMENT = "{http:///de/tudarmstadt/ukp/dkpro/core/api/segmentation/type.ecore}Sentence"
_SOFA = "{http:///uima/cas.ecore}Sofa"
_XMI_ID = "{http://www.omg.org/XMI}id"


def sentivent_type(event_type: str | None, subtype: str | None) -> str | None:
    """The newsdesk type of a SENTiVENT type/subtype, None when it has no counterpart."""
    if not event_type:
        return None
    return SENTIVENT_TYPES.get(f"{event_type}/{subtype}") or SENTIVENT_TYPES.get(event_type)


def sentivent_roles(role: str | None) -> tuple[str, ...]:
    return SENTIVENT_ROLES.get((role or "").split("_")[0], ())


def _links(ids: dict[str, Any], refs: str | None) -> list[dict[str, Any]]:
    args = []
    for ref in (refs or "").split():
        link = ids.get(ref)
        span = ids.get(link.get("target")) if link is not None else None
        if span is not None and span.get("begin") is not None:
            args.append({"role": link.get("role"), "start": int(span.get("begin")), "end": int(span.get("end"))})
    return args


def parse_xmi(path: Path) -> dict[str, Any]:
    """Text, sentences and events (type, subtype, trigger span, arguments) of one SENTiVENT XMI."""
    from lxml import etree

    root = etree.parse(str(path)).getroot()
    ids = {el.get(_XMI_ID): el for el in root if el.get(_XMI_ID)}
    events = []
    for el in root.iter(f"{_CUSTOM}A_Event"):
        args = _links(ids, el.get("c_Participant")) + _links(ids, el.get("d_FILLER"))
        events.append({"type": el.get("a_Type"), "subtype": el.get("b_Subtype"), "start": int(el.get("begin")),
                       "end": int(el.get("end")), "args": args})
    sofa = root.find(_SOFA)
    sentences = sorted((int(s.get("begin")), int(s.get("end"))) for s in root.iter(_SEGMENT))
    return {"id": path.name.split("_")[0], "file": path.name, "text": sofa.get("sofaString") if sofa is not None else "",
            "sentences": sentences, "events": events}


def sentivent_documents(dataset: Path, split: str) -> tuple[list[Path], str]:
    """The XMI files of ``split`` (one per document, adjudicated preferred) and the split used."""
    files: dict[str, Path] = {}
    for path in sorted((dataset / "xmi").glob("*.xmi")):
        doc = path.name.split("_")[0]
        if doc not in files or path.name.endswith("__gilles.xmi"):
            files[doc] = path
    splits_path = dataset / "splits_doc_ids.json"
    splits = json.loads(splits_path.read_text(encoding="utf-8")) if splits_path.exists() else {}
    if split not in splits:
        return [files[d] for d in sorted(files)], "all documents (no %r split listed)" % split
    return [files[d] for d in splits[split] if d in files], split


def _sentence_of(sentences: list[tuple[int, int]], offset: int) -> int:
    return next((i for i, (start, end) in enumerate(sentences) if start <= offset < end), -1)


def _predicted_sentivent(doc: dict[str, Any], extractor: Any) -> list[dict[str, Any]]:
    """One prediction per (sentence, type, trigger): its sentence and its argument spans by compared role."""
    found: dict[tuple[int, str], dict[str, Any]] = {}
    extract = getattr(extractor, "extract_mentions", extractor.extract)  # every telling, not one per fact
    for event in extract(doc["text"], "en", None, url=doc["file"]):
        spans = event.slots.get("spans") or {}
        start = doc["text"].find(event.evidence)
        trigger = (spans.get("trigger") or [[start, start + len(event.evidence)]])[0]
        sentence = _sentence_of(doc["sentences"], trigger[0])
        key = (sentence, event.type, trigger[0])
        pred = found.setdefault(key, {"sentence": sentence, "type": event.type, "trigger": trigger, "args": []})
        for role, ranges in spans.items():
            if role in NEWSDESK_ROLES:
                pred["args"] += [(NEWSDESK_ROLES[role], int(s), int(e)) for s, e in ranges
                                 if (NEWSDESK_ROLES[role], int(s), int(e)) not in pred["args"]]
    return list(found.values())


def _overlaps(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    return a_start < b_end and b_start < a_end


def _match_arguments(predicted: list[tuple[str, int, int]], gold: list[dict[str, Any]]) -> int:
    used: set[int] = set()
    for role, start, end in predicted:
        hit = next((j for j, g in enumerate(gold) if j not in used and role in sentivent_roles(g["role"])
                    and _overlaps(start, end, g["start"], g["end"])), None)
        if hit is not None:
            used.add(hit)
    return len(used)


# Arguments that make an Employment trigger one person's position (an appointment, promotion, succession or
# retirement: "named X vice chairman", "will succeed Y as president"), not a workforce hired or cut.
_POSITION_ROLES = ("TITLE", "Replacing", "Replacer")


def _is_position_change(event: dict[str, Any]) -> bool:
    return event["type"] == "Employment" and any((a["role"] or "").split("_")[0] in _POSITION_ROLES
                                                 for a in event["args"])


def _gold_sentivent(doc: dict[str, Any], unmapped: Counter) -> list[dict[str, Any]]:
    gold = []
    for event in doc["events"]:
        mapped = sentivent_type(event["type"], event["subtype"])
        if mapped is None or _is_position_change(event):
            name = "/".join(filter(None, (event["type"], event["subtype"])))
            unmapped[name + (" (position)" if mapped else "")] += 1
            continue
        args = [a for a in event["args"] if sentivent_roles(a["role"])]
        gold.append({**event, "type": mapped, "args": args, "sentence": _sentence_of(doc["sentences"], event["start"])})
    return gold


def score_sentivent_document(doc: dict[str, Any], predicted: list[dict[str, Any]], counts: dict[str, Counter],
                             unmapped: Counter) -> None:
    """Add one document's type and argument counts (see the module docstring) to ``counts``."""
    gold = _gold_sentivent(doc, unmapped)
    used: set[int] = set()
    for pred in predicted:
        if pred["type"] not in SENTIVENT_TYPES.values():
            counts["unscored"][pred["type"]] += 1  # no SENTiVENT type maps onto it
            continue
        options = [j for j, g in enumerate(gold) if j not in used and g["type"] == pred["type"]
                   and g["sentence"] == pred["sentence"]]
        hit = next((j for j in options if _overlaps(*pred["trigger"], gold[j]["start"], gold[j]["end"])),
                   options[0] if options else None)
        counts["pred_args_all"][pred["type"]] += len(pred["args"])
        if hit is None:
            counts["fp"][pred["type"]] += 1
            continue
        used.add(hit)
        counts["tp"][pred["type"]] += 1
        counts["arg_tp"][pred["type"]] += _match_arguments(pred["args"], gold[hit]["args"])
        counts["pred_args"][pred["type"]] += len(pred["args"])
        counts["gold_args"][pred["type"]] += len(gold[hit]["args"])
    for j, g in enumerate(gold):
        counts["gold_args_all"][g["type"]] += len(g["args"])
        if j not in used:
            counts["fn"][g["type"]] += 1


def _sentivent_scores(counts: dict[str, Counter]) -> dict[str, Any]:
    def total(name: str) -> int:
        return sum(counts[name].values())

    kinds = _prf(total("tp"), total("fp"), total("fn"))
    args = _prf(total("arg_tp"), total("pred_args") - total("arg_tp"), total("gold_args") - total("arg_tp"))
    end_to_end = _prf(total("arg_tp"), total("pred_args_all") - total("arg_tp"), total("gold_args_all") - total("arg_tp"))
    types = [t for t in EVENT_TYPES if counts["tp"][t] + counts["fp"][t] + counts["fn"][t]]
    return {
        "type_precision": kinds["precision"], "type_recall": kinds["recall"], "type_f1": kinds["f1"],
        "argument_precision": args["precision"], "argument_recall": args["recall"], "argument_f1": args["f1"],
        "end_to_end_argument_precision": end_to_end["precision"],
        "end_to_end_argument_recall": end_to_end["recall"], "end_to_end_argument_f1": end_to_end["f1"],
        "type_counts": kinds, "argument_counts": args,
        "per_type": {t: {**_prf(counts["tp"][t], counts["fp"][t], counts["fn"][t]),
                         "argument": _prf(counts["arg_tp"][t], counts["pred_args"][t] - counts["arg_tp"][t],
                                          counts["gold_args"][t] - counts["arg_tp"][t])} for t in types},
    }


def evaluate_sentivent(dataset: Path, split: str = "dev", limit: int | None = None, extractor: Any = None) -> dict[str, Any]:
    """Score ``extractor`` (default: the shipped EventExtractor, forecasts reported) on a SENTiVENT split;
    JSON-serialisable."""
    dataset = Path(dataset)
    if not (dataset / "xmi").is_dir():
        raise InputError(f"no SENTiVENT xmi/ folder under {dataset}",
                         "point --dataset at a folder laid out like ../shared/data/events/sentivent")
    if extractor is None:
        from newsdesk.enrich.events import EventExtractor

        extractor = EventExtractor(guidance=True)
    paths, used_split = sentivent_documents(dataset, split)
    paths = paths[: max(0, limit)] if limit is not None else paths
    counts: dict[str, Counter] = defaultdict(Counter)
    unmapped: Counter = Counter()
    for path in paths:
        doc = parse_xmi(path)
        score_sentivent_document(doc, _predicted_sentivent(doc, extractor), counts, unmapped)
    result = {"dataset": str(dataset), "split": used_split, "documents": len(paths)}
    result.update(_sentivent_scores(counts))
    result.update(unmapped={"triggers": sum(unmapped.values()), "by_type": dict(unmapped.most_common())},
                  unscored_predictions=dict(counts["unscored"]),
                  type_map=dict(SENTIVENT_TYPES), published=dict(PUBLISHED_SENTIVENT),
                  scoring="one event per sentence, type and trigger against gold triggers of the mapped type "
                          "in that sentence; arguments by mapped role and overlapping span on matched events")
    return result


def format_sentivent(result: dict[str, Any]) -> str:
    reading = f", reading: {result['reading']}" if result.get("reading") else ""
    lines = [f"SENTiVENT {result['split']}: {result['documents']} documents ({result['dataset']}{reading})",
             f"{'type':<18}{'tp':>5}{'fp':>5}{'fn':>5}{'P':>8}{'R':>8}{'F1':>8}{'arg F1':>8}"]
    for name, m in result["per_type"].items():
        lines.append(f"{name:<18}{m['tp']:>5}{m['fp']:>5}{m['fn']:>5}{m['precision']:>8.3f}{m['recall']:>8.3f}"
                     f"{m['f1']:>8.3f}{m['argument']['f1']:>8.3f}")
    c = result["type_counts"]
    lines.append(f"{'all (micro)':<18}{c['tp']:>5}{c['fp']:>5}{c['fn']:>5}{result['type_precision']:>8.3f}"
                 f"{result['type_recall']:>8.3f}{result['type_f1']:>8.3f}{result['argument_f1']:>8.3f}")
    lines.append(f"arguments on matched events: P {result['argument_precision']:.3f} R {result['argument_recall']:.3f} "
                 f"F1 {result['argument_f1']:.3f}; end to end F1 {result['end_to_end_argument_f1']:.3f}")
    lines.append(f"unmapped gold triggers (not scored): {result['unmapped']['triggers']}; predictions of types "
                 f"SENTiVENT lacks (not scored): {sum(result['unscored_predictions'].values())}")
    pub = result["published"]
    lines.append(f"published (dev): trigger classification F1 {pub['trigger_classification_f1']}, argument "
                 f"classification F1 {pub['argument_classification_f1']} -- {pub['note']}")
    return "\n".join(lines)
