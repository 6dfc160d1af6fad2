"""Translation leftovers: words of another language inside an article.

Machine-translated articles keep fragments of their source language ("Zum Beispiel hat lo
stesso Meta Platforms ..." in a German text translated from Italian). Each sentence is
checked by the language model; sentences it is not certain about are scanned with a small
window of words, and runs of words the model is confident belong to another language are
flagged with their character span. Names are never flagged: mentions are skipped. The same
code works with the model-free stopword fallback, only less sharply.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from newsdesk.enrich.language import LanguageModel
from newsdesk.nlp.text import STOPWORDS
from newsdesk.records import Leftover, Mention

_WORD = re.compile(r"[^\W\d_][\w'’-]*")


# Word endings that are foreign to the article language: where a lone capitalised word with
# one of them is worth asking the model about ("Assunzioni" in German text).
_FOREIGN_ENDINGS = {
    "de": ("o", "i", "zione", "zioni", "ità", "tà"),
    "en": ("o", "i", "zione", "zioni", "ità", "ung", "heit", "keit", "schaft"),
    "it": ("ung", "heit", "keit", "schaft", "ß", "tion", "ness", "ship"),
}


@dataclass
class LeftoverFinder:
    """Flags runs of foreign-language words (see the module docstring)."""

    model: LanguageModel
    certainty: float = 0.8
    languages: tuple[str, ...] = ("de", "en", "it")

    def find(self, text: str, language: str | None, mentions: list[Mention] = ()) -> list[Leftover]:
        if language not in self.languages:
            return []
        own = STOPWORDS.get(language, set())
        foreign_words = _foreign_words(language, tuple(self.languages))
        covered = {pos for x in mentions for pos in range(x.start, x.end)}  # characters inside a mention
        words = [m for m in _WORD.finditer(text) if m.start() not in covered]
        found: list[Leftover] = []
        i = 0
        while i < len(words):
            word = words[i].group()
            seed = word.lower() in foreign_words or (
                word[:1].isupper() and len(word) >= 4 and word.lower().endswith(_FOREIGN_ENDINGS[language])
                and i > 0 and text[words[i - 1].end():words[i].start()].strip() == "")
            run = self._run(text, words, i, language) if seed else None
            if run is None:
                i += 1
                continue
            a, b, foreign = run
            while b - a > 1 and words[a].group().lower() in own:
                a += 1  # "im Palazzo": the article's own words are not leftovers
            while b - a > 1 and words[b - 1].group().lower() in own:
                b -= 1
            if b - a > 1 and all(w.group()[:1].isupper() for w in words[a:b]):
                i = b  # "Palazzo Chigi": a run of capitalised words is a name
                continue
            found.append(Leftover(text[words[a].start():words[b - 1].end()], foreign, words[a].start(),
                                  words[b - 1].end()))
            i = b
        return found

    def _run(self, text: str, words: list[re.Match], i: int, language: str) -> tuple[int, int, str] | None:
        """The widest run of adjacent words around word ``i`` that the model calls foreign."""
        top, certainty = self.model.detect(words[i].group())
        if top in (None, language) or certainty < self.certainty / 2:
            return None
        a, b = i, i + 1
        grown = True
        while grown:
            grown = False
            for na, nb in ((a, b + 1), (a - 1, b)):
                if na < 0 or nb > len(words) or not _adjacent(text, words[na:nb]):
                    continue
                lang, sure = self.model.detect(text[words[na].start():words[nb - 1].end()])
                if lang == top and sure >= self.certainty:
                    a, b, grown = na, nb, True
                    break
        if b - a == 1:
            lang, sure = self.model.detect(words[i].group())
            if len(words[i].group()) < 4 or sure < self.certainty + 0.1 or (
                    words[i].group()[:1].islower() and language != "en"):
                return None
        return a, b, top


@lru_cache(maxsize=16)
def _foreign_words(language: str, languages: tuple[str, ...]) -> frozenset[str]:
    """The stopwords of the other languages that are not also the article language's own."""
    own = STOPWORDS.get(language, set())
    return frozenset(set().union(*(STOPWORDS[x] for x in languages if x != language and x in STOPWORDS)) - own)


def _adjacent(text: str, words: list[re.Match]) -> bool:
    """Words separated by nothing but spaces (no punctuation breaks the run)."""
    return all(not text[a.end():b.start()].strip() for a, b in zip(words, words[1:]))
