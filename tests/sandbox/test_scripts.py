"""The script runner in real sandbox children: checks by role, curves from report() events."""

from __future__ import annotations

import math

import pytest

from app.bank.debugging import load_debugging_problem
from app.domain.coding import RunStatus, TestVerdict
from app.domain.debugging import CheckRole, DebugProblem, ScriptReport
from app.sandbox.harness import MAX_EVENTS
from app.sandbox.scripts import DATA_GUARD, HELDOUT_SEED, SandboxScriptRunner
from tests.conftest import ROOT

pytestmark = pytest.mark.slow

FOLDER = ROOT / "question_bank" / "debugging" / "debug-logreg-imbalanced"


@pytest.fixture(scope="module")
def problem() -> DebugProblem:
    return load_debugging_problem(FOLDER)


@pytest.fixture
def runner() -> SandboxScriptRunner:
    return SandboxScriptRunner()


def _edit(code: str, old: str, new: str) -> str:
    assert old in code
    return code.replace(old, new, 1)


async def test_a_full_run_reports_checks_in_order_and_the_curves(
    problem: DebugProblem, runner: SandboxScriptRunner
) -> None:
    report = await runner.run_script(problem, problem.reference)
    assert report.run.status is RunStatus.OK
    names = [c.name for c in report.checks]
    assert names == [*(b.check for b in problem.bugs), DATA_GUARD, "check_target"]
    assert [c.role for c in report.checks][-2:] == [CheckRole.GUARD, CheckRole.TARGET]
    assert [p.epoch for p in report.epochs] == list(range(problem.epochs))
    series = report.series()
    assert set(series) == {"train_loss", "val_loss", "val_bal_acc"}
    assert series["train_loss"][-1][1] < series["train_loss"][0][1]
    assert report.heldout is not None and report.heldout >= problem.target
    assert report.target_reached and report.fixed == [b.id for b in problem.bugs]
    assert "epoch 19" in report.run.output  # printed text is kept, but never parsed


async def test_train_only_runs_just_the_target(
    problem: DebugProblem, runner: SandboxScriptRunner
) -> None:
    report = await runner.run_script(problem, problem.broken, checks=False)
    assert [c.name for c in report.checks] == ["check_target"]
    assert len(report.epochs) == problem.epochs and not report.target_reached
    assert report.fixed == [] and report.unfixed == []


async def test_nan_in_the_curves_survives_storage(
    problem: DebugProblem, runner: SandboxScriptRunner
) -> None:
    code = _edit(
        problem.reference, '"train_loss": loss(w, b, x_tr, y_tr, cw)', '"train_loss": float("nan")'
    )
    report = await runner.run_script(problem, code, checks=False)
    assert all(math.isnan(v) for _, v in report.series()["train_loss"])
    again = ScriptReport.model_validate_json(report.model_dump_json())
    assert math.isnan(again.series()["train_loss"][0][1])
    assert again.series()["val_loss"] == report.series()["val_loss"]


async def test_a_syntax_error_is_a_setup_error_with_its_line(
    problem: DebugProblem, runner: SandboxScriptRunner
) -> None:
    code = _edit(problem.reference, "def sigmoid(z):", "def sigmoid(z)")
    line = code.splitlines().index("def sigmoid(z)") + 1
    report = await runner.run_script(problem, code)
    assert report.run.status is RunStatus.SETUP_ERROR and report.run.error_line == line
    assert all(c.outcome.verdict is TestVerdict.NOT_RUN for c in report.checks)
    assert report.epochs == [] and not report.target_reached


async def test_training_past_the_epoch_budget_misses_the_target(
    problem: DebugProblem, runner: SandboxScriptRunner
) -> None:
    code = _edit(
        problem.reference, "for epoch in range(epochs):", "for epoch in range(epochs + 5):"
    )
    report = await runner.run_script(problem, code, checks=False)
    assert report.checks[0].passed and not report.within_budget
    assert not report.target_reached


async def test_changing_the_data_breaks_the_guard(
    problem: DebugProblem, runner: SandboxScriptRunner
) -> None:
    code = _edit(problem.reference, "- 3.6 + rng.normal(0.0, 0.5", "- 3.6 + rng.normal(0.0, 0.0")
    report = await runner.run_script(problem, code, only=[DATA_GUARD])
    assert report.broken_guards == [DATA_GUARD]
    assert f"{HELDOUT_SEED}" not in report.checks[0].outcome.message


async def test_a_flood_of_reports_is_capped_and_the_run_still_finishes(
    problem: DebugProblem, runner: SandboxScriptRunner
) -> None:
    code = _edit(
        problem.reference,
        "        report(epoch=epoch, **metrics)\n",
        "        for _ in range(20000):\n            report(epoch=epoch, **metrics)\n",
    )
    report = await runner.run_script(problem, code, checks=False)
    assert report.run.status is RunStatus.OK and report.checks[0].passed
    assert len(report.epochs) == MAX_EVENTS
    assert report.heldout is not None


async def test_an_unknown_check_name_is_refused(
    problem: DebugProblem, runner: SandboxScriptRunner
) -> None:
    with pytest.raises(KeyError, match="check_nothing"):
        await runner.run_script(problem, problem.reference, only=["check_nothing"])


async def test_extreme_reported_values_are_kept_and_drawn_never_a_crash(
    problem: DebugProblem, runner: SandboxScriptRunner
) -> None:
    """A probe's repro: a metric spanning -1e308..1e308 crashed drawing (the range overflowed to
    inf, NaN reached round()), and 10**400 failed float(): the round died and the stored
    session could no longer be shown or exported."""
    from app.report.curves import run_summary

    code = _edit(
        problem.reference,
        "        report(epoch=epoch, **metrics)\n",
        "        report(epoch=epoch, grad_norm=1e308 if epoch % 2 else -1e308, **metrics)\n"
        "        import sys\n"  # the result channel itself, as the probe reached it
        "        sys.modules['__main__'].EMIT('metric', epoch=epoch, values={'big': 10**400})\n",
    )
    report = await runner.run_script(problem, code, checks=False)
    assert report.run.status is RunStatus.OK
    series = report.series()
    assert {v for _, v in series["grad_norm"]} == {1e308, -1e308}
    assert all(v == math.inf for _, v in series["big"])
    lines = run_summary(report)
    assert any(line.startswith("metric") and "grad_norm" in line for line in lines)
    again = ScriptReport.model_validate_json(report.model_dump_json())
    assert run_summary(again) == lines
