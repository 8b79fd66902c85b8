"""Keeps the interview going when the LLM interviewer cannot answer.

If the primary (LLM) interviewer fails after its retries, this turn is answered by the offline
interviewer and marked `degraded`, and the engine shows the user one line saying so. After a
failure the LLM is left alone for `cooldown_s` so the candidate does not sit through another
round of timeouts on every turn; then it is tried again. `deadline_s` bounds a whole LLM turn,
retries included, so a struggling server costs the candidate at most that long.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

from app.domain.interviewing import InterviewerReply, TurnContext
from app.interviewer.base import Interviewer, TokenCallback


class FallbackInterviewer:
    def __init__(
        self,
        primary: Interviewer,
        fallback: Interviewer,
        *,
        cooldown_s: float = 30.0,
        deadline_s: float | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.primary = primary
        self.fallback = fallback
        self.kind = primary.kind
        self.model = primary.model
        self.cooldown_s = cooldown_s
        self.deadline_s = deadline_s
        self._clock = clock
        self._retry_at = 0.0
        self.last_error: str | None = None

    async def respond(
        self, ctx: TurnContext, on_token: TokenCallback | None = None
    ) -> InterviewerReply:
        if self._clock() < self._retry_at:
            return await self._degraded(ctx, on_token)
        streamed = False

        async def tracking(text: str) -> None:
            nonlocal streamed
            streamed = True
            if on_token is not None:
                await on_token(text)

        try:
            async with asyncio.timeout(self.deadline_s):
                reply = await self.primary.respond(ctx, tracking if on_token is not None else None)
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # any failure of the LLM path: the interview goes on
            self.last_error = (
                f"no reply within {self.deadline_s:g}s"
                if isinstance(exc, TimeoutError) and self.deadline_s is not None
                else str(exc) or type(exc).__name__
            )
            self._retry_at = self._clock() + self.cooldown_s
            # a half-streamed LLM reply is superseded by the recorded turn; do not append to it
            return await self._degraded(ctx, None if streamed else on_token)
        self._retry_at = 0.0
        return reply

    async def _degraded(self, ctx: TurnContext, on_token: TokenCallback | None) -> InterviewerReply:
        reply = await self.fallback.respond(ctx, on_token)
        return reply.model_copy(update={"degraded": True})
