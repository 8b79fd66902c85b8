"""Run a synchronous, CPU-bound judge (the offline heuristic judge) in a worker thread.

Its `assess` is async in name only: scoring a 10,000-line answer is about a second of text work,
which on an event loop would freeze the TUI and stall a headless session's clock. Same judge,
same result; only where it runs changes. Every driver gets it through the session builder.
"""

from __future__ import annotations

import asyncio
from typing import Protocol, runtime_checkable

from app.domain.interviewing import JudgeRequest
from app.domain.transcript import Assessment
from app.judge.base import Judge


@runtime_checkable
class SyncJudge(Judge, Protocol):
    """A judge whose real work is a synchronous `score` (its `assess` just calls it)."""

    def score(self, request: JudgeRequest) -> Assessment: ...


class ThreadedJudge:
    def __init__(self, inner: SyncJudge) -> None:
        self.inner = inner
        self.kind = inner.kind
        self.model = inner.model

    async def assess(self, request: JudgeRequest) -> Assessment:
        return await asyncio.to_thread(self.inner.score, request)


def off_loop(judge: Judge) -> Judge:
    """The judge itself, or for a synchronous judge (offline), a threaded one."""
    return ThreadedJudge(judge) if isinstance(judge, SyncJudge) else judge
