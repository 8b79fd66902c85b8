"""TUI test helpers: a frozen copy of a small bank, a real SQLite file per test, a FakeClock.

The bank under fixtures/ is a snapshot of a few bank files, so the question texts in the
snapshot tests do not change when the real bank is edited.
"""

from __future__ import annotations

import io
import itertools
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import pytest
from rich.console import Console
from textual.pilot import Pilot
from textual.screen import Screen

from app.config import Settings
from app.domain.enums import JudgeKind, Mode
from app.domain.transcript import Turn
from app.engine.clock import FakeClock
from app.interviewer.base import Interviewer
from app.interviewer.offline import OfflineInterviewer
from app.judge.base import Judge
from app.judge.offline import OfflineJudge
from app.session import PartsFactory, SessionParts
from app.store.repository import Repository
from app.tui.app import MockloopApp
from tests.conftest import ROOT

FIXTURES = Path(__file__).resolve().parent / "fixtures"
SD_QUESTION = "sd-rag-enterprise-search"
FUND_QUESTIONS = ("fund-attention-scaling", "fund-mha-gqa-mqa", "fund-kv-cache-long-context")


@pytest.fixture
def tui_settings(tmp_path: Path) -> Settings:
    return Settings(
        data_dir=tmp_path / "data",
        bank_dir=FIXTURES / "question_bank",
        rubrics_dir=FIXTURES / "rubrics",
        offline=True,
    )


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


def session_ids(prefix: str = "5e55") -> Callable[[], str]:
    counter = itertools.count(1)
    return lambda: f"{prefix}{next(counter):028x}"


@pytest.fixture
def make_app(tui_settings: Settings, clock: FakeClock) -> Callable[..., MockloopApp]:
    def make(**kwargs: object) -> MockloopApp:
        options: dict[str, object] = {
            "clock": clock,
            "cursor_blink": False,
            "seed": 7,
            "question_ids": (SD_QUESTION, *FUND_QUESTIONS),
            "new_session_id": session_ids(),
        }
        options.update(kwargs)
        return MockloopApp(tui_settings, **options)  # type: ignore[arg-type]

    return make


@pytest.fixture
def real_bank_app(tmp_path: Path, clock: FakeClock) -> Callable[[str, str], MockloopApp]:
    """`make(question_id, session_prefix)`: the app over the real bank, asking that one question.

    Coding and debugging rounds run the real folders (starter, checks) in sandbox children, so
    these apps read question_bank/ itself rather than the frozen fixture copy.
    """
    settings = Settings(
        data_dir=tmp_path / "data",
        bank_dir=ROOT / "question_bank",
        rubrics_dir=ROOT / "rubrics",
        offline=True,
    )

    def make(question_id: str, session_prefix: str) -> MockloopApp:
        return MockloopApp(
            settings,
            clock=clock,
            cursor_blink=False,
            seed=7,
            question_ids=(question_id,),
            new_session_id=session_ids(session_prefix),
        )

    return make


def app_with_config(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, clock: FakeClock, config_toml: str
) -> MockloopApp:
    """The app with the settings a user's config file (this TOML) gives, over the fixture bank."""
    from app.config import load_settings

    config = tmp_path / "config.toml"
    config.write_text(config_toml, encoding="utf-8")
    monkeypatch.setenv("MOCKLOOP_CONFIG_FILE", str(config))
    settings = load_settings(
        data_dir=tmp_path / "data",
        bank_dir=FIXTURES / "question_bank",
        rubrics_dir=FIXTURES / "rubrics",
        offline=True,
    )
    return MockloopApp(settings, clock=clock, cursor_blink=False)


def screen_text(app: MockloopApp) -> str:
    """What the terminal shows, as plain text (the same render as App.export_screenshot)."""
    width, height = app.size
    console = Console(
        width=width,
        height=height,
        file=io.StringIO(),
        force_terminal=True,
        color_system="truecolor",
        record=True,
        legacy_windows=False,
        safe_box=False,
    )
    update = app.screen._compositor.render_update(
        full=True, screen_stack=app._background_screens, simplify=True
    )
    console.print(update)
    return console.export_text()


async def settle(pilot: Pilot[Any], rounds: int = 2) -> None:
    """Let workers finish and the screen process the engine's messages."""
    for _ in range(rounds):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


async def wait_until(
    pilot: Pilot[Any], predicate: Callable[[], bool], timeout_s: float = 10.0
) -> None:
    import time

    deadline = time.monotonic() + timeout_s
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError("condition not reached in time")
        await pilot.pause(0.02)


async def choose(pilot: Pilot[Any], *choices: str) -> None:
    """Set home-screen choices by "row-value", e.g. "round-system_design", "length-10"."""
    from app.tui.choice import ChoiceRow

    for choice in choices:
        row, value = choice.split("-", 1)
        pilot.app.screen.query_one(f"#{row}", ChoiceRow).value = value
    await pilot.pause()


async def start_round(pilot: Pilot[Any], *button_ids: str) -> None:
    app = pilot.app
    assert isinstance(app, MockloopApp)
    await app.get_services()
    await choose(pilot, *button_ids)
    await pilot.press("s")
    await wait_until(pilot, lambda: type(app.screen).__name__ == "InterviewScreen")
    await settle(pilot)


S = TypeVar("S", bound=Screen[Any])


async def open_round_screen(
    pilot: Pilot[Any], app: MockloopApp, round_choice: str, screen: type[S]
) -> S:
    """Start a 20-minute round from home ("round-coding") and wait for its screen to settle."""
    await app.get_services()
    await choose(pilot, round_choice, "length-20")
    await pilot.press("s")
    await wait_until(pilot, lambda: isinstance(app.screen, screen))
    await settle(pilot)
    shown = app.screen
    assert isinstance(shown, screen)
    return shown


async def leave_to_home(pilot: Pilot[Any], app: MockloopApp) -> None:
    """Esc, then "y" in the leave dialog, as a user leaves a session; back on the home screen."""
    await pilot.press("escape", "y")
    await wait_until(pilot, lambda: type(app.screen).__name__ == "HomeScreen")
    await settle(pilot)


async def resume_from_home(pilot: Pilot[Any], app: MockloopApp, screen: type[S]) -> S:
    """`u` on the home screen, waiting for the resumed session's screen to settle."""
    await pilot.press("u")
    await wait_until(pilot, lambda: isinstance(app.screen, screen))
    await settle(pilot)
    shown = app.screen
    assert isinstance(shown, screen)
    return shown


class ScriptedInterviewer:
    """A fixed, rule-free interviewer for snapshots: its words never change when the real
    offline interviewer is retuned. Streams its reply in a few pieces, like an LLM."""

    kind = Mode.OFFLINE
    model: str | None = None

    async def respond(self, ctx: Any, on_token: Any = None) -> Any:
        from app.domain.enums import Move
        from app.domain.interviewing import InterviewerReply

        n = ctx.seq
        if ctx.forced_reason is not None or Move.PROBE not in ctx.allowed_moves:
            move = next(
                m
                for m in (Move.ADVANCE_PHASE, Move.NEXT_QUESTION, Move.WRAP_UP)
                if m in ctx.allowed_moves
            )
            text = f"Turn {n}: let's move on ({move.value.replace('_', ' ')})."
        elif Move.CLARIFY in ctx.allowed_moves and ctx.candidate_asked_question:
            move, text = Move.CLARIFY, f"Turn {n}: about 3,000 daily users and a 2 s budget."
        else:
            move, text = Move.PROBE, f"Turn {n}: which **metric** would you commit to, and why?"
        if on_token is not None:
            for i in range(0, len(text), 12):
                await on_token(text[i : i + 12])
        return InterviewerReply(move=move, text=text)


class FixedJudge:
    """Scores every criterion 3 (2 for the last) and quotes the answer's first sentence."""

    kind = JudgeKind.LLM
    model: str | None = "fixed-test-judge"

    async def assess(self, request: Any) -> Any:
        from app.domain.transcript import Assessment, CriterionScore

        text = request.candidate_text
        first = text.split(". ")[0].strip()
        criteria = [
            CriterionScore(
                criterion=c.id,
                evidence=[first] if i == 0 and first else [],
                reasoning=f"Fixed reasoning for {c.name.lower()}.",
                level=2 if i == len(request.rubric.criteria) - 1 else 3,
                weight=c.weight,
            )
            for i, c in enumerate(request.rubric.criteria)
        ]
        return Assessment(
            session_id=request.session_id,
            round_index=request.round_index,
            question_id=request.question.id,
            rubric_id=request.rubric.id,
            rubric_version=request.rubric.version,
            judge_kind=JudgeKind.OFFLINE,
            judge_model=self.model,
            criteria=criteria,
            overall_level=3,
            weighted_score=2.75,
            strengths=["Names the metric."],
            to_strong_hire=["Quantify the trade-off."],
            red_flags=["Ignores [label] delay."],
            is_estimate=True,
        )


def parts_of(interviewer: Interviewer | None = None, judge: Judge | None = None) -> PartsFactory:
    """A session-parts factory with the given interviewer and/or judge (offline otherwise)."""

    def make(settings: Settings, repo: Repository, session_id: str) -> SessionParts:
        return SessionParts(interviewer or OfflineInterviewer(), judge or OfflineJudge())

    return make


@pytest.fixture
def scripted() -> PartsFactory:
    """The scripted interviewer and the fixed judge (snapshot tests), as session parts."""
    return parts_of(ScriptedInterviewer(), FixedJudge())


def tui_repo_turns(app: MockloopApp, session_id: str) -> list[Turn]:
    """The session's turns as stored: what the engine recorded, read back from the database."""
    assert app.services is not None
    return app.services.repo.turns(session_id)
