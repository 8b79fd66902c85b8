"""The Profile screen: load, view and replace a profile; it says where the document goes; and a
deep-dive round started from the home screen quotes the candidate's own claim."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, Static

from app.config import Settings
from app.domain.enums import Role, RoundKind
from app.engine.clock import FakeClock
from app.tui.app import MockloopApp
from tests.conftest import DATA, ROOT
from tests.tui.conftest import (
    screen_text,
    session_ids,
    settle,
    start_round,
    tui_repo_turns,
    wait_until,
)

RESUME = DATA / "profiles" / "11-resume-with-stories.md"


def _app(tmp_path: Path, clock: FakeClock, **settings: object) -> MockloopApp:
    s = Settings(
        data_dir=tmp_path / "data",
        bank_dir=ROOT / "question_bank",
        rubrics_dir=ROOT / "rubrics",
        offline=True,
        **settings,  # type: ignore[arg-type]
    )
    return MockloopApp(s, clock=clock, cursor_blink=False, seed=7, new_session_id=session_ids())


def _view(tui: MockloopApp) -> str:
    return str(tui.screen.query_one("#profile-view", Static).render())


async def test_load_view_and_replace(tmp_path: Path) -> None:
    tui = _app(tmp_path, FakeClock())
    async with tui.run_test(size=(110, 40)) as pilot:
        await tui.get_services()
        await pilot.press("p")
        await wait_until(pilot, lambda: type(tui.screen).__name__ == "ProfileScreen")
        await wait_until(pilot, lambda: "No profile yet" in _view(tui))
        privacy = str(tui.screen.query_one("#profile-privacy", Static).render())
        assert privacy.startswith("Offline: your profile stays") and "never sent" in privacy
        tui.screen.query_one("#profile-path", Input).value = str(tmp_path / "missing.md")
        await pilot.press("enter")
        status = tui.screen.query_one("#profile-status", Static)
        await wait_until(pilot, lambda: "Not loaded:" in str(status.render()))
        assert "cannot read the file" in str(status.render())
        tui.screen.query_one("#profile-path", Input).value = str(RESUME)
        await pilot.press("enter")
        await wait_until(pilot, lambda: "Deep dive would ask about" in _view(tui))
        assert "Loaded: 11-resume-with-stories.md is revision 1" in str(status.render())
        view = _view(tui)
        assert "“late-delivery promises fell 23% against the previous quarter” (line 7)" in view
        assert "Arguing for a holdout [pushing back]: told 0x" in view
        tui.screen.query_one("#profile-path", Input).value = str(DATA / "profiles" / "12-traps.txt")
        await pilot.press("enter")
        await wait_until(
            pilot, lambda: "Replaced: 12-traps.txt is revision 2" in str(status.render())
        )
        await wait_until(pilot, lambda: "Zero-result searches" in _view(tui))
        await pilot.press("escape")
        await wait_until(pilot, lambda: type(tui.screen).__name__ == "HomeScreen")


async def test_llm_mode_says_the_document_is_sent(tmp_path: Path) -> None:
    tui = _app(tmp_path, FakeClock(), openai_base_url="http://127.0.0.1:9/v1")
    tui.settings = tui.settings.model_copy(update={"offline": False})
    async with tui.run_test(size=(110, 40)) as pilot:
        await tui.get_services()
        await pilot.press("p")
        await wait_until(pilot, lambda: type(tui.screen).__name__ == "ProfileScreen")
        privacy = str(tui.screen.query_one("#profile-privacy", Static).render())
        assert privacy.startswith("LLM mode:") and "http://127.0.0.1:9/v1" in privacy


async def test_a_deep_dive_round_from_the_home_screen_quotes_a_claim(tmp_path: Path) -> None:
    tui = _app(tmp_path, FakeClock())
    async with tui.run_test(size=(110, 40)) as pilot:
        services = await tui.get_services()
        from app.profile.service import set_from_path

        await set_from_path(RESUME, services.settings, services.repo, None)
        await start_round(pilot, "round-deep_dive", "length-20")
        await settle(pilot)
        assert tui.sessions and tui.sessions[0].plan.rounds[0].kind is RoundKind.DEEP_DIVE
        turns = tui_repo_turns(tui, tui.sessions[0].id)
        asked = [t.text for t in turns if t.role is Role.INTERVIEWER and t.question_id]
        assert asked and "You wrote “late-delivery promises fell 23%" in asked[0]
        assert "late-delivery" in screen_text(tui)


async def test_deep_dive_without_a_profile_points_to_the_profile_screen(tmp_path: Path) -> None:
    tui = _app(tmp_path, FakeClock())
    async with tui.run_test(size=(110, 40)) as pilot:
        await tui.get_services()
        from tests.tui.conftest import choose

        await choose(pilot, "round-deep_dive")
        await pilot.press("s")
        await wait_until(pilot, lambda: any("Press p for the Profile screen" in str(n.message)
                                            for n in tui._notifications))  # fmt: skip
        assert type(tui.screen).__name__ == "HomeScreen"
