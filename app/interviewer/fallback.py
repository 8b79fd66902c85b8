"""Keeps the interview going when the LLM interviewer cannot answer.

If the primary (LLM) interviewer fails after its retries, this turn is answered by the offline
interviewer and marked `degraded`, with a note saying why, and the engine shows the user one line
saying so. After an outage (no reply in time, connection, server errors) the LLM is left alone
for `cooldown_s` so the candidate does not sit through another round of timeouts on every turn;
then it is tried again. Bad output (a refusal, an unparseable reply) is not an outage: the server
answered promptly, so the next turn asks it again. The cooldown runs on the engine's clock
(`bind_clock`), so a replay on simulated time cools down in simulated time. `deadline_s` bounds a
whole LLM turn, retries included, so a struggling server costs the candidate at most that long.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

from app.domain.interviewing import InterviewerReply, TurnContext
from app.domain.labels import degraded_note
from app.interviewer.base import Interviewer, TokenCallback
from app.llm.errors import LLMOutputInvalid, LLMRefused

_NOT_AN_OUTAGE = (LLMOutputInvalid, LLMRefused)


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
        self._why: str | None = None

    def bind_clock(self, monotonic: Callable[[], float]) -> None:
        """Run the cooldown on the engine's clock (called by the engine that owns this)."""
        self._clock = monotonic
        self._retry_at = 0.0

    async def respond(
        self, ctx: TurnContext, on_token: TokenCallback | None = None
    ) -> InterviewerReply:
        if self._clock() < self._retry_at:
            return await self._degraded(ctx, on_token, f"resting after: {self.last_error}")
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
            if not isinstance(exc, _NOT_AN_OUTAGE):
                self._retry_at = self._clock() + self.cooldown_s
            # a half-streamed LLM reply is superseded by the recorded turn; do not append to it
            return await self._degraded(ctx, None if streamed else on_token, self.last_error)
        self._retry_at = 0.0
        return reply

    async def _degraded(
        self, ctx: TurnContext, on_token: TokenCallback | None, why: str | None
    ) -> InterviewerReply:
        reply = await self.fallback.respond(ctx, on_token)
        return reply.model_copy(update={"degraded": True, "note": degraded_note(why)})
