"""A bug in a command is one line on stderr, with key-shaped text removed, and exit 70; the
traceback only with --debug. (A debugging run's extreme metric used to end `mockloop run` and
every later `show` of that session in a raw traceback.)"""

from __future__ import annotations

import pytest

from app.commands.failures import INTERNAL_EXIT, internal_failure


def _boom() -> ValueError:
    try:
        raise ValueError("cannot draw sk-proj-abcdefghijklmnopqrstuvwxyz123456\nsecond line")
    except ValueError as exc:
        return exc


def test_one_line_without_the_key_or_a_traceback(capsys: pytest.CaptureFixture[str]) -> None:
    assert internal_failure(_boom(), debug=False) == INTERNAL_EXIT
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert err.startswith("mockloop: internal error (ValueError: cannot draw sk-")
    assert "abcdefghijklmnopqrstuvwxyz123456" not in err and "second line" not in err
    assert "mockloop resume" in err


def test_debug_adds_the_traceback(capsys: pytest.CaptureFixture[str]) -> None:
    internal_failure(_boom(), debug=True)
    assert "Traceback" in capsys.readouterr().err
