"""SIGKILL the real CLI at every named point; resume without --take-over until it finishes.

The kill hook (tests/crash/hook/sitecustomize.py) is loaded by the child processes only.
"""

from __future__ import annotations

import signal
from pathlib import Path

import pytest

from tests.crash.trial import Outcome, run_trial
from tests.store.backends import fresh_pg_database, require_pg

KILLED = -signal.SIGKILL


def _assert_recovered(out: Outcome) -> None:
    assert out.lost_turns == 0, (out.snapshots, out.final)
    assert out.duplicate_seqs == 0 and out.contiguous, out.final
    assert out.finished, (out.status, out.overall, out.returncodes, out.stderr)
    assert out.tracebacks == 0, out.stderr
    assert out.returncodes[-1] == 0, out.stderr


CASES = [
    ["after_session_row"],
    ["before_turn:1"],
    ["before_turn:4"],
    ["inside_turn:3"],
    ["inside_turn:6"],
    ["after_turn:2"],
    ["after_turn:7"],
    ["before_turn:11"],  # the script is used up; the round waits for questions
    ["during_judging"],
    ["between_assessment_and_finish"],
    ["after_turn:3", "during_resume"],
    ["inside_turn:5", "inside_turn:2", "during_judging"],
]


@pytest.mark.slow
@pytest.mark.parametrize("crashes", CASES, ids=lambda c: "+".join(c))
def test_a_killed_session_resumes_to_the_end_losing_nothing(
    tmp_path: Path, crashes: list[str]
) -> None:
    out = run_trial(tmp_path, crashes)
    assert out.returncodes[: len(crashes)] == [KILLED] * len(crashes), out.stderr
    assert len(out.returncodes) <= len(crashes) + 1  # one clean resume finishes the job
    _assert_recovered(out)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("point", "n", "committed"),
    [
        ("before_turn", 3, 2),
        ("inside_turn", 3, 2),
        ("after_turn", 3, 3),
    ],
)
def test_the_turn_points_kill_where_they_say(
    tmp_path: Path, point: str, n: int, committed: int
) -> None:
    """inside_turn dies after the INSERT ran but before its commit: the turn is not on disk."""
    out = run_trial(tmp_path, [f"{point}:{n}"])
    assert out.returncodes[0] == KILLED
    assert [seq for seq, _ in out.snapshots[0]] == list(range(committed))
    _assert_recovered(out)


@pytest.mark.slow
def test_a_run_that_never_reaches_its_point_is_not_killed(tmp_path: Path) -> None:
    out = run_trial(tmp_path, ["after_session_row:2"])
    assert out.returncodes == [0], out.stderr
    assert out.snapshots == [] and out.finished


@pytest.mark.slow
@pytest.mark.parametrize("crashes", [["inside_turn:4"], ["after_turn:3", "during_resume"]])
def test_the_same_on_postgresql(tmp_path: Path, crashes: list[str]) -> None:
    with fresh_pg_database(require_pg()) as url:
        out = run_trial(tmp_path, crashes, url)
    assert out.returncodes[: len(crashes)] == [KILLED] * len(crashes), out.stderr
    _assert_recovered(out)
