"""Home (recent sessions, recommended session, progress), the review list and export."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual.content import Content
from textual.widgets import DataTable, Static, TextArea

from app.config import Settings
from app.domain.enums import RoundKind, TargetLevel
from app.engine.clock import FakeClock
from app.store.repository import Repository
from app.tui.app import MockloopApp
from app.tui.home_screen import HomeScreen
from app.tui.interview_screen import InterviewScreen
from app.tui.modals import RecommendScreen
from app.tui.progress_screen import ProgressScreen
from app.tui.review_screen import AssessmentCard, ReviewListScreen, SessionReviewScreen
from tests.tui.conftest import FUND_QUESTIONS, screen_text, settle, start_round, wait_until


async def finish_a_fundamentals_round(pilot: Any, clock: FakeClock) -> InterviewScreen:
    await start_round(pilot, "round-fundamentals", "length-10")
    screen = pilot.app.screen
    assert isinstance(screen, InterviewScreen)
    clock.advance(90)
    screen.query_one("#answer", TextArea).insert(
        "Dividing by sqrt(d_k) keeps the dot products at unit variance, so softmax does not "
        "saturate and gradients stay useful; without it large d_k gives near one-hot attention."
    )
    await pilot.press("ctrl+s")
    await settle(pilot)
    await pilot.press("ctrl+g", "y")
    await settle(pilot)
    await wait_until(pilot, lambda: screen.session_done)
    return screen


async def test_home_lists_recent_sessions_with_levels_and_review_exports_them(
    make_app: Callable[..., MockloopApp], clock: FakeClock, tui_settings: Settings
) -> None:
    tui = make_app()
    async with tui.run_test(size=(110, 32)) as pilot:
        await tui.get_services()
        await settle(pilot)
        assert "No sessions yet" in screen_text(tui)
        await finish_a_fundamentals_round(pilot, clock)
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(tui.screen, HomeScreen))
        await settle(pilot)
        table = tui.screen.query_one("#recent", DataTable)
        assert table.row_count == 1
        row = table.get_row_at(0)
        assert row[1] == "ML fundamentals" and row[2].startswith("est. ") and row[3] == "finished"

        await pilot.press("v")
        await wait_until(pilot, lambda: isinstance(tui.screen, ReviewListScreen))
        await settle(pilot)
        text = screen_text(tui)
        assert "scripted · heuristic" in text and "offline" in text
        await pilot.press("m", "j")
        await settle(pilot)
        exports = sorted((tui_settings.data_dir / "exports").iterdir())
        assert [p.suffix for p in exports] == [".json", ".md"]
        md = exports[1].read_text(encoding="utf-8")
        assert md.startswith("# mockloop session") and "offline estimate" in md
        assert json.loads(exports[0].read_text(encoding="utf-8"))["mode"] == "offline"

        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(tui.screen, SessionReviewScreen))
        await settle(pilot)
        review = tui.screen
        card = review.query_one(AssessmentCard)
        assert card.assessment.question_id == FUND_QUESTIONS[0]
        card_text = " ".join(str(s.render()) for s in card.query(Static))
        assert "offline estimate" in card_text
        if card.assessment.to_strong_hire:
            assert "What a strong-hire answer would add" in card_text
        assert card.query("Collapsible"), "the model answer outline is offered"
        summary = str(review.query_one("#summary", Static).render())
        assert "· offline estimate" in summary and "· offline ·" in summary


async def test_review_highlights_the_judges_evidence_in_the_answer(
    make_app: Callable[..., MockloopApp], clock: FakeClock
) -> None:
    tui = make_app()
    async with tui.run_test(size=(110, 32)) as pilot:
        screen = await finish_a_fundamentals_round(pilot, clock)
        await pilot.press("v")
        await wait_until(pilot, lambda: isinstance(tui.screen, SessionReviewScreen))
        await settle(pilot)
        card = tui.screen.query_one(AssessmentCard)
        quotes = [ev for c in card.assessment.criteria for ev in c.evidence]
        assert quotes, "the offline judge quotes the matched sentences"
        from app.tui.widgets import CandidateTurn

        answer = tui.screen.query_one(CandidateTurn)
        body = answer.query_one(".turn-body", Static)
        content = body.visual
        assert isinstance(content, Content)
        styled = [content.plain[s.start : s.end] for s in content.spans]
        assert any(q.strip() in styled for q in quotes)
        assert screen.overall is not None


async def test_recommended_session_shows_reasons_then_starts_the_plan(
    make_app: Callable[..., MockloopApp],
) -> None:
    tui = make_app()
    async with tui.run_test(size=(100, 30)) as pilot:
        await tui.get_services()
        await pilot.press("r")
        await wait_until(pilot, lambda: isinstance(tui.screen, RecommendScreen))
        await pilot.pause()
        text = screen_text(tui)
        # a new user gets the diagnostic sweep, and every question says why it was chosen
        assert "Fundamentals" in text or "ML fundamentals" in text
        assert "diagnostic" in text.lower()
        await pilot.press("s")
        await wait_until(pilot, lambda: isinstance(tui.screen, InterviewScreen))
        await settle(pilot)
        screen = tui.screen
        assert isinstance(screen, InterviewScreen)
        planned = screen.plan.rounds[0].question_ids
        assert planned and all(q in text for q in planned)


async def test_progress_key_opens_the_progress_screen(
    make_app: Callable[..., MockloopApp],
) -> None:
    tui = make_app()
    async with tui.run_test(size=(100, 30)) as pilot:
        await tui.get_services()
        await pilot.press("g")
        await wait_until(pilot, lambda: isinstance(tui.screen, ProgressScreen))
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(tui.screen, HomeScreen))


async def test_resume_is_offered_only_for_an_unfinished_session(
    make_app: Callable[..., MockloopApp], clock: FakeClock
) -> None:
    tui = make_app()
    async with tui.run_test(size=(100, 30)) as pilot:
        await tui.get_services()
        await settle(pilot)
        home = tui.screen
        assert home.check_action("resume", ()) is False
        assert "Resume" not in screen_text(tui)
        await start_round(pilot, "round-behavioral", "length-10")
        await pilot.press("escape", "y")
        await wait_until(pilot, lambda: isinstance(tui.screen, HomeScreen))
        await settle(pilot)
        assert home.check_action("resume", ()) is True
        assert "u Resume" in screen_text(tui)


def test_the_ready_file_records_paint_usable_and_services_then_exits(
    tui_settings: Settings, tmp_path: Path
) -> None:
    ready = tmp_path / "ready"
    tui = MockloopApp(tui_settings, ready_file=ready)
    assert tui.run(headless=True, size=(100, 30)) == 0
    marks = dict(line.split() for line in ready.read_text().splitlines())
    assert set(marks) == {"paint", "usable", "services"}
    assert 0 < float(marks["paint"]) <= float(marks["usable"])


async def test_choice_rows_change_with_arrows_and_clicks_and_skip_disabled_options(
    make_app: Callable[..., MockloopApp],
) -> None:
    from app.tui.choice import ChoiceRow

    tui = make_app()
    # six round options need about 112 columns; narrower, the row clips its last option
    async with tui.run_test(size=(120, 30)) as pilot:
        home = tui.screen
        assert isinstance(home, HomeScreen)
        round_row = home.query_one("#round", ChoiceRow)
        assert round_row.has_focus and round_row.value == "fundamentals"
        await pilot.press("left")
        assert round_row.value == "loop"  # wraps around
        await pilot.press("tab", "tab", "tab", "right")
        mode_row = home.query_one("#mode", ChoiceRow)
        assert mode_row.has_focus and mode_row.value == "offline"  # LLM is not configured
        await pilot.click("#length", offset=(30, 0))
        assert home.query_one("#length", ChoiceRow).value == "20"
        request = home.request()
        assert request.rounds == (
            RoundKind.FUNDAMENTALS,
            RoundKind.SYSTEM_DESIGN,
            RoundKind.BEHAVIORAL,
        )
        assert request.minutes == 20 and request.offline and request.level is TargetLevel.SENIOR
        assert "◉ Full loop (3 rounds)" in screen_text(tui)


async def test_resuming_a_session_whose_question_left_the_bank_is_a_notification(
    make_app: Callable[..., MockloopApp], clock: FakeClock
) -> None:
    from sqlmodel import Session

    from app.store.tables import SessionRow

    tui = make_app()
    async with tui.run_test(size=(100, 30)) as pilot:
        await start_round(pilot, "round-fundamentals", "length-10")
        screen = tui.screen
        assert isinstance(screen, InterviewScreen)
        await pilot.press("escape", "y")
        await wait_until(pilot, lambda: isinstance(tui.screen, HomeScreen))
        services = await tui.get_services()
        with Session(services.repo.engine) as s:
            row = s.get(SessionRow, screen.session_id)
            assert row is not None
            row.plan_json = row.plan_json.replace(FUND_QUESTIONS[0], "retired-question")
            s.add(row)
            s.commit()
        await settle(pilot)
        await pilot.press("u")
        await settle(pilot)
        assert isinstance(tui.screen, HomeScreen)
        assert any("retired-question" in n.message for n in tui._notifications)


async def test_a_narrow_round_row_breaks_between_options_and_clicks_reach_the_second_line(
    make_app: Callable[..., MockloopApp],
) -> None:
    from app.tui.choice import ChoiceRow

    tui = make_app()
    async with tui.run_test(size=(80, 24)) as pilot:
        home = tui.screen
        assert isinstance(home, HomeScreen)
        lines = screen_text(tui).splitlines()
        assert any("○ Full loop (3 rounds)" in line for line in lines)  # one label, one line
        assert not any(line.rstrip().endswith("○ Full") for line in lines)
        round_row = home.query_one("#round", ChoiceRow)
        second = [s for s in round_row._spans if s[0] == 1]
        assert second, "the row wrapped onto a second line"
        line, start, _end, key = second[-1]
        await pilot.click("#round", offset=(start + 2, line))
        assert round_row.value == key == "loop"


def test_an_offline_score_is_marked_as_an_estimate_before_its_number(repo: Repository) -> None:
    """A narrow column cuts the end of the cell: the mark comes first so it is never cut."""
    from app.domain.enums import Mode, RoundKind
    from app.domain.transcript import RoundPlan, SessionPlan
    from app.tui.services import session_list

    plan = SessionPlan(
        rounds=[RoundPlan(kind=RoundKind.BEHAVIORAL, minutes=45, question_ids=["bh-1"])]
    )
    for sid, mode in (("0ff1", Mode.OFFLINE), ("11a1", Mode.LLM)):
        repo.create_session(sid, plan, mode=mode, interviewer_model=None, judge_model=None)
        repo.finish_session(sid, 60.0, 3.8)
    levels = {item.id: item.level for item in session_list(repo)}
    assert levels["0ff1"].startswith("est. 3.80") and not levels["11a1"].startswith("est.")


async def test_an_export_the_disk_refuses_is_told_in_words_and_the_app_goes_on(
    make_app: Callable[..., MockloopApp], clock: FakeClock, tui_settings: Settings
) -> None:
    """`exports` being a file gave a raw "[Errno 17] File exists: ..." notification."""
    tui_settings.data_dir.mkdir(parents=True, exist_ok=True)
    (tui_settings.data_dir / "exports").write_text("not a folder", encoding="utf-8")
    tui = make_app()
    async with tui.run_test(size=(110, 32)) as pilot:
        await tui.get_services()
        await settle(pilot)
        await finish_a_fundamentals_round(pilot, clock)
        await _to_review_list(pilot, tui)
        await pilot.press("m")
        await wait_until(pilot, lambda: bool(_refusals(tui)))
        (note,) = _refusals(tui)
        assert str(tui_settings.data_dir / "exports") in note and "Errno" not in note
        assert isinstance(tui.screen, ReviewListScreen)


async def _to_review_list(pilot: Any, tui: MockloopApp) -> None:
    """From a finished round: home, then the review list."""
    await pilot.press("escape")
    await wait_until(pilot, lambda: isinstance(tui.screen, HomeScreen))
    await pilot.press("v")
    await wait_until(pilot, lambda: isinstance(tui.screen, ReviewListScreen))
    await settle(pilot)


def _refusals(tui: MockloopApp) -> list[str]:
    return [n.message for n in tui._notifications if "Cannot write" in n.message]


async def test_an_export_never_writes_through_a_link_planted_in_exports(
    make_app: Callable[..., MockloopApp], clock: FakeClock, tui_settings: Settings
) -> None:
    """`exports/mockloop-<id>.json -> ../mockloop.db` made the review's export overwrite the
    database (`export -o` refused it; the terminal UI wrote through it)."""
    tui = make_app()
    async with tui.run_test(size=(110, 32)) as pilot:
        await tui.get_services()
        await settle(pilot)
        await finish_a_fundamentals_round(pilot, clock)
        screen = tui.screen
        assert isinstance(screen, InterviewScreen)
        db = tui_settings.data_dir / "mockloop.db"
        before = db.read_bytes()[:16]
        exports = tui_settings.data_dir / "exports"
        exports.mkdir(parents=True, exist_ok=True)
        planted = exports / f"mockloop-{screen.session_id[:8]}.json"
        planted.symlink_to(db)
        await _to_review_list(pilot, tui)
        await pilot.press("j")
        await wait_until(pilot, lambda: not planted.is_symlink())
        assert db.read_bytes()[:16] == before == b"SQLite format 3\x00"
        assert json.loads(planted.read_text(encoding="utf-8"))["mode"] == "offline"
