"""Streams an interviewer's words a sentence at a time, each one checked before it is shown.

Token-by-token streaming and guarding pull in opposite directions: a check needs words, the
candidate wants to see them at once. A sentence is the smallest unit the guards can judge, and
one interviewer sentence takes a local model a second or two, so the view still moves while
nothing that fails a check reaches it. After the first failing sentence nothing more is shown;
the engine records the authored replacement, which supersedes whatever was shown.
"""

from __future__ import annotations

import re

from app.interviewer.base import TokenCallback
from app.interviewer.guards import OK, ReplyGuard, Verdict

_BOUNDARY = re.compile(r"[.!?](?=\s)|\n")


class SentenceGate:
    def __init__(self, guard: ReplyGuard, on_token: TokenCallback | None) -> None:
        self._guard = guard
        self._on_token = on_token
        self.reset()

    def reset(self) -> None:
        self._pending = ""
        self.verdict: Verdict = OK
        self.forwarded = False

    async def feed(self, text: str) -> None:
        if not self.verdict.ok:
            return
        self._pending += text
        last = None
        for m in _BOUNDARY.finditer(self._pending):
            last = m
        if last is None:
            return
        ready, self._pending = self._pending[: last.end()], self._pending[last.end() :]
        await self._release(ready)

    async def finish(self) -> None:
        if self.verdict.ok and self._pending.strip():
            rest, self._pending = self._pending, ""
            await self._release(rest)

    async def _release(self, chunk: str) -> None:
        for sentence in filter(None, (s.strip() for s in re.split(r"(?<=[.!?])\s+|\n", chunk))):
            verdict = self._guard.sentence(sentence)
            if not verdict.ok:
                self.verdict = verdict
                return
        if self._on_token is not None and chunk:
            self.forwarded = True
            await self._on_token(chunk)
