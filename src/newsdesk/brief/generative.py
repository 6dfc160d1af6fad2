"""Optional generative backend: an OpenAI-compatible chat endpoint rewrites the template draft.

Any server speaking the chat-completions protocol works (llama.cpp's ``llama-server``, vLLM,
Ollama). It gets the draft newsdesk wrote (facts and source sentences, each with its [n]
citations) and the source list, and answers one sentence per line, each ending with its
citations. Every sentence it writes is checked against the sources it cites: one that names an
entity, number or date those sources do not state, or cites nothing, is removed (or kept and
marked, per ``brief.generative.unsupported``), and the briefing says how many were.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import re

import httpx

from newsdesk.brief.check import Checker, EntityFinder, SourceFactsCache
from newsdesk.brief.formats import language_name
from newsdesk.config import GenerativeSettings
from newsdesk.errors import GenerativeError
from newsdesk.nlp.text import split_sentences
from newsdesk.records import Article, Briefing, BriefSentence

log = logging.getLogger(__name__)
_CITES = re.compile(r"\[(\d{1,3})\]")
_NOTE = {
    "removed": {"de": "{n} vom Sprachmodell geschriebene Sätze ohne Beleg in ihren Quellen wurden entfernt.",
                "en": "{n} sentence(s) written by the language model and not backed by their sources were removed.",
                "it": "{n} frasi scritte dal modello linguistico e non confermate dalle fonti sono state rimosse."},
    "marked": {"de": "{n} vom Sprachmodell geschriebene Sätze sind nicht vollständig belegt und markiert.",
               "en": "{n} sentence(s) written by the language model are not fully backed and are marked.",
               "it": "{n} frasi scritte dal modello linguistico non sono del tutto confermate e sono segnalate."},
    "failed": {"de": "Das Sprachmodell war nicht erreichbar ({error}); die Vorlage-Fassung wird gezeigt.",
               "en": "The language model could not be reached ({error}); the template version is shown.",
               "it": "Il modello linguistico non era raggiungibile ({error}); viene mostrata la versione base."},
}


def _lang(language: str) -> str:
    return language if language in ("de", "en", "it") else "en"


def prompt(briefing: Briefing) -> list[dict[str, str]]:
    """The chat messages: instructions, then the draft and the sources."""
    language = language_name(briefing.language, "en")
    system = (
        f"You write short news briefings in {language}. Use only the facts given. Write every sentence in "
        f"{language}, one sentence per line, and end each sentence with the citation markers of the draft "
        "sentences it uses, like [1][3]. Do not add names, numbers or dates that are not in the draft. "
        "No headline, no lists, no sources section."
    )
    draft = [f"{briefing.lead} {''.join(f'[{n}]' for n in briefing.lead_citations)}"]
    draft += [f"{s.text} {''.join(f'[{n}]' for n in s.citations)}" for s in briefing.sentences]
    sources = [f"[{c.n}] {c.site or ''}: {c.title} ({c.language})" for c in briefing.sources]
    user = "Draft:\n" + "\n".join(draft) + "\n\nSources:\n" + "\n".join(sources)
    return [{"role": "system", "content": system}, {"role": "user", "content": user}]


def parse(answer: str, language: str) -> list[BriefSentence]:
    """One BriefSentence per sentence of the answer, its [n] markers as citations."""
    out = []
    for line in answer.splitlines():
        # "... Italy. [1][2]" -> "... Italy [1][2]." so that the markers stay with their sentence
        line = re.sub(r"([.!?])((?:\s*\[\d{1,3}\])+)", r"\2\1", line.strip().lstrip("-*• "))
        for sentence in split_sentences(line):
            cites = tuple(sorted({int(n) for n in _CITES.findall(sentence)}))
            text = _CITES.sub("", sentence).strip()
            text = re.sub(r"\s+([.!?,;:])", r"\1", text)
            if len(text) >= 3:
                out.append(BriefSentence(text=text, language=language, citations=cites, kind="generated"))
    return out


class GenerativeWriter:
    def __init__(self, settings: GenerativeSettings, client: httpx.Client | None = None) -> None:
        if not settings.endpoint:
            raise GenerativeError("brief.backend is 'generative' but brief.generative.endpoint is not set",
                                  "set it to the base URL of an OpenAI-compatible server, e.g. http://127.0.0.1:8080/v1")
        self.settings = settings
        headers = {"Authorization": f"Bearer {settings.api_key.get_secret_value()}"} if settings.api_key else {}
        self.client = client or httpx.Client(base_url=settings.endpoint.rstrip("/") + "/", headers=headers,
                                             timeout=settings.timeout)

    def complete(self, messages: list[dict[str, str]]) -> str:
        body = {"model": self.settings.model, "messages": messages, "temperature": self.settings.temperature}
        try:
            response = self.client.post("chat/completions", json=body)
            response.raise_for_status()
            return response.json()["choices"][0]["message"]["content"] or ""
        except httpx.HTTPStatusError as exc:
            raise GenerativeError(f"the endpoint answered HTTP {exc.response.status_code}") from exc
        except httpx.HTTPError as exc:
            raise GenerativeError(f"the endpoint could not be reached: {exc}") from exc
        except (KeyError, IndexError, TypeError, json.JSONDecodeError) as exc:
            raise GenerativeError(f"the endpoint's answer is not a chat completion: {exc!r}") from exc

    def rewrite(self, briefing: Briefing, articles: list[Article], find_entities: EntityFinder,
                facts_cache: SourceFactsCache | None = None) -> Briefing:
        """The briefing rewritten by the model, each sentence checked; the draft if the model fails."""
        lang = _lang(briefing.language)
        try:
            sentences = parse(self.complete(prompt(briefing)), briefing.language)
        except GenerativeError as exc:
            log.warning("generative backend failed, keeping the template briefing: %s", exc)
            return dataclasses.replace(briefing, notes=(*briefing.notes, _NOTE["failed"][lang].format(error=exc)))
        if not sentences:
            return dataclasses.replace(briefing, notes=(*briefing.notes, _NOTE["failed"][lang].format(
                error="empty answer")))
        by_url = {a.url: a for a in articles}
        checker = Checker([by_url[c.url] for c in briefing.sources if c.url in by_url], find_entities, facts_cache)
        kept: list[BriefSentence] = []
        removed = marked = 0
        for s in sentences:
            missing = checker.unsupported(s.text, s.language, s.citations) if s.citations else ["no citation"]
            if not missing:
                kept.append(s)
            elif self.settings.unsupported == "mark":
                kept.append(dataclasses.replace(s, unsupported=tuple(missing)))
                marked += 1
            else:
                removed += 1
        notes = list(briefing.notes)
        if removed:
            notes.append(_NOTE["removed"][lang].format(n=removed))
        if marked:
            notes.append(_NOTE["marked"][lang].format(n=marked))
        if not kept:
            return dataclasses.replace(briefing, notes=tuple(notes), removed=removed)
        lead = next((s for s in kept if not s.unsupported), kept[0])
        body = [s for s in kept if s is not lead]
        return dataclasses.replace(briefing, lead=lead.text, lead_citations=lead.citations, sentences=tuple(body),
                                   backend="generative", removed=removed, marked=marked, notes=tuple(notes))
