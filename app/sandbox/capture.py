"""Read the child's two channels incrementally with hard caps, so its output never grows our memory.

Output is kept up to a small prefix and only counted after that; past the stop threshold the run
is told to end. Result events are JSON lines; a line that does not parse is dropped, not guessed.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

CHUNK = 64 * 1024


class CappedOutput:
    def __init__(self, keep: int, stop_after: int, overflow: asyncio.Event) -> None:
        self._keep = keep
        self._stop_after = stop_after
        self._overflow = overflow
        self._buf = bytearray()
        self.total = 0

    async def drain(self, stream: asyncio.StreamReader) -> None:
        while chunk := await stream.read(CHUNK):
            room = self._keep - len(self._buf)
            if room > 0:
                self._buf += chunk[:room]
            self.total += len(chunk)
            if self.total > self._stop_after:
                self._overflow.set()

    @property
    def truncated(self) -> bool:
        return self.total > len(self._buf)

    def text(self) -> str:
        text = self._buf.decode("utf-8", errors="replace")
        if self.truncated:
            text += f"\n… [{self.total - len(self._buf)} more bytes not shown]"
        return text


class EventLog:
    """Parsed result events, in arrival order. `ready` fires when the child's suite clock starts."""

    def __init__(self, max_bytes: int) -> None:
        self._max = max_bytes
        self._pending = bytearray()
        self.total = 0
        self.events: list[dict[str, Any]] = []
        self.ready = asyncio.Event()
        self.spare = asyncio.Event()

    async def drain(self, stream: asyncio.StreamReader) -> None:
        while chunk := await stream.read(CHUNK):
            self.total += len(chunk)
            if self.total > self._max:
                continue  # keep draining so the child never blocks, but stop parsing
            self._pending += chunk
            *lines, rest = self._pending.split(b"\n")
            self._pending = bytearray(rest)
            for line in lines:
                self._parse(bytes(line))

    def _parse(self, line: bytes) -> None:
        try:
            event = json.loads(line)
        except ValueError:
            return
        if isinstance(event, dict) and isinstance(event.get("type"), str):
            self.events.append(event)
            if event["type"] == "ready":
                self.ready.set()
            elif event["type"] == "spare":
                self.spare.set()

    def of_type(self, kind: str) -> list[dict[str, Any]]:
        return [e for e in self.events if e["type"] == kind]

    def first(self, kind: str) -> dict[str, Any] | None:
        found = self.of_type(kind)
        return found[0] if found else None
