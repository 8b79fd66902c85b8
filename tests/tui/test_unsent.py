"""Unsent text survives leaving, quitting and a crash: Pilot over a real SQLite file and the real
unsent-draft files under the data directory."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.widgets import TextArea

from app.domain.enums import Role
from app.domain.unsent import UnsentDraft
from app.engine.clock import FakeClock
from app.store.unsent import UnsentDrafts
from app.tui.app import MockloopApp
from app.tui.interview_screen import InterviewScreen
from tests.tui.conftest import (
    leave_to_home,
    resume_from_home,
    settle,
    start_round,
    tui_repo_turns,
    wait_until,
)

UNSENT = "Half an answer: the temperature divides the logits before"


def _screen(app: MockloopApp) -> InterviewScreen:
    assert isinstance(app.screen, InterviewScreen)
    return app.screen


def _drafts(app: MockloopApp) -> UnsentDrafts:
    return UnsentDrafts(app.settings.data_dir)


async def _leave_and_resume(pilot, app: MockloopApp) -> InterviewScreen:  # type: ignore[no-untyped-def]
    await leave_to_home(pilot, app)
    return await resume_from_home(pilot, app, InterviewScreen)


async def _typed_and_ticked(pilot, app: MockloopApp, text: str) -> InterviewScreen:  # type: ignore[no-untyped-def]
    """A 10-minute fundamentals round with `text` in the answer box and one clock tick since."""
    await start_round(pilot, "round-fundamentals", "length-10")
    screen = _screen(app)
    assert _drafts(app).load(screen.session_id) is None  # nothing typed, nothing kept
    screen.query_one("#answer", TextArea).insert(text)
    await screen.tick_now()  # the one-second clock tick, before any leave or quit
    return screen


async def test_an_unsent_answer_comes_back_after_leaving_and_is_never_a_turn(
    make_app: Callable[..., MockloopApp], clock: FakeClock
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await start_round(pilot, "round-fundamentals", "length-10")
        clock.advance(40)
        await pilot.press(*UNSENT)  # typed, as a user does, and never sent
        screen = await _leave_and_resume(pilot, app)
        assert screen.query_one("#answer", TextArea).text == UNSENT
        await pilot.press("space", "x")  # typing goes on where it stopped
        assert screen.query_one("#answer", TextArea).text == UNSENT + " x"
        assert any("Restored what you had typed" in n.message for n in app._notifications)
        said = [t.text for t in tui_repo_turns(app, screen.session_id) if t.role is Role.CANDIDATE]
        assert said == []


async def test_the_draft_is_on_disk_within_a_tick_so_a_crash_keeps_it(
    make_app: Callable[..., MockloopApp], clock: FakeClock
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _typed_and_ticked(pilot, app, UNSENT)
        kept = _drafts(app).load(screen.session_id)
        view = screen.view()
        assert view is not None and view.question is not None
        assert kept == UnsentDraft(
            round_index=0, question_id=view.question.question_id, answer=UNSENT
        )
        screen.query_one("#answer", TextArea).clear()
        await screen.tick_now()
        assert _drafts(app).load(screen.session_id) is None  # an emptied box removes it


async def test_an_answer_already_sent_is_not_offered_back(
    make_app: Callable[..., MockloopApp], clock: FakeClock
) -> None:
    """A crash can land after the send and before the next save: the file still holds it."""
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        answer = "Softmax turns logits into probabilities; dividing by T flattens them."
        screen = await _typed_and_ticked(pilot, app, answer)
        on = _drafts(app).load(screen.session_id)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert on is not None
        _drafts(app).save(screen.session_id, on)  # as the crash left it
        screen = await _leave_and_resume(pilot, app)
        assert screen.query_one("#answer", TextArea).text == ""


async def test_the_draft_goes_when_the_session_is_over(
    make_app: Callable[..., MockloopApp], clock: FakeClock
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _typed_and_ticked(pilot, app, UNSENT)
        assert _drafts(app).load(screen.session_id) is not None
        await pilot.press("ctrl+g", "y")  # end the round: the one round, so the session
        await wait_until(pilot, lambda: screen.finished)
        await screen.tick_now()
        assert _drafts(app).load(screen.session_id) is None


def test_a_damaged_draft_file_is_ignored_and_odd_ids_name_no_file(tmp_path: Path) -> None:
    drafts = UnsentDrafts(tmp_path)
    drafts.save("abc123", UnsentDraft(round_index=0, question_id="q", answer="kept"))
    assert drafts.load("abc123") == UnsentDraft(round_index=0, question_id="q", answer="kept")
    (tmp_path / "unsent" / "abc123.json").write_bytes(b"\xff{not json")
    assert drafts.load("abc123") is None
    for odd in ("../escape", "a/b", "", "x" * 65):
        drafts.save(odd, UnsentDraft(round_index=0, question_id="q", answer="never a file"))
        assert drafts.load(odd) is None
    assert sorted(p.name for p in tmp_path.rglob("*") if p.is_file()) == ["abc123.json"]
    drafts.save("abc123", UnsentDraft(round_index=0, question_id="q", answer="  "))
    assert not (tmp_path / "unsent" / "abc123.json").exists()
    surrogate = UnsentDraft(round_index=0, question_id="q", answer="bad byte \udcff kept")
    drafts.save("abc123", surrogate)
    assert drafts.load("abc123") == surrogate
