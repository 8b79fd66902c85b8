"""Fixtures for the LLM tests: a scripted OpenAI-compatible server and settings pointing at it.

Backoff and timeouts are tiny so the whole suite stays fast; the retry *policy* is the same.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from app.config import Settings
from app.llm.client import LLMClient
from app.llm.recording import CallRecord
from tests.conftest import MINI
from tests.fakes.openai_server import FakeOpenAIServer
from tests.llm.helpers import INTERVIEWER, JUDGE, fast_settings


@pytest.fixture
def server() -> Iterator[FakeOpenAIServer]:
    s = FakeOpenAIServer(models=(INTERVIEWER, JUDGE)).start()
    yield s
    s.stop()


@pytest.fixture
def llm_settings(server: FakeOpenAIServer, tmp_path: Path) -> Settings:
    return fast_settings(server.url, tmp_path, bank_dir=MINI / "bank", rubrics_dir=MINI / "rubrics")


@pytest.fixture
def records() -> list[CallRecord]:
    return []


@pytest.fixture
async def client(llm_settings: Settings, records: list[CallRecord]) -> AsyncIterator[LLMClient]:
    c = LLMClient(llm_settings, sink=records.append)
    yield c
    await c.aclose()
