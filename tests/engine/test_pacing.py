"""System-design pacing is decided in code: nudge at 15 minutes, hard move at 20. No sleeping."""

from __future__ import annotations

from app.domain.bank import Bank
from app.domain.enums import Phase, Role, RoundKind, TurnKind
from app.domain.events import TurnRecorded
from app.domain.transcript import RoundPlan
from app.engine.interview import InterviewEngine
from tests.conftest import EventLog
from tests.engine.helpers import make_engine, plan_of

SD = RoundPlan(
    kind=RoundKind.SYSTEM_DESIGN,
    minutes=45,
    question_ids=["s-search"],
    closing_question_id="b-closing",
)


def _turns(log: EventLog) -> list:  # type: ignore[type-arg]
    return [e.turn for e in log.of(TurnRecorded)]


async def test_requirements_nudge_at_15_and_move_at_20(mini_bank: Bank, log: EventLog) -> None:
    engine, clock = make_engine(mini_bank, plan_of(SD), log)
    await engine.start()
    assert (r := engine.view().round) is not None and r.phase is Phase.REQUIREMENTS
    # The candidate keeps asking clarifying questions: never leaves requirements on their own.
    for minute in (5, 10):
        clock.advance(5 * 60)
        await engine.submit("How many users and documents are there?")
        assert _phase(engine) is Phase.REQUIREMENTS, minute
    assert not [t for t in _turns(log) if t.kind is TurnKind.NUDGE]

    clock.advance(5 * 60)  # 15:00
    await engine.submit("What is the latency budget?")
    nudges = [t for t in _turns(log) if t.kind is TurnKind.NUDGE]
    assert len(nudges) == 1
    assert 15 * 60 <= nudges[0].at_s < 16 * 60
    assert "15 minutes" in nudges[0].text
    assert _phase(engine) is Phase.REQUIREMENTS

    clock.advance(4 * 60)  # 19:00: still allowed to scope
    await engine.submit("Do we need to support other languages?")
    assert _phase(engine) is Phase.REQUIREMENTS
    assert len([t for t in _turns(log) if t.kind is TurnKind.NUDGE]) == 1

    clock.advance(60)  # 20:00
    await engine.submit("And what about permissions?")
    moved = [t for t in _turns(log) if t.kind is TurnKind.TRANSITION]
    assert moved and moved[-1].phase is Phase.DEEP_DIVE
    assert 20 * 60 <= moved[-1].at_s < 21 * 60
    assert _phase(engine) is Phase.DEEP_DIVE


async def test_tick_moves_a_silent_candidate_at_20_minutes(mini_bank: Bank, log: EventLog) -> None:
    engine, clock = make_engine(mini_bank, plan_of(SD), log)
    await engine.start()
    clock.advance(15 * 60)
    await engine.tick()
    assert [t.kind for t in _turns(log)][-1] is TurnKind.NUDGE
    clock.advance(5 * 60)
    await engine.tick()
    last = _turns(log)[-1]
    assert last.kind is TurnKind.TRANSITION and last.phase is Phase.DEEP_DIVE


async def test_compressed_round_scales_the_pacing(mini_bank: Bank, log: EventLog) -> None:
    short = SD.model_copy(update={"minutes": 15})
    engine, clock = make_engine(mini_bank, plan_of(short), log)
    await engine.start()
    clock.advance(5 * 60)  # 15/45 of 15 minutes = 5 minutes
    await engine.tick()
    assert _turns(log)[-1].kind is TurnKind.NUDGE
    clock.advance(int(20 / 3 * 60) - 5 * 60 + 1)
    await engine.tick()
    assert (r := engine.view().round) is not None and r.phase is Phase.DEEP_DIVE


async def test_design_round_walks_every_phase_and_ends(mini_bank: Bank, log: EventLog) -> None:
    engine, clock = make_engine(mini_bank, plan_of(SD), log)
    await engine.start()
    seen = [Phase.REQUIREMENTS]
    for _ in range(60):
        if engine.finished:
            break
        clock.advance(90)
        await engine.submit(
            "We need p95 latency under 500 ms; I would use an inverted index "
            "with a cache in front, trading freshness versus cost."
        )
        if _phase(engine) is not seen[-1]:
            seen.append(_phase(engine))
    await engine.drain()
    assert engine.finished
    assert seen == [
        Phase.REQUIREMENTS,
        Phase.HIGH_LEVEL,
        Phase.DEEP_DIVE,
        Phase.FAILURE_MODES,
        Phase.EVALUATION,
        Phase.CANDIDATE_QUESTIONS,
    ]
    turns = _turns(log)
    assert turns[-1].kind is TurnKind.ROUND_END
    assert turns[-1].at_s <= 45 * 60 + 90
    candidate = [t for t in turns if t.role is Role.CANDIDATE]
    assert all(t.question_id in {"s-search", "b-closing"} for t in candidate)


def _phase(engine: InterviewEngine) -> Phase:
    r = engine.view().round
    assert r is not None
    return r.phase


def test_every_playable_round_has_a_format_and_a_title() -> None:
    from app.domain.enums import PLAYABLE_ROUNDS
    from app.domain.formats import FORMATS
    from app.domain.labels import ROUND_TITLES

    assert set(FORMATS) == set(PLAYABLE_ROUNDS)
    assert set(PLAYABLE_ROUNDS) <= set(ROUND_TITLES)
