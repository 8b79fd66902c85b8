"""The LLM interviewer in a coding round gets the same facts as the offline one: test names,
verdicts and error types (and the visible examples' messages), never a hidden test's message,
its inputs or the reference solution. Real sandbox children, the scripted server."""

from __future__ import annotations

from app.config import Settings
from app.domain.bank import Bank
from app.domain.coding import Suite
from app.domain.enums import TurnKind
from app.domain.events import TurnRecorded
from app.llm.client import LLMClient
from tests.coding.helpers import ATTENTION, BUGGY_ATTENTION, coding_engine
from tests.conftest import EventLog
from tests.fakes.openai_server import FakeOpenAIServer, Reply
from tests.llm.helpers import llm_interviewer


async def test_results_reach_the_brief_and_hidden_details_do_not(
    server: FakeOpenAIServer, client: LLMClient, llm_settings: Settings, real_bank: Bank
) -> None:
    log = EventLog()
    engine, clock = coding_engine(real_bank, log, interviewer=llm_interviewer(client, llm_settings))
    await engine.start()
    spec = real_bank.coding[ATTENTION]
    secret_lines = [ln.strip() for ln in spec.reference.splitlines() if len(ln.strip()) > 20]
    secret_lines += [ln.strip() for ln in spec.tests_hidden.splitlines() if "rng." in ln]

    server.script(Reply("MOVE: keep_coding -\nThe causal example fails. What does the mask do?"))
    clock.advance(200)
    await engine.run_code(BUGGY_ATTENTION, Suite.VISIBLE)
    system, state = (m["content"] for m in server.chat_requests()[-1].messages)
    assert "applied ML coding round" in system
    assert "The candidate pressed Run (visible examples): visible tests: 2/3 passed" in state
    assert "- test_causal_mask_batched: failed (AssertionError)" in state
    assert "a masked (future) key received non-zero weight" in state  # a visible message
    assert log.of(TurnRecorded)[-1].turn.kind is TurnKind.CODE_FEEDBACK

    server.script(Reply("MOVE: keep_coding -\nTwo hidden tests fail on masked rows."))
    clock.advance(120)
    mistake = spec.mistakes["masked_fill_uniform"]
    report = await engine.run_code(mistake, Suite.HIDDEN)
    state = server.chat_requests()[-1].messages[1]["content"]
    failing = report.failing()
    assert failing
    listed = [ln for ln in state.splitlines() if ln.startswith("- test_")]
    assert listed == [f"- {t.name}: {t.verdict.value} ({t.error_type or '-'})" for t in failing[:6]]
    for t in failing:  # numpy's messages quote the hidden arrays: none of them reached it
        for line in t.message.splitlines():
            if len(line.strip()) > 15:
                assert line.strip() not in state
    prompt = "\n".join(m["content"] for r in server.chat_requests() for m in r.messages)
    own = BUGGY_ATTENTION + mistake  # lines the candidate's own code shares are fair game
    leaked = [s for s in secret_lines if s in prompt and s not in own]
    assert len(secret_lines) > 10 and leaked == []  # no reference, no hidden inputs
