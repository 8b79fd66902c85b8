"""Settings from CLI flags > environment (MOCKLOOP_*, plus the standard OPENAI_*) > config file.

The config file is TOML at the per-user config dir, or wherever MOCKLOOP_CONFIG_FILE points, so
tests redirect it without touching the user's real settings.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from pydantic import AliasChoices, Field, SecretStr
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

_PACKAGE_DIR = Path(__file__).resolve().parent
_CHECKOUT_DIR = _PACKAGE_DIR.parent


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
    interviewer_model: str = "gpt-4.1-mini"
    judge_model: str = "gpt-4.1"
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
    judge_max_tokens: int = Field(default=4000, ge=256)
    turn_token_cap: int = Field(
        default=400, ge=32, description="longest transcript turn (tokens) in an interviewer prompt"
    )
    judge_max_prompt_tokens: int = Field(default=24000, ge=2000)
    judge_timeout_s: float = Field(
        default=180.0, gt=0, description="read timeout of one judge call: a long non-streamed reply"
    )
    interviewer_deadline_s: float = Field(
        default=60.0, gt=0, description="longest an LLM interviewer turn may take, retries included"
    )

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


def load_settings(**overrides: Any) -> Settings:
    clean = {k: v for k, v in overrides.items() if v is not None}
    return Settings(**clean)
