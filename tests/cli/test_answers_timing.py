"""The answers file's timing lines: `@ 6m`, `@ 90s` and their spelled-out units set the time
before an answer; a first line that starts like one but is not (`@ 6h`, `@ 1:30`) is an error
naming its line, never sent to the interviewer as the answer's first words."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from app.commands.code_answers import AnswersError
from app.commands.run import parse_answers
from tests.cli.helpers import mockloop


@pytest.mark.parametrize(
    ("line", "seconds"),
    [("@ 6m", 360.0), ("@ 90s", 90.0), ("@ 2 minutes", 120.0), ("@30 sec", 30.0), ("@ 1.5", 90.0)],
)
def test_timing_lines_set_the_time(line: str, seconds: float) -> None:
    (answer,) = parse_answers(f"{line}\nMy answer.\n")
    assert answer.seconds == seconds and answer.text == "My answer."


@pytest.mark.parametrize("line", ["@ 6h", "@ 1:30", "@5 mins please", "@ banana", "@ -5m"])
def test_a_line_that_looks_like_timing_but_is_not_names_its_line(line: str) -> None:
    with pytest.raises(AnswersError, match=rf"line 4: {line!r} is not a timing line") as caught:
        parse_answers(f"First answer.\n---\n\n{line}\nSecond answer.\n")
    assert caught.value.line == 4


def test_a_timing_longer_than_a_day_names_its_line() -> None:
    """`@ 99999999999m` overflowed the simulated clock: an internal error, the answer lost."""
    with pytest.raises(AnswersError, match=r"line 1: '@ 99999999999m' is longer than a day"):
        parse_answers("@ 99999999999m\nMy answer.\n")
    (answer,) = parse_answers("@ 1440m\nMy answer.\n")
    assert answer.seconds == 86400.0


def test_an_answer_that_starts_with_an_at_name_is_text() -> None:
    (answer,) = parse_answers("@alice asked the same question last week.\n")
    assert answer.text.startswith("@alice")


def test_the_cli_refuses_the_file_before_the_session_starts(tmp_path: Path) -> None:
    answers = tmp_path / "answers.txt"
    answers.write_text("@ 6h\nMy answer.\n", encoding="utf-8")
    out = mockloop(
        "run", "--round", "fundamentals", "--answers", str(answers), "--quiet", data_dir=tmp_path
    )
    assert out.returncode == 2
    assert f"{answers}: line 1: '@ 6h' is not a timing line" in out.stderr
    db = tmp_path / "mockloop.db"
    if db.exists():  # the store may open first; no session is started
        with sqlite3.connect(db) as conn:
            assert conn.execute("select count(*) from sessions").fetchone() == (0,)


def test_code_in_a_spoken_round_is_part_of_the_answer(tmp_path: Path) -> None:
    """A ```python fence in a fundamentals answer is said, not run (a spoken round has no
    editor): the block arrives whole and the next answer is still sent."""
    answers = tmp_path / "answers.txt"
    answers.write_text(
        "Here's my config:\n```python\nopt = AdamW(params, lr=3e-4, weight_decay=0.1)\n```\n"
        "Adam keeps two moments per parameter.\n---\nConvnets, where SGD often generalizes.\n",
        encoding="utf-8",
    )
    out = mockloop(
        "run",
        "--round",
        "fundamentals",
        "--question",
        "fund-sgd-adam-adamw",
        "--answers",
        str(answers),
        data_dir=tmp_path,
    )
    assert out.returncode == 0, out.stderr
    assert "opt = AdamW(params, lr=3e-4, weight_decay=0.1)" in out.stdout
    assert "You: Convnets, where SGD often generalizes." in out.stdout


def test_a_file_saved_with_windows_line_endings_reads_the_same() -> None:
    """`---\r` was no separator, so a CRLF file arrived as one answer with its markers in it."""
    unix = "@ 1m\nfirst answer\n---\n@ 2m\nsecond answer\n---\n/quit\n"
    assert parse_answers(unix.replace("\n", "\r\n")) == parse_answers(unix)
    assert [a.text for a in parse_answers(unix)] == ["first answer", "second answer", "/quit"]
