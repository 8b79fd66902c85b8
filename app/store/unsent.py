"""Unsent drafts on disk: one small JSON file per session under `<data dir>/unsent/`.

The TUI saves what is in the answer box (and the code editor) about once a second while it
changes, and when the candidate leaves or quits; a resumed session offers it back. A file is
replaced atomically (written beside it, then renamed), so a crash mid-write leaves the previous
draft, never half of one. A file that cannot be read back (damaged, or from a newer release) is
ignored, never trusted; the transcript itself is always in the database.
"""

from __future__ import annotations

import contextlib
import json
import re
from pathlib import Path

from pydantic import ValidationError

from app.domain.unsent import UnsentDraft

UNSENT_DIR = "unsent"
_SAFE_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


class UnsentDrafts:
    def __init__(self, data_dir: Path) -> None:
        self.directory = data_dir / UNSENT_DIR

    def _path(self, session_id: str) -> Path | None:
        """The session's file; None for an id that could name another file (ids are hex)."""
        if not _SAFE_ID.match(session_id):
            return None
        return self.directory / f"{session_id}.json"

    def save(self, session_id: str, draft: UnsentDraft) -> None:
        """Replace the session's draft (an empty draft removes it). Raises OSError when the
        directory cannot be written; the caller says so once and keeps going."""
        path = self._path(session_id)
        if path is None:
            return
        if draft.empty:
            self.clear(session_id)
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(draft.model_dump()), encoding="ascii")  # escapes surrogates too
        tmp.replace(path)

    def load(self, session_id: str) -> UnsentDraft | None:
        path = self._path(session_id)
        if path is None:
            return None
        try:
            return UnsentDraft.model_validate(json.loads(path.read_text(encoding="ascii")))
        except (OSError, ValueError, ValidationError):  # missing, unreadable or not a draft
            return None

    def clear(self, session_id: str) -> None:
        path = self._path(session_id)
        if path is not None:
            with contextlib.suppress(OSError):
                path.unlink(missing_ok=True)
