"""The per-message writes on SQLite go through the driver's own connection (issue 18: the turn
budget); what they store is byte for byte what SQLAlchemy's path stores, and a write the
driver refuses is repeated through SQLAlchemy, which reports it as the store always has."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from app.domain.enums import Mode, Phase, Role, SessionStatus, TurnKind
from app.domain.transcript import CriterionScore, Turn
from app.store.convert import assessment_values, turn_to_row
from app.store.db import make_engine
from app.store.repository import Repository, SessionNotFound
from app.store.tables import AssessmentRow, CriterionScoreRow
from tests.store.builders import ONE_QUESTION_PLAN, offline_assessment

AT = datetime(2026, 5, 6, 7, 8, 9, 123456, tzinfo=UTC)


def _turn(seq: int) -> Turn:
    return Turn(
        seq=seq,
        round_index=0,
        role=Role.CANDIDATE,
        kind=TurnKind.ANSWER,
        text=f"answer {seq}: 50% of\u00e9 [bold]",
        phase=Phase.QUESTIONS,
        question_id="q",
        follow_up_id=None,
        facts=["a fact"],
        at_s=12.5 + seq,
        created_at=AT,
    )


ASSESSMENT = offline_assessment(
    "s",
    [
        CriterionScore(criterion="c1", evidence=["x"], reasoning="why", level=3, weight=2),
        CriterionScore(criterion="c2", evidence=[], reasoning="", level=None, weight=1),
    ],
    AT,
)


def _rows(path: Path, table: str) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(path)
    try:
        cur = conn.execute(f"SELECT * FROM {table} ORDER BY id")
        names = [d[0] for d in cur.description]
        return [tuple(v for n, v in zip(names, r, strict=True) if n != "updated_at") for r in cur]
    finally:
        conn.close()


def test_what_the_hot_path_stores_is_what_sqlalchemy_stores(tmp_path: Path) -> None:
    hot = Repository(make_engine(f"sqlite:///{tmp_path / 'hot.db'}"))
    orm = Repository(make_engine(f"sqlite:///{tmp_path / 'orm.db'}"))
    for repo in (hot, orm):
        repo.create_session(
            "s", ONE_QUESTION_PLAN, mode=Mode.OFFLINE, interviewer_model=None, judge_model=None
        )
    for seq in range(3):
        hot.add_turn("s", _turn(seq))
    assert hot.add_assessment(ASSESSMENT) == 1
    with Session(orm.engine) as s:  # the ORM's own inserts: the reference
        for seq in range(3):
            s.add(turn_to_row("s", _turn(seq)))
        values, criteria = assessment_values(ASSESSMENT)
        row = AssessmentRow.model_validate(values)
        s.add(row)
        s.flush()
        for c in criteria:
            s.add(CriterionScoreRow.model_validate({**c, "assessment_id": row.id}))
        s.commit()
    for table in ("turns", "assessments", "criterion_scores"):
        assert _rows(tmp_path / "hot.db", table) == _rows(tmp_path / "orm.db", table)
    assert hot.load("s").turns == [_turn(0), _turn(1), _turn(2)]
    assert hot.load("s").assessments == [ASSESSMENT]
    assert hot.load("s").summary.elapsed_s == 14.5


def test_a_refused_write_is_reported_as_before_and_the_next_one_goes_through(
    tmp_path: Path,
) -> None:
    repo = Repository(make_engine(f"sqlite:///{tmp_path / 'm.db'}"))
    repo.create_session(
        "s", ONE_QUESTION_PLAN, mode=Mode.OFFLINE, interviewer_model=None, judge_model=None
    )
    repo.add_turn("s", _turn(0))
    with pytest.raises(
        IntegrityError, match=r"UNIQUE constraint failed: turns\.session_id, turns\.seq"
    ):
        repo.add_turn("s", _turn(0))  # the same seq twice: the driver refuses, so does SQLAlchemy
    repo.add_turn("s", _turn(1))
    assert [t.seq for t in repo.load("s").turns] == [0, 1]  # nothing half-written, nothing lost
    other = sqlite3.connect(tmp_path / "m.db")  # a second process reads while we write
    assert other.execute("SELECT count(*) FROM turns").fetchone() == (2,)
    other.close()


def test_finishing_on_the_hot_path_stores_what_sqlalchemy_stores(tmp_path: Path) -> None:
    """The last turn's UPDATE: status, score, and an elapsed time that never runs backwards;
    an unknown session is still reported, and nothing is written for it."""
    hot = Repository(make_engine(f"sqlite:///{tmp_path / 'hot.db'}"))
    orm = Repository(make_engine(f"sqlite:///{tmp_path / 'orm.db'}"))
    orm._hot = None  # the reference: SQLAlchemy's own UPDATE
    for repo in (hot, orm):
        repo.create_session(
            "s", ONE_QUESTION_PLAN, mode=Mode.OFFLINE, interviewer_model=None, judge_model=None
        )
        repo.add_turn("s", _turn(0))
        repo.finish_session("s", 30.0, 2.75)
        repo.finish_session("s", 20.0, 3.0)  # a late finish never winds the clock back
        with pytest.raises(SessionNotFound):
            repo.finish_session("nobody", 1.0, None)
    hot_rows, orm_rows = (_rows(tmp_path / db, "sessions") for db in ("hot.db", "orm.db"))
    assert [r[:1] + r[2:] for r in hot_rows] == [r[:1] + r[2:] for r in orm_rows]  # no created_at
    summary = hot.load("s").summary
    assert (summary.status, summary.elapsed_s, summary.overall_score) == (
        SessionStatus.FINISHED,
        30.0,
        3.0,
    )
