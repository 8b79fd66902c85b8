"""Resume always finishes: from a session with no turns, and from one killed while scoring."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

from app.domain.enums import Mode, RoundKind
from app.domain.events import AssessmentReady, Event, SessionFinished
from app.domain.transcript import RoundPlan, SessionPlan
from app.engine.clock import FakeClock
from app.engine.interview import InterviewEngine
from app.interviewer.offline import OfflineInterviewer
from app.judge.offline import OfflineJudge
from app.store.db import make_engine
from app.store.recorder import Recorder
from app.store.repository import Repository
from tests.cli.helpers import mockloop
from tests.conftest import ROOT

PLAN = SessionPlan(
    rounds=[RoundPlan(kind=RoundKind.FUNDAMENTALS, minutes=10, question_ids=["fund-train5-val25"])]
)


def _repo(tmp_path: Path) -> Repository:
    return Repository(make_engine(f"sqlite:///{tmp_path / 'mockloop.db'}"))


def _status(tmp_path: Path, sid: str) -> tuple[str, float | None, int]:
    db = sqlite3.connect(tmp_path / "mockloop.db")
    status, overall = db.execute(
        "select status, overall_score from sessions where id = ?", (sid,)
    ).fetchone()
    (assessed,) = db.execute(
        "select count(*) from assessments where session_id = ?", (sid,)
    ).fetchone()
    return status, overall, assessed


def test_a_session_killed_before_its_first_turn_resumes_as_a_fresh_start(tmp_path: Path) -> None:
    sid = "0" * 31 + "a"
    _repo(tmp_path).create_session(
        sid, PLAN, mode=Mode.OFFLINE, interviewer_model=None, judge_model=None
    )
    answers = tmp_path / "a.txt"
    answers.write_text("The gap between 5% and 25% means high variance: overfitting.\n")
    result = mockloop("--offline", "resume", sid, "--answers", str(answers), data_dir=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "IntegrityError" not in result.stderr + result.stdout
    status, overall, assessed = _status(tmp_path, sid)
    assert status == "finished" and overall is not None and assessed == 1
    db = sqlite3.connect(tmp_path / "mockloop.db")
    assert db.execute("select count(*) from sessions").fetchone() == (1,)


def test_a_session_killed_while_scoring_finishes_on_resume(tmp_path: Path) -> None:
    """Every turn is on disk, the round ended, but the judge and the finish never ran."""
    repo = _repo(tmp_path)
    sid = "0" * 31 + "b"
    recorder = Recorder(repo)

    def killed_while_scoring(event: Event) -> None:
        if not isinstance(event, AssessmentReady | SessionFinished):
            recorder(event)

    async def interview() -> None:
        from app.bank import load_bank

        engine = InterviewEngine(
            session_id=sid,
            plan=PLAN,
            bank=load_bank(ROOT / "question_bank", ROOT / "rubrics"),
            interviewer=OfflineInterviewer(),
            judge=OfflineJudge(),
            clock=FakeClock(),
            sink=killed_while_scoring,
        )
        await engine.start()
        await engine.submit("High variance: the model overfits; get more data, regularise.")
        await engine.end_round()
        await engine.drain()
        assert engine.finished

    asyncio.run(interview())
    assert _status(tmp_path, sid) == ("active", None, 0)
    for _ in range(2):  # and resuming a finished session again changes nothing
        result = mockloop("--offline", "resume", sid, data_dir=tmp_path)
        status, overall, assessed = _status(tmp_path, sid)
        assert status == "finished" and overall is not None and assessed == 1
    assert result.returncode == 2 and "already finished" in result.stderr
