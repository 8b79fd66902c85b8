"""`store_url`: every store test runs on SQLite and on PostgreSQL (see backends.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from app.store.db import make_engine
from app.store.repository import Repository
from tests.store.backends import BACKENDS, backend_url


@pytest.fixture(params=BACKENDS)
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    with backend_url(request.param, str(tmp_path)) as url:
        yield url


@pytest.fixture
def store(store_url: str) -> Repository:
    return Repository(make_engine(store_url))
