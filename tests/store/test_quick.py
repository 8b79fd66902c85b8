"""The thin sessions read (stdlib sqlite3) agrees with the repository, and steps aside for
anything it does not know."""

from __future__ import annotations

from pathlib import Path

from app.domain.enums import Mode, RoundKind
from app.domain.transcript import RoundPlan, SessionPlan
from app.store import quick, schema
from app.store.db import make_engine
from app.store.repository import Repository


def _plan(*kinds: RoundKind) -> SessionPlan:
    return SessionPlan(
        rounds=[RoundPlan(kind=k, minutes=10, question_ids=["q1"]) for k in kinds],
        target_level="staff",
    )


def _filled(path: Path) -> Repository:
    repo = Repository(make_engine(f"sqlite:///{path}"))
    kinds = (RoundKind.FUNDAMENTALS, RoundKind.SYSTEM_DESIGN, RoundKind.BEHAVIORAL)
    for i in range(7):
        sid = f"{i:02d}" + "ab" * 15
        mode = Mode.LLM if i % 2 else Mode.OFFLINE
        repo.create_session(
            sid,
            _plan(*kinds[: 1 + i % 3]),
            mode=mode,
            interviewer_model="m-int" if mode is Mode.LLM else None,
            judge_model="m-judge" if mode is Mode.LLM else None,
        )
        if i != 2:
            repo.finish_session(sid, 100.0 + i, 1.5 + i / 3 if i % 3 else None)
    return repo


def test_known_versions_cover_the_schema_head() -> None:
    assert max(quick.KNOWN_VERSIONS) == schema.HEAD
    assert set(range(1, schema.HEAD + 1)) == quick.KNOWN_VERSIONS


def test_recent_sessions_match_the_repository(tmp_path: Path) -> None:
    path = tmp_path / "m.db"
    repo = _filled(path)
    found = quick.recent_sessions(f"sqlite:///{path}", limit=5)
    assert found is not None
    expected = repo.list_sessions(limit=5)
    assert [r.id for r in found.rows] == [s.id for s in expected]
    for lite, full in zip(found.rows, expected, strict=True):
        assert lite.created_at == full.created_at
        assert (lite.status, lite.mode) == (full.status.value, full.mode.value)
        assert lite.rounds == tuple(k.value for k in full.rounds)
        assert lite.overall_score == full.overall_score
        assert (lite.interviewer_model, lite.judge_model) == (
            full.interviewer_model,
            full.judge_model,
        )
        assert lite.elapsed_s == full.elapsed_s and lite.target_level == full.target_level.value
    assert found.latest_active is not None and found.latest_active.id == repo.latest_active()


def test_a_missing_file_has_no_sessions_and_is_not_created(tmp_path: Path) -> None:
    path = tmp_path / "none" / "m.db"
    assert quick.recent_sessions(f"sqlite:///{path}") == quick.QuickList([], None)
    assert not path.exists() and not path.parent.exists()


def test_it_steps_aside_for_what_it_does_not_know(tmp_path: Path) -> None:
    path = tmp_path / "m.db"
    repo = _filled(path)
    assert quick.recent_sessions("postgresql+psycopg://u@localhost/db") is None
    assert quick.recent_sessions(f"sqlite:///{path}?mode=ro") is None
    assert quick.recent_sessions("sqlite://") is None
    with repo.engine.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO schema_migrations (version, name, applied_at) "
            "VALUES (99, 'future', '2030-01-01 00:00:00')"
        )
    assert quick.recent_sessions(f"sqlite:///{path}") is None
    garbage = tmp_path / "garbage.db"
    garbage.write_bytes(b"this is not a database" * 100)
    assert quick.recent_sessions(f"sqlite:///{garbage}") is None
