"""Time spent typing outlives a quit or a crash: the session's writer records interview time
with its heartbeat and on close, and a resume starts from it. Before, a resume restarted the
clock at the last turn, so every quit handed back the minutes spent on the unsent answer.
Real SQLite file, the real session builder and lease, the engine on a fake clock."""

from __future__ import annotations

import asyncio

from app.config import Settings
from app.domain.bank import Bank
from app.domain.enums import RoundKind
from app.domain.records import StoredSession
from app.domain.transcript import RoundPlan, SessionPlan
from app.engine.clock import FakeClock
from app.session import Session, open_session
from app.store.repository import Repository

PLAN = SessionPlan(
    rounds=[RoundPlan(kind=RoundKind.FUNDAMENTALS, minutes=10, question_ids=["f-ce"])]
)


def _open(
    settings: Settings,
    repo: Repository,
    bank: Bank,
    clock: FakeClock,
    plan: SessionPlan | None = None,
    stored: StoredSession | None = None,
) -> Session:
    return open_session(
        settings, repo=repo, bank=bank, clock=clock, sink=lambda e: None, plan=plan, stored=stored
    )


def test_a_resume_starts_from_the_time_spent_not_from_the_last_turn(
    settings: Settings, repo: Repository, mini_bank: Bank
) -> None:
    clock = FakeClock()
    first = _open(settings, repo, mini_bank, clock, plan=PLAN)
    asyncio.run(first.engine.start())
    last_turn = repo.load(first.id).turns[-1].at_s
    clock.advance(95)  # typing, then quit without sending
    first.close()

    stored = repo.load(first.id)
    assert stored.summary.elapsed_s >= last_turn + 95
    again = _open(settings, repo, mini_bank, FakeClock(), stored=stored)
    try:
        assert again.engine.view().elapsed_s >= last_turn + 95
    finally:
        again.close()


def test_a_finished_session_keeps_the_time_of_its_finish(
    settings: Settings, repo: Repository, mini_bank: Bank
) -> None:
    clock = FakeClock()
    session = _open(settings, repo, mini_bank, clock, plan=PLAN)

    async def play() -> None:
        await session.engine.start()
        await session.engine.end_round()
        await session.engine.drain()
        await session.engine.aclose()

    asyncio.run(play())
    finished = repo.load(session.id).summary
    assert finished.finished
    clock.advance(600)  # the candidate reads the report for ten minutes, then quits
    session.close()
    assert repo.load(session.id).summary.elapsed_s == finished.elapsed_s
