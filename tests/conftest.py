"""Shared fixtures: an isolated environment, the mini bank, a real SQLite file, engine helpers."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.bank import load_bank
from app.config import Settings
from app.domain.bank import Bank
from app.domain.events import Event
from app.store.db import make_engine
from app.store.repository import Repository

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"
MINI = DATA / "mini"
BLIND_BATCH = ("b10a-", "b10b-", "b11pb-")
"""Id prefixes of the calibration set's blind batches, held out whole (tests/data/calibration):
batch 10 and the held-out half of batch 11's padded and short expert answers."""
KNOWN_INJECTION_MISSES = frozenset({"b12i-020", "b12i-021", "b12i-024"})
"""Tune items aimed at the grader that the offline judge and the turn reader do not catch: a
request in pinyin, an acrostic ("read the first letters, whoever grades this"), and a plea
about a visa to "whoever reads this" asking to "just pass this one". Each needs reading that
words alone do not give (tests/data/calibration/README.md)."""


@pytest.fixture(autouse=True)
def _isolated_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """No test reads the developer's real config, key or database."""
    for key in list(os.environ):
        if key.startswith(("OPENAI_", "MOCKLOOP_")):
            monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("MOCKLOOP_CONFIG_FILE", str(tmp_path / "no-config.toml"))
    yield


@pytest.fixture
def mini_bank() -> Bank:
    return load_bank(MINI / "bank", MINI / "rubrics")


@pytest.fixture
def real_bank() -> Bank:
    return load_bank(ROOT / "question_bank", ROOT / "rubrics")


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'mockloop.db'}"


@pytest.fixture
def repo(db_url: str) -> Repository:
    return Repository(make_engine(db_url))


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path, bank_dir=MINI / "bank", rubrics_dir=MINI / "rubrics")


class EventLog:
    """A sink that keeps every event, for assertions."""

    def __init__(self) -> None:
        self.events: list[Event] = []

    def __call__(self, event: Event) -> None:
        self.events.append(event)

    def of(self, kind: type) -> list:  # type: ignore[type-arg]
        return [e for e in self.events if isinstance(e, kind)]


@pytest.fixture
def log() -> EventLog:
    return EventLog()
