"""Every broken training script is sound: the reference passes every check and reaches its
target, each planted bug alone fails its own check and no other, and the broken script fails
all of them. Runs in the real sandbox.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from app.bank.debugging import debugging_problem_dirs, load_debugging_problem
from app.domain.coding import RunStatus
from app.domain.debugging import CheckRole, DebugProblem
from app.sandbox.runner import SandboxRunner
from app.sandbox.scripts import SandboxScriptRunner
from tests.conftest import ROOT

BANK = ROOT / "question_bank" / "debugging"
PROBLEMS = debugging_problem_dirs(BANK)


def _failing(report_checks: list[tuple[str, bool, str]]) -> list[str]:
    return [f"{name}: {message}" for name, ok, message in report_checks if not ok]


async def _check_problem(problem: DebugProblem, runner: SandboxScriptRunner) -> None:
    ref = await runner.run_script(problem, problem.reference)
    assert ref.run.status is RunStatus.OK, ref.run.message + ref.run.output[-2000:]
    results = [(c.name, c.passed, c.outcome.message) for c in ref.checks]
    assert all(ok for _, ok, _ in results), _failing(results)
    assert ref.target_reached and problem.reaches(ref.heldout), ref.heldout
    assert len({p.epoch for p in ref.epochs}) >= 2, "the reference reports no curves"

    broken = await runner.run_script(problem, problem.broken)
    assert broken.run.status is RunStatus.OK, broken.run.message
    assert broken.fixed == [], f"the broken script already passes {broken.fixed}"
    assert broken.broken_guards == [], "a guard fails on the broken script"
    assert not broken.target_reached, f"the broken script reaches the target ({broken.heldout})"

    bug_checks = [b.check for b in problem.bugs]
    for bug in problem.bugs:
        alone = await runner.run_script(problem, problem.with_bugs([bug.id]), only=bug_checks)
        assert alone.run.status is RunStatus.OK, f"{bug.id}: {alone.run.message}"
        assert alone.unfixed == [bug.id], f"{bug.id} alone fails {alone.unfixed}"


@pytest.mark.slow
@pytest.mark.parametrize("folder", PROBLEMS, ids=[p.name for p in PROBLEMS])
async def test_script_is_sound(folder: Path) -> None:
    problem = load_debugging_problem(folder)
    runner = SandboxScriptRunner(SandboxRunner(prewarm=True))
    try:
        await _check_problem(problem, runner)
    finally:
        await runner.sandbox.aclose()


def test_the_bank_has_enough_scripts_and_bugs() -> None:
    problems = [load_debugging_problem(f) for f in PROBLEMS]
    assert len(problems) >= 8
    assert all(3 <= len(p.bugs) <= 6 for p in problems)
    kinds = {b.kind for p in problems for b in p.bugs}
    assert len(kinds) >= 10, f"the bank covers only {sorted(kinds)}"


def test_every_criterion_a_problem_names_is_in_the_debugging_rubric(real_bank: object) -> None:
    from app.domain.bank import Bank

    assert isinstance(real_bank, Bank)
    rubric = real_bank.rubrics["debugging"]
    ids = {c.id for c in rubric.criteria}
    for folder in PROBLEMS:
        q = load_debugging_problem(folder).question
        named = {kp.criterion for kp in q.key_points} | {f.criterion for f in q.follow_ups}
        assert named <= ids, f"{q.id}: {named - ids}"


def test_roles_cover_bugs_guards_and_the_target() -> None:
    from app.sandbox.scripts import check_roles

    problem = load_debugging_problem(PROBLEMS[0])
    roles = check_roles(problem)
    assert [n for n, (r, _) in roles.items() if r is CheckRole.BUG] == [
        b.check for b in problem.bugs
    ]
    assert list(roles)[-1] == "check_target"
    assert "guard_data_unchanged" in roles


def test_problem_ids_do_not_collide_with_the_question_bank(real_bank: object) -> None:
    from app.domain.bank import Bank

    assert isinstance(real_bank, Bank)
    ids = {load_debugging_problem(f).id for f in PROBLEMS}
    others = set(real_bank.questions) - set(real_bank.debugging)
    assert ids == set(real_bank.debugging) and not ids & others
