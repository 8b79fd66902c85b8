"""`store_url`: every store test runs on SQLite and on PostgreSQL (see backends.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from app.store.db import make_engine
from app.store.repository import Repository
from tests.store.backends import BACKENDS, PG_URL, backend_url


@pytest.fixture(params=BACKENDS)
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    with backend_url(request.param, str(tmp_path)) as url:
        yield url


@pytest.fixture
def store(store_url: str) -> Repository:
    return Repository(make_engine(store_url))


_PG_OUTCOMES: dict[str, int] = {}


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    """Count the PostgreSQL cases, so CI output shows they ran against a real server."""
    params = report.nodeid.partition("[")[2].rstrip("]").split("-")
    if "postgresql" not in params or "tests/store/" not in report.nodeid:
        return
    if report.when == "call" or (report.when == "setup" and report.outcome != "passed"):
        _PG_OUTCOMES[report.outcome] = _PG_OUTCOMES.get(report.outcome, 0) + 1


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if not _PG_OUTCOMES:
        return
    counts = ", ".join(f"{n} {outcome}" for outcome, n in sorted(_PG_OUTCOMES.items()))
    server = make_url(PG_URL).render_as_string(hide_password=True) if PG_URL else "no server"
    terminalreporter.write_line(f"PostgreSQL store tests ({server}): {counts}")
