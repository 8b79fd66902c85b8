"""Profile problems name the file and line, so a candidate can fix their own document."""

from __future__ import annotations


class ProfileError(ValueError):
    """A profile that cannot be read or parsed; the message says where and why."""

    def __init__(self, source: str, line: int | None, problem: str) -> None:
        self.source, self.line, self.problem = source, line, problem
        where = f"{source}:{line}" if line is not None else source
        super().__init__(f"{where}: {problem}")
