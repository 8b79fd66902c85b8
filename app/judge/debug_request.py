"""A debugging question's judge request, read for `score_debugging`: the exchange's stored runs
(the last Submit is the final one, earlier Submits are checked for regressions), the submitted
code and the candidate's own words. The offline judge scores it whole; any other judge keeps its
reading of the words but has the measured criteria pinned to the hidden checks."""

from __future__ import annotations

from app.domain.coding import RunReport, RunStatus, Suite, TestOutcome, TestVerdict
from app.domain.debugging import CheckResult, CheckRole, DebugProblem, ScriptReport
from app.domain.enums import CODE_TURNS, Role
from app.domain.interviewing import JudgeRequest
from app.domain.transcript import Assessment
from app.judge.coding import _with_criteria
from app.judge.debugging import MEASURED, DebugVerdict, score_debugging, to_assessment


def never_run(problem: DebugProblem) -> ScriptReport:
    """What is known when nothing was submitted: every bug check counts as not run."""
    checks = [
        CheckResult(
            role=CheckRole.BUG,
            bug_id=b.id,
            outcome=TestOutcome(name=b.check, verdict=TestVerdict.NOT_RUN),
        )
        for b in problem.bugs
    ]
    run = RunReport(suite=Suite.HIDDEN, status=RunStatus.CRASHED, message="never submitted")
    return ScriptReport(
        problem_id=problem.id,
        run=run,
        checks=checks,
        metric=problem.metric,
        goal=problem.goal,
        target=problem.target,
        epoch_budget=problem.epochs,
    )


def verdict_of(request: JudgeRequest, problem: DebugProblem) -> DebugVerdict:
    """The last Submit judged against its checks; without one, the last Run's training (its
    bug checks did not run, so no bug counts as fixed)."""
    runs = [(t.text, t.script) for t in request.exchange if t.script is not None]
    submits = [(code, s) for code, s in runs if s.of_role(CheckRole.BUG)]
    chosen = submits or runs
    code, final = chosen[-1] if chosen else ("", never_run(problem))
    if not submits and chosen:
        missing = never_run(problem).checks
        final = final.model_copy(update={"checks": [*missing, *final.checks]})
    words = "\n\n".join(
        t.text for t in request.exchange if t.role is Role.CANDIDATE and t.kind not in CODE_TURNS
    )
    return score_debugging(
        problem,
        final,
        code=code,
        candidate_text=words,
        rubric=request.rubric,
        earlier=[s for _, s in submits[:-1]],
    )


def judge_debugging(request: JudgeRequest, model: str = "debugging-checks-v1") -> Assessment:
    """The offline judge's debugging assessment."""
    assert request.problem is not None, "a debugging request carries its problem"
    return to_assessment(
        verdict_of(request, request.problem),
        session_id=request.session_id,
        round_index=request.round_index,
        question_id=request.question.id,
        rubric=request.rubric,
        model=model,
    )


def pin_measured(assessment: Assessment, request: JudgeRequest) -> Assessment:
    """Any judge's debugging assessment with bugs fixed, collateral and target from the checks."""
    if request.problem is None:
        return assessment
    measured = {
        c.criterion: c
        for c in verdict_of(request, request.problem).criteria
        if c.criterion in MEASURED
    }
    criteria = [measured.get(c.criterion, c) for c in assessment.criteria]
    return _with_criteria(assessment, criteria)
