"""SIGKILL a headless session at random points; `resume` loses no completed turn and finishes."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import ROOT

ANSWERS = [
    "Cross-entropy is the negative log-likelihood; with softmax the gradient is p - y.",
    "I would weigh the rare class or use focal loss instead; the tradeoff is calibration.",
    "Not sure about that one.",
    "AdamW decouples weight decay from the adaptive update, so decay is not rescaled.",
    "Batch norm uses running mean and variance at inference instead of batch statistics.",
    "Label smoothing spreads 10% of the mass over other classes to curb overconfidence.",
    "I'd check learning curves first, then regularize.",
    "No more from me, thanks.",
]


def _env(tmp: Path) -> dict[str, str]:
    return {
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp),
        "MOCKLOOP_CONFIG_FILE": str(tmp / "none.toml"),
    }


def _turns(db: Path) -> list[tuple[int, str, str]]:
    if not db.exists():
        return []
    con = sqlite3.connect(db)
    try:
        return con.execute("select seq, role, text from turns order by seq").fetchall()
    except sqlite3.OperationalError:
        return []
    finally:
        con.close()


def _wait_for(db: Path, predicate, timeout: float = 20.0) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate(_turns(db)):
            return
        time.sleep(0.01)
    raise AssertionError("the session did not reach the expected state in time")


@pytest.mark.slow
@pytest.mark.parametrize("trial", range(5))
def test_sigkill_then_resume_loses_nothing(tmp_path: Path, trial: int) -> None:
    rng = random.Random(1000 + trial)
    db = tmp_path / "mockloop.db"
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "app",
            "--data-dir",
            str(tmp_path),
            "run",
            "--round",
            "fundamentals",
            "--minutes",
            "45",
            "--seed",
            "7",
        ],
        cwd=ROOT,
        env=_env(tmp_path),
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert proc.stdin is not None
    _wait_for(db, lambda t: any(r[1] == "interviewer" for r in t))
    kill_after = rng.randrange(1, len(ANSWERS) - 2)
    for sent, answer in enumerate(ANSWERS[:kill_after], start=1):
        before = len(_turns(db))
        proc.stdin.write(answer + "\n.\n")
        proc.stdin.flush()
        if sent < kill_after:  # wait for the interviewer's reply before the next answer
            _wait_for(db, lambda t, n=before: len(t) >= n + 2 and t[-1][1] == "interviewer")
    time.sleep(rng.uniform(0.0, 0.05))  # kill at a random point while the last answer is handled
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=10)
    assert proc.returncode == -signal.SIGKILL

    before_kill = _turns(db)
    assert before_kill, "nothing was written before the kill"
    stored_answers = [r[2] for r in before_kill if r[1] == "candidate"]
    assert stored_answers == ANSWERS[: len(stored_answers)]
    assert len(stored_answers) >= kill_after - 1

    rest = ANSWERS[len(stored_answers) :]
    answers_file = tmp_path / "rest.txt"
    answers_file.write_text("\n---\n".join(rest))
    resumed = subprocess.run(
        [
            sys.executable,
            "-m",
            "app",
            "--data-dir",
            str(tmp_path),
            "resume",
            "--answers",
            str(answers_file),
            "--quiet",
        ],
        cwd=ROOT,
        env=_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert resumed.returncode == 0, resumed.stderr

    after = _turns(db)
    assert after[: len(before_kill)] == before_kill  # every completed turn survived, unchanged
    assert [r[0] for r in after] == list(range(len(after)))  # no gaps, no duplicates
    final_answers = [r[2] for r in after if r[1] == "candidate"]
    assert final_answers[: len(ANSWERS)] == ANSWERS[: len(final_answers)]
    con = sqlite3.connect(db)
    (status,) = con.execute("select status from sessions").fetchone()
    scored = con.execute("select count(*) from assessments").fetchone()[0]
    con.close()
    assert status == "finished"
    assert scored >= 1
