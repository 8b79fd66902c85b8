"""Retries, timeouts, usage and cost recording of the LLM client, over real HTTP."""

from __future__ import annotations

import asyncio
import time

import pytest

from app.config import Settings
from app.llm.client import LLMClient
from app.llm.errors import LLMUnavailable, StreamInterrupted
from app.llm.recording import CallRecord
from app.llm.speed import estimate_tokens, first_token_s
from app.llm.tokens import counter_for
from tests.fakes.openai_server import Fail, FakeOpenAIServer, Reply, Reset
from tests.llm.helpers import INTERVIEWER, JUDGE, KEY, Collect

MSGS = [{"role": "system", "content": "You are terse."}, {"role": "user", "content": "hi"}]


def _client(
    settings: Settings, records: list[CallRecord], delays: list[float] | None = None, **kw: object
) -> LLMClient:
    async def sleep(seconds: float) -> None:
        if delays is not None:
            delays.append(seconds)
        await asyncio.sleep(0)

    return LLMClient(settings.model_copy(update=kw), sink=records.append, sleep=sleep)


async def test_429_retry_after_is_honoured_then_succeeds(
    server: FakeOpenAIServer, llm_settings: Settings, records: list[CallRecord]
) -> None:
    delays: list[float] = []
    client = _client(llm_settings, records, delays)
    server.script(Fail(429, "Rate limit reached", type="requests", retry_after=0.3), Reply("ok"))
    done = await client.complete(purpose="judge", model=JUDGE, messages=MSGS)
    assert done.text == "ok"
    assert delays == [0.3]
    assert [r.ok for r in records] == [False, True]
    assert records[0].error is not None and records[0].error.startswith("HTTP 429")
    await client.aclose()


async def test_retry_after_ms_wins_and_real_waiting_happens(
    server: FakeOpenAIServer, client: LLMClient
) -> None:
    server.script(Fail(429, retry_after=30, retry_after_ms=250), Reply("ok"))
    started = time.perf_counter()
    done = await client.complete(purpose="judge", model=JUDGE, messages=MSGS)
    assert done.text == "ok"
    assert 0.24 <= time.perf_counter() - started < 2.0


@pytest.mark.parametrize(
    "fault",
    [Fail(500), Fail(502, "Bad gateway"), Fail(503), Reset(), Reply(raw_body="{not json")],
    ids=["500", "502", "503", "connection-reset", "malformed-json-body"],
)
async def test_transient_faults_are_retried(
    server: FakeOpenAIServer,
    llm_settings: Settings,
    records: list[CallRecord],
    fault: Fail | Reset | Reply,
) -> None:
    delays: list[float] = []
    client = _client(llm_settings, records, delays)
    server.script(fault, Reply("recovered"))
    done = await client.complete(purpose="judge", model=JUDGE, messages=MSGS)
    assert done.text == "recovered"
    assert len(delays) == 1 and 0 < delays[0] <= llm_settings.retry_backoff_max_s
    assert [r.ok for r in records] == [False, True]
    await client.aclose()


async def test_request_timeout_is_retried(
    server: FakeOpenAIServer, llm_settings: Settings, records: list[CallRecord]
) -> None:
    client = _client(llm_settings, records, request_timeout_s=0.3)
    server.script(Reply("too late", header_delay=1.0), Reply("in time"))
    done = await client.complete(purpose="judge", model=JUDGE, messages=MSGS)
    assert done.text == "in time"
    assert records[0].error == "request timed out"
    await client.aclose()


async def test_per_call_timeout_overrides_the_default(
    server: FakeOpenAIServer, llm_settings: Settings, records: list[CallRecord]
) -> None:
    client = _client(llm_settings, records, request_timeout_s=0.3)
    server.script(Reply("a long judgement", header_delay=0.6))
    done = await client.complete(purpose="judge", model=JUDGE, messages=MSGS, timeout_s=3.0)
    assert done.text == "a long judgement" and [r.ok for r in records] == [True]
    await client.aclose()


async def test_gives_up_after_the_retry_budget(
    server: FakeOpenAIServer, llm_settings: Settings, records: list[CallRecord]
) -> None:
    delays: list[float] = []
    client = _client(llm_settings, records, delays, max_retries=2)
    server.script(Fail(500), Fail(500), Fail(500), Reply("never reached"))
    with pytest.raises(LLMUnavailable) as info:
        await client.complete(purpose="judge", model=JUDGE, messages=MSGS)
    assert info.value.attempts == 3 and info.value.status == 500
    assert len(delays) == 2 and delays[1] >= delays[0] * 0.5  # exponential with jitter
    assert len(records) == 3 and not any(r.ok for r in records)
    assert server.pending() == 1
    await client.aclose()


async def test_backoff_doubles_and_is_capped(llm_settings: Settings) -> None:
    from app.llm.failures import Failure as _Failure
    from app.llm.retry import backoff

    client = LLMClient(
        llm_settings.model_copy(update={"retry_backoff_s": 1.0, "retry_backoff_max_s": 4.0})
    )
    f = _Failure("x", retryable=True)
    for attempt, ceiling in ((1, 1.0), (2, 2.0), (3, 4.0), (6, 4.0)):
        d = backoff(client.settings, attempt, f)
        assert d is not None and ceiling / 2 <= d <= ceiling


async def test_retry_after_beyond_the_cap_fails_fast(
    server: FakeOpenAIServer, client: LLMClient
) -> None:
    server.script(Fail(429, retry_after=120), Reply("not waited for"))
    with pytest.raises(LLMUnavailable, match="429"):
        await client.complete(purpose="judge", model=JUDGE, messages=MSGS)
    assert len(server.chat_requests()) == 1


async def test_exhausted_quota_is_not_retried(server: FakeOpenAIServer, client: LLMClient) -> None:
    server.script(
        Fail(
            429,
            "You exceeded your current quota",
            type="insufficient_quota",
            code="insufficient_quota",
        ),
        Reply("no"),
    )
    with pytest.raises(LLMUnavailable, match="quota"):
        await client.complete(purpose="judge", model=JUDGE, messages=MSGS)
    assert len(server.chat_requests()) == 1


async def test_auth_failure_is_not_retried_and_the_key_never_leaks(
    server: FakeOpenAIServer, client: LLMClient, records: list[CallRecord]
) -> None:
    server.api_key = "sk-the-right-one-000000"  # ours is wrong; the server echoes it back
    with pytest.raises(LLMUnavailable) as info:
        await client.complete(purpose="judge", model=JUDGE, messages=MSGS)
    assert info.value.status == 401
    assert KEY not in str(info.value)
    assert "SUPERSECRET" not in str(info.value)
    assert all(KEY not in (r.error or "") for r in records)
    assert len(server.chat_requests()) == 1


async def test_server_usage_wins_and_cost_uses_the_price_table(
    server: FakeOpenAIServer, llm_settings: Settings, records: list[CallRecord]
) -> None:
    client = _client(llm_settings, records, price_table={JUDGE: (2.0, 8.0)})
    usage = {
        "prompt_tokens": 1500,
        "completion_tokens": 100,
        "total_tokens": 1600,
        "prompt_tokens_details": {"cached_tokens": 1024},
    }
    server.script(Reply("ok", usage=usage))
    await client.complete(purpose="judge", model=JUDGE, messages=MSGS, session_id="s1")
    rec = records[-1]
    assert (rec.prompt_tokens, rec.completion_tokens, rec.cached_tokens) == (1500, 100, 1024)
    assert rec.tokens_estimated is False and rec.session_id == "s1" and rec.purpose == "judge"
    # user prices have no cached rate: cached tokens cost the input rate
    assert rec.cost_usd == pytest.approx((1500 * 2.0 + 100 * 8.0) / 1e6)
    assert rec.latency_ms > 0
    await client.aclose()


async def test_builtin_prices_discount_cached_tokens(
    server: FakeOpenAIServer, client: LLMClient, records: list[CallRecord]
) -> None:
    usage = {
        "prompt_tokens": 2048,
        "completion_tokens": 10,
        "total_tokens": 2058,
        "prompt_tokens_details": {"cached_tokens": 1024},
    }
    server.script(Reply("ok", usage=usage, model="gpt-4.1-mini-2025-04-14"))
    await client.complete(purpose="judge", model="gpt-4.1-mini", messages=MSGS)
    rec = records[-1]
    assert rec.model == "gpt-4.1-mini-2025-04-14"
    assert rec.cost_usd == pytest.approx((1024 * 0.40 + 1024 * 0.10 + 10 * 1.60) / 1e6)


async def test_unknown_model_costs_none(
    server: FakeOpenAIServer, client: LLMClient, records: list[CallRecord]
) -> None:
    server.script(Reply("ok"))
    await client.complete(purpose="judge", model=JUDGE, messages=MSGS)
    assert records[-1].cost_usd is None


async def test_stream_usage_from_final_chunk(
    server: FakeOpenAIServer, client: LLMClient, records: list[CallRecord]
) -> None:
    server.script(
        Reply(
            "one two three", usage={"prompt_tokens": 42, "completion_tokens": 3, "total_tokens": 45}
        )
    )
    c = Collect()
    done = await client.stream(purpose="interviewer", model=INTERVIEWER, messages=MSGS, consumer=c)
    assert "".join(c.parts) == "one two three" == done.text
    assert server.chat_requests()[-1].body["stream_options"] == {"include_usage": True}
    assert (records[-1].prompt_tokens, records[-1].tokens_estimated) == (42, False)
    assert done.first_token_ms is not None and done.first_token_ms <= done.latency_ms


async def test_without_stream_usage_tokens_are_counted_locally(
    server: FakeOpenAIServer, client: LLMClient, records: list[CallRecord]
) -> None:
    server.supports_stream_usage = False
    server.script(Reply("alpha beta gamma"))
    await client.stream(purpose="interviewer", model=INTERVIEWER, messages=MSGS, consumer=Collect())
    rec = records[-1]
    counter = counter_for(INTERVIEWER)
    assert rec.tokens_estimated is True
    assert rec.prompt_tokens == counter.count_messages(MSGS)
    assert rec.completion_tokens == counter.count("alpha beta gamma")


async def test_rejected_stream_options_are_dropped_and_resent(
    server: FakeOpenAIServer, client: LLMClient, records: list[CallRecord]
) -> None:
    server.reject_stream_options = True
    server.script(Reply("fine"))
    done = await client.stream(
        purpose="interviewer", model=INTERVIEWER, messages=MSGS, consumer=Collect()
    )
    assert done.text == "fine"
    reqs = server.chat_requests()
    assert "stream_options" in reqs[0].body and "stream_options" not in reqs[1].body
    assert client.quirks(INTERVIEWER).stream_usage is False


async def test_max_tokens_rejection_switches_to_max_completion_tokens(
    server: FakeOpenAIServer, client: LLMClient
) -> None:
    server.reject_max_tokens = {JUDGE}
    server.script(Reply("ok"))
    await client.complete(purpose="judge", model=JUDGE, messages=MSGS, max_tokens=50)
    reqs = server.chat_requests()
    assert reqs[0].body["max_tokens"] == 50
    assert reqs[1].body["max_completion_tokens"] == 50 and "max_tokens" not in reqs[1].body


async def test_reasoning_models_get_max_completion_tokens_and_no_temperature(
    client: LLMClient,
) -> None:
    params = client._params("o4-mini", MSGS, max_tokens=100, temperature=0.3)
    assert "temperature" not in params and "max_tokens" not in params
    assert params["max_completion_tokens"] >= 100
    assert client._params("gpt-4.1", MSGS, max_tokens=100, temperature=0.3)["temperature"] == 0.3


async def test_one_long_lived_sdk_without_sdk_retries(
    server: FakeOpenAIServer, client: LLMClient
) -> None:
    server.script(Reply("a"), Reply("b"))
    await client.complete(purpose="judge", model=JUDGE, messages=MSGS)
    first = client.sdk()
    await client.complete(purpose="judge", model=JUDGE, messages=MSGS)
    assert client.sdk() is first
    assert first.max_retries == 0


# ----------------------------------------------------------------- streaming faults
async def test_stream_cut_before_any_text_is_retried(
    server: FakeOpenAIServer, client: LLMClient
) -> None:
    server.script(Reply("never shown", cut_after=0), Reply("second try"))
    c = Collect()
    done = await client.stream(purpose="interviewer", model=INTERVIEWER, messages=MSGS, consumer=c)
    assert done.text == "second try" and "".join(c.parts) == "second try"
    assert c.resets == 2


async def test_stream_cut_after_text_reached_the_user_is_not_retried(
    server: FakeOpenAIServer, client: LLMClient, records: list[CallRecord]
) -> None:
    server.script(Reply("one two three four five six", cut_after=3), Reply("unused"))
    c = Collect()
    with pytest.raises(StreamInterrupted):
        await client.stream(purpose="interviewer", model=INTERVIEWER, messages=MSGS, consumer=c)
    assert "".join(c.parts) == "one two three"
    assert server.pending() == 1
    assert records[-1].ok is False


async def test_uncommitted_stream_cut_mid_way_is_retried(
    server: FakeOpenAIServer, client: LLMClient
) -> None:
    server.script(Reply("one two three four", cut_after=2), Reply("whole reply"))
    c = Collect(commit_on_feed=False)  # e.g. still inside the move header
    done = await client.stream(purpose="interviewer", model=INTERVIEWER, messages=MSGS, consumer=c)
    assert done.text == "whole reply" and "".join(c.parts) == "whole reply"


async def test_malformed_sse_event_before_commit_is_retried(
    server: FakeOpenAIServer, client: LLMClient, records: list[CallRecord]
) -> None:
    server.script(Reply("a b c", malformed_at=0), Reply("clean"))
    done = await client.stream(
        purpose="interviewer", model=INTERVIEWER, messages=MSGS, consumer=Collect()
    )
    assert done.text == "clean"
    assert records[0].error is not None and "malformed" in records[0].error


async def test_slow_first_token_within_the_deadline_is_fine(
    server: FakeOpenAIServer, client: LLMClient
) -> None:
    server.script(Reply("worth the wait", first_token_delay=0.4))
    done = await client.stream(
        purpose="interviewer", model=INTERVIEWER, messages=MSGS, consumer=Collect()
    )
    assert done.text == "worth the wait"
    assert done.first_token_ms is not None and done.first_token_ms >= 350


async def test_first_token_deadline_retries_a_stalled_stream_on_a_hosted_api(
    server: FakeOpenAIServer, llm_settings: Settings, records: list[CallRecord]
) -> None:
    hosted = LLMClient(llm_settings, sink=records.append, local=False)
    server.script(Reply("too slow", first_token_delay=3.0), Reply("fast"))
    started = time.perf_counter()
    done = await hosted.stream(
        purpose="interviewer", model=INTERVIEWER, messages=MSGS, consumer=Collect()
    )
    await hosted.aclose()
    assert done.text == "fast"
    assert time.perf_counter() - started < 2.5
    assert records[0].error == "no first token within 1s"


LONG_PROMPT = [{"role": "system", "content": "word " * 2000}, {"role": "user", "content": "Hi"}]


async def test_a_slow_first_token_on_a_local_server_is_not_resent_and_slows_the_meter(
    server: FakeOpenAIServer, client: LLMClient, records: list[CallRecord]
) -> None:
    """Issue 19: llama.cpp goes on processing an abandoned prompt, so a resend queued behind it
    and timed out too (two 65 s waits for one turn). Now the timeout is final, and it teaches
    the meter that this server reads prompts slower than it took to give up."""
    # a fast call measured earlier: 2,000 prompt tokens in 0.5 s; then the server gets busy
    client.meter.observe(prompt_tokens=2000, completion_tokens=64, total_s=1.5, first_token_s=0.5)
    before = client.meter.speed.prompt_tps
    unset = Settings(openai_base_url=server.url)  # no first_token_timeout_s given
    derived_before = first_token_s(unset, client.meter.speed, 100_000)
    server.script(Reply("too slow", first_token_delay=3.0), Reply("never sent"))
    with pytest.raises(LLMUnavailable, match="after 1 attempt"):
        await client.stream(
            purpose="interviewer", model=INTERVIEWER, messages=LONG_PROMPT, consumer=Collect()
        )
    assert len(server.chat_requests()) == 1
    assert [r.error for r in records] == ["no first token within 1s"]
    estimated = estimate_tokens(LONG_PROMPT)
    assert client.meter.speed.prompt_tps < min(before, estimated / 1.0)  # not read within 1 s
    assert first_token_s(unset, client.meter.speed, 100_000) > derived_before


async def test_a_continuation_is_not_measured_as_prompt_speed(
    server: FakeOpenAIServer, client: LLMClient
) -> None:
    """The interviewer asks for the words after a header-only reply with the same prompt plus
    the header: llama.cpp has it cached (and reported 0 cached tokens). Its quick first token
    is no prompt speed; measured as one, the next turn's first-token deadline fell to 30 s."""
    before = client.meter.speed.prompt_tps
    cont = [*LONG_PROMPT, {"role": "assistant", "content": "MOVE: probe -\n"}]
    llama = {"prompt_tokens": 2010, "completion_tokens": 4, "total_tokens": 2014}  # no cache
    server.script(Reply("Why that split?", usage=llama))
    await client.stream(purpose="interviewer", model=INTERVIEWER, messages=cont, consumer=Collect())
    assert client.meter.speed.prompt_tps == before
    server.script(Reply("Why that split?", usage=llama))  # not a continuation: measured
    await client.stream(
        purpose="interviewer", model=INTERVIEWER, messages=LONG_PROMPT, consumer=Collect()
    )
    assert client.meter.speed.prompt_tps > before


async def test_stalled_headers_count_against_the_first_token_deadline(
    server: FakeOpenAIServer, client: LLMClient
) -> None:
    server.script(Reply("loading model...", header_delay=3.0), Reply("ready"))
    client.local = False  # a hosted API: a stalled stream is resent
    done = await client.stream(
        purpose="interviewer", model=INTERVIEWER, messages=MSGS, consumer=Collect()
    )
    assert done.text == "ready"


async def test_a_first_token_deadline_longer_than_the_read_timeout_is_waited_out(
    server: FakeOpenAIServer, llm_settings: Settings, records: list[CallRecord]
) -> None:
    """A busy llama.cpp sends no headers until the queued request's first token. The derived
    first-token deadline (here 2 s) is the bound, not the SDK's read timeout (0.5 s): a queued
    interviewer turn failed after 66 s as "request timed out" under a 157 s deadline."""
    client = _client(llm_settings, records, first_token_timeout_s=2.0, request_timeout_s=0.5)
    server.script(Reply("queued, then fine", header_delay=1.0))
    done = await client.stream(
        purpose="interviewer", model=INTERVIEWER, messages=MSGS, consumer=Collect()
    )
    await client.aclose()
    assert done.text == "queued, then fine"
    assert [r.error for r in records] == [None]


async def test_stream_refusal_is_reported(server: FakeOpenAIServer, client: LLMClient) -> None:
    server.script(Reply(content=None, refusal="I can't help with that."))
    c = Collect()
    done = await client.stream(purpose="interviewer", model=INTERVIEWER, messages=MSGS, consumer=c)
    assert done.text == "" and done.refusal == "I can't help with that."
    assert c.parts == []


async def test_list_models(server: FakeOpenAIServer, client: LLMClient) -> None:
    assert await client.list_models() == sorted([INTERVIEWER, JUDGE])
