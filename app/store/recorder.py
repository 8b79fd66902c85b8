"""Subscribes to engine events and writes each one the moment it happens."""

from __future__ import annotations

from app.domain.events import (
    AssessmentReady,
    Event,
    SessionFinished,
    SessionStarted,
    TurnRecorded,
)
from app.store.repository import Repository


class Recorder:
    def __init__(self, repo: Repository) -> None:
        self.repo = repo

    def __call__(self, event: Event) -> None:
        if isinstance(event, TurnRecorded):
            self.repo.add_turn(event.session_id, event.turn)
        elif isinstance(event, AssessmentReady):
            self.repo.add_assessment(event.assessment)
        elif isinstance(event, SessionStarted):
            self.repo.create_session(
                event.session_id,
                event.plan,
                mode=event.mode,
                interviewer_model=event.interviewer_model,
                judge_model=event.judge_model,
            )
        elif isinstance(event, SessionFinished):
            self.repo.finish_session(event.session_id, event.elapsed_s, event.overall_score)
