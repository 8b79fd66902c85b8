"""Injected time. The engine only ever asks a Clock, so tests move time without sleeping."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    def monotonic(self) -> float: ...

    def now(self) -> datetime:
        """Wall-clock time (aware, UTC) for timestamps; pacing only ever uses `monotonic`."""
        ...


class SystemClock:
    def monotonic(self) -> float:
        return time.monotonic()

    def now(self) -> datetime:
        return datetime.now(UTC)


class FakeClock:
    """A clock that only moves when told to; also drives `--answers` replays in simulated time.

    Its wall clock starts at `wall_start` (default: when it was made) and moves with it.
    """

    def __init__(self, start: float = 0.0, *, wall_start: datetime | None = None) -> None:
        self._now = start
        self._start = start
        self._wall_start = wall_start or datetime.now(UTC)

    def monotonic(self) -> float:
        return self._now

    def now(self) -> datetime:
        return self._wall_start + timedelta(seconds=self._now - self._start)

    def advance(self, seconds: float) -> None:
        if seconds < 0:
            raise ValueError("time does not run backwards")
        self._now += seconds


class Stopwatch:
    """Active interview time: starts from a resumed offset and excludes pauses."""

    def __init__(self, clock: Clock, offset_s: float = 0.0) -> None:
        self._clock = clock
        self._offset = offset_s
        self._started = clock.monotonic()
        self._paused_at: float | None = None
        self._paused_total = 0.0

    def elapsed(self) -> float:
        now = self._paused_at if self._paused_at is not None else self._clock.monotonic()
        return max(0.0, self._offset + (now - self._started) - self._paused_total)

    @property
    def paused(self) -> bool:
        return self._paused_at is not None

    def pause(self) -> None:
        if self._paused_at is None:
            self._paused_at = self._clock.monotonic()

    def resume(self) -> None:
        if self._paused_at is not None:
            self._paused_total += self._clock.monotonic() - self._paused_at
            self._paused_at = None
