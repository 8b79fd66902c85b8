"""One session through the thin sqlite3 path is the session the repository loads: turns (with a
code run), assessments with their criteria (a rescore too), ids resolved by prefix the same way;
and the path steps aside for anything it does not know."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from app.domain.coding import RunReport, RunStatus, Suite, TestOutcome, TestVerdict
from app.domain.enums import JudgeKind, Mode, Phase, Role, RoundKind, TurnKind
from app.domain.transcript import Assessment, CriterionScore, RoundPlan, SessionPlan, Turn
from app.store.db import make_engine
from app.store.quick_session import load_session
from app.store.repository import Repository

T0 = datetime(2026, 3, 1, 9, 30, tzinfo=UTC)
SID = "c0de" + "5e55" * 7


def _filled(path: Path) -> Repository:
    repo = Repository(make_engine(f"sqlite:///{path}"))
    plan = SessionPlan(
        rounds=[
            RoundPlan(kind=RoundKind.FUNDAMENTALS, minutes=10, question_ids=["q1", "q_2"]),
            RoundPlan(kind=RoundKind.CODING, minutes=30, question_ids=["code-1"]),
        ],
        target_level="staff",
    )
    repo.create_session(SID, plan, mode=Mode.LLM, interviewer_model="m-i", judge_model="m-j")
    repo.create_session(
        "c0de" + "0" * 28, plan, mode=Mode.OFFLINE, interviewer_model=None, judge_model=None
    )
    run = RunReport(
        suite=Suite.VISIBLE,
        status=RunStatus.OK,
        tests=[TestOutcome(name="t_shape", verdict=TestVerdict.PASSED)],
        output="ok\n",
    )
    turns = [
        Turn(
            seq=0,
            round_index=0,
            role=Role.INTERVIEWER,
            kind=TurnKind.QUESTION,
            text="Why?",
            phase=Phase.QUESTIONS,
            question_id="q1",
            at_s=0.0,
            created_at=T0,
        ),
        Turn(
            seq=1,
            round_index=0,
            role=Role.CANDIDATE,
            kind=TurnKind.ANSWER,
            text="Because 50% of_the \u00e9 cases",
            phase=Phase.QUESTIONS,
            question_id="q1",
            facts=["a fact"],
            at_s=12.5,
            created_at=T0 + timedelta(seconds=12.5),
        ),
        Turn(
            seq=2,
            round_index=1,
            role=Role.CANDIDATE,
            kind=TurnKind.ANSWER,
            text="def f(): ...",
            phase=Phase.QUESTIONS,
            question_id="code-1",
            at_s=99.0,
            created_at=T0 + timedelta(minutes=2),
            run=run,
        ),
    ]
    for t in turns:
        repo.add_turn(SID, t)
    for level, estimate in ((2, True), (3, False)):  # an answer and its rescore
        repo.add_assessment(
            Assessment(
                session_id=SID,
                round_index=0,
                question_id="q1",
                rubric_id="fundamentals",
                rubric_version=2,
                judge_kind=JudgeKind.OFFLINE if estimate else JudgeKind.LLM,
                judge_model=None if estimate else "m-j",
                criteria=[
                    CriterionScore(
                        criterion="correctness",
                        evidence=["Because 50%"],
                        reasoning="quoted",
                        level=level,
                        weight=2.0,
                    ),
                    CriterionScore(
                        criterion="communication",
                        evidence=[],
                        reasoning="",
                        level=level + 1,
                        weight=1.0,
                    ),
                ],
                overall_level=level,
                weighted_score=level + 0.25,
                strengths=["clear"],
                to_strong_hire=["numbers"],
                red_flags=[],
                injection_suspected=not estimate,
                is_estimate=estimate,
                created_at=T0 + timedelta(minutes=10 + level),
            )
        )
    repo.finish_session(SID, 1800.0, 2.75)
    return repo


def test_the_thin_load_is_the_repository_load(tmp_path: Path) -> None:
    path = tmp_path / "m.db"
    repo = _filled(path)
    quick = load_session(f"sqlite:///{path}", SID[:9])
    assert not isinstance(quick, str) and quick is not None
    full = repo.load(SID)
    assert quick == full
    assert quick.turns[2].run == full.turns[2].run and quick.turns[2].run is not None
    assert [a.is_estimate for a in quick.assessments] == [True, False]


def test_prefixes_resolve_as_the_repository_resolves_them(tmp_path: Path) -> None:
    path = tmp_path / "m.db"
    repo = _filled(path)
    url = f"sqlite:///{path}"
    assert load_session(url, "c0de") == "'c0de' matches several sessions; give more characters"
    assert load_session(url, "beef") == "no session matches 'beef'"
    assert load_session(url, "c0de_") == "no session matches 'c0de_'"  # `_` is no wildcard
    assert load_session(url, "c0de%") == "no session matches 'c0de%'"
    assert repo.resolve_id(SID.upper()[:10]) == SID  # LIKE ignores ASCII case, on both paths
    assert load_session(url, SID.upper()[:10]) == repo.load(SID)


def test_it_steps_aside_for_what_it_does_not_know(tmp_path: Path) -> None:
    path = tmp_path / "m.db"
    repo = _filled(path)
    assert load_session("postgresql+psycopg://u@localhost/db", SID) is None
    assert load_session(f"sqlite:///{tmp_path / 'missing.db'}", SID) is None
    assert not (tmp_path / "missing.db").exists()
    with repo.engine.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO schema_migrations (version, name, applied_at) "
            "VALUES (99, 'future', '2030-01-01 00:00:00')"
        )
    assert load_session(f"sqlite:///{path}", SID) is None
    garbage = tmp_path / "garbage.db"
    garbage.write_bytes(b"this is not a database" * 100)
    assert load_session(f"sqlite:///{garbage}", SID) is None


def test_a_row_the_domain_rejects_sends_it_to_the_repository(tmp_path: Path) -> None:
    path = tmp_path / "m.db"
    repo = _filled(path)
    with repo.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE turns SET role = 'narrator' WHERE seq = 0")
    assert load_session(f"sqlite:///{path}", SID) is None
