"""What the engine tells the world. Persistence and UIs subscribe; the engine never knows who."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from app.domain.enums import Mode, NoticeLevel
from app.domain.transcript import Assessment, SessionPlan, Turn


@dataclass(frozen=True)
class SessionStarted:
    session_id: str
    plan: SessionPlan
    mode: Mode
    interviewer_model: str | None
    judge_model: str | None


@dataclass(frozen=True)
class TurnRecorded:
    """A completed transcript line; the recorder writes it before the engine moves on."""

    session_id: str
    turn: Turn


@dataclass(frozen=True)
class StreamStarted:
    session_id: str
    round_index: int


@dataclass(frozen=True)
class TokenDelta:
    session_id: str
    text: str


@dataclass(frozen=True)
class StreamEnded:
    session_id: str


@dataclass(frozen=True)
class AssessmentReady:
    assessment: Assessment


@dataclass(frozen=True)
class JudgingStarted:
    session_id: str
    round_index: int
    question_id: str


@dataclass(frozen=True)
class JudgingDeferred:
    """The judge failed after retries; the answer is kept and `mockloop rescore` finishes it."""

    session_id: str
    round_index: int
    question_id: str
    reason: str


@dataclass(frozen=True)
class Notice:
    """One clear line for the user (degraded mode, resume, time check)."""

    session_id: str
    text: str
    level: NoticeLevel = NoticeLevel.INFO


@dataclass(frozen=True)
class SessionFinished:
    session_id: str
    elapsed_s: float
    overall_score: float | None
    assessments: list[Assessment] = field(default_factory=list)


Event = (
    SessionStarted
    | TurnRecorded
    | StreamStarted
    | TokenDelta
    | StreamEnded
    | AssessmentReady
    | JudgingStarted
    | JudgingDeferred
    | Notice
    | SessionFinished
)

EventSink = Callable[[Event], None]


def fan_out(*sinks: EventSink) -> EventSink:
    def sink(event: Event) -> None:
        for s in sinks:
            s(event)

    return sink
