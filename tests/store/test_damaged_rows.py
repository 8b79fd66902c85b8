"""A session row edited into nonsense (a date that is not one, an unknown status) is named by
its table and key and left out of the list; the other sessions stay reachable. Before, one bad
row made `sessions` an internal error and hid every session."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tests.cli.helpers import finished_session, mockloop


@pytest.mark.parametrize(
    ("column", "value", "detail"),
    [
        ("created_at", "banana", "banana"),
        ("status", "zombie", "'zombie' is not a valid"),
        ("plan_json", "[]", "plan_json: Input should be an object"),
        ("overall_score", "x", "'x' is not a number"),
        ("elapsed_s", "abc", "'abc' is not a number"),
    ],
)
def test_a_damaged_session_row_is_named_and_the_rest_stay_listed(
    tmp_path: Path, column: str, value: str, detail: str
) -> None:
    damaged = finished_session(tmp_path)
    finished_session(tmp_path)
    with sqlite3.connect(tmp_path / "mockloop.db") as conn:
        (kept,) = conn.execute("select id from sessions where id != ?", (damaged,)).fetchone()
        conn.execute(f"update sessions set {column} = ? where id = ?", (value, damaged))

    listed = mockloop("sessions", data_dir=tmp_path)
    assert listed.returncode == 0, listed.stderr
    assert kept[:8] in listed.stdout and damaged[:8] not in listed.stdout
    assert f"sessions row {damaged} cannot be read" in listed.stderr and detail in listed.stderr
    assert "internal error" not in listed.stderr

    shown = mockloop("show", damaged[:8], data_dir=tmp_path)
    assert shown.returncode == 2
    assert f"sessions row {damaged} cannot be read" in shown.stderr
    assert "internal error" not in shown.stderr and "Traceback" not in shown.stderr
    assert mockloop("show", kept[:8], data_dir=tmp_path).returncode == 0
