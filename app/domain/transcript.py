"""Transcript lines and judge results: what the store persists and the reports render."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from app.domain.coding import RunReport
from app.domain.enums import JudgeKind, Phase, Role, RoundKind, TargetLevel, TurnKind
from app.domain.script_report import ScriptReport


class Turn(BaseModel):
    """One transcript line.

    `at_s` is active interview time (pauses excluded) since the session started.
    """

    model_config = ConfigDict(frozen=True)

    seq: int = Field(ge=0)
    round_index: int = Field(ge=0)
    role: Role
    kind: TurnKind
    text: str
    phase: Phase
    question_id: str | None = None
    follow_up_id: str | None = None
    criterion: str | None = None
    facts: list[str] = Field(default_factory=list)
    at_s: float = Field(ge=0)
    created_at: datetime
    run: RunReport | None = Field(
        default=None, description="a Run/Submit turn's results; its text is the code snapshot"
    )
    script: ScriptReport | None = Field(
        default=None, description="debugging: the run's checks and curves (`run` is its run)"
    )


class CriterionScore(BaseModel):
    """Judge output for one criterion, in the order the judge must produce it."""

    criterion: str
    evidence: list[str] = Field(default_factory=list)
    reasoning: str = ""
    level: int | None = Field(
        default=None, ge=1, le=4, description="None: not observed (no opportunity)"
    )
    weight: float = 1.0


class Assessment(BaseModel):
    """A judged question: main answer plus its follow-up exchange."""

    session_id: str
    round_index: int
    question_id: str
    rubric_id: str
    rubric_version: int
    judge_kind: JudgeKind
    judge_model: str | None = None
    criteria: list[CriterionScore]
    overall_level: int | None = Field(default=None, ge=1, le=4)
    weighted_score: float | None = Field(default=None, ge=1, le=4)
    strengths: list[str] = Field(default_factory=list)
    to_strong_hire: list[str] = Field(default_factory=list)
    red_flags: list[str] = Field(default_factory=list)
    injection_suspected: bool = False
    is_estimate: bool = False
    created_at: datetime | None = None

    @property
    def label(self) -> str:
        return "offline estimate" if self.is_estimate else f"judged by {self.judge_model or 'LLM'}"


class RoundPlan(BaseModel):
    kind: RoundKind
    minutes: int = Field(ge=1, le=180)
    question_ids: list[str] = Field(min_length=1)
    closing_question_id: str | None = None


class SessionPlan(BaseModel):
    rounds: list[RoundPlan] = Field(min_length=1)
    target_level: TargetLevel = TargetLevel.SENIOR
