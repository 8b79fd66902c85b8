"""What a driver can be told by the engine, as typed errors it shows to the user."""

from __future__ import annotations

from app.engine.view import QuestionRef


class SessionOver(RuntimeError):
    """Raised when input arrives after the last round ended."""


class StaleAnswer(RuntimeError):
    """An answer aimed at a question the interviewer has already left; nothing was recorded."""

    def __init__(self, aimed_at: QuestionRef, current: QuestionRef | None) -> None:
        super().__init__(
            "The interviewer moved on before your answer was sent, so it was not recorded "
            "against the new question."
        )
        self.aimed_at = aimed_at
        self.current = current
