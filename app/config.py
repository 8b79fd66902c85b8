"""Settings from CLI flags > environment (MOCKLOOP_*, plus the standard OPENAI_*) > config file.

The config file is TOML at the per-user config dir, or wherever MOCKLOOP_CONFIG_FILE points, so
tests redirect it without touching the user's real settings.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Any

from pydantic import AliasChoices, Field, SecretStr, ValidationError, field_validator
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

from app.settings_quick import (
    DEFAULT_INTERVIEWER_MODEL,
    DEFAULT_JUDGE_MODEL,
    in_memory_sqlite,
    key_problem,
    url_problem,
)
from app.settings_quick import ConfigError as ConfigError
from app.settings_quick import config_file_path as config_file_path
from app.settings_quick import content_dir as content_dir
from app.settings_quick import default_data_dir as default_data_dir


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="MOCKLOOP_",
        extra="ignore",
        populate_by_name=True,
    )

    openai_api_key: SecretStr | None = Field(
        default=None,
        validation_alias=AliasChoices(
            "MOCKLOOP_OPENAI_API_KEY", "OPENAI_API_KEY", "openai_api_key"
        ),
    )
    openai_base_url: str | None = Field(
        default=None,
        validation_alias=AliasChoices(
            "MOCKLOOP_OPENAI_BASE_URL", "OPENAI_BASE_URL", "openai_base_url"
        ),
    )
    interviewer_model: str = DEFAULT_INTERVIEWER_MODEL
    judge_model: str = DEFAULT_JUDGE_MODEL
    offline: bool = False
    data_dir: Path = Field(default_factory=default_data_dir)
    database_url: str | None = None
    bank_dir: Path = Field(default_factory=lambda: content_dir("question_bank"))
    rubrics_dir: Path = Field(default_factory=lambda: content_dir("rubrics"))
    request_timeout_s: float = Field(default=60.0, gt=0)
    max_retries: int = Field(default=3, ge=0, le=10)
    history_window: int = Field(default=6, ge=1, le=50)
    price_table: dict[str, tuple[float, float]] = Field(
        default_factory=dict,
        description="model -> (USD per 1M prompt tokens, USD per 1M completion tokens); "
        "extends the built-in table",
    )
    # ---- LLM transport, retries and budgets (issue 4). Appended; defaults suit a hosted API.
    connect_timeout_s: float = Field(default=10.0, gt=0)
    first_token_timeout_s: float = Field(
        default=30.0, gt=0, description="a stream with no first token by then is retried"
    )
    retry_backoff_s: float = Field(default=0.5, ge=0, description="first retry delay; doubles")
    retry_backoff_max_s: float = Field(default=8.0, ge=0)
    retry_after_max_s: float = Field(
        default=30.0, ge=0, description="a longer server Retry-After fails fast instead of waiting"
    )
    llm_cooldown_s: float = Field(
        default=30.0,
        ge=0,
        description="after the interviewer LLM fails, use the offline interviewer this long",
    )
    interviewer_temperature: float = Field(default=0.7, ge=0, le=2)
    interviewer_max_tokens: int = Field(default=400, ge=16)
    judge_max_tokens: int | None = Field(
        default=None, ge=256, description="unset: sized to the rubric (judge/schema.token_cap)"
    )
    turn_token_cap: int = Field(
        default=400, ge=32, description="longest transcript turn (tokens) in an interviewer prompt"
    )
    judge_max_prompt_tokens: int = Field(default=24000, ge=2000)
    judge_timeout_s: float = Field(
        default=180.0,
        gt=0,
        description="one deadline for a whole judgement; unset: derived from the measured speed",
    )
    interviewer_deadline_s: float = Field(
        default=60.0,
        gt=0,
        description="longest an LLM interviewer turn may take, retries included; unset: at least "
        "this, more when the measured speed needs it",
    )

    keymap: dict[str, str] = Field(
        default_factory=dict,
        description="TUI key overrides: binding id -> keys, e.g. [keymap] in the config file "
        '"home.progress" = "p" or "interview.send" = "ctrl+s,f5"; ids are listed in the README',
    )

    @field_validator("openai_api_key")
    @classmethod
    def _key_sendable(cls, value: SecretStr | None) -> SecretStr | None:
        """A pasted key often brings a line break along: stripped. One with whitespace or a
        non-ASCII character inside is refused here, in words, not met later as a connection
        failure (an HTTP header cannot carry it)."""
        if value is None:
            return None
        secret = value.get_secret_value()
        problem = key_problem(secret)
        if problem is not None:
            raise ValueError(problem)
        return SecretStr(secret.strip()) if secret != secret.strip() else value

    @field_validator("data_dir", "bank_dir", "rubrics_dir", mode="before")
    @classmethod
    def _directory_not_blank(cls, value: object) -> object:
        """An empty path would mean the current directory: a mistake, as an empty URL is."""
        if isinstance(value, str) and not value.strip():
            raise ValueError("the path is empty; give one, or leave the option out")
        return value

    @field_validator("data_dir")
    @classmethod
    def _data_dir_is_a_folder(cls, value: Path) -> Path:
        """A file where the folder should be would read as "no sessions yet" and fail on the
        first write: said here, at once."""
        if value.exists() and not value.is_dir():
            raise ValueError(f"{value} is a file, not a folder; give a folder (a new one is made)")
        return value

    @field_validator("openai_base_url")
    @classmethod
    def _base_url_is_a_url(cls, value: str | None) -> str | None:
        """Checked here, so a typo is one configuration error, not a traceback from the
        client."""
        problem = url_problem(value) if value is not None and value.strip() else None
        if problem is not None:
            raise ValueError(problem)
        return value

    @field_validator("database_url")
    @classmethod
    def _database_url_not_blank(cls, value: str | None) -> str | None:
        """An empty URL is a mistake (an unset variable in a script), never "the default"."""
        if value is not None and not value.strip():
            raise ValueError("the database URL is empty; give one, or leave the option out")
        if value is not None and in_memory_sqlite(value):
            raise ValueError(
                "an in-memory SQLite database keeps nothing, so no session could be resumed; "
                "give a file, e.g. sqlite:///path/to/mockloop.db"
            )
        return value

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        sources: list[PydanticBaseSettingsSource] = [init_settings, env_settings]
        path = config_file_path()
        if path.is_file():
            sources.append(TomlConfigSettingsSource(settings_cls, toml_file=path))
        return tuple(sources)

    @property
    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{self.data_dir / 'mockloop.db'}"

    @property
    def llm_configured(self) -> bool:
        """LLM mode needs a key or an endpoint, and not --offline."""
        return not self.offline and (
            self.openai_api_key is not None or self.openai_base_url is not None
        )


_FLAGS = {"database_url": "--db", "data_dir": "--data-dir", "offline": "--offline"}
_SECRET_WORDS = ("key", "token", "password", "secret")


def _field_for(loc: str) -> str | None:
    """The field an error location names (pydantic reports an alias for aliased fields)."""
    wanted = loc.lower()
    for name, info in Settings.model_fields.items():
        names = {name.lower(), f"mockloop_{name}".lower()}
        alias = info.validation_alias
        if isinstance(alias, AliasChoices):
            names |= {str(c).lower() for c in alias.choices}
        if wanted in names:
            return name
    return None


def _env_names(name: str) -> list[str]:
    alias = Settings.model_fields[name].validation_alias
    if isinstance(alias, AliasChoices):
        return [str(c) for c in alias.choices if str(c).isupper()]
    return [f"MOCKLOOP_{name.upper()}"]


def _toml_keys() -> set[str]:
    path = config_file_path()
    if not path.is_file():
        return set()
    try:
        return {k.lower() for k in tomllib.loads(path.read_text(encoding="utf-8"))}
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return set()


def _source(name: str, overrides: dict[str, Any]) -> str:
    """Where the failing value came from, in the order the sources take precedence."""
    if name in overrides:
        return _FLAGS.get(name, f"the {name} argument")
    env = {k.upper() for k in os.environ}
    for var in _env_names(name):
        if var.upper() in env:
            return f"environment variable {var}"
    alias = Settings.model_fields[name].validation_alias
    keys = {name.lower()}
    if isinstance(alias, AliasChoices):
        keys |= {str(c).lower() for c in alias.choices}
    if keys & _toml_keys():
        return f"config file {config_file_path()}"
    return "the default"


def _is_secret(name: str) -> bool:
    annotation = str(Settings.model_fields[name].annotation)
    return "SecretStr" in annotation or any(w in name for w in _SECRET_WORDS)


def _describe(exc: ValidationError, overrides: dict[str, Any]) -> str:
    lines = []
    for err in exc.errors(include_input=False, include_url=False):
        loc = str(err["loc"][0]) if err["loc"] else ""
        name = _field_for(loc)
        if name is None:
            lines.append(f"{loc or 'settings'}: {err['msg']}")
            continue
        hidden = " (value hidden)" if _is_secret(name) else ""
        msg = err["msg"].removeprefix("Value error, ")
        lines.append(f"{name} (from {_source(name, overrides)}): {msg}{hidden}")
    return "; ".join(lines)


def load_settings(**overrides: Any) -> Settings:
    """Settings from flags (`overrides`), environment and config file; `ConfigError` if any
    value is unusable. Only `None` means "not given": an empty string is a value (and, for the
    database URL, an error)."""
    clean = {k: v for k, v in overrides.items() if v is not None}
    try:
        return Settings(**clean)
    except ValidationError as exc:
        raise ConfigError(_describe(exc, clean)) from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"config file {config_file_path()}: not valid TOML: {exc}") from None
