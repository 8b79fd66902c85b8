"""The home screen while the store is still loading: the list is there at once through the thin
sqlite3 path, and keys pressed before the full store is open are kept, never dropped.

The loader is the real `load_services`, held back behind an Event so the test controls how long
"loading" lasts (no sleeps, no timing)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.widgets import DataTable

from app.config import Settings
from app.domain.enums import Mode, RoundKind
from app.domain.transcript import RoundPlan, SessionPlan
from app.settings_quick import quick_settings
from app.store.db import make_engine
from app.store.repository import Repository
from app.tui.app import MockloopApp, ServicesLoader
from app.tui.home_screen import HomeScreen
from app.tui.interview_screen import InterviewScreen
from app.tui.services import Services, load_services
from tests.tui.conftest import FUND_QUESTIONS, wait_until


def held_loader(gate: threading.Event) -> ServicesLoader:
    def load(settings: Settings, repo: Repository | None) -> Services:
        assert gate.wait(20), "the test never released the loader"
        return load_services(settings, repo)

    return load


def seed(settings: Settings, *, active: bool) -> Repository:
    repo = Repository(make_engine(settings.resolved_database_url))
    plan = SessionPlan(
        rounds=[
            RoundPlan(kind=RoundKind.FUNDAMENTALS, minutes=10, question_ids=[FUND_QUESTIONS[0]])
        ],
        target_level="senior",
    )
    repo.create_session(
        "0ld5e55" + "0" * 25, plan, mode=Mode.OFFLINE, interviewer_model=None, judge_model=None
    )
    if not active:
        repo.finish_session("0ld5e55" + "0" * 25, 60.0, 3.0)
    return repo


async def test_the_list_is_in_before_the_store_opens_and_s_pressed_meanwhile_starts(
    make_app: Callable[..., MockloopApp], tui_settings: Settings
) -> None:
    seed(tui_settings, active=False).engine.dispose()
    gate = threading.Event()
    tui = make_app(services_loader=held_loader(gate))
    async with tui.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        home = tui.screen
        assert isinstance(home, HomeScreen)
        assert tui.services is None  # the store is still loading...
        assert home.query_one("#recent", DataTable).row_count == 1  # ...and the list is in
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(tui.screen, HomeScreen)  # waiting for the store, the key kept
        gate.set()
        await wait_until(pilot, lambda: isinstance(tui.screen, InterviewScreen))


async def test_keys_pressed_before_the_list_is_in_are_queued_in_order(
    make_app: Callable[..., MockloopApp], tui_settings: Settings
) -> None:
    """With an injected repository the thin path is off: the list waits for the store, and a
    `u` pressed meanwhile (when nobody knows yet whether there is a session to resume) still
    resumes the unfinished session once it is known."""
    repo = seed(tui_settings, active=True)
    gate = threading.Event()
    tui = make_app(repo=repo, services_loader=held_loader(gate))
    async with tui.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        home = tui.screen
        assert isinstance(home, HomeScreen)
        assert home.query_one("#recent", DataTable).row_count == 0
        await pilot.press("u")
        await pilot.pause()
        assert isinstance(tui.screen, HomeScreen)
        gate.set()
        await wait_until(pilot, lambda: isinstance(tui.screen, InterviewScreen))
        screen = tui.screen
        assert isinstance(screen, InterviewScreen) and screen.session_id == "0ld5e55" + "0" * 25


async def test_the_thin_path_steps_aside_for_a_database_it_does_not_know(
    make_app: Callable[..., MockloopApp], tui_settings: Settings, tmp_path: Path
) -> None:
    repo = seed(tui_settings, active=False)
    with repo.engine.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO schema_migrations (version, name, applied_at) "
            "VALUES (99, 'from the future', '2030-01-01 00:00:00')"
        )
    repo.engine.dispose()
    tui = make_app()
    async with tui.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        home = tui.screen
        assert isinstance(home, HomeScreen)
        await wait_until(pilot, lambda: tui._services_ready.is_set())
        await pilot.pause()
        # the full path refuses the newer schema, and says so; the thin path did not guess
        assert home.query_one("#recent", DataTable).row_count == 0


async def test_quick_settings_paint_the_list_and_the_full_settings_load_with_the_store(
    tui_settings: Settings, clock: object, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Started from the CLI's quick settings (no pydantic before the first paint), the home
    screen lists the sessions, the loader gets the full Settings for the same data, and `s`
    pressed meanwhile starts the interview."""
    seed(tui_settings, active=False).engine.dispose()
    monkeypatch.setenv("MOCKLOOP_CONFIG_FILE", str(tmp_path / "none.toml"))
    quick = quick_settings(
        offline=True,
        data_dir=str(tui_settings.data_dir),
        bank_dir=str(tui_settings.bank_dir),
        rubrics_dir=str(tui_settings.rubrics_dir),
    )
    assert quick is not None
    gate = threading.Event()
    given: list[Settings] = []

    def load(settings: Settings, repo: Repository | None) -> Services:
        given.append(settings)
        return held_loader(gate)(settings, repo)

    tui = MockloopApp(
        quick,
        clock=clock,  # type: ignore[arg-type]
        cursor_blink=False,
        seed=7,
        question_ids=FUND_QUESTIONS,
        services_loader=load,
    )
    async with tui.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        home = tui.screen
        assert isinstance(home, HomeScreen)
        assert home.query_one("#recent", DataTable).row_count == 1
        await pilot.press("s")
        gate.set()
        await wait_until(pilot, lambda: isinstance(tui.screen, InterviewScreen))
    assert len(given) == 1 and isinstance(given[0], Settings)
    assert given[0].data_dir == tui_settings.data_dir and given[0].offline
    assert given[0].bank_dir == tui_settings.bank_dir
