"""What the interviewer may know about a debugging run: counts and curve shapes, never the bugs.

The round hands every run's ScriptReport here; the offline interviewer speaks these facts and
the LLM interviewer gets the same lines in its context. Nothing here names a bug, its check or
its line: "3 of 5 hidden checks pass now (one more than last run)" and "the training loss is NaN
from epoch 2" are the whole vocabulary. Hints come from the problem's ladders, broad to narrow.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from app.domain.coding import RunStatus
from app.domain.debugging import DebugProblem, ScriptReport

FLAT_SHARE = 0.02  # a metric whose range is under 2% of its size is flat
RISE_RATIO = 1.5  # a loss ending 1.5x above its start is diverging


@dataclass(frozen=True)
class RunFacts:
    """One run, as the interviewer may read it."""

    status: RunStatus
    message: str
    passing: int
    checks: int
    newly_passing: int
    newly_failing: int
    guards_broken: int
    heldout: float | None
    target_reached: bool
    curves: list[str]

    def lines(self, metric: str, target: float) -> list[str]:
        if self.status is not RunStatus.OK:
            return [f"The run did not finish: {self.message}"]
        out = [f"{self.passing} of {self.checks} hidden checks pass."]
        if self.newly_passing or self.newly_failing:
            changed = f"{self.newly_passing} more pass, {self.newly_failing} now fail"
            out.append(f"Since the last run: {changed}.")
        if self.guards_broken:
            out.append(f"{self.guards_broken} thing(s) that used to work are broken now.")
        if self.heldout is not None:
            verdict = "reaches" if self.target_reached else "misses"
            out.append(f"Held-out {metric} {self.heldout:.4g} {verdict} the target {target}.")
        return out + self.curves


def _trend(name: str, points: Sequence[tuple[int, float]]) -> str | None:
    bad = next(((e, v) for e, v in points if not math.isfinite(v)), None)
    if bad is not None:
        return f"{name} is {'NaN' if math.isnan(bad[1]) else 'inf'} from epoch {bad[0]}."
    if len(points) < 2:
        return None
    values = [v for _, v in points]
    first, last, span = values[0], values[-1], max(values) - min(values)
    if span <= FLAT_SHARE * max(abs(first), abs(last), 1e-12):
        return f"{name} is flat at about {last:.3g}."
    if "loss" in name and last > RISE_RATIO * first:
        return f"{name} grows from {first:.3g} to {last:.3g}."
    against = sum(1 for a, b in itertools.pairwise(values) if (b > a) != (last > first))
    wanders = against >= 2 and 3 * against >= len(values) - 1  # a third of the steps go back
    shape = "wanders" if wanders else "rises" if last > first else "falls"
    return f"{name} {shape} from {first:.3g} to {last:.3g}."


def describe_curves(series: Mapping[str, Sequence[tuple[int, float]]]) -> list[str]:
    """One sentence per reported series (not the learning rate), plus a train/val gap."""
    out = [t for name, pts in series.items() if name != "lr" and (t := _trend(name, pts))]
    train, val = series.get("train_loss"), series.get("val_loss")
    finite = bool(train and val) and all(
        math.isfinite(v) for _, v in (*(train or []), *(val or []))
    )
    if finite and [v for _, v in train or []] == [v for _, v in val or []]:
        out.append("train_loss and val_loss are identical at every epoch.")
    return out


def run_facts(report: ScriptReport, previous: ScriptReport | None = None) -> RunFacts:
    checks = [c for c in report.checks if c.role.value != "target"]
    before = {c.name: c.passed for c in previous.checks} if previous is not None else {}
    return RunFacts(
        status=report.run.status,
        message=report.run.message,
        passing=sum(c.passed for c in checks),
        checks=len(checks),
        newly_passing=sum(1 for c in checks if c.passed and before.get(c.name) is False),
        newly_failing=sum(1 for c in checks if not c.passed and before.get(c.name) is True),
        guards_broken=len(report.broken_guards),
        heldout=report.heldout,
        target_reached=report.target_reached,
        curves=describe_curves(report.series()),
    )


def hint_ladder(problem: DebugProblem, report: ScriptReport | None) -> list[str]:
    """Hints still worth giving, in order: the general ladder, then each unfixed bug's rungs
    (bugs in script order). The bug itself is never named; its hints only point where to look."""
    unfixed = set(report.unfixed) if report is not None else {b.id for b in problem.bugs}
    hints = list(problem.question.hints)
    for bug in problem.bugs:
        if bug.id in unfixed:
            hints += bug.hints
    return hints


def next_hint(
    problem: DebugProblem, report: ScriptReport | None, given: Sequence[str]
) -> str | None:
    """The first hint on the ladder not given yet; None when the ladder is used up."""
    return next((h for h in hint_ladder(problem, report) if h not in given), None)
