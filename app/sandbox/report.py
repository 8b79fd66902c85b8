"""Turn the child's events and the way the run ended into one RunReport.

The child reports what it saw (tests, setup errors); the parent alone knows why it stopped the
child. Tests the child never reported are still listed, so pass rates always use the whole suite.
"""

from __future__ import annotations

import signal
from dataclasses import dataclass
from enum import Enum

from pydantic import ValidationError

from app.domain.coding import RunReport, RunStatus, Suite, TestOutcome, TestVerdict
from app.sandbox.capture import CappedOutput, EventLog

MESSAGE_CHARS = 300


class EndReason(Enum):
    EXITED = "exited"
    WALL_TIMEOUT = "wall_timeout"
    OUTPUT_LIMIT = "output_limit"
    STARTUP_TIMEOUT = "startup_timeout"


@dataclass(frozen=True)
class RunFacts:
    suite: Suite
    test_names: list[str]
    reason: EndReason
    returncode: int | None
    seconds: float
    pid: int | None
    uid: int | None
    time_limit_s: float
    output_max_bytes: int


@dataclass(frozen=True)
class _Status:
    status: RunStatus
    message: str = ""
    error_type: str | None = None
    error_line: int | None = None


_RUNNING_TEST: dict[EndReason, tuple[TestVerdict, str, str]] = {
    EndReason.WALL_TIMEOUT: (
        TestVerdict.TIMEOUT,
        "TimeoutError",
        "still running at the time limit",
    ),
    EndReason.OUTPUT_LIMIT: (TestVerdict.ERROR, "OutputLimit", "printed past the output limit"),
    EndReason.EXITED: (TestVerdict.ERROR, "Crashed", "the sandbox process died in this test"),
}


def _reported(log: EventLog, names: list[str]) -> dict[str, TestOutcome]:
    wanted = set(names)
    found: dict[str, TestOutcome] = {}
    for event in log.of_type("test"):
        name = event.get("name")
        if name not in wanted or name in found:
            continue
        try:
            outcome = TestOutcome.model_validate({k: v for k, v in event.items() if k != "type"})
        except ValidationError:
            continue
        found[outcome.name] = outcome.model_copy(
            update={"message": outcome.message[:MESSAGE_CHARS]}
        )
    return found


def _outcomes(facts: RunFacts, log: EventLog) -> list[TestOutcome]:
    found = _reported(log, facts.test_names)
    running_marked = log.first("imported") is None or log.first("done") is not None
    out: list[TestOutcome] = []
    for name in facts.test_names:
        if name in found:
            out.append(found[name])
        elif not running_marked:
            running_marked = True
            verdict, etype, msg = _RUNNING_TEST[
                facts.reason if facts.reason in _RUNNING_TEST else EndReason.EXITED
            ]
            out.append(TestOutcome(name=name, verdict=verdict, error_type=etype, message=msg))
        else:
            out.append(TestOutcome(name=name, verdict=TestVerdict.NOT_RUN))
    return out


def _signal_name(log: EventLog, returncode: int | None) -> str | None:
    exit_event = log.first("exit")
    if exit_event and isinstance(exit_event.get("signal"), str):
        return str(exit_event["signal"])
    if returncode is not None and returncode < 0:
        return signal.Signals(-returncode).name
    if returncode is not None and returncode > 128:
        try:
            return signal.Signals(returncode - 128).name
        except ValueError:
            return None
    return None


def _status(facts: RunFacts, log: EventLog, tests: list[TestOutcome]) -> _Status:
    if facts.reason is EndReason.OUTPUT_LIMIT:
        limit_mb = facts.output_max_bytes / 2**20
        return _Status(RunStatus.OUTPUT_LIMIT, f"printed more than {limit_mb:g} MB; run stopped")
    if facts.reason is EndReason.WALL_TIMEOUT:
        return _Status(RunStatus.TIMEOUT, f"the suite did not finish in {facts.time_limit_s:g} s")
    if facts.reason is EndReason.STARTUP_TIMEOUT:
        return _Status(RunStatus.CRASHED, "the sandbox did not start in time")
    setup = log.first("setup")
    if setup is not None:
        status = RunStatus.TIMEOUT if setup.get("kind") == "timeout" else RunStatus.SETUP_ERROR
        line = setup.get("line") if isinstance(setup.get("line"), int) else None
        etype = str(setup.get("error_type") or "Error")
        where = f"solution.py line {line}: " if line else "solution.py: "
        text = f"{where}{etype}: {str(setup.get('message', ''))[:MESSAGE_CHARS]}"
        return _Status(status, text, etype, line)
    if log.first("done") is not None:
        if any(t.error_type == "MemoryError" for t in tests):
            return _Status(RunStatus.MEMORY, "a test ran out of memory (address-space limit)")
        return _Status(RunStatus.OK)
    sig = _signal_name(log, facts.returncode)
    if sig == "SIGXCPU":
        return _Status(RunStatus.TIMEOUT, "the suite used up its CPU time")
    how = f"signal {sig}" if sig else f"exit code {facts.returncode}"
    return _Status(RunStatus.CRASHED, f"the sandbox process ended early ({how})")


def build_report(facts: RunFacts, log: EventLog, output: CappedOutput) -> RunReport:
    tests = _outcomes(facts, log)
    verdict = _status(facts, log, tests)
    ready = log.first("ready") or {}
    done = log.first("done") or {}
    isolation = ready.get("isolation")
    peak = done.get("peak_rss_kb")
    return RunReport(
        suite=facts.suite,
        status=verdict.status,
        tests=tests,
        message=verdict.message,
        error_type=verdict.error_type,
        error_line=verdict.error_line,
        output=output.text(),
        output_truncated=output.truncated,
        seconds=round(facts.seconds, 4),
        peak_rss_kb=peak if isinstance(peak, int) else None,
        isolation=[str(x) for x in isolation] if isinstance(isolation, list) else [],
        pid=facts.pid,
        uid=facts.uid,
    )
