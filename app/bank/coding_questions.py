"""Coding problem folders as bank questions: each folder's problem.yaml becomes a `Question`
(round `coding`) checked against its rubric like any bank question, and its sources a
`CodingSpec` the sandbox runs. One loader for both, so a session can never hold a coding
question whose tests are missing."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from pydantic import ValidationError

from app.bank.coding import coding_problem_dirs, load_coding_problem
from app.bank.errors import BankError, BankValidationError
from app.bank.problem_folder import PROBLEM_FILE
from app.bank.yaml_lines import LineFinder
from app.domain.bank import Question, Rubric
from app.domain.coding import CodingSpec


class _ProblemLines(LineFinder):
    """Line lookups for one problem.yaml given bank-file paths (`questions`, index, ...)."""

    def line(self, path: Sequence[str | int]) -> int:
        return super().line(list(path)[2:])


def load_coding_questions(
    root: Path, rubrics: dict[str, Rubric], errors: list[BankError]
) -> tuple[dict[str, Question], dict[str, CodingSpec]]:
    """Every valid problem under `root`; every problem found goes to `errors`."""
    from app.bank.loader import _cross_check, _Source  # the bank file checks, shared

    questions: dict[str, Question] = {}
    specs: dict[str, CodingSpec] = {}
    for folder in coding_problem_dirs(root):
        try:
            spec = load_coding_problem(folder)
        except BankValidationError as exc:
            errors.extend(exc.errors)
            continue
        path = folder / PROBLEM_FILE
        lines = _ProblemLines(path.read_text(encoding="utf-8"))
        try:
            q = Question.model_validate(spec.question)
        except ValidationError as exc:
            for e in exc.errors():
                loc = [str(p) for p in e["loc"]]
                errors.append(
                    BankError(
                        path,
                        lines.line(["", 0, *loc]),
                        f"question {spec.id}",
                        ".".join(loc),
                        e["msg"],
                    )
                )
            continue
        rubric = rubrics.get(q.rubric)
        if rubric is None:
            errors.append(
                BankError(path, 1, f"question {q.id}", "rubric", f"unknown rubric id {q.rubric!r}")
            )
            continue
        _cross_check(q, rubric, _Source(path, lines), 0, errors)
        questions[q.id], specs[q.id] = q, spec
    return questions, specs
