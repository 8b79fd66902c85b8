"""Coding problems and sandbox run results, as the engine, interviewer and judge see them.

A run report is plain data: the engine stores it with the turn, the interviewer reads test names
and error types from it, the judge caps correctness at the hidden-test pass rate. Nothing here
knows how the code was run.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any, ClassVar, Protocol

from pydantic import BaseModel, ConfigDict, Field


class Suite(StrEnum):
    """Run uses the visible examples; Submit uses the hidden tests."""

    VISIBLE = "visible"
    HIDDEN = "hidden"


class RunStatus(StrEnum):
    """How the run as a whole ended. OK means the suite finished; tests may still have failed."""

    OK = "ok"
    TIMEOUT = "timeout"  # the suite's wall clock (or CPU budget) ran out
    MEMORY = "memory"  # a test hit the address-space limit
    CRASHED = "crashed"  # the child died without finishing (signal, start-up failure)
    OUTPUT_LIMIT = "output_limit"  # printed more than the cap; the run was stopped
    SETUP_ERROR = "setup_error"  # solution.py did not compile or import, or lacks an entry name


class TestVerdict(StrEnum):
    __test__: ClassVar[bool] = False

    PASSED = "passed"
    FAILED = "failed"  # an AssertionError from the test
    ERROR = "error"  # any other exception, raised by the candidate's code or the test
    TIMEOUT = "timeout"  # the per-test timer fired
    NOT_RUN = "not_run"  # the run stopped before this test


class TestOutcome(BaseModel):
    """One test's result. `line` points into the candidate's solution when their code raised."""

    __test__: ClassVar[bool] = False
    model_config = ConfigDict(frozen=True)

    name: str
    verdict: TestVerdict
    error_type: str | None = None
    message: str = ""
    seconds: float = 0.0
    line: int | None = None

    @property
    def passed(self) -> bool:
        return self.verdict is TestVerdict.PASSED


class RunReport(BaseModel):
    """Everything one Run or Submit produced. `tests` lists every test of the suite, in order."""

    model_config = ConfigDict(frozen=True)

    suite: Suite
    status: RunStatus
    tests: list[TestOutcome] = Field(default_factory=list)
    message: str = Field(default="", description="why the run ended early, in one line")
    error_type: str | None = None
    error_line: int | None = Field(default=None, description="line in solution.py, setup errors")
    output: str = Field(default="", description="the candidate's stdout+stderr, truncated")
    output_truncated: bool = False
    seconds: float = 0.0
    peak_rss_kb: int | None = None
    isolation: list[str] = Field(
        default_factory=list, description="the isolation layers that were active for this run"
    )
    pid: int | None = Field(default=None, description="the sandbox process (and group) id")
    uid: int | None = Field(default=None, description="the run's own uid, when it had one")

    @property
    def passed_count(self) -> int:
        return sum(1 for t in self.tests if t.passed)

    @property
    def pass_rate(self) -> float:
        return self.passed_count / len(self.tests) if self.tests else 0.0

    @property
    def all_passed(self) -> bool:
        return (
            self.status is RunStatus.OK and bool(self.tests) and all(t.passed for t in self.tests)
        )

    def failing(self) -> list[TestOutcome]:
        return [t for t in self.tests if not t.passed]


class CodingLimits(BaseModel):
    """Per-problem budgets from problem.yaml; the sandbox adds its own memory/file/process caps."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    time_limit_s: float = Field(default=10.0, gt=0, le=120)
    test_timeout_s: float = Field(default=2.0, gt=0, le=60)


class CodingSpec(BaseModel):
    """One loaded problem folder: sources as text, so running it needs no bank I/O.

    `question` holds the normal bank question fields from problem.yaml until they are merged into
    the Question model.
    """

    model_config = ConfigDict(frozen=True)

    id: str
    entry: list[str] = Field(min_length=1)
    limits: CodingLimits = Field(default_factory=CodingLimits)
    starter: str
    reference: str
    tests_visible: str
    tests_hidden: str
    test_names: dict[Suite, list[str]]
    mistakes: dict[str, str] = Field(default_factory=dict)
    question: dict[str, Any] = Field(default_factory=dict)
    support_files: dict[str, str] = Field(
        default_factory=dict, description="extra files for the work dir, e.g. a script's harness"
    )

    def tests_source(self, suite: Suite) -> str:
        return self.tests_visible if suite is Suite.VISIBLE else self.tests_hidden


class CodeRunner(Protocol):
    """What the engine receives to run a candidate's code; the sandbox is the real one."""

    async def run(self, spec: CodingSpec, code: str, suite: Suite) -> RunReport: ...

    async def warm(self) -> None:
        """Get ready for a run soon (a coding question just opened), so Run skips start-up."""

    async def aclose(self) -> None:
        """Stop anything kept warm; called before the session's loop ends."""


class TestFact(BaseModel):
    """What anyone but the sandbox may learn about one test: its name, verdict, error type, and
    for a visible (example) test its message. A hidden test's message can quote its inputs
    (numpy prints the arrays), so it never leaves the run report."""

    __test__: ClassVar[bool] = False
    model_config = ConfigDict(frozen=True)

    name: str
    verdict: TestVerdict
    error_type: str | None = None
    message: str = ""
    line: int | None = None


class RunDigest(BaseModel):
    """A run as the interviewer, the judge's prompt and the screens see it."""

    model_config = ConfigDict(frozen=True)

    suite: Suite
    status: RunStatus
    passed: int
    total: int
    tests: list[TestFact] = Field(default_factory=list)
    message: str = ""
    error_type: str | None = None
    error_line: int | None = None

    @classmethod
    def of(cls, report: RunReport) -> RunDigest:
        visible = report.suite is Suite.VISIBLE
        return cls(
            suite=report.suite,
            status=report.status,
            passed=report.passed_count,
            total=len(report.tests),
            tests=[
                TestFact(
                    name=t.name,
                    verdict=t.verdict,
                    error_type=t.error_type,
                    message=_gist(t.message) if visible else "",
                    line=t.line,
                )
                for t in report.tests
            ],
            message=report.message if report.status is not RunStatus.OK else "",
            error_type=report.error_type,
            error_line=report.error_line,
        )

    @property
    def all_passed(self) -> bool:
        return self.status is RunStatus.OK and self.total > 0 and self.passed == self.total

    @property
    def failing(self) -> list[TestFact]:
        return [t for t in self.tests if t.verdict is not TestVerdict.PASSED]

    def summary(self) -> str:
        """One line: `visible tests: 2/3 passed; failing: test_x (AssertionError)`."""
        head = f"{self.suite.value} tests: {self.passed}/{self.total} passed"
        if self.status is RunStatus.SETUP_ERROR:
            return f"{head}; the code did not load: {self.message}"
        if self.status is not RunStatus.OK:
            head += f"; run ended early ({self.status.value}: {self.message})"
        fails = [f"{t.name} ({t.error_type or t.verdict.value})" for t in self.failing]
        return f"{head}; failing: {', '.join(fails)}" if fails else head


def _gist(message: str) -> str:
    """The first two non-empty lines of a test message (numpy's come as a header, then the
    test's own words, then the arrays)."""
    lines = [line.strip() for line in message.splitlines() if line.strip()]
    return " / ".join(lines[:2])[:200]
