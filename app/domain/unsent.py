"""Text the candidate typed and has not sent yet: the answer box and, in a coding or debugging
round, the code editor. Kept so that leaving, quitting or a crash never loses it."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class UnsentDraft(BaseModel):
    """What was on screen for one question: it is offered back only for that same question."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    round_index: int
    question_id: str
    answer: str = ""
    code: str | None = None  # the editor's text, when the round has one

    @property
    def empty(self) -> bool:
        return not self.answer.strip() and self.code is None
