"""One sandbox child process and its two channels, read concurrently with caps.

The parent owns the clocks: a start-up allowance until the child reports `ready`, then the
problem's wall-clock limit, after which the whole process group is killed.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import signal
import site
import sys
import time
from pathlib import Path
from typing import Any

from app.sandbox.capture import CappedOutput, EventLog
from app.sandbox.env import child_env
from app.sandbox.limits import SandboxLimits
from app.sandbox.report import EndReason

BOOTSTRAP = Path(__file__).with_name("bootstrap.py")
DRAIN_GRACE_S = 1.0


class Child:
    """Started by `spawn`; `supervise` waits for it to end (or ends it); `close` reaps it."""

    def __init__(
        self,
        proc: asyncio.subprocess.Process,
        transport: asyncio.BaseTransport,
        results: asyncio.StreamReader,
        limits: SandboxLimits,
        workdir: Path,
        uid: int | None,
    ) -> None:
        self.proc = proc
        self.workdir = workdir
        self.uid = uid
        self.started = time.perf_counter()
        self._transport = transport
        self.overflow = asyncio.Event()
        self.output = CappedOutput(limits.output_keep_bytes, limits.output_max_bytes, self.overflow)
        self.log = EventLog(limits.result_max_bytes)
        self._limits = limits
        assert proc.stdout is not None
        self._drains = [
            asyncio.create_task(self.output.drain(proc.stdout)),
            asyncio.create_task(self.log.drain(results)),
        ]
        self.loop = asyncio.get_running_loop()

    @property
    def alive(self) -> bool:
        return self.proc.returncode is None

    async def send_job(self, job: dict[str, Any]) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write((json.dumps(job) + "\n").encode())
        with contextlib.suppress(ConnectionError):
            await self.proc.stdin.drain()
        self.proc.stdin.close()

    async def supervise(self, time_limit_s: float) -> EndReason:
        exited = asyncio.create_task(self.proc.wait())
        ready = asyncio.create_task(self.log.ready.wait())
        flooded = asyncio.create_task(self.overflow.wait())
        try:
            await asyncio.wait(
                {exited, ready, flooded},
                timeout=self._limits.startup_timeout_s,
                return_when=asyncio.FIRST_COMPLETED,
            )
            if not (exited.done() or flooded.done()):
                if not ready.done():
                    return EndReason.STARTUP_TIMEOUT
                await asyncio.wait(
                    {exited, flooded}, timeout=time_limit_s, return_when=asyncio.FIRST_COMPLETED
                )
            if flooded.done():
                return EndReason.OUTPUT_LIMIT
            return EndReason.EXITED if exited.done() else EndReason.WALL_TIMEOUT
        finally:
            for task in (exited, ready, flooded):
                task.cancel()

    async def close(self) -> None:
        """Kill whatever is left of the group, reap the child, stop reading within a grace."""
        if self.proc.returncode is None:
            _kill_group(self.proc.pid)
        await self.proc.wait()
        ready = self.log.first("ready") or self.log.first("spare") or {}
        if "pidns" not in ready.get("isolation", []):
            _kill_group(self.proc.pid)  # no PID namespace: reach stragglers still in the group
            if self.uid is not None:
                await _kill_uid(self.uid)  # and those that left it with setsid()
        _, pending = await asyncio.wait(self._drains, timeout=DRAIN_GRACE_S)
        for task in pending:
            task.cancel()
        await asyncio.gather(*self._drains, return_exceptions=True)
        self._transport.close()


def _kill_group(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, signal.SIGKILL)


def _site() -> list[str]:
    """site-packages of this interpreter (numpy lives there); never the app's own source tree."""
    return [p for p in site.getsitepackages() if Path(p).is_dir()]


async def _kill_uid(uid: int) -> None:
    """`kill -9 -1` as the run's own uid reaches every process it has, in one kernel pass."""
    with contextlib.suppress(OSError):
        sweeper = await asyncio.create_subprocess_exec(
            "kill",
            "-9",
            "-1",
            user=uid,
            group=uid,
            extra_groups=[],
            stdin=asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.DEVNULL,
            env={"PATH": "/usr/bin:/bin"},
        )
        await sweeper.wait()


async def _uncancellable_start(*args: str, **kwargs: Any) -> asyncio.subprocess.Process:
    """`asyncio.create_subprocess_exec`, which a cancellation never interrupts halfway.

    Python 3.11's subprocess transport, cancelled while it connects the child's pipes, kills
    the child and then waits for every pipe to close, including the ones it never connected:
    it waits for ever (a test closing a session while its sandbox warmed up hung CI that way).
    So the start runs to the end in its own task; a cancelled caller kills the started group,
    reaps it, and then takes its cancellation."""
    starting = asyncio.ensure_future(asyncio.create_subprocess_exec(*args, **kwargs))
    try:
        return await asyncio.shield(starting)
    except asyncio.CancelledError:
        with contextlib.suppress(Exception):
            proc = await starting
            _kill_group(proc.pid)
            await proc.wait()
        raise


async def spawn(
    cfg: dict[str, Any], workdir: Path, limits: SandboxLimits, uid: int | None
) -> Child:
    """Start `python -I bootstrap.py CFG` in `workdir`, in its own session, on a scrubbed env."""
    loop = asyncio.get_running_loop()
    read_fd, write_fd = os.pipe()
    try:
        proc = await _uncancellable_start(
            sys.executable,
            "-I",
            "-S",  # no site: sys.path gets site-packages only, not .pth extras
            str(BOOTSTRAP),
            json.dumps({**cfg, "result_fd": write_fd, "parent_pid": os.getpid(), "site": _site()}),
            stdin=asyncio.subprocess.PIPE
            if cfg.get("wait_for_job")
            else asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.STDOUT,
            cwd=workdir,
            env=child_env(workdir),
            pass_fds=(write_fd,),
            start_new_session=True,
        )
    except BaseException:
        os.close(read_fd)
        raise
    finally:
        os.close(write_fd)
    results = asyncio.StreamReader()
    transport, _ = await loop.connect_read_pipe(
        lambda: asyncio.StreamReaderProtocol(results), os.fdopen(read_fd, "rb", buffering=0)
    )
    return Child(proc, transport, results, limits, workdir, uid)
