"""What a new user does in the first hour with the headless CLI: paragraphs in an answer, global
options after the command, resuming a session, and one status word for an unfinished session."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from app.commands.interactive import PROMPT, Typed, read_answer
from tests.cli.helpers import mockloop
from tests.conftest import ROOT

TWO_PARAGRAPHS = (
    "Bias is the error from wrong assumptions: an underfit model misses the signal.\n"
    "\n"
    "Variance is sensitivity to the training sample: an overfit model learns the noise."
)


def _env(tmp_path: Path) -> dict[str, str]:
    return {
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path),
        "MOCKLOOP_CONFIG_FILE": str(tmp_path / "none.toml"),
        "PYTHONIOENCODING": "utf-8",
    }


def _run_after(tmp_path: Path, *args: str, stdin: str) -> subprocess.CompletedProcess[str]:
    """`mockloop COMMAND ... --data-dir D`: the global options after the command."""
    return subprocess.run(
        [sys.executable, "-m", "app", *args, "--data-dir", str(tmp_path), "--offline"],
        cwd=ROOT,
        env=_env(tmp_path),
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
    )


def _candidate_texts(tmp_path: Path) -> list[str]:
    db = sqlite3.connect(tmp_path / "mockloop.db")
    return [t for (t,) in db.execute("select text from turns where role='candidate' order by seq")]


def test_an_interactive_answer_with_two_paragraphs_is_stored_whole(tmp_path: Path) -> None:
    result = _run_after(
        tmp_path,
        "run",
        "--round",
        "fundamentals",
        "--minutes",
        "20",
        "--seed",
        "3",
        stdin=f"{TWO_PARAGRAPHS}\n.\n/quit\n",
    )
    assert result.returncode == 0, result.stderr
    assert PROMPT in result.stdout  # the terminator is named where the answer is typed
    assert "a line holding only ." in PROMPT
    assert _candidate_texts(tmp_path) == [TWO_PARAGRAPHS]


def test_global_options_work_after_the_command(tmp_path: Path) -> None:
    result = _run_after(tmp_path, "run", "--round", "fundamentals", stdin="/quit\n")
    assert result.returncode == 0, result.stderr
    assert "unrecognized arguments" not in result.stderr
    assert (tmp_path / "mockloop.db").is_file()  # --data-dir after `run` was honoured
    listed = _run_after(tmp_path, "sessions", stdin="")
    assert listed.returncode == 0, listed.stderr
    assert "offline" in listed.stdout


def test_resume_reprints_the_pending_question_with_phase_and_time_left(tmp_path: Path) -> None:
    first = _run_after(
        tmp_path,
        "run",
        "--round",
        "fundamentals",
        "--minutes",
        "20",
        "--seed",
        "3",
        stdin=f"{TWO_PARAGRAPHS}\n.\n/quit\n",
    )
    assert first.returncode == 0, first.stderr
    db = sqlite3.connect(tmp_path / "mockloop.db")
    (pending,) = db.execute(
        "select text from turns where role='interviewer' order by seq desc limit 1"
    ).fetchone()
    (asked,) = db.execute(
        "select text from turns where kind='question' order by seq desc limit 1"
    ).fetchone()

    resumed = _run_after(tmp_path, "resume", stdin="/quit\n")
    assert resumed.returncode == 0, resumed.stderr
    out = resumed.stdout
    recap = out[out.index("Where you left off:") :]
    assert "Round 1 of 1 · ML fundamentals · question 1 of 2 · phase: Questions" in recap
    assert "left in the round" in recap
    assert pending in recap and asked in recap  # the follow-up and the question it follows
    assert recap.index(pending) < recap.index(PROMPT)


def test_sessions_calls_an_open_session_unfinished_as_the_tui_does(tmp_path: Path) -> None:
    started = _run_after(tmp_path, "run", stdin="/quit\n")
    assert started.returncode == 0, started.stderr
    listed = mockloop("sessions", data_dir=tmp_path)
    assert listed.returncode == 0, listed.stderr
    row = listed.stdout.splitlines()[1]
    assert " unfinished " in row and "active" not in listed.stdout


def _feed(*lines: str) -> Callable[[], str]:
    it = iter(lines)

    def read() -> str:
        try:
            return next(it)
        except StopIteration:
            raise EOFError from None

    return read


def test_read_answer_keeps_blank_lines_until_the_terminator() -> None:
    assert read_answer(_feed("", "one", "", "two", "", "/send")) == Typed("one\n\ntwo")
    assert read_answer(_feed(".", "/quit")) == Typed(None, "/quit")
    assert read_answer(_feed("text /end", ".")) == Typed("text /end")
    assert read_answer(_feed("unsent at end of input")) == Typed("unsent at end of input")
    assert read_answer(_feed("", "  ")) == Typed(None)


def test_a_command_on_its_own_line_ends_the_answer_and_keeps_what_was_typed() -> None:
    """The README says `/quit` and `/end` work on a line of their own; they used to count only
    as an answer's first line, so "/quit" after some text was sent as part of the answer."""
    assert read_answer(_feed("half an answer", "/quit", "never read")) == Typed(
        "half an answer", "/quit"
    )
    assert read_answer(_feed("one", "", "  /end  ")) == Typed("one", "/end")
    assert read_answer(_feed("shouted", "/QUIT")) == Typed("shouted", "/quit")
    typed: list[str] = []
    assert read_answer(_feed("kept as it comes"), typed=typed) == Typed("kept as it comes")
    assert typed == ["kept as it comes"]


def test_a_data_dir_that_is_a_file_is_one_clear_error_not_an_empty_history(
    tmp_path: Path,
) -> None:
    """Before: `--data-dir notes.txt sessions` said "No sessions yet" and exited 0."""
    a_file = tmp_path / "notes.txt"
    a_file.write_text("not a folder\n")
    for command in ("sessions", "progress"):
        out = mockloop(command, "--data-dir", str(a_file), data_dir=tmp_path)
        assert out.returncode == 2, out.stdout
        assert "No sessions yet" not in out.stdout
        assert f"{a_file} is a file, not a folder" in out.stderr
        assert "Traceback" not in out.stderr
    assert a_file.read_text() == "not a folder\n"


def test_commands_that_only_read_leave_no_database_behind(tmp_path: Path) -> None:
    """A mistyped --db used to create the folder and an empty database for `progress`,
    `show` and `export`; now they read an empty store and write nothing."""
    missing = tmp_path / "typo" / "mockloop.db"
    for command in (["sessions"], ["progress"], ["show", "abc"], ["export", "abc"]):
        out = mockloop(*command, "--db", f"sqlite:///{missing}", data_dir=tmp_path)
        assert out.returncode in (0, 2), out.stderr
        assert "Traceback" not in out.stderr
        assert not missing.parent.exists(), command
    out = mockloop("progress", "--db", f"sqlite:///{missing}", data_dir=tmp_path)
    assert "0 sessions" in out.stdout
