"""Invalid bytes on stdin or in an answers file never crash a session: they are replaced, the
answer is kept, and one line says so."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT


def _env(tmp_path: Path) -> dict[str, str]:
    return {
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path),
        "MOCKLOOP_CONFIG_FILE": str(tmp_path / "none.toml"),
    }


def _answers(tmp_path: Path) -> list[str]:
    db = sqlite3.connect(tmp_path / "mockloop.db")
    return [t for (t,) in db.execute("select text from turns where role = 'candidate'")]


def test_invalid_bytes_on_interactive_stdin_are_replaced_with_a_note(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "app", "--data-dir", str(tmp_path), "--offline", "run"],
        cwd=ROOT,
        env=_env(tmp_path),
        input=b"bad \xff\xfe bytes but a real answer\n.\n/quit\n",
        capture_output=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert b"Traceback" not in result.stderr
    assert b"were not valid UTF-8" in result.stdout
    assert _answers(tmp_path) == ["bad \ufffd\ufffd bytes but a real answer"]


def test_invalid_bytes_in_an_answers_file_are_replaced_with_a_note(tmp_path: Path) -> None:
    answers = tmp_path / "a.txt"
    answers.write_bytes(b"Overfitting \xff: more data and regularisation.\n")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "app",
            "--data-dir",
            str(tmp_path),
            "--offline",
            "run",
            "--answers",
            str(answers),
        ],
        cwd=ROOT,
        env=_env(tmp_path),
        capture_output=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert b"were not valid UTF-8" in result.stderr
    assert _answers(tmp_path)[0] == "Overfitting \ufffd: more data and regularisation."
