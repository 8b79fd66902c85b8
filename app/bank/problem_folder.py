"""What checking any question folder shares: reading files, parsing Python, problem.yaml.

Coding and debugging folders differ in what they must hold, not in how an unreadable file, a
syntax error or a bad problem.yaml field is reported; one checker keeps those messages, files,
lines and field names the same for both, and collects every problem instead of stopping.
"""

from __future__ import annotations

import ast
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Generic, Protocol, Self, TypeVar

from pydantic import ValidationError

from app.bank.errors import BankError, field_name
from app.bank.yaml_lines import LineFinder, parse

PROBLEM_FILE = "problem.yaml"


class ProblemModel(Protocol):
    """A problem.yaml model: validated from the parsed mapping, named by the folder it lives in."""

    @property
    def id(self) -> str: ...

    @classmethod
    def model_validate(cls, obj: Any) -> Self: ...


P = TypeVar("P", bound=ProblemModel)


def problem_dirs(root: Path) -> list[Path]:
    """Every folder under `root`, valid or not: none is skipped silently."""
    if not root.is_dir():
        return []
    return sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith((".", "_")))


class FolderChecker(Generic[P]):
    """Collects every problem of one folder; paths are relative to it, problems name its question.

    `compile_python` also compiles each parsed file, so errors only the compiler finds ('return'
    outside a function) are reported; coding folders ask for it, debugging folders do not.
    """

    def __init__(self, folder: Path, model: type[P], *, compile_python: bool) -> None:
        self.folder = folder
        self.owner = f"question {folder.name}"
        self.errors: list[BankError] = []
        self.texts: dict[str, str] = {}
        self.lines = LineFinder("")
        self._model = model
        self._compile = compile_python

    def err(self, rel: str, line: int, field: str, problem: str) -> None:
        self.errors.append(BankError(self.folder / rel, line, self.owner, field, problem))

    def yaml_err(self, loc: Sequence[str | int], problem: str) -> None:
        """A bad problem.yaml field, reported at the line of the deepest part of it that exists."""
        self.err(PROBLEM_FILE, self.lines.line(loc), field_name(loc), problem)

    def read(self, rel: str) -> str | None:
        path = self.folder / rel
        if not path.is_file():
            self.err(rel, 1, "", "missing file")
            return None
        try:
            self.texts[rel] = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            self.err(rel, 1, "", f"cannot read: {exc}")
            return None
        return self.texts[rel]

    def python(self, rel: str) -> ast.Module | None:
        text = self.read(rel)
        if text is None:
            return None
        filename = str(self.folder / rel)
        try:
            tree = ast.parse(text, filename=filename)
            if self._compile:
                compile(tree, filename, "exec")
        except SyntaxError as exc:
            self.err(rel, exc.lineno or 1, "", f"syntax error: {exc.msg}")
            return None
        return tree

    def problem(self) -> P | None:
        """problem.yaml validated, its id the folder's name; None (with errors) if it cannot be."""
        text = self.read(PROBLEM_FILE)
        if text is None:
            return None
        self.lines = LineFinder(text)
        try:
            data = parse(text)
        except Exception as exc:  # yaml.YAMLError and friends: report, don't crash the loader
            mark = getattr(exc, "problem_mark", None)
            self.err(PROBLEM_FILE, mark.line + 1 if mark else 1, "", f"invalid YAML: {exc}")
            return None
        if not isinstance(data, dict):
            self.err(PROBLEM_FILE, 1, "", "problem.yaml must be a mapping")
            return None
        self.owner = f"question {data.get('id', self.folder.name)}"
        try:
            problem = self._model.model_validate(data)
        except ValidationError as exc:
            for e in exc.errors():
                self.yaml_err(tuple(e["loc"]), e["msg"])
            return None
        if problem.id != self.folder.name:
            self.yaml_err(["id"], f"must match the folder name {self.folder.name!r}")
        return problem
