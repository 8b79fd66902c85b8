"""A coding question opens with a warm sandbox child waiting, the first Run uses it, and closing
the engine leaves nothing running (real children, read from the process table)."""

from __future__ import annotations

import asyncio

from app.domain.bank import Bank
from app.domain.coding import Suite
from app.sandbox.runner import SandboxRunner
from tests.coding.helpers import BUGGY_ATTENTION, coding_engine
from tests.conftest import EventLog
from tests.sandbox.helpers import processes, sandbox_processes


async def _spare_started(before: set[int]) -> set[int]:
    for _ in range(200):  # the spare is started in the background: up to 10 s on a busy machine
        started = sandbox_processes() - before
        if started:
            return started
        await asyncio.sleep(0.05)
    return set()


def _children(pids: set[int]) -> set[int]:
    """Sandbox children, one per process group: a child forks once inside its namespaces (the
    outer process waits for the inner one), so one child is one or two processes, depending on
    when the process table is read."""
    return {p.pgrp for p in processes() if p.pid in pids}


async def test_the_first_run_uses_the_child_warmed_when_the_question_opened(
    real_bank: Bank, log: EventLog
) -> None:
    before = sandbox_processes()
    engine, clock = coding_engine(real_bank, log, runner=SandboxRunner(prewarm=True))
    await engine.start()
    waiting = await _spare_started(before)
    assert len(_children(waiting)) == 1, "one spare child waits once the coding question is open"

    clock.advance(120)
    report = await engine.run_code(BUGGY_ATTENTION, Suite.VISIBLE)
    assert report.pid in waiting, "the Run went to the warm child, not a cold start"
    assert not report.all_passed and report.tests

    await engine.aclose()
    assert sandbox_processes() - before == set(), "no spare outlives the engine"
