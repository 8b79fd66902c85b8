"""Settings: env prefix, the standard OpenAI variables, a redirectable config file, no leaks."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pydantic import ValidationError

from app.config import ConfigError, Settings, load_settings


def test_openai_env_is_honoured_and_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-1234567890abcdefghij")
    monkeypatch.setenv("OPENAI_BASE_URL", "http://127.0.0.1:9/v1")
    s = Settings()
    assert s.openai_api_key is not None
    assert s.openai_api_key.get_secret_value() == "sk-test-1234567890abcdefghij"
    assert "sk-test" not in repr(s) and "sk-test" not in s.model_dump_json()
    assert s.llm_configured
    assert not load_settings(offline=True).llm_configured


def test_prefix_and_config_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    cfg = tmp_path / "c.toml"
    cfg.write_text('judge_model = "from-file"\ninterviewer_model = "file-i"\n')
    monkeypatch.setenv("MOCKLOOP_CONFIG_FILE", str(cfg))
    monkeypatch.setenv("MOCKLOOP_INTERVIEWER_MODEL", "from-env")
    s = Settings()
    assert s.judge_model == "from-file"
    assert s.interviewer_model == "from-env"  # env beats the file
    assert not s.llm_configured


def test_database_url_defaults_into_data_dir(tmp_path: Path) -> None:
    s = Settings(data_dir=tmp_path)
    assert s.resolved_database_url == f"sqlite:///{tmp_path / 'mockloop.db'}"
    assert Settings(database_url="postgresql://h/db").resolved_database_url == "postgresql://h/db"


def test_bad_config_file_is_a_clear_error(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import subprocess
    import sys

    from tests.conftest import ROOT

    cfg = tmp_path / "c.toml"
    cfg.write_text("history_window = 0\n")
    out = subprocess.run(
        [sys.executable, "-m", "app", "sessions"],
        cwd=ROOT,
        text=True,
        capture_output=True,
        env={"PATH": "/usr/bin:/bin", "MOCKLOOP_CONFIG_FILE": str(cfg)},
    )
    assert out.returncode == 2
    assert "configuration error" in out.stderr and "history_window" in out.stderr
    assert "Traceback" not in out.stderr


@pytest.mark.parametrize("url", ["sqlite://", "sqlite:///", "sqlite:///:memory:", " sqlite:// "])
def test_an_in_memory_database_is_refused_it_would_keep_nothing(url: str) -> None:
    with pytest.raises(ValidationError, match="in-memory SQLite database keeps nothing"):
        Settings(database_url=url)


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("http://[::1", "not a valid URL"),
        ("localhost:11434", "not an http(s) URL"),
        ("http://user:hunter2@host:port/v1", "not a valid URL"),
        ("ftp://files.example", "not an http(s) URL"),
    ],
)
def test_a_base_url_that_is_no_url_is_a_configuration_error(
    url: str, says: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("MOCKLOOP_CONFIG_FILE", str(tmp_path / "none.toml"))
    monkeypatch.setenv("OPENAI_BASE_URL", url)
    with pytest.raises(ConfigError, match=re.escape(says)) as caught:
        load_settings()
    assert "hunter2" not in str(caught.value)  # the message names the setting, not its value
    monkeypatch.setenv("OPENAI_BASE_URL", "http://127.0.0.1:11434/v1")
    assert load_settings().openai_base_url == "http://127.0.0.1:11434/v1"


@pytest.mark.parametrize("field", ["data_dir", "bank_dir", "rubrics_dir"])
def test_an_empty_directory_is_refused_not_read_as_the_current_one(field: str) -> None:
    with pytest.raises(ValidationError, match="the path is empty"):
        Settings.model_validate({field: "  "})


def test_a_pasted_key_loses_its_line_break_and_a_broken_one_is_named_not_shown(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("MOCKLOOP_CONFIG_FILE", str(tmp_path / "none.toml"))
    monkeypatch.setenv("OPENAI_API_KEY", "sk-pasted-0123\n")
    key = load_settings().openai_api_key
    assert key is not None and key.get_secret_value() == "sk-pasted-0123"
    for broken in ("sk-two words-0123", "sk-caf\u00e9-0123", "sk-tab\there"):
        monkeypatch.setenv("OPENAI_API_KEY", broken)
        with pytest.raises(ConfigError, match="inside it") as caught:
            load_settings()
        assert broken not in str(caught.value) and "sk-" not in str(caught.value)
