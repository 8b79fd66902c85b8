"""What one LLM call (one attempt) cost, and how it reaches the store.

The client reports a `CallRecord` for every attempt, failed ones included, to a plain callable;
the session builder turns those into the store's records. Keeping the callable abstract means the
client needs no database and no domain types, and tests can collect records in a list.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime

from app.llm.pricing import cost_usd
from app.llm.types import Usage


@dataclass(frozen=True)
class CallRecord:
    purpose: str  # interviewer | judge | probe
    model: str
    session_id: str | None = None
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cached_tokens: int = 0
    tokens_estimated: bool = False
    latency_ms: float = 0.0
    cost_usd: float | None = None
    ok: bool = True
    error: str | None = None  # scrubbed, one line
    created_at: datetime = field(default_factory=lambda: datetime.now(UTC))


CallSink = Callable[[CallRecord], None]


def success_record(
    purpose: str,
    model: str,
    session_id: str | None,
    usage: Usage,
    latency_ms: float,
    price_table: Mapping[str, tuple[float, float]],
) -> CallRecord:
    """The record of an attempt that returned a reply, with its cost when the price is known."""
    return CallRecord(
        purpose=purpose,
        model=model,
        session_id=session_id,
        prompt_tokens=usage.prompt_tokens,
        completion_tokens=usage.completion_tokens,
        cached_tokens=usage.cached_tokens,
        tokens_estimated=usage.estimated,
        latency_ms=latency_ms,
        cost_usd=cost_usd(
            model, usage.prompt_tokens, usage.completion_tokens, usage.cached_tokens, price_table
        ),
    )
