"""What the Debrief and Thank-you screens need, headless: the same functions `mockloop debrief`
and `mockloop email` use. Called from worker threads; never imports Textual."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from app.domain.enums import TargetLevel

if TYPE_CHECKING:
    from app.report.debrief import Debrief
    from app.report.thank_you import NoteDraft, NoteRequest
    from app.tui.services import Services


def debrief_for(services: Services, session_id: str, level: TargetLevel | None) -> Debrief:
    from app.commands.debrief import load_debrief

    stored = services.repo.load(session_id)
    return load_debrief(services.repo, services.bank, stored, level)


def export_debrief(services: Services, debrief: Debrief) -> Path:
    from app.commands.output_file import write_replacing
    from app.report.debrief_md import debrief_markdown

    out = services.settings.data_dir / "exports"
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"debrief-{debrief.session_id[:8]}-{debrief.target.value}.md"
    write_replacing(path, debrief_markdown(debrief))
    services.exports.append(path)
    return path


def note_for(services: Services, session_id: str, request: NoteRequest) -> NoteDraft:
    """The draft `mockloop email` prints (LLM-written when an LLM is configured)."""
    from app.commands.debrief import draft_note

    stored = services.repo.load(session_id)
    return draft_note(services.settings, services.repo, services.bank, stored, request)


def save_note(services: Services, session_id: str, text: str) -> Path:
    from app.commands.debrief import save_draft

    return save_draft(services.settings, session_id, text)
