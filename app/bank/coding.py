"""Load and validate one coding problem folder into a CodingSpec, collecting every problem found.

A folder is `question_bank/coding/<id>/` with problem.yaml, starter.py, reference.py,
tests_visible.py, tests_hidden.py and mistakes/<slug>.py (1-3 planted-mistake solutions).
"""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from app.bank.errors import BankError, BankValidationError
from app.bank.yaml_lines import LineFinder, parse
from app.domain.bank import FollowUp, KeyPoint, RedFlag, ScenarioFact
from app.domain.coding import CodingLimits, CodingSpec, Suite
from app.domain.enums import Difficulty, TargetLevel

PROBLEM_FILE = "problem.yaml"
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


def coding_problem_dirs(root: Path) -> list[Path]:
    """Every folder under question_bank/coding/, valid or not: none is skipped silently."""
    if not root.is_dir():
        return []
    return sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith((".", "_")))


class _Checker:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.owner = f"question {folder.name}"
        self.errors: list[BankError] = []
        self.texts: dict[str, str] = {}
        self.trees: dict[str, ast.Module] = {}

    def err(self, file: Path, line: int, field: str, problem: str) -> None:
        self.errors.append(BankError(file, line, self.owner, field, problem))

    def read(self, rel: str) -> str | None:
        path = self.folder / rel
        if not path.is_file():
            self.err(path, 1, "", "missing file")
            return None
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            self.err(path, 1, "", f"cannot read: {exc}")
            return None
        self.texts[rel] = text
        return text

    def python(self, rel: str) -> ast.Module | None:
        text = self.read(rel)
        if text is None:
            return None
        try:
            tree = ast.parse(text, filename=str(self.folder / rel))
            compile(tree, str(self.folder / rel), "exec")
        except SyntaxError as exc:
            self.err(self.folder / rel, exc.lineno or 1, "", f"syntax error: {exc.msg}")
            return None
        self.trees[rel] = tree
        return tree

    def problem(self) -> _ProblemFile | None:
        text = self.read(PROBLEM_FILE)
        if text is None:
            return None
        path = self.folder / PROBLEM_FILE
        try:
            data = parse(text)
        except Exception as exc:  # yaml.YAMLError and friends: report, don't crash the loader
            mark = getattr(exc, "problem_mark", None)
            self.err(path, mark.line + 1 if mark else 1, "", f"invalid YAML: {exc}")
            return None
        if not isinstance(data, dict):
            self.err(path, 1, "", "problem.yaml must be a mapping")
            return None
        self.owner = f"question {data.get('id', self.folder.name)}"
        return self._validate(data, path, LineFinder(text))

    def _validate(self, data: dict[str, Any], path: Path, lines: LineFinder) -> _ProblemFile | None:
        try:
            problem = _ProblemFile.model_validate(data)
        except ValidationError as exc:
            for e in exc.errors():
                loc = tuple(e["loc"])
                self.err(path, lines.line(loc), _field(loc), e["msg"])
            return None
        if problem.id != self.folder.name:
            self.err(
                path, lines.line(["id"]), "id", f"must match the folder name {self.folder.name!r}"
            )
        for i, name in enumerate(problem.entry):
            if not name.isidentifier():
                self.err(path, lines.line(["entry", i]), f"entry[{i}]", "not a Python name")
        return problem


def _field(loc: tuple[str | int, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


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
        ch.err(ch.folder / rel, 1, "entry", f"does not define {', '.join(missing)}")


def _check_tests(ch: _Checker, rel: str, tree: ast.Module) -> list[str]:
    names: list[str] = []
    for fn in suite_functions(tree):
        if fn.name in names:
            ch.err(ch.folder / rel, fn.lineno, fn.name, "defined twice; the first would never run")
        if len(fn.args.args) != 2 or fn.args.vararg or fn.args.kwonlyargs:
            ch.err(ch.folder / rel, fn.lineno, fn.name, "a test takes exactly (sol, ref)")
        names.append(fn.name)
    if not names:
        ch.err(ch.folder / rel, 1, "", "no test_* functions")
    return names


def _mistakes(ch: _Checker, entry: list[str] | None) -> dict[str, str]:
    folder = ch.folder / MISTAKES_DIR
    files = sorted(folder.glob("*.py")) if folder.is_dir() else []
    if not 1 <= len(files) <= MAX_MISTAKES:
        ch.err(
            folder, 1, "", f"needs 1-{MAX_MISTAKES} planted-mistake .py files, found {len(files)}"
        )
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
    ch = _Checker(folder)
    problem = ch.problem()
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
