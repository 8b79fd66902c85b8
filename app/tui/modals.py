"""Small modal dialogs: confirm, the recommended-session preview, and a full-text viewer."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Static, TextArea

from app.tui.present import safe
from app.tui.text import plain


class ConfirmScreen(ModalScreen[bool]):
    """Yes/no for actions that cannot be undone (end a round, leave an interview)."""

    CSS_PATH = "modals.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Yes", id="confirm.yes", tooltip="Confirm"),
        Binding("n,escape", "answer(False)", "No", id="confirm.no", tooltip="Cancel"),
    ]

    def __init__(self, question: str, *, yes: str = "Yes", no: str = "No") -> None:
        super().__init__()
        self.question = question
        self.yes = yes
        self.no = no

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(plain(self.question), classes="question")
            with Horizontal(classes="buttons"):
                yield Button(f"{self.yes} (y)", id="yes", variant="primary")
                yield Button(f"{self.no} (n)", id="no")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, value: bool) -> None:
        self.dismiss(value)


class RecommendScreen(ModalScreen[bool]):
    """The practice planner's suggestion and its reasons, before starting it."""

    CSS_PATH = "modals.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "enter,s",
            "answer(True)",
            "Start",
            id="recommend.start",
            tooltip="Start the recommended session",
        ),
        Binding(
            "escape",
            "answer(False)",
            "Cancel",
            id="recommend.cancel",
            tooltip="Back to the home screen",
        ),
    ]

    def __init__(self, summary: str, reasons: list[str]) -> None:
        super().__init__()
        self.summary = summary
        self.reasons = reasons

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Static("Recommended session", classes="title")
            yield Static(plain(self.summary), classes="question")
            with VerticalScroll(classes="reasons"):
                for reason in self.reasons or ["(no reasons given)"]:
                    yield Static(plain(f"• {reason}"))
            with Horizontal(classes="buttons"):
                yield Button("Start (s)", id="yes", variant="primary")
                yield Button("Cancel (esc)", id="no")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, value: bool) -> None:
        self.dismiss(value)


class FullTextScreen(ModalScreen[None]):
    """A very long answer in a read-only TextArea, which only renders the visible lines."""

    CSS_PATH = "modals.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close", id="fulltext.close", tooltip="Back to the review"),
    ]

    def __init__(self, title: str, text: str) -> None:
        super().__init__()
        self.title_text = title
        self.text = text

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog full"):
            yield Static(plain(self.title_text), classes="title")
            viewer = TextArea(
                safe(self.text),
                read_only=True,
                soft_wrap=False,
                id="full-text",
                show_line_numbers=True,
            )
            yield viewer
            yield Static("Esc closes", classes="hint")

    def action_close(self) -> None:
        self.dismiss(None)
