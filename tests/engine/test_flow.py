"""Questions, follow-ups, clarifications, caps, judging and resume, on the fake clock."""

from __future__ import annotations

from app.domain.bank import Bank
from app.domain.enums import Role, RoundKind, TurnKind
from app.domain.events import (
    AssessmentReady,
    JudgingDeferred,
    Notice,
    SessionFinished,
    SessionStarted,
    TurnRecorded,
)
from app.domain.interviewing import JudgeRequest
from app.domain.transcript import Assessment, RoundPlan
from app.interviewer.offline import OfflineInterviewer
from tests.conftest import EventLog
from tests.engine.helpers import make_engine, plan_of

FUND = RoundPlan(
    kind=RoundKind.FUNDAMENTALS,
    minutes=45,
    question_ids=["f-ce", "f-adam"],
    closing_question_id="b-closing",
)


def _turns(log: EventLog) -> list:  # type: ignore[type-arg]
    return [e.turn for e in log.of(TurnRecorded)]


async def test_start_emits_session_then_round_then_question(mini_bank: Bank, log: EventLog) -> None:
    engine, _ = make_engine(mini_bank, plan_of(FUND), log)
    await engine.start()
    assert isinstance(log.events[0], SessionStarted)
    kinds = [t.kind for t in _turns(log)]
    assert kinds == [TurnKind.ROUND_START, TurnKind.QUESTION]
    assert _turns(log)[1].question_id == "f-ce"
    assert (q := engine.view().question) is not None and q.question_id == "f-ce"


async def test_follow_up_targets_the_uncovered_criterion(mini_bank: Bank, log: EventLog) -> None:
    engine, clock = make_engine(mini_bank, plan_of(FUND), log)
    await engine.start()
    clock.advance(60)
    # Covers correctness (p - y) but nothing about tradeoffs: the probe should go there.
    await engine.submit(
        "Cross-entropy is the negative log-likelihood of the true class, and with softmax its "
        "gradient is simply p minus y."
    )
    probe = _turns(log)[-1]
    assert probe.kind is TurnKind.FOLLOW_UP
    assert probe.criterion == "tradeoffs"
    assert probe.follow_up_id == "f-ce-2"
    clock.advance(60)
    await engine.submit("I would reweight the classes when positives are rare in the data.")
    chained = _turns(log)[-1]
    assert chained.follow_up_id == "f-ce-3"  # the chain continues from its parent


async def test_no_follow_up_on_a_criterion_the_answers_already_cover(
    mini_bank: Bank, log: EventLog
) -> None:
    engine, clock = make_engine(mini_bank, plan_of(FUND), log)
    await engine.start()
    clock.advance(60)
    await engine.submit("The gradient with softmax is p - y, and focal loss helps imbalance.")
    turns = _turns(log)
    assert not any(t.kind is TurnKind.FOLLOW_UP for t in turns)  # both criteria covered
    assert turns[-1].kind is TurnKind.QUESTION and turns[-1].question_id == "f-adam"


async def test_follow_ups_are_capped_then_next_question(mini_bank: Bank, log: EventLog) -> None:
    engine, clock = make_engine(mini_bank, plan_of(FUND), log)
    await engine.start()
    for _ in range(4):
        clock.advance(30)
        await engine.submit("I would look at the loss curve and compare it against a baseline.")
    turns = _turns(log)
    follow_ups = [t for t in turns if t.kind is TurnKind.FOLLOW_UP and t.question_id == "f-ce"]
    assert len(follow_ups) == 3  # the fundamentals cap
    assert turns[-1].kind is TurnKind.QUESTION and turns[-1].question_id == "f-adam"


async def test_clarifying_question_is_answered_from_scenario_facts(
    mini_bank: Bank, log: EventLog
) -> None:
    sd = RoundPlan(kind=RoundKind.SYSTEM_DESIGN, minutes=45, question_ids=["s-search"])
    engine, clock = make_engine(mini_bank, plan_of(sd), log)
    await engine.start()
    clock.advance(30)
    await engine.submit("How many employees and documents are we talking about?")
    turns = _turns(log)
    assert turns[-2].kind is TurnKind.CLARIFYING_QUESTION
    assert turns[-1].kind is TurnKind.CLARIFICATION
    assert "2 million documents" in turns[-1].text
    assert turns[-1].facts == ["users"]
    await engine.submit("Is there a latency budget?")
    assert "500 ms" in _turns(log)[-1].text


async def test_question_budget_moves_on(mini_bank: Bank, log: EventLog) -> None:
    engine, clock = make_engine(mini_bank, plan_of(FUND), log)
    await engine.start()
    clock.advance(9 * 60)  # past the 8-minute question budget
    await engine.submit("A long think, then: the gradient is p - y.")
    assert _turns(log)[-1].kind is TurnKind.QUESTION
    assert _turns(log)[-1].question_id == "f-adam"


async def test_closing_segment_then_session_finishes_with_scores(
    mini_bank: Bank, log: EventLog
) -> None:
    plan = plan_of(FUND.model_copy(update={"minutes": 10}))
    engine, clock = make_engine(mini_bank, plan, log)
    await engine.start()
    for _ in range(30):
        if engine.finished:
            break
        clock.advance(60)
        await engine.submit(
            "What is your retraining cadence?"
            if engine.view().closing_question
            else "The gradient is p - y; focal loss instead for imbalance."
        )
    await engine.drain()
    assert engine.finished
    turns = _turns(log)
    closing = [t for t in turns if t.question_id == "b-closing"]
    assert any("retrain weekly" in t.text for t in closing)
    finished = log.of(SessionFinished)
    assert len(finished) == 1 and finished[0].overall_score is not None
    scored = {a.assessment.question_id for a in log.of(AssessmentReady)}
    asked = {t.question_id for t in turns if t.role is Role.CANDIDATE}
    assert scored == asked
    for a in log.of(AssessmentReady):
        assert a.assessment.is_estimate and a.assessment.label == "offline estimate"


class ExplodingJudge:
    kind = "llm"
    model = "broken"

    async def assess(self, request: JudgeRequest) -> Assessment:
        raise ConnectionError("server went away")


async def test_judge_failure_is_deferred_not_fatal(mini_bank: Bank, log: EventLog) -> None:
    plan = plan_of(FUND)
    engine, _clock = make_engine(mini_bank, plan, log, judge=ExplodingJudge())  # type: ignore[arg-type]
    await engine.start()
    await engine.end_round()
    await engine.drain()
    assert engine.finished  # nothing answered: nothing to judge, still finishes
    engine2, _clock2 = make_engine(
        mini_bank,
        plan,
        log,
        judge=ExplodingJudge(),  # type: ignore[arg-type]
        session_id="s2",
    )
    await engine2.start()
    await engine2.submit("The gradient is p - y.")
    await engine2.end_round()
    await engine2.drain()
    deferred = [e for e in log.of(JudgingDeferred) if e.session_id == "s2"]
    assert [d.question_id for d in deferred] == ["f-ce"]
    assert any("rescore" in n.text for n in log.of(Notice))
    assert engine2.finished


async def test_resume_from_history_continues_exactly(mini_bank: Bank) -> None:
    first = EventLog()
    engine, clock = make_engine(mini_bank, plan_of(FUND), first)
    await engine.start()
    clock.advance(120)
    await engine.submit("The gradient is p - y.")
    clock.advance(60)
    await engine.submit("I would reweight the classes when positives are rare.")
    history = [e.turn for e in first.of(TurnRecorded)]
    # Crash: the candidate's message was recorded but the interviewer never replied.
    history_cut = history[:-1]
    assert history_cut[-1].role is Role.CANDIDATE

    second = EventLog()
    resumed, _clock2 = make_engine(mini_bank, plan_of(FUND), second, history=history_cut)
    assert resumed.view().elapsed_s == history_cut[-1].at_s
    await resumed.start()
    new = [e.turn for e in second.of(TurnRecorded)]
    assert new and new[0].seq == len(history_cut)
    assert new[0].role is Role.INTERVIEWER and new[0].kind is TurnKind.FOLLOW_UP
    assert any("resumed" in n.text.lower() for n in second.of(Notice))
    assert not second.of(SessionStarted)


async def test_pause_stops_the_clock(mini_bank: Bank, log: EventLog) -> None:
    engine, clock = make_engine(mini_bank, plan_of(FUND), log)
    await engine.start()
    clock.advance(60)
    engine.pause()
    clock.advance(600)
    assert engine.view().elapsed_s == 60
    engine.resume_clock()
    clock.advance(5)
    assert engine.view().elapsed_s == 65


def test_offline_fact_matching_prefers_more_overlap(mini_bank: Bank) -> None:
    facts = mini_bank.questions["s-search"].scenario_facts
    got = OfflineInterviewer.match_facts("what latency budget do we have?", facts)
    assert [f.id for f in got] == ["latency"]
    assert OfflineInterviewer.match_facts("tell me about GPUs", facts) == []


def test_a_two_part_clarifying_question_gets_both_facts(mini_bank: Bank) -> None:
    facts = mini_bank.questions["s-search"].scenario_facts
    got = OfflineInterviewer.match_facts("How many employees, and what latency do we need?", facts)
    assert [f.id for f in got] == ["users", "latency"]
