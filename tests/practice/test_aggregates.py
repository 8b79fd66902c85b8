"""The running progress aggregates against the full fold (`session_trend` over every answer):
on random histories, written one assessment at a time and folded incrementally as
`PracticeUpdater` does, with rescores, unscored answers, estimates and sessions written out of
time order; then after a full rebuild; then after writes that nothing folded (caught up on read)."""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from app.domain.bank import Bank
from app.domain.enums import Difficulty, JudgeKind, Mode, RoundKind
from app.domain.events import AssessmentReady
from app.domain.transcript import Assessment, CriterionScore, RoundPlan, SessionPlan
from app.practice import aggregates, folded
from app.practice.progress import TREND_SESSIONS, build_progress, progress_from_state
from app.practice.state import load_state
from app.practice.trend import TrendPoint, session_trend
from app.practice.updater import PracticeUpdater
from app.store import practice_aggregates as store
from app.store.db import make_engine
from app.store.repository import Repository
from tests.practice.conftest import NOW, bank_of, question

HISTORIES = 24


def random_bank(rng: random.Random) -> Bank:
    topics = [f"topic{i}" for i in range(rng.randint(3, 7))]
    qs = []
    for i in range(rng.randint(6, 14)):
        qs.append(
            question(
                f"q{i}",
                rng.sample(topics, rng.randint(1, min(3, len(topics)))),
                difficulty=rng.choice(list(Difficulty)),
                closing=i == 0,  # the closing question trains nothing: never counted
            )
        )
    return bank_of(*qs)


def write(
    repo: Repository, sid: str, rnd: int, qid: str, at: datetime, rng: random.Random
) -> Assessment:
    level = rng.randint(1, 4)
    scored = rng.random() > 0.1
    estimate = rng.random() < 0.4
    a = Assessment(
        session_id=sid,
        round_index=rnd,
        question_id=qid,
        rubric_id="r",
        rubric_version=1,
        judge_kind=JudgeKind.OFFLINE if estimate else JudgeKind.LLM,
        criteria=[CriterionScore(criterion="c", level=level, weight=1.0)],
        overall_level=level,
        weighted_score=round(rng.uniform(1, 4), 2) if scored else None,
        is_estimate=estimate,
        created_at=at,
    )
    repo.add_assessment(a)
    return a


def random_history(repo: Repository, bank: Bank, rng: random.Random, fold: bool) -> None:
    updater = PracticeUpdater(repo, bank if fold else None)
    qids = sorted(bank.questions)
    n = rng.randint(3, 45)
    starts = [NOW - timedelta(days=rng.uniform(0, 300)) for _ in range(n)]
    answers: list[tuple[str, int, str, datetime]] = []
    for i, start in enumerate(starts):
        sid = f"{rng.getrandbits(40):010x}{i:04d}"
        plan = SessionPlan(
            rounds=[RoundPlan(kind=RoundKind.FUNDAMENTALS, minutes=45, question_ids=qids[:1])]
        )
        repo.create_session(sid, plan, mode=Mode.OFFLINE, interviewer_model=None, judge_model=None)
        for k in range(rng.randint(1, 5)):
            rnd = rng.randint(0, 1)
            answers.append((sid, rnd, rng.choice(qids), start + timedelta(minutes=5 * k)))
    rng.shuffle(answers)  # sessions are judged (and rescored) in any order
    for sid, rnd, qid, at in answers:
        updater(AssessmentReady(write(repo, sid, rnd, qid, at, rng)))
        if rng.random() < 0.08:  # a rescore of that answer, later
            later = at + timedelta(days=rng.uniform(0, 3))
            updater(AssessmentReady(write(repo, sid, rnd, qid, later, rng)))


def assert_same(got: list[TrendPoint], want: list[TrendPoint]) -> None:
    assert [p.session_id for p in got] == [p.session_id for p in want]
    for g, w in zip(got, want, strict=True):
        assert abs((g.at - w.at).total_seconds()) < 1e-3
        assert g.score == pytest.approx(w.score, abs=1e-9)
        assert g.mastery == pytest.approx(w.mastery, abs=1e-9)
        assert (g.questions, g.estimate) == (w.questions, w.estimate)


def full(repo: Repository, bank: Bank, last: int) -> list[TrendPoint]:
    return session_trend(bank, repo.practice_attempts(), last)


@pytest.mark.parametrize("seed", range(HISTORIES))
def test_incremental_and_full_recomputation_agree(seed: int, tmp_path: Path) -> None:
    rng = random.Random(seed)
    bank = random_bank(rng)
    repo = Repository(make_engine(f"sqlite:///{tmp_path / 'h.db'}"))
    aggregates.rebuild(repo, bank)  # an empty start, as after the first progress read
    random_history(repo, bank, rng, fold=True)
    current = store.state(repo.engine)
    assert current.folded == current.assessments  # every write was folded as it happened
    last = rng.choice((5, 12, TREND_SESSIONS))
    incremental = aggregates.trend(repo, last)
    assert_same(incremental, full(repo, bank, last))
    rows = {a.session_id: a for a in store.recent(repo.engine, 10_000)}
    totals = store.topic_totals(repo.engine)
    aggregates.rebuild(repo, bank)
    rebuilt = {a.session_id: a for a in store.recent(repo.engine, 10_000)}
    assert rows.keys() == rebuilt.keys()
    for sid, a in rows.items():
        b = rebuilt[sid]
        assert (a.answers, a.scored, a.estimates, a.assessments) == (
            b.answers,
            b.scored,
            b.estimates,
            b.assessments,
        )
        assert a.topics.keys() == b.topics.keys()
        for t, (s, f) in a.topics.items():
            assert (s, f) == pytest.approx(b.topics[t], abs=1e-12)
    for t, tt in store.topic_totals(repo.engine).items():
        assert totals[t].sessions == tt.sessions
        assert totals[t].success_e == pytest.approx(tt.success_e, rel=1e-9, abs=1e-6)
    assert_same(aggregates.trend(repo, last), full(repo, bank, last))


@pytest.mark.parametrize("seed", range(100, 106))
def test_writes_nothing_folded_are_caught_up_and_the_report_matches(
    seed: int, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    rng = random.Random(seed)
    bank = random_bank(rng)
    repo = Repository(make_engine(f"sqlite:///{tmp_path / 'h.db'}"))
    random_history(repo, bank, rng, fold=rng.random() < 0.5)  # folded or not at all
    random_history(repo, bank, rng, fold=False)  # then more, by a writer that does not fold
    state = load_state(repo, bank, NOW)
    want = progress_from_state(bank, state, repo.practice_attempts())
    got = build_progress(repo, bank, NOW)
    assert (got.sessions, got.attempts, got.estimates) == (
        want.sessions,
        want.attempts,
        want.estimates,
    )
    assert_same(got.trend, want.trend)
    current = store.state(repo.engine)
    assert current.folded == current.assessments
    assert "aggregates unusable" not in caplog.text  # the aggregates served it, not the fallback


def test_a_bank_change_rebuilds(tmp_path: Path) -> None:
    rng = random.Random(7)
    bank = random_bank(rng)
    repo = Repository(make_engine(f"sqlite:///{tmp_path / 'h.db'}"))
    aggregates.rebuild(repo, bank)
    random_history(repo, bank, rng, fold=True)
    moved = bank_of(
        *(
            q.model_copy(update={"topics": [*q.topics, "new-topic"]})
            for q in bank.questions.values()
        )
    )
    assert store.state(repo.engine).fingerprint != folded.fingerprint(moved)
    report = build_progress(repo, moved, NOW)
    assert store.state(repo.engine).fingerprint == folded.fingerprint(moved)
    assert_same(report.trend, full(repo, moved, TREND_SESSIONS))


def test_the_rebuild_command_recomputes_and_reports(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from app.cli import main

    url = f"sqlite:///{tmp_path / 'h.db'}"
    repo = Repository(make_engine(url))
    bank = random_bank(random.Random(3))
    random_history(repo, bank, random.Random(3), fold=False)
    with repo.engine.begin() as conn:  # damage the aggregates: the rebuild must not trust them
        conn.exec_driver_sql("UPDATE practice_topics SET success_e = success_e * 7")
    assert main(["--db", url, "--data-dir", str(tmp_path), "progress", "--rebuild"]) == 0
    err = capsys.readouterr().err
    assert "Rebuilt the progress aggregates from" in err
    real = Repository(make_engine(url))
    from app.config import load_settings
    from app.wiring import bank_for

    real_bank = bank_for(load_settings(data_dir=str(tmp_path)))
    current = store.state(real.engine)
    assert current.fingerprint == folded.fingerprint(real_bank)
    assert current.folded == current.assessments
