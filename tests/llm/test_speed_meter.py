"""The measured speed behind derived deadlines: pessimistic, and the server's own figures first.

On the real 1.5B model a turn whose prompt llama.cpp had mostly cached looked like 1,900 tokens
read in a few seconds; averaged into the meter, it cut the next cold turn's first-token deadline
short, and that turn fell back to the authored line (the silent persona: 211 s of wall time for
99 s of model calls).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from app.config import Settings
from app.llm.client import LLMClient
from app.llm.speed import LOCAL_GUESS, SLACK, WINDOW, SpeedMeter
from app.llm.types import ServerTimings
from tests.fakes.openai_server import FakeOpenAIServer, Reply
from tests.llm.helpers import INTERVIEWER, JUDGE, Collect

PROMPT = [{"role": "system", "content": "word " * 2000}, {"role": "user", "content": "Hi"}]


def llama_timings(prompt_n: int, prompt_s: float, predicted_n: int, gen_s: float) -> dict[str, Any]:
    """The shape llama-server sends beside usage (cache hits are not in `prompt_n`)."""
    return {
        "cache_n": 0,
        "prompt_n": prompt_n,
        "prompt_ms": prompt_s * 1000,
        "prompt_per_second": prompt_n / prompt_s,
        "predicted_n": predicted_n,
        "predicted_ms": gen_s * 1000,
        "predicted_per_second": predicted_n / gen_s,
    }


def unset(settings: Settings) -> Settings:
    """The user set no timeout: every deadline is derived from the meter."""
    fresh = settings.model_copy()
    fresh.model_fields_set.discard("first_token_timeout_s")
    return fresh


async def test_the_servers_own_timings_win_over_the_clock(
    server: FakeOpenAIServer, client: LLMClient
) -> None:
    """The fake answers in milliseconds; llama.cpp's timings say 20 prompt and 6 reply tokens
    a second. The meter believes the server, streamed or not."""
    server.script(Reply("Why that split?", timings=llama_timings(2000, 100.0, 60, 10.0)))
    await client.stream(
        purpose="interviewer", model=INTERVIEWER, messages=PROMPT, consumer=Collect()
    )
    assert client.meter.speed.prompt_tps == pytest.approx(20.0)
    assert client.meter.speed.gen_tps == pytest.approx(6.0)
    server.script(Reply('{"a": 1}', timings=llama_timings(2000, 200.0, 60, 20.0)), model=JUDGE)
    await client.complete(purpose="judge", model=JUDGE, messages=PROMPT)
    assert client.meter.speed.prompt_tps == pytest.approx(10.0)
    assert client.meter.speed.gen_tps == pytest.approx(3.0)


async def test_a_mostly_cached_prompt_is_no_prompt_speed(
    server: FakeOpenAIServer, client: LLMClient
) -> None:
    """llama.cpp read 40 new tokens of a 2,000-token prompt (the rest was its cache) in 2 s:
    too few to say how fast a cold prompt is read, so the deadline stays where it was."""
    slow = llama_timings(2000, 100.0, 60, 10.0)
    server.script(Reply("Why that split?", timings=slow))
    await client.stream(
        purpose="interviewer", model=INTERVIEWER, messages=PROMPT, consumer=Collect()
    )
    before = client.first_token_timeout(PROMPT)
    server.script(Reply("And then?", timings=llama_timings(40, 2.0, 60, 10.0)))
    await client.stream(
        purpose="interviewer", model=INTERVIEWER, messages=PROMPT, consumer=Collect()
    )
    assert client.first_token_timeout(PROMPT) == before


async def test_one_fast_call_does_not_shorten_the_next_cold_deadline(
    server: FakeOpenAIServer, llm_settings: Settings
) -> None:
    """A server that reports no timings and no cache hits: the clock is all there is. After
    a slow cold turn, a quick one (its prefix reused) leaves the deadline at the slow one's,
    for as long as the slow turn is among the last few measured."""
    client = LLMClient(unset(llm_settings))
    no_cache = {"prompt_tokens": 2000, "completion_tokens": 3, "total_tokens": 2003}
    server.script(Reply("Why that split?", first_token_delay=1.0, usage=no_cache))
    await client.stream(
        purpose="interviewer", model=INTERVIEWER, messages=PROMPT, consumer=Collect()
    )
    cold = client.meter.speed.prompt_tps
    assert cold < 2000  # 2,000 tokens in a little over a second
    after_slow = client.first_token_timeout(PROMPT)
    assert after_slow >= SLACK * 2000 / cold
    for _ in range(WINDOW - 1):
        server.script(Reply("And then?", usage=no_cache))
        await client.stream(
            purpose="interviewer", model=INTERVIEWER, messages=PROMPT, consumer=Collect()
        )
        assert client.first_token_timeout(PROMPT) == after_slow
    server.script(
        Reply("And then?", usage=no_cache)
    )  # the slow turn leaves the window: the server sped up
    await client.stream(
        purpose="interviewer", model=INTERVIEWER, messages=PROMPT, consumer=Collect()
    )
    assert client.meter.speed.prompt_tps > cold
    await client.aclose()


def test_the_meter_is_the_slowest_recent_measurement() -> None:
    meter = SpeedMeter(LOCAL_GUESS)
    assert meter.speed == LOCAL_GUESS and not meter.speed.measured
    meter.observe_timings(
        ServerTimings(prompt_n=1800, prompt_ms=90_000, predicted_n=100, predicted_ms=20_000)
    )
    meter.observe_timings(
        ServerTimings(prompt_n=1800, prompt_ms=9_000, predicted_n=100, predicted_ms=2_000)
    )
    assert meter.speed.measured
    assert meter.speed.prompt_tps == pytest.approx(20.0) and meter.speed.gen_tps == pytest.approx(
        5.0
    )
    meter.timed_out(prompt_tokens=2000, waited_s=200.0)  # slower still: the bound counts
    assert meter.speed.prompt_tps == pytest.approx(0.7 * 2000 / 200)
    meter.observe_timings(ServerTimings(prompt_n=10, prompt_ms=1, predicted_n=2, predicted_ms=1))
    assert meter.speed.prompt_tps == pytest.approx(7.0)  # too small to measure anything


async def test_a_new_client_starts_from_the_speed_this_server_showed_before(
    server: FakeOpenAIServer, llm_settings: Settings
) -> None:
    """Each run builds a new client: the first turn of the real 1.5B model's silent persona
    timed out against the first guess. The measurements are kept in the data dir's cache."""
    first = LLMClient(llm_settings)
    server.script(Reply("Why that split?", timings=llama_timings(2000, 200.0, 60, 12.0)))
    await first.stream(
        purpose="interviewer", model=INTERVIEWER, messages=PROMPT, consumer=Collect()
    )
    await first.aclose()
    later = LLMClient(llm_settings)  # the next run, same server, same data dir
    assert later.meter.speed.measured
    assert later.meter.speed.prompt_tps == pytest.approx(10.0)
    assert later.meter.speed.gen_tps == pytest.approx(5.0)
    assert later.first_token_timeout(PROMPT) == first.first_token_timeout(PROMPT)
    elsewhere = LLMClient(
        llm_settings.model_copy(update={"openai_base_url": "http://127.0.0.1:9/v1"})
    )
    assert not elsewhere.meter.speed.measured  # another server: its own guess


def test_the_memory_keeps_no_credentials_and_ignores_what_it_cannot_trust(tmp_path: Path) -> None:
    from app.llm.speed_memory import FRESH_S, SpeedMemory, server_key

    key = server_key("http://user:s3cret@10.0.0.5:8080/v1/?token=abc", ["m"])
    assert "s3cret" not in key and "token" not in key and key == "http://10.0.0.5:8080/v1 m"
    path = tmp_path / "speed.json"
    memory = SpeedMemory(path, key)
    memory.remember([12.0, 9.0], [4.0])
    assert memory.recall() == ([12.0, 9.0], [4.0])
    assert "s3cret" not in path.read_text()
    data = json.loads(path.read_text())
    data[key]["at"] -= FRESH_S + 1  # a week old: the server may have changed since
    path.write_text(json.dumps(data))
    assert memory.recall() == ([], [])
    for junk in ("{not json", "[1, 2]", json.dumps({key: "fast"})):
        path.write_text(junk)
        assert memory.recall() == ([], [])
    path.write_text(json.dumps({key: {"at": data[key]["at"] + FRESH_S, "prompt": ["x", -3, 7.0]}}))
    assert memory.recall() == ([7.0], [])  # only the plausible samples
    meter = SpeedMeter(LOCAL_GUESS, SpeedMemory(path, key))
    assert meter.speed.prompt_tps == 7.0 and meter.speed.gen_tps == LOCAL_GUESS.gen_tps
