"""Bank problems carry file and line so a user can fix a 2,000-line YAML file without guessing."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class BankError:
    file: Path
    line: int
    owner: str  # "question <id>", "rubric <id>" or "file"
    field: str
    problem: str

    def __str__(self) -> str:
        field = f"{self.field}: " if self.field else ""
        return f"{self.file}:{self.line}: {self.owner}: {field}{self.problem}"


class BankValidationError(Exception):
    """Raised with every problem found, not only the first."""

    def __init__(self, errors: list[BankError]) -> None:
        self.errors = sorted(errors)
        lines = "\n".join(str(e) for e in self.errors)
        super().__init__(f"{len(self.errors)} problem(s) in the question bank:\n{lines}")
