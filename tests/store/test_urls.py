"""Database URLs: checked before use, PostgreSQL always through psycopg, passwords never shown."""

from __future__ import annotations

import pytest

from app.store.db import parse_url
from app.store.errors import StoreError, mask_url, sqlite_path


@pytest.mark.parametrize(
    ("given", "driver"),
    [
        ("postgresql://u@h/db", "postgresql+psycopg"),
        ("postgres://u@h/db", "postgresql+psycopg"),
        ("postgresql+psycopg://u@h/db", "postgresql+psycopg"),
        ("sqlite:////tmp/x.db", "sqlite"),
    ],
)
def test_postgresql_urls_mean_psycopg(given: str, driver: str) -> None:
    assert parse_url(given).drivername == driver


@pytest.mark.parametrize("bad", ["", "   ", "notaurl", "://nothing"])
def test_what_is_not_a_url_is_refused_with_examples(bad: str) -> None:
    with pytest.raises(StoreError) as info:
        parse_url(bad)
    assert "sqlite:///" in str(info.value) and "postgresql+psycopg://" in str(info.value)


def test_passwords_are_masked_and_sqlite_paths_found() -> None:
    assert mask_url("postgresql+psycopg://me:s3cret@db:5432/x") == (
        "postgresql+psycopg://me:***@db:5432/x"
    )
    assert mask_url("postgresql://me@db/x") == "postgresql://me@db/x"
    assert str(sqlite_path("sqlite:////var/data/m.db")) == "/var/data/m.db"
    assert sqlite_path("sqlite:///:memory:") is None
    assert sqlite_path("postgresql://me@db/x") is None
