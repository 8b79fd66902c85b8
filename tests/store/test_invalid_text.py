"""Invalid text never crashes a write: lone surrogates (what `surrogateescape` makes of bad
UTF-8 bytes) and NUL are stored as U+FFFD on every backend, and the answer is kept."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

from app.domain.enums import JudgeKind, Mode, Phase, Role, RoundKind, TurnKind
from app.domain.records import LLMCallRecord
from app.domain.transcript import Assessment, CriterionScore, RoundPlan, SessionPlan, Turn
from app.store.repository import Repository

ROOT = Path(__file__).resolve().parents[2]
T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
BAD = "bad \udcff\udcfe and \ud83d alone\x00"
CLEAN = "bad \ufffd\ufffd and \ufffd alone\ufffd"


def test_turns_assessments_and_call_errors_with_surrogates_are_stored_replaced(
    store: Repository,
) -> None:
    plan = SessionPlan(
        rounds=[RoundPlan(kind=RoundKind.FUNDAMENTALS, minutes=5, question_ids=["q"])]
    )
    store.create_session("s", plan, mode=Mode.LLM, interviewer_model="m\udcff", judge_model=None)
    turn = Turn(
        seq=0,
        round_index=0,
        role=Role.CANDIDATE,
        kind=TurnKind.ANSWER,
        text=BAD,
        phase=Phase.QUESTIONS,
        question_id="q",
        facts=[BAD],
        at_s=1.0,
        created_at=T0,
    )
    store.add_turn("s", turn)
    store.add_assessment(
        Assessment(
            session_id="s",
            round_index=0,
            question_id="q",
            rubric_id="r",
            rubric_version=1,
            judge_kind=JudgeKind.OFFLINE,
            judge_model=None,
            criteria=[
                CriterionScore(criterion="c", evidence=[BAD], reasoning=BAD, level=2, weight=1)
            ],
            overall_level=2,
            weighted_score=2.0,
            is_estimate=True,
            strengths=[BAD],
            created_at=T0,
        )
    )
    store.record_llm_call(
        LLMCallRecord(
            purpose="judge",
            model="m",
            session_id="s",
            prompt_tokens=0,
            completion_tokens=0,
            cached_tokens=0,
            tokens_estimated=False,
            latency_ms=0.0,
            cost_usd=None,
            ok=False,
            error=BAD,
            created_at=T0,
        )
    )
    stored = store.load("s")
    assert [t.text for t in stored.turns] == [CLEAN]
    assert stored.turns[0].facts == [CLEAN]
    crit = stored.assessments[0].criteria[0]
    assert (crit.evidence, crit.reasoning) == ([CLEAN], CLEAN)
    assert stored.assessments[0].strengths == [CLEAN]
    assert stored.summary.interviewer_model == "m\ufffd"
    assert [c.error for c in store.llm_calls("s")] == [CLEAN]


def test_invalid_utf8_typed_on_stdin_is_kept_as_replacement_characters(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MOCKLOOP_", "OPENAI_"))}
    env |= {
        "PYTHONIOENCODING": "utf-8:surrogateescape",
        "MOCKLOOP_CONFIG_FILE": str(tmp_path / "none.toml"),
    }
    proc = subprocess.run(
        [sys.executable, "-m", "app", "--offline", "--data-dir", str(tmp_path), "run"],
        input=b"ok\n.\nbad \xff\xfe\n.\n",
        capture_output=True,
        env=env,
        cwd=ROOT,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr.decode(errors="replace")
    assert b"Traceback" not in proc.stderr
    con = sqlite3.connect(tmp_path / "mockloop.db")
    texts = [r[0] for r in con.execute("SELECT text FROM turns WHERE role = 'candidate'")]
    assert texts == ["ok", "bad \ufffd\ufffd"]
