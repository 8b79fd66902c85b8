"""The overall is computed from every stored assessment: score, quit, resume and finish gives the
same overall as the same answers in one uninterrupted run; the closing segment weighs little."""

from __future__ import annotations

from app.domain.bank import Bank
from app.domain.enums import RoundKind
from app.domain.events import AssessmentReady, SessionFinished, TurnRecorded
from app.domain.transcript import RoundPlan, SessionPlan
from app.engine.clock import FakeClock
from app.engine.interview import InterviewEngine
from app.interviewer.offline import OfflineInterviewer
from app.judge.offline import OfflineJudge
from app.judge.overall import CLOSING_WEIGHT, session_overall
from tests.conftest import EventLog

PLAN = SessionPlan(
    rounds=[
        RoundPlan(
            kind=RoundKind.FUNDAMENTALS,
            minutes=20,
            question_ids=["f-ce", "f-adam"],
            closing_question_id="b-closing",
        )
    ]
)
STRONG = (
    "Cross-entropy is the negative log-likelihood of the true class; with softmax its gradient "
    "is p minus y, so confident mistakes get large gradients. For heavy class imbalance I would "
    "use focal loss, which down-weights easy examples, and tune gamma on validation."
)
WEAK = "Adam is an optimizer. It works well."
CLOSING = "How do you decide when to retrain the models in production?"


def _engine(bank: Bank, log: EventLog, **kw: object) -> tuple[InterviewEngine, FakeClock]:
    clock = FakeClock()
    engine = InterviewEngine(
        session_id="s-overall",
        plan=PLAN,
        bank=bank,
        interviewer=OfflineInterviewer(),
        judge=OfflineJudge(),
        clock=clock,
        sink=log,
        **kw,  # type: ignore[arg-type]
    )
    return engine, clock


async def _answer_until(engine: InterviewEngine, clock: FakeClock, question_id: str) -> None:
    """Answer every question up to (not including) `question_id`, one message each."""
    for _ in range(20):
        q = engine.view().question
        if engine.finished or (q is not None and q.question_id == question_id):
            return
        clock.advance(120)
        text = (
            CLOSING
            if engine.view().closing_question
            else (STRONG if q and q.question_id == "f-ce" else WEAK)
        )
        await engine.submit(text, on=q)


async def test_resume_recomputes_the_overall_from_every_assessment(mini_bank: Bank) -> None:
    whole = EventLog()
    engine, clock = _engine(mini_bank, whole)
    await engine.start()
    await _answer_until(engine, clock, "never")
    await engine.drain()
    (done,) = whole.of(SessionFinished)

    first = EventLog()
    engine, clock = _engine(mini_bank, first)
    await engine.start()
    await _answer_until(engine, clock, "f-adam")  # f-ce answered and closed: scored
    await engine.drain()
    history = [e.turn for e in first.of(TurnRecorded)]
    scored = [e.assessment for e in first.of(AssessmentReady)]
    assert [a.question_id for a in scored] == ["f-ce"]

    second = EventLog()
    resumed, clock = _engine(mini_bank, second, history=history, assessments=scored)
    await resumed.start()
    await _answer_until(resumed, clock, "never")
    await resumed.drain()
    (again,) = second.of(SessionFinished)
    assert {a.question_id for a in again.assessments} == {"f-ce", "f-adam", "b-closing"}
    assert again.overall_score is not None
    assert again.overall_score == done.overall_score
    assert again.overall_score == session_overall(PLAN, again.assessments).overall


async def test_the_closing_segment_moves_a_round_by_at_most_its_weight(mini_bank: Bank) -> None:
    log = EventLog()
    engine, clock = _engine(mini_bank, log)
    await engine.start()
    await _answer_until(engine, clock, "never")
    await engine.drain()
    (done,) = log.of(SessionFinished)
    technical = [a for a in done.assessments if a.question_id != "b-closing"]
    without = session_overall(PLAN, technical).overall
    assert without is not None and done.overall_score is not None
    assert abs(done.overall_score - without) <= CLOSING_WEIGHT * 3 + 1e-9
