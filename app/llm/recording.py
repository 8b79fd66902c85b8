"""What one LLM call (one attempt) cost, and how it reaches the store.

The client reports a `CallRecord` for every attempt, failed ones included, to a plain callable;
`repository_sink` turns those into `llm_calls` rows. Keeping the callable abstract means the client
needs no database and tests can collect records in a list.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from app.store.repository import Repository


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


def repository_sink(repo: Repository) -> CallSink:
    """Write each record as it happens. A failing write must never break an interview: the call
    record is bookkeeping, the transcript is what matters, so write errors are dropped."""
    from app.store.tables import LLMCallRow

    def sink(rec: CallRecord) -> None:
        with contextlib.suppress(Exception):
            repo.record_llm_call(
                LLMCallRow(
                    session_id=rec.session_id,
                    purpose=rec.purpose,
                    model=rec.model,
                    prompt_tokens=rec.prompt_tokens,
                    completion_tokens=rec.completion_tokens,
                    cached_tokens=rec.cached_tokens,
                    tokens_estimated=rec.tokens_estimated,
                    latency_ms=round(rec.latency_ms, 3),
                    cost_usd=rec.cost_usd,
                    ok=rec.ok,
                    error=rec.error,
                    created_at=rec.created_at,
                )
            )

    return sink
