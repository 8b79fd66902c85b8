"""Pilot test for the debugging screen: the coding screen's editor and conversation with the
curves of the last run; real sandbox children, a fake clock, a real SQLite file."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from textual.widgets import Static, TextArea

from app.bank.debugging import load_debugging_bank
from app.domain.enums import TurnKind
from app.engine.clock import FakeClock
from app.tui.app import MockloopApp
from app.tui.curves import CurvesView
from app.tui.debugging_screen import DebuggingInterviewScreen
from tests.conftest import ROOT
from tests.tui.conftest import open_round_screen, screen_text, settle, tui_repo_turns, wait_until

QID = "debug-logreg-imbalanced"


@pytest.fixture
def debug_app(real_bank_app: Callable[[str, str], MockloopApp]) -> Callable[[], MockloopApp]:
    return lambda: real_bank_app(QID, "deb0")


def _summary(screen: DebuggingInterviewScreen) -> str:
    return str(screen.query_one("#results", Static).render())


async def test_run_plots_the_curves_and_submit_stores_the_checks(
    debug_app: Callable[[], MockloopApp], clock: FakeClock
) -> None:
    problem = load_debugging_bank(ROOT / "question_bank" / "debugging")[QID]
    app = debug_app()
    async with app.run_test(size=(140, 45)) as pilot:
        screen = await open_round_screen(pilot, app, "round-debugging", DebuggingInterviewScreen)
        editor = screen.query_one("#code", TextArea)
        assert editor.text == problem.broken  # the editor opens on the broken script
        assert "The symptom:" in screen_text(app)
        clock.advance(200)
        await pilot.press("ctrl+r")
        await wait_until(pilot, lambda: "Run · train" in _summary(screen), timeout_s=60)
        await settle(pilot)
        curves = screen.query_one("#curves", CurvesView)
        assert any("val_bal_acc" in line for line in curves.lines)
        assert "hidden checks" not in _summary(screen)  # a Run trains only
        editor.load_text(problem.reference)
        await pilot.press("ctrl+o")
        await wait_until(pilot, lambda: "Submit · checks" in _summary(screen), timeout_s=60)
        await settle(pilot)
        assert "reaches" in _summary(screen) and "6/6 pass" in _summary(screen)
        turns = tui_repo_turns(app, screen.session_id)
        kinds = [t.kind for t in turns if t.script is not None]
        assert kinds == [TurnKind.CODE_RUN, TurnKind.CODE_SUBMIT]
        submit = [t for t in turns if t.kind is TurnKind.CODE_SUBMIT][-1]
        assert submit.script is not None and not submit.script.unfixed
