"""A coding session on the real bank: engine, fake clock, real sandbox, and code to run."""

from __future__ import annotations

from collections.abc import Sequence

from app.domain.bank import Bank
from app.domain.enums import RoundKind
from app.domain.events import EventSink
from app.domain.transcript import RoundPlan, SessionPlan, Turn
from app.engine.clock import FakeClock
from app.engine.interview import InterviewEngine
from app.interviewer.base import Interviewer
from app.interviewer.offline import OfflineInterviewer
from app.judge.offline import OfflineJudge
from app.sandbox.runner import SandboxRunner

ATTENTION = "code-attention-mask"

BUGGY_ATTENTION = """import numpy as np


def scaled_dot_product_attention(q, k, v, mask=None):
    d = q.shape[-1]
    scores = q @ np.swapaxes(k, -1, -2) / np.sqrt(d)
    weights = np.exp(scores)
    weights = weights / weights.sum(axis=-1, keepdims=True)
    return weights @ v, weights
"""
"""No mask and no max subtraction: the causal example fails."""


def coding_plan(question_id: str = ATTENTION, minutes: int = 20) -> SessionPlan:
    return SessionPlan(
        rounds=[RoundPlan(kind=RoundKind.CODING, minutes=minutes, question_ids=[question_id])]
    )


def coding_engine(
    bank: Bank,
    sink: EventSink,
    *,
    plan: SessionPlan | None = None,
    history: Sequence[Turn] = (),
    interviewer: Interviewer | None = None,
    clock: FakeClock | None = None,
    runner: SandboxRunner | None = None,
) -> tuple[InterviewEngine, FakeClock]:
    clock = clock or FakeClock()
    engine = InterviewEngine(
        session_id="s-coding",
        plan=plan or coding_plan(),
        bank=bank,
        interviewer=interviewer or OfflineInterviewer(),
        judge=OfflineJudge(),
        clock=clock,
        sink=sink,
        history=history,
        code_runner=runner or SandboxRunner(),
    )
    return engine, clock
