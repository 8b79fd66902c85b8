"""The session commands through the real CLI on SQLite and PostgreSQL: a run is stored and
listed, `sessions` columns never run together, and `show` prefixes are literal (no wildcards)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from app.domain.enums import Mode, RoundKind
from app.domain.transcript import RoundPlan, SessionPlan
from app.store.db import make_engine
from app.store.repository import Repository
from tests.store.cli import answers_file, mockloop

LOOP = SessionPlan(
    rounds=[
        RoundPlan(kind=RoundKind.FUNDAMENTALS, minutes=5, question_ids=["q1"]),
        RoundPlan(kind=RoundKind.SYSTEM_DESIGN, minutes=5, question_ids=["q2"]),
        RoundPlan(kind=RoundKind.BEHAVIORAL, minutes=5, question_ids=["q3"]),
    ]
)


@pytest.mark.slow
def test_a_run_is_stored_listed_shown_and_exported(store_url: str, tmp_path: Path) -> None:
    run = mockloop(
        "--offline",
        "--db",
        store_url,
        "run",
        "--answers",
        str(answers_file(tmp_path)),
        home=tmp_path,
    )
    assert run.returncode == 0, run.stderr
    repo = Repository(make_engine(store_url))
    (summary,) = repo.list_sessions()
    assert summary.status == "finished" and summary.overall_score is not None
    listed = mockloop("--db", store_url, "sessions", home=tmp_path)
    assert listed.returncode == 0 and summary.id[:8] in listed.stdout
    shown = mockloop("--db", store_url, "show", summary.id[:6], home=tmp_path)
    assert shown.returncode == 0 and f"# mockloop session {summary.id[:8]}" in shown.stdout
    exported = mockloop(
        "--db", store_url, "export", summary.id[:8], "--format", "json", home=tmp_path
    )
    data = json.loads(exported.stdout)
    assert data["id"] == summary.id and len(data["turns"]) == len(repo.turns(summary.id))


def test_sessions_columns_never_run_together(
    store: Repository, store_url: str, tmp_path: Path
) -> None:
    store.create_session(
        "llm-long-1",
        LOOP,
        mode=Mode.LLM,
        interviewer_model="gpt-4.1-mini",
        judge_model="gpt-4.1-2025-04-14-long-name",
    )
    store.create_session(
        "offline-22", LOOP, mode=Mode.OFFLINE, interviewer_model=None, judge_model=None
    )
    out = mockloop("--db", store_url, "sessions", home=tmp_path).stdout.splitlines()
    cells = [re.split(r" {2,}", line.strip()) for line in out]
    assert cells[0] == ["id", "date (UTC)", "status", "mode", "rounds", "overall"]
    rows = {c[0]: c for c in cells[1:]}
    assert rows["llm-long"][3:] == [
        "llm:gpt-4.1-2025-04-14-long-name",
        "fundamentals,system_design,behavioral",
        "not scored",
    ]
    assert rows["offline-"][3] == "offline"
    assert all(len(c) == 6 for c in cells)


@pytest.mark.parametrize("pattern", ["%", "_", "a_", "%1"])
def test_show_prefixes_are_literal_not_wildcards(
    store: Repository, store_url: str, tmp_path: Path, pattern: str
) -> None:
    for sid in ("a_1", "ab1", "zz1"):
        store.create_session(sid, LOOP, mode=Mode.OFFLINE, interviewer_model=None, judge_model=None)
    result = mockloop("--db", store_url, "show", pattern, home=tmp_path)
    if pattern == "a_":
        assert result.returncode == 0 and "# mockloop session a_1" in result.stdout
    else:
        assert result.returncode == 2
        assert f"no session matches {pattern!r}" in result.stderr
