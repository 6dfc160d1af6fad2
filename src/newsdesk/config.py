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
    threshold: float = Field(0.22, ge=0, le=1, description="Min similarity to join a story.")
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


class BriefSettings(_Section):
    max_sentences: int = Field(8, ge=1, le=100, description="Body length of a briefing.")
    languages: tuple[str, ...] = Field(("de", "en", "it"), description="Briefing languages.")


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
