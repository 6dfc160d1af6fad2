"""A story's briefing in the reader's language, every sentence cited and checked.

1. Facts: the story's events, grouped across articles (``brief.facts``), are written by the
   target language's templates ("Microsoft investiert 4,3 Milliarden Euro in Italien.") and cite
   every article that reports them. Where sources give different numbers, a sentence says so.
2. Context: the most central source sentences already in the target language, compressed, not
   repeating a fact already told.
3. Headline from the most central article in the target language, else the lead fact.
4. Every sentence is checked against its cited sources (``brief.check``); a template sentence
   that does not pass is dropped. Nothing in another language is mixed in silently: with
   ``brief.foreign = "note"`` the briefing says which sources hold more, in which language.
"""

from __future__ import annotations

from collections import Counter
from newsdesk.brief import formats as fmt
from newsdesk.brief.formats import language_name
from newsdesk.brief import templates
from newsdesk.brief.builder import (
    Candidate,
    candidates,
    citations_for,
    jaccard,
    published_key,
    score,
    select_sentences,
)
from newsdesk.brief.check import Checker, Detect, EntityFinder, SourceFactsCache, no_entities, words_language
from newsdesk.brief.facts import Fact, Names, NoNames, article_support, conflict_values, group_facts, rank, view
from newsdesk.config import BriefSettings
from newsdesk.nlp.text import content_words, normalize, split_sentences
from newsdesk.records import Article, Briefing, BriefSentence, RelatedStory, Story

NOTES = {
    "no_target": {"de": "Keine Quelle ist auf {lang}; Fakten sind aus den Quellen übertragen, die Überschrift "
                        "stammt aus einer Quelle auf {other}.",
                  "en": "No source is in {lang}; facts are restated from the sources, the headline comes from a "
                        "source in {other}.",
                  "it": "Nessuna fonte è in {lang}; i fatti sono riportati dalle fonti, il titolo viene da una "
                        "fonte in {other}."},
    "no_target_no_facts": {
        "de": "Keine Quelle ist auf {lang}; Überschrift und Einleitung stammen aus einer Quelle auf {other}.",
        "en": "No source is in {lang}; the headline and the lead come from a source in {other}.",
        "it": "Nessuna fonte è in {lang}; titolo e attacco vengono da una fonte in {other}."},
    "more_in": {"de": "Weitere Einzelheiten stehen nur in den Quellen auf {lang} {cites}.",
                "en": "Further details are only in the sources in {lang} {cites}.",
                "it": "Ulteriori dettagli si trovano solo nelle fonti in {lang} {cites}."},
    "dropped": {"de": "{n} Satz/Sätze ohne Beleg in den zitierten Quellen wurden entfernt.",
                "en": "{n} sentence(s) not backed by the cited sources were removed.",
                "it": "{n} frase/i non confermate dalle fonti citate sono state rimosse."},
}
def note(key: str, language: str, **values: object) -> str:
    return NOTES[key][fmt.lang_or_en(language)].format(**values)


def _fact_sentences(facts: list[Fact], names: Names, language: str, limit: int,
                    checker: Checker) -> tuple[list[tuple[Fact, BriefSentence]], int]:
    told: list[tuple[Fact, BriefSentence]] = []
    seen: set[str] = set()
    dropped = 0
    for fact in facts:
        if len(told) >= limit:
            break
        text = templates.write(fact.type, view(fact, names, language), language)
        if not text or normalize(text) in seen:
            continue
        cites = tuple(sorted(fact.citations))
        if checker.unsupported(text, language, cites):
            dropped += 1
            continue
        seen.add(normalize(text))
        told.append((fact, BriefSentence(text=text, language=language, citations=cites, kind="fact")))
    return told, dropped


def _contradictions(told: list[tuple[Fact, BriefSentence]], names: Names, language: str) -> list[BriefSentence]:
    out = []
    for fact, _ in told:
        for slot in fact.conflicts():
            values = conflict_values(fact, slot, language)
            actor = view(fact, names, language).actor
            cites = tuple(sorted({n for _, c in values for n in c}))
            out.append(BriefSentence(text=templates.contradiction(actor, slot, values, language),
                                     language=language, citations=cites, kind="contradiction"))
    return out


def _context(pool: list[Candidate], told: list[tuple[Fact, BriefSentence]], lead: str, language: str,
             foreign: str, limit: int) -> list[Candidate]:
    """Source sentences that add to the facts: not their evidence, not the lead, not a repeat."""
    evidence = [normalize(e) for fact, _ in told for _, e in fact.evidence if e]
    told_words = [frozenset(content_words(s.text, language)) for _, s in told]
    lead_norm = normalize(lead)

    def repeats(c: Candidate) -> bool:
        text = normalize(c.text)
        return text in lead_norm or any(e in text or text in e for e in evidence)

    usable = [c for c in pool
              if (c.language == language or foreign == "mark") and not repeats(c)
              and all(jaccard(c.words, w) <= 0.45 for w in told_words)]
    chosen = select_sentences(usable, limit)
    chosen.sort(key=lambda c: (c.source, c.position))
    return chosen


def _headline(ordered: list[Article], centrality: Counter, language: str,
              told: list[tuple[Fact, BriefSentence]]) -> tuple[str, int | None, str | None]:
    """(headline, citation, language of the headline)."""
    in_target = [i for i, a in enumerate(ordered, start=1) if a.language == language]
    if in_target:
        main = max(in_target, key=lambda n: (centrality[n], -n))
        return ordered[main - 1].title, main, language
    if told:
        sentence = told[0][1]
        return sentence.text.rstrip("."), sentence.citations[0], language
    main = max(range(1, len(ordered) + 1), key=lambda n: (centrality[n], -n))
    return ordered[main - 1].title, main, ordered[main - 1].language


def _more_in_other_languages(ordered: list[Article], used: set[int], language: str) -> list[str]:
    unused: dict[str, list[int]] = {}
    for n, article in enumerate(ordered, start=1):
        if article.language and article.language != language and n not in used:
            unused.setdefault(article.language, []).append(n)
    return [note("more_in", language, lang=language_name(code, language), cites="".join(f"[{n}]" for n in ns))
            for code, ns in sorted(unused.items())]


def _relabel(pool: list[Candidate], language: str, detect: Detect, find_entities: EntityFinder | None) -> None:
    """A sentence labelled with the target language by its paragraph but clearly in another one
    (an English quote in an Italian article) is not taken for the target language."""
    for c in pool:
        if c.language == language:
            found, confidence = words_language(c.text, language, detect, find_entities or no_entities)
            if found and found != language and confidence >= 0.5:
                c.language = found


def build_briefing(story: Story, articles: list[Article], language: str,
                   settings: BriefSettings | None = None, *, events: list[dict] | None = None,
                   names: Names | None = None, find_entities: EntityFinder | None = None,
                   related: tuple[RelatedStory, ...] = (),
                   detect_language: Detect | None = None,
                   facts_cache: SourceFactsCache | None = None) -> Briefing:
    """The briefing of ``story`` in ``language`` from its ``articles`` and their ``events``.

    ``events`` are dicts as ``Store.events`` returns them; ``names`` gives entity names in each
    language and ``find_entities`` finds names in text (both come from the entity registry; without
    them places keep their source spelling and the check covers numbers and dates only);
    ``detect_language`` (text -> (language, confidence)) re-checks sentences said to be in the
    target language; ``facts_cache`` keeps what each article states between briefings.
    """
    settings = settings or BriefSettings()
    names = names or NoNames()
    ordered = sorted(articles, key=published_key)
    cite = {a.url: n for n, a in enumerate(ordered, start=1)}
    texts = [f"{a.title}\n{a.text}" for a in ordered]
    checker = Checker(ordered, find_entities, facts_cache)

    facts = group_facts(list(events or ()), cite, texts, names)
    support = article_support(list({n for f in facts for n in (f.actor, f.slots.get("target"),
                                                                f.slots.get("partner")) if n}), texts)
    told, dropped = _fact_sentences(rank(facts, support, len(ordered), [a.title for a in ordered]), names, language,
                                    min(settings.max_facts, settings.max_sentences), checker)

    pool = candidates(ordered)
    if detect_language is not None:
        _relabel(pool, language, detect_language, find_entities)
    score(pool, len(ordered), language)
    centrality: Counter = Counter()
    for c in pool:
        centrality[c.source] += c.score
    headline, headline_cite, headline_lang = _headline(ordered, centrality, language, told)

    notes: list[str] = []
    if headline_lang != language:
        notes.append(note("no_target" if told else "no_target_no_facts", language, lang=language_name(language, language),
                          other=language_name(headline_lang, language)))
    if told:
        lead_sentence, body_facts = told[0][1], [s for _, s in told[1:]]
    else:
        main = headline_cite or 1
        article = ordered[main - 1]
        lead_text = " ".join(split_sentences(article.lead or (article.paragraphs[0].text
                                                               if article.paragraphs else ""))[:2])
        lead_language = article.language
        if detect_language is not None and lead_language == language:
            found, confidence = words_language(lead_text, language, detect_language, find_entities or no_entities)
            lead_language = found if found and confidence >= 0.7 else lead_language
        lead_sentence = BriefSentence(lead_text, lead_language, (main,), lead_language != language)
        body_facts = []
    contradictions = _contradictions(told, names, language)
    room = max(0, settings.max_sentences - len(body_facts) - len(contradictions))
    foreign = settings.foreign
    if not told and not any(c.language == language for c in pool):
        foreign = "mark"  # nothing at all in the target language: the sources' own words, each marked
    context = _context(pool, told, lead_sentence.text, language, foreign, room)
    body = body_facts + [
        BriefSentence(c.text, c.language, tuple(sorted(c.citations)), c.language != language, kind="source")
        for c in context
    ] + contradictions

    used = {n for s in [lead_sentence, *body] for n in s.citations} | ({headline_cite} if headline_cite else set())
    if foreign == "note":
        notes += _more_in_other_languages(ordered, used, language)
    if dropped:
        notes.append(note("dropped", language, n=dropped))
    return Briefing(
        story_id=story.id,
        language=language,
        headline=headline,
        lead=lead_sentence.text,
        lead_citations=lead_sentence.citations,
        sentences=tuple(body),
        sources=tuple(citations_for(ordered)),
        categories=tuple(sorted({c for a in ordered for c in a.categories})),
        published=max((a.published for a in ordered if a.published), default=None),
        source_languages=tuple(sorted({a.language for a in ordered if a.language})),
        notes=tuple(notes),
        related=related,
        lead_language=lead_sentence.language if lead_sentence.language != language else None,
        removed=dropped,
    )
