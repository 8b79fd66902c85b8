"""The coding round in the engine: phases, Run and Submit turns, the interviewer's reactions,
and resume restoring the workspace, with real sandbox children and a fake clock."""

from __future__ import annotations

from app.domain.bank import Bank
from app.domain.coding import Suite
from app.domain.enums import Phase, Role, TurnKind
from app.domain.events import TurnRecorded
from app.engine.state import SessionState
from tests.coding.helpers import ATTENTION, BUGGY_ATTENTION, coding_engine, coding_plan
from tests.conftest import EventLog


def _turns(log: EventLog) -> list:  # type: ignore[type-arg]
    return [e.turn for e in log.of(TurnRecorded)]


async def test_run_fix_submit_then_follow_ups(real_bank: Bank, log: EventLog) -> None:
    engine, clock = coding_engine(real_bank, log)
    await engine.start()
    rv = engine.view().round
    assert rv is not None and rv.phase is Phase.UNDERSTAND
    ws = engine.workspace()
    assert ws is not None and ws.code == real_bank.coding[ATTENTION].starter

    clock.advance(60)
    await engine.submit("I'll compute scores, mask with -inf, subtract the row max, then softmax.")
    assert _turns(log)[-1].phase is Phase.CODE  # the approach opens the code phase

    clock.advance(120)
    report = await engine.run_code(BUGGY_ATTENTION, Suite.VISIBLE)
    assert not report.all_passed
    run_turn, reply = _turns(log)[-2:]
    assert run_turn.kind is TurnKind.CODE_RUN and run_turn.text == BUGGY_ATTENTION
    assert run_turn.run == report
    assert reply.kind is TurnKind.CODE_FEEDBACK
    assert "test_causal_mask_batched" in reply.text and "AssertionError" in reply.text

    clock.advance(120)
    fixed = real_bank.coding[ATTENTION].reference
    hidden = await engine.run_code(fixed, Suite.HIDDEN)
    assert hidden.all_passed
    submit, discuss = _turns(log)[-2:]
    assert submit.kind is TurnKind.CODE_SUBMIT and submit.phase is Phase.TEST
    assert discuss.phase is Phase.DISCUSS and discuss.follow_up_id == "complexity"
    assert f"All {len(hidden.tests)} hidden tests pass" in discuss.text

    clock.advance(60)
    await engine.submit("O(Lq*Lk*d) time and O(Lq*Lk) memory for the score matrix per head.")
    assert _turns(log)[-1].follow_up_id == "gqa-memory"  # the chain, in order
    await engine.end_round()
    await engine.drain()
    assert engine.finished


async def test_hidden_failures_name_tests_never_inputs(real_bank: Bank, log: EventLog) -> None:
    engine, clock = coding_engine(real_bank, log)
    await engine.start()
    clock.advance(200)
    mistake = real_bank.coding[ATTENTION].mistakes["masked_fill_uniform"]
    report = await engine.run_code(mistake, Suite.HIDDEN)
    reply = _turns(log)[-1]
    failing = [t.name for t in report.failing()]
    assert failing and failing[0] in reply.text
    for t in report.failing():  # the hidden messages (with numpy's arrays) stay out
        for line in t.message.splitlines():
            if len(line.strip()) > 12:
                assert line.strip() not in reply.text


async def test_the_same_failure_twice_earns_a_rung_of_the_ladder(
    real_bank: Bank, log: EventLog
) -> None:
    engine, clock = coding_engine(real_bank, log)
    await engine.start()
    hints = real_bank.questions[ATTENTION].hints
    for _ in range(2):
        clock.advance(90)
        await engine.run_code(BUGGY_ATTENTION, Suite.VISIBLE)
    reply = _turns(log)[-1]
    assert reply.kind is TurnKind.HINT and hints[0] in reply.text
    assert "def " not in reply.text and "np." not in reply.text  # a nudge, not code


async def test_resume_restores_the_workspace_exactly(real_bank: Bank, log: EventLog) -> None:
    engine, clock = coding_engine(real_bank, log)
    await engine.start()
    clock.advance(200)
    code = BUGGY_ATTENTION + "\n# trailing note   \n\n"
    await engine.run_code(code, Suite.VISIBLE)
    history = _turns(log)
    again, _ = coding_engine(real_bank, EventLog(), history=history)
    ws = again.workspace()
    assert ws is not None and ws.code == code and ws.runs == 1
    assert ws.last_run is not None and ws.last_run == history[-2].run
    state = SessionState(coding_plan())
    for t in history:
        state.apply(t)
    assert state.round is not None and state.round.current is not None
    assert state.round.current.code == code


async def test_a_resume_between_run_and_reply_gets_the_reply(
    real_bank: Bank, log: EventLog
) -> None:
    engine, clock = coding_engine(real_bank, log)
    await engine.start()
    clock.advance(200)
    await engine.run_code(BUGGY_ATTENTION, Suite.VISIBLE)
    history = _turns(log)[:-1]  # crashed before the interviewer spoke
    assert history[-1].role is Role.CANDIDATE
    log2 = EventLog()
    again, _ = coding_engine(real_bank, log2, history=history)
    await again.start()
    assert _turns(log2)[-1].kind is TurnKind.CODE_FEEDBACK


async def test_the_clock_moves_the_phases(real_bank: Bank, log: EventLog) -> None:
    engine, clock = coding_engine(real_bank, log)
    await engine.start()
    clock.advance(4 * 60)  # past the understand share of a 20-minute problem
    await engine.submit("Could q and k have different lengths?")
    assert any(t.phase is Phase.CODE and t.role is Role.INTERVIEWER for t in _turns(log))
    clock.advance(12 * 60)  # past the coding share, never submitted
    await engine.submit("I think the mask part is almost done.")
    last = _turns(log)[-1]
    assert last.phase is Phase.DISCUSS and last.kind is TurnKind.TRANSITION


async def test_talk_after_a_green_run_is_nudged_towards_submit(
    real_bank: Bank, log: EventLog
) -> None:
    engine, clock = coding_engine(real_bank, log)
    await engine.start()
    clock.advance(60)
    await engine.submit("Scores, a -inf mask, the row max subtracted, then softmax.")
    clock.advance(60)
    await engine.submit("Writing it now.")
    assert "run it when you want" in _turns(log)[-1].text  # no run yet
    clock.advance(60)
    assert (await engine.run_code(BUGGY_ATTENTION, Suite.VISIBLE)).all_passed is False
    clock.advance(30)
    await engine.submit("I see, the mask is missing.")
    assert "run it again" in _turns(log)[-1].text
    clock.advance(60)
    assert (await engine.run_code(real_bank.coding[ATTENTION].reference, Suite.VISIBLE)).all_passed
    clock.advance(30)
    await engine.submit("Edge cases next: fully masked rows and huge scores.")
    assert "submit when you're confident" in _turns(log)[-1].text
    await engine.aclose()
