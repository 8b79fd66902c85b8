"""Frozen migrations: a version-1 database migrated step by step ends with exactly the schema and
data of a fresh one, on SQLite and PostgreSQL, including databases created by earlier releases
(whose steps 1 and 2 built today's table classes). Plus the version check and the lock."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import insert, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import SQLModel

from app.domain.enums import Mode, Phase, Role, RoundKind, TurnKind
from app.domain.transcript import RoundPlan, SessionPlan, Turn
from app.store import schema
from app.store.db import make_engine
from app.store.errors import SchemaTooNew
from app.store.migrations import (
    _PG_LOCK_KEY,
    MIGRATIONS,
    _m004_one_writer,
    applied_versions,
    migrate,
)
from app.store.repository import Repository
from tests.store.backends import BACKENDS, backend_url
from tests.store.schema_compare import describe, rows

ROOT = Path(__file__).resolve().parents[2]
LEGACY = Path(__file__).parent / "legacy"
T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
PLAN = SessionPlan(
    rounds=[RoundPlan(kind=RoundKind.FUNDAMENTALS, minutes=10, question_ids=["q1"])]
).model_dump_json()


def _v1_rows(*, with_duplicate: bool) -> list[tuple[str, dict[str, object]]]:
    """A little of everything version 1 holds. The duplicate turn (what two writers left behind
    before version 4) comes last, so both databases give the other rows the same ids."""
    session = {
        "created_at": T0,
        "updated_at": T0,
        "status": "finished",
        "mode": "offline",
        "interviewer_model": None,
        "judge_model": None,
        "target_level": "senior",
        "plan_json": PLAN,
        "elapsed_s": 42.0,
        "overall_score": 2.5,
    }
    turn = {
        "round_index": 0,
        "role": "candidate",
        "kind": "answer",
        "phase": "questions",
        "question_id": "q1",
        "follow_up_id": None,
        "criterion": None,
        "facts_json": "[]",
        "created_at": T0,
    }
    out: list[tuple[str, dict[str, object]]] = [
        ("sessions", {**session, "id": "s1"}),
        ("sessions", {**session, "id": "s2", "status": "active", "overall_score": None}),
        (
            "rounds",
            {
                "session_id": "s1",
                "round_index": 0,
                "kind": "fundamentals",
                "minutes": 10,
                "started_at_s": 0.0,
                "ended_at_s": None,
            },
        ),
        ("turns", {**turn, "session_id": "s1", "seq": 0, "text": "first", "at_s": 1.0}),
        ("turns", {**turn, "session_id": "s1", "seq": 1, "text": "second", "at_s": 2.0}),
        ("turns", {**turn, "session_id": "s2", "seq": 0, "text": "other", "at_s": 3.0}),
        (
            "assessments",
            {
                "session_id": "s1",
                "round_index": 0,
                "question_id": "q1",
                "rubric_id": "r",
                "rubric_version": 1,
                "judge_kind": "offline",
                "judge_model": None,
                "overall_level": 3,
                "weighted_score": 2.5,
                "is_estimate": True,
                "injection_suspected": False,
                "strengths_json": '["clear"]',
                "to_strong_hire_json": "[]",
                "red_flags_json": "[]",
                "created_at": T0,
            },
        ),
        (
            "criterion_scores",
            {
                "assessment_id": 1,
                "criterion": "c",
                "weight": 1.0,
                "level": 3,
                "evidence_json": '["first"]',
                "reasoning": "why",
            },
        ),
        (
            "llm_calls",
            {
                "session_id": "s1",
                "purpose": "judge",
                "model": "m",
                "prompt_tokens": 3,
                "completion_tokens": 4,
                "cached_tokens": 0,
                "tokens_estimated": False,
                "latency_ms": 5.0,
                "cost_usd": None,
                "ok": False,
                "error": "boom",
                "created_at": T0,
            },
        ),
    ]
    if with_duplicate:
        out.append(("turns", {**turn, "session_id": "s1", "seq": 1, "text": "again", "at_s": 9.0}))
    return out


def _fill(engine: Engine, version: int, *, with_duplicate: bool) -> None:
    tables = schema.snapshot(version).tables
    with engine.begin() as conn:
        for name, values in _v1_rows(with_duplicate=with_duplicate):
            conn.execute(insert(tables[name]).values(**values))


def _stamp(engine: Engine, upto: int) -> None:
    with engine.begin() as conn:
        for version, name, _ in MIGRATIONS[:upto]:
            conn.execute(
                insert(schema.table(1, "schema_migrations")).values(
                    version=version, name=name, applied_at=T0
                )
            )


def _fresh(url: str) -> Engine:
    engine = make_engine(url)
    _fill(engine, schema.HEAD, with_duplicate=False)
    return engine


def _check_upgraded(old: Engine, fresh: Engine) -> None:
    assert describe(old) == describe(fresh)
    assert rows(old) == rows(fresh)
    assert applied_versions(old) == applied_versions(fresh) == {v for v, _, _ in MIGRATIONS}
    stored = Repository(old).load("s1")
    assert [(t.seq, t.text) for t in stored.turns] == [(0, "first"), (1, "second")]


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_version_1_database_migrates_to_exactly_the_fresh_schema(
    backend: str, tmp_path: Path
) -> None:
    with (
        backend_url(backend, str(tmp_path), "old.db") as old_url,
        backend_url(backend, str(tmp_path), "new.db") as new_url,
    ):
        old = make_engine(old_url, run_migrations=False)
        schema.snapshot(1).create_all(old)  # the frozen version-1 DDL
        _stamp(old, 1)
        _fill(old, 1, with_duplicate=True)
        assert migrate(old) == list(range(2, schema.HEAD + 1))
        _check_upgraded(old, _fresh(new_url))


def _legacy_statements(backend: str, version: int) -> list[str]:
    """The DDL today's code before frozen migrations ran up to `version` (see legacy/)."""
    if backend == "sqlite":
        files = [LEGACY / f"sqlite_v{version}.sql"]
    else:
        files = [LEGACY / f"postgresql_v{v}.sql" for v in range(1, version + 1)]
    return [s.strip() for f in files for s in f.read_text().split(";\n") if s.strip()]


@pytest.mark.parametrize("version", [1, 2, 3])
@pytest.mark.parametrize("backend", BACKENDS)
def test_databases_made_by_earlier_releases_migrate_to_the_fresh_schema(
    backend: str, version: int, tmp_path: Path
) -> None:
    with (
        backend_url(backend, str(tmp_path), "old.db") as old_url,
        backend_url(backend, str(tmp_path), "new.db") as new_url,
    ):
        old = make_engine(old_url, run_migrations=False)
        with old.begin() as conn:
            for stmt in _legacy_statements(backend, version):
                conn.exec_driver_sql(stmt)
        _stamp(old, version)
        _fill(old, 1, with_duplicate=True)
        assert migrate(old) == list(range(version + 1, schema.HEAD + 1))
        _check_upgraded(old, _fresh(new_url))


@pytest.mark.parametrize("backend", BACKENDS)
def test_the_head_snapshot_is_what_the_table_classes_describe(backend: str, tmp_path: Path) -> None:
    """tables.py (what the code reads and writes) and the frozen head never drift apart."""
    with (
        backend_url(backend, str(tmp_path), "a.db") as a_url,
        backend_url(backend, str(tmp_path), "b.db") as b_url,
    ):
        from_classes = make_engine(a_url, run_migrations=False)
        SQLModel.metadata.create_all(from_classes)
        assert describe(from_classes) == describe(make_engine(b_url))


def test_unique_seq_refuses_a_second_turn_with_the_same_seq(store: Repository) -> None:
    plan = SessionPlan(
        rounds=[RoundPlan(kind=RoundKind.FUNDAMENTALS, minutes=5, question_ids=["q1"])]
    )
    store.create_session("u1", plan, mode=Mode.OFFLINE, interviewer_model=None, judge_model=None)
    turn = Turn(
        seq=0,
        round_index=0,
        role=Role.CANDIDATE,
        kind=TurnKind.ANSWER,
        text="a",
        phase=Phase.QUESTIONS,
        at_s=1.0,
        created_at=T0,
    )
    store.add_turn("u1", turn)
    with pytest.raises(IntegrityError):
        store.add_turn("u1", turn.model_copy(update={"text": "b"}))
    assert [t.text for t in store.turns("u1")] == ["a"]


def test_a_database_from_a_newer_release_is_refused_naming_both_versions(store_url: str) -> None:
    engine = make_engine(store_url)
    with engine.begin() as conn:
        conn.execute(
            insert(schema.table(1, "schema_migrations")).values(
                version=schema.HEAD + 3, name="from the future", applied_at=T0
            )
        )
    with pytest.raises(SchemaTooNew) as info:
        make_engine(store_url)
    assert info.value.db_version == schema.HEAD + 3
    assert info.value.app_version == schema.HEAD
    message = str(info.value)
    assert f"schema version {schema.HEAD + 3}" in message
    assert f"versions up to {schema.HEAD}" in message
    assert "upgrade mockloop" in message


_MIGRATE_CHILD = """
import json, sys
sys.stdin.read()  # the barrier: every process starts migrating when the parent closes stdin
from app.store.db import make_engine
from app.store.migrations import migrate
engine = make_engine(sys.argv[1], run_migrations=False)
print(json.dumps(migrate(engine)))
"""


@pytest.mark.slow
@pytest.mark.parametrize("backend", BACKENDS)
def test_processes_racing_to_migrate_a_new_database_all_succeed_and_one_migrates(
    backend: str, tmp_path: Path
) -> None:
    count = 16 if backend == "sqlite" else 8
    with backend_url(backend, str(tmp_path)) as url:
        procs = [
            subprocess.Popen(
                [sys.executable, "-c", _MIGRATE_CHILD, url],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                cwd=ROOT,
            )
            for _ in range(count)
        ]
        for p in procs:
            assert p.stdin is not None
            p.stdin.close()
        results = [(p.wait(timeout=120), p.stdout, p.stderr) for p in procs]
        outputs = []
        for code, out, err in results:
            assert out is not None and err is not None
            errors = err.read()
            assert code == 0, errors
            outputs.append(json.loads(out.read()))
        head = [v for v, _, _ in MIGRATIONS]
        assert sorted(outputs, key=len) == [[]] * (count - 1) + [head]
        engine = make_engine(url)
        with engine.connect() as conn:
            recorded = conn.execute(text("SELECT version FROM schema_migrations")).scalars().all()
        assert sorted(recorded) == head


@pytest.mark.slow
def test_a_waiting_migrator_rechecks_the_version_inside_the_lock(tmp_path: Path) -> None:
    """PostgreSQL shows who waits on the advisory lock, so the order is certain: the child has
    read the old version and waits; we migrate and commit; inside the lock it finds the work
    done and applies nothing (without the re-check it would record version 4 twice)."""
    with backend_url("postgresql", str(tmp_path)) as url:
        engine = make_engine(url, run_migrations=False)
        assert migrate(engine, MIGRATIONS[:3]) == [1, 2, 3]
        with engine.connect() as conn:
            tx = conn.begin()
            conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_PG_LOCK_KEY})")
            child = subprocess.Popen(
                [sys.executable, "-c", _MIGRATE_CHILD, url],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                cwd=ROOT,
            )
            deadline = time.monotonic() + 60
            waiting = 0
            with engine.connect() as probe:
                while waiting == 0 and time.monotonic() < deadline and child.poll() is None:
                    waiting = probe.exec_driver_sql(
                        "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted"
                    ).scalar_one()
                    probe.rollback()
                    time.sleep(0.02)  # polling a server state, not waiting out a timer
            assert waiting == 1, child.communicate()
            _m004_one_writer(conn)
            conn.execute(
                insert(schema.table(1, "schema_migrations")).values(
                    version=4, name=MIGRATIONS[3][1], applied_at=T0
                )
            )
            tx.commit()
        out, err = child.communicate(timeout=120)
        assert child.returncode == 0, err
        # the waiting migrator saw version 4 applied and ran only the steps after it
        assert json.loads(out) == list(range(5, schema.HEAD + 1))
        assert applied_versions(engine) == set(range(1, schema.HEAD + 1))
