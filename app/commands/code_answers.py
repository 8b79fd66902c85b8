"""Code in an `--answers` file, and how a headless run prints Run/Submit turns.

A block may hold one fenced code block:

    /run
    ```python
    def f(x): ...
    ```

The fence is the candidate's code. A line `/run` (visible examples) or `/submit` (hidden tests)
outside the fence picks what happens to it; without one the code is submitted. Any prose in
the block is sent first as an ordinary message, then the code is run. Mistakes are reported
with the file's line number.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from app.domain.coding import Suite
from app.domain.transcript import Turn
from app.report.coding import run_lines

_FENCE_OPEN = re.compile(r"^```\s*(python|py)?\s*$")
_FENCE_CLOSE = re.compile(r"^```\s*$")
_ACTIONS = {"/run": Suite.VISIBLE, "/submit": Suite.HIDDEN}
CODE_LINE_S = 6.0
"""Typing time per line of code when a block gives no `@` time."""


class AnswersError(ValueError):
    """A malformed answers file, with the line the problem is on."""

    def __init__(self, line: int, problem: str) -> None:
        super().__init__(f"line {line}: {problem}")
        self.line = line


@dataclass(frozen=True)
class CodeAction:
    code: str
    suite: Suite
    block: str = ""  # the whole block as written, fences included: what a spoken round hears


def split_code(body: str, first_line: int) -> tuple[str, CodeAction | None]:
    """(prose, code action) of one block; `first_line` is the body's line in the file."""
    prose: list[str] = []
    code: list[str] | None = None
    suite: Suite | None = None
    opened: int | None = None
    closed = False
    for i, line in enumerate(body.split("\n")):
        at = first_line + i
        if opened is not None and not closed:
            if _FENCE_CLOSE.match(line.strip()):
                closed = True
            else:
                assert code is not None
                code.append(line)
            continue
        m = _FENCE_OPEN.match(line.strip())
        if m:
            if code is not None:
                raise AnswersError(at, "one code block per answer; separate them with ---")
            if m.group(1) is None:
                raise AnswersError(at, "a code block must be fenced as ```python")
            opened, code = at, []
        elif line.strip() in _ACTIONS:
            if suite is not None:
                raise AnswersError(at, "one /run or /submit per answer")
            suite = _ACTIONS[line.strip()]
        else:
            prose.append(line)
    if opened is not None and not closed:
        raise AnswersError(opened, "the ```python block is never closed with ```")
    if code is None:
        if suite is not None:
            raise AnswersError(first_line, "/run and /submit need a ```python block to run")
        return body, None
    text = "\n".join(prose).strip("\n")
    return text, CodeAction("\n".join(code) + "\n", suite or Suite.HIDDEN, block=body)


def code_seconds(action: CodeAction) -> float:
    return CODE_LINE_S * len([ln for ln in action.code.splitlines() if ln.strip()])


def print_run(turn: Turn, stamp: str, label: str, out: Callable[[str], None]) -> None:
    out(f"[{stamp}] {label}:")
    out("\n".join(run_lines(turn)) + "\n")
