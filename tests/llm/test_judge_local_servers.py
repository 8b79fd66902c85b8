"""The judge and the transport against what local servers and small models did (issue 19):
a criterion repeated until the cap, a skipped criterion, string bounds a server rejects, a slow
server, timeouts derived from the measured speed, and the server's slot count."""

from __future__ import annotations

import asyncio
import json
import time
from pathlib import Path
from typing import Any

import pytest

from app.config import Settings
from app.domain.bank import Bank
from app.judge.llm import LLMJudge
from app.judge.schema import token_cap
from app.llm.client import LLMClient
from app.llm.errors import LLMUnavailable
from app.llm.speed import (
    LOCAL_GUESS,
    SpeedMeter,
    estimate_tokens,
    first_token_s,
    judge_deadline_s,
)
from tests.fakes.openai_server import (
    FakeOpenAIServer,
    Reply,
    judge_reply,
    missing_criterion,
    repeated_criterion,
)
from tests.llm.helpers import JUDGE, KEY, fenced_texts, smart_judge
from tests.llm.test_judge import CRITERIA, request


def _judge(client: LLMClient, settings: Settings) -> LLMJudge:
    return LLMJudge(client, settings)


async def test_a_criterion_repeated_until_the_cap_is_repaired_once(
    server: FakeOpenAIServer, client: LLMClient, llm_settings: Settings, mini_bank: Bank
) -> None:
    server.enforce_max_tokens = True  # the server cuts the reply at max_tokens, as llama.cpp does
    server.script(repeated_criterion, smart_judge, model=JUDGE)
    a = await _judge(client, llm_settings).assess(request(mini_bank))
    assert [c.criterion for c in a.criteria] == CRITERIA and a.weighted_score is not None
    first, repair = server.chat_requests(JUDGE)
    assert first.body["max_tokens"] == token_cap(mini_bank.rubrics["fund"])
    said = repair.messages[-1]["content"]
    assert "cut off at the length limit" in said
    assert len(repair.messages[-2]["content"]) <= 1500  # the garbage is not echoed in full


async def test_a_skipped_criterion_is_named_in_the_repair(
    server: FakeOpenAIServer, client: LLMClient, llm_settings: Settings, mini_bank: Bank
) -> None:
    server.script(missing_criterion, smart_judge, model=JUDGE)
    a = await _judge(client, llm_settings).assess(request(mini_bank))
    assert [c.criterion for c in a.criteria] == CRITERIA
    repair = server.chat_requests(JUDGE)[1]
    assert "missing criteria: tradeoffs" in repair.messages[-1]["content"]


async def test_the_older_array_shape_still_parses(
    server: FakeOpenAIServer, client: LLMClient, llm_settings: Settings, mini_bank: Bank
) -> None:
    def array_judge(req: Any) -> Reply:
        quote = " ".join(fenced_texts(req)[0].split()[:4])
        return Reply(json.dumps(judge_reply(CRITERIA, quote=quote, as_array=True)))

    server.script(array_judge, model=JUDGE)
    a = await _judge(client, llm_settings).assess(request(mini_bank))
    assert [c.level for c in a.criteria] == [3, 3] and len(server.chat_requests(JUDGE)) == 1


async def test_a_server_that_rejects_string_bounds_keeps_strict_mode(
    server: FakeOpenAIServer, client: LLMClient, llm_settings: Settings, mini_bank: Bank
) -> None:
    server.supports_string_bounds = False
    server.on(JUDGE, smart_judge)
    j = _judge(client, llm_settings)
    await j.assess(request(mini_bank))
    await j.assess(request(mini_bank))
    sent = [json.dumps(r.body["response_format"]) for r in server.chat_requests(JUDGE)]
    assert [("maxLength" in s, '"json_schema"' in s) for s in sent] == [
        (True, True),
        (False, True),
        (False, True),  # remembered
    ]


async def test_a_timed_out_judgement_is_not_sent_again(
    server: FakeOpenAIServer, tmp_path: Path, mini_bank: Bank, llm_settings: Settings
) -> None:
    settings = llm_settings.model_copy(update={"judge_timeout_s": 0.5})
    settings.model_fields_set.add("judge_timeout_s")  # as if the user set it
    client = LLMClient(settings)
    server.on(JUDGE, lambda req: Reply(judge_json_text(), header_delay=1.5))
    started = time.perf_counter()
    with pytest.raises(LLMUnavailable, match=r"within 0\.5s"):
        await _judge(client, settings).assess(request(mini_bank))
    assert time.perf_counter() - started < 1.4  # one deadline, not one per attempt
    assert len(server.chat_requests(JUDGE)) == 1  # no identical retry after a timeout
    await client.aclose()


async def test_a_timed_out_judgement_teaches_the_meter_a_slower_server(
    server: FakeOpenAIServer, mini_bank: Bank, llm_settings: Settings
) -> None:
    """Under load the 1.5B server wrote 0.4 tokens a second per slot: every judgement of
    `calibrate --limit 20` would have been cut at its derived deadline (504 s, half a reply
    written), and the next derived the same deadline, since only finished calls are measured.
    A judgement that times out now slows the meter, so the next deadline outlasts this wait."""
    from app.llm.speed import TIMEOUT_MARGIN

    settings = llm_settings.model_copy(update={"judge_timeout_s": 0.5})
    settings.model_fields_set.add("judge_timeout_s")
    client = LLMClient(settings)
    # measured fast earlier (4,000 prompt and 8,000 reply tokens a second): a 0.5 s deadline
    # is more than enough on paper
    client.meter.observe(prompt_tokens=4000, completion_tokens=8000, total_s=2.0, first_token_s=1.0)
    judge = _judge(client, settings)
    req = request(mini_bank)
    messages, _ = judge._messages(req, JUDGE)
    prompt, cap = estimate_tokens(messages), judge.max_tokens(req)
    fast = client.meter.speed
    assert prompt / fast.prompt_tps + cap / fast.gen_tps < 0.5
    server.on(JUDGE, lambda r: Reply(judge_json_text(), header_delay=1.5))
    with pytest.raises(LLMUnavailable):
        await judge.assess(req)
    slow = client.meter.speed
    assert slow.prompt_tps < fast.prompt_tps and slow.gen_tps < fast.gen_tps
    work = prompt / slow.prompt_tps + cap / slow.gen_tps
    assert work == pytest.approx(0.5 / TIMEOUT_MARGIN)  # longer than the wait that failed
    assert slow.gen_tps / fast.gen_tps == pytest.approx(slow.prompt_tps / fast.prompt_tps)
    await client.aclose()


def judge_json_text() -> str:
    return json.dumps(judge_reply(CRITERIA))


def _unset(settings: Settings, *names: str) -> Settings:
    """The same settings as if the user had never given these timeouts."""
    values = settings.model_dump()
    for n in names:
        values.pop(n)
    values["openai_api_key"] = KEY
    return Settings(**values)


async def test_a_slow_first_token_fits_a_derived_timeout_with_no_retry(
    server: FakeOpenAIServer, llm_settings: Settings
) -> None:
    """A local server takes long to read a real prompt. With no timeout set by the user, the
    first-token timeout follows from the prompt's size, so a 1.5 s wait is not a failure."""
    settings = _unset(llm_settings, "first_token_timeout_s")
    client = LLMClient(settings)
    assert client.local  # 127.0.0.1: assumed to be a small model on a CPU until measured
    assert client.first_token_timeout([{"role": "user", "content": "x" * 8000}]) > 30
    server.script(Reply("MOVE: probe -\nWhy?", first_token_delay=1.5))

    class Sink:
        committed = False
        text = ""

        def reset(self) -> None:
            self.text = ""

        async def feed(self, t: str) -> None:
            self.text += t

    done = await client.stream(
        purpose="interviewer",
        model="fake-interviewer",
        messages=[{"role": "user", "content": "q"}],
        consumer=Sink(),
    )
    assert done.text.endswith("Why?") and len(server.chat_requests()) == 1
    await client.aclose()


def test_timeouts_follow_the_measured_speed(llm_settings: Settings) -> None:
    settings = _unset(llm_settings, "first_token_timeout_s", "judge_timeout_s")
    meter = SpeedMeter(LOCAL_GUESS)
    # a 1,800-token prompt read in 30 s, then 100 tokens in 15 s: 60 tok/s in, ~6.7 tok/s out
    meter.observe(prompt_tokens=1800, completion_tokens=100, total_s=45.0, first_token_s=30.0)
    speed = meter.speed
    assert speed.measured and 55 < speed.prompt_tps < 65 and 6 < speed.gen_tps < 7.5
    assert 45 < first_token_s(settings, speed, 1800) < 60  # past the 30 s default
    judge = judge_deadline_s(settings, speed, 2500, 760)
    assert 180 < judge < 260  # prompt plus every allowed token, with slack
    # a setting the user gave wins over any measurement
    given = llm_settings.model_copy(update={"first_token_timeout_s": 7.0})
    assert first_token_s(given, speed, 1800) == 7.0


async def test_the_servers_slots_are_discovered(tmp_path: Path, llm_settings: Settings) -> None:
    with FakeOpenAIServer(slots=2) as llama:
        client = LLMClient(llm_settings.model_copy(update={"openai_base_url": llama.url}))
        assert await client.server_slots() == 2
        await client.aclose()
    with FakeOpenAIServer() as plain:  # no /props, no /slots: unknown
        client = LLMClient(llm_settings.model_copy(update={"openai_base_url": plain.url}))
        assert await client.server_slots() is None
        await client.aclose()


async def test_a_session_judge_on_a_local_server_queues_before_its_deadline(
    server: FakeOpenAIServer, client: LLMClient, llm_settings: Settings, mini_bank: Bank
) -> None:
    """Two answers closed at once: the second waits in the judge, not in the server's queue,
    so the server's second slot stays free for the interviewer."""
    import asyncio

    from app.wiring import make_judge

    def slow(req: Any) -> Reply:
        return Reply(smart_judge(req).content, header_delay=0.3)

    server.on(JUDGE, slow)
    judge = make_judge(llm_settings)
    assert isinstance(judge, LLMJudge) and judge.max_parallel == 1  # 127.0.0.1 is local
    await asyncio.gather(judge.assess(request(mini_bank)), judge.assess(request(mini_bank)))
    first, second = (r.received_at for r in server.chat_requests(JUDGE))
    assert second - first >= 0.28
    await judge.client.aclose()


async def test_judgements_in_flight_together_share_the_deadline_budget(
    server: FakeOpenAIServer, tmp_path: Path, mini_bank: Bank, llm_settings: Settings
) -> None:
    """`calibrate` on the real 1.5B model ran two judgements at once on a 2-slot CPU server;
    each ran at well under half the measured speed and both timed out (492 s, 289 s). On a
    local server the derived deadline grows with the judgements in flight at the start."""
    settings = _unset(llm_settings, "first_token_timeout_s", "judge_timeout_s")
    client = LLMClient(settings)
    judge = _judge(client, settings)
    req = request(mini_bank)
    messages, _ = judge._messages(req, JUDGE)
    alone = judge.deadline_s(req, messages)
    server.on(JUDGE, smart_judge)
    done = await asyncio.gather(*(judge.assess(req) for _ in range(2)))
    assert len(done) == 2 and judge.in_flight == 0  # counted in and out
    judge.in_flight = 2  # as seen from inside one of two concurrent judgements
    assert judge.deadline_s(req, messages) == pytest.approx(2 * alone)
    hosted = _judge(LLMClient(settings, local=False), settings)
    hosted_alone = hosted.deadline_s(req, messages)
    hosted.in_flight = 2
    assert hosted.deadline_s(req, messages) == hosted_alone  # a hosted API scales out
    await client.aclose()


async def test_a_judgement_in_flight_stretches_the_interviewers_derived_deadlines(
    server: FakeOpenAIServer, llm_settings: Settings, mini_bank: Bank
) -> None:
    """On the real 1.5B server a judgement's prompt held the CPU while an interviewer turn
    waited on the other slot: the judge decoded no token in 30 s, and the turn queued behind it
    timed out. The session's judge and interviewer share one client, so a turn started while a
    judgement runs on a local server gets deadlines for two calls on the same cores."""
    from app.llm.speed import interviewer_deadline_s

    names = ("first_token_timeout_s", "interviewer_deadline_s", "judge_timeout_s")
    settings = _unset(llm_settings, *names)
    client = LLMClient(settings)
    turn = [{"role": "user", "content": "x" * 8000}]  # ~2,000 tokens, like a real turn
    alone = client.first_token_timeout(turn)
    whole = interviewer_deadline_s(settings, client.meter.speed, 2000, 200, client.sharing())
    server.on(JUDGE, lambda req: Reply(smart_judge(req).content, header_delay=0.5))
    judging = asyncio.create_task(_judge(client, settings).assess(request(mini_bank)))
    for _ in range(500):  # until the judgement is on the wire (its reply takes 0.5 s)
        if client.in_flight:
            break
        await asyncio.sleep(0.01)
    assert client.in_flight == 1 and client.sharing() == 2
    assert client.first_token_timeout(turn) > 1.6 * alone
    shared = interviewer_deadline_s(settings, client.meter.speed, 2000, 200, client.sharing())
    assert shared > 1.6 * whole
    await judging
    assert client.in_flight == 0 and client.first_token_timeout(turn) == alone
    hosted = LLMClient(settings, local=False)
    hosted.in_flight = 1
    assert hosted.sharing() == 1  # a hosted API scales out
    await client.aclose()


async def test_a_turn_queued_behind_a_judgement_on_a_one_slot_server_waits_for_it(
    llm_settings: Settings, mini_bank: Bank
) -> None:
    """On a one-slot server the real 1.5B model's interviewer turn queued behind a judgement
    and got no first token in time. A turn started while every slot is busy gets, on top of
    its own first-token deadline, the time the call ahead may still hold the slot."""
    from app.llm.speed import whole_call_s

    settings = _unset(llm_settings, "first_token_timeout_s", "judge_timeout_s")
    turn = [{"role": "user", "content": "x" * 8000}]
    with FakeOpenAIServer(slots=1) as one_slot:
        client = LLMClient(settings.model_copy(update={"openai_base_url": one_slot.url}))
        assert await client.server_slots() == 1
        alone = client.first_token_timeout(turn)
        one_slot.on(JUDGE, lambda req: Reply(smart_judge(req).content, header_delay=0.5))
        judge = _judge(client, settings)
        judging = asyncio.create_task(judge.assess(request(mini_bank)))
        for _ in range(500):  # until the judgement is on the wire (its reply takes 0.5 s)
            if client.in_flight:
                break
            await asyncio.sleep(0.01)
        assert client.in_flight == 1
        queued = client.first_token_timeout(turn)
        shared = client.sharing() * (alone - 10.0) + 10.0  # the two-slot stretch, for scale
        ahead = whole_call_s(settings, client.meter.speed, 1, 1)  # at least the call's floor
        assert queued > shared + ahead
        await judging
        assert client.in_flight == 0 and client.first_token_timeout(turn) == alone
        await client.aclose()
    with FakeOpenAIServer(slots=2) as two_slots:  # a free slot: no wait, only shared cores
        client = LLMClient(settings.model_copy(update={"openai_base_url": two_slots.url}))
        await client.server_slots()
        ticket = client.queue.enter(1000.0)
        client.in_flight = 1
        assert client.first_token_timeout(turn) < 1000.0
        client.queue.leave(ticket)
        await client.aclose()
