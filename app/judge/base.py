"""The contract every judge meets: one stateless assessment per answered question."""

from __future__ import annotations

from typing import Protocol

from app.domain.enums import JudgeKind
from app.domain.interviewing import JudgeRequest
from app.domain.transcript import Assessment


class Judge(Protocol):
    kind: JudgeKind
    model: str | None

    async def assess(self, request: JudgeRequest) -> Assessment: ...
