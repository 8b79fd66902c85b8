"""The planner's rules: diagnostic sweep, cooldown, reviews, weakest-by-bound, coverage, caps,
level, interview date, interleaving, and the repository-backed entry point."""

from __future__ import annotations

import itertools
from collections import Counter
from datetime import date, datetime

import pytest

from app.domain.bank import Bank
from app.domain.enums import Difficulty, RoundKind, TargetLevel
from app.domain.formats import FORMATS
from app.practice.cards import CardState, on_cooldown, review
from app.practice.ordering import interleave_rounds
from app.practice.planner import PlanError, Recommendation, plan_from_state, recommend_plan
from app.practice.state import build_state
from app.store.practice_records import AttemptRecord
from app.store.repository import Repository
from tests.practice.conftest import attempt, bank_of, days, grid_bank, question, store_answer

FIVE = 45  # a 45-minute fundamentals round holds 5 questions


def ids(rec: Recommendation) -> list[str]:
    return [q for r in rec.plan.rounds for q in r.question_ids]


def topic_of(bank: Bank, qid: str) -> str:
    return bank.questions[qid].topics[0]


def history_state(bank: Bank, answers: list[AttemptRecord], now: datetime):  # type: ignore[no-untyped-def]
    cards: dict[str, CardState] = {}
    for a in sorted(answers, key=lambda r: r.at):
        cards[a.question_id] = review(
            cards.get(a.question_id), a.question_id, a.level or 1, a.at, a.session_id
        )
    return build_state(bank, answers, cards, now)


def plan(bank: Bank, answers: list[AttemptRecord], now: datetime, **kw: object) -> Recommendation:
    options: dict[str, object] = {"rounds": [RoundKind.FUNDAMENTALS], "minutes": FIVE}
    options.update(kw)
    return plan_from_state(bank, history_state(bank, answers, now), **options)  # type: ignore[arg-type]


# ------------------------------------------------------------------ first session


def test_the_first_session_is_a_diagnostic_sweep(now: datetime) -> None:
    bank = grid_bank(topics=8, per_topic=3)
    rec = plan(bank, [], now)
    chosen = ids(rec)
    assert rec.diagnostic
    assert len(chosen) == FORMATS[RoundKind.FUNDAMENTALS].question_count(FIVE) == 5
    assert len({topic_of(bank, q) for q in chosen}) == 5  # five different topics
    assert set(rec.categories.values()) == {"diagnostic"}
    assert all(rec.reasons[q].startswith("diagnostic sweep") for q in chosen)


def test_the_sweep_prefers_medium_questions_and_new_areas(now: datetime) -> None:
    bank = bank_of(
        question("a-easy", ["a"], difficulty=Difficulty.EASY),
        question("a-med", ["a"], difficulty=Difficulty.MEDIUM),
        question("b-hard", ["b"], difficulty=Difficulty.HARD),
        question("b-med", ["b"], difficulty=Difficulty.MEDIUM),
    )
    assert sorted(ids(plan(bank, [], now, minutes=16))) == ["a-med", "b-med"]


# ------------------------------------------------------------------ later sessions


def test_later_sessions_mix_reviews_coverage_and_weak_topics(now: datetime) -> None:
    bank = grid_bank(topics=6, per_topic=4)
    answers = [
        attempt("t0-q0", 1, now - days(3)),
        attempt("t0-q1", 2, now - days(3)),
        attempt("t1-q0", 2, now - days(3)),
        attempt("t2-q0", 4, now - days(3)),
        attempt("t3-q0", 3, now - days(3)),
        attempt("t4-q0", 4, now - days(3)),
    ]
    rec = plan(bank, answers, now, minutes=55)  # 6 questions
    assert not rec.diagnostic
    cats = Counter(rec.categories.values())
    assert cats["review"] == 2  # a third of the slots, for due cards
    assert cats["coverage"] == 1
    # the coverage question is from the least-practised topic (topic5: never seen)
    coverage = next(q for q, c in rec.categories.items() if c == "coverage")
    assert topic_of(bank, coverage) == "topic5"
    # the reviews are the failed (due) questions of the weakest topics
    reviews = {q for q, c in rec.categories.items() if c == "review"}
    assert reviews <= {"t0-q0", "t0-q1", "t1-q0"}
    topics = Counter(topic_of(bank, q) for q in ids(rec))
    assert topics["topic0"] == 2  # the weakest topic gets its two questions
    assert max(topics.values()) <= 2


def test_weakest_topics_are_ranked_by_a_lower_confidence_bound(now: datetime) -> None:
    bank = grid_bank(topics=4, per_topic=6)
    answers = []
    for i in range(4):  # topic0 weak with plenty of evidence, topic1 fine, topic3 strong
        answers += [
            attempt(f"t0-q{i}", 1, now - days(40 + i)),
            attempt(f"t1-q{i}", 3, now - days(40 + i)),
            attempt(f"t3-q{i}", 4, now - days(40 + i)),
        ]
    answers.append(attempt("t2-q0", 2, now - days(40)))  # topic2: one shaky answer
    rec = plan(bank, answers, now, minutes=24)  # 2 questions: no reviews quota, 1 coverage
    weak = [q for q, c in rec.categories.items() if c == "weak"]
    assert [topic_of(bank, q) for q in weak] == ["topic0"]
    assert "weak topic 'topic0'" in rec.reasons[weak[0]]


def test_never_asked_again_before_due_unless_the_pool_is_exhausted(now: datetime) -> None:
    bank = grid_bank(topics=3, per_topic=2)
    yesterday = [attempt(q, 4, now - days(1)) for q in ("t0-q0", "t1-q0", "t2-q0")]
    state = history_state(bank, yesterday, now)
    rec = plan_from_state(bank, state, rounds=[RoundKind.FUNDAMENTALS], minutes=24)
    assert not any(on_cooldown(state.cards.get(q), now, None) for q in ids(rec))
    # six questions wanted, three are cooling down: they are the last resort, and say so
    rec = plan_from_state(bank, state, rounds=[RoundKind.FUNDAMENTALS], minutes=55)
    chosen = ids(rec)
    assert len(chosen) == len(set(chosen)) == 6
    premature = [q for q in chosen if on_cooldown(state.cards.get(q), now, None)]
    assert len(premature) == 3
    assert all(rec.reasons[q].startswith("pool exhausted") for q in premature)
    # the pool was exhausted first: every question not cooling down is in the plan
    assert set(chosen) - set(premature) == {"t0-q1", "t1-q1", "t2-q1"}


def test_never_twice_in_a_session_even_across_rounds(now: datetime) -> None:
    bank = grid_bank(topics=3, per_topic=2)
    rec = plan(bank, [], now, rounds=[RoundKind.FUNDAMENTALS, RoundKind.FUNDAMENTALS], minutes=24)
    assert len(ids(rec)) == len(set(ids(rec))) == 4


def test_at_most_two_questions_per_topic(now: datetime) -> None:
    bank = grid_bank(topics=4, per_topic=6)
    answers = [attempt(f"t0-q{i}", 1, now - days(50)) for i in range(3)]
    answers += [attempt(f"t{t}-q0", 4, now - days(50)) for t in (1, 2, 3)]
    counts = Counter(topic_of(bank, q) for q in ids(plan(bank, answers, now, minutes=55)))
    assert max(counts.values()) <= 2


def test_the_target_level_is_respected(now: datetime) -> None:
    bank = bank_of(
        question("staff-only", ["x"], levels=[TargetLevel.STAFF]),
        question("for-mid", ["x"], levels=[TargetLevel.MID, TargetLevel.SENIOR]),
        question("y-mid", ["y"], levels=[TargetLevel.MID]),
    )
    assert "staff-only" not in ids(plan(bank, [], now, minutes=16, level=TargetLevel.MID))
    assert "staff-only" in ids(plan(bank, [], now, minutes=16, level=TargetLevel.STAFF))


def test_an_interview_date_brings_cards_back_before_it(now: datetime) -> None:
    bank = grid_bank(topics=4, per_topic=3)
    answers = [attempt("t0-q0", 4, now - days(2))]  # Easy: normally due in about a week
    state = history_state(bank, answers, now)
    assert on_cooldown(state.cards["t0-q0"], now, None)
    free = plan_from_state(bank, state, rounds=[RoundKind.FUNDAMENTALS], minutes=55)
    assert "t0-q0" not in ids(free)
    tomorrow = plan_from_state(
        bank,
        state,
        rounds=[RoundKind.FUNDAMENTALS],
        minutes=55,
        interview_date=(now + days(1)).date(),
    )
    assert tomorrow.categories.get("t0-q0") == "review"
    assert any("Interview on" in n for n in tomorrow.notes)
    past = plan_from_state(
        bank, state, rounds=[RoundKind.FUNDAMENTALS], minutes=55, interview_date=date(2000, 1, 1)
    )
    assert "t0-q0" not in ids(past)
    assert any("has passed" in n for n in past.notes)


def test_technical_and_behavioral_rounds_interleave() -> None:
    f, s, b = RoundKind.FUNDAMENTALS, RoundKind.SYSTEM_DESIGN, RoundKind.BEHAVIORAL
    assert interleave_rounds([f, s, b]) == [f, b, s]
    assert interleave_rounds([b, b, f]) == [b, f, b]
    assert interleave_rounds([f]) == [f]


def test_behavioral_stories_alternate_technical_and_people(now: datetime) -> None:
    bank = bank_of(
        question("f1", ["debugging"]),
        question("b-tech1", ["debugging", "ownership"], kind=RoundKind.BEHAVIORAL),
        question("b-tech2", ["debugging", "leadership"], kind=RoundKind.BEHAVIORAL),
        question("b-people1", ["conflict"], kind=RoundKind.BEHAVIORAL),
        question("b-people2", ["feedback"], kind=RoundKind.BEHAVIORAL),
    )
    rec = plan(bank, [], now, rounds=[RoundKind.BEHAVIORAL], minutes=45)
    flavours = ["tech" in q for q in rec.plan.rounds[0].question_ids]
    assert all(a != b for a, b in itertools.pairwise(flavours))


def test_rounds_and_minutes_are_validated(now: datetime) -> None:
    bank = grid_bank()
    with pytest.raises(PlanError):
        plan(bank, [], now, minutes=500)
    with pytest.raises(PlanError):
        plan(bank, [], now, rounds=[])
    with pytest.raises(PlanError):
        plan(bank, [], now, rounds=[RoundKind.BEHAVIORAL])  # the bank has none


def test_closing_questions_are_never_planned_as_practice(now: datetime) -> None:
    bank = bank_of(
        question("b1", ["x"], kind=RoundKind.BEHAVIORAL),
        question("close", ["closing"], kind=RoundKind.BEHAVIORAL, closing=True),
    )
    rec = plan(bank, [], now, rounds=[RoundKind.BEHAVIORAL], minutes=45)
    assert rec.plan.rounds[0].question_ids == ["b1"]
    assert rec.plan.rounds[0].closing_question_id == "close"


# ------------------------------------------------------------------ through the store


def test_recommend_plan_reads_the_store(repo: Repository, now: datetime) -> None:
    bank = grid_bank(topics=4, per_topic=3)
    first = recommend_plan(repo, bank, rounds=[RoundKind.FUNDAMENTALS], minutes=FIVE, now=now)
    assert first.diagnostic
    for i, qid in enumerate(ids(first)):
        level = 1 if qid.startswith("t0") else 4
        store_answer(repo, "s1", qid, level, now - days(2) + days(i / 100))
    second = recommend_plan(repo, bank, rounds=[RoundKind.FUNDAMENTALS], minutes=FIVE, now=now)
    assert not second.diagnostic
    assert set(second.reasons) == set(ids(second))
    assert all(second.reasons[q] for q in ids(second))
    # the failed questions are due and the passed ones are cooling down
    failed = {q for q in ids(first) if q.startswith("t0")}
    assert failed <= set(ids(second))
    assert not (set(ids(first)) - failed) & set(ids(second))
    # the plan is reproducible: same store, same time, same plan
    again = recommend_plan(repo, bank, rounds=[RoundKind.FUNDAMENTALS], minutes=FIVE, now=now)
    assert again.plan == second.plan and again.reasons == second.reasons


def test_the_real_bank_plans_every_round(real_bank: Bank, repo: Repository, now: datetime) -> None:
    rounds = [RoundKind.FUNDAMENTALS, RoundKind.SYSTEM_DESIGN, RoundKind.BEHAVIORAL]
    rec = recommend_plan(repo, real_bank, rounds=rounds, level=TargetLevel.SENIOR, now=now)
    assert [r.kind for r in rec.plan.rounds] == [
        RoundKind.FUNDAMENTALS,
        RoundKind.BEHAVIORAL,
        RoundKind.SYSTEM_DESIGN,
    ]
    for r in rec.plan.rounds:
        assert all(real_bank.questions[q].round is r.kind for q in r.question_ids)
        assert all(TargetLevel.SENIOR in real_bank.questions[q].levels for q in r.question_ids)
