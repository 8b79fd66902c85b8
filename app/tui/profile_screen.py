"""Profile: load, view and replace the resume or notes the deep-dive round asks about.

The screen says first where the document goes: in offline mode it stays in this data
directory's database; in LLM mode its text is sent to the configured endpoint for claim
extraction and quoted in deep-dive prompts. Loading runs in a worker (an LLM call can take
seconds), and every line shown is the candidate's data, displayed without markup.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Footer, Header, Input, Static

from app.tui.base import BaseScreen

if TYPE_CHECKING:
    from app.config import Settings
    from app.domain.profile import Profile, StoryTelling
    from app.tui.services import Services

NONE_YET = (
    "No profile yet. Give the path of your resume, cover letter or project notes (plain text, "
    "Markdown or PDF) and press Enter. Add a '## Stories' section with '### Title [category]' "
    "stories for the behavioral story bank."
)


class ProfileScreen(BaseScreen[None]):
    """Pushed from the home screen (p); escape goes back."""

    CSS_PATH = "profile.tcss"
    AUTO_FOCUS = "#profile-path"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="profile.back", tooltip="Back to the home screen"),
    ]

    def __init__(self, services: Services, *, offline: bool = False) -> None:
        super().__init__()
        self.services = services
        self.offline = offline
        self.profile: Profile | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="profile-body"):
            yield Static("", id="profile-privacy", markup=False)
            yield Static("Load or replace (path to a .txt, .md or .pdf file):", classes="hint")
            with Horizontal(id="profile-load"):
                yield Input(placeholder="~/resume.md", id="profile-path")
                yield Button("Load (Enter)", id="profile-load-button", variant="primary")
            yield Static("", id="profile-status", markup=False)
            yield Static("Loading your profile…", id="profile-view", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#profile-privacy", Static).update(self._privacy())
        self.refresh_view()

    def _settings(self) -> Settings:
        from app.tui.services import effective_settings

        return effective_settings(self.services.settings, self.offline)

    def _privacy(self) -> str:
        from app.profile.service import privacy_note

        return privacy_note(self._settings())

    def action_back(self) -> None:
        self.app.pop_screen()

    @work(exclusive=True, group="profile", exit_on_error=False, name="reading your profile")
    async def refresh_view(self) -> None:
        repo = self.services.repo
        profile, tellings = await asyncio.to_thread(lambda: (repo.profile(), repo.story_tellings()))
        self.show(profile, tellings)

    def show(self, profile: Profile | None, tellings: list[StoryTelling]) -> None:
        from app.profile.view import claim_lines, header_line, story_lines, summary_lines

        self.profile = profile
        view = self.query_one("#profile-view", Static)
        if profile is None:
            view.update(NONE_YET)
            return
        lines = [header_line(profile), *summary_lines(profile), *claim_lines(profile)]
        view.update("\n".join([*lines, *story_lines(profile, tellings)]))

    @on(Input.Submitted, "#profile-path")
    @on(Button.Pressed, "#profile-load-button")
    def load_pressed(self) -> None:
        raw = self.query_one("#profile-path", Input).value.strip()
        if not raw:
            self.query_one("#profile-status", Static).update("Type a file path first.")
            return
        self.load(Path(raw).expanduser())

    @work(exclusive=True, group="profile", exit_on_error=False, name="loading your profile")
    async def load(self, path: Path) -> None:
        from app.profile.errors import ProfileError
        from app.profile.service import set_from_path

        settings = self._settings()
        status = self.query_one("#profile-status", Static)
        client = None
        if settings.llm_configured:
            from app.wiring import llm_client_for

            client = llm_client_for(settings, self.services.repo)
            status.update(f"Sending {path.name} to the LLM to extract claims…")
        else:
            status.update(f"Reading {path.name}…")
        try:
            built = await set_from_path(path, settings, self.services.repo, client)
        except ProfileError as exc:
            status.update(f"Not loaded: {exc}")
            return
        notes = " ".join(built.notes)
        replaced = "Replaced" if built.profile.revision > 1 else "Loaded"
        status.update(
            f"{replaced}: {path.name} is revision {built.profile.revision}. {notes}".strip()
        )
        self.query_one("#profile-path", Input).value = ""
        self.refresh_view()
