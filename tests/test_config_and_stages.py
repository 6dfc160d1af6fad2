from __future__ import annotations

import pickle

import pytest

from newsdesk.config import load_settings
from newsdesk.enrich.dedup import SignatureStage
from newsdesk.enrich.language import LanguageDetector
from newsdesk.errors import ConfigError, InputError, PipelineError, TransientError
from newsdesk.extract import HtmlExtractor
from newsdesk.stage import check_chain, load_stage, registered_stages


def test_precedence_file_env_flags(tmp_path, monkeypatch):
    path = tmp_path / "nd.toml"
    path.write_text('db = "file.db"\n[cluster]\nthreshold = 0.3\nwindow_days = 3\n')
    assert load_settings(path).cluster.threshold == 0.3
    monkeypatch.setenv("NEWSDESK_CLUSTER__THRESHOLD", "0.4")
    settings = load_settings(path)
    assert settings.cluster.threshold == 0.4 and settings.cluster.window_days == 3
    assert load_settings(path, db="flag.db").db == "flag.db"


def test_unknown_keys_are_errors(tmp_path):
    path = tmp_path / "nd.toml"
    path.write_text("[cluster]\nthreshhold = 0.3\n")
    with pytest.raises(ConfigError, match="cluster.threshhold"):
        load_settings(path)


def test_secret_not_in_repr():
    settings = load_settings(api_token="s3cr3t-token")
    assert "s3cr3t" not in repr(settings)
    assert settings.api_token.get_secret_value() == "s3cr3t-token"


def test_missing_config_file_is_a_clear_error(tmp_path):
    with pytest.raises(ConfigError, match="does not exist"):
        load_settings(tmp_path / "nope.toml")


def test_chain_check_catches_missing_requirements():
    check_chain([HtmlExtractor(), LanguageDetector(), SignatureStage()], provided=())
    with pytest.raises(PipelineError, match="requires"):
        check_chain([LanguageDetector()], provided=())


def test_builtin_stages_register_like_plugins():
    names = registered_stages()
    assert {"extract.html.v1", "enrich.language.v1", "enrich.signature.v1"} <= set(names)
    assert load_stage("extract.html.v1") is HtmlExtractor
    with pytest.raises(PipelineError):
        load_stage("nope.v9")


def test_exceptions_pickle_with_their_hint():
    err = pickle.loads(pickle.dumps(InputError("bad path", "check it")))
    assert err.hint == "check it" and str(err) == "bad path (check it)"
    assert TransientError("x").transient and not InputError("x").transient
