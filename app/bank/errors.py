"""Bank problems carry file and line so a user can fix a 2,000-line YAML file without guessing."""

from __future__ import annotations

from collections.abc import Sequence
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


def field_name(loc: Sequence[str | int]) -> str:
    """`bugs[2].find` from ("bugs", 2, "find"): the way a YAML author would point at it."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def in_report_order(errors: Sequence[BankError]) -> list[BankError]:
    """Whole-file problems first (a file that cannot be read or is no mapping is the cause of
    what follows), then by file and line."""
    return sorted(errors, key=lambda e: (e.owner != "file", e))


class BankValidationError(Exception):
    """Raised with every problem found, not only the first."""

    def __init__(self, errors: list[BankError]) -> None:
        self.errors = in_report_order(errors)
        lines = "\n".join(str(e) for e in self.errors)
        super().__init__(f"{len(self.errors)} problem(s) in the question bank:\n{lines}")
