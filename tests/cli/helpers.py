"""Run the real `mockloop` CLI as a user would: a child process, an isolated home and data dir."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

from tests.conftest import DATA, ROOT


def child_env(data_dir: Path) -> dict[str, str]:
    """A user's environment with nothing of ours in it: home and config under `data_dir`."""
    return {
        "PATH": "/usr/bin:/bin",
        "HOME": str(data_dir),
        "MOCKLOOP_CONFIG_FILE": str(data_dir / "none.toml"),
        "PYTHONIOENCODING": "utf-8",
    }


def mockloop(
    *args: str, data_dir: Path, stdin: str | None = None, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "app", "--data-dir", str(data_dir), *args],
        cwd=ROOT,
        env=child_env(data_dir),
        input=stdin,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def finished_session(data_dir: Path) -> str:
    """A quiet 10-minute fundamentals round replayed from scripted answers; its session id."""
    run = mockloop(
        "run",
        "--round",
        "fundamentals",
        "--minutes",
        "10",
        "--seed",
        "3",
        "--answers",
        str(DATA / "sd_rag_answers.txt"),
        "--quiet",
        data_dir=data_dir,
    )
    assert run.returncode == 0, run.stderr
    (sid,) = sqlite3.connect(data_dir / "mockloop.db").execute("select id from sessions").fetchone()
    return str(sid)
