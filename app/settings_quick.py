"""The few settings a first screen or a listing needs, resolved with the standard library only.

`app.config.Settings` is a pydantic-settings model: importing it costs ~0.15-0.25 s (pydantic,
pydantic-settings) before a command has done anything. The home screen's first paint and
`mockloop sessions` need only where the data lives, the key map and whether an LLM is set up,
so `quick_settings` reads those from the same sources in the same order (CLI flags, then the
environment, matched without regard to case, then the config file) and checks them the way the
model would.

It answers only when that is certain to agree with `load_settings`: as soon as the environment
or the config file holds a setting it does not handle, a value of a type it does not accept, or
anything else it cannot vouch for (an unreadable or invalid config file, an empty database
URL), it answers None and the caller loads the full `Settings`, which validates everything and
reports faults in its own words. tests/test_settings_quick.py checks the agreement.

This module is the bottom layer: it imports nothing of mockloop's.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

_PACKAGE_DIR = Path(__file__).resolve().parent
_CHECKOUT_DIR = _PACKAGE_DIR.parent

DEFAULT_INTERVIEWER_MODEL = "gpt-4.1-mini"
DEFAULT_JUDGE_MODEL = "gpt-4.1"

ENV_PREFIX = "mockloop_"
HANDLED = frozenset(
    {
        "offline",
        "database_url",
        "data_dir",
        "bank_dir",
        "rubrics_dir",
        "openai_api_key",
        "openai_base_url",
        "interviewer_model",
        "judge_model",
        "keymap",
    }
)
"""Settings this module reads (a test keeps them a subset of `Settings.model_fields`)."""
NOT_SETTINGS = frozenset({"config_file", "tui_ready_file", "test_pg_url"})
"""MOCKLOOP_* variables that are not settings (the model ignores them too)."""
ALIASES = {
    "openai_api_key": ("mockloop_openai_api_key", "openai_api_key"),
    "openai_base_url": ("mockloop_openai_base_url", "openai_base_url"),
}
"""Environment names of the aliased fields, in the model's order of preference."""
_TRUE = frozenset({"1", "on", "t", "true", "y", "yes"})
_FALSE = frozenset({"0", "off", "f", "false", "n", "no"})


class ConfigError(ValueError):
    """A setting that cannot be used, worded as `field (from SOURCE): problem`, one per line.

    The value of a secret field is never part of the message, nor is any value pydantic would
    echo: only the field, where it came from (a CLI flag, an environment variable or the config
    file's path) and what is wrong with it.
    """


def _is_checkout() -> bool:
    return (_CHECKOUT_DIR / "pyproject.toml").is_file() and (_CHECKOUT_DIR / "sessions").is_dir()


def content_dir(name: str) -> Path:
    """question_bank/ or rubrics/: the checkout's copy, else the one bundled into the wheel."""
    checkout = _CHECKOUT_DIR / name
    if checkout.is_dir():
        return checkout
    return _PACKAGE_DIR / "_bundled" / name


def default_data_dir() -> Path:
    if _is_checkout():
        return _CHECKOUT_DIR / "sessions"
    from platformdirs import user_data_path

    return user_data_path("mockloop", appauthor=False)


def config_file_path() -> Path:
    override = os.environ.get("MOCKLOOP_CONFIG_FILE")
    if override:
        return Path(override).expanduser()
    from platformdirs import user_config_path

    return user_config_path("mockloop", appauthor=False) / "config.toml"


class QuickSettings(NamedTuple):
    """The subset of `Settings` the first screen and the listings read, under the same names."""

    offline: bool
    database_url: str | None
    data_dir: Path
    bank_dir: Path
    rubrics_dir: Path
    keymap: dict[str, str]
    openai_configured: bool
    """A key or an endpoint is set (from any source)."""
    interviewer_model: str
    judge_model: str
    overrides: dict[str, Any]
    """The CLI flags given, to load the full `Settings` from the same input."""

    @property
    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{self.data_dir / 'mockloop.db'}"

    @property
    def llm_configured(self) -> bool:
        return not self.offline and self.openai_configured


class _Unsure(Exception):
    """This module cannot vouch for the answer: load the full Settings."""


def _env() -> dict[str, str]:
    """The environment's names in lower case, as the model matches them."""
    found: dict[str, str] = {}
    for name, value in os.environ.items():
        key = name.lower()
        if key in found:
            raise _Unsure  # two spellings of one name: leave the choice to the model
        found[key] = value
    aliased = {n for names in ALIASES.values() for n in names}
    for key in found:
        if key in aliased or not key.startswith(ENV_PREFIX):
            continue
        field = key.removeprefix(ENV_PREFIX)
        if field not in HANDLED and field not in NOT_SETTINGS:
            raise _Unsure
    return found


def _toml() -> dict[str, Any]:
    path = config_file_path()
    if not path.is_file():
        return {}
    import tomllib  # ~15-35 ms: only when there is a config file to read

    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        raise _Unsure from None
    if not set(data) <= HANDLED:
        raise _Unsure
    return data


def _text(value: object, *, blank_ok: bool = True) -> str:
    if not isinstance(value, str) or (not blank_ok and not value.strip()):
        raise _Unsure
    return value


def url_problem(url: str) -> str | None:
    """Why an OpenAI-compatible base URL cannot be used, or None. Never repeats the URL (it
    may carry credentials)."""
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(url.strip())
        _ = parts.port  # a port that is not a number raises here
    except ValueError as exc:
        return f"not a valid URL ({exc})"
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return "not an http(s) URL with a host, e.g. http://127.0.0.1:11434/v1"
    return None


def key_problem(key: str) -> str | None:
    """Why an API key cannot be sent, or None; never repeats the key. Outer whitespace (a
    pasted line break) is not a problem: the settings strip it."""
    inner = key.strip()
    if not inner.isascii() or any(c.isspace() or not c.isprintable() for c in inner):
        return "the key holds a space, a line break or a non-ASCII character inside it"
    return None


def sqlite_file(url: str) -> str | None:
    """The file part of a SQLite URL ("" for an in-memory database), None for any other URL:
    the one reading of a SQLite URL, for the settings and the store alike."""
    url = url.strip()
    if not url.startswith("sqlite"):
        return None
    path = url.partition(":///")[2].split("?", 1)[0]
    return "" if path == ":memory:" else path


def in_memory_sqlite(url: str) -> bool:
    """`sqlite://`, `sqlite:///` or `sqlite:///:memory:`: a database gone when the process is."""
    return sqlite_file(url) == ""


def _database_url(value: object) -> str:
    """A URL the full settings would accept; anything they refuse (an in-memory database) is
    left to them, so the refusal is worded once."""
    url = _text(value, blank_ok=False)
    if in_memory_sqlite(url):
        raise _Unsure
    return url


def _key_present(value: object) -> bool:
    """Set, and a key the full settings accept (any other is theirs to refuse, in words)."""
    if isinstance(value, str) and key_problem(value) is not None:
        raise _Unsure
    return _present(value)


def _base_present(value: object) -> bool:
    """Set, and a URL the full settings accept (any other is theirs to refuse, in words)."""
    if isinstance(value, str) and value.strip() and url_problem(value) is not None:
        raise _Unsure
    return _present(value)


def _path(value: object, default: Callable[[], Path]) -> Path:
    if value is None:
        return default()
    if isinstance(value, Path):
        return value
    return Path(_text(value, blank_ok=False))


def _folder(path: Path) -> Path:
    """A data folder that exists as something else is the full model's error to word."""
    if path.exists() and not path.is_dir():
        raise _Unsure
    return path


def _present(value: object) -> bool:
    """A secret or endpoint counts as set whatever its text (even empty), as in the model."""
    return value is not None and isinstance(_text(value), str)


def _flag(value: object) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in _TRUE | _FALSE:
        return value.lower() in _TRUE
    raise _Unsure


def _keymap(value: object) -> dict[str, str]:
    if not isinstance(value, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in value.items()
    ):
        raise _Unsure
    return dict(value)


def _pick(field: str, flags: dict[str, Any], env: dict[str, str], toml: dict[str, Any]) -> Any:
    """The raw value of one field by precedence (flag, environment, file), or None if unset."""
    if field in flags:
        return flags[field]
    for name in ALIASES.get(field, (ENV_PREFIX + field,)):
        if name in env:
            if field == "keymap":
                raise _Unsure  # a JSON-encoded table: the model's parser decides
            return env[name]
    return toml.get(field)


def quick_settings(**overrides: Any) -> QuickSettings | None:
    """The settings from flags (`overrides`, None meaning "not given"), environment and config
    file, or None when only the full `Settings` can tell (see the module docstring)."""
    flags = {k: v for k, v in overrides.items() if v is not None}
    if not set(flags) <= HANDLED:
        return None
    try:
        env, toml = _env(), _toml()
        offline = _pick("offline", flags, env, toml)
        url = _pick("database_url", flags, env, toml)
        data_dir = _pick("data_dir", flags, env, toml)
        bank_dir = _pick("bank_dir", flags, env, toml)
        rubrics_dir = _pick("rubrics_dir", flags, env, toml)
        keymap = _pick("keymap", flags, env, toml)
        key = _pick("openai_api_key", flags, env, toml)
        base = _pick("openai_base_url", flags, env, toml)
        imodel = _pick("interviewer_model", flags, env, toml)
        jmodel = _pick("judge_model", flags, env, toml)
        return QuickSettings(
            offline=False if offline is None else _flag(offline),
            database_url=None if url is None else _database_url(url),
            data_dir=_folder(_path(data_dir, default_data_dir)),
            bank_dir=_path(bank_dir, lambda: content_dir("question_bank")),
            rubrics_dir=_path(rubrics_dir, lambda: content_dir("rubrics")),
            keymap={} if keymap is None else _keymap(keymap),
            openai_configured=_key_present(key) or _base_present(base),
            interviewer_model=DEFAULT_INTERVIEWER_MODEL if imodel is None else _text(imodel),
            judge_model=DEFAULT_JUDGE_MODEL if jmodel is None else _text(jmodel),
            overrides=flags,
        )
    except _Unsure:
        return None
