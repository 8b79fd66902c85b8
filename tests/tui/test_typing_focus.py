"""Keys are never lost to focus: Tab moved focus from the answer box to the transcript, and
what the user typed next went nowhere. Typing while paused says why nothing appears."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.pilot import Pilot
from textual.widgets import TextArea

from app.tui.app import MockloopApp
from app.tui.interview_screen import InterviewScreen
from app.tui.interview_status import PAUSED_NOTE
from tests.tui.conftest import settle, start_round


async def _answer_box(pilot: Pilot[Any], app: MockloopApp) -> TextArea:
    """A fundamentals round started from home; its answer box."""
    await start_round(pilot, "round-fundamentals", "length-10")
    screen = app.screen
    assert isinstance(screen, InterviewScreen)
    return screen.query_one("#answer", TextArea)


async def test_typing_after_tab_lands_in_the_answer_box(
    make_app: Callable[..., MockloopApp],
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        box = await _answer_box(pilot, app)
        await pilot.press(*"Soft", "tab")
        await settle(pilot)
        assert app.focused is not box  # Tab moved focus, as it should
        await pilot.press(*"max turns logits")
        await settle(pilot)
        assert app.focused is box
        assert box.text == "Softmax turns logits"


async def test_typing_while_paused_explains_itself_and_adds_nothing(
    make_app: Callable[..., MockloopApp],
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        box = await _answer_box(pilot, app)
        await pilot.press("ctrl+t", "tab")
        await pilot.press(*"hello")
        await settle(pilot)
        assert box.text == ""
        notes = [n.message for n in app._notifications]
        assert notes.count(PAUSED_NOTE) == 1  # once, not once per key
        await pilot.press("ctrl+t", *"ok")
        await settle(pilot)
        assert box.text == "ok"
