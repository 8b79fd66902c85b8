"""What a driver can be told by the engine, as typed errors it shows to the user."""

from __future__ import annotations

from app.engine.view import QuestionRef


class SessionOver(RuntimeError):
    """Raised when input arrives after the last round ended."""


class StaleAnswer(RuntimeError):
    """An answer aimed at a question the interviewer has already left. It is never filed under
    the new question: it is kept in the transcript against the question it was written for,
    marked late (TurnKind.LATE_ANSWER), and not scored."""

    def __init__(self, aimed_at: QuestionRef, current: QuestionRef | None) -> None:
        super().__init__(
            "The interviewer moved on before your answer was sent: it was kept in the "
            f"transcript as a late answer to question {aimed_at.number} of round "
            f"{aimed_at.round_index + 1}, not scored, and not recorded against the new question."
        )
        self.aimed_at = aimed_at
        self.current = current
