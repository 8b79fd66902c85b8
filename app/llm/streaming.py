"""Read one streamed chat completion into a `Completion`, feeding text to the consumer as it
arrives. A deadline guards the first token only; after it, the SDK's read timeout catches stalls.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from app.llm.types import Completion, StreamConsumer, usage_of

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


async def read_stream(
    sdk: AsyncOpenAI,
    params: dict[str, Any],
    consumer: StreamConsumer,
    *,
    model: str,
    first_token_timeout_s: float,
) -> Completion:
    started = time.perf_counter()
    acc = _Accumulated(model)
    async with asyncio.timeout(first_token_timeout_s) as deadline:
        stream = await sdk.chat.completions.create(**params, stream=True)
        async with stream:
            async for chunk in stream:
                if chunk.usage is not None:
                    acc.usage = chunk.usage
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
                    acc.model = chunk.model or model
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
    )
