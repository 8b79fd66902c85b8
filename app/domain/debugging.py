"""Broken training scripts and what one run of a candidate's edited script produced.

A debugging problem is a correct reference script plus planted bugs, each an exact text span of
the reference and what replaces it. The broken script the candidate sees is the reference with
every span replaced, so "reference + one bug" is made mechanically and a single-bug variant can
never drift from the script the candidate reads. Each bug has a hidden check; guards are checks
the broken script already passes (a "fix" that breaks one did collateral damage); the target
check trains the script within its epoch budget and scores it on held-out data.
"""

from __future__ import annotations

import itertools
import math
from enum import StrEnum
from typing import Protocol

from pydantic import BaseModel, ConfigDict, Field

from app.domain.bank import Hint, Question
from app.domain.coding import CodingLimits
from app.domain.script_report import CheckResult as CheckResult
from app.domain.script_report import CheckRole as CheckRole
from app.domain.script_report import EpochPoint as EpochPoint
from app.domain.script_report import Goal as Goal
from app.domain.script_report import ScriptReport as ScriptReport

TARGET_CHECK = "check_target"
"""The check that trains the candidate's script and scores it on held-out data."""

SCRIPT_API = ("make_data", "train", "predict", "score")
"""Names every script defines: the target check calls them, so the candidate must keep them."""


class BugKind(StrEnum):
    """The failure catalogue planted bugs are drawn from."""

    UNSTABLE_SOFTMAX = "unstable_softmax"  # exp overflow, or log of zero
    SOFTMAX_AXIS = "softmax_axis"
    SHUFFLE_MISALIGNED = "shuffle_misaligned"  # features and labels shuffled separately
    NORMALISATION_LEAK = "normalisation_leak"  # val scaled with its own or the full data's stats
    SCHEDULE_OFF_BY_ONE = "schedule_off_by_one"  # warm-up or decay
    GRADIENT_SUM = "gradient_sum"  # summed where the learning rate assumes a mean
    ACCUMULATION_NOT_RESET = "accumulation_not_reset"
    DROPOUT_AT_EVAL = "dropout_at_eval"
    EARLY_STOP_ON_TRAIN = "early_stop_on_train"
    METRIC_WRONG_SPLIT = "metric_wrong_split"
    CLASS_WEIGHTS_INVERTED = "class_weights_inverted"
    DTYPE_BROADCAST = "dtype_broadcast"  # a silent dtype or broadcasting bug
    TARGET_LEAK = "target_leak"  # the label reaches the input (e.g. a window off by one)


class PlantedBug(BaseModel):
    """One planted bug: where it sits in the reference, what replaces it, how it is caught.

    `summary` and `find`/`replace` are for the judge and the review, never for the interviewer,
    which gets only `hints` (broad to narrow, never naming the line).
    """

    model_config = ConfigDict(frozen=True)

    id: str
    kind: BugKind
    summary: str
    check: str
    find: str
    replace: str
    hints: list[Hint] = Field(min_length=1, max_length=3)
    line: int = Field(ge=1, description="first line of the bug in broken.py")


class DebugProblem(BaseModel):
    """One loaded problem folder, sources as text, so running it needs no bank I/O."""

    model_config = ConfigDict(frozen=True)

    id: str
    question: Question
    symptom: str
    metric: str
    goal: Goal
    target: float
    epochs: int = Field(ge=1)
    broken: str
    reference: str
    checks: str
    bugs: list[PlantedBug] = Field(min_length=1)
    guards: list[str] = Field(default_factory=list)
    limits: CodingLimits = Field(default_factory=CodingLimits)

    def bug(self, bug_id: str) -> PlantedBug:
        found = next((b for b in self.bugs if b.id == bug_id), None)
        if found is None:
            raise KeyError(f"problem {self.id} has no bug {bug_id!r}")
        return found

    def with_bugs(self, bug_ids: list[str]) -> str:
        """The reference with exactly these bugs planted (all of them: the broken script)."""
        return plant(self.reference, [self.bug(b) for b in bug_ids])

    def reaches(self, value: float | None) -> bool:
        if value is None or not math.isfinite(value):
            return False
        return value >= self.target if self.goal is Goal.MAX else value <= self.target


class SpanError(ValueError):
    """A bug's `find` text is missing, repeated, or overlaps another bug's; `index` says which."""

    def __init__(self, index: int, problem: str) -> None:
        super().__init__(f"bug {index}: {problem}")
        self.index = index
        self.problem = problem


def _indented(block: str, indent: str) -> str:
    return "".join(indent + line + "\n" if line.strip() else "\n" for line in block.splitlines())


def _occurrences(reference: str, find: str) -> list[tuple[int, int, str]]:
    """Where `find` sits. A text ending in a newline is a block of whole lines written without
    their indentation (as YAML block scalars are); anything else is an exact substring."""
    if not find.endswith("\n"):
        found, at = [], reference.find(find)
        while find and at >= 0:
            found.append((at, at + len(find), ""))
            at = reference.find(find, at + 1)
        return found
    indents = {line[: len(line) - len(line.lstrip())] for line in reference.splitlines()}
    hits: list[tuple[int, int, str]] = []
    for indent in indents:
        block = _indented(find, indent)
        at = reference.find(block)
        while at >= 0:
            if at == 0 or reference[at - 1] == "\n":
                hits.append((at, at + len(block), indent))
            at = reference.find(block, at + 1)
    return hits


def spans(reference: str, finds: list[str]) -> list[tuple[int, int, str]]:
    """Where each `find` sits in the reference (start, end, indent): exactly once each, no two
    overlapping."""
    found: list[tuple[int, int, str]] = []
    for i, text in enumerate(finds):
        hits = _occurrences(reference, text)
        if len(hits) != 1:
            raise SpanError(i, f"the find text occurs {len(hits)} times in reference.py")
        found.append(hits[0])
    ordered = sorted((span[:2], i) for i, span in enumerate(found))
    for ((_, end), _), ((start, _), i) in itertools.pairwise(ordered):
        if start < end:
            raise SpanError(i, "its find text overlaps another bug's in reference.py")
    return found


def plant(reference: str, bugs: list[PlantedBug]) -> str:
    """Replace each bug's span of the reference; spans are located in the original text, and a
    block replacement takes the indentation its find text had there."""
    located = sorted(
        zip(spans(reference, [b.find for b in bugs]), bugs, strict=True), key=lambda p: p[0]
    )
    out: list[str] = []
    at = 0
    for (start, end, indent), bug in located:
        text = _indented(bug.replace, indent) if bug.find.endswith("\n") else bug.replace
        out += [reference[at:start], text]
        at = end
    out.append(reference[at:])
    return "".join(out)


class ScriptRunner(Protocol):
    """What the round receives to run a candidate's script; the sandbox is the real one."""

    async def run_script(
        self, problem: DebugProblem, code: str, *, checks: bool = True
    ) -> ScriptReport: ...

    async def aclose(self) -> None:
        """Stop any warm sandbox child; called when the session's loop ends."""


def _complete_bank() -> None:
    """`Bank.debugging` names DebugProblem, which needs Question first: finished here."""
    from app.domain.bank import Bank

    Bank.model_rebuild(_types_namespace={"DebugProblem": DebugProblem})


_complete_bank()
