"""The debugging round headless, as a user runs it: a real CLI process, real sandbox runs of the
edited script, a real SQLite file. A submit that fixes two of five bugs must score below one
that fixes all five, and both submits are stored with every check's result."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from app.bank.debugging import load_debugging_bank
from app.domain.debugging import DebugProblem
from tests.cli.helpers import mockloop
from tests.conftest import ROOT

QID = "debug-logreg-imbalanced"


@pytest.fixture(scope="module")
def problem() -> DebugProblem:
    return load_debugging_bank(ROOT / "question_bank" / "debugging")[QID]


def _block(at: str, text: str, action: str | None = None, code: str | None = None) -> str:
    out = f"@ {at}\n{text}\n"
    if action is not None and code is not None:
        out += f"{action}\n```python\n{code.rstrip()}\n```\n"
    return out


def answers(problem: DebugProblem, submitted: str) -> str:
    return "---\n".join(
        [
            _block(
                "2m",
                "I suspect the data pipeline first, because the loss wanders instead of falling. "
                "I would log the label mean per split and plot the loss.",
            ),
            _block("3m", "Let me run it as given and look at the curves.", "/run", problem.broken),
            _block("4m", "The curves looked flat, so I fixed what I found.", "/submit", submitted),
            _block("2m", "I tested each helper on a tiny input and read the loss curve."),
        ]
    )


def _run(tmp: Path, text: str) -> tuple[str, sqlite3.Connection]:
    tmp.mkdir()
    file = tmp / "answers.txt"
    file.write_text(text, encoding="utf-8")
    result = mockloop(
        "--offline", "run", "--round", "debugging", "--question", QID, "--answers", str(file),
        data_dir=tmp, timeout=240,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return result.stdout, sqlite3.connect(tmp / "mockloop.db")


def _submits(db: sqlite3.Connection) -> list[dict[str, Any]]:
    rows = db.execute("select facts_json from turns where kind='code_submit' order by seq")
    return [json.loads(r[0])["script"] for r in rows]


def _score(db: sqlite3.Connection) -> float:
    (score,) = db.execute("select weighted_score from assessments where question_id=?", (QID,))
    return float(score[0])


def test_partial_fix_scores_below_full_fix_and_both_keep_per_check_results(
    tmp_path: Path, problem: DebugProblem
) -> None:
    still_broken = [b.id for b in problem.bugs[2:]]
    partial_out, partial = _run(
        tmp_path / "partial", answers(problem, problem.with_bugs(still_broken))
    )
    full_out, full = _run(tmp_path / "full", answers(problem, problem.reference))

    assert _score(partial) < _score(full)
    bugs_level = "select level from criterion_scores where criterion='bugs_fixed'"
    assert partial.execute(bugs_level).fetchone()[0] < full.execute(bugs_level).fetchone()[0] == 4

    checks = {b.check: b.id for b in problem.bugs}
    (p_script,) = _submits(partial)
    (f_script,) = _submits(full)
    for script, unfixed in ((p_script, set(still_broken)), (f_script, set())):
        verdicts = {c["outcome"]["name"]: c["outcome"]["verdict"] for c in script["checks"]}
        assert set(checks) <= set(verdicts)
        failing = {checks[n] for n, v in verdicts.items() if n in checks and v != "passed"}
        assert failing == unfixed
        assert script["epochs"], "the submit stored its curves"

    # every run is a stored turn: the Run trained only (its one check is the target)
    (run_json,) = full.execute("select facts_json from turns where kind='code_run'").fetchone()
    run_checks = json.loads(run_json)["script"]["checks"]
    assert [c["role"] for c in run_checks] == ["target"]

    # the interviewer never names a check or a bug
    for db in (partial, full):
        said = " ".join(r[0] for r in db.execute("select text from turns where role='interviewer'"))
        assert not any(name in said for name in [*checks, *checks.values()])
    assert "hidden checks: 2 of" in partial_out and "held-out balanced_accuracy" in full_out
