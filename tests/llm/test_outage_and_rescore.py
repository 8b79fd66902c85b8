"""A server that fails, as a user meets it: `mockloop run` keeps going offline, scoring is
queued, the key never shows up anywhere, and `mockloop rescore` finishes the job later."""

from __future__ import annotations

import contextlib
import io
import json
import re
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from app.config import Settings
from app.domain.bank import Bank
from app.domain.enums import Role
from app.domain.events import JudgingDeferred, Notice, fan_out
from app.interviewer.fallback import FallbackInterviewer
from app.interviewer.llm import LLMInterviewer
from app.interviewer.offline import OfflineInterviewer
from app.judge.llm import LLMJudge
from app.llm.client import LLMClient
from app.store.recorder import Recorder
from app.store.repository import Repository
from tests.conftest import MINI, ROOT, EventLog
from tests.fakes.openai_server import Fail, FakeOpenAIServer, Reply, Request, Reset
from tests.llm.helpers import (
    FUND,
    INTERVIEWER,
    JUDGE,
    KEY,
    engine_for,
    fenced_texts,
    judge_json,
    plan,
    smart_interviewer,
    smart_judge,
)

ANSWER_TEXTS = [
    "Cross-entropy is the negative log-likelihood; with softmax the gradient is p - y.",
    "Focal loss when positives are rare, versus class weighting.",
    "Gamma around 2, tuned on validation recall.",
    "AdamW decouples weight decay from the adaptive update.",
    "SGD with momentum often generalises better on vision.",
    "Batch norm normalises with batch statistics and keeps a running mean for inference.",
    "How often do you retrain?",
]
ANSWERS = "\n---\n".join(f"@ 1m\n{a}" for a in ANSWER_TEXTS)


def _env(server: FakeOpenAIServer, tmp: Path, key: str = KEY) -> dict[str, str]:
    return {
        "MOCKLOOP_CONFIG_FILE": str(tmp / "none.toml"),
        "OPENAI_API_KEY": key,
        "OPENAI_BASE_URL": server.url,
        "MOCKLOOP_INTERVIEWER_MODEL": INTERVIEWER,
        "MOCKLOOP_JUDGE_MODEL": JUDGE,
        "MOCKLOOP_BANK_DIR": str(MINI / "bank"),
        "MOCKLOOP_RUBRICS_DIR": str(MINI / "rubrics"),
        "MOCKLOOP_RETRY_BACKOFF_S": "0.01",
        "MOCKLOOP_RETRY_BACKOFF_MAX_S": "0.02",
        "MOCKLOOP_LLM_COOLDOWN_S": "0",
        "MOCKLOOP_FIRST_TOKEN_TIMEOUT_S": "2",
    }


def mockloop_process(
    server: FakeOpenAIServer, tmp: Path, *args: str
) -> subprocess.CompletedProcess[str]:
    """The real thing: a separate process, as a user runs it."""
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp),
        "PYTHONIOENCODING": "utf-8",
        **_env(server, tmp),
    }
    return subprocess.run(
        [sys.executable, "-m", "app", "--data-dir", str(tmp), *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def mockloop(monkeypatch: pytest.MonkeyPatch) -> Callable[..., subprocess.CompletedProcess[str]]:
    """The CLI in this process (fast): same entry point, same argument parsing, same output."""
    from app.cli import main

    def run(server: FakeOpenAIServer, tmp: Path, *args: str) -> subprocess.CompletedProcess[str]:
        for k, v in _env(server, tmp).items():
            monkeypatch.setenv(k, v)
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(["--data-dir", str(tmp), *args])
        return subprocess.CompletedProcess(list(args), code, out.getvalue(), err.getvalue())

    return run


def _our_tracebacks(output: str) -> list[str]:
    """Traceback frames from the LLM path (other subsystems are not under test here)."""
    return re.findall(
        r'File ".*/app/(?:llm|interviewer|judge|commands/(?:run|rescore))/?.*"', output
    )


RUN_ARGS = (
    "run",
    "--round",
    "fundamentals",
    "--minutes",
    "20",
    "--question",
    "f-ce",
    "--question",
    "f-adam",
)


def _answers(tmp: Path) -> str:
    (tmp / "answers.txt").write_text(ANSWERS)
    return str(tmp / "answers.txt")


def test_outage_degrades_queues_scoring_and_rescore_finishes(
    server: FakeOpenAIServer, tmp_path: Path, mockloop: Callable[..., Any]
) -> None:
    server.on(None, lambda req: Fail(503, "The server is overloaded. Please try again later."))
    run = mockloop_process(server, tmp_path, *RUN_ARGS, "--answers", _answers(tmp_path))
    assert run.returncode == 0, run.stderr
    assert not _our_tracebacks(run.stdout + run.stderr)
    degraded = run.stdout.count("this turn used the offline interviewer")
    assert degraded >= 4  # one clear line per affected turn
    for qid in ("f-ce", "f-adam"):  # each queued scoring is reported once, not twice
        assert run.stdout.count(f"Scoring of {qid} is queued") == 1
        assert f"scoring of {qid} queued" not in run.stdout
    db = sqlite3.connect(tmp_path / "mockloop.db")
    (sid, status) = db.execute("select id, status from sessions").fetchone()
    assert status == "finished"
    answers = [
        r[0] for r in db.execute("select text from turns where role='candidate' order by seq")
    ]
    assert answers == ANSWER_TEXTS  # nothing lost
    assert db.execute("select count(*) from assessments").fetchone()[0] == 0
    calls = db.execute("select purpose, ok, error from llm_calls").fetchall()
    assert calls and all(ok == 0 for _, ok, _ in calls)
    assert {p for p, _, _ in calls} == {"interviewer", "judge"}

    # the server is back: rescore finishes the queued work
    server.on(None, smart_judge)
    done = mockloop(server, tmp_path, "rescore", sid[:8], "--pending")
    assert done.returncode == 0, done.stderr
    assert "f-ce: not scored -> 3.00 (judged by fake-judge)" in done.stdout
    answered = {
        r[0] for r in db.execute("select distinct question_id from turns where role='candidate'")
    }
    assert {"f-ce", "f-adam"} <= answered
    scored = db.execute("select question_id, judge_kind from assessments").fetchall()
    assert sorted(scored) == sorted((q, "llm") for q in answered)
    assert db.execute("select overall_score from sessions").fetchone()[0] == 3.0
    again = mockloop(server, tmp_path, "rescore", sid[:8], "--pending")
    assert "nothing to score" in again.stdout

    # a second opinion from another model keeps both
    server.on(
        None,
        lambda req: Reply(
            judge_json(
                [
                    c
                    for c in ("correctness", "tradeoffs", "ownership")
                    if f"Criterion {c}:" in req.messages[0]["content"]
                ],
                level=2,
            )
        ),
    )
    # (criterion ids are read from the rubric the judge was shown)
    other = mockloop(server, tmp_path, "rescore", sid[:8], "--judge-model", "other-judge")
    assert other.returncode == 0, other.stderr
    rows = db.execute(
        "select question_id, judge_model, weighted_score from assessments order by id"
    ).fetchall()
    assert len(rows) == 2 * len(answered)
    assert {q for q, m, _ in rows if m == "other-judge"} == answered
    assert {q for q, m, _ in rows if m == JUDGE} == answered
    shown = mockloop(server, tmp_path, "show", sid[:8]).stdout
    assert "judged by fake-judge" in shown and "judged by other-judge" in shown


def test_the_api_key_never_reaches_output_db_or_exports(
    server: FakeOpenAIServer, tmp_path: Path, mockloop: Callable[..., Any]
) -> None:
    server.api_key = "sk-the-right-key-000000"  # ours is refused and echoed back in the error
    run = mockloop(server, tmp_path, *RUN_ARGS, "--answers", _answers(tmp_path))
    assert run.returncode == 0, run.stderr
    db = sqlite3.connect(tmp_path / "mockloop.db")
    sid = db.execute("select id from sessions").fetchone()[0]
    exports = [
        mockloop(server, tmp_path, "export", sid[:8], "--format", fmt).stdout
        for fmt in ("json", "md")
    ]
    doctor = mockloop(server, tmp_path, "doctor")
    assert doctor.returncode == 1 and "401" in doctor.stdout
    errors = [r[0] for r in db.execute("select error from llm_calls where error is not null")]
    assert errors and any("401" in e for e in errors)
    db.close()
    blobs = [run.stdout, run.stderr, doctor.stdout, doctor.stderr, *exports, *errors]
    blobs += [p.read_bytes().decode("latin-1") for p in tmp_path.glob("mockloop.db*")]
    for blob in blobs:
        assert KEY not in blob
        assert "SUPERSECRET" not in blob
    assert "Incorrect API key provided: ***." in errors[0]


async def test_every_fault_in_one_session_loses_no_turn(
    server: FakeOpenAIServer,
    client: LLMClient,
    llm_settings: Settings,
    mini_bank: Bank,
    repo: Repository,
) -> None:
    """Faults sprinkled through one session; the transcript in the database is complete."""
    server.script(
        Fail(429, "Rate limit", retry_after=0.05),
        Reply("MOVE: probe f-ce-2\nWhy focal?"),
        Reply("MOVE: probe f-ce-3\nAnd how do you pick", cut_after=5),
        Reply("MOVE: next_question -\nOkay", malformed_at=4),
        Reply(content=None, refusal="I can't help with that."),
        Reply("MOVE: probe -\nTell me more.", first_token_delay=3.0),
        Reset(),
        Fail(500),
        Fail(500),
        Fail(500),
        Fail(500),
        model=INTERVIEWER,
    )
    server.on(INTERVIEWER, smart_interviewer)
    seen: dict[str, int] = {}

    def judge_by_question(req: Request) -> Reply:
        qid = re.search(r"^Question \(([\w-]+),", req.messages[1]["content"], re.M)
        key = qid.group(1) if qid else "?"
        seen[key] = seen.get(key, 0) + 1
        if key == "f-ce":  # a schema-violating reply, then the repaired one
            crits = ["correctness"] if seen[key] == 1 else ["correctness", "tradeoffs"]
            texts = fenced_texts(req)
            quote = " ".join(texts[0].split()[:4]) if texts else ""
            return Reply(judge_json(crits, quotes=[quote], level=4))
        if key == "f-adam":  # a refusal: scoring is queued
            return Reply(content=None, refusal="No.")
        return smart_judge(req)

    server.on(JUDGE, judge_by_question)
    log = EventLog()
    engine, clock = engine_for(
        mini_bank,
        plan(FUND),
        fan_out(Recorder(repo), log),
        interviewer=FallbackInterviewer(LLMInterviewer(client, llm_settings), OfflineInterviewer()),
        judge=LLMJudge(client, llm_settings),
        session_id="s-faults",
    )
    await engine.start()
    sent = 0
    for text in [
        "p - y is the gradient.",
        "Focal loss for rare positives.",
        "Gamma of two.",
        "AdamW decouples decay.",
        "Momentum SGD.",
        "How do you retrain?",
        "What does on-call look like?",
        "Thanks.",
    ]:
        if engine.finished:
            break
        clock.advance(150)
        await engine.submit(text)
        sent += 1
    while not engine.finished:
        await engine.end_round()
    await engine.drain()
    stored = repo.load("s-faults")
    assert stored.summary.status == "finished"
    assert len([t for t in stored.turns if t.role is Role.CANDIDATE]) == sent
    assert [t.seq for t in stored.turns] == list(range(len(stored.turns)))
    # the stream cut before a whole sentence was shown is retried, not degraded
    assert len([n for n in log.of(Notice) if "offline interviewer" in n.text]) >= 2
    judged = {a.question_id for a in stored.assessments}
    deferred = {d.question_id for d in log.of(JudgingDeferred)}
    assert "f-ce" in judged and deferred == {"f-adam"}
    f_ce = next(a for a in stored.assessments if a.question_id == "f-ce")
    assert f_ce.weighted_score == 4.0  # the repaired judgement
    assert judged | deferred >= {"f-ce", "f-adam"}


def test_rescore_offline_judge_and_errors(
    server: FakeOpenAIServer, tmp_path: Path, mockloop: Callable[..., Any]
) -> None:
    server.on(INTERVIEWER, smart_interviewer)
    server.on(JUDGE, smart_judge)
    assert mockloop(server, tmp_path, *RUN_ARGS, "--answers", _answers(tmp_path)).returncode == 0
    db = sqlite3.connect(tmp_path / "mockloop.db")
    sid = db.execute("select id from sessions").fetchone()[0]
    before = db.execute("select count(*) from assessments").fetchone()[0]
    off = mockloop(server, tmp_path, "rescore", sid[:8], "--judge", "offline")
    assert off.returncode == 0 and "offline estimate" in off.stdout
    assert db.execute("select count(*) from assessments").fetchone()[0] == before * 2
    # the overall score still comes from the LLM judgements, not the newer estimates
    assert db.execute("select overall_score from sessions").fetchone()[0] == 3.0
    missing = mockloop(server, tmp_path, "rescore", "ffffffff")
    assert missing.returncode == 2 and "no session matches" in missing.stderr


@pytest.mark.parametrize("as_json", [False, True])
def test_doctor_reports_capabilities(
    server: FakeOpenAIServer, tmp_path: Path, mockloop: Callable[..., Any], as_json: bool
) -> None:
    server.on(None, lambda req: Reply('{"ok": true}') if req.response_format else Reply("ready"))
    out = mockloop(server, tmp_path, "doctor", *(["--json"] if as_json else []))
    assert out.returncode == 0, out.stdout + out.stderr
    if as_json:
        data = json.loads(out.stdout)
        assert data["ok"] and data["json_schema"] and data["json_object"]
        assert data["stream_usage"] is True and data["key"] == "set (hidden)"
    else:
        lines = out.stdout.splitlines()
        row = next(ln for ln in lines if ln.startswith("judge structured output"))
        assert row.split()[4] == "yes"
        assert any(ln.startswith("usage in streams") and " yes " in ln for ln in lines)
        assert "LLM mode is ready." in out.stdout
    assert KEY not in out.stdout


def test_doctor_on_a_limited_server(
    server: FakeOpenAIServer, tmp_path: Path, mockloop: Callable[..., Any]
) -> None:
    server.supports_json_schema = False
    server.supports_stream_usage = False
    server.on(None, lambda req: Reply('{"ok": true}') if req.response_format else Reply("ready"))
    out = mockloop(server, tmp_path, "doctor")
    assert out.returncode == 0
    row = next(ln for ln in out.stdout.splitlines() if ln.startswith("judge structured output"))
    assert " no " in row and "rejected" in row
    assert "not reported: token counts are estimated" in out.stdout
    assert "the judge will use json_object + validation" in out.stdout
    db = sqlite3.connect(tmp_path / "mockloop.db")
    assert db.execute("select count(*) from llm_calls where purpose='probe'").fetchone()[0] >= 3


def test_doctor_unreachable_endpoint(tmp_path: Path, mockloop: Callable[..., Any]) -> None:
    dead = FakeOpenAIServer().start()
    dead.stop()  # nothing listens on that port any more
    out = mockloop(dead, tmp_path, "doctor")
    assert out.returncode == 1
    assert "FAIL" in out.stdout and "connection failed" in out.stdout
    assert "Traceback" not in out.stdout + out.stderr


def test_doctor_offline(tmp_path: Path) -> None:
    from app.cli import main

    env_free = main(["--offline", "--data-dir", str(tmp_path), "doctor"])
    assert env_free == 0
