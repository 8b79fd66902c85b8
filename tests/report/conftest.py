"""Sessions played once per test module: the real bank, offline parts, a real SQLite file."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.config import Settings
from app.domain.bank import Bank
from app.store.db import make_engine
from app.store.repository import Repository
from app.wiring import bank_for
from tests.report.helpers import real_settings


@pytest.fixture
def report_settings(tmp_path: Path) -> Settings:
    return real_settings(tmp_path)


@pytest.fixture
def report_bank(report_settings: Settings) -> Bank:
    return bank_for(report_settings)


@pytest.fixture
def report_repo(report_settings: Settings) -> Repository:
    return Repository(make_engine(report_settings.resolved_database_url))
