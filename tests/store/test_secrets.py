"""Secrets never leave: configuration errors do not echo a secret value and say where it came from;
a server that echoes the key, whole or mangled, gets none of it into llm_calls.error, the
terminal or an export."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.llm.errors import MIN_SECRET_SLICE, scrub
from tests.conftest import MINI
from tests.fakes.openai_server import Fail, FakeOpenAIServer, Request
from tests.store.cli import mockloop

KEY = "sk-proj-Zq7TopSecretValue-4f9K2mXw81LpQe"
INTERVIEWER, JUDGE = "fake-interviewer", "fake-judge"


def mangled(key: str) -> list[str]:
    """How servers and proxies echo a key back: whole, without its prefix, upper-cased, cut
    short, its tail, a fragment glued to other text, inside JSON."""
    return [
        key,
        key.removeprefix("sk-"),
        key.removeprefix("sk-proj-"),
        key.upper(),
        key[:16],
        key[-13:],
        f"tok{key[9:23]}en",
        f'{{"api_key_seen": "{key[4:30]}"}}',
    ]


def leaks(blob: str, key: str = KEY) -> list[str]:
    """Every 12-character slice of the key found in `blob`, ignoring case."""
    low, k = blob.lower(), key.lower()
    n = MIN_SECRET_SLICE
    return [k[i : i + n] for i in range(len(k) - n + 1) if k[i : i + n] in low]


@pytest.mark.parametrize("form", mangled(KEY))
def test_scrub_removes_each_mangled_form(form: str) -> None:
    text = f"Incorrect API key provided: {form}. See https://example.invalid/keys"
    clean = scrub(text, [KEY])
    assert leaks(clean) == []
    assert clean.startswith("Incorrect API key provided: ")
    assert clean.endswith("See https://example.invalid/keys")


def test_scrub_leaves_ordinary_text_alone() -> None:
    text = "the gradient of softmax cross-entropy is p - y (HTTP 400: bad request)"
    assert scrub(text, [KEY]) == text


@pytest.fixture
def echoing_server() -> Iterator[FakeOpenAIServer]:
    """Every chat request fails with a body that echoes the key in all its mangled forms."""
    forms = mangled(KEY)
    calls = iter(range(10**6))

    def fail(req: Request) -> Fail:
        i = next(calls)
        status = (401, 400, 500, 503)[i % 4]
        echoed = " | ".join(forms[i % len(forms) :] + forms[: i % len(forms)])
        return Fail(status=status, message=f"rejected credentials {echoed}", type="invalid")

    server = FakeOpenAIServer(models=(INTERVIEWER, JUDGE)).start()
    server.on(None, fail)
    yield server
    server.stop()


def _env(server: FakeOpenAIServer) -> dict[str, str]:
    return {
        "OPENAI_API_KEY": KEY,
        "OPENAI_BASE_URL": server.url,
        "MOCKLOOP_INTERVIEWER_MODEL": INTERVIEWER,
        "MOCKLOOP_JUDGE_MODEL": JUDGE,
        "MOCKLOOP_BANK_DIR": str(MINI / "bank"),
        "MOCKLOOP_RUBRICS_DIR": str(MINI / "rubrics"),
        "MOCKLOOP_RETRY_BACKOFF_S": "0.01",
        "MOCKLOOP_RETRY_BACKOFF_MAX_S": "0.02",
        "MOCKLOOP_LLM_COOLDOWN_S": "0",
        "MOCKLOOP_FIRST_TOKEN_TIMEOUT_S": "2",
        "MOCKLOOP_MAX_RETRIES": "1",
    }


@pytest.mark.slow
def test_a_server_echoing_the_key_mangled_leaks_it_nowhere(
    echoing_server: FakeOpenAIServer, tmp_path: Path
) -> None:
    answers = tmp_path / "answers.txt"
    answers.write_text(
        "@ 1m\nCross-entropy with softmax has gradient p - y.\n---\n"
        "@ 1m\nFocal loss for rare positives.\n"
    )
    env = _env(echoing_server)
    run = mockloop(
        "run",
        "--minutes",
        "10",
        "--question",
        "f-ce",
        "--answers",
        str(answers),
        home=tmp_path,
        data_dir=tmp_path,
        env=env,
    )
    assert run.returncode == 0, run.stderr
    db = sqlite3.connect(tmp_path / "mockloop.db")
    sid = db.execute("SELECT id FROM sessions").fetchone()[0]
    errors = [r[0] for r in db.execute("SELECT error FROM llm_calls WHERE error IS NOT NULL")]
    db.close()
    assert len(errors) >= 4 and any("rejected credentials" in e for e in errors)
    outputs = [run.stdout, run.stderr]
    for args in (
        ["export", sid[:8], "--format", "md"],
        ["export", sid[:8], "--format", "json"],
        ["show", sid[:8]],
        ["sessions"],
    ):
        done = mockloop(*args, home=tmp_path, data_dir=tmp_path, env=env)
        assert done.returncode == 0, done.stderr
        outputs += [done.stdout, done.stderr]
    stored = [p.read_bytes().decode("latin-1") for p in tmp_path.glob("mockloop.db*")]
    for blob in [*errors, *outputs, *stored]:
        assert leaks(blob) == []


def test_a_secret_of_the_wrong_type_in_the_config_file_is_not_echoed(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text(f'openai_api_key = ["{KEY}"]\nrequest_timeout_s = -1\n')
    result = mockloop("sessions", home=tmp_path, env={"MOCKLOOP_CONFIG_FILE": str(config)})
    assert result.returncode == 2
    line = result.stderr.strip()
    assert len(line.splitlines()) == 1 and "Traceback" not in line
    assert f"openai_api_key (from config file {config})" in line
    assert "(value hidden)" in line
    assert f"request_timeout_s (from config file {config}): Input should be greater than 0" in line
    assert "environment variable" not in line
    assert leaks(result.stderr + result.stdout) == []


def test_a_bad_value_from_the_environment_names_the_variable(tmp_path: Path) -> None:
    result = mockloop(
        "sessions", home=tmp_path, env={"MOCKLOOP_REQUEST_TIMEOUT_S": "soon", "OPENAI_API_KEY": KEY}
    )
    assert result.returncode == 2
    assert "request_timeout_s (from environment variable MOCKLOOP_REQUEST_TIMEOUT_S)" in (
        result.stderr
    )
    assert leaks(result.stderr) == []
