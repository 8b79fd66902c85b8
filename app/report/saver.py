"""Renders a session's transcript the moment it finishes and saves it (app/report/saved.py),
so the first `mockloop show` of it prints at once instead of importing the renderer.

It runs as the last sink of a session, after the store has recorded the finish and the driver
has shown it. Saving is a convenience: any failure is swallowed, and `show` renders as usual.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from app.domain.events import Event, SessionFinished
from app.store.repository import Repository

log = logging.getLogger(__name__)


class ReportSaver:
    def __init__(
        self, repo: Repository, url: str, bank_dir: Path, rubrics_dir: Path, cache_dir: Path
    ) -> None:
        self._repo = repo
        self._where = (url, bank_dir, rubrics_dir, cache_dir)

    def __call__(self, event: Event) -> None:
        """Off the caller's thread (the TUI's event loop), but not a daemon: a CLI run that
        ends right after the finish still waits for the file, so its first show is quick."""
        if isinstance(event, SessionFinished):
            threading.Thread(
                target=self._save_quietly, args=(event.session_id,), name="mockloop-report-save"
            ).start()

    def _save_quietly(self, session_id: str) -> None:
        try:
            self.save(session_id)
        except Exception:  # a convenience must never end a session
            log.warning("could not save the rendered transcript", exc_info=True)

    def save(self, session_id: str) -> bool:
        """Render and save now; False when this store cannot be stamped cheaply."""
        from app.report.render import to_markdown
        from app.report.saved import lookup, report_bank, save

        url, bank_dir, rubrics_dir, cache_dir = self._where
        saved = lookup(url, session_id, bank_dir, rubrics_dir, cache_dir)
        if saved is None or isinstance(saved, str):
            return False
        stored = self._repo.load(saved.path.stem)
        save(saved, to_markdown(stored, report_bank(bank_dir, rubrics_dir, cache_dir)))
        return True
