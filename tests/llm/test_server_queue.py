"""Deadlines on a server that runs one request at a time (llama.cpp with one slot).

The real 1.5B model's interviewer turn was set its first-token deadline an instant before a
judgement went out on the same one-slot server; the judgement got the slot, the turn waited
behind it with no byte sent, and fell back to the authored line. A deadline now counts from
when the call can get a slot: while calls of ours sent before it hold every slot, it waits.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.config import Settings
from app.domain.bank import Bank
from app.domain.enums import Role
from app.domain.events import TurnRecorded
from app.judge.llm import LLMJudge
from app.llm.client import LLMClient
from app.llm.errors import LLMUnavailable
from app.llm.queueing import ServerQueue
from tests.conftest import MINI, EventLog
from tests.fakes.openai_server import FakeOpenAIServer, Reply
from tests.llm.helpers import (
    FUND,
    INTERVIEWER,
    JUDGE,
    Collect,
    engine_for,
    fast_settings,
    llm_interviewer,
    plan,
    smart_interviewer,
    smart_judge,
)
from tests.llm.test_interviewer import degraded
from tests.llm.test_judge import request

HOLD_S = 2.5  # how long the judgement keeps the only slot
PROMPT = [{"role": "system", "content": "word " * 400}, {"role": "user", "content": "Hi"}]


@pytest.fixture
def one_slot() -> Iterator[FakeOpenAIServer]:
    s = FakeOpenAIServer(models=(INTERVIEWER, JUDGE), slots=1, queue_beyond_slots=True).start()
    yield s
    s.stop()


def tight(server: FakeOpenAIServer, tmp_path: Path) -> Settings:
    """A first-token deadline of 1 s, given by the user: far less than the judgement holds."""
    settings = fast_settings(
        server.url, tmp_path, bank_dir=MINI / "bank", rubrics_dir=MINI / "rubrics"
    ).model_copy(update={"first_token_timeout_s": 1.0, "judge_timeout_s": 30.0})
    settings.model_fields_set.update({"first_token_timeout_s", "judge_timeout_s"})
    return settings


async def _judging(
    client: LLMClient, server: FakeOpenAIServer, settings: Settings, bank: Bank
) -> asyncio.Task[object]:
    """A judgement at the server, holding the slot for HOLD_S."""
    task: asyncio.Task[object] = asyncio.create_task(
        LLMJudge(client, settings).assess(request(bank))
    )
    for _ in range(500):
        if client.in_flight and server.chat_requests(JUDGE):
            return task
        await asyncio.sleep(0.01)
    raise AssertionError("the judgement never went out")


async def test_a_turn_sent_behind_a_judgement_gets_its_deadline_once_the_slot_frees(
    one_slot: FakeOpenAIServer, tmp_path: Path, mini_bank: Bank
) -> None:
    settings = tight(one_slot, tmp_path)
    client = LLMClient(settings)
    await client.server_slots()
    assert client.first_token_timeout(PROMPT) == 1.0  # the judgement is not out yet
    one_slot.on(JUDGE, lambda req: Reply(smart_judge(req).content, header_delay=HOLD_S))
    one_slot.script(Reply("Why that split?"), model=INTERVIEWER)
    judging = await _judging(client, one_slot, settings, mini_bank)
    started = time.perf_counter()
    got = Collect()
    done = await client.stream(
        purpose="interviewer", model=INTERVIEWER, messages=PROMPT, consumer=got
    )
    waited = time.perf_counter() - started
    assert "".join(got.parts) == "Why that split?" and done.finish_reason == "stop"
    assert waited > HOLD_S - 0.5  # it really waited for the slot, past its own 1 s
    assert len(one_slot.chat_requests(INTERVIEWER)) == 1  # and was never sent twice
    await judging
    await client.aclose()


async def test_a_call_that_holds_the_slot_still_times_out(
    one_slot: FakeOpenAIServer, tmp_path: Path
) -> None:
    """Nothing of ours ahead of it: a server that sends no first token is not waited on."""
    settings = tight(one_slot, tmp_path)
    client = LLMClient(settings)
    await client.server_slots()
    one_slot.script(Reply("late", first_token_delay=HOLD_S), model=INTERVIEWER)
    started = time.perf_counter()
    with pytest.raises(LLMUnavailable, match="no first token within 1s"):
        await client.stream(
            purpose="interviewer", model=INTERVIEWER, messages=PROMPT, consumer=Collect()
        )
    assert time.perf_counter() - started < HOLD_S - 0.5
    await client.aclose()


async def test_a_turns_whole_deadline_counts_from_the_free_slot(
    one_slot: FakeOpenAIServer, tmp_path: Path, mini_bank: Bank
) -> None:
    """The interviewer's own deadline for the whole turn (1.5 s here) waits too."""
    settings = tight(one_slot, tmp_path).model_copy(update={"interviewer_deadline_s": 1.5})
    settings.model_fields_set.add("interviewer_deadline_s")
    client = LLMClient(settings)
    await client.server_slots()
    one_slot.on(JUDGE, lambda req: Reply(smart_judge(req).content, header_delay=HOLD_S))
    one_slot.on(INTERVIEWER, smart_interviewer)
    log = EventLog()
    engine, _ = engine_for(
        mini_bank, plan(FUND), log, interviewer=llm_interviewer(client, settings)
    )
    await engine.start()
    asked = len(one_slot.chat_requests(INTERVIEWER))
    judging = await _judging(client, one_slot, settings, mini_bank)
    started = time.perf_counter()
    await engine.submit("The gradient is p - y.")
    assert time.perf_counter() - started > HOLD_S - 0.5
    assert degraded(log) == []
    assert len(one_slot.chat_requests(INTERVIEWER)) == asked + 1
    assert log.of(TurnRecorded)[-1].turn.role is Role.INTERVIEWER
    await judging
    await client.aclose()


def test_only_calls_sent_earlier_hold_a_call_back() -> None:
    queue = ServerQueue()
    first = queue.enter(60.0, "judge")
    second = queue.enter(60.0, "interviewer")
    assert queue.behind(second, 1) and not queue.behind(first, 1)
    assert not queue.behind(second, 2)  # a second slot is free
    assert not queue.behind(second, None)  # a server that does not say takes every call
    assert queue.waiting("interviewer", 1) and not queue.waiting("judge", 1)
    queue.leave(first)
    assert not queue.behind(second, 1) and not queue.waiting("interviewer", 1)
