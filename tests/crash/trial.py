"""One crash trial: run the real CLI with the kill hook, resume until finished, check the rows.

Shared by tests/crash/test_crash_points.py and tests/bench/crash_matrix.py. The hook lives in
tests/crash/hook and reaches the child through its PYTHONPATH only; the parent never loads it.
The database is read with plain SQL, never through the app's store.
"""

from __future__ import annotations

import signal
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import create_engine, text

from tests.conftest import ROOT

HOOK = ROOT / "tests" / "crash" / "hook"
MAX_RESUMES = 3
ANSWERS = [
    "The gap between 5% and 25% is high variance: the model overfits the training set.",
    "Learning curves: if validation error still falls with more data, labels are worth buying.",
    "I would add L2 and dropout, stop early, and check the split for leakage first.",
    "That is all I have on this one.",
]
CLOSING = "No questions from me, thanks."
"""Given on a resume once the script is used up: the round may still wait for the candidate's
questions. When nothing is open the CLI says the answer was not needed and finishes."""
Turns = list[tuple[int, str]]


@dataclass
class Outcome:
    returncodes: list[int] = field(default_factory=list)
    snapshots: list[Turns] = field(default_factory=list)
    final: Turns = field(default_factory=list)
    status: str | None = None
    overall: float | None = None
    stderr: list[str] = field(default_factory=list)

    @property
    def lost_turns(self) -> int:
        """Turns seen after a kill that are missing, or changed, at the end."""
        final = set(self.final)
        return len({t for snap in self.snapshots for t in snap} - final)

    @property
    def duplicate_seqs(self) -> int:
        return len(self.final) - len({seq for seq, _ in self.final})

    @property
    def contiguous(self) -> bool:
        return [seq for seq, _ in self.final] == list(range(len(self.final)))

    @property
    def finished(self) -> bool:
        return self.status == "finished" and self.overall is not None

    @property
    def tracebacks(self) -> int:
        return sum("Traceback" in err for err in self.stderr)


def _env(data_dir: Path, crash_at: str | None) -> dict[str, str]:
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(data_dir),
        "MOCKLOOP_CONFIG_FILE": str(data_dir / "none.toml"),
        "PYTHONIOENCODING": "utf-8",
    }
    if crash_at is not None:
        env["PYTHONPATH"] = f"{HOOK}:{ROOT}"
        env["MOCKLOOP_CRASH_AT"] = crash_at
    return env


def _cli(data_dir: Path, db_url: str, crash_at: str | None, *args: str) -> tuple[int, str]:
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "app",
            "--data-dir",
            str(data_dir),
            "--db",
            db_url,
            "--offline",
            *args,
        ],
        cwd=ROOT,
        env=_env(data_dir, crash_at),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=120,
    )
    return proc.returncode, proc.stderr


def _answers(data_dir: Path, name: str, blocks: Sequence[str]) -> Path:
    path = data_dir / name
    path.write_text("\n---\n".join(blocks) + "\n", encoding="utf-8")
    return path


class _Db:
    def __init__(self, url: str) -> None:
        self.engine = create_engine(url)

    def session(self) -> tuple[str, str, float | None] | None:
        with self.engine.connect() as c:
            row = c.execute(text("select id, status, overall_score from sessions")).first()
        return None if row is None else (str(row[0]), str(row[1]), row[2])

    def turns(self) -> Turns:
        with self.engine.connect() as c:
            rows = c.execute(text("select seq, text from turns order by seq")).all()
        return [(int(seq), str(body)) for seq, body in rows]

    def answered(self) -> int:
        with self.engine.connect() as c:
            q = "select count(*) from turns where role = 'candidate'"
            return int(c.execute(text(q)).scalar_one())


def run_trial(data_dir: Path, crashes: Sequence[str | None], db_url: str | None = None) -> Outcome:
    """crashes[0] is the kill point of `run`, crashes[i] that of the i-th `resume` (None: none)."""
    url = db_url or f"sqlite:///{data_dir / 'mockloop.db'}"
    db, out = _Db(url), Outcome()
    try:
        first = _answers(data_dir, "answers.txt", ANSWERS)
        rc, err = _cli(
            data_dir,
            url,
            crashes[0],
            "run",
            "--round",
            "fundamentals",
            "--minutes",
            "10",
            "--question",
            "fund-train5-val25",
            "--answers",
            str(first),
            "--quiet",
        )
        out.returncodes.append(rc)
        out.stderr.append(err)
        for i in range(1, MAX_RESUMES + 1):
            row = db.session()
            if row is None or row[1] == "finished":
                break
            if rc == -signal.SIGKILL:
                out.snapshots.append(db.turns())
            rest = ANSWERS[db.answered() :] or [CLOSING]
            args = ["--answers", str(_answers(data_dir, f"rest{i}.txt", rest))]
            crash = crashes[i] if i < len(crashes) else None
            rc, err = _cli(data_dir, url, crash, "resume", row[0], *args, "--quiet")
            out.returncodes.append(rc)
            out.stderr.append(err)
        if rc == -signal.SIGKILL:
            out.snapshots.append(db.turns())
        row = db.session()
        if row is not None:
            out.status, out.overall = row[1], row[2]
        out.final = db.turns()
    finally:
        db.engine.dispose()
    return out
