"""Thank-you note: a draft from the session in an editable text area, to copy or save.

The draft is composed off the UI thread (offline from the transcript, or by the model when an
LLM is configured; a model draft that breaks the note's rules falls back to the offline one and
says why). Names are optional inputs; Enter in one of them drafts again. The word count follows
the edits, so the user sees when their changes push the note past the limit.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.widgets import Footer, Header, Input, Static, TextArea

from app.domain.text import display_safe, words
from app.tui.base import BaseScreen
from app.tui.text import plain

if TYPE_CHECKING:
    from app.report.thank_you import NoteDraft
    from app.tui.services import Services


class ThankYouScreen(BaseScreen[None]):
    CSS_PATH = "debrief.tcss"
    AUTO_FOCUS = "#note"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "ctrl+r",
            "draft",
            "Draft again",
            id="note.draft",
            priority=True,
            tooltip="Draft the note again with the names above",
        ),
        Binding(
            "ctrl+o",
            "copy",
            "Copy",
            id="note.copy",
            priority=True,
            tooltip="Copy the note (as edited) to the clipboard",
        ),
        Binding(
            "ctrl+s",
            "save",
            "Save",
            id="note.save",
            priority=True,
            tooltip="Save the note (as edited) under <data dir>/drafts",
        ),
        Binding("escape", "app.pop_screen", "Back", id="note.back", tooltip="Back"),
    ]

    def __init__(self, services: Services, session_id: str) -> None:
        super().__init__()
        self.services = services
        self.session_id = session_id
        self.draft_note: NoteDraft | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(
            plain(
                f"Thank-you note · session {self.session_id[:8]} · edit freely, then copy or save"
            ),
            id="note-title",
        )
        with Horizontal(id="note-inputs"):
            yield Input(placeholder="Interviewer's name (optional)", id="note-to")
            yield Input(placeholder="Company (optional)", id="note-company")
            yield Input(placeholder="Your related work, one line (optional)", id="note-experience")
        yield TextArea("", id="note", soft_wrap=True, show_line_numbers=False)
        yield Static("Drafting…", id="note-status")
        yield Footer()

    def on_mount(self) -> None:
        self.action_draft()

    def note_text(self) -> str:
        return self.query_one("#note", TextArea).text

    @on(Input.Submitted)
    def _redraft(self) -> None:
        self.action_draft()

    @on(TextArea.Changed, "#note")
    def _count(self) -> None:
        self._status()

    def _status(self, extra: str | None = None) -> None:
        from app.report.thank_you import MAX_WORDS

        body = self.note_text().split("\n\n", 1)[-1]
        n = len(words(body))
        parts = []
        if self.draft_note is not None:
            parts.append(
                "offline draft from your transcript"
                if self.draft_note.source == "offline"
                else f"written by {self.draft_note.source} from your transcript"
            )
        parts.append(f"{n}/{MAX_WORDS} words" + (" (over the limit)" if n > MAX_WORDS else ""))
        notice = extra or (self.draft_note.notice if self.draft_note else None)
        text = " · ".join(parts) + (f"\n{notice}" if notice else "")
        self.query_one("#note-status", Static).update(plain(text))

    def action_draft(self) -> None:
        from app.report.thank_you import NoteRequest

        request = NoteRequest(
            to=self.query_one("#note-to", Input).value or None,
            company=self.query_one("#note-company", Input).value or None,
            experience=self.query_one("#note-experience", Input).value or None,
        )
        self.query_one("#note-status", Static).update("Drafting…")
        self.draft(request)

    @work(exclusive=True, group="note", exit_on_error=False, name="drafting the note")
    async def draft(self, request: object) -> None:
        from app.report.thank_you import NoteRequest, NoteUnavailable
        from app.tui.debrief_services import note_for

        assert isinstance(request, NoteRequest)
        try:
            note = await asyncio.to_thread(note_for, self.services, self.session_id, request)
        except NoteUnavailable as exc:
            self.query_one("#note-status", Static).update(plain(f"No note yet: {exc}"))
            return
        self.draft_note = note
        self.query_one("#note", TextArea).load_text(display_safe(note.text))
        self._status()

    def action_copy(self) -> None:
        self.app.copy_to_clipboard(self.note_text())
        self.notify("Copied the note to the clipboard.", title="Thank-you note")

    @work(exclusive=True, group="note-save", exit_on_error=False, name="saving the note")
    async def action_save(self) -> None:
        from app.tui.debrief_services import save_note

        path = await asyncio.to_thread(save_note, self.services, self.session_id, self.note_text())
        self.notify(f"Saved to {path}", title="Thank-you note", markup=False)
