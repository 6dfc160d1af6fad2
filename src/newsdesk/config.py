"""One validated settings object.

Precedence, lowest first: packaged defaults (the field defaults below), a TOML file
(``--config FILE`` or ``NEWSDESK_CONFIG``), environment variables (``NEWSDESK_...``,
nested with ``__``: ``NEWSDESK_CLUSTER__THRESHOLD=0.3``), then CLI flags. Unknown keys
are errors; secrets never show in ``repr``.
"""

from __future__ import annotations

import json
import os
import tomllib
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict

from newsdesk.errors import ConfigError


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ExtractSettings(_Section):
    min_text_chars: int = Field(200, ge=0, description="Shorter main texts are rejected.")
    max_bytes: int = Field(20_000_000, gt=0, description="Larger documents are rejected.")
    favor_precision: bool = Field(True, description="trafilatura: prefer less chrome over recall.")


class LanguageSettings(_Section):
    languages: tuple[str, ...] = Field(
        ("de", "en", "it", "fr", "es", "nl", "pt", "pl", "tr"),
        description="ISO 639-1 codes the detector chooses among.",
    )
    paragraph_min_chars: int = Field(40, ge=1, description="Shorter paragraphs inherit the article language.")


class DedupSettings(_Section):
    near_max_distance: int = Field(
        16, ge=0, le=64,
        description="Max SimHash Hamming distance (of 64 bits) for a near-copy candidate; "
        "candidates are confirmed by near_min_jaccard.",
    )
    near_min_jaccard: float = Field(
        0.6, ge=0, le=1, description="Min shingle Jaccard similarity that confirms a near copy."
    )


class ClusterSettings(_Section):
    threshold: float = Field(0.30, ge=0, le=1, description="Min similarity to join a story (without a model).")
    window_days: float = Field(7.0, gt=0, description="Stories idle longer than this are closed.")
    embedder: str = Field(
        "usem", pattern="^(usem|none)$",
        description="Sentence-embedding model for story similarity: 'usem' (multilingual USE v3) or 'none'.",
    )


class EntitySettings(_Section):
    registry_files: tuple[Path, ...] = Field(
        (), description="Extra entity registry files (JSON or TOML with an 'entities' list), added to the shipped one."
    )
    leftovers: bool = Field(True, description="Flag passages in another language than the article's.")


class GenerativeSettings(_Section):
    endpoint: str | None = Field(
        None, description="Base URL of an OpenAI-compatible chat endpoint (llama.cpp server, vLLM, Ollama), "
        "e.g. 'http://127.0.0.1:8080/v1'. Unset: briefings are written by templates only.")
    model: str = Field("local", description="Model name sent to the endpoint.")
    api_key: SecretStr | None = Field(None, description="Bearer token for the endpoint, if it needs one.")
    timeout: float = Field(60.0, gt=0, description="Seconds to wait for the endpoint's answer.")
    temperature: float = Field(0.2, ge=0, le=2, description="Sampling temperature sent to the endpoint.")
    unsupported: str = Field(
        "remove", pattern="^(remove|mark)$",
        description="What happens to a generated sentence whose names, numbers or dates its cited sources "
        "do not state: 'remove' it, or keep it and 'mark' it.")


class BriefSettings(_Section):
    max_sentences: int = Field(8, ge=1, le=100, description="Body length of a briefing (sentences).")
    max_facts: int = Field(5, ge=0, le=50, description="At most this many template-written facts in a body.")
    languages: tuple[str, ...] = Field(("de", "en", "it"), description="Briefing languages.")
    backend: str = Field(
        "template", pattern="^(template|generative)$",
        description="'template': facts written by per-language templates and source sentences in the target "
        "language (faithful by default); 'generative': the endpoint in brief.generative rewrites that draft, "
        "and each of its sentences is checked against its cited sources.")
    foreign: str = Field(
        "note", pattern="^(note|mark)$",
        description="Source sentences in another language than the briefing's: 'note' says which sources hold "
        "more details; 'mark' includes them, marked as not translated.")
    generative: GenerativeSettings = GenerativeSettings()


class FetchSettings(_Section):
    user_agent: str = Field("newsdesk/0.1", description="Product token sent as User-Agent (the contact URL is appended).")
    contact_url: str = Field(
        "https://github.com/newsdesk/newsdesk", description="URL in the User-Agent where site owners can reach you.")
    connect_timeout: float = Field(10.0, gt=0, description="Seconds to wait for a connection.")
    read_timeout: float = Field(20.0, gt=0, description="Seconds to wait for data on an open connection.")
    max_bytes: int = Field(5_000_000, gt=0, description="Larger bodies are not read: Rejected('too-large').")
    max_retries: int = Field(3, ge=0, le=10, description="Retries for transient errors (connect, timeout, 429/502/503/504).")
    backoff: float = Field(1.0, ge=0, description="First retry delay in seconds; doubles on each retry.")
    retry_after_max: float = Field(120.0, ge=0, description="Longest Retry-After honoured (seconds); longer gives up.")
    per_host_concurrency: int = Field(2, ge=1, le=64, description="Requests in flight to one host at most.")
    per_host_delay: float = Field(1.0, ge=0, description="Seconds between the starts of two requests to one host.")
    workers: int = Field(8, ge=1, le=128, description="Requests in flight in all at most.")
    max_redirects: int = Field(5, ge=0, le=20, description="Redirect hops followed (each one re-checked).")
    robots: bool = Field(True, description="Honour robots.txt (cached per host).")
    robots_ttl: float = Field(3600.0, ge=0, description="Seconds a host's robots.txt stays cached.")
    allow_private: bool = Field(
        False, description="Allow private, loopback and link-local addresses (off: refused after DNS and on every redirect).")
    allowed_hosts: tuple[str, ...] = Field(
        (), description="Host names allowed even when they resolve to private addresses (an intranet feed).")


class WatchSettings(_Section):
    every: float = Field(900.0, gt=0, description="Default seconds between two polls of a source (`sources add --every`).")
    tick: float = Field(5.0, gt=0, description="Seconds the watch loop sleeps when no source is due.")
    max_items: int = Field(200, ge=1, description="New items processed per source and pass at most.")
    max_backoff: float = Field(86400.0, gt=0, description="Longest delay before retrying a failing source (seconds).")


class Settings(BaseSettings):
    """All of newsdesk's settings."""

    model_config = SettingsConfigDict(
        env_prefix="NEWSDESK_",
        env_nested_delimiter="__",
        extra="forbid",
        frozen=True,
    )

    db: str = Field("newsdesk.db", description="SQLite file path or database URL.")
    progress: bool = Field(True, description="Show progress bars on long work.")
    api_token: SecretStr | None = Field(None, description="Token for write operations.")
    extract: ExtractSettings = ExtractSettings()
    language: LanguageSettings = LanguageSettings()
    dedup: DedupSettings = DedupSettings()
    cluster: ClusterSettings = ClusterSettings()
    entities: EntitySettings = EntitySettings()
    brief: BriefSettings = BriefSettings()
    fetch: FetchSettings = FetchSettings()
    watch: WatchSettings = WatchSettings()

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        # load_settings() merges file < environment < flags itself and passes the result in.
        return (init_settings,)


def _deep_merge(base: dict[str, Any], top: dict[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in top.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _deep_merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def _env_values() -> dict[str, Any]:
    """``NEWSDESK_CLUSTER__THRESHOLD=0.3`` -> ``{"cluster": {"threshold": "0.3"}}``."""
    values: dict[str, Any] = {}
    for name, value in os.environ.items():
        if not name.startswith("NEWSDESK_") or name == "NEWSDESK_CONFIG":
            continue
        *parents, leaf = name[len("NEWSDESK_"):].lower().split("__")
        node = values
        for part in parents:
            node = node.setdefault(part, {})
        if value.startswith(("[", "{")):
            try:
                value = json.loads(value)
            except ValueError:
                pass
        node[leaf] = value
    return values


def load_settings(config_file: str | Path | None = None, **overrides: Any) -> Settings:
    """Build settings from defaults, a TOML file, the environment and ``overrides``.

    ``overrides`` are CLI flags; ``None`` values are ignored so unset flags don't
    shadow the file or the environment.
    """
    file_values: dict[str, Any] = {}
    path = config_file or os.environ.get("NEWSDESK_CONFIG")
    if path:
        path = Path(path)
        try:
            file_values = tomllib.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise ConfigError(f"settings file {path} does not exist", "check --config / NEWSDESK_CONFIG")
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"settings file {path} is not valid TOML: {exc}")
    flags = {k: v for k, v in overrides.items() if v is not None}
    try:
        return Settings(**_deep_merge(_deep_merge(file_values, _env_values()), flags))
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise ConfigError(
            f"invalid setting {where!r}: {first['msg']}",
            "see docs/configuration.md for the settings and their types",
        ) from None
