"""The headless interview at a person's terminal: a command typed after some text, and Ctrl+C
while an answer is half typed. Both run the real CLI as a child process; Ctrl+C is a real
SIGINT. Before, `/quit` after text was sent as part of the answer, and Ctrl+C hung until Enter
was pressed (twice), losing what was typed."""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from tests.cli.helpers import child_env, mockloop
from tests.conftest import ROOT


def _candidate_texts(data_dir: Path) -> list[str]:
    with sqlite3.connect(data_dir / "mockloop.db") as conn:
        rows = conn.execute("select text from turns where role = 'candidate' order by seq")
        return [r[0] for r in rows]


def test_quit_after_some_text_sends_the_text_and_saves(tmp_path: Path) -> None:
    out = mockloop(
        "run",
        "--round",
        "fundamentals",
        "--minutes",
        "10",
        data_dir=tmp_path,
        stdin="QUIT-PENDING words\n/quit\nAFTER-QUIT text\n.\n",
    )
    assert out.returncode == 0, out.stderr
    assert "Saved. `mockloop resume` continues this session." in out.stdout
    assert _candidate_texts(tmp_path) == ["QUIT-PENDING words"]


def test_end_after_some_text_sends_it_and_ends_the_round(tmp_path: Path) -> None:
    out = mockloop(
        "run", "--round", "fundamentals", "--minutes", "10", data_dir=tmp_path,
        stdin="my last words\n/end\n",
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    assert _candidate_texts(tmp_path) == ["my last words"]
    with sqlite3.connect(tmp_path / "mockloop.db") as conn:
        assert conn.execute("select status from sessions").fetchone() == ("finished",)


def _spawn(tmp_path: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "app", "--data-dir", str(tmp_path), *args],
        cwd=ROOT,
        env=child_env(tmp_path),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        # A job started in the background (CI's, `nohup`) inherits SIGINT ignored, and Python
        # keeps it so: give the child the terminal's default, as a user's shell does.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )


def _wait_for(path: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not path.exists():
        assert time.monotonic() < deadline, f"{path} never appeared"
        time.sleep(0.1)


def test_ctrl_c_mid_answer_exits_at_once_and_keeps_the_typed_text(tmp_path: Path) -> None:
    child = _spawn(tmp_path, "run", "--round", "fundamentals", "--minutes", "10")
    assert child.stdin is not None
    _wait_for(tmp_path / "mockloop.db")
    child.stdin.write("partial two\nand a second line\n")
    child.stdin.flush()
    time.sleep(1.5)  # the reader has the lines; the answer is not sent
    child.send_signal(signal.SIGINT)
    try:
        child.wait(timeout=20)  # stdin stays open: no Enter, no end of input
    except subprocess.TimeoutExpired:
        child.kill()
        raise AssertionError("one Ctrl+C did not end the session") from None
    assert child.stderr is not None
    err = child.stderr.read()
    child.stdin.close()
    assert child.returncode == 130, err
    assert "Interrupted. Your session is saved" in err
    assert _candidate_texts(tmp_path) == []
    (draft,) = (tmp_path / "unsent").glob("*.json")
    assert json.loads(draft.read_text())["answer"] == "partial two\nand a second line"

    resumed = mockloop("resume", data_dir=tmp_path, stdin="/quit\n")
    assert resumed.returncode == 0, resumed.stderr
    assert "not sent it" in resumed.stdout and "partial two\nand a second line" in resumed.stdout


def test_an_answers_file_block_of_quit_or_end_is_the_command(tmp_path: Path) -> None:
    answers = tmp_path / "answers.txt"
    answers.write_text("My first answer.\n---\n/quit\n---\nNever sent.\n", encoding="utf-8")
    out = mockloop("run", "--minutes", "10", "--answers", str(answers), data_dir=tmp_path)
    assert out.returncode == 0, out.stderr
    assert _candidate_texts(tmp_path) == ["My first answer."]
    with sqlite3.connect(tmp_path / "mockloop.db") as conn:
        assert conn.execute("select status from sessions").fetchone() != ("finished",)
    ended = tmp_path / "ended"
    answers.write_text("My first answer.\n---\n/end\n---\nNever sent.\n", encoding="utf-8")
    out = mockloop("run", "--minutes", "10", "--answers", str(answers), data_dir=ended)
    assert out.returncode == 0, out.stderr
    assert _candidate_texts(ended) == ["My first answer."]
