"""The debugging judge: the documented bugs-fixed mapping, collateral counted against, quotes
verified, and a partial fix scoring below the full fix on real sandbox runs."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.bank import load_bank
from app.bank.debugging import load_debugging_problem
from app.domain.bank import Rubric
from app.domain.coding import RunReport, RunStatus, Suite, TestOutcome, TestVerdict
from app.domain.debugging import CheckResult, CheckRole, DebugProblem, ScriptReport
from app.domain.transcript import Assessment
from app.judge.debugging import bugs_fixed_level, reverted, score_debugging, to_assessment
from tests.conftest import ROOT

FOLDER = ROOT / "question_bank" / "debugging" / "debug-logreg-imbalanced"


@pytest.fixture(scope="module")
def rubric() -> Rubric:
    return load_bank(ROOT / "question_bank", ROOT / "rubrics").rubrics["debugging"]


@pytest.fixture(scope="module")
def problem() -> DebugProblem:
    return load_debugging_problem(FOLDER)


@pytest.mark.parametrize(
    ("total", "levels"),
    [
        (8, [1, 1, 1, 1, 2, 2, 3, 3, 4]),  # the public example: 8 strong, 6-7 hire, 4-5 borderline
        (5, [1, 1, 1, 2, 3, 4]),
        (4, [1, 1, 2, 3, 4]),
        (3, [1, 1, 2, 4]),
        (6, [1, 1, 1, 2, 2, 3, 4]),
    ],
)
def test_bugs_fixed_mapping(total: int, levels: list[int]) -> None:
    assert [bugs_fixed_level(n, total) for n in range(total + 1)] == levels


def _report(
    problem: DebugProblem,
    fixed: set[str],
    *,
    guards_broken: int = 0,
    heldout: float = 0.95,
    target_ok: bool = True,
) -> ScriptReport:
    def outcome(name: str, ok: bool) -> TestOutcome:
        return TestOutcome(name=name, verdict=TestVerdict.PASSED if ok else TestVerdict.FAILED)

    checks = [
        CheckResult(role=CheckRole.BUG, bug_id=b.id, outcome=outcome(b.check, b.id in fixed))
        for b in problem.bugs
    ]
    checks.append(CheckResult(role=CheckRole.GUARD, outcome=outcome("guard_a", guards_broken < 1)))
    checks.append(CheckResult(role=CheckRole.GUARD, outcome=outcome("guard_b", guards_broken < 2)))
    checks.append(CheckResult(role=CheckRole.TARGET, outcome=outcome("check_target", target_ok)))
    run = RunReport(suite=Suite.HIDDEN, status=RunStatus.OK, tests=[c.outcome for c in checks])
    return ScriptReport(
        problem_id=problem.id, run=run, checks=checks, heldout=heldout, metric=problem.metric,
        goal=problem.goal, target=problem.target, epoch_budget=problem.epochs,
    )  # fmt: skip


def _levels(verdict: object) -> dict[str, int | None]:
    return {c.criterion: c.level for c in verdict.criteria}  # type: ignore[attr-defined]


def test_a_fix_that_breaks_a_guard_counts_against(problem: DebugProblem, rubric: Rubric) -> None:
    ids = {b.id for b in problem.bugs}
    clean = score_debugging(
        problem, _report(problem, ids), code="", candidate_text="", rubric=rubric
    )
    harmed = score_debugging(
        problem, _report(problem, ids, guards_broken=1), code="", candidate_text="", rubric=rubric
    )
    assert _levels(clean)["bugs_fixed"] == 4 and _levels(clean)["no_collateral"] == 4
    assert harmed.net_fixed == len(ids) - 1
    assert _levels(harmed)["bugs_fixed"] == 3 and _levels(harmed)["no_collateral"] == 2
    assert harmed.weighted_score is not None and clean.weighted_score is not None
    assert harmed.weighted_score < clean.weighted_score


def test_a_fix_undone_at_submit_is_a_regression(problem: DebugProblem, rubric: Rubric) -> None:
    ids = [b.id for b in problem.bugs]
    earlier = [_report(problem, set(ids[:2])), _report(problem, set(ids[:1]))]
    final = _report(problem, set(ids[:1]) | set(ids[2:]))
    verdict = score_debugging(
        problem, final, code="", candidate_text="", rubric=rubric, earlier=earlier
    )
    assert verdict.regressed == [ids[1]] and _levels(verdict)["no_collateral"] == 2
    restored = score_debugging(
        problem, _report(problem, set(ids)), code="", candidate_text="", rubric=rubric,
        earlier=earlier,
    )  # fmt: skip
    assert _levels(restored)["no_collateral"] == 3
    assert reverted(earlier) == [ids[1]]


def test_target_levels(problem: DebugProblem, rubric: Rubric) -> None:
    ids = {b.id for b in problem.bugs}

    def target(report: ScriptReport) -> int | None:
        return _levels(score_debugging(problem, report, code="", candidate_text="", rubric=rubric))[
            "target_reached"
        ]

    assert target(_report(problem, ids)) == 4
    assert target(_report(problem, set(list(ids)[:3]))) == 3
    assert target(_report(problem, ids, heldout=0.6, target_ok=False)) == 2


TALK = (
    "The loss wanders instead of falling, and the balanced accuracy curve sits at a coin flip. "
    "I suspect the labels no longer belong to their rows, because a model at chance with a "
    "noisy loss usually means the inputs carry no signal. "
    "I will print the first rows of features next to their labels after the split to check it. "
    "A finite difference check of the gradient against the loss should settle the scale question. "
    "After the fix the validation curve climbs above 0.9 within five epochs."
)


def test_process_criteria_quote_the_candidate_verbatim(
    problem: DebugProblem, rubric: Rubric
) -> None:
    verdict = score_debugging(
        problem, _report(problem, set()), code="", candidate_text=TALK, rubric=rubric
    )
    levels = _levels(verdict)
    assert levels["hypothesis"] is not None and levels["hypothesis"] >= 2
    assert levels["instrumentation"] is not None and levels["instrumentation"] >= 3
    assert levels["curve_reading"] is not None and levels["curve_reading"] >= 3
    for c in verdict.criteria:
        assert all(q in TALK for q in c.evidence), c
    silent = score_debugging(
        problem, _report(problem, set()), code="", candidate_text="", rubric=rubric
    )
    assert {_levels(silent)[k] for k in ("hypothesis", "instrumentation", "curve_reading")} == {1}
    assert _levels(silent)["no_collateral"] is None  # nothing fixed: nothing to judge


def test_a_keyword_list_earns_nothing_and_a_red_flag_caps(
    problem: DebugProblem, rubric: Rubric
) -> None:
    listed = "print, assert, shape, dtype, gradient check, finite difference, curve, plateau, nan."
    verdict = score_debugging(
        problem, _report(problem, set()), code="", candidate_text=listed, rubric=rubric
    )
    assert _levels(verdict)["instrumentation"] == 1
    flagged = (
        TALK + " Honestly I would just clip the probabilities and lower the learning rate until it"
        " stops."
    )
    capped = score_debugging(
        problem, _report(problem, set()), code="", candidate_text=flagged, rubric=rubric
    )
    assert (
        capped.red_flags
        and max(_levels(capped)[k] or 0 for k in ("hypothesis", "curve_reading")) <= 2
    )


def test_fixed_bugs_quote_the_submitted_code(problem: DebugProblem, rubric: Rubric) -> None:
    ids = {b.id for b in problem.bugs}
    verdict = score_debugging(
        problem, _report(problem, ids), code=problem.reference, candidate_text="", rubric=rubric
    )
    bugs = next(c for c in verdict.criteria if c.criterion == "bugs_fixed")
    assert bugs.evidence and all(q in problem.reference for q in bugs.evidence)
    assert "5 of 5 bugs fixed" in bugs.reasoning


@pytest.mark.slow
async def test_a_partial_fix_scores_below_the_full_fix(
    problem: DebugProblem, rubric: Rubric
) -> None:
    from app.sandbox.scripts import SandboxScriptRunner

    runner = SandboxScriptRunner()
    partial_code = problem.with_bugs([b.id for b in problem.bugs[2:]])  # two of five fixed
    partial = await runner.run_script(problem, partial_code)
    full = await runner.run_script(problem, problem.reference)
    assert sorted(partial.fixed) == sorted(b.id for b in problem.bugs[:2])
    scores = [
        score_debugging(problem, r, code=c, candidate_text=TALK, rubric=rubric)
        for r, c in ((partial, partial_code), (full, problem.reference))
    ]
    assert _levels(scores[0])["bugs_fixed"] == 1 and _levels(scores[1])["bugs_fixed"] == 4
    assert scores[0].weighted_score is not None and scores[1].weighted_score is not None
    assert scores[0].weighted_score < scores[1].weighted_score
    stored = [
        to_assessment(v, session_id="s", round_index=0, question_id=problem.id, rubric=rubric)
        for v in scores
    ]
    again = [Assessment.model_validate_json(a.model_dump_json()) for a in stored]
    assert [a.weighted_score for a in again] == [v.weighted_score for v in scores]
    assert again[0].criteria[0].reasoning.startswith("2 of 5 bugs fixed")


def test_rubric_file_is_the_one_scored(rubric: Rubric) -> None:
    from app.judge.debugging import MEASURED, SPOKEN

    assert [c.id for c in rubric.criteria] == [*MEASURED, *SPOKEN]
    assert Path(ROOT / "rubrics" / "debugging.yaml").is_file()
