"""The engine listens: the policy per act (pure), time warnings once each, pencils down, the
clarification bound, and coverage kept incrementally per question."""

from __future__ import annotations

from app.domain.acts import DialogueAct as A
from app.domain.acts import TurnReading
from app.domain.bank import Bank
from app.domain.enums import Move, Phase, Role, RoundKind, TurnKind
from app.domain.events import AssessmentReady, Notice, TurnRecorded
from app.domain.transcript import RoundPlan, SessionPlan
from app.engine import pacing, policy
from app.engine.coverage import coverage
from app.engine.listening import Listener
from app.engine.state import SessionState
from app.engine.turns import make
from tests.conftest import EventLog
from tests.engine.helpers import make_engine, plan_of

FUND = RoundPlan(kind=RoundKind.FUNDAMENTALS, minutes=10, question_ids=["f-ce"])
SD = RoundPlan(kind=RoundKind.SYSTEM_DESIGN, minutes=45, question_ids=["s-search"])
LADDER = ["broad", "narrow"]


def _state(rp: RoundPlan, qid: str) -> SessionState:
    from datetime import UTC, datetime

    state = SessionState(SessionPlan(rounds=[rp], target_level="senior"))
    now = datetime.now(UTC)
    phase = Phase.REQUIREMENTS if rp.kind is RoundKind.SYSTEM_DESIGN else Phase.QUESTIONS
    state.apply(
        make(
            state,
            Role.INTERVIEWER,
            TurnKind.ROUND_START,
            "hi",
            at_s=0,
            created_at=now,
            phase=phase,
            round_index=0,
        )
    )
    state.apply(
        make(
            state, Role.INTERVIEWER, TurnKind.QUESTION, "q", at_s=0, created_at=now, question_id=qid
        )
    )
    return state


def _decide(state: SessionState, rp: RoundPlan, act: A, now: float = 60) -> policy.ActMove | None:
    r = state.round
    assert r is not None
    d = pacing.deadlines(r, rp, now)
    return policy.act_move(TurnReading(act=act, reason="t"), r, rp, d, LADDER)


def test_dont_know_climbs_the_ladder_then_moves_on() -> None:
    state = _state(FUND, "f-ce")
    q = state.round.current  # type: ignore[union-attr]
    assert q is not None
    first = _decide(state, FUND, A.DONT_KNOW)
    assert first == policy.ActMove(Move.HINT, first.reason, "broad")  # type: ignore[union-attr]
    q.hints_given, q.stalls = 1, 1
    assert _decide(state, FUND, A.ANSWER_REQUEST).hint == "narrow"  # type: ignore[union-attr]
    q.hints_given, q.stalls = 2, 2
    assert _decide(state, FUND, A.HINT_REQUEST).move is Move.MOVE_ON  # type: ignore[union-attr]


def test_minimal_gets_one_say_more_then_the_move_on() -> None:
    state = _state(FUND, "f-ce")
    q = state.round.current  # type: ignore[union-attr]
    assert q is not None
    assert _decide(state, FUND, A.MINIMAL).move is Move.SAY_MORE  # type: ignore[union-attr]
    q.said_more, q.stalls = True, 1
    assert _decide(state, FUND, A.MINIMAL).move is Move.MOVE_ON  # type: ignore[union-attr]


def test_redirects_and_answers() -> None:
    state = _state(FUND, "f-ce")
    for act in (A.META, A.INJECTION, A.OTHER_LANGUAGE, A.OFF_TOPIC):
        assert _decide(state, FUND, act).move is Move.REDIRECT  # type: ignore[union-attr]
    assert _decide(state, FUND, A.ANSWER) is None
    assert _decide(state, FUND, A.CLARIFYING_QUESTION) is None
    assert _decide(state, FUND, A.MOVE_ON).move is Move.MOVE_ON  # type: ignore[union-attr]
    q = state.round.current  # type: ignore[union-attr]
    assert q is not None
    q.stalls = policy.STALL_LIMIT
    assert _decide(state, FUND, A.META).move is Move.MOVE_ON  # type: ignore[union-attr]


def test_clarifying_is_bounded_too() -> None:
    state = _state(FUND, "f-ce")
    q = state.round.current  # type: ignore[union-attr]
    assert q is not None
    q.clarify_run = policy.CLARIFY_LIMIT[RoundKind.FUNDAMENTALS]
    assert _decide(state, FUND, A.CLARIFYING_QUESTION).move is Move.REDIRECT  # type: ignore[union-attr]


def test_in_design_empty_turns_never_end_a_phase_before_its_budget() -> None:
    state = _state(SD, "s-search")
    q = state.round.current  # type: ignore[union-attr]
    assert q is not None
    q.said_more, q.stalls, q.hints_given = True, 5, 2
    early = _decide(state, SD, A.MINIMAL, now=3 * 60)
    assert early is not None and early.move is Move.SAY_MORE
    late = _decide(state, SD, A.MINIMAL, now=9 * 60)  # the requirements budget (8 min) is spent
    assert late is not None and late.move is Move.MOVE_ON


def test_closing_acts() -> None:
    closing = RoundPlan(
        kind=RoundKind.FUNDAMENTALS,
        minutes=10,
        question_ids=["f-ce"],
        closing_question_id="b-closing",
    )
    state = _state(closing, "f-ce")
    q = state.round.current  # type: ignore[union-attr]
    assert q is not None
    q.closing = True
    for act in (A.NO_MORE_QUESTIONS, A.MINIMAL, A.DONT_KNOW, A.MOVE_ON):
        assert _decide(state, closing, act).move is Move.WRAP_UP  # type: ignore[union-attr]
    assert _decide(state, closing, A.CLARIFYING_QUESTION) is None


async def test_time_warnings_once_each(mini_bank: Bank, log: EventLog) -> None:
    plan = plan_of(RoundPlan(kind=RoundKind.FUNDAMENTALS, minutes=10, question_ids=["f-ce"]))
    engine, clock = make_engine(mini_bank, plan, log)
    await engine.start()
    for at in (4 * 60, 5 * 60 + 1, 5 * 60 + 2, 9 * 60, 9 * 60 + 31, 9 * 60 + 40):
        clock.advance(at - engine.view().elapsed_s)
        await engine.tick()
    texts = [n.text for n in log.of(Notice)]
    assert texts == [
        "5 minutes left in this round.",
        "1 minute left in this round.",
        "30 seconds left in this round.",
    ]


async def test_pencils_down_records_the_draft_and_judges_it(mini_bank: Bank, log: EventLog) -> None:
    plan = plan_of(RoundPlan(kind=RoundKind.FUNDAMENTALS, minutes=5, question_ids=["f-ce"]))
    engine, clock = make_engine(mini_bank, plan, log)
    await engine.start()
    clock.advance(6 * 60)
    draft = "The gradient with softmax is p - y, which does not saturate."
    await engine.tick(draft)
    await engine.drain()
    turns = [e.turn for e in log.of(TurnRecorded)]
    pencils = [t for t in turns if t.kind is TurnKind.PENCILS_DOWN]
    assert [t.text for t in pencils] == [draft] and pencils[0].question_id == "f-ce"
    assert turns[-1].kind is TurnKind.ROUND_END
    scored = [e.assessment for e in log.of(AssessmentReady)]
    assert any(a.question_id == "f-ce" for a in scored)  # judged, not "not scored"


async def test_a_blank_draft_is_not_an_answer(mini_bank: Bank, log: EventLog) -> None:
    plan = plan_of(RoundPlan(kind=RoundKind.FUNDAMENTALS, minutes=5, question_ids=["f-ce"]))
    engine, clock = make_engine(mini_bank, plan, log)
    await engine.start()
    clock.advance(6 * 60)
    await engine.tick("   ")
    assert not [e for e in log.of(TurnRecorded) if e.turn.role is Role.CANDIDATE]


def test_coverage_is_incremental_and_matches_the_matcher(mini_bank: Bank) -> None:
    state = _state(FUND, "f-ce")
    q = state.round.current  # type: ignore[union-attr]
    assert q is not None
    listener = Listener(mini_bank)
    question = mini_bank.questions["f-ce"]
    rubric = mini_bank.rubric_for(question)
    said = "With softmax, the gradient of the cross-entropy is simply p minus y."
    q.candidate_texts.append(said)
    first = listener.coverage(0, q)
    assert first.covered == coverage(question, rubric, said).covered == ("correctness",)
    q.candidate_texts.append("Focal loss for rare positives.")
    second = listener.coverage(0, q)
    assert set(second.covered) == {"correctness", "tradeoffs"}
    assert listener.coverage(0, q) == second  # nothing new: nothing rescanned or changed


async def test_a_design_questions_reading_indexes_are_built_when_the_session_starts(
    mini_bank: Bank, log: EventLog
) -> None:
    from app.engine import relevance
    from app.interviewer import fact_match

    facts = mini_bank.questions["s-search"].scenario_facts
    assert facts  # a design question with scenario facts
    fact_match._BY_IDENTITY.clear()
    relevance.context_words.cache_clear()
    engine, _clock = make_engine(mini_bank, plan_of(SD), log)
    await engine.start()
    built = fact_match._index.cache_info().misses + relevance.context_words.cache_info().misses
    ask = "How many queries a day, and what is the latency budget?"
    await engine.submit(ask)  # the first clarifying question builds nothing more
    await engine.drain()
    after = fact_match._index.cache_info().misses + relevance.context_words.cache_info().misses
    assert after == built
    assert tuple(id(f) for f in facts) in fact_match._BY_IDENTITY


async def test_the_closing_segments_facts_are_indexed_when_the_session_starts(
    mini_bank: Bank, log: EventLog
) -> None:
    """The closing question is in no round's question list, yet its facts answer the
    candidate's questions at the end: its index is built at the start too, not mid-round."""
    from app.interviewer import fact_match

    facts = mini_bank.questions["b-closing"].scenario_facts
    assert facts
    fact_match._BY_IDENTITY.clear()
    plan = plan_of(
        RoundPlan(
            kind=RoundKind.BEHAVIORAL,
            minutes=10,
            question_ids=["b-incident"],
            closing_question_id="b-closing",
        )
    )
    engine, _clock = make_engine(mini_bank, plan, log)
    await engine.start()
    assert tuple(id(f) for f in facts) in fact_match._BY_IDENTITY
