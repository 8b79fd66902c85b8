"""Work dirs a killed app left behind are removed; a live session's are not."""

from __future__ import annotations

import asyncio
import os
import tempfile
import time
from pathlib import Path

from app.domain.coding import CodingSpec, Suite
from app.sandbox.runner import SandboxRunner
from app.sandbox.workdir import PREFIX, STALE_AFTER_S, sweep_stale


def test_only_old_sandbox_dirs_are_swept() -> None:
    old = Path(tempfile.mkdtemp(prefix=PREFIX))
    (old / "solution.py").write_text("x = 1\n", encoding="utf-8")
    fresh = Path(tempfile.mkdtemp(prefix=PREFIX))
    other = Path(tempfile.mkdtemp(prefix="not-mockloop-"))
    now = time.time()
    for path in (old, other):
        os.utime(path, (now - STALE_AFTER_S - 60, now - STALE_AFTER_S - 60))
    try:
        assert sweep_stale(now) >= 1
        assert not old.exists()
        assert fresh.exists() and other.exists()
    finally:
        for path in (old, fresh, other):
            if path.exists():
                for child in path.iterdir():
                    child.unlink()
                path.rmdir()


async def test_a_warm_spare_and_a_runs_refill_leave_no_dir_behind(spec: CodingSpec) -> None:
    """A coding question opening (warm) while a Run refilled the spare made two spares; the
    one overwritten kept its work dir after the app closed (one empty dir per CLI session)."""
    mine = {p for p in Path(tempfile.gettempdir()).glob(f"{PREFIX}*")}
    runner = SandboxRunner(prewarm=True)
    code = "import numpy as np\n\n\ndef softmax(x):\n    return x\n"
    await asyncio.gather(runner.warm(), runner.run(spec, code, Suite.VISIBLE))
    await runner.warm()
    await runner.aclose()
    left = {p for p in Path(tempfile.gettempdir()).glob(f"{PREFIX}*")} - mine
    assert left == set()
