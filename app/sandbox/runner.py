"""Run a candidate's code against one test suite in a sandbox child, without blocking the loop.

Cold runs start a fresh child per run. With `prewarm`, the runner keeps one spare child that has
already isolated itself and imported numpy, waiting on stdin for its job; each run uses the spare
and starts the next one afterwards, so Run-to-results skips interpreter and numpy start-up.
A spare is tied to the event loop that started it; on another loop the run goes cold.
"""

from __future__ import annotations

import asyncio
import contextlib
import math
import os
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from app.domain.coding import CodingSpec, RunReport, Suite
from app.sandbox.child import Child, spawn
from app.sandbox.limits import SandboxLimits
from app.sandbox.report import RunFacts, build_report
from app.sandbox.workdir import (
    make_workdir,
    remove_workdir,
    sweep_stale,
    tests_module,
    write_files,
)

SPARE_CPU_S = 600  # the idle spare's CPU cap until a job lowers it

_swept = False
_namespaces_work: bool | None = None
"""Whether the child managed to enter its namespaces; learnt on the first run, then reused."""


def _load(spec: CodingSpec | Path) -> CodingSpec:
    if isinstance(spec, CodingSpec):
        return spec
    from app.bank.coding import load_coding_problem

    return load_coding_problem(spec)


SHARED_TEMP = ("/tmp", "/var/tmp", "/dev/shm", "/run/lock")  # noqa: S108 - covered, not used


SYSTEM_DIRS = ("/", "/etc", "/usr", "/lib", "/lib64", "/bin", "/sbin", "/var", "/opt", "/dev")
"""Never covered, nor any dir holding one: a config file in /etc must not hide the loader's
cache or the system's libraries from the run."""


def _within(path: str, parent: str) -> bool:
    return path == parent or path.startswith(parent.rstrip("/") + "/")


def _hidden(private: tuple[str, ...]) -> list[str]:
    """Dirs the child covers with an empty tmpfs of its own: the home dirs (the app user's,
    and root's when we are root), the world-writable dirs (a file written there would outlive
    the run, and /dev/shm is memory), and the app's private dirs wherever they are (the database,
    the config file's dir, the bank with its hidden tests). The interpreter and the work dir
    are bound back inside them."""
    mine = {p for p in private if not any(_within(system, p) for system in SYSTEM_DIRS)}
    hidden = {str(Path.home()), tempfile.gettempdir(), *SHARED_TEMP, *mine}
    if os.geteuid() == 0:
        hidden.add("/root")
    return sorted(hidden)


class SandboxRunner:
    """The real CodeRunner. `audit_hook`/`namespaces` exist so tests can prove each layer alone."""

    def __init__(
        self,
        limits: SandboxLimits | None = None,
        *,
        audit_hook: bool = True,
        namespaces: bool = True,
        prewarm: bool = False,
        private: Sequence[Path] = (),
    ) -> None:
        """`private`: the app's own dirs the candidate's code must not read (see _hidden)."""
        self.limits = limits or SandboxLimits()
        self._private = tuple(str(p.expanduser().absolute()) for p in private)
        self._audit_hook = audit_hook
        self._namespaces = namespaces
        self._prewarm = prewarm
        self._spare: Child | None = None
        self._spare_task: asyncio.Task[None] | None = None
        global _swept
        if not _swept:  # once per process: what a killed app left behind
            _swept = True
            sweep_stale(time.time())

    async def run(self, spec: CodingSpec | Path, code: str, suite: Suite) -> RunReport:
        return (await self.run_with_events(spec, code, suite))[0]

    async def run_with_events(
        self, spec: CodingSpec | Path, code: str, suite: Suite
    ) -> tuple[RunReport, list[dict[str, Any]]]:
        """The report plus every event the child sent, in order (a script's `metric` events)."""
        started = time.perf_counter()
        problem = spec if isinstance(spec, CodingSpec) else await asyncio.to_thread(_load, spec)
        child = await self._take_spare()
        if child is not None:
            owner = self._owner(child.uid)
            await asyncio.to_thread(write_files, child.workdir, problem, code, suite, owner)
            await child.send_job(self._job(problem, suite))
        else:
            uid = self.limits.pick_uid()
            workdir = await asyncio.to_thread(make_workdir, self._owner(uid))
            await asyncio.to_thread(write_files, workdir, problem, code, suite, self._owner(uid))
            child = await self._spawn(workdir, uid, self._job(problem, suite))
        try:
            report = await self._finish(child, problem, suite, started)
        finally:
            await asyncio.to_thread(remove_workdir, child.workdir)
        if self._prewarm:
            self._spare_task = asyncio.create_task(self._make_spare())
        return report, list(child.log.events)

    def run_sync(self, spec: CodingSpec | Path, code: str, suite: Suite) -> RunReport:
        """For scripts and tests without a loop; inside a loop, await `run` instead."""

        async def once() -> RunReport:
            try:
                return await self.run(spec, code, suite)
            finally:
                await self.aclose()  # a spare cannot outlive this loop

        return asyncio.run(once())

    async def warm(self) -> None:
        """Start the spare now (e.g. when a coding question opens) and wait until it is ready."""
        await self._settle()
        if self._prewarm and self._spare is None:
            await self._make_spare()
        if self._spare is not None:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._spare.log.spare.wait(), self.limits.startup_timeout_s)

    async def aclose(self) -> None:
        """Drop the spare; call before the loop that started it ends."""
        await self._settle()
        spare, self._spare = self._spare, None
        if spare is not None and spare.loop is asyncio.get_running_loop():
            await spare.close()
            await asyncio.to_thread(remove_workdir, spare.workdir)

    @staticmethod
    def _owner(uid: int | None) -> tuple[int, int] | None:
        return (uid, uid) if uid is not None and os.geteuid() == 0 else None

    def _base_config(self, workdir: Path, uid: int) -> dict[str, Any]:
        lim = self.limits
        return {
            "workdir": str(workdir),
            "hide": _hidden(self._private),
            "namespaces": self._namespaces and _namespaces_work is not False,
            "audit_hook": self._audit_hook,
            "memory_bytes": lim.memory_mb * 2**20,
            "file_bytes": lim.file_mb * 2**20,
            "open_files": lim.open_files,
            "processes": lim.processes,
            "uid": uid,
            "gid": uid,
        }

    def _job(self, problem: CodingSpec, suite: Suite) -> dict[str, Any]:
        return {
            "cpu_s": math.ceil(problem.limits.time_limit_s + self.limits.cpu_slack_s) + 1,
            "tests_module": tests_module(suite),
            "test_names": problem.test_names[suite],
            "entry": problem.entry,
            "test_timeout_s": problem.limits.test_timeout_s,
        }

    async def _spawn(self, workdir: Path, uid: int, job: dict[str, Any] | None) -> Child:
        cfg = self._base_config(workdir, uid)
        cfg.update(job or {"wait_for_job": True, "cpu_s": SPARE_CPU_S})
        return await spawn(cfg, workdir, self.limits, uid if os.geteuid() == 0 else None)

    async def _make_spare(self) -> None:
        uid = self.limits.pick_uid()
        workdir = await asyncio.to_thread(make_workdir, self._owner(uid))
        try:
            child = await self._spawn(workdir, uid, None)
        except BaseException:  # cancelled (the session closed) or failed: no empty dir left
            remove_workdir(workdir)
            raise
        if self._spare is not None:  # warm() and a run's refill both made one: keep the first
            await child.close()
            await asyncio.to_thread(remove_workdir, workdir)
            return
        self._spare = child

    async def _settle(self) -> None:
        """Wait for a spare that is being started, so there is never more than one."""
        if self._spare_task is not None:
            with contextlib.suppress(Exception):
                await self._spare_task
            self._spare_task = None

    async def _take_spare(self) -> Child | None:
        await self._settle()
        spare, self._spare = self._spare, None
        if spare is None:
            return None
        if spare.loop is asyncio.get_running_loop() and spare.alive:
            return spare
        if spare.loop is asyncio.get_running_loop():
            await spare.close()
        await asyncio.to_thread(remove_workdir, spare.workdir)
        return None

    async def _finish(
        self, child: Child, problem: CodingSpec, suite: Suite, started: float
    ) -> RunReport:
        global _namespaces_work
        try:
            reason = await child.supervise(problem.limits.time_limit_s)
        finally:
            await child.close()
        facts = RunFacts(
            suite=suite,
            test_names=problem.test_names[suite],
            reason=reason,
            returncode=child.proc.returncode,
            seconds=time.perf_counter() - started,
            pid=child.proc.pid,
            uid=child.uid,
            time_limit_s=problem.limits.time_limit_s,
            output_max_bytes=self.limits.output_max_bytes,
        )
        report = build_report(facts, child.log, child.output)
        if child.log.first("ready") is not None and self._namespaces and _namespaces_work is None:
            _namespaces_work = "netns" in report.isolation
        return report
