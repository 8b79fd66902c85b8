"""One writer per session, through the real CLI: a second process is refused and told who holds
the session; once the first one is gone, resume continues it."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from tests.cli.helpers import mockloop
from tests.conftest import ROOT


def _wait_for_session(db: Path, timeout_s: float = 60) -> str:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if db.exists():
            try:
                row = sqlite3.connect(db).execute("select id from sessions").fetchone()
            except sqlite3.OperationalError:
                row = None
            if row:
                return str(row[0])
        time.sleep(0.1)
    raise AssertionError("the first writer never created its session")


def test_a_second_writer_is_refused_while_the_first_holds_the_session(tmp_path: Path) -> None:
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path),
        "MOCKLOOP_CONFIG_FILE": str(tmp_path / "none.toml"),
        "PYTHONIOENCODING": "utf-8",
    }
    first = subprocess.Popen(
        [sys.executable, "-m", "app", "--data-dir", str(tmp_path), "--offline", "run"],
        cwd=ROOT,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        sid = _wait_for_session(tmp_path / "mockloop.db")
        answers = tmp_path / "a.txt"
        answers.write_text("A second writer's answer.\n")
        second = mockloop("--offline", "resume", sid, "--answers", str(answers), data_dir=tmp_path)
        assert second.returncode == 2
        assert f"session {sid[:8]} is being written by" in second.stderr
        assert f":{first.pid} since" in second.stderr
        assert "Traceback" not in second.stderr
        db = sqlite3.connect(tmp_path / "mockloop.db")
        texts = [t for (t,) in db.execute("select text from turns where role = 'candidate'")]
        assert "A second writer's answer." not in texts
    finally:
        assert first.stdin is not None
        first.stdin.write("/quit\n")
        first.stdin.close()
        first.wait(timeout=60)
    assert first.returncode == 0, first.stderr.read() if first.stderr else ""
    # the first writer released its lease on the way out: resume now works
    resumed = mockloop("--offline", "resume", sid, "--answers", str(answers), data_dir=tmp_path)
    assert resumed.returncode == 0, resumed.stderr
    db = sqlite3.connect(tmp_path / "mockloop.db")
    texts = [t for (t,) in db.execute("select text from turns where role = 'candidate'")]
    assert texts == ["A second writer's answer."]
