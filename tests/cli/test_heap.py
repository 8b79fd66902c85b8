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


YOUNG_PROBE = """
import gc
from app.commands import heap
default = gc.get_threshold()[0]
heap.enable()
heap.freeze_startup_heap()
raised = gc.get_threshold()[0]
junk = [[i] for i in range(5000)]  # young containers, under the raised threshold
pending = gc.get_count()[0]
heap.between_turns()
print(default, raised, pending, gc.get_count()[0])
"""


def test_the_program_collects_young_objects_between_turns_not_inside_them() -> None:
    out = subprocess.run(
        [sys.executable, "-c", YOUNG_PROBE], cwd=ROOT, capture_output=True, text=True, check=True
    )
    default, raised, pending, after = (int(n) for n in out.stdout.split())
    assert raised == heap.YOUNG_THRESHOLD > default
    assert pending > 4000  # no collection ran while the "turn" allocated
    assert after < 100  # between turns, the young generation was collected
