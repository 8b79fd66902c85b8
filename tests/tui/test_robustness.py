"""Hostile and huge text, worker failures, narrow terminals, themes, the command palette."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from typing import Any, cast

import pytest
from textual.screen import Screen
from textual.widgets import Button, Markdown, TextArea

from app.config import Settings
from app.domain.enums import JudgeKind
from app.domain.interviewing import InterviewerReply, TurnContext
from app.engine.clock import FakeClock
from app.interviewer.base import TokenCallback
from app.interviewer.offline import OfflineInterviewer
from app.tui.app import MockloopApp
from app.tui.home_screen import HomeScreen
from app.tui.interview_screen import InterviewScreen
from app.tui.modals import FullTextScreen
from app.tui.review_screen import SessionReviewScreen
from app.tui.widgets import CandidateTurn, InterviewerTurn
from tests.tui.conftest import (
    FixedJudge,
    parts_of,
    screen_text,
    settle,
    start_round,
    tui_repo_turns,
    wait_until,
)

HOSTILE = "[bold]not bold[/] and [/] stray, \x1b[31mred?\x1b[0m [link=http://x]click[/link]"


class MarkupStreamingInterviewer(OfflineInterviewer):
    """The offline interviewer, streaming hostile text in small pieces before its reply."""

    async def respond(
        self, ctx: TurnContext, on_token: TokenCallback | None = None
    ) -> InterviewerReply:
        reply = self.decide(ctx)
        text = f"{HOSTILE} **really bold** {reply.text}"
        if on_token is not None:
            for i in range(0, len(text), 7):
                await on_token(text[i : i + 7])
        return reply.model_copy(update={"text": text})


class BrokenInterviewer(OfflineInterviewer):
    async def respond(
        self, ctx: TurnContext, on_token: TokenCallback | None = None
    ) -> InterviewerReply:
        if on_token is not None:
            await on_token("Let me think about")
        raise RuntimeError("the interviewer [exploded]")


def interview(app: MockloopApp) -> InterviewScreen:
    assert isinstance(app.screen, InterviewScreen)
    return app.screen


async def test_markup_and_ansi_render_verbatim_from_candidate_and_interviewer(
    make_app: Callable[..., MockloopApp], clock: FakeClock
) -> None:
    tui = make_app(parts=parts_of(MarkupStreamingInterviewer()))
    async with tui.run_test(size=(120, 40)) as pilot:
        await start_round(pilot, "round-fundamentals", "length-10")
        screen = interview(tui)
        clock.advance(20)
        screen.query_one("#answer", TextArea).insert(HOSTILE)
        await pilot.press("ctrl+s")
        await settle(pilot)
        text = screen_text(tui)
        # the candidate's text exactly as typed; escapes visible, not interpreted
        assert "[bold]not bold[/] and [/] stray, \\x1b[31mred?\\x1b[0m" in text
        assert [c.text for c in screen.query(CandidateTurn)] == [HOSTILE]
        # the interviewer's streamed Markdown: rendered, markup-looking text shown literally
        last = list(screen.query(InterviewerTurn))[-1]
        source = last.query_one(Markdown).source
        assert "\\x1b[31m" in source and "\x1b" not in source
        assert "really bold" in text and "**really bold**" not in text
        assert "[bold]not bold[/]" in text


async def test_a_10000_line_answer_is_clipped_live_and_complete_in_review(
    make_app: Callable[..., MockloopApp], clock: FakeClock
) -> None:
    huge = "\n".join(f"line {i}: [b]tokens[/b] \x1b[2J more words" for i in range(10_000))
    tui = make_app()
    async with tui.run_test(size=(100, 30)) as pilot:
        await start_round(pilot, "round-fundamentals", "length-10")
        screen = interview(tui)
        clock.advance(60)
        screen.query_one("#answer", TextArea).load_text(huge)
        await pilot.press("ctrl+s")
        await settle(pilot)
        turn = screen.query_one(CandidateTurn)  # clipped: 40 lines rendered, not 10,000
        assert turn.text == huge and turn.is_clipped
        assert "9,960 more lines not shown" in screen_text(tui)

        await pilot.press("ctrl+g", "y")
        await settle(pilot)
        await wait_until(pilot, lambda: screen.session_done)
        await pilot.press("v")
        await wait_until(pilot, lambda: isinstance(tui.screen, SessionReviewScreen))
        await settle(pilot)
        review = tui.screen
        turn = review.query_one(CandidateTurn)
        assert turn.text == huge and turn.is_clipped
        turn.query_one(Button).press()
        await wait_until(pilot, lambda: isinstance(tui.screen, FullTextScreen))
        await settle(pilot)
        viewer = tui.screen.query_one("#full-text", TextArea)
        assert viewer.document.line_count == 10_000
        assert "\\x1b[2J" in viewer.text
        assert "10,000 lines" in screen_text(tui)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(tui.screen, SessionReviewScreen)


async def test_an_engine_failure_becomes_a_notification_not_a_crash(
    make_app: Callable[..., MockloopApp], clock: FakeClock
) -> None:
    tui = make_app(parts=parts_of(BrokenInterviewer()))
    async with tui.run_test(size=(100, 30)) as pilot:
        await start_round(pilot, "round-fundamentals", "length-10")
        screen = interview(tui)
        clock.advance(20)
        screen.query_one("#answer", TextArea).insert("My answer survives a failure.")
        await pilot.press("ctrl+s")
        await settle(pilot)
        messages = [n.message for n in tui._notifications]
        assert any("Sending your answer failed" in m and "[exploded]" in m for m in messages)
        assert tui.is_running and tui.screen is screen
        assert not screen.busy
        assert "(interrupted)" in screen_text(tui)
        # the answer is recorded (the engine stores it before asking the interviewer)
        turns = tui_repo_turns(tui, screen.session_id)
        assert turns[-1].text == "My answer survives a failure."


async def test_the_interview_screen_is_usable_at_80x24(
    make_app: Callable[..., MockloopApp], clock: FakeClock
) -> None:
    tui = make_app()
    async with tui.run_test(size=(80, 24)) as pilot:
        await start_round(pilot, "round-system_design", "length-10")
        screen = interview(tui)
        editor = screen.query_one("#answer", TextArea)
        transcript = screen.query_one("#transcript")
        assert editor.has_focus
        assert editor.region.height >= 5 and editor.region.width == 80
        assert transcript.region.height >= 8
        text = screen_text(tui)
        for label in ("Send answer", "Pause", "End round", "round 10:00", "Reqs"):
            assert label in text
        await pilot.press(*"short answer")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "short answer" in screen_text(tui)


@pytest.mark.parametrize("theme", ["textual-light", "nord", "gruvbox", "monokai"])
async def test_screens_render_in_other_themes(
    make_app: Callable[..., MockloopApp], clock: FakeClock, theme: str
) -> None:
    tui = make_app()
    async with tui.run_test(size=(100, 30)) as pilot:
        tui.theme = theme
        await tui.get_services()
        await pilot.pause()
        assert "New session" in screen_text(tui)
        await start_round(pilot, "round-system_design", "length-10")
        clock.advance(20)
        interview(tui).query_one("#answer", TextArea).insert("An answer in another theme.")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "An answer in another theme." in screen_text(tui)


async def test_the_command_palette_offers_the_screen_keys(
    make_app: Callable[..., MockloopApp], clock: FakeClock
) -> None:
    tui = make_app()
    async with tui.run_test(size=(100, 30)) as pilot:
        await start_round(pilot, "round-fundamentals", "length-10")
        screen = interview(tui)
        commands = {c.title: c for c in tui.get_system_commands(cast("Screen[object]", screen))}
        assert {"Send answer", "Pause", "End round", "Leave", "Theme"} <= set(commands)
        assert "Next round" not in commands  # only offered between rounds
        assert commands["Send answer"].help.startswith("Send your answer")

        screen.query_one("#answer", TextArea).insert("Sent from the palette.")
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"send answer")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(tui.screen, InterviewScreen)
        assert [c.text for c in screen.query(CandidateTurn)] == ["Sent from the palette."]


class SlowJudge:
    """Holds every assessment until released, to see the background-scoring indicator."""

    kind = JudgeKind.LLM
    model: str | None = "slow-judge"

    def __init__(self) -> None:
        self.release = asyncio.Event()

    async def assess(self, request: Any) -> Any:
        await self.release.wait()
        return await FixedJudge().assess(request)


async def test_a_quiet_indicator_shows_while_the_judge_scores_in_the_background(
    make_app: Callable[..., MockloopApp], clock: FakeClock
) -> None:
    judge = SlowJudge()
    tui = make_app(parts=parts_of(judge=judge))
    async with tui.run_test(size=(100, 30)) as pilot:
        await start_round(pilot, "round-fundamentals", "length-10")
        screen = interview(tui)
        clock.advance(30)
        screen.query_one("#answer", TextArea).insert("An answer to be scored later.")
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("ctrl+g", "y")
        await settle(pilot)
        assert screen.finished and not screen.session_done
        text = screen_text(tui)
        assert "◌ scoring 1 answer…" in text and "Scoring your answers" in text
        assert not screen.busy  # the UI is free while the judge works
        judge.release.set()
        await wait_until(pilot, lambda: screen.session_done)
        await settle(pilot)
        text = screen_text(tui)
        # the overall is the criteria's weighted mean (judge/overall.py), not the judge's own
        # summary number: FixedJudge's levels 3, 3, 3, 3, 2 at the rubric's weights give 2.91
        assert "scoring 1 answer" not in text and "Overall 2.91" in text


async def test_home_names_the_configured_llm_and_selects_it(
    tui_settings: Settings, clock: FakeClock
) -> None:
    from app.tui.choice import ChoiceRow

    llm = tui_settings.model_copy(
        update={"offline": False, "openai_base_url": "http://localhost:9/v1"}
    )
    tui = MockloopApp(llm, clock=clock, cursor_blink=False)
    async with tui.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        assert tui.screen.query_one("#mode", ChoiceRow).value == "llm"
        assert "◉ LLM · gpt-4.1-mini (judge gpt-4.1)" in screen_text(tui)
        home = tui.screen
        assert isinstance(home, HomeScreen)
        assert home.request().offline is False


async def test_an_app_that_ends_without_quit_gives_its_session_lease_back(
    make_app: Callable[..., MockloopApp],
) -> None:
    """Before, only the quit action closed sessions: an app that ended any other way left a
    heartbeat thread writing to the database and the session held until the lease expired."""
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await start_round(pilot)
        assert app.services is not None
        repo = app.services.repo
        (session,) = app.sessions
        assert repo.lease_holder(session.id) is not None
    assert repo.lease_holder(session.id) is None
    assert not any(t.name == "session lease" and t.is_alive() for t in threading.enumerate())
