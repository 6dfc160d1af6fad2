"""A generated news stream for clustering benchmarks, recombined from the sample's story sources.

Each generated story is a new event: one of the sample's multi-article stories
(``sample_src/stories/S*.json``) with its distinctive facts replaced consistently in
every language. Names (capitalised words the story's articles share across languages,
or that English and Italian texts capitalise mid-sentence) map to invented names from a
seeded pool; every digit 1-9 of the story's numbers goes through one permutation, so
"3,8 Milliarden", "€3.8 billion" and "3,8 miliardi" become the same new amount in all
three languages. Publication dates spread over ``weeks`` weeks.

Around the stories the stream holds:

* syndicated near-copies (another site of the same language, small edits) and
  rewrites (paragraphs dropped and reordered, a new headline): gold = the same story;
* recurring entities: some stories reuse an earlier story's main actor in a different
  event a few days to six weeks later: gold = a different story (must not be merged);
* noise: single articles recombined from the unrelated stories (U*) or mixed from
  sentences of several templates, each under fresh names: gold = a story of its own.

Output: ``articles.jsonl`` (newsdesk reads it as JSONL articles, sorted by publication
time) and ``gold.json`` (``pages`` keyed by URL with ``story`` and ``language``, as
:func:`newsdesk.eval.clustering.evaluate_store` reads it, and ``stories``).
Deterministic: the same seed and arguments give byte-identical files.
"""

from __future__ import annotations

import json
import random
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from newsdesk.nlp.text import ALL_STOPWORDS

DEFAULT_SEED = 20250106
START = datetime(2025, 1, 6, tzinfo=timezone.utc)
SOURCE_DIR = Path(__file__).resolve().parents[3] / "sample_src" / "stories"

SITES = {  # key -> (domain, language, section), as in the bundled sample
    "techwelt": ("techwelt.de", "de", "technik"),
    "wirtschaftskurier": ("wirtschaftskurier.de", "de", "wirtschaft"),
    "alpenpost": ("alpenpost.at", "de", "wirtschaft"),
    "zuercher-rundschau": ("zuercher-rundschau.ch", "de", "wirtschaft"),
    "globewire": ("globewire.com", "en", "business"),
    "techledger": ("techledger.co.uk", "en", "news"),
    "marketdaily": ("marketdaily.com", "en", "business"),
    "notiziario-tech": ("notiziario-tech.it", "it", "tecnologia"),
    "corriere-affari": ("corriereaffari.it", "it", "economia"),
    "il-portale": ("ilportale.it", "it", "economia"),
}
SITE_NAMES = {
    "techwelt": "TechWelt", "wirtschaftskurier": "WirtschaftsKurier", "alpenpost": "AlpenPost",
    "zuercher-rundschau": "Zürcher Rundschau", "globewire": "GlobeWire", "techledger": "TechLedger",
    "marketdaily": "MarketDaily", "notiziario-tech": "Notiziario Tech", "corriere-affari": "Corriere Affari",
    "il-portale": "Il Portale",
}
REWRITE_PREFIX = {"de": ["Analyse: ", "Hintergrund: ", "Was bedeutet das? "],
                  "en": ["Analysis: ", "Explainer: ", "What it means: "],
                  "it": ["Analisi: ", "Il punto: ", "Cosa cambia: "]}

_NAME = re.compile(r"(?<![\w\-])[A-ZÄÖÜÀ-Ý][\w]*(?:[\-][A-ZÄÖÜÀ-Ý][\w]*)?")
_NUMERAL = re.compile(r"(?<![\w.,])\d+(?:[.,’']\d+)*(?![\w])")
_MONTHS = re.compile(
    r"(jan|feb|mär|mar|apr|ma[iy]|mag|jun|giu|jul|lug|aug|ago|sep|set|o[kc]t|ott|nov|de[zc]|dic)", re.I)
_SENTENCE_START = re.compile(r"(?:^|[.!?:–—]\s+|[„“\"«(]\s*)$")
_KEEP = frozenset("""
January February March April May June July August September October November December
Januar Februar März Juni Juli Oktober Dezember gennaio febbraio marzo aprile maggio giugno luglio agosto
settembre ottobre novembre dicembre Monday Tuesday Wednesday Thursday Friday Saturday Sunday
July-September Series CEO Act Union Financial Officer Minister Prime Premier Business States United Department
Street Center Pro Consiglio Regione Agency District Greater Commerce Commercio Dipartimento Holding Partners
Ventures Nord Sud Paesi Unione Autorità Tesoro Treasury""".split())
_ONSETS = ["b", "br", "d", "dr", "f", "g", "gr", "k", "kr", "l", "m", "n", "p", "r", "s", "st", "t", "tr", "v",
           "z", "c", "h", "sk", "vr"]
_VOWELS = ["a", "e", "i", "o", "u", "ei", "ia", "o", "a", "e"]
_CODAS = ["", "", "n", "r", "l", "s", "x", "nd", "rt", "m", "v", "k"]


@dataclass
class Template:
    """One source story: its articles and the names that identify it."""

    story: str
    articles: list[dict[str, Any]]
    names: list[str]
    actor: list[str]
    unrelated: bool

    @property
    def languages(self) -> list[str]:
        return sorted({a["language"] for a in self.articles})


@dataclass
class Variant:
    """A generated story: a template under one name mapping, digit permutation and date."""

    id: str
    template: Template
    mapping: dict[str, str]
    digits: dict[str, str]
    start: datetime
    recurring_with: str | None = None
    urls: list[str] = field(default_factory=list)


def _capitalised(text: str) -> list[tuple[str, bool]]:
    """Capitalised words with whether each starts a sentence."""
    found = []
    for m in _NAME.finditer(text):
        token = m.group(0)
        initial = bool(_SENTENCE_START.search(text[max(0, m.start() - 3):m.start()])) or m.start() == 0
        found.append((token, initial))
    return found


def _article_texts(article: dict[str, Any]) -> list[str]:
    return [article["title"], article["lead"], *article["paragraphs"]]


def load_templates(source_dir: Path | None = None) -> list[Template]:
    """The sample's story sources, with the names to replace in each."""
    source_dir = Path(source_dir or SOURCE_DIR)
    files = sorted(source_dir.glob("*.json"))
    if not files:
        raise FileNotFoundError(f"no story sources in {source_dir}: pass source_dir= (sample_src/stories of a checkout)")
    raw = [json.loads(f.read_text(encoding="utf-8")) for f in files]
    per_story: list[dict[str, set[str]]] = []  # token -> languages where it may be a name
    df: Counter = Counter()
    for story in raw:
        langs: dict[str, set[str]] = {}
        seen: set[str] = set()
        for article in story["articles"]:
            for text in _article_texts(article):
                for token, initial in _capitalised(text):
                    seen.add(token)
                    low = token.lower()
                    if len(token) < 3 or low in ALL_STOPWORDS or token in _KEEP:
                        continue
                    entry = langs.setdefault(token, set())
                    entry.add(article["language"])
                    if not initial and article["language"] != "de":
                        entry.add("mid-sentence")
        df.update(seen)
        per_story.append(langs)
    templates = []
    for story, langs in zip(raw, per_story):
        names = sorted(t for t, where in langs.items()
                       if df[t] <= 2 and (len(where - {"mid-sentence"}) >= 2 or "mid-sentence" in where))
        actor = []
        for article in story["articles"]:
            for event in article.get("events") or []:
                actor = [t for t in _NAME.findall(str(event.get("actor") or "")) if t in names]
                break
            if actor:
                break
        templates.append(Template(story["story"], story["articles"], names, actor, story["story"].startswith("U")))
    return templates


class NamePool:
    """Invented, pronounceable, unique names (seeded)."""

    def __init__(self, rng: random.Random, avoid: set[str]) -> None:
        self.rng = rng
        self.used = {a.lower() for a in avoid}

    def take(self) -> str:
        while True:
            syllables = self.rng.choice((2, 2, 3))
            word = "".join(self.rng.choice(_ONSETS) + self.rng.choice(_VOWELS) for _ in range(syllables))
            word += self.rng.choice(_CODAS)
            if word not in self.used and len(word) >= 5:
                self.used.add(word)
                return word.capitalize()


def _digit_permutation(rng: random.Random) -> dict[str, str]:
    digits = list("123456789")
    shuffled = digits[:]
    while shuffled == digits:
        rng.shuffle(shuffled)
    return dict(zip(digits, shuffled)) | {"0": "0"}


def substitute(text: str, mapping: dict[str, str], digits: dict[str, str]) -> str:
    """Replace names (with any suffix: "Halvions") and permute digits of numbers that are not years or days."""
    if mapping:
        pattern = re.compile(r"(?<![\w\-])(" + "|".join(re.escape(k) for k in sorted(mapping, key=len, reverse=True)) + r")")
        text = pattern.sub(lambda m: mapping[m.group(1)], text)

    def number(m: re.Match) -> str:
        token = m.group(0)
        plain = token.isdigit()
        if plain and len(token) == 4 and 1900 <= int(token) <= 2100:
            return token
        if plain and len(token) <= 2:
            around = text[max(0, m.start() - 12):m.end() + 12]
            if _MONTHS.search(around):
                return token
        return "".join(digits.get(c, c) for c in token)

    return _NUMERAL.sub(number, text)


def _slug(text: str) -> str:
    text = re.sub(r"[^\w]+", "-", text.lower()).strip("-")
    return text[:60].rstrip("-")


def _published(article: dict[str, Any]) -> datetime:
    return datetime.fromisoformat(article["published"]).astimezone(timezone.utc)


class StreamWriter:
    """Builds the articles and the gold of one stream."""

    def __init__(self, templates: list[Template], rng: random.Random, weeks: float) -> None:
        self.templates = [t for t in templates if not t.unrelated]
        self.unrelated = [t for t in templates if t.unrelated]
        self.rng = rng
        self.weeks = weeks
        avoid = {n for t in templates for n in t.names}
        self.pool = NamePool(rng, avoid)
        self.articles: list[dict[str, Any]] = []
        self.pages: dict[str, dict[str, Any]] = {}
        self.stories: dict[str, dict[str, Any]] = {}
        self.variants: list[Variant] = []
        self._serial = 0

    # -- pieces -----------------------------------------------------------------------
    def _url(self, site: str, title: str) -> str:
        self._serial += 1
        domain, _, section = SITES[site]
        return f"https://{domain}/{section}/{_slug(title)}-{self._serial:05d}"

    def _emit(self, story: str, site: str, title: str, lead: str, paragraphs: list[str], when: datetime,
              authors: list[str], kind: str, template: str, copy_of: str | None = None) -> str:
        url = self._url(site, title)
        language = SITES[site][1]
        self.articles.append({
            "url": url, "title": title, "lead": lead, "text": "\n\n".join(paragraphs),
            "published": when.replace(second=0, microsecond=0).isoformat(), "authors": authors,
            "site": SITE_NAMES[site], "language": language,
        })
        self.pages[url] = {"story": story, "language": language, "kind": kind, "template": template,
                           "site": site, "published": when.replace(second=0, microsecond=0).isoformat(), "copy_of": copy_of}
        entry = self.stories.setdefault(story, {"template": template, "languages": [], "urls": [],
                                                "noise": kind in ("noise", "mix")})
        entry["urls"].append(url)
        if language not in entry["languages"]:
            entry["languages"] = sorted(entry["languages"] + [language])
        return url

    def _mapping(self, template: Template, fixed: dict[str, str] | None = None) -> dict[str, str]:
        mapping = dict(fixed or {})
        for name in template.names:
            if name not in mapping:
                mapping[name] = self.pool.take()
        return mapping

    def _sizes(self, template: Template) -> tuple[list[dict[str, Any]], int, int]:
        """Which template articles a variant keeps, and how many copies and rewrites it adds."""
        originals = [a for a in template.articles if not a.get("near_copy_of")]
        keep_n = self.rng.choices(range(1, len(originals) + 1), weights=[1] + [2] * (len(originals) - 1))[0]
        kept = sorted(self.rng.sample(originals, keep_n), key=lambda a: a["published"])
        copies = self.rng.choices([0, 1, 2, 3], weights=[4, 3, 2, 1])[0]
        rewrites = self.rng.choices([0, 1, 2, 3, 4], weights=[4, 3, 2, 1, 1])[0]
        return kept, copies, rewrites

    # -- stories ------------------------------------------------------------------------
    def add_story(self, budget: int) -> int:
        rng = self.rng
        template = rng.choice(self.templates)
        start = START + timedelta(days=rng.uniform(0, self.weeks * 7 - 3))
        fixed: dict[str, str] = {}
        recurring_with = None
        earlier = [v for v in self.variants if v.template.actor and timedelta(days=4) <= start - v.start <= timedelta(days=42)
                   and v.template.story != template.story]
        if template.actor and earlier and rng.random() < 0.15:
            other = rng.choice(earlier)
            theirs = [other.mapping[t] for t in other.template.actor]
            for i, token in enumerate(template.actor):
                fixed[token] = theirs[min(i, len(theirs) - 1)] if i < len(theirs) else self.pool.take()
            recurring_with = other.id
        background = rng.choice([t for t in self.templates if t is not template])
        mapping = self._mapping(background, self._mapping(template, fixed))
        variant = Variant(f"G{len(self.variants) + 1:04d}", template, mapping, _digit_permutation(rng), start, recurring_with)
        self.variants.append(variant)
        kept, copies, rewrites = self._sizes(template)
        first = min(_published(a) for a in template.articles)
        sub = lambda s: substitute(s, variant.mapping, variant.digits)  # noqa: E731
        emitted: list[tuple[dict[str, Any], str, datetime]] = []
        for article in kept[:budget]:
            when = start + (_published(article) - first) + timedelta(minutes=rng.randint(0, 180))
            url = self._emit(variant.id, article["site"], sub(article["title"]), sub(article["lead"]),
                             [sub(p) for p in self._recompose(article, background)], when, article["authors"],
                             "original", template.story)
            emitted.append((article, url, when))
        n = len(emitted)
        for _ in range(copies):
            if n >= min(budget, 12):
                break
            article, url, when = rng.choice(emitted)
            self._near_copy(variant, article, url, when, sub)
            n += 1
        for _ in range(rewrites):
            if n >= min(budget, 12):
                break
            article, _, when = rng.choice(emitted)
            self._rewrite(variant, article, when, [a for a, _, _ in emitted], sub)
            n += 1
        variant.urls = self.stories[variant.id]["urls"]
        if recurring_with:
            self.stories[variant.id]["recurring_with"] = recurring_with
            self.stories[variant.id]["recurring_entity"] = " ".join(variant.mapping[t] for t in template.actor)
        return n

    def _recompose(self, article: dict[str, Any], background: Template) -> list[str]:
        """The article's paragraphs, about a quarter dropped, with one or two background
        paragraphs from another template's article in the same language (names mapped alike)."""
        rng = self.rng
        head, body = article["paragraphs"][0], article["paragraphs"][1:]
        kept = [p for p in body if rng.random() < 0.75] or body[:1]
        same_language = [a for a in background.articles if a["language"] == article["language"]]
        if same_language:
            extra = rng.choice(same_language)["paragraphs"][1:]
            for p in rng.sample(extra, min(len(extra), rng.randint(1, 2))):
                kept.insert(rng.randint(0, len(kept)), p)
        return [head, *kept]

    def _other_site(self, site: str) -> str:
        language = SITES[site][1]
        return self.rng.choice([s for s, v in SITES.items() if v[1] == language and s != site])

    def _near_copy(self, variant: Variant, article: dict[str, Any], url: str, when: datetime, sub) -> None:
        rng = self.rng
        site = self._other_site(article["site"])
        paragraphs = [sub(p) for p in article["paragraphs"]]
        source = SITE_NAMES[article["site"]]
        paragraphs[0] = f"({source}) – {paragraphs[0]}"
        if len(paragraphs) > 3 and rng.random() < 0.6:
            paragraphs.pop(rng.randrange(1, len(paragraphs)))
        title = sub(article["title"])
        if rng.random() < 0.5:
            title = title.rstrip(".") + (" (update)" if SITES[site][1] == "en" else " (aggiornamento)"
                                         if SITES[site][1] == "it" else " (Update)")
        self._emit(variant.id, site, title, sub(article["lead"]), paragraphs,
                   when + timedelta(minutes=rng.randint(20, 600)), [], "near-copy", variant.template.story, url)

    def _rewrite(self, variant: Variant, article: dict[str, Any], when: datetime, kept: list[dict[str, Any]], sub) -> None:
        rng = self.rng
        language = article["language"]
        paragraphs = [sub(p) for p in article["paragraphs"]]
        body = paragraphs[1:]
        rng.shuffle(body)
        drop = min(len(body) - 1, rng.randint(1, 2)) if len(body) > 2 else 0
        paragraphs = [paragraphs[0], *body[drop:]]
        same_language = [a for a in kept if a["language"] == language and a is not article]
        title = sub(rng.choice(same_language)["title"]) if same_language else sub(article["title"])
        title = rng.choice(REWRITE_PREFIX[language]) + title
        site = rng.choice([s for s, v in SITES.items() if v[1] == language])
        self._emit(variant.id, site, title, paragraphs[0], paragraphs,
                   when + timedelta(hours=rng.uniform(3, 72)), [], "rewrite", variant.template.story)

    # -- noise --------------------------------------------------------------------------
    def add_noise(self) -> None:
        rng = self.rng
        when = START + timedelta(days=rng.uniform(0, self.weeks * 7))
        story = f"N{len(self.stories) + 1:05d}"
        named = [t for t in self.unrelated if len(t.names) >= 3]  # nameless ones would be copies of each other
        if named and rng.random() < 0.3:
            template = rng.choice(named)
            article = template.articles[0]
            mapping, digits = self._mapping(template), _digit_permutation(rng)
            sub = lambda s: substitute(s, mapping, digits)  # noqa: E731
            self._emit(story, article["site"], sub(article["title"]), sub(article["lead"]),
                       [sub(p) for p in article["paragraphs"]], when, [], "noise", template.story)
            return
        language = rng.choice(["de", "en", "it"])
        pool = [(t, a) for t in self.templates for a in t.articles if a["language"] == language]
        picked = rng.sample(pool, 3)
        sentences: list[str] = []
        for template, article in picked:
            mapping, digits = self._mapping(template), _digit_permutation(rng)
            chosen = rng.sample(article["paragraphs"], min(2, len(article["paragraphs"])))
            sentences.extend(substitute(p, mapping, digits) for p in chosen)
            if template is picked[0][0]:
                title = substitute(article["title"], mapping, digits)
        rng.shuffle(sentences)
        site = rng.choice([s for s, v in SITES.items() if v[1] == language])
        self._emit(story, site, title, sentences[0], sentences, when, [], "mix", "+".join(t.story for t, _ in picked))


def generate_stream(out_dir: str | Path, n_articles: int = 5000, seed: int = DEFAULT_SEED, weeks: float = 12,
                    noise_share: float = 0.08, source_dir: str | Path | None = None) -> dict[str, Any]:
    """Write ``articles.jsonl`` and ``gold.json`` for a stream of exactly ``n_articles`` articles.

    Returns a summary (counts of articles, stories, languages, kinds, recurring pairs).
    """
    if n_articles < 1:
        raise ValueError("n_articles must be at least 1")
    rng = random.Random(seed)
    writer = StreamWriter(load_templates(Path(source_dir) if source_dir else None), rng, weeks)
    story_articles = round(n_articles * (1 - noise_share))
    while len(writer.articles) < story_articles:
        writer.add_story(story_articles - len(writer.articles))
    while len(writer.articles) < n_articles:
        writer.add_noise()
    order = sorted(range(len(writer.articles)), key=lambda i: (writer.articles[i]["published"], writer.articles[i]["url"]))
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    with (out / "articles.jsonl").open("w", encoding="utf-8") as handle:
        for i in order:
            handle.write(json.dumps(writer.articles[i], ensure_ascii=False) + "\n")
    summary = summarize(writer.pages, writer.stories)
    gold = {"version": 1, "generator": "newsdesk.eval.stream", "seed": seed, "n_articles": n_articles,
            "weeks": weeks, "summary": summary, "pages": writer.pages, "stories": writer.stories}
    (out / "gold.json").write_text(json.dumps(gold, ensure_ascii=False, indent=1, sort_keys=True), encoding="utf-8")
    return summary


def summarize(pages: dict[str, dict[str, Any]], stories: dict[str, dict[str, Any]]) -> dict[str, Any]:
    sizes = Counter(len(s["urls"]) for s in stories.values() if not s["noise"])
    return {
        "articles": len(pages),
        "stories": sum(1 for s in stories.values() if not s["noise"]),
        "noise articles": sum(1 for s in stories.values() if s["noise"]),
        "multilingual stories": sum(1 for s in stories.values() if len(s["languages"]) >= 2),
        "recurring-entity stories": sum(1 for s in stories.values() if s.get("recurring_with")),
        "languages": dict(sorted(Counter(p["language"] for p in pages.values()).items())),
        "kinds": dict(sorted(Counter(p["kind"] for p in pages.values()).items())),
        "story sizes": {str(k): v for k, v in sorted(sizes.items())},
    }
