"""Round formats: durations, phases and budgets. Time is decided here in code, never by an LLM."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from app.domain.enums import Phase, RoundKind


class PhaseBudget(BaseModel):
    model_config = ConfigDict(frozen=True)

    phase: Phase
    minutes: float = Field(gt=0)
    max_follow_ups: int = Field(ge=0)


class RoundFormat(BaseModel):
    """A round's shape at its real length; `scaled` compresses it for shorter practice."""

    model_config = ConfigDict(frozen=True)

    kind: RoundKind
    default_minutes: int = Field(gt=0)
    min_minutes: int = Field(gt=0)
    max_minutes: int = Field(gt=0)
    minutes_per_question: float = Field(gt=0)
    max_follow_ups: int = Field(ge=0, description="per question, for rounds without design phases")
    closing_minutes: float = Field(ge=0)
    phases: tuple[PhaseBudget, ...] = ()
    scoping_nudge_minutes: float | None = None
    scoping_limit_minutes: float | None = None

    def scale(self, minutes: int) -> float:
        """Compression factor: real-length rounds keep absolute budgets (the 15/20-minute rule)."""
        return min(1.0, minutes / self.default_minutes)

    def usable_minutes(self, minutes: int) -> float:
        return minutes - self.closing_minutes * self.scale(minutes)

    def question_count(self, minutes: int) -> int:
        """Compressing a round asks fewer questions rather than rushing each one: a story
        still needs minutes, not seconds."""
        if self.kind is RoundKind.SYSTEM_DESIGN:
            return 1
        return max(1, int(self.usable_minutes(minutes) / self.minutes_per_question + 0.25))

    def question_budget_s(self, minutes: int) -> float:
        return self.usable_minutes(minutes) / self.question_count(minutes) * 60

    def phase_budget(self, phase: Phase) -> PhaseBudget | None:
        return next((p for p in self.phases if p.phase is phase), None)


FORMATS: dict[RoundKind, RoundFormat] = {
    RoundKind.FUNDAMENTALS: RoundFormat(
        kind=RoundKind.FUNDAMENTALS,
        default_minutes=45,
        min_minutes=5,
        max_minutes=60,
        minutes_per_question=8,
        max_follow_ups=3,
        closing_minutes=5,
    ),
    RoundKind.BEHAVIORAL: RoundFormat(
        kind=RoundKind.BEHAVIORAL,
        default_minutes=45,
        min_minutes=5,
        max_minutes=60,
        minutes_per_question=10,
        max_follow_ups=4,
        closing_minutes=5,
    ),
    RoundKind.CODING: RoundFormat(
        kind=RoundKind.CODING,
        default_minutes=45,
        min_minutes=15,
        max_minutes=60,
        minutes_per_question=20,
        max_follow_ups=4,
        closing_minutes=5,
    ),
    RoundKind.DEBUGGING: RoundFormat(
        kind=RoundKind.DEBUGGING,
        default_minutes=45,
        min_minutes=15,
        max_minutes=60,
        minutes_per_question=35,
        max_follow_ups=4,
        closing_minutes=5,
    ),
    RoundKind.SYSTEM_DESIGN: RoundFormat(
        kind=RoundKind.SYSTEM_DESIGN,
        default_minutes=45,
        min_minutes=10,
        max_minutes=75,
        minutes_per_question=40,
        max_follow_ups=8,
        closing_minutes=4,
        phases=(
            PhaseBudget(phase=Phase.REQUIREMENTS, minutes=8, max_follow_ups=2),
            PhaseBudget(phase=Phase.HIGH_LEVEL, minutes=8, max_follow_ups=2),
            PhaseBudget(phase=Phase.DEEP_DIVE, minutes=12, max_follow_ups=3),
            PhaseBudget(phase=Phase.FAILURE_MODES, minutes=6, max_follow_ups=2),
            PhaseBudget(phase=Phase.EVALUATION, minutes=5, max_follow_ups=2),
            PhaseBudget(phase=Phase.CANDIDATE_QUESTIONS, minutes=4, max_follow_ups=2),
        ),
        scoping_nudge_minutes=15,
        scoping_limit_minutes=20,
    ),
    RoundKind.DEEP_DIVE: RoundFormat(
        kind=RoundKind.DEEP_DIVE,
        default_minutes=40,
        min_minutes=10,
        max_minutes=45,
        minutes_per_question=12,
        max_follow_ups=4,
        closing_minutes=4,
    ),
}
