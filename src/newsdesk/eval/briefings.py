"""`newsdesk eval briefings`: are briefings cited, faithful, in the reader's language, not redundant?

For every story and target language the briefing is built as users get it, then checked
independently of how it was written:

- cited: share of sentences (lead and body) with at least one valid [n] citation;
- values / entities supported: share of the amounts, counts, numbers, dates and named entities
  in the sentences that their cited articles state (``brief.check``; entities by registry id or
  spelling);
- target language: share of sentences a language identifier (lingua, de/en/it; names and numbers
  left out) puts in the briefing's language, over all briefings and over those whose story has a
  source in that language; and sentences neither in it nor marked as not translated (must be 0);
- redundant pairs: share of sentence pairs sharing more than 45% of their content words.

With a reference file (``references.json`` of the bundled sample by default) it also reports
ROUGE-1, ROUGE-2 and ROUGE-Lsum F1 of the briefings against hand-written references, next to a
lead baseline (the first three sentences of the story's most central article in that language).
"""

from __future__ import annotations

import itertools
import json
import re
from pathlib import Path
from typing import Any

from newsdesk.brief.check import Checker, words_language
from newsdesk.config import Settings
from newsdesk.errors import InputError
from newsdesk.enrich.language import default_model
from newsdesk.eval.clustering import score_run
from newsdesk.eval.rouge import rouge_lsum, rouge_n
from newsdesk.nlp.text import content_words, split_sentences
from newsdesk.pipeline.briefs import Briefer
from newsdesk.records import Article, Briefing
from newsdesk.store import Store

REDUNDANT = 0.45
_COUNTERS = ("briefings", "sentences", "cited", "values", "values_found", "entities", "entities_found",
             "in_target", "unmarked_foreign", "covered_sentences", "covered_in_target", "pairs", "redundant_pairs", "facts", "contradictions", "removed")


def _sentences(b: Briefing) -> list[tuple[str, tuple[int, ...], str | None, bool]]:
    """(text, citations, language, marked foreign) of the lead and every body sentence."""
    out = [(b.lead, b.lead_citations, b.lead_language or b.language, b.lead_language is not None)] if b.lead else []
    return out + [(s.text, s.citations, s.language, s.foreign) for s in b.sentences]


def _plain(b: Briefing) -> str:
    return "\n".join(text for text, *_ in _sentences(b))


class BriefingScorer:
    def __init__(self, store: Store, settings: Settings) -> None:
        self.store = store
        self.briefer = Briefer(store, settings)
        self.detector = default_model(("de", "en", "it"))

    def language_of(self, text: str, language: str) -> str | None:
        return words_language(text, language, self.detector.detect, self.briefer.find_entities)[0]

    def score(self, b: Briefing, articles: list[Article]) -> dict[str, int]:
        by_url = {a.url: a for a in articles}
        checker = Checker([by_url[c.url] for c in b.sources], self.briefer.find_entities, self.briefer.source_facts)
        counts = dict.fromkeys(_COUNTERS, 0)
        counts["briefings"] = 1
        sentences = _sentences(b)
        for text, cites, language, marked in sentences:
            counts["sentences"] += 1
            counts["cited"] += bool(cites) and all(1 <= n <= len(b.sources) for n in cites)
            result = checker.check(text, language or b.language, cites)
            counts["values"] += result.values
            counts["values_found"] += result.values_found
            counts["entities"] += result.entities
            counts["entities_found"] += result.entities_found
            in_target = self.language_of(text, b.language) == b.language
            counts["in_target"] += in_target
            counts["unmarked_foreign"] += not in_target and not marked
            if b.language in b.source_languages:  # a story with a source in the briefing's language
                counts["covered_sentences"] += 1
                counts["covered_in_target"] += in_target
        words = [frozenset(content_words(t, b.language)) for t, *_ in sentences]
        for a, c in itertools.combinations(words, 2):
            counts["pairs"] += 1
            counts["redundant_pairs"] += bool(a and c) and len(a & c) / len(a | c) > REDUNDANT
        counts["facts"] = sum(s.kind == "fact" for s in b.sentences)
        counts["contradictions"] = sum(s.kind == "contradiction" for s in b.sentences)
        counts["removed"] = b.removed
        return counts


def _shares(c: dict[str, int]) -> dict[str, Any]:
    def share(num: str, den: str) -> float:
        return c[num] / c[den] if c[den] else 1.0
    return {**c, "cited_share": share("cited", "sentences"), "values_supported": share("values_found", "values"),
            "entities_supported": share("entities_found", "entities"),
            "target_language": share("in_target", "sentences"),
            "target_language_covered": share("covered_in_target", "covered_sentences"),
            "redundancy": share("redundant_pairs", "pairs") if c["pairs"] else 0.0}


def _story_of_gold(store: Store, urls: list[str]) -> int | None:
    votes: dict[int, int] = {}
    for story in store.stories():
        votes[story.id] = sum(a.url in urls for a in story.articles)
    best = max(votes, key=votes.get, default=None)
    return best if best is not None and votes[best] else None


def _lead_baseline(articles: list[Article], language: str) -> str:
    in_lang = [a for a in articles if a.language == language] or articles
    main = in_lang[0]
    return "\n".join(split_sentences(f"{main.lead} {main.text}")[:3])


def _rouge(store: Store, briefs: dict[tuple[int, str], Briefing], gold: dict[str, Any],
           references: dict[str, Any]) -> dict[str, Any]:
    """ROUGE of the briefings already built (``briefs``: (story id, language) -> briefing)."""
    rows: dict[str, dict[str, list[float]]] = {}
    for ref in references.get("references", []):
        story = gold.get("stories", {}).get(ref["story"])
        story_id = _story_of_gold(store, story["urls"]) if story else None
        if story_id is None:
            continue
        lang = ref["language"]
        b = briefs.get((story_id, lang))
        if b is None:
            continue
        baseline = _lead_baseline(store.articles(story_id=story_id), lang)
        row = rows.setdefault(lang, {k: [] for k in ("r1", "r2", "rl", "base_r1", "base_r2", "base_rl")})
        for prefix, text in (("", _plain(b)), ("base_", baseline)):
            row[prefix + "r1"].append(rouge_n(ref["summary"], text, 1).fmeasure)
            row[prefix + "r2"].append(rouge_n(ref["summary"], text, 2).fmeasure)
            row[prefix + "rl"].append(rouge_lsum(ref["summary"], text).fmeasure)
    return {lang: {"references": len(v["r1"]), **{k: sum(x) / len(x) for k, x in v.items()}}
            for lang, v in sorted(rows.items()) if v["r1"]}


def evaluate_store(store: Store, settings: Settings, languages: tuple[str, ...],
                   gold: dict[str, Any] | None = None, references: dict[str, Any] | None = None) -> dict[str, Any]:
    scorer = BriefingScorer(store, settings)
    briefs: dict[tuple[int, str], Briefing] = {}
    per_language: dict[str, dict[str, int]] = {}
    for story in store.stories():
        articles = store.articles(story_id=story.id)
        for lang in languages:
            briefs[story.id, lang] = scorer.briefer.brief(story.id, lang)
            counts = scorer.score(briefs[story.id, lang], articles)
            total = per_language.setdefault(lang, dict.fromkeys(_COUNTERS, 0))
            for key, value in counts.items():
                total[key] += value
    overall = {key: sum(c[key] for c in per_language.values()) for key in _COUNTERS}
    result = {"overall": _shares(overall), "per_language": {k: _shares(v) for k, v in per_language.items()},
              "backend": settings.brief.backend}
    if references and gold:
        result["rouge"] = _rouge(store, briefs, gold, references)
    return result


def evaluate_briefings(settings: Settings, db: str | None = None, languages: tuple[str, ...] = ("de", "en", "it"),
                       references: Path | None = None) -> dict[str, Any]:
    """Score the briefings of ``db`` (or of the bundled sample, run into a fresh database)."""
    from newsdesk.pipeline.demo import sample_path

    gold = json.loads((sample_path() / "gold.json").read_text(encoding="utf-8"))
    ref_path = references or sample_path() / "references.json"
    refs = None
    if Path(ref_path).exists():
        try:
            refs = json.loads(Path(ref_path).read_text(encoding="utf-8"))
        except ValueError as exc:
            raise InputError(f"{ref_path} is not a references file: {exc}",
                             'expected JSON: {"references": [{"story", "language", "summary"}]}') from None
    return score_run(gold, settings, db, lambda store, g: evaluate_store(store, settings, languages, g, refs))


def format_briefings(result: dict[str, Any]) -> str:
    head = f"{'lang':<8}{'briefs':>7}{'sents':>7}{'cited':>8}{'values':>8}{'names':>8}{'in lang':>9}{'redund.':>9}"
    lines = [head]
    rows = sorted(result["per_language"].items()) + [("all", result["overall"])]
    for name, m in rows:
        lines.append(f"{name:<8}{m['briefings']:>7}{m['sentences']:>7}{m['cited_share']:>8.1%}"
                     f"{m['values_supported']:>8.1%}{m['entities_supported']:>8.1%}{m['target_language']:>9.1%}"
                     f"{m['redundancy']:>9.1%}")
    o = result["overall"]
    lines.append(f"in the target language where a source is in it: {o['target_language_covered']:.1%} "
                 f"(elsewhere the sources' own sentences, marked as not translated)")
    lines.append(f"sentences not in the target language and not marked as such: {o['unmarked_foreign']}")
    lines.append(f"facts told: {o['facts']}, contradictions: {o['contradictions']}, "
                 f"sentences removed by the check: {o['removed']} (backend: {result['backend']})")
    if result.get("rouge"):
        lines += ["", f"{'ROUGE F1':<8}{'refs':>6}{'R-1':>8}{'R-2':>8}{'R-Lsum':>8}   lead-3 baseline: R-1 / R-2 / R-Lsum"]
        for lang, r in result["rouge"].items():
            lines.append(f"{lang:<8}{r['references']:>6}{r['r1']:>8.3f}{r['r2']:>8.3f}{r['rl']:>8.3f}"
                         f"   {r['base_r1']:.3f} / {r['base_r2']:.3f} / {r['base_rl']:.3f}")
    return "\n".join(lines)
