"""The calls in flight to one server, and how long a new call waits for a free slot.

llama.cpp, Ollama and LM Studio run as many requests at once as they have slots (one, on many
laptops) and queue the rest: a queued call gets no first token until a call ahead of it ends.
On a one-slot server the real 1.5B model's interviewer turn, queued behind a judgement of a
design answer, timed out waiting for its first token, and the turn fell back to the authored
line. So each call in flight keeps the latest time it is expected to end (its prompt and every
allowed token at the measured speed, with slack), and a new call's first-token deadline adds
the wait until enough of them have ended to free a slot.
"""

from __future__ import annotations

import time


class ServerQueue:
    def __init__(self) -> None:
        self._ends: dict[int, float] = {}
        self._tickets = 0

    def enter(self, expected_s: float) -> int:
        self._tickets += 1
        self._ends[self._tickets] = time.monotonic() + expected_s
        return self._tickets

    def leave(self, ticket: int) -> None:
        self._ends.pop(ticket, None)

    def wait_s(self, slots: int | None) -> float:
        """Seconds until a new call would get a slot, at the latest: 0 while a slot is free
        or the server does not say how many it has (then it is assumed to take every call)."""
        if not slots or len(self._ends) < slots:
            return 0.0
        now = time.monotonic()
        remaining = sorted(max(0.0, end - now) for end in self._ends.values())
        return remaining[len(remaining) - slots]
