"""The start-up heap is frozen in the mockloop program only, never in a process that calls
`cli.main` with arguments (a test): frozen objects are never freed."""

from __future__ import annotations

import gc
import subprocess
import sys
from pathlib import Path

from app.cli import main
from app.commands import heap
from tests.conftest import ROOT

PROBE = """
import gc, sys
from app.commands import heap
heap.freeze_startup_heap()
before = gc.get_freeze_count()
heap.enable()
heap.freeze_startup_heap()
print(before, gc.get_freeze_count())
"""


def test_freezing_needs_the_program_to_enable_it() -> None:
    out = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, capture_output=True, text=True, check=True
    )
    before, after = (int(n) for n in out.stdout.split())
    assert before == 0 and after > 1000


def test_main_with_arguments_leaves_the_heap_alone(tmp_path: Path) -> None:
    frozen = gc.get_freeze_count()
    assert main(["--offline", "--data-dir", str(tmp_path), "sessions"]) == 0
    assert not heap._enabled
    assert gc.get_freeze_count() == frozen
