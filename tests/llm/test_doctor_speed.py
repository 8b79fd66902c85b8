"""`mockloop doctor` times a real interviewer prompt and says which settings would time out."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.fakes.openai_server import FakeOpenAIServer, Reply, Request
from tests.llm.test_outage_and_rescore import mockloop  # noqa: F401 - the CLI fixture

WORDS = [f" w{i}" for i in range(40)]


def _slow_local(req: Request) -> Reply:
    if req.response_format:
        return Reply('{"ok": true}')
    if len(req.text) > 4000:  # the realistic prompt: slow to read, then 40 tokens
        return Reply(tokens=WORDS, first_token_delay=1.6, token_delay=0.01)
    return Reply("ready")


def test_doctor_probes_with_a_real_prompt_and_warns(
    server: FakeOpenAIServer,
    tmp_path: Path,
    mockloop: Callable[..., Any],  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    server.slots = 2
    server.on(None, _slow_local)
    monkeypatch.setenv("MOCKLOOP_BANK_DIR", str(Path("question_bank").resolve()))
    monkeypatch.setenv("MOCKLOOP_RUBRICS_DIR", str(Path("rubrics").resolve()))
    out = mockloop(server, tmp_path, "doctor", "--json")
    assert out.returncode == 0, out.stdout + out.stderr
    speed = json.loads(out.stdout)["speed"]
    assert speed["prompt_tokens"] > 1200  # a real brief, not "reply with ready"
    assert speed["first_token_s"] >= 1.6 and speed["gen_tps"] > 5 and speed["slots"] == 2
    # the test settings give a 2 s first-token timeout: 1.6 s x 1.5 slack does not fit
    assert any("first_token_timeout_s=2 would time out" in w for w in speed["warnings"])
    assert speed["settings"]["calibrate --concurrency"] == "2"
    text = mockloop(server, tmp_path, "doctor").stdout
    assert "Speed with a real interviewer prompt" in text and "WARNING:" in text
    assert "MOCKLOOP_FIRST_TOKEN_TIMEOUT_S=" in text and "LLM mode works with the settings" in text
    probes = [r for r in server.chat_requests() if len(r.text) > 4000]
    assert probes and probes[0].messages[0]["content"].startswith("[")  # a fresh, uncached prefix
