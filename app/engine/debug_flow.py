"""The debugging round on the coding round's workspace: what differs is only how a script runs
and what the interviewer may read of a run.

Run trains the edited script (curves and the held-out target); Submit also runs every hidden
check. Both are stored like coding's Run/Submit turns, with the ScriptReport beside the run
report. The interviewer reads the run through `app.interviewer.debugging` (counts and curve
shapes, never a bug, its check or its line), and its hints come from the problem's ladder for
the bugs still unfixed.
"""

from __future__ import annotations

from collections.abc import Sequence

from app.domain.coding import RunStatus, Suite
from app.domain.debugging import DebugProblem, ScriptReport, ScriptRunner
from app.domain.transcript import Turn
from app.interviewer.debugging import hint_ladder, next_hint, run_facts


class NoScriptRunner(RuntimeError):
    """The session was built without a sandbox, so a script cannot run."""


async def run_script(
    runner: ScriptRunner | None, problem: DebugProblem, code: str, suite: Suite
) -> ScriptReport:
    """Run trains only; Submit runs every check. The run report says which it was."""
    if runner is None:
        raise NoScriptRunner("this session has no sandbox to run the script in")
    report = await runner.run_script(problem, code, checks=suite is Suite.HIDDEN)
    return report.model_copy(update={"run": report.run.model_copy(update={"suite": suite})})


def scripts_of(turns: Sequence[Turn], question_id: str) -> list[ScriptReport]:
    """Every stored run of the question's script, oldest first."""
    return [t.script for t in turns if t.script is not None and t.question_id == question_id]


def facts_for(problem: DebugProblem, reports: Sequence[ScriptReport]) -> list[str]:
    """The latest run as the interviewer may read it, compared with the run before it (a Run
    has only the target check, so it is compared with the last Submit)."""
    if not reports:
        return []
    last = reports[-1]
    names = {c.name for c in last.checks}
    previous = next(
        (r for r in reversed(reports[:-1]) if {c.name for c in r.checks} == names), None
    )
    facts = run_facts(last, previous)
    lines = facts.lines(problem.metric, problem.target)
    return lines[1:] if facts.checks == 0 and facts.status is RunStatus.OK else lines


def hint_rungs(problem: DebugProblem, last: ScriptReport | None, hints_given: int) -> list[str]:
    """The ladder still to give, as a list whose index `hints_given` is the next rung: the
    rungs given so far are taken as the first ones of the full ladder, then the rest skip the
    bugs the last Submit shows fixed."""
    given = hint_ladder(problem, None)[:hints_given]
    nxt = next_hint(problem, last if last is not None and last.checks else None, given)
    return [*given, *([nxt] if nxt is not None else [])]
