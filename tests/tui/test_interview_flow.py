"""Pilot tests: whole rounds driven through the TUI, offline, on a fake clock."""

from __future__ import annotations

from collections.abc import Callable

from textual.widgets import TextArea

from app.domain.enums import Phase, Role, TurnKind
from app.engine.clock import FakeClock
from app.tui.app import MockloopApp
from app.tui.interview_screen import InterviewScreen
from app.tui.review_screen import AssessmentCard, SessionReviewScreen
from app.tui.widgets import CandidateTurn, PhaseBar
from tests.tui.conftest import (
    leave_to_home,
    resume_from_home,
    screen_text,
    settle,
    start_round,
    tui_repo_turns,
    wait_until,
)

ANSWERS = [
    "Latency target?",
    "Requirements: answer questions with citations, p95 first token under 2 s, permissions "
    "enforced at retrieval. Metrics: answer accuracy on a labelled set, citation precision.",
    "High level: connectors ingest documents, chunk and embed them into a vector index with ACL "
    "metadata; a retriever does hybrid search, a reranker, then the LLM answers with citations.",
    "Deep dive: filter by ACL inside the index (pre-filtering) so recall does not collapse; "
    "cache embeddings; shard the index; evaluate recall@k per permission group.",
    "Failure modes: stale permissions, hallucinated citations, prompt injection in documents; "
    "we verify each citation, sync ACLs every few minutes and monitor drift.",
    "Evaluation: offline golden set from click logs and SME labels, online A/B on resolution "
    "rate, and a judge model calibrated against humans.",
    "What does the team's on-call look like?",
    "How do you decide what to build next?",
    "Thanks, no more questions.",
]


def interview(app: MockloopApp) -> InterviewScreen:
    screen = app.screen
    assert isinstance(screen, InterviewScreen)
    return screen


async def test_compressed_system_design_round_through_the_tui_then_review(
    make_app: Callable[..., MockloopApp], clock: FakeClock
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await app.get_services()
        # Keyboard only, as a user would: Round -> System design, Length -> 10 min.
        await pilot.press("right", "tab", "right", "right")
        await pilot.press("s")
        await wait_until(pilot, lambda: isinstance(app.screen, InterviewScreen))
        await settle(pilot)
        screen = interview(app)
        assert "round 10:00" in screen_text(app)
        bar = screen.query_one(PhaseBar)
        assert bar.display and bar.phase is Phase.REQUIREMENTS
        phases = [bar.phase]
        typed_first = False
        for i in range(25):
            if screen.finished:
                break
            answer = ANSWERS[i % len(ANSWERS)]
            clock.advance(30)
            if not typed_first:
                await pilot.press(*answer)  # really typed, key by key
                typed_first = True
            else:
                screen.query_one("#answer", TextArea).insert(answer)
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert screen.query_one("#answer", TextArea).text == ""
            if bar.phase is not phases[-1]:
                phases.append(bar.phase)
            if i < 3:
                assert answer[:15] in screen_text(app)
        assert screen.finished, "the round ended after the design and the candidate's questions"
        assert phases == [
            Phase.REQUIREMENTS,
            Phase.HIGH_LEVEL,
            Phase.DEEP_DIVE,
            Phase.FAILURE_MODES,
            Phase.EVALUATION,
            Phase.CANDIDATE_QUESTIONS,
        ]
        await wait_until(pilot, lambda: screen.session_done)
        await settle(pilot)
        text = screen_text(app)
        assert "Interview over" in text and "offline estimate" in text
        assert screen.overall is not None

        await pilot.press("v")
        await wait_until(pilot, lambda: isinstance(app.screen, SessionReviewScreen))
        await settle(pilot)
        review = app.screen
        cards = list(review.query(AssessmentCard))
        assert {c.assessment.question_id for c in cards} >= {"sd-rag-enterprise-search"}
        assert all(c.assessment.is_estimate for c in cards)
        assert "offline estimate" in screen_text(app)


async def test_fake_clock_shows_the_15_minute_nudge_and_the_20_minute_move(
    make_app: Callable[..., MockloopApp], clock: FakeClock
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await start_round(pilot, "round-system_design", "length-real")
        screen = interview(app)
        assert "to deep dive 20:00" in screen_text(app)

        clock.advance(15 * 60)
        await screen.tick_now()
        await settle(pilot)
        text = screen_text(app)
        assert "Interviewer · time check · 15:00" in text
        assert "Quick time check" in text
        assert "to deep dive 05:00" in text
        assert screen.query_one(PhaseBar).phase is Phase.REQUIREMENTS

        clock.advance(5 * 60)
        await screen.tick_now()
        await settle(pilot)
        text = screen_text(app)
        assert "→ Deep dive" in text
        assert screen.query_one(PhaseBar).phase is Phase.DEEP_DIVE
        assert "Scoping took 20:00" in text
        kinds = [t.kind for t in tui_repo_turns(app, screen.session_id)]
        assert TurnKind.NUDGE in kinds and TurnKind.TRANSITION in kinds


async def test_a_loop_ends_a_round_early_and_moves_on_with_the_next_round_key(
    make_app: Callable[..., MockloopApp], clock: FakeClock
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await start_round(pilot, "round-loop", "length-10")
        screen = interview(app)
        assert "Round 1/3 · ML fundamentals" in screen_text(app)
        clock.advance(60)
        screen.query_one("#answer", TextArea).insert(
            "Scaling by sqrt(d_k) keeps softmax inputs unit variance so gradients do not vanish."
        )
        await pilot.press("ctrl+s")
        await settle(pilot)

        await pilot.press("ctrl+g")
        await pilot.press("y")
        await settle(pilot)
        assert screen.between_rounds()
        assert "press Ctrl+N" in screen_text(app)
        assert screen.check_action("send", ()) is False

        await pilot.press("ctrl+n")
        await settle(pilot)
        assert not screen.between_rounds()
        assert "Round 2/3 · ML system design" in screen_text(app)
        view = screen.view()
        assert view is not None and view.round is not None and view.round.index == 1
        # the answer typed before the key was not swallowed into the new round
        turns = tui_repo_turns(app, screen.session_id)
        assert [t for t in turns if t.round_index == 1 and t.role is Role.CANDIDATE] == []


async def test_pause_stops_the_clock_and_disables_sending(
    make_app: Callable[..., MockloopApp], clock: FakeClock
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await start_round(pilot, "round-fundamentals", "length-10")
        screen = interview(app)
        clock.advance(30)
        await screen.tick_now()
        assert "round 09:30" in screen_text(app)
        await pilot.press("ctrl+t")
        clock.advance(300)
        await screen.tick_now()
        text = screen_text(app)
        assert "round 09:30" in text and "PAUSED" in text and "Paused" in text
        assert screen.check_action("send", ()) is None
        assert screen.query_one("#answer", TextArea).read_only
        await pilot.press("ctrl+t")
        clock.advance(30)
        await screen.tick_now()
        assert "round 09:00" in screen_text(app)
        assert screen.check_action("send", ()) is True


async def test_leave_then_resume_from_home_keeps_the_transcript(
    make_app: Callable[..., MockloopApp], clock: FakeClock
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await start_round(pilot, "round-fundamentals", "length-10")
        clock.advance(40)
        interview(app).query_one("#answer", TextArea).insert("Resumable answer about softmax.")
        await pilot.press("ctrl+s")
        await settle(pilot)
        await leave_to_home(pilot, app)
        assert "Unfinished" in screen_text(app)
        screen = await resume_from_home(pilot, app, InterviewScreen)
        text = screen_text(app)
        assert "Session resumed at" in text
        bodies = [w.text for w in screen.query(CandidateTurn)]
        assert bodies == ["Resumable answer about softmax."]
        assert screen.awaiting_answer()


async def test_time_runs_out_while_typing_pencils_down_keeps_the_draft(
    make_app: Callable[..., MockloopApp], clock: FakeClock
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await start_round(pilot, "round-fundamentals", "length-10")
        screen = interview(app)
        clock.advance(5 * 60)
        await screen.tick_now()
        await settle(pilot)
        assert "5 minutes left in this round." in screen_text(app)  # the visible warning
        draft = "Cross-entropy is the log-likelihood of the true class, so its gradient"
        screen.query_one("#answer", TextArea).load_text(draft)
        clock.advance(6 * 60)
        await screen.tick_now()
        await settle(pilot)
        turns = tui_repo_turns(app, screen.session_id)
        pencils = [t for t in turns if t.kind is TurnKind.PENCILS_DOWN]
        assert [t.text for t in pencils] == [draft]  # recorded as the final answer
        assert turns[-1].kind is TurnKind.ROUND_END
        assert "pencils down" in screen_text(app)  # marked as such in the transcript
        assert screen.query_one("#answer", TextArea).text == ""


async def test_end_round_warns_that_the_text_in_the_box_is_not_sent(
    make_app: Callable[..., MockloopApp], clock: FakeClock
) -> None:
    """Ending the round with a half-typed answer dropped it without a word."""
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await start_round(pilot, "round-fundamentals", "length-10")
        screen = interview(app)
        await pilot.press("ctrl+g")
        await settle(pilot)
        assert "has not been sent" not in screen_text(app)
        await pilot.press("n")
        await settle(pilot)
        screen.query_one("#answer", TextArea).insert("half an answer")
        await pilot.press("ctrl+g")
        await settle(pilot)
        assert "The text in your answer box has not been sent" in screen_text(app)
