"""A new session does not serve again what the last sessions asked, unless asked to."""

from __future__ import annotations

from app.domain.bank import Bank
from app.domain.enums import Mode, RoundKind
from app.domain.transcript import RoundPlan, SessionPlan
from app.engine.plan import build_plan
from app.store.repository import Repository


def test_recently_asked_questions_come_last_in_every_seed(real_bank: Bank) -> None:
    designs = [q.id for q in real_bank.by_round(RoundKind.SYSTEM_DESIGN)]
    recent = designs[:-1]  # every design prompt but one was asked lately
    for seed in range(20):
        plan = build_plan(real_bank, [RoundKind.SYSTEM_DESIGN], seed=seed, recent=recent)
        assert plan.rounds[0].question_ids == [designs[-1]]
    oldest = build_plan(real_bank, [RoundKind.SYSTEM_DESIGN], seed=3, recent=designs)
    assert oldest.rounds[0].question_ids == [designs[-1]]  # all seen: the longest ago comes back
    asked = build_plan(
        real_bank, [RoundKind.SYSTEM_DESIGN], question_ids=[designs[0]], recent=designs
    )
    assert asked.rounds[0].question_ids == [designs[0]]  # an explicit id is always asked


def test_the_repository_lists_recent_questions_newest_session_first(repo: Repository) -> None:
    for sid, qids in (("old", ["a", "b"]), ("new", ["c", "a"])):
        plan = SessionPlan(
            rounds=[RoundPlan(kind=RoundKind.FUNDAMENTALS, minutes=45, question_ids=qids)]
        )
        repo.create_session(sid, plan, mode=Mode.OFFLINE, interviewer_model=None, judge_model=None)
    assert repo.recent_question_ids() == ["c", "a", "b"]


def test_a_question_named_twice_is_planned_once(real_bank: Bank) -> None:
    qid = real_bank.by_round(RoundKind.FUNDAMENTALS)[0].id
    plan = build_plan(real_bank, [RoundKind.FUNDAMENTALS], minutes=45, question_ids=[qid, qid])
    assert plan.rounds[0].question_ids.count(qid) == 1
