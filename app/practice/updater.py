"""`PracticeUpdater`: the event sink that keeps practice state current as a session is judged.

Add it to the engine's fan-out *after* the store's `Recorder`, so an assessment is stored before
it is folded. Each assessment folds its session into the running progress aggregates
(app/practice/aggregates.py: a few small queries, the session's own rows only); the end of a
session reviews the spaced-repetition cards. It lives here, not in the store, because the store
must not import practice.
"""

from __future__ import annotations

import logging

from app.domain.bank import Bank
from app.domain.events import AssessmentReady, Event, SessionFinished
from app.practice.cards import sync_cards
from app.store.repository import Repository

log = logging.getLogger(__name__)


class PracticeUpdater:
    def __init__(self, repo: Repository, bank: Bank | None = None) -> None:
        self.repo = repo
        self.bank = bank

    def __call__(self, event: Event) -> None:
        if isinstance(event, AssessmentReady):
            self._fold(event.assessment.session_id)
        elif isinstance(event, SessionFinished):
            try:
                sync_cards(self.repo)
            except Exception:  # cards are a cache: the next plan or report rebuilds them
                log.exception("could not update review cards after session %s", event.session_id)

    def _fold(self, session_id: str) -> None:
        if self.bank is None:
            return
        from app.practice import aggregates

        try:
            aggregates.update_sessions(self.repo, self.bank, [session_id])
        except Exception:  # a cache too: the next progress read catches the session up
            log.debug("practice aggregates not updated for %s", session_id, exc_info=True)
