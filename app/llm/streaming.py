"""Read one streamed chat completion into a `Completion`, feeding text to the consumer as it
arrives. A deadline guards the first token only; after it, the SDK's read timeout catches stalls.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from app.llm.queueing import QueueWatch
from app.llm.types import Completion, ServerTimings, StreamConsumer, timings_of, usage_of

if TYPE_CHECKING:
    from openai import AsyncOpenAI

ABANDONED = "abandoned"  # finish reason of a stream the consumer stopped reading


@dataclass
class _Accumulated:
    model: str
    parts: list[str] = field(default_factory=list)
    refusal: list[str] = field(default_factory=list)
    usage: Any = None
    finish: str | None = None
    first_ms: float | None = None
    timings: ServerTimings | None = None


async def read_stream(
    sdk: AsyncOpenAI,
    params: dict[str, Any],
    consumer: StreamConsumer,
    *,
    model: str,
    first_token_timeout_s: float,
    queued: Callable[[], bool] | None = None,
) -> Completion:
    """`queued`: whether the call still waits for a server slot behind calls sent before it;
    while it does, the first-token deadline keeps its whole budget ahead."""
    started = time.perf_counter()
    acc = _Accumulated(model)
    async with asyncio.timeout(first_token_timeout_s) as deadline:
        with QueueWatch(deadline, first_token_timeout_s, queued):
            return await _read(sdk, params, consumer, acc, deadline, started)


async def _read(
    sdk: AsyncOpenAI,
    params: dict[str, Any],
    consumer: StreamConsumer,
    acc: _Accumulated,
    deadline: asyncio.Timeout,
    started: float,
) -> Completion:
    stream = await sdk.chat.completions.create(**params, stream=True)
    async with stream:
        async for chunk in stream:
            if chunk.usage is not None:
                acc.usage = chunk.usage
            acc.timings = timings_of(chunk) or acc.timings
            if not chunk.choices:
                continue
            choice = chunk.choices[0]
            delta = choice.delta
            if choice.finish_reason:
                acc.finish = choice.finish_reason
            text = delta.content if delta is not None else None
            ref = getattr(delta, "refusal", None) if delta is not None else None
            if ref:
                acc.refusal.append(ref)
            if acc.first_ms is None and (text or ref or acc.finish):
                acc.first_ms = (time.perf_counter() - started) * 1000
                deadline.reschedule(None)
                acc.model = chunk.model or acc.model
            if text:
                acc.parts.append(text)
                await consumer.feed(text)
                if getattr(consumer, "satisfied", False):
                    acc.finish = acc.finish or ABANDONED
                    break  # leaving the context closes the response: the server stops
    return Completion(
        text="".join(acc.parts),
        model=acc.model,
        refusal="".join(acc.refusal) or None,
        finish_reason=acc.finish,
        usage=usage_of(acc.usage),
        latency_ms=(time.perf_counter() - started) * 1000,
        first_token_ms=acc.first_ms,
        timings=acc.timings,
    )
