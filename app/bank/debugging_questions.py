"""Debugging problem folders as bank questions: each folder's question (round `debugging`) is
checked against its rubric like any bank question, and the problem itself (broken script,
reference, checks) goes to `Bank.debugging`. One loader for both, so a session can never hold a
debugging question whose checks are missing."""

from __future__ import annotations

from collections.abc import Set as AbstractSet
from pathlib import Path

from app.bank.coding_questions import _ProblemLines
from app.bank.debugging import debugging_problem_dirs, validate_debugging_problem
from app.bank.errors import BankError
from app.bank.problem_folder import PROBLEM_FILE
from app.domain.bank import Question, Rubric
from app.domain.debugging import DebugProblem


def load_debugging_questions(
    root: Path,
    rubrics: dict[str, Rubric],
    errors: list[BankError],
    taken: AbstractSet[str] = frozenset(),
) -> tuple[dict[str, Question], dict[str, DebugProblem]]:
    """Every valid problem under `root` whose id no other question has (`taken`); every problem
    found goes to `errors`."""
    from app.bank.debugging import load_debugging_problem
    from app.bank.loader import _cross_check, _Source  # the bank file checks, shared

    questions: dict[str, Question] = {}
    problems: dict[str, DebugProblem] = {}
    for folder in debugging_problem_dirs(root):
        found = validate_debugging_problem(folder)
        if found:
            errors.extend(found)
            continue
        problem = load_debugging_problem(folder)
        q = asked(problem)
        path = folder / PROBLEM_FILE
        if q.id in taken:
            errors.append(BankError(path, 1, f"question {q.id}", "id", "id used twice"))
            continue
        rubric = rubrics.get(q.rubric)
        if rubric is None:
            errors.append(
                BankError(path, 1, f"question {q.id}", "rubric", f"unknown rubric id {q.rubric!r}")
            )
            continue
        lines = _ProblemLines(path.read_text(encoding="utf-8"))
        _cross_check(q, rubric, _Source(path, lines), 0, errors)
        questions[q.id], problems[q.id] = q, problem
    return questions, problems


def asked(problem: DebugProblem) -> Question:
    """The question as the candidate is asked it: the prompt, then the symptom they were told."""
    prompt = f"{problem.question.prompt.rstrip()}\n\nThe symptom: {problem.symptom.strip()}\n"
    return problem.question.model_copy(update={"prompt": prompt})
