"""Build an engine over the mini bank with a fake clock and a recording sink."""

from __future__ import annotations

from collections.abc import Sequence

from app.domain.bank import Bank
from app.domain.events import EventSink
from app.domain.transcript import RoundPlan, SessionPlan, Turn
from app.engine.clock import FakeClock
from app.engine.interview import InterviewEngine
from app.interviewer.base import Interviewer
from app.interviewer.offline import OfflineInterviewer
from app.judge.base import Judge
from app.judge.offline import OfflineJudge


def plan_of(*rounds: RoundPlan, level: str = "senior") -> SessionPlan:
    return SessionPlan(rounds=list(rounds), target_level=level)


def make_engine(
    bank: Bank,
    plan: SessionPlan,
    sink: EventSink,
    *,
    clock: FakeClock | None = None,
    history: Sequence[Turn] = (),
    interviewer: Interviewer | None = None,
    judge: Judge | None = None,
    session_id: str = "s-test",
) -> tuple[InterviewEngine, FakeClock]:
    clock = clock or FakeClock()
    engine = InterviewEngine(
        session_id=session_id,
        plan=plan,
        bank=bank,
        interviewer=interviewer or OfflineInterviewer(),
        judge=judge or OfflineJudge(),
        clock=clock,
        sink=sink,
        history=history,
    )
    return engine, clock


def replay(bank: Bank, round_plan: RoundPlan, *texts: str, step_s: float = 60) -> list[Turn]:
    """A one-round session where the candidate sends `texts`, one every `step_s` seconds; every
    turn it recorded, in order."""
    import asyncio

    from app.domain.events import Event, TurnRecorded

    turns: list[Turn] = []

    def keep(event: Event) -> None:
        if isinstance(event, TurnRecorded):
            turns.append(event.turn)

    engine, clock = make_engine(bank, plan_of(round_plan), keep)

    async def go() -> None:
        await engine.start()
        for text in texts:
            clock.advance(step_s)
            await engine.submit(text)
            await engine.drain()

    asyncio.run(go())
    return turns
