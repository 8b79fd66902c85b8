"""The calls in flight to one server, and how long a new call waits for a free slot.

llama.cpp, Ollama and LM Studio run as many requests at once as they have slots (one, on many
laptops) and queue the rest: a queued call gets no first token until a call ahead of it ends.
On a one-slot server the real 1.5B model's interviewer turn, queued behind a judgement of a
design answer, timed out waiting for its first token, and the turn fell back to the authored
line. So each call in flight keeps the latest time it is expected to end (its prompt and every
allowed token at the measured speed, with slack), a new call's first-token deadline adds the
wait until enough of them have ended to free a slot, and while a call is still queued behind
calls of ours sent before it (a judgement that started just after the turn's deadline was
set) its deadlines keep moving out: they count from when it can get a slot.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from types import TracebackType

POLL_S = 1.0  # how often a waiting call checks whether it still waits for a slot


class ServerQueue:
    def __init__(self) -> None:
        self._ends: dict[int, float] = {}
        self._purposes: dict[int, str] = {}
        self._tickets = 0

    def enter(self, expected_s: float, purpose: str = "") -> int:
        self._tickets += 1
        self._ends[self._tickets] = time.monotonic() + expected_s
        self._purposes[self._tickets] = purpose
        return self._tickets

    def leave(self, ticket: int) -> None:
        self._ends.pop(ticket, None)
        self._purposes.pop(ticket, None)

    def wait_s(self, slots: int | None) -> float:
        """Seconds until a new call would get a slot, at the latest: 0 while a slot is free
        or the server does not say how many it has (then it is assumed to take every call)."""
        if not slots or len(self._ends) < slots:
            return 0.0
        now = time.monotonic()
        remaining = sorted(max(0.0, end - now) for end in self._ends.values())
        return remaining[len(remaining) - slots]

    def behind(self, ticket: int, slots: int | None) -> bool:
        """Is this call waiting for a slot? Calls sent before it fill every slot. Only calls
        sent earlier count, so two calls never keep each other's deadlines moving."""
        return bool(slots) and sum(1 for t in self._ends if t < ticket) >= (slots or 0)

    def waiting(self, purpose: str, slots: int | None) -> bool:
        """Does any call made for `purpose` wait for a slot?"""
        return any(self.behind(t, slots) for t, p in self._purposes.items() if p == purpose)


class QueueWatch:
    """While `queued()` holds, keeps `deadline` at least `budget_s` ahead: the budget is for
    the call's own work, which starts when a slot frees. Stops once the deadline is cleared
    (the first token arrived) or the block ends."""

    def __init__(
        self, deadline: asyncio.Timeout, budget_s: float, queued: Callable[[], bool] | None
    ) -> None:
        self._deadline = deadline
        self._budget_s = budget_s
        self._queued = queued
        self._handle: asyncio.TimerHandle | None = None
        self._every_s = min(POLL_S, budget_s / 2)  # checked before the deadline can pass

    def __enter__(self) -> QueueWatch:
        if self._queued is not None:
            self._handle = asyncio.get_running_loop().call_later(self._every_s, self._tick)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._handle is not None:
            self._handle.cancel()
            self._handle = None

    def _tick(self) -> None:
        when = self._deadline.when()
        if when is None or self._deadline.expired() or self._queued is None:
            self._handle = None
            return
        loop = asyncio.get_running_loop()
        if self._queued():
            self._deadline.reschedule(max(when, loop.time() + self._budget_s))
        self._handle = loop.call_later(self._every_s, self._tick)
