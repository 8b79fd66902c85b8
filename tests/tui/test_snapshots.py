"""Snapshot tests: home, an interview mid-round and a session's review, each at the smallest
supported terminal (80x24), a common one (100x30/100x40) and a wide one (160x50).

Deterministic by construction: a frozen bank copy, fixed question ids and session ids, a
FakeClock (timers show stable values), fixed session dates, the cursor does not blink, and a
scripted interviewer and fixed judge (so retuning the offline ones does not move the pixels).
Regenerate with `pytest tests/tui --snapshot-update` after an intended visual change.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlmodel import Session
from textual.widgets import TextArea

from app.config import Settings
from app.domain.enums import RoundKind, TargetLevel
from app.engine.clock import FakeClock
from app.session import PartsFactory
from app.store.tables import SessionRow
from app.tui.app import MockloopApp
from app.tui.interview_screen import InterviewScreen
from app.tui.review_screen import SessionReviewScreen
from app.tui.services import SessionRequest, build_new_plan, load_services, new_session
from tests.tui.conftest import FUND_QUESTIONS, SD_QUESTION, settle, start_round, wait_until

SD_ANSWERS = [
    "How many documents are there, and what latency do users expect?",
    "Requirements: grounded answers with citations, p95 first token under 2 s, and permissions "
    "enforced at retrieval time. I'd track answer accuracy and citation precision.",
]

FUND_SESSION = "e5f6a7b8" + "0" * 24  # seeded finished; its review is a snapshot
FUND_ANSWER = (
    "We divide by sqrt(d_k) so the dot products keep unit variance. Without it, softmax "
    "saturates for large d_k and the gradients vanish; in practice attention becomes one-hot."
)


def seed_session(
    settings: Settings,
    session_id: str,
    kind: RoundKind,
    question: str,
    answers: list[str],
    *,
    finish: bool,
    when: datetime,
    parts: PartsFactory,
) -> None:
    """A stored session made by the real engine (offline, fake clock), with a fixed date."""
    services = load_services(settings)
    request = SessionRequest(rounds=(kind,), minutes=10, level=TargetLevel.SENIOR, offline=True)
    plan = build_new_plan(services.require_bank(), request, seed=1, question_ids=[question])

    async def drive() -> None:
        clock = FakeClock()
        session = new_session(
            services,
            session_id=session_id,
            plan=plan,
            sink=lambda e: None,
            clock=clock,
            offline=True,
            parts=parts,
        )
        engine = session.engine
        try:
            await engine.start()
            for answer in answers:
                clock.advance(75)
                await engine.submit(answer)
            if finish:
                while not engine.finished:
                    await engine.end_round()
            await engine.drain()
        finally:
            session.close()  # its lease thread would outlive the test

    asyncio.run(drive())
    with Session(services.repo.engine) as s:
        row = s.get(SessionRow, session_id)
        assert row is not None
        row.created_at = when
        s.add(row)
        s.commit()


def seeded(settings: Settings, parts: PartsFactory) -> None:
    seed_session(
        settings,
        "a1b2c3d4" + "0" * 24,
        RoundKind.SYSTEM_DESIGN,
        SD_QUESTION,
        SD_ANSWERS,
        finish=True,
        when=datetime(2026, 1, 5, 9, 30, tzinfo=UTC),
        parts=parts,
    )
    seed_session(
        settings,
        FUND_SESSION,
        RoundKind.FUNDAMENTALS,
        FUND_QUESTIONS[0],
        [FUND_ANSWER],
        finish=True,
        when=datetime(2026, 1, 6, 18, 0, tzinfo=UTC),
        parts=parts,
    )
    seed_session(
        settings,
        "c9d0e1f2" + "0" * 24,
        RoundKind.BEHAVIORAL,
        "bh-model-misbehaved-production",
        [],
        finish=False,
        when=datetime(2026, 1, 7, 8, 15, tzinfo=UTC),
        parts=parts,
    )


async def _home(pilot: Any) -> None:
    await pilot.app.get_services()
    await settle(pilot)


async def _review(pilot: Any) -> None:
    """The review of the finished fundamentals session that `seeded` stores."""
    app = pilot.app
    services = await app.get_services()
    await settle(pilot)
    await app.push_screen(SessionReviewScreen(services, FUND_SESSION))
    await wait_until(pilot, lambda: isinstance(app.screen, SessionReviewScreen))
    await settle(pilot)


Snap = Callable[[tuple[int, int], Callable[[Any], Any]], bool]


@pytest.fixture
def snap(snap_compare: Any, make_app: Callable[..., MockloopApp], scripted: PartsFactory) -> Snap:
    """`snap(size, run_before)`: the scripted app at that size, compared with its snapshot."""
    return lambda size, run_before: snap_compare(
        make_app(parts=scripted), terminal_size=size, run_before=run_before
    )


@pytest.fixture
def seeded_sessions(tui_settings: Settings, scripted: PartsFactory) -> None:
    """The stored sessions home lists and review shows, written before the app starts."""
    seeded(tui_settings, scripted)


def _mid_round(clock: FakeClock) -> Callable[[Any], Any]:
    async def run_before(pilot: Any) -> None:
        await start_round(pilot, "round-system_design", "length-10")
        screen = pilot.app.screen
        assert isinstance(screen, InterviewScreen)
        for answer in SD_ANSWERS:
            clock.advance(75)
            screen.query_one("#answer", TextArea).insert(answer)
            await pilot.press("ctrl+s")
            await settle(pilot)
        clock.advance(20)
        screen.query_one("#answer", TextArea).insert("Next I would sketch the ingestion path")
        await screen.tick_now()
        await settle(pilot)

    return run_before


SIZES = {"80x24": (80, 24), "160x50": (160, 50)}


def test_home(snap: Snap, seeded_sessions: None) -> None:
    assert snap((100, 30), _home)


@pytest.mark.parametrize("size", list(SIZES))
def test_home_at(size: str, snap: Snap, seeded_sessions: None) -> None:
    assert snap(SIZES[size], _home)


def test_interview_mid_round(snap: Snap, clock: FakeClock) -> None:
    assert snap((100, 30), _mid_round(clock))


def test_interview_mid_round_80x24(snap: Snap, clock: FakeClock) -> None:
    assert snap((80, 24), _mid_round(clock))


def test_interview_mid_round_160x50(snap: Snap, clock: FakeClock) -> None:
    assert snap((160, 50), _mid_round(clock))


def test_review(snap: Snap, seeded_sessions: None) -> None:
    assert snap((100, 40), _review)


@pytest.mark.parametrize("size", list(SIZES))
def test_review_at(size: str, snap: Snap, seeded_sessions: None) -> None:
    assert snap(SIZES[size], _review)
