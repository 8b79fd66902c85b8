"""Load and validate one coding problem folder into a CodingSpec, collecting every problem found.

A folder is `question_bank/coding/<id>/` with problem.yaml, starter.py, reference.py,
tests_visible.py, tests_hidden.py and mistakes/<slug>.py (1-3 planted-mistake solutions).
"""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from app.bank.errors import BankError, BankValidationError
from app.bank.problem_folder import FolderChecker, problem_dirs
from app.domain.bank import FollowUp, KeyPoint, RedFlag, ScenarioFact
from app.domain.coding import CodingLimits, CodingSpec, Suite
from app.domain.enums import Difficulty, TargetLevel

SOURCES = ("starter.py", "reference.py", "tests_visible.py", "tests_hidden.py")
MISTAKES_DIR = "mistakes"
MAX_MISTAKES = 3
TEST_FILES = {Suite.VISIBLE: "tests_visible.py", Suite.HIDDEN: "tests_hidden.py"}


class _ProblemFile(BaseModel):
    """problem.yaml: the normal question fields plus what running the code needs."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    round: Literal["coding"]
    area: str = Field(min_length=1)
    topics: list[str] = Field(min_length=1)
    difficulty: Difficulty
    levels: list[TargetLevel] = Field(min_length=1)
    rubric: Literal["coding"]
    minutes: int = Field(ge=1, le=120)
    prompt: str = Field(min_length=1)
    scenario_facts: list[ScenarioFact] = Field(default_factory=list)
    follow_ups: list[FollowUp] = Field(default_factory=list)
    hints: list[str] = Field(min_length=1, max_length=3)
    key_points: list[KeyPoint] = Field(min_length=1)
    red_flags: list[RedFlag] = Field(default_factory=list)
    model_answer: str = Field(min_length=1)
    entry: list[str] = Field(min_length=1)
    time_limit_s: float = Field(default=10.0, gt=0, le=120)
    test_timeout_s: float = Field(default=2.0, gt=0, le=60)


coding_problem_dirs = problem_dirs
_Checker = FolderChecker[_ProblemFile]


def _check_entry_names(ch: _Checker, problem: _ProblemFile) -> None:
    for i, name in enumerate(problem.entry):
        if not name.isidentifier():
            ch.yaml_err(["entry", i], "not a Python name")


def _top_level_names(tree: ast.Module) -> set[str]:
    names: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.Assign):
            names.update(t.id for t in node.targets if isinstance(t, ast.Name))
        elif isinstance(node, ast.ImportFrom | ast.Import):
            names.update((a.asname or a.name).split(".")[0] for a in node.names)
    return names


def suite_functions(tree: ast.Module) -> list[ast.FunctionDef]:
    """Top-level `def test_*` in file order: the order the sandbox runs them in."""
    return [n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name.startswith("test_")]


def _check_entries(ch: _Checker, rel: str, tree: ast.Module, entry: list[str]) -> None:
    missing = [n for n in entry if n not in _top_level_names(tree)]
    if missing:
        ch.err(rel, 1, "entry", f"does not define {', '.join(missing)}")


def _check_tests(ch: _Checker, rel: str, tree: ast.Module) -> list[str]:
    names: list[str] = []
    for fn in suite_functions(tree):
        if fn.name in names:
            ch.err(rel, fn.lineno, fn.name, "defined twice; the first would never run")
        if len(fn.args.args) != 2 or fn.args.vararg or fn.args.kwonlyargs:
            ch.err(rel, fn.lineno, fn.name, "a test takes exactly (sol, ref)")
        names.append(fn.name)
    if not names:
        ch.err(rel, 1, "", "no test_* functions")
    return names


def _mistakes(ch: _Checker, entry: list[str] | None) -> dict[str, str]:
    folder = ch.folder / MISTAKES_DIR
    files = sorted(folder.glob("*.py")) if folder.is_dir() else []
    if not 1 <= len(files) <= MAX_MISTAKES:
        found = f"found {len(files)}"
        ch.err(MISTAKES_DIR, 1, "", f"needs 1-{MAX_MISTAKES} planted-mistake .py files, {found}")
    out: dict[str, str] = {}
    for path in files:
        rel = f"{MISTAKES_DIR}/{path.name}"
        tree = ch.python(rel)
        if tree is not None and entry is not None:
            _check_entries(ch, rel, tree, entry)
        if rel in ch.texts:
            out[path.stem] = ch.texts[rel]
    return out


def _check(folder: Path) -> tuple[CodingSpec | None, list[BankError]]:
    ch = _Checker(folder, _ProblemFile, compile_python=True)
    problem = ch.problem()
    if problem is not None:
        _check_entry_names(ch, problem)
    entry = problem.entry if problem else None
    trees = {rel: ch.python(rel) for rel in SOURCES}
    for rel in ("starter.py", "reference.py"):
        tree = trees[rel]
        if tree is not None and entry is not None:
            _check_entries(ch, rel, tree, entry)
    names = {
        suite: _check_tests(ch, rel, tree)
        for suite, rel in TEST_FILES.items()
        if (tree := trees[rel]) is not None
    }
    mistakes = _mistakes(ch, entry)
    if ch.errors or problem is None or len(names) != len(TEST_FILES):
        return None, sorted(ch.errors)
    question = problem.model_dump(mode="json", exclude={"entry", "time_limit_s", "test_timeout_s"})
    spec = CodingSpec(
        id=problem.id,
        entry=problem.entry,
        limits=CodingLimits(
            time_limit_s=problem.time_limit_s, test_timeout_s=problem.test_timeout_s
        ),
        starter=ch.texts["starter.py"],
        reference=ch.texts["reference.py"],
        tests_visible=ch.texts["tests_visible.py"],
        tests_hidden=ch.texts["tests_hidden.py"],
        test_names=names,
        mistakes=mistakes,
        question=question,
    )
    return spec, []


def validate_coding_problem(folder: Path) -> list[BankError]:
    """Every problem in the folder, sorted by file and line; empty when it is valid."""
    return _check(folder)[1]


def load_coding_problem(folder: Path) -> CodingSpec:
    spec, errors = _check(folder)
    if spec is None:
        raise BankValidationError(errors)
    return spec
