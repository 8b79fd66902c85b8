"""The first hour in the TUI, as Pilot tests: remembered choices, visible focus, layouts that fit
80x24 and read well at 160x50, an empty box between rounds, one Quit in the palette, keys
remapped from the config file, and an empty review list that says so where one looks."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from textual.color import Color
from textual.widgets import TextArea

from app.config import Settings
from app.domain.enums import RoundKind
from app.engine.clock import FakeClock
from app.session import PartsFactory
from app.tui.app import MockloopApp
from app.tui.choice import ChoiceRow
from app.tui.home_screen import HomeScreen
from app.tui.interview_screen import InterviewScreen
from app.tui.progress_screen import ProgressScreen
from app.tui.remembered import state_path
from app.tui.review_screen import ReviewListScreen
from tests.tui.conftest import (
    FUND_QUESTIONS,
    app_with_config,
    screen_text,
    settle,
    start_round,
    wait_until,
)
from tests.tui.test_snapshots import FUND_ANSWER, SD_ANSWERS, seed_session


def _values(app: MockloopApp) -> dict[str, str]:
    return {row.id or "": row.value for row in app.screen.query(ChoiceRow)}


async def test_choices_are_remembered_between_launches(
    make_app: Callable[..., MockloopApp], tui_settings: Settings
) -> None:
    first = make_app()
    async with first.run_test(size=(100, 30)) as pilot:
        await first.get_services()
        await pilot.press("right", "tab", "right", "tab", "right")  # design, 20 min, staff
        await pilot.pause()
        chosen = _values(first)
    assert chosen == {"round": "system_design", "length": "20", "level": "staff", "mode": "offline"}
    assert state_path(tui_settings.data_dir).is_file()

    again = make_app()
    async with again.run_test(size=(100, 30)) as pilot:
        await again.get_services()
        assert _values(again) == chosen

    # a stale or broken file falls back to the defaults, never an error
    state_path(tui_settings.data_dir).write_text('{"choices": {"round": "gone"', encoding="utf-8")
    broken = make_app()
    async with broken.run_test(size=(100, 30)) as pilot:
        await broken.get_services()
        assert _values(broken)["round"] == "fundamentals"


async def test_focus_is_obvious_and_comes_back_where_it_was(
    make_app: Callable[..., MockloopApp],
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await app.get_services()
        await pilot.press("tab", "tab")
        home = app.screen
        level = home.query_one("#level", ChoiceRow)
        length = home.query_one("#length", ChoiceRow)
        assert app.focused is level
        on, off = level.styles, length.styles
        accent = Color.parse(app.theme_variables["accent"])
        assert on.border_left[0] == "thick" and on.border_left[1].rgb == accent.rgb
        assert off.border_left[0] in ("blank", "")
        assert on.background != off.background and on.background.a > 0
        assert home.query_one("#level-label").has_class("focused-label")
        assert not home.query_one("#length-label").has_class("focused-label")

        await pilot.press("g")
        await wait_until(pilot, lambda: isinstance(app.screen, ProgressScreen))
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, HomeScreen))
        await pilot.pause()
        assert app.focused is level


def test_at_80x24_the_mode_label_and_the_mode_column_are_whole(
    make_app: Callable[..., MockloopApp], tui_settings: Settings, scripted: PartsFactory
) -> None:
    seed_session(
        tui_settings,
        "e5f6a7b8" + "0" * 24,
        RoundKind.FUNDAMENTALS,
        FUND_QUESTIONS[0],
        [FUND_ANSWER],
        finish=True,
        when=datetime(2026, 1, 6, 18, 0, tzinfo=UTC),
        parts=scripted,
    )
    # no key and no --offline: the longest label a new user sees
    app = MockloopApp(
        tui_settings.model_copy(update={"offline": False}), clock=FakeClock(), cursor_blink=False
    )
    assert not app.settings.llm_configured
    asyncio.run(_check_80x24(app))


async def _check_80x24(app: MockloopApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await app.get_services()
        await settle(pilot)
        await pilot.press("tab", "tab", "tab")  # to the mode row, so it is scrolled into view
        await pilot.pause()
        text = screen_text(app)
        assert "Offline (estimated scores)" in text and "LLM · needs OPENAI_API_KEY" in text
        app.screen.query_one("#home-body").scroll_end(animate=False)
        await pilot.pause()
        text = screen_text(app)
        header = next(line for line in text.splitlines() if "Date (UTC)" in line)
        assert "Status" in header and "Mode" in header
        assert "offline" in next(line for line in text.splitlines() if "2026-01-06" in line)


async def test_at_160x50_the_transcript_keeps_a_reading_width(
    make_app: Callable[..., MockloopApp], clock: FakeClock
) -> None:
    app = make_app()
    async with app.run_test(size=(160, 50)) as pilot:
        await start_round(pilot, "round-system_design", "length-10")
        screen = app.screen
        assert isinstance(screen, InterviewScreen)
        for answer in SD_ANSWERS:
            clock.advance(60)
            screen.query_one("#answer", TextArea).insert(answer * 3)
            await pilot.press("ctrl+s")
            await settle(pilot)
        turns = list(screen.query(".turn"))
        assert len(turns) >= 4
        assert all(t.region.width <= 100 for t in turns)
        assert max(t.region.width for t in turns) >= 90  # capped, not squeezed


async def test_text_typed_between_rounds_does_not_carry_into_the_next_round(
    make_app: Callable[..., MockloopApp], clock: FakeClock
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await start_round(pilot, "round-loop", "length-10")
        screen = app.screen
        assert isinstance(screen, InterviewScreen)
        clock.advance(30)
        screen.query_one("#answer", TextArea).insert(FUND_ANSWER)
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("ctrl+g", "y")
        await settle(pilot)
        await wait_until(pilot, lambda: screen.between_rounds())
        editor = screen.query_one("#answer", TextArea)
        editor.insert("notes to self while the round is over")
        await pilot.press("ctrl+n")
        await settle(pilot)
        await wait_until(pilot, lambda: not screen.between_rounds())
        assert editor.text == ""


async def test_the_palette_lists_quit_once(make_app: Callable[..., MockloopApp]) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await app.get_services()
        await pilot.pause()
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert titles.count("Quit") == 1
        assert "Progress" in titles and "Start" in titles


async def test_a_key_remapped_in_the_config_file_works(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, clock: FakeClock
) -> None:
    app = app_with_config(tmp_path, monkeypatch, clock, '[keymap]\n"home.progress" = "p"\n')
    assert app.settings.keymap == {"home.progress": "p"}
    async with app.run_test(size=(100, 30)) as pilot:
        await app.get_services()
        await settle(pilot)
        assert "p Progress" in screen_text(app)  # the footer shows the user's key
        await pilot.press("g")  # the default key no longer opens it
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("p")
        await wait_until(pilot, lambda: isinstance(app.screen, ProgressScreen))


async def test_an_empty_review_list_says_so_under_its_title(
    make_app: Callable[..., MockloopApp],
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await app.get_services()
        await settle(pilot)
        await pilot.press("v")
        await wait_until(pilot, lambda: isinstance(app.screen, ReviewListScreen))
        await settle(pilot)
        note = app.screen.query_one("#no-sessions")
        assert note.display and note.region.y <= 4
        assert "No sessions yet." in screen_text(app)
