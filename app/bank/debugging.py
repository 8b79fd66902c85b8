"""Load and validate one debugging problem folder into a DebugProblem, collecting every problem.

A folder is `question_bank/debugging/<id>/` with problem.yaml, reference.py (the correct script),
broken.py (what the candidate gets) and checks.py (one hidden check per planted bug, plus
optional guards). Each bug in problem.yaml names the exact text of reference.py it changes and
what replaces it; broken.py must be exactly the reference with every bug planted, so the
single-bug variants the tests run are the same bugs the candidate reads.
"""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from app.bank.errors import BankError, BankValidationError
from app.bank.problem_folder import FolderChecker, problem_dirs
from app.domain.bank import FollowUp, Hint, KeyPoint, Question, RedFlag
from app.domain.coding import CodingLimits
from app.domain.debugging import (
    SCRIPT_API,
    TARGET_CHECK,
    BugKind,
    DebugProblem,
    Goal,
    PlantedBug,
    SpanError,
    plant,
    spans,
)
from app.domain.text import shingles

SOURCES = ("reference.py", "broken.py", "checks.py")
RESERVED_CHECKS = (TARGET_CHECK, "guard_data_unchanged")  # added by the script runner
HINT_SHINGLE = 8
CODE_IN_HINT = 8  # a hint may not quote a line of the bug's code this long (stripped)


class _BugFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    kind: BugKind
    summary: str = Field(min_length=1)
    check: str = Field(pattern=r"^check_[a-z0-9_]+$")
    hints: list[Hint] = Field(min_length=1, max_length=3)
    find: str = Field(min_length=1)
    replace: str


class _ProblemFile(BaseModel):
    """problem.yaml: the usual question fields plus the symptom, target, budget and bugs."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    round: Literal["debugging"]
    area: str = Field(min_length=1)
    topics: list[str] = Field(min_length=1)
    difficulty: Literal["easy", "medium", "hard"]
    levels: list[Literal["mid", "senior", "staff"]] = Field(min_length=1)
    rubric: Literal["debugging"]
    minutes: int = Field(ge=1, le=120)
    prompt: str = Field(min_length=1)
    symptom: str = Field(min_length=1)
    metric: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    goal: Goal
    target: float
    epochs: int = Field(ge=1, le=500)
    time_limit_s: float = Field(default=40.0, gt=0, le=120)
    check_timeout_s: float = Field(default=15.0, gt=0, le=60)
    hints: list[Hint] = Field(min_length=1, max_length=3)
    follow_ups: list[FollowUp] = Field(min_length=1)
    key_points: list[KeyPoint] = Field(min_length=1)
    red_flags: list[RedFlag] = Field(default_factory=list)
    model_answer: str = Field(min_length=1)
    guards: list[str] = Field(default_factory=list)
    bugs: list[_BugFile] = Field(min_length=3, max_length=6)


debugging_problem_dirs = problem_dirs
_Checker = FolderChecker[_ProblemFile]


def _functions(tree: ast.Module) -> dict[str, ast.FunctionDef]:
    return {n.name: n for n in tree.body if isinstance(n, ast.FunctionDef)}


def _check_api(ch: _Checker, rel: str, tree: ast.Module) -> None:
    missing = [n for n in SCRIPT_API if n not in _functions(tree)]
    if missing:
        ch.err(rel, 1, "", f"does not define {', '.join(missing)} (the target check calls them)")


def _check_checks(ch: _Checker, tree: ast.Module, problem: _ProblemFile) -> None:
    fns = _functions(tree)
    for name in RESERVED_CHECKS:
        if name in fns:
            ch.err("checks.py", fns[name].lineno, name, "reserved: the script runner adds it")
    for fn in fns.values():
        args = fn.args
        if fn.name.startswith(("check_", "guard_")) and (
            len(args.args) != 2 or args.vararg or args.kwonlyargs
        ):
            ch.err("checks.py", fn.lineno, fn.name, "a check takes exactly (sol, ref)")
    seen: set[str] = set()
    named: list[tuple[list[str | int], str]] = [
        (["bugs", i, "check"], b.check) for i, b in enumerate(problem.bugs)
    ]
    named += [(["guards", i], g) for i, g in enumerate(problem.guards)]
    for loc, name in named:
        if name in seen:
            ch.yaml_err(loc, f"check {name!r} is used twice; each bug needs its own")
        seen.add(name)
        if name not in fns:
            ch.yaml_err(loc, f"checks.py does not define {name}")
    ids = [b.id for b in problem.bugs]
    for i, bug_id in enumerate(ids):
        if bug_id in ids[:i]:
            ch.yaml_err(["bugs", i, "id"], f"duplicate bug id {bug_id!r}")


def _check_hints(ch: _Checker, problem: _ProblemFile) -> None:
    """Hints point at where to look: no 8-word run of the answer, no line of the bug's code."""
    answer = shingles(problem.model_answer, HINT_SHINGLE)
    for kp in problem.key_points:
        answer |= shingles(kp.point, HINT_SHINGLE)
    lists: list[tuple[list[str | int], list[str], list[str]]] = [(["hints"], problem.hints, [])]
    for i, bug in enumerate(problem.bugs):
        code = [c.strip() for c in (bug.find + "\n" + bug.replace).splitlines()]
        lists.append((["bugs", i, "hints"], bug.hints, [c for c in code if len(c) >= CODE_IN_HINT]))
    for loc, hints, code in lists:
        for j, hint in enumerate(hints):
            leaked = shingles(hint, HINT_SHINGLE) & answer
            if leaked:
                phrase = " ".join(sorted(leaked)[0])
                ch.yaml_err([*loc, j], f"hint gives the answer away: shares {phrase!r} with it")
            quoted = next((c for c in code if c in hint), None)
            if quoted is not None:
                ch.yaml_err([*loc, j], f"hint quotes the bug's code {quoted!r}")


def _planted(ch: _Checker, problem: _ProblemFile) -> list[PlantedBug]:
    """Bugs with their line in broken.py; errors if a span is bad or broken.py has drifted."""
    reference, broken = ch.texts.get("reference.py"), ch.texts.get("broken.py")
    if reference is None or broken is None:
        return []
    try:
        located = spans(reference, [b.find for b in problem.bugs])
    except SpanError as exc:
        ch.yaml_err(["bugs", exc.index, "find"], exc.problem)
        return []
    bugs: list[PlantedBug] = []
    for (start, _, _), raw in zip(located, problem.bugs, strict=True):
        shift = sum(
            b.replace.count("\n") - b.find.count("\n")
            for (s, _, _), b in zip(located, problem.bugs, strict=True)
            if s < start
        )
        line = reference.count("\n", 0, start) + 1 + shift
        bugs.append(PlantedBug(**raw.model_dump(), line=line))
    expected = plant(reference, bugs)
    if expected != broken:
        want, got = expected.splitlines(), broken.splitlines()
        pairs = zip(want, got, strict=False)
        at = next((i for i, (a, b) in enumerate(pairs) if a != b), min(len(want), len(got)))
        ch.err("broken.py", at + 1, "", "is not reference.py with every bug planted (differs here)")
    return bugs


def _question(problem: _ProblemFile) -> Question:
    fields = problem.model_dump(
        include={
            "id", "round", "area", "topics", "difficulty", "levels", "rubric", "minutes",
            "prompt", "hints", "follow_ups", "key_points", "red_flags", "model_answer",
        }
    )  # fmt: skip
    return Question.model_validate(fields)


def _build(ch: _Checker, problem: _ProblemFile, bugs: list[PlantedBug]) -> DebugProblem:
    return DebugProblem(
        id=problem.id,
        question=_question(problem),
        symptom=problem.symptom,
        metric=problem.metric,
        goal=problem.goal,
        target=problem.target,
        epochs=problem.epochs,
        broken=ch.texts["broken.py"],
        reference=ch.texts["reference.py"],
        checks=ch.texts["checks.py"],
        bugs=bugs,
        guards=problem.guards,
        limits=CodingLimits(
            time_limit_s=problem.time_limit_s, test_timeout_s=problem.check_timeout_s
        ),
    )


def _check(folder: Path) -> tuple[DebugProblem | None, list[BankError]]:
    ch = _Checker(folder, _ProblemFile, compile_python=False)
    problem = ch.problem()
    trees: dict[str, Any] = {rel: ch.python(rel) for rel in SOURCES}
    for rel in ("reference.py", "broken.py"):
        if trees[rel] is not None:
            _check_api(ch, rel, trees[rel])
    if problem is None:
        return None, sorted(ch.errors)
    if trees["checks.py"] is not None:
        _check_checks(ch, trees["checks.py"], problem)
    _check_hints(ch, problem)
    bugs = _planted(ch, problem)
    if ch.errors or not bugs:
        return None, sorted(ch.errors)
    return _build(ch, problem, bugs), []


def validate_debugging_problem(folder: Path) -> list[BankError]:
    """Every problem in the folder, sorted by file and line; empty when it is valid."""
    return _check(folder)[1]


def load_debugging_problem(folder: Path) -> DebugProblem:
    problem, errors = _check(folder)
    if problem is None:
        raise BankValidationError(errors)
    return problem


def load_debugging_bank(root: Path) -> dict[str, DebugProblem]:
    """Every folder under `root`, by id; one error lists the problems of every folder."""
    problems: dict[str, DebugProblem] = {}
    errors: list[BankError] = []
    for folder in debugging_problem_dirs(root):
        problem, found = _check(folder)
        errors.extend(found)
        if problem is not None:
            problems[problem.id] = problem
    if errors:
        raise BankValidationError(errors)
    return problems
