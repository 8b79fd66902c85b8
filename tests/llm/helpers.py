"""Shared pieces for the LLM tests: model names, scripted replies, and engine drivers."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.config import Settings
from app.domain.bank import Bank
from app.domain.enums import Mode, RoundKind
from app.domain.events import EventSink, TurnRecorded
from app.domain.interviewing import InterviewerReply, TurnContext
from app.domain.transcript import RoundPlan, SessionPlan, Turn
from app.engine.clock import FakeClock
from app.engine.interview import InterviewEngine
from app.interviewer.base import Interviewer, TokenCallback
from app.interviewer.fallback import FallbackInterviewer
from app.interviewer.llm import LLMInterviewer
from app.interviewer.offline import OfflineInterviewer
from app.judge.base import Judge
from app.judge.offline import OfflineJudge
from app.llm.client import LLMClient
from tests.conftest import EventLog
from tests.fakes.openai_server import FakeOpenAIServer, Reply, Request, Step

KEY = "sk-test-SUPERSECRET-0123456789abcdef"
INTERVIEWER = "fake-interviewer"
JUDGE = "fake-judge"


def fast_settings(base_url: str, data_dir: Path, **overrides: Any) -> Settings:
    """Settings aimed at the scripted server, with backoffs and timeouts short enough for tests."""
    values: dict[str, Any] = {
        "openai_api_key": KEY,
        "openai_base_url": base_url,
        "interviewer_model": INTERVIEWER,
        "judge_model": JUDGE,
        "data_dir": data_dir,
        "retry_backoff_s": 0.01,
        "retry_backoff_max_s": 0.05,
        "retry_after_max_s": 2.0,
        "first_token_timeout_s": 1.0,
        "request_timeout_s": 5.0,
        "connect_timeout_s": 2.0,
        "llm_cooldown_s": 0.0,
        "max_retries": 3,
    }
    return Settings(**{**values, **overrides})


FUND = RoundPlan(
    kind=RoundKind.FUNDAMENTALS,
    minutes=45,
    question_ids=["f-ce", "f-adam"],
    closing_question_id="b-closing",
)
SD = RoundPlan(
    kind=RoundKind.SYSTEM_DESIGN,
    minutes=45,
    question_ids=["s-search"],
    closing_question_id="b-closing",
)

_FENCE = re.compile(
    r'<candidate_answer id="(?P<n>[0-9a-f]+)">\n(?P<body>.*?)\n</candidate_answer id="(?P=n)">',
    re.DOTALL,
)
_CRITERION_LINE = re.compile(r"^Criterion (?P<id>[a-z0-9_]+): ", re.MULTILINE)


def plan(*rounds: RoundPlan) -> SessionPlan:
    return SessionPlan(rounds=list(rounds), target_level="senior")


def fenced_texts(req: Request) -> list[str]:
    return [m.group("body") for m in _FENCE.finditer(req.text)]


def criterion_ids(req: Request) -> list[str]:
    rf = req.body.get("response_format")
    if isinstance(rf, dict) and rf.get("type") == "json_schema":
        schema = rf["json_schema"]["schema"]
        ids: list[str] = schema["properties"]["criteria"]["required"]
        return ids
    return _CRITERION_LINE.findall(req.messages[0]["content"])


def judge_json(
    criteria: Sequence[str],
    *,
    quotes: Sequence[str] = (),
    level: int | str = 3,
    injection: bool = False,
    red_flags: Sequence[str] = (),
) -> str:
    """A judgement in the schema's shape: one property per criterion id."""
    return json.dumps(
        {
            "criteria": {
                c: {
                    "evidence_quotes": list(quotes),
                    "reasoning": f"Reasoning on {c}.",
                    "level": level,
                }
                for c in criteria
            },
            "overall_level": level,
            "strengths": ["Clear structure"],
            "to_strong_hire": ["Quantify the trade-off"],
            "red_flags": list(red_flags),
            "injection_suspected": injection,
        }
    )


def smart_judge(req: Request) -> Reply:
    """A well-behaved judge: quotes the first few words of the candidate's first message."""
    texts = fenced_texts(req)
    quote = " ".join(texts[0].split()[:4]) if texts else ""
    return Reply(content=judge_json(criterion_ids(req), quotes=[quote] if quote else []))


_ALLOWED = re.compile(r"^Allowed moves: (?P<moves>.*)$", re.MULTILINE)
_AVAILABLE = re.compile(r"^Follow-ups available in this phase: (?P<ids>.*)$", re.MULTILINE)


def smart_interviewer(req: Request) -> Reply:
    """A well-behaved interviewer: the first allowed move, an available follow-up if probing."""
    text = req.text
    m = _ALLOWED.search(text)
    first = m.group("moves").split(";")[0].split()[0] if m else "probe"
    ref = "-"
    if first in ("probe", "advance_phase"):
        a = _AVAILABLE.search(text)
        ids = [i.strip() for i in a.group("ids").split(",")] if a else []
        ref = ids[0] if ids and ids[0] != "none" else "-"
    words = {
        "probe": "You said something interesting there. Why does that hold?",
        "clarify": "Good question: assume the numbers you need and carry on.",
        "advance_phase": "Let's go deeper now. What fails first?",
        "next_question": "Okay, let's move on.",
        "wrap_up": "Thanks, that's our time.",
    }[first]
    return Reply(content=f"MOVE: {first} {ref}\n{words}")


class Capturing:
    """Wraps an interviewer and keeps every TurnContext it was given."""

    def __init__(self, inner: Interviewer | None = None) -> None:
        self.inner = inner or OfflineInterviewer()
        self.kind = self.inner.kind
        self.model = self.inner.model
        self.contexts: list[TurnContext] = []

    async def respond(
        self, ctx: TurnContext, on_token: TokenCallback | None = None
    ) -> InterviewerReply:
        self.contexts.append(ctx)
        return await self.inner.respond(ctx, on_token)


def engine_for(
    bank: Bank,
    session_plan: SessionPlan,
    sink: EventSink,
    *,
    interviewer: Interviewer | None = None,
    judge: Judge | None = None,
    session_id: str = "s-llm-test",
    history_window: int = 6,
) -> tuple[InterviewEngine, FakeClock]:
    clock = FakeClock()
    engine = InterviewEngine(
        session_id=session_id,
        plan=session_plan,
        bank=bank,
        interviewer=interviewer or OfflineInterviewer(),
        judge=judge or OfflineJudge(),
        clock=clock,
        sink=sink,
        mode=Mode.LLM,
        history_window=history_window,
    )
    return engine, clock


def llm_interviewer(client: LLMClient, settings: Settings) -> FallbackInterviewer:
    """The LLM interviewer as production wires it: backed by the offline one, with a cooldown."""
    from app.wiring import bank_for

    return FallbackInterviewer(
        LLMInterviewer(client, settings, bank=bank_for(settings)),
        OfflineInterviewer(),
        cooldown_s=settings.llm_cooldown_s,
    )


@dataclass
class ScriptedSession:
    """A started LLM-mode engine whose interviewer talks to the scripted server."""

    server: FakeOpenAIServer
    engine: InterviewEngine
    clock: FakeClock
    log: EventLog

    async def turn(self, answer: str, *steps: Step, think_s: float = 60) -> Turn:
        """Script the server's replies, let the candidate think, answer; the turn recorded last."""
        self.server.script(*steps)
        self.clock.advance(think_s)
        await self.engine.submit(answer)
        turn: Turn = self.log.of(TurnRecorded)[-1].turn
        return turn


async def scripted_session(
    server: FakeOpenAIServer,
    bank: Bank,
    interviewer: Interviewer,
    round_plan: RoundPlan = FUND,
    log: EventLog | None = None,
) -> ScriptedSession:
    """One round on `bank`, started: the opening line is said before a test scripts anything."""
    log = EventLog() if log is None else log
    engine, clock = engine_for(bank, plan(round_plan), log, interviewer=interviewer)
    await engine.start()
    return ScriptedSession(server, engine, clock, log)


class Collect:
    """A stream consumer; `commit_on_feed=False` plays a caller whose text is not yet shown."""

    def __init__(self, commit_on_feed: bool = True) -> None:
        self.parts: list[str] = []
        self.resets = 0
        self._commit = commit_on_feed
        self._committed = False

    @property
    def committed(self) -> bool:
        return self._committed

    def reset(self) -> None:
        self.resets += 1
        self.parts = []

    async def feed(self, text: str) -> None:
        self.parts.append(text)
        self._committed = self._commit
