"""Read models that several layers share: a stored session and its one-line summary.

They are domain records, not table rows: `store/` converts, and `report/`, `tui/` and `practice/`
read them without importing the store.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from app.domain.enums import Mode, RoundKind, SessionStatus, TargetLevel
from app.domain.transcript import Assessment, SessionPlan, Turn


@dataclass(frozen=True)
class SessionSummary:
    id: str
    created_at: datetime
    status: SessionStatus
    mode: Mode
    interviewer_model: str | None
    judge_model: str | None
    rounds: list[RoundKind]
    overall_score: float | None
    elapsed_s: float
    target_level: TargetLevel

    @property
    def finished(self) -> bool:
        return self.status is SessionStatus.FINISHED


@dataclass(frozen=True)
class StoredSession:
    summary: SessionSummary
    plan: SessionPlan
    turns: list[Turn]
    assessments: list[Assessment]


@dataclass(frozen=True)
class LLMCallRecord:
    """One call (one attempt) to an LLM server as the store keeps it; the error is scrubbed."""

    purpose: str
    model: str
    session_id: str | None
    prompt_tokens: int
    completion_tokens: int
    cached_tokens: int
    tokens_estimated: bool
    latency_ms: float
    cost_usd: float | None
    ok: bool
    error: str | None
    created_at: datetime
