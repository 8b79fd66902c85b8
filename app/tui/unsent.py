"""The interview screen's unsent text, kept on disk (`app/store/unsent.py`) and offered back.

Saved when it changes (the screen calls `keep` on every one-second tick), when the candidate
leaves, and on quit; so a crash loses at most the last second of typing. Offered back only for
the question it was typed for, and never when it is the answer that was already sent (a crash
can land between the send and the next save).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from app.domain.enums import Role
from app.domain.transcript import Turn
from app.domain.unsent import UnsentDraft
from app.engine.view import EngineView, QuestionRef
from app.store.unsent import UnsentDrafts


class UnsentKeeper:
    def __init__(self, data_dir: Path, session_id: str) -> None:
        self._store = UnsentDrafts(data_dir)
        self._session_id = session_id
        self._last: UnsentDraft | None = None
        self._warned = False
        self._finished = False

    def keep(self, draft: UnsentDraft | None) -> str | None:
        """Save `draft` if it changed since the last save (None: nothing to keep now). Returns
        a warning for the candidate the first time the disk refuses it."""
        if draft is None or draft == self._last:
            return None
        try:
            self._store.save(self._session_id, draft)
        except OSError as exc:
            if self._warned:
                return None
            self._warned = True
            return f"Unsent text cannot be kept on disk ({exc.strerror or exc})."
        self._last = draft
        return None

    def take(self, where: QuestionRef, sent: str | None) -> UnsentDraft | None:
        """The draft typed for `where`, minus an answer that is `sent` already; a draft for any
        other question is dropped (the session moved on without it)."""
        draft = self._store.load(self._session_id)
        if draft is None:
            return None
        if (draft.round_index, draft.question_id) != (where.round_index, where.question_id):
            self._store.clear(self._session_id)
            return None
        if sent is not None and draft.answer.strip() == sent.strip():
            draft = draft.model_copy(update={"answer": ""})
        self._last = draft
        return None if draft.empty else draft

    def keep_view(self, view: EngineView | None, answer: str, code: str | None) -> str | None:
        """Keep what is on screen for the open question; once the session is over, nothing
        is left to send, so the file goes."""
        if view is not None and view.finished:
            if not self._finished:
                self._finished = True
                self._store.clear(self._session_id)
            return None
        q = view.question if view is not None else None
        if q is None:
            return None
        return self.keep(
            UnsentDraft(
                round_index=q.round_index, question_id=q.question_id, answer=answer, code=code
            )
        )

    def take_for(self, view: EngineView | None, turns: Sequence[Turn]) -> UnsentDraft | None:
        """The draft for the open question; `turns` are the session's stored turns."""
        q = view.question if view is not None else None
        if q is None:
            return None
        said = [
            t.text
            for t in turns
            if t.role is Role.CANDIDATE
            and (t.round_index, t.question_id) == (q.round_index, q.question_id)
        ]
        return self.take(q, said[-1] if said else None)
