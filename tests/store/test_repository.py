"""Engine set-up, migrations and round-trips through a real SQLite file and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import inspect, text

from app.domain.enums import Mode, Phase, Role, TurnKind
from app.domain.transcript import CriterionScore, Turn
from app.store.db import make_engine
from app.store.migrations import MIGRATIONS, applied_versions, migrate
from app.store.repository import Repository
from tests.store.builders import ONE_QUESTION_PLAN, offline_assessment


def test_sqlite_uses_wal_and_busy_timeout(db_url: str) -> None:
    engine = make_engine(db_url)
    with engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA busy_timeout")).scalar() == 5000
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1


def test_migrations_are_recorded_and_idempotent(store_url: str) -> None:
    engine = make_engine(store_url)
    assert applied_versions(engine) == {v for v, _, _ in MIGRATIONS}
    assert migrate(engine) == []  # nothing left to apply
    names = set(inspect(engine).get_table_names())
    assert {
        "schema_migrations",
        "sessions",
        "turns",
        "assessments",
        "criterion_scores",
        "llm_calls",
        "rounds",
        "review_cards",
        "session_leases",
    } <= names


def test_a_new_migration_applies_once_and_keeps_data(store_url: str) -> None:
    engine = make_engine(store_url)
    repo = Repository(engine)
    plan = ONE_QUESTION_PLAN
    repo.create_session("keep", plan, mode=Mode.OFFLINE, interviewer_model=None, judge_model=None)
    calls: list[int] = []

    def m_next(conn) -> None:  # type: ignore[no-untyped-def]
        calls.append(1)
        conn.exec_driver_sql("ALTER TABLE sessions ADD COLUMN note TEXT")

    extra = [*MIGRATIONS, (999, "add note", m_next)]
    assert migrate(engine, extra) == [999]
    assert migrate(engine, extra) == []
    assert calls == [1]
    assert repo.load("keep").summary.id == "keep"


def test_turn_and_assessment_round_trip(store: Repository) -> None:
    repo = store
    plan = ONE_QUESTION_PLAN
    repo.create_session("rt", plan, mode=Mode.OFFLINE, interviewer_model=None, judge_model=None)
    turn = Turn(
        seq=0,
        round_index=0,
        role=Role.CANDIDATE,
        kind=TurnKind.ANSWER,
        text="x\x00y [bold]",
        phase=Phase.QUESTIONS,
        question_id="q",
        facts=["a"],
        at_s=12.5,
        created_at=datetime(2026, 1, 2, tzinfo=UTC),
    )
    repo.add_turn("rt", turn)
    a = offline_assessment(
        "rt",
        [CriterionScore(criterion="c", evidence=["x"], reasoning="why", level=3, weight=2)],
        datetime(2026, 1, 2, tzinfo=UTC),
    )
    repo.add_assessment(a)
    stored = repo.load("rt")
    # NUL cannot be stored in PostgreSQL text; every backend stores U+FFFD instead.
    assert stored.turns == [turn.model_copy(update={"text": "x\ufffdy [bold]"})]
    assert stored.assessments == [a]
    assert stored.summary.elapsed_s == 12.5
