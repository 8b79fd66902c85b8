"""Structured results from a real child: per-test verdicts, setup errors with lines, timeouts."""

from __future__ import annotations

import asyncio
import os
import textwrap
from pathlib import Path

import pytest

from app.domain.coding import CodingSpec, RunStatus, Suite, TestVerdict
from app.sandbox.child import spawn
from app.sandbox.runner import SandboxRunner
from app.sandbox.workdir import make_workdir, remove_workdir
from tests.sandbox.helpers import FIXTURE, run_checked, sandbox_processes

pytestmark = pytest.mark.slow


def _code(body: str) -> str:
    return textwrap.dedent(body).lstrip()


async def test_reference_passes_both_suites(runner: SandboxRunner, spec: CodingSpec) -> None:
    for suite in Suite:
        report, _ = await run_checked(runner, spec, spec.reference, suite)
        assert report.status is RunStatus.OK, report
        assert [t.name for t in report.tests] == spec.test_names[suite]
        assert report.all_passed and report.pass_rate == 1.0
        assert all(t.seconds >= 0 for t in report.tests)
        assert {"audit_hook", "rlimits"} <= set(report.isolation)
        assert report.peak_rss_kb is not None and report.peak_rss_kb > 1000


async def test_planted_mistake_fails_the_stability_test(
    runner: SandboxRunner, spec: CodingSpec
) -> None:
    report, _ = await run_checked(runner, spec, spec.mistakes["unstable"], Suite.HIDDEN)
    assert report.status is RunStatus.OK
    by_name = {t.name: t for t in report.tests}
    large = by_name["test_large_logits"]
    assert large.verdict is TestVerdict.FAILED
    assert large.error_type == "AssertionError"
    assert large.message == "non-finite output for large logits"
    assert by_name["test_random_batch"].passed and by_name["test_single_element"].passed
    assert report.pass_rate == pytest.approx(2 / 3)
    assert "overflow" in report.output  # numpy's RuntimeWarning reaches the captured output


async def test_an_exception_in_the_solution_names_its_line(
    runner: SandboxRunner, spec: CodingSpec
) -> None:
    code = _code(
        """
        import numpy as np

        def softmax(x):
            print("debug: shape", np.shape(x))
            raise ValueError("bad shape")
        """
    )
    report, _ = await run_checked(runner, spec, code)
    assert report.status is RunStatus.OK
    first = report.tests[0]
    assert (first.verdict, first.error_type, first.message, first.line) == (
        TestVerdict.ERROR,
        "ValueError",
        "bad shape",
        5,
    )
    assert "debug: shape (3,)" in report.output


async def test_one_slow_test_times_out_alone(runner: SandboxRunner, spec: CodingSpec) -> None:
    code = _code(
        """
        import numpy as np

        def softmax(x):
            x = np.asarray(x, dtype=float)
            while x.size == 1:
                pass
            e = np.exp(x - x.max(axis=-1, keepdims=True))
            return e / e.sum(axis=-1, keepdims=True)
        """
    )
    report, _ = await run_checked(runner, spec, code, Suite.HIDDEN)
    assert report.status is RunStatus.OK
    verdicts = {t.name: t.verdict for t in report.tests}
    assert verdicts == {
        "test_large_logits": TestVerdict.PASSED,
        "test_random_batch": TestVerdict.PASSED,
        "test_single_element": TestVerdict.TIMEOUT,
    }
    slow = report.tests[2]
    assert slow.error_type == "TimeoutError" and 0.4 < slow.seconds < 1.5


async def test_syntax_error_is_a_setup_error_with_its_line(
    runner: SandboxRunner, spec: CodingSpec
) -> None:
    code = "import numpy as np\n\ndef softmax(x)\n    return x\n"
    report, _ = await run_checked(runner, spec, code)
    assert report.status is RunStatus.SETUP_ERROR
    assert (report.error_type, report.error_line) == ("SyntaxError", 3)
    assert report.message.startswith("solution.py line 3: SyntaxError: ")
    assert all(t.verdict is TestVerdict.NOT_RUN for t in report.tests)
    assert len(report.tests) == len(spec.test_names[Suite.VISIBLE])


async def test_import_error_is_a_setup_error_with_its_line(
    runner: SandboxRunner, spec: CodingSpec
) -> None:
    code = (
        "import numpy as np\nimport torch_is_not_installed_here\n\ndef softmax(x):\n    return x\n"
    )
    report, _ = await run_checked(runner, spec, code)
    assert report.status is RunStatus.SETUP_ERROR
    assert (report.error_type, report.error_line) == ("ModuleNotFoundError", 2)
    assert "torch_is_not_installed_here" in report.message


async def test_missing_entry_name_is_a_setup_error(runner: SandboxRunner, spec: CodingSpec) -> None:
    report, _ = await run_checked(runner, spec, "def soft_max(x):\n    return x\n")
    assert report.status is RunStatus.SETUP_ERROR
    assert report.error_type == "NameError"
    assert "does not define: softmax" in report.message


async def test_starter_fails_every_test(runner: SandboxRunner, spec: CodingSpec) -> None:
    report, _ = await run_checked(runner, spec, spec.starter)
    assert report.status is RunStatus.OK
    assert {t.error_type for t in report.tests} == {"NotImplementedError"}
    assert report.passed_count == 0


def test_sync_wrapper_takes_a_problem_folder(fixture_spec: CodingSpec) -> None:
    report = SandboxRunner().run_sync(FIXTURE, fixture_spec.reference, Suite.HIDDEN)
    assert report.all_passed
    assert [t.name for t in report.tests] == fixture_spec.test_names[Suite.HIDDEN]


async def test_a_warm_spare_gives_the_same_results_and_is_dropped(spec: CodingSpec) -> None:
    before = sandbox_processes()
    runner = SandboxRunner(prewarm=True)
    await runner.warm()
    try:
        good, _ = await run_checked(runner, spec, spec.reference, uid_scan=False)
        await asyncio.wait_for(runner.warm(), 10)  # the next spare
        bad, _ = await run_checked(
            runner, spec, spec.mistakes["unstable"], Suite.HIDDEN, uid_scan=False
        )
    finally:
        await runner.aclose()
    assert good.all_passed
    assert bad.tests[0].verdict is TestVerdict.FAILED
    assert good.pid != bad.pid  # one child per run, never reused
    assert sandbox_processes() - before == set()


async def test_a_start_cancelled_at_any_step_ends_and_leaves_no_child() -> None:
    """Closing a session cancels its sandbox warm-up wherever it is. Cancelled while Python
    3.11 connects the child's pipes (the loop steps just after the fork), a subprocess start
    used to wait for ever, and a test run hung on it; each of the start's first steps is
    cancelled here in turn, and then a whole warm-up at a few moments."""
    before = sandbox_processes()
    runner = SandboxRunner(prewarm=True)
    uid = runner.limits.pick_uid()
    owner = (uid, uid) if os.geteuid() == 0 else None
    cfg = {**runner._base_config(make_workdir(owner), uid), "wait_for_job": True, "cpu_s": 5}
    workdir = Path(cfg["workdir"])
    try:
        for steps in range(8):
            task = asyncio.create_task(spawn(cfg, workdir, runner.limits, uid if owner else None))
            for _ in range(steps):
                await asyncio.sleep(0)
            task.cancel()
            done, _ = await asyncio.wait({task}, timeout=10)
            assert task in done, f"a start cancelled after {steps} loop steps never ended"
            if not task.cancelled() and task.exception() is None:
                await task.result().close()  # it had started before the cancellation
        for delay_ms in (0, 5, 20, 80):
            warming = asyncio.create_task(runner.warm())
            await asyncio.sleep(delay_ms / 1000)
            warming.cancel()
            ended, _ = await asyncio.wait({warming}, timeout=10)
            assert warming in ended, f"a warm-up cancelled after {delay_ms} ms never ended"
            await asyncio.wait_for(runner.aclose(), 10)
    finally:
        remove_workdir(workdir)
    assert sandbox_processes() - before == set()
