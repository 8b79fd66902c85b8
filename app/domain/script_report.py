"""What one run of a candidate's edited training script produced: checks, curves, held-out score.

Apart from app/domain/debugging.py (the problems) because a stored transcript holds these
reports: reading one back must not import the bank's models, which the problems need.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from app.domain.coding import RunReport, RunStatus, TestOutcome


class Goal(StrEnum):
    """Whether the target metric is a floor (accuracy) or a ceiling (error)."""

    MAX = "max"
    MIN = "min"


class CheckRole(StrEnum):
    BUG = "bug"  # fails while its planted bug is in the script
    GUARD = "guard"  # passes on the broken script; failing means a change broke something
    TARGET = "target"  # trains within the epoch budget and reaches the held-out target


class EpochPoint(BaseModel):
    """One `report(epoch=..., **metrics)` call; NaN and infinities are kept, not dropped."""

    model_config = ConfigDict(frozen=True, ser_json_inf_nan="constants")

    epoch: int
    values: dict[str, float]


class CheckResult(BaseModel):
    model_config = ConfigDict(frozen=True)

    role: CheckRole
    bug_id: str | None = None
    outcome: TestOutcome

    @property
    def name(self) -> str:
        return self.outcome.name

    @property
    def passed(self) -> bool:
        return self.outcome.passed


class ScriptReport(BaseModel):
    """Everything one run of a script produced, as data: checks, curves, held-out score."""

    model_config = ConfigDict(frozen=True, ser_json_inf_nan="constants")

    problem_id: str
    run: RunReport
    checks: list[CheckResult]
    epochs: list[EpochPoint] = Field(default_factory=list)
    heldout: float | None = Field(default=None, description="the target metric on held-out data")
    metric: str
    goal: Goal
    target: float
    epoch_budget: int

    def of_role(self, role: CheckRole) -> list[CheckResult]:
        return [c for c in self.checks if c.role is role]

    @property
    def fixed(self) -> list[str]:
        """Bugs whose hidden check passes."""
        return [c.bug_id for c in self.of_role(CheckRole.BUG) if c.passed and c.bug_id]

    @property
    def unfixed(self) -> list[str]:
        return [c.bug_id for c in self.of_role(CheckRole.BUG) if not c.passed and c.bug_id]

    @property
    def broken_guards(self) -> list[str]:
        return [c.name for c in self.of_role(CheckRole.GUARD) if not c.passed]

    @property
    def within_budget(self) -> bool:
        return len({p.epoch for p in self.epochs}) <= self.epoch_budget

    @property
    def target_reached(self) -> bool:
        target = self.of_role(CheckRole.TARGET)
        return (
            self.run.status is RunStatus.OK
            and bool(target)
            and all(c.passed for c in target)
            and self.within_budget
        )

    def series(self) -> dict[str, list[tuple[int, float]]]:
        """Metric name -> (epoch, value) in report order: what the curves plot."""
        out: dict[str, list[tuple[int, float]]] = {}
        for point in self.epochs:
            for name, value in point.values.items():
                out.setdefault(name, []).append((point.epoch, value))
        return out
