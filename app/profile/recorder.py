"""`StoryRecorder`: the event sink that links behavioral answers to the story bank.

When a behavioral answer has been judged, the story it tells (if it is one of the profile's) is
recorded with what the telling carried: a number, a baseline, a durable change. Its score is
read from the assessment later, so a rescore shows up in the story bank too. Add it to the
engine's fan-out after the store's Recorder, so the answer's turns are on disk when it reads
them. A failure here never breaks an interview: the story bank is bookkeeping.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from app.domain.enums import Role, RoundKind
from app.domain.events import AssessmentReady, Event
from app.domain.profile import Profile
from app.domain.transcript import SessionPlan
from app.profile.stories import checks, match_story
from app.store.repository import Repository

log = logging.getLogger(__name__)


class StoryRecorder:
    def __init__(self, repo: Repository, plan: SessionPlan) -> None:
        self.repo = repo
        self.plan = plan
        self._profile: Profile | bool | None = False  # False: not read yet

    def _stories_profile(self) -> Profile | None:
        if self._profile is False:
            self._profile = self.repo.profile()
        return self._profile if isinstance(self._profile, Profile) else None

    def __call__(self, event: Event) -> None:
        if not isinstance(event, AssessmentReady):
            return
        a = event.assessment
        if a.round_index >= len(self.plan.rounds):
            return
        if self.plan.rounds[a.round_index].kind is not RoundKind.BEHAVIORAL:
            return
        try:
            self._record(a.session_id, a.round_index, a.question_id)
        except Exception:  # the story bank is bookkeeping; the transcript is what matters
            log.exception("could not link a story for session %s", a.session_id)

    def _record(self, session_id: str, round_index: int, question_id: str) -> None:
        profile = self._stories_profile()
        if profile is None or not profile.stories:
            return
        text = "\n\n".join(
            t.text
            for t in self.repo.turns(session_id)
            if t.role is Role.CANDIDATE
            and t.round_index == round_index
            and t.question_id == question_id
        )
        story = match_story(text, profile.stories)
        if story is None:
            return
        self.repo.record_story_telling(
            revision=profile.revision,
            story_id=story.id,
            session_id=session_id,
            round_index=round_index,
            question_id=question_id,
            checks=checks(text),
            at=datetime.now(UTC),
        )
