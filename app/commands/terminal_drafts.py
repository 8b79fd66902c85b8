"""The headless interview's unsent text: what was typed for the open question when the session
was interrupted, kept by the terminal UI's own keeper (app/tui/unsent.py, which imports no
Textual), so both front ends keep and offer back the same draft by the same rules."""

from __future__ import annotations

from pathlib import Path

from app.engine.interview import InterviewEngine
from app.tui.unsent import UnsentKeeper

UNSENT_NOTE = "You had typed this for the open question and not sent it (copy it into your answer):"


class Drafts:
    """The session's unsent draft; `data_dir` None keeps nothing (a test driving the engine)."""

    def __init__(self, data_dir: Path | None, session_id: str, engine: InterviewEngine) -> None:
        self._keeper = UnsentKeeper(data_dir, session_id) if data_dir is not None else None
        self._engine = engine

    def keep(self, text: str) -> None:
        """Keep `text` for the open question. A disk that refuses it costs nothing else: the
        interrupt still ends the session, and the transcript is in the database."""
        if self._keeper is not None and text.strip():
            self._keeper.keep_view(self._engine.view(), text, None)

    def kept(self) -> str | None:
        """The draft kept for the question that is open now, if any."""
        where = self._engine.view().question
        draft = self._keeper.take(where, None) if self._keeper and where else None
        return draft.answer if draft is not None else None

    def clear(self) -> None:
        """An answer was sent: a draft kept for it is no longer unsent."""
        if self._keeper is not None:
            self._keeper.keep_view(self._engine.view(), "", None)
