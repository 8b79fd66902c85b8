"""What the interviewer says about a run that stopped early: tests that never ran are not
"failing", and a process that ended is not called an exception from the code."""

from __future__ import annotations

from app.domain.coding import RunDigest, RunStatus, Suite, TestFact, TestVerdict
from app.interviewer.coding import results_line


def _crashed() -> RunDigest:
    tests = [TestFact(name="test_random_batch", verdict=TestVerdict.ERROR, error_type="Crashed")]
    tests += [TestFact(name=f"test_{i}", verdict=TestVerdict.NOT_RUN) for i in range(7)]
    return RunDigest(suite=Suite.HIDDEN, status=RunStatus.CRASHED, passed=0, total=8, tests=tests)


def test_a_crashed_run_names_what_failed_and_counts_what_never_ran() -> None:
    said = results_line(_crashed())
    assert said.startswith("0 of 8 hidden tests pass; the process ended before the tests finished.")
    assert "Failing: test_random_batch (Crashed)." in said
    assert "7 did not run." in said
    assert "not_run" not in said and "exception from the code" not in said
    assert "ended the process" in said


def test_an_output_flood_says_so() -> None:
    run = RunDigest(
        suite=Suite.VISIBLE,
        status=RunStatus.OUTPUT_LIMIT,
        passed=0,
        total=2,
        tests=[TestFact(name="test_a", verdict=TestVerdict.ERROR, error_type="OutputLimit")],
    )
    said = results_line(run)
    assert "printed more than the output limit" in said and "printing that much" in said
