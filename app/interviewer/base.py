"""The contract every interviewer meets; the engine never knows which one it has."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Protocol

from app.domain.enums import Mode
from app.domain.interviewing import InterviewerReply, TurnContext

TokenCallback = Callable[[str], Awaitable[None]]


class Interviewer(Protocol):
    kind: Mode
    model: str | None

    async def respond(
        self, ctx: TurnContext, on_token: TokenCallback | None = None
    ) -> InterviewerReply:
        """Choose one of ctx.allowed_moves and write its words. Streams via on_token if given."""
        ...
