"""The Debrief view and the thank-you draft, reached from a session's review screen."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input, TextArea

from app.config import Settings
from app.domain.enums import RoundKind
from app.domain.labels import level_label
from app.domain.records import StoredSession
from app.engine.clock import FakeClock
from app.judge.overall import session_overall
from app.store.db import make_engine
from app.store.repository import Repository
from app.tui.app import MockloopApp
from app.tui.debrief_screen import DebriefScreen
from app.tui.review_screen import SessionReviewScreen
from app.tui.thank_you_screen import ThankYouScreen
from app.wiring import bank_for
from tests.report.answers import ROUNDS
from tests.report.helpers import play, real_settings
from tests.tui.conftest import screen_text, settle, wait_until

LOOP = (RoundKind.FUNDAMENTALS, RoundKind.SYSTEM_DESIGN, RoundKind.BEHAVIORAL)


@pytest.fixture
def played(tmp_path: Path) -> tuple[Settings, StoredSession]:
    """A scripted loop on disk (played before the app's event loop starts)."""
    settings = real_settings(tmp_path)
    repo = Repository(make_engine(settings.resolved_database_url))
    return settings, play(settings, repo, bank_for(settings), [(k, *ROUNDS[k]) for k in LOOP])


async def test_debrief_and_note_from_the_review_screen(
    played: tuple[Settings, StoredSession], tmp_path: Path
) -> None:
    settings, stored = played
    scores = session_overall(stored.plan, stored.assessments)
    tui = MockloopApp(settings, clock=FakeClock(), cursor_blink=False)
    async with tui.run_test(size=(120, 40)) as pilot:
        services = await tui.get_services()
        await tui.push_screen(SessionReviewScreen(services, stored.summary.id))
        await settle(pilot)
        await pilot.press("d")
        await wait_until(pilot, lambda: isinstance(tui.screen, DebriefScreen))
        screen = tui.screen
        assert isinstance(screen, DebriefScreen)
        await wait_until(pilot, lambda: screen.debrief is not None)
        await settle(pilot)
        senior = screen_text(tui)
        assert "senior bar" in senior
        assert f"Round 1 · ML fundamentals · {level_label(scores.rounds[0].score)}" in senior

        await pilot.press("3")
        await wait_until(pilot, lambda: "staff bar" in screen_text(tui))
        await settle(pilot)
        staff = screen_text(tui)
        assert "Not yet at the staff bar" in staff
        assert staff != senior
        await pilot.press("m")
        await settle(pilot)
        export = tmp_path / "exports" / f"debrief-{stored.summary.id[:8]}-staff.md"
        assert export.read_text(encoding="utf-8").startswith("# Debrief for session")

        await pilot.press("t")
        await wait_until(pilot, lambda: isinstance(tui.screen, ThankYouScreen))
        note = tui.screen
        assert isinstance(note, ThankYouScreen)
        await wait_until(pilot, lambda: note.draft_note is not None)
        area = note.query_one("#note", TextArea)
        assert area.text.startswith("Subject: ")
        assert f'"{note.draft_note.facts.decision}."' in area.text  # type: ignore[union-attr]

        note.query_one("#note-to", Input).value = "Dana"
        await pilot.press("ctrl+r")
        await wait_until(pilot, lambda: "Hi Dana," in area.text)
        area.insert("P.S. ")  # the user's own edit is what gets saved
        await pilot.press("ctrl+s")
        await settle(pilot)
        saved = tmp_path / "drafts" / f"thank-you-{stored.summary.id[:8]}.txt"
        assert saved.read_text(encoding="utf-8") == area.text
        assert "P.S. " in saved.read_text(encoding="utf-8")
        assert "/180 words" in screen_text(tui)
