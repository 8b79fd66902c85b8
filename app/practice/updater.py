"""`PracticeUpdater`: the event sink that reviews the spaced-repetition cards when a session ends.

Add it to the engine's fan-out *after* the store's `Recorder`, so the session's assessments are
stored before the cards are folded from them. It lives here, not in the store, because the store
must not import practice.
"""

from __future__ import annotations

import logging

from app.domain.events import Event, SessionFinished
from app.practice.cards import sync_cards
from app.store.repository import Repository

log = logging.getLogger(__name__)


class PracticeUpdater:
    def __init__(self, repo: Repository) -> None:
        self.repo = repo

    def __call__(self, event: Event) -> None:
        if not isinstance(event, SessionFinished):
            return
        try:
            sync_cards(self.repo)
        except Exception:  # cards are a cache: the next plan or report rebuilds them
            log.exception("could not update review cards after session %s", event.session_id)
