"""What the interviewer hears about a debugging run: counts and curve shapes, never the bugs."""

from __future__ import annotations

import math

from app.bank.debugging import load_debugging_problem
from app.domain.coding import RunReport, RunStatus, Suite
from app.domain.debugging import EpochPoint
from app.interviewer.debugging import describe_curves, hint_ladder, next_hint, run_facts
from tests.judge.test_debugging_judge import FOLDER, _report


def test_facts_count_checks_and_changes_without_naming_a_bug() -> None:
    problem = load_debugging_problem(FOLDER)
    ids = [b.id for b in problem.bugs]
    before = _report(problem, set(ids[:1]))
    after = _report(problem, set(ids[1:3]), guards_broken=1, heldout=0.7, target_ok=False)
    facts = run_facts(after, before)
    assert (facts.passing, facts.checks) == (3, 7)  # 2 bug checks + 1 of 2 guards
    assert (facts.newly_passing, facts.newly_failing) == (2, 2)
    text = " ".join(facts.lines(problem.metric, problem.target))
    assert "3 of 7 hidden checks pass." in text and "misses the target 0.93" in text
    assert "1 thing(s) that used to work are broken now." in text
    for bug in problem.bugs:
        assert bug.id not in text and bug.check not in text and bug.summary not in text


def test_a_run_that_did_not_finish_says_why() -> None:
    problem = load_debugging_problem(FOLDER)
    report = _report(problem, set()).model_copy(
        update={
            "run": RunReport(
                suite=Suite.HIDDEN,
                status=RunStatus.SETUP_ERROR,
                message="solution.py line 3: SyntaxError: invalid syntax",
            )
        }
    )
    assert run_facts(report).lines("m", 1.0) == [
        "The run did not finish: solution.py line 3: SyntaxError: invalid syntax"
    ]


def test_curve_shapes() -> None:
    series = {
        "train_loss": [(0, 1.0), (1, 0.8), (2, math.nan)],
        "val_loss": [(0, 1.0), (1, 2.0), (2, 3.0)],
        "val_acc": [(e, 0.55 + 0.001 * (e % 2)) for e in range(10)],
        "lr": [(0, 0.1), (1, 0.05)],
        "bal": [(0, 0.5), (1, 0.7), (2, 0.4), (3, 0.8), (4, 0.45), (5, 0.6)],
    }
    assert describe_curves(series) == [
        "train_loss is NaN from epoch 2.",
        "val_loss grows from 1 to 3.",
        "val_acc is flat at about 0.551.",
        "bal wanders from 0.5 to 0.6.",
    ]
    same = {"train_loss": [(0, 1.0), (1, 0.5)], "val_loss": [(0, 1.0), (1, 0.5)]}
    assert describe_curves(same)[-1] == "train_loss and val_loss are identical at every epoch."
    assert EpochPoint(epoch=0, values={"a": 1.0}).values == {"a": 1.0}


def test_the_hint_ladder_drops_fixed_bugs_and_runs_out() -> None:
    problem = load_debugging_problem(FOLDER)
    first = problem.bugs[0]
    report = _report(problem, {first.id})
    ladder = hint_ladder(problem, report)
    assert ladder[: len(problem.question.hints)] == problem.question.hints
    assert not set(first.hints) & set(ladder)
    assert set(problem.bugs[1].hints) <= set(ladder)
    given: list[str] = []
    while (hint := next_hint(problem, report, given)) is not None:
        given.append(hint)
    assert given == ladder
