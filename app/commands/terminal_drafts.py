"""The headless interview's unsent text: what was typed for the open question when the session
was interrupted, kept in the same place the terminal UI keeps its drafts (app/store/unsent.py),
so neither front end loses it."""

from __future__ import annotations

import contextlib
from pathlib import Path

from app.domain.unsent import UnsentDraft
from app.engine.interview import InterviewEngine
from app.store.unsent import UnsentDrafts

UNSENT_NOTE = "You had typed this for the open question and not sent it (copy it into your answer):"


class Drafts:
    """The session's unsent draft; `data_dir` None keeps nothing (a test driving the engine)."""

    def __init__(self, data_dir: Path | None, session_id: str, engine: InterviewEngine) -> None:
        self._store = UnsentDrafts(data_dir) if data_dir is not None else None
        self._session_id = session_id
        self._engine = engine

    def keep(self, text: str) -> None:
        """Keep `text` for the open question; a disk that refuses it costs nothing else: the
        interrupt still ends the session, and the transcript is in the database."""
        where = self._engine.view().question
        if self._store is None or where is None or not text.strip():
            return
        draft = UnsentDraft(
            round_index=where.round_index, question_id=where.question_id, answer=text
        )
        with contextlib.suppress(OSError):
            self._store.save(self._session_id, draft)

    def kept(self) -> str | None:
        """The draft kept for the question that is open now, if any."""
        where = self._engine.view().question
        draft = self._store.load(self._session_id) if self._store is not None else None
        if draft is None or where is None or draft.empty:
            return None
        if (draft.round_index, draft.question_id) != (where.round_index, where.question_id):
            return None
        return draft.answer

    def clear(self) -> None:
        """An answer was sent: a draft kept for it is no longer unsent."""
        if self._store is not None:
            with contextlib.suppress(OSError):
                self._store.clear(self._session_id)
