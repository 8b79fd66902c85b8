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
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlparse

from app.config import Settings

EWMA = 0.3  # weight of the newest measurement
SLACK = 1.5  # how much slower than measured a call may be before it counts as stuck
FLOOR_S = 10.0  # never less than this: a busy server and a cold cache need room
TIMEOUT_MARGIN = 0.7  # after a timeout, assume the prompt ran this much slower than the bound


@dataclass(frozen=True)
class Speed:
    prompt_tps: float  # prompt tokens processed per second (time to first token)
    gen_tps: float  # completion tokens written per second
    measured: bool = False


LOCAL_GUESS = Speed(prompt_tps=60.0, gen_tps=5.0)
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
    """A running estimate of one server's prompt and generation speed."""

    def __init__(self, guess: Speed) -> None:
        self._speed = guess

    @property
    def speed(self) -> Speed:
        return self._speed

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
        s = self._speed
        if total_s <= 0:
            return
        if first_token_s is not None and first_token_s > 0 and prompt_tokens >= 200:
            prompt_tps = prompt_tokens / first_token_s
            gen_s = total_s - first_token_s
        else:
            prompt_tps = s.prompt_tps
            gen_s = total_s - prompt_tokens / s.prompt_tps
        gen_tps = completion_tokens / gen_s if completion_tokens >= 16 and gen_s > 0.05 else None
        w = 1.0 if not s.measured else EWMA
        self._speed = Speed(
            prompt_tps=(1 - w) * s.prompt_tps + w * prompt_tps,
            gen_tps=s.gen_tps if gen_tps is None else (1 - w) * s.gen_tps + w * gen_tps,
            measured=True,
        )

    def timed_out(self, *, prompt_tokens: int, waited_s: float) -> None:
        """A call that got no first token in `waited_s`: the prompt is processed slower than
        `prompt_tokens / waited_s`. Without this a server slower than the first guess would
        time out forever, since only finished calls are measured."""
        if waited_s <= 0 or prompt_tokens < 200:
            return
        bound = TIMEOUT_MARGIN * prompt_tokens / waited_s
        s = self._speed
        if bound < s.prompt_tps:
            self._speed = Speed(prompt_tps=bound, gen_tps=s.gen_tps, measured=s.measured)

    def ran_out(self, *, prompt_tokens: int, max_tokens: int, waited_s: float) -> None:
        """A whole reply (not streamed) that did not arrive in `waited_s`: nothing was seen,
        so both speeds are scaled down until the prompt and every allowed token take longer
        than that. Only finished calls are measured otherwise, and a judge deadline derived
        from a first guess that is too fast would time out on every answer (calibrate under
        load: each judgement cut at 504 s with half its reply written)."""
        s = self._speed
        work = prompt_tokens / s.prompt_tps + max_tokens / s.gen_tps
        if waited_s <= 0 or work <= 0:
            return
        f = TIMEOUT_MARGIN * work / waited_s
        if f < 1:
            self._speed = Speed(s.prompt_tps * f, s.gen_tps * f, measured=s.measured)


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
