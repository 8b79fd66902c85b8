"""Run a candidate's edited training script in the sandbox and return checks and curves as data.

The script is the sandbox's `solution.py`, the problem's reference is `reference.py`, and the
hidden checks are the test module: bug checks in bug order, then guards, then the target check,
which trains the script within its epoch budget (the script's `report()` calls become `metric`
events on the result channel) and scores it on held-out data. Everything the round needs is in
the returned ScriptReport; nothing is parsed from printed output.
"""

from __future__ import annotations

import asyncio
import functools
import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from app.domain.coding import CodingSpec, RunReport, Suite
from app.domain.debugging import (
    SCRIPT_API,
    TARGET_CHECK,
    CheckResult,
    CheckRole,
    DebugProblem,
    EpochPoint,
    ScriptReport,
)
from app.sandbox.runner import SandboxRunner

TRAIN_SEED = 0
HELDOUT_SEED = 10_007
DATA_GUARD = "guard_data_unchanged"
HARNESS = Path(__file__).with_name("harness.py")

_GENERATED = """

# ---- added by mockloop's script runner: the same for every script ----
def {target}(sol, ref):
    from harness import target
    target(sol, ref, metric={metric!r}, goal={goal!r}, value={value!r}, epochs={epochs!r},
           train_seed={train_seed!r}, heldout_seed={heldout_seed!r})


def {guard}(sol, ref):
    from harness import same_data
    same_data(sol, ref, ({train_seed!r}, {heldout_seed!r}))
"""


def checks_source(problem: DebugProblem) -> str:
    """The authored checks plus the generated target check and data guard."""
    return problem.checks.rstrip("\n") + _GENERATED.format(
        target=TARGET_CHECK,
        guard=DATA_GUARD,
        metric=problem.metric,
        goal=problem.goal.value,
        value=problem.target,
        epochs=problem.epochs,
        train_seed=TRAIN_SEED,
        heldout_seed=HELDOUT_SEED,
    )


def check_roles(problem: DebugProblem) -> dict[str, tuple[CheckRole, str | None]]:
    """Every check of a full run, in run order, with its role and (for bug checks) its bug."""
    roles: dict[str, tuple[CheckRole, str | None]] = {
        b.check: (CheckRole.BUG, b.id) for b in problem.bugs
    }
    for guard in [*problem.guards, DATA_GUARD]:
        roles[guard] = (CheckRole.GUARD, None)
    roles[TARGET_CHECK] = (CheckRole.TARGET, None)
    return roles


@functools.cache
def harness_source() -> str:
    return HARNESS.read_text(encoding="utf-8")


def sandbox_spec(problem: DebugProblem, names: Sequence[str]) -> CodingSpec:
    """The problem as the sandbox's test-suite contract sees it: `names` run as the hidden suite."""
    source = checks_source(problem)
    return CodingSpec(
        id=problem.id,
        entry=list(SCRIPT_API),
        limits=problem.limits,
        starter=problem.broken,
        reference=problem.reference,
        tests_visible=source,
        tests_hidden=source,
        test_names={Suite.VISIBLE: [TARGET_CHECK], Suite.HIDDEN: list(names)},
        support_files={"harness.py": harness_source()},
    )


def _epochs(events: list[dict[str, Any]], index: int) -> tuple[list[EpochPoint], float | None]:
    """`metric` and `measure` events sent while the check at `index` ran (tests report at end)."""
    done = 0
    points: list[EpochPoint] = []
    heldout: float | None = None
    for event in events:
        kind = event.get("type")
        if kind == "test":
            done += 1
        elif done != index:
            continue
        elif kind == "metric" and _epoch(event.get("epoch")) is not None:
            values = event.get("values")
            numbers = (
                {str(k): _number(v) for k, v in values.items()} if isinstance(values, dict) else {}
            )
            if numbers and None not in numbers.values():
                points.append(EpochPoint(epoch=event["epoch"], values=numbers))
        elif kind == "measure" and _number(event.get("value")) is not None:
            heldout = _number(event["value"])
    return points, heldout


MAX_EPOCH = 1_000_000  # an epoch number beyond this is not a training run's


def _epoch(value: object) -> int | None:
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= MAX_EPOCH:
        return value
    return None


def _number(value: object) -> float | None:
    """A reported number as a float: an integer too large for one is an infinity of its sign
    (10**400 from the child's result channel crashed the round), anything else is dropped."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    try:
        return float(value)
    except OverflowError:
        return math.inf if value > 0 else -math.inf


def build_script_report(
    problem: DebugProblem, run: RunReport, events: list[dict[str, Any]]
) -> ScriptReport:
    roles = check_roles(problem)
    names = [t.name for t in run.tests]
    points: list[EpochPoint] = []
    heldout: float | None = None
    if TARGET_CHECK in names:
        points, heldout = _epochs(events, names.index(TARGET_CHECK))
    checks = [
        CheckResult(role=roles[t.name][0], bug_id=roles[t.name][1], outcome=t)
        for t in run.tests
        if t.name in roles
    ]
    return ScriptReport(
        problem_id=problem.id,
        run=run,
        checks=checks,
        epochs=points,
        heldout=heldout,
        metric=problem.metric,
        goal=problem.goal,
        target=problem.target,
        epoch_budget=problem.epochs,
    )


class SandboxScriptRunner:
    """The real ScriptRunner: one sandbox child per run (or the runner's warm spare)."""

    def __init__(self, sandbox: SandboxRunner | None = None) -> None:
        self.sandbox = sandbox or SandboxRunner()

    async def run_script(
        self,
        problem: DebugProblem,
        code: str,
        *,
        checks: bool = True,
        only: Sequence[str] | None = None,
    ) -> ScriptReport:
        """`checks=False` trains only (curves and the target); `only` runs just those checks."""
        roles = check_roles(problem)
        names = list(only) if only is not None else (list(roles) if checks else [TARGET_CHECK])
        unknown = [n for n in names if n not in roles]
        if unknown:
            raise KeyError(f"problem {problem.id} has no check(s) {', '.join(unknown)}")
        spec = sandbox_spec(problem, names)
        run, events = await self.sandbox.run_with_events(spec, code, Suite.HIDDEN)
        return build_script_report(problem, run, events)

    async def aclose(self) -> None:
        await self.sandbox.aclose()

    def run_script_sync(
        self,
        problem: DebugProblem,
        code: str,
        *,
        checks: bool = True,
        only: Sequence[str] | None = None,
    ) -> ScriptReport:
        """For scripts and tests without a loop; inside a loop, await `run_script` instead."""

        async def once() -> ScriptReport:
            try:
                return await self.run_script(problem, code, checks=checks, only=only)
            finally:
                await self.sandbox.aclose()

        return asyncio.run(once())
