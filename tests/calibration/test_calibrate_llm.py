"""`calibrate --judge llm` end to end against the scripted OpenAI-compatible test server.

The server answers every judge call with the same level, so the figures prove only that items
reach the LLM judge and come back into the report; the command must say so for a local server.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.calibration.dataset import CalibrationSet
from app.commands.calibrate import calibrate
from app.config import Settings
from tests.calibration.test_runner import SUBSET, _subset_file
from tests.fakes.openai_server import FakeOpenAIServer
from tests.llm.helpers import INTERVIEWER, JUDGE, fast_settings, smart_judge


@pytest.fixture
def server() -> Iterator[FakeOpenAIServer]:
    s = FakeOpenAIServer(models=(INTERVIEWER, JUDGE)).start()
    s.on(None, smart_judge)  # a well-behaved judge: level 3 everywhere, one verbatim quote
    yield s
    s.stop()


def _settings(server: FakeOpenAIServer, tmp_path: Path) -> Settings:
    return fast_settings(
        server.url, tmp_path, first_token_timeout_s=2.0, request_timeout_s=10.0, max_retries=1
    )


def _args(path: Path, *, as_json: bool) -> argparse.Namespace:
    return argparse.Namespace(judge="llm", set_path=str(path), split="all", json=as_json)


def test_llm_judge_through_calibrate(
    server: FakeOpenAIServer,
    bundled: CalibrationSet,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = _subset_file(bundled, tmp_path)
    assert calibrate(_args(path, as_json=True), _settings(server, tmp_path)) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["judge"] == f"LLM judge ({JUDGE})"
    assert data["scored"] == len(SUBSET) and data["errors"] == []
    assert any("only prove the plumbing" in n for n in data["notes"])
    assert len(server.chat_requests(JUDGE)) == len(SUBSET)  # one fresh call per item
    labels = [i.label for i in bundled.items if i.id in SUBSET]
    assert data["figures"]["exact"] == pytest.approx(labels.count(3) / len(labels))
    assert data["figures"]["confusion"] == [[0, 0, labels.count(lv), 0] for lv in (1, 2, 3, 4)]


def test_llm_text_report_names_the_test_rig(
    server: FakeOpenAIServer,
    bundled: CalibrationSet,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = _subset_file(bundled, tmp_path)
    assert calibrate(_args(path, as_json=False), _settings(server, tmp_path)) == 0
    out = capsys.readouterr().out
    assert "NOTE: the LLM endpoint is on this machine (127.0.0.1)" in out
    assert "only prove the plumbing" in out


def test_a_failing_server_is_reported_per_item(
    server: FakeOpenAIServer,
    bundled: CalibrationSet,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from tests.fakes.openai_server import Fail

    server.on(None, lambda req: Fail(400, "bad request", type="invalid_request_error"))
    path = _subset_file(bundled, tmp_path)
    assert calibrate(_args(path, as_json=False), _settings(server, tmp_path)) == 1
    out = capsys.readouterr().out
    assert f"{len(SUBSET)} item(s) could not be scored" in out
    assert "No item was scored" in out
