"""Pilot tests for the coding screen: real sandbox children, a fake clock, a real SQLite file."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from textual.widgets import Static, TextArea

from app.domain.enums import TurnKind
from app.engine.clock import FakeClock
from app.tui.app import MockloopApp
from app.tui.coding_screen import CodingInterviewScreen, code_editor
from app.tui.widgets import CandidateTurn
from tests.coding.helpers import ATTENTION, BUGGY_ATTENTION
from tests.tui.conftest import (
    choose,
    leave_to_home,
    open_round_screen,
    resume_from_home,
    screen_text,
    settle,
    tui_repo_turns,
    wait_until,
)


@pytest.fixture
def coding_app(real_bank_app: Callable[[str, str], MockloopApp]) -> Callable[[], MockloopApp]:
    return lambda: real_bank_app(ATTENTION, "c0de")


def _screen(app: MockloopApp) -> CodingInterviewScreen:
    assert isinstance(app.screen, CodingInterviewScreen)
    return app.screen


def _results(app: MockloopApp) -> str:
    return str(_screen(app).query_one("#results", Static).render())


async def _start(pilot, app: MockloopApp) -> CodingInterviewScreen:  # type: ignore[no-untyped-def]
    return await open_round_screen(pilot, app, "round-coding", CodingInterviewScreen)


async def test_run_shows_the_failing_test_names(
    coding_app: Callable[[], MockloopApp], clock: FakeClock
) -> None:
    app = coding_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _start(pilot, app)
        editor = screen.query_one("#code", TextArea)
        assert "raise NotImplementedError" in editor.text  # the starter
        clock.advance(200)
        editor.load_text(BUGGY_ATTENTION)
        await pilot.press("ctrl+r")
        await wait_until(pilot, lambda: "passed" in _results(app), timeout_s=30)
        await settle(pilot)
        results = _results(app)
        assert "2/3 passed" in results and "✗ test_causal_mask_batched" in results
        assert "test_causal_mask_batched" in screen_text(app)  # the interviewer names it too
        assert len(screen.query(CandidateTurn)) == 1  # each event is shown once
        kinds = [t.kind for t in tui_repo_turns(app, screen.session_id)]
        assert kinds.count(TurnKind.QUESTION) == 1 and kinds.count(TurnKind.CODE_RUN) == 1


async def test_submit_stores_a_turn_and_resume_restores_the_editor(
    coding_app: Callable[[], MockloopApp], clock: FakeClock
) -> None:
    app = coding_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _start(pilot, app)
        clock.advance(200)
        code = BUGGY_ATTENTION + "\n# I still need the mask\n"
        screen.query_one("#code", TextArea).load_text(code)
        await pilot.press("ctrl+o")
        await wait_until(pilot, lambda: "hidden tests" in _results(app), timeout_s=30)
        await settle(pilot)
        turns = tui_repo_turns(app, screen.session_id)
        submits = [t for t in turns if t.kind is TurnKind.CODE_SUBMIT]
        assert len(submits) == 1 and submits[0].text == code and submits[0].run is not None
        assert not submits[0].run.all_passed
        unsaved = code + "# an edit after the submit: kept, but not a turn\n"
        screen.query_one("#code", TextArea).load_text(unsaved)
        assert screen.query_one("#answer", TextArea).has_focus  # the round talks first
        await leave_to_home(pilot, app)
        resumed = await resume_from_home(pilot, app, CodingInterviewScreen)
        assert resumed.query_one("#code", TextArea).text == unsaved
        assert "hidden tests" in _results(app)
        texts = [t.text for t in tui_repo_turns(app, screen.session_id)]
        assert code in texts and unsaved not in texts


def test_the_editor_highlights_python_when_tree_sitter_is_there() -> None:
    editor = code_editor()
    have = "python" in editor.available_languages
    assert editor.language == ("python" if have else None)


async def test_a_ten_minute_coding_round_is_fitted_to_fifteen_and_says_so(
    coding_app: Callable[[], MockloopApp],
) -> None:
    app = coding_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await app.get_services()
        await choose(pilot, "round-coding", "length-10")
        await pilot.press("s")
        await wait_until(pilot, lambda: isinstance(app.screen, CodingInterviewScreen))
        await settle(pilot)
        assert [r.minutes for r in _screen(app).plan.rounds] == [15]
        notes = [n.message for n in app._notifications]
        assert any("at least 15 minutes" in n for n in notes), notes
        assert not any("--minutes" in n for n in notes)
