"""The quick settings reader agrees with the full Settings whenever it answers, and answers for
the usual set-ups (nothing configured, a key, models, a key map, a data dir)."""

from __future__ import annotations

import os
import random
from pathlib import Path
from typing import Any

import pytest

from app.config import ConfigError, Settings, load_settings
from app.settings_quick import HANDLED, NOT_SETTINGS, QuickSettings, quick_settings

FIELDS = (
    "offline",
    "database_url",
    "data_dir",
    "bank_dir",
    "rubrics_dir",
    "interviewer_model",
    "judge_model",
    "keymap",
)


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    for name in list(os.environ):
        if name.upper().startswith(("MOCKLOOP_", "OPENAI_")):
            monkeypatch.delenv(name)
    config = tmp_path / "config.toml"
    monkeypatch.setenv("MOCKLOOP_CONFIG_FILE", str(config))
    return config


def _same(quick: QuickSettings, full: Settings) -> None:
    for name in FIELDS:
        assert getattr(quick, name) == getattr(full, name), name
    assert quick.resolved_database_url == full.resolved_database_url
    assert quick.llm_configured == full.llm_configured


def _agree(flags: dict[str, Any]) -> QuickSettings | None:
    """The quick answer, after checking it against the full model."""
    quick = quick_settings(**flags)
    try:
        full = load_settings(**flags)
    except ConfigError:
        assert quick is None, "quick answered where the full Settings refuse"
        return None
    if quick is not None:
        _same(quick, full)
    return quick


def test_handled_names_are_settings_and_the_others_are_not() -> None:
    assert set(Settings.model_fields) >= HANDLED
    assert not NOT_SETTINGS & set(Settings.model_fields)


def test_usual_setups_take_the_quick_path(
    clean_env: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    assert _agree({}) is not None
    assert _agree({"offline": True, "data_dir": str(tmp_path)}) is not None
    clean_env.write_text(
        'openai_api_key = "file-key-not-real"\njudge_model = "judge-x"\n'
        '[keymap]\n"home.progress" = "p"\n'
    )
    monkeypatch.setenv("MOCKLOOP_INTERVIEWER_MODEL", "env-i")
    monkeypatch.setenv("MOCKLOOP_DATA_DIR", str(tmp_path / "d"))
    quick = _agree({})
    assert quick is not None
    assert quick.llm_configured and quick.keymap == {"home.progress": "p"}
    assert quick.interviewer_model == "env-i" and quick.data_dir == tmp_path / "d"
    assert quick.resolved_database_url == f"sqlite:///{tmp_path / 'd' / 'mockloop.db'}"
    monkeypatch.setenv("openai_base_url", "http://127.0.0.1:9/v1")  # any case, as the model
    assert _agree({"offline": True}) is not None


@pytest.mark.parametrize(
    ("config", "env", "flags"),
    [
        ("history_window = 0\n", {}, {}),  # a setting it does not handle
        ("request_timeout_s = 5.0\n", {}, {}),  # even a valid one
        ("offline = 'perhaps'\n", {}, {}),
        ("judge_model = 4\n", {}, {}),
        ("openai_api_key = 12345\n", {}, {}),
        ("not toml at all [\n", {}, {}),
        ("", {"MOCKLOOP_REQUEST_TIMEOUT_S": "soon"}, {}),
        ("", {"MOCKLOOP_OFFLINE": "sometimes"}, {}),
        ("", {"MOCKLOOP_KEYMAP": '{"home.progress": "p"}'}, {}),
        ("", {}, {"database_url": ""}),
        ("", {"MOCKLOOP_DATABASE_URL": "  "}, {}),
        ("", {}, {"database_url": "sqlite://"}),
        ("", {"OPENAI_BASE_URL": "http://[::1"}, {}),  # not a URL: the full settings say so
        ("", {"OPENAI_API_KEY": "sk-two words"}, {}),  # not sendable: the same
        # in memory: refused, in the full settings' words
        ("database_url = 'sqlite:///:memory:'\n", {}, {}),
        ("[keymap]\n'home.progress' = 3\n", {}, {}),
    ],
)
def test_anything_it_cannot_vouch_for_goes_to_the_full_settings(
    clean_env: Path,
    monkeypatch: pytest.MonkeyPatch,
    config: str,
    env: dict[str, str],
    flags: dict[str, Any],
) -> None:
    clean_env.write_text(config)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert quick_settings(**flags) is None
    _agree(flags)


POOLS: dict[str, tuple[object, ...]] = {
    "offline": (True, False, "yes", "0", "off", "T", "maybe"),
    "database_url": ("sqlite:////tmp/x.db", "postgresql+psycopg://u@h/db", "", "sqlite:///"),
    "data_dir": ("/tmp/a", "/tmp/b c", ""),
    "bank_dir": ("/tmp/bank", ""),
    "interviewer_model": ("m-1", "", 7),
    "judge_model": ("j-1", "j 2"),
    "openai_api_key": ("not-a-real-key", ""),
    "openai_base_url": ("http://127.0.0.1:9/v1",),
}
ENV_NAMES = {
    "openai_api_key": ("OPENAI_API_KEY", "MOCKLOOP_OPENAI_API_KEY"),
    "openai_base_url": ("OPENAI_BASE_URL", "mockloop_openai_base_url"),
}


def _toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    return '"' + str(value).replace('"', '\\"') + '"'


@pytest.mark.parametrize("seed", range(60))
def test_random_setups_agree(clean_env: Path, monkeypatch: pytest.MonkeyPatch, seed: int) -> None:
    rng = random.Random(seed)
    lines: list[str] = []
    flags: dict[str, Any] = {}
    for field, pool in POOLS.items():
        where = rng.choice(("unset", "unset", "flag", "env", "file"))
        value = rng.choice(pool)
        if where == "flag" and field in ("offline", "database_url", "data_dir", "bank_dir"):
            flags[field] = True if field == "offline" else str(value)
        elif where == "env":
            name = rng.choice(ENV_NAMES.get(field, (f"MOCKLOOP_{field.upper()}",)))
            monkeypatch.setenv(name, _toml_value(value).strip('"') if value is not True else "1")
        elif where == "file":
            lines.append(f"{field} = {_toml_value(value)}")
    if rng.random() < 0.3:
        lines.append('[keymap]\n"home.start" = "n"')
    clean_env.write_text("\n".join(lines) + "\n")
    _agree(flags)


def test_random_setups_often_take_the_quick_path(
    clean_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The agreement above is not vacuous: many of those set-ups get a quick answer."""
    answered = 0
    for seed in range(60):
        with monkeypatch.context() as m:
            rng = random.Random(seed)
            value = rng.choice(POOLS["judge_model"])
            m.setenv("MOCKLOOP_JUDGE_MODEL", str(value))
            clean_env.write_text(f"interviewer_model = {_toml_value(rng.choice(('a', 'b')))}\n")
            answered += _agree({"offline": rng.choice((True, None))}) is not None
    assert answered == 60
