"""How fast this server is, measured from real calls, and the timeouts that follow from it.

Fixed timeouts suit no one: a hosted API answers a 2,000-token prompt in a second, a 1.5B model
on a laptop CPU needs 30 s before its first token and then writes 5-8 tokens a second. So each
timeout the user has not set is derived from the prompt and reply it guards and the speed this
server has shown (`SpeedMeter`, fed by every call). Before any call has been measured the
assumption is the honest worst case for where the server lives: a local server (loopback or a
private address) is assumed to be a small model on a CPU, anything else a hosted API.
A timeout the user set (flag, environment or config file) is always used as given; an unset
one is the default or the derived figure, whichever is longer.
"""

from __future__ import annotations

import ipaddress
from collections import deque
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlparse

from app.config import Settings
from app.llm.speed_memory import SpeedMemory
from app.llm.types import ServerTimings

WINDOW = 5  # deadlines follow the slowest of this many recent measurements
MIN_PROMPT = 200  # prompt tokens below which the time to the first token is mostly overhead
MIN_REPLY = 16  # reply tokens below which a generation speed is noise
SLACK = 1.5  # how much slower than measured a call may be before it counts as stuck
FLOOR_S = 10.0  # never less than this: a busy server and a cold cache need room
TIMEOUT_MARGIN = 0.7  # after a timeout, assume the prompt ran this much slower than the bound


@dataclass(frozen=True)
class Speed:
    prompt_tps: float  # prompt tokens processed per second (time to first token)
    gen_tps: float  # completion tokens written per second
    measured: bool = False


# a small model on a busy laptop CPU: the first call on a server never measured (no memory of
# it in the data dir) must not time out before its first token; once a call finishes, the
# deadlines follow what was measured
LOCAL_GUESS = Speed(prompt_tps=10.0, gen_tps=4.0)
HOSTED_GUESS = Speed(prompt_tps=1500.0, gen_tps=40.0)


def is_local(base_url: str | None) -> bool:
    host = urlparse(base_url or "").hostname or ""
    if host in ("localhost", "host.docker.internal") or host.endswith(".local"):
        return True
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        return False
    return ip.is_loopback or ip.is_private or ip.is_unspecified


class SpeedMeter:
    """This server's prompt and generation speed, as the slowest of its last few calls.

    Deadlines want the pessimistic figure, not an average: one prompt the server had mostly
    cached (llama.cpp reused the prefix and reported it as read in seconds) lifted a running
    average enough that the next cold turn of the real 1.5B model got no first token in time.
    """

    def __init__(self, guess: Speed, memory: SpeedMemory | None = None) -> None:
        self._guess = guess
        self._prompt: deque[float] = deque(maxlen=WINDOW)
        self._gen: deque[float] = deque(maxlen=WINDOW)
        self._memory = memory
        if memory is not None:  # this server's speed in an earlier run, when recent
            prompt, gen = memory.recall()
            self._prompt.extend(prompt)
            self._gen.extend(gen)

    def _changed(self) -> None:
        if self._memory is not None:
            self._memory.remember(list(self._prompt), list(self._gen))

    @property
    def speed(self) -> Speed:
        return Speed(
            prompt_tps=min(self._prompt, default=self._guess.prompt_tps),
            gen_tps=min(self._gen, default=self._guess.gen_tps),
            measured=bool(self._prompt or self._gen),
        )

    def observe(
        self,
        *,
        prompt_tokens: int,
        completion_tokens: int,
        total_s: float,
        first_token_s: float | None,
    ) -> None:
        """One finished call. A stream separates prompt time (to the first token) from
        generation; a whole reply only gives the sum, so the prompt share is estimated."""
        if total_s <= 0:
            return
        if first_token_s is not None and first_token_s > 0 and prompt_tokens >= MIN_PROMPT:
            self._prompt.append(prompt_tokens / first_token_s)
            gen_s = total_s - first_token_s
        else:
            gen_s = total_s - prompt_tokens / self.speed.prompt_tps
        if completion_tokens >= MIN_REPLY and gen_s > 0.05:
            self._gen.append(completion_tokens / gen_s)
        self._changed()

    def observe_timings(self, t: ServerTimings) -> None:
        """The server's own figures: tokens it really processed, cache hits excluded."""
        if t.prompt_n >= MIN_PROMPT and t.prompt_ms > 0:
            self._prompt.append(t.prompt_n / (t.prompt_ms / 1000))
        if t.predicted_n >= MIN_REPLY and t.predicted_ms > 0:
            self._gen.append(t.predicted_n / (t.predicted_ms / 1000))
        self._changed()

    def timed_out(self, *, prompt_tokens: int, waited_s: float) -> None:
        """A call that got no first token in `waited_s`: the prompt is processed slower than
        `prompt_tokens / waited_s`. Without this a server slower than the first guess would
        time out forever, since only finished calls are measured."""
        if waited_s <= 0 or prompt_tokens < MIN_PROMPT:
            return
        bound = TIMEOUT_MARGIN * prompt_tokens / waited_s
        if bound < self.speed.prompt_tps:
            self._prompt.append(bound)
            self._changed()

    def ran_out(self, *, prompt_tokens: int, max_tokens: int, waited_s: float) -> None:
        """A whole reply (not streamed) that did not arrive in `waited_s`: nothing was seen,
        so both speeds are scaled down until the prompt and every allowed token take longer
        than that. Only finished calls are measured otherwise, and a judge deadline derived
        from a first guess that is too fast would time out on every answer (calibrate under
        load: each judgement cut at 504 s with half its reply written)."""
        s = self.speed
        work = prompt_tokens / s.prompt_tps + max_tokens / s.gen_tps
        if waited_s <= 0 or work <= 0:
            return
        f = TIMEOUT_MARGIN * work / waited_s
        if f < 1:
            self._prompt.append(s.prompt_tps * f)
            self._gen.append(s.gen_tps * f)
            self._changed()


def user_set(settings: Settings, name: str) -> bool:
    """Did the user give this setting (flag, environment, config file), or is it the default?"""
    return name in settings.model_fields_set


def first_token_s(settings: Settings, speed: Speed, prompt_tokens: int, sharing: int = 1) -> float:
    """`sharing`: calls on the same local cores, this one included (each runs that much slower)."""
    if user_set(settings, "first_token_timeout_s"):
        return settings.first_token_timeout_s
    # the default stays the floor: a measurement only ever extends it
    derived = sharing * SLACK * prompt_tokens / speed.prompt_tps + FLOOR_S
    return max(settings.first_token_timeout_s, derived)


def whole_call_s(settings: Settings, speed: Speed, prompt_tokens: int, max_tokens: int) -> float:
    """The longest one complete reply may take: the prompt, then every allowed token."""
    work = prompt_tokens / speed.prompt_tps + max_tokens / speed.gen_tps
    return SLACK * work + FLOOR_S


def judge_deadline_s(
    settings: Settings, speed: Speed, prompt_tokens: int, max_tokens: int
) -> float:
    if user_set(settings, "judge_timeout_s"):
        return settings.judge_timeout_s
    return max(settings.judge_timeout_s, whole_call_s(settings, speed, prompt_tokens, max_tokens))


def interviewer_deadline_s(
    settings: Settings, speed: Speed, prompt_tokens: int, max_tokens: int, sharing: int = 1
) -> float:
    if user_set(settings, "interviewer_deadline_s"):
        return settings.interviewer_deadline_s
    whole = whole_call_s(settings, speed, prompt_tokens, max_tokens)
    return max(settings.interviewer_deadline_s, sharing * whole)


def estimate_tokens(messages: Sequence[Mapping[str, Any]]) -> int:
    """Prompt size for a timeout: chars/4 is close enough, and free."""
    return sum(len(str(m.get("content") or "")) for m in messages) // 4 + 8


def observe_completion(
    meter: SpeedMeter, messages: Sequence[Mapping[str, Any]], result: Any
) -> None:
    """Feed one finished call (an llm.types.Completion) to the meter."""
    if result.timings is not None:
        meter.observe_timings(result.timings)
        return
    u = result.usage
    prompt = u.prompt_tokens - u.cached_tokens if u.prompt_tokens else 0
    first = result.first_token_ms / 1000 if result.first_token_ms is not None else None
    # a cached prefix makes the prompt look faster than it is; a continuation (the last
    # prompt plus the start of the reply) is cached whether or not the server says so:
    # llama.cpp reported 0 cached tokens for one, and 1,922 tokens "read" in 6.7 s cut the
    # next turn's first-token deadline to 30 s
    continued = bool(messages) and messages[-1].get("role") == "assistant"
    if first is not None and (u.cached_tokens or continued):
        first = None
    meter.observe(
        prompt_tokens=prompt or estimate_tokens(messages),
        completion_tokens=u.completion_tokens or len(result.text) // 4,
        total_s=result.latency_ms / 1000,
        first_token_s=first,
    )
