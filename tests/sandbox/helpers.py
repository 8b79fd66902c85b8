"""Run code in the real sandbox while a heartbeat proves the loop stays free; scan /proc after."""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from pathlib import Path

from app.domain.coding import CodingLimits, CodingSpec, RunReport, Suite
from app.sandbox.limits import SANDBOX_UID_BASE, SANDBOX_UID_COUNT
from app.sandbox.runner import SandboxRunner

FIXTURE = Path(__file__).resolve().parents[1] / "data" / "sandbox" / "tiny-softmax"
TICK_S = 0.01


@dataclass(frozen=True)
class Proc:
    pid: int
    pgrp: int
    uid: int
    cmdline: str


def processes() -> list[Proc]:
    out = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            status = (entry / "status").read_text()
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()
        if fields[0] == "Z":
            continue  # a zombie runs nothing; its parent reaps it
        uid = next(int(line.split()[1]) for line in status.splitlines() if line.startswith("Uid:"))
        out.append(Proc(int(entry.name), int(fields[2]), uid, cmdline))
    return out


def sandbox_processes() -> set[int]:
    """Anything running as a sandbox uid, or still running our bootstrap."""
    uids = range(SANDBOX_UID_BASE, SANDBOX_UID_BASE + SANDBOX_UID_COUNT)
    return {p.pid for p in processes() if p.uid in uids or "sandbox/bootstrap.py" in p.cmdline}


MAX_GAP_S = 0.25


@dataclass
class Heartbeat:
    ticks: int = 0
    max_gap_s: float = 0.0
    samples: list[float] = field(default_factory=list)

    started: float = 0.0
    stopped: float = 0.0

    @property
    def elapsed_s(self) -> float:
        return self.stopped - self.started

    def blocked(self) -> bool:
        """A loop that waited on the child synchronously misses beats for most of the run; a
        loop merely starved of CPU by the busy child on 2 cores misses a few. Tell them apart
        by the share of the run, with a floor for short runs."""
        return self.max_gap_s >= max(MAX_GAP_S, self.elapsed_s / 2)

    async def beat(self) -> None:
        last = self.started = time.perf_counter()
        while True:
            await asyncio.sleep(TICK_S)
            now = time.perf_counter()
            self.max_gap_s = max(self.max_gap_s, now - last)
            self.ticks += 1
            last = now


def small_limits(spec: CodingSpec, time_limit_s: float = 3.0, test_s: float = 0.5) -> CodingSpec:
    return spec.model_copy(
        update={"limits": CodingLimits(time_limit_s=time_limit_s, test_timeout_s=test_s)}
    )


EXIT_GRACE_S = 2.0
"""How long a process the runner killed may take to finish exiting: on 2 busy cores the kernel
can still be tearing down a child that printed 50 MB (no command line left, not yet a zombie)
when the run returns. One still there after this is left running."""


def _left_of(report: RunReport) -> list[Proc]:
    return [
        p
        for p in processes()
        if report.pid in (p.pgrp, p.pid) or (report.uid is not None and p.uid == report.uid)
    ]


async def run_checked(
    runner: SandboxRunner,
    spec: CodingSpec,
    code: str,
    suite: Suite = Suite.VISIBLE,
    *,
    uid_scan: bool = True,
) -> tuple[RunReport, Heartbeat]:
    """One run with a heartbeat; afterwards nothing of the run may be left in the process table.

    `uid_scan=False` for a prewarming runner, whose next spare legitimately runs as the sandbox uid.
    """
    before = sandbox_processes()
    heart = Heartbeat()
    task = asyncio.create_task(heart.beat())
    try:
        report = await runner.run(spec, code, suite)
    finally:
        heart.stopped = time.perf_counter()
        task.cancel()
    assert report.pid is not None
    left = _left_of(report)
    deadline = time.monotonic() + EXIT_GRACE_S
    while left and time.monotonic() < deadline:  # a killed process may still be exiting
        await asyncio.sleep(0.05)
        left = _left_of(report)
    assert left == [], f"left running in the run's group: {left}"
    if uid_scan:
        assert sandbox_processes() - before == set(), "sandbox-uid processes left running"
    assert not heart.blocked(), (
        f"event loop blocked for {heart.max_gap_s:.3f} s of a {heart.elapsed_s:.3f} s run"
    )
    return report, heart
