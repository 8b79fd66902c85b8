"""The LLM interviewer: move header parsing, live token streaming, legality, degradation."""

from __future__ import annotations

import time

import pytest

from app.config import Settings
from app.domain.bank import Bank
from app.domain.enums import Move, Role, TurnKind
from app.domain.events import Event, Notice, StreamEnded, StreamStarted, TokenDelta, TurnRecorded
from app.interviewer.fallback import FallbackInterviewer
from app.interviewer.llm import Header, LLMInterviewer, MoveStream, parse_header
from app.interviewer.offline import OfflineInterviewer
from app.llm.client import LLMClient
from tests.conftest import EventLog
from tests.fakes.openai_server import Fail, FakeOpenAIServer, Reply, Reset, Step
from tests.llm.helpers import SD, llm_interviewer, scripted_session

DEGRADED = "The LLM interviewer is unavailable; this turn used the offline interviewer"


def degraded(log: EventLog) -> list[str]:
    """The degradation notices, each of which must say why."""
    found = [n.text for n in log.of(Notice) if n.text.startswith(DEGRADED)]
    assert all(t.startswith(f"{DEGRADED} (") for t in found), found
    return found


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("MOVE: probe f-ce-2", Header(Move.PROBE, "f-ce-2")),
        ("MOVE: clarify users,latency", Header(Move.CLARIFY, "users,latency")),
        ("MOVE: clarify users, latency", Header(Move.CLARIFY, "users,latency")),
        ("**MOVE:** advance_phase s-dd1", Header(Move.ADVANCE_PHASE, "s-dd1")),
        ("move: next question", Header(Move.NEXT_QUESTION, None)),
        ("MOVE: wrap_up -", Header(Move.WRAP_UP, None)),
        ("MOVE: probe <learning-curves> <reshuffle>", Header(Move.PROBE, "learning-curves")),
        ("MOVE: dance", Header(None, None)),
        ("Move on to the next part: what would you measure?", None),
        ("Why does that work?", None),
    ],
)
def test_parse_header(line: str, expected: Header | None) -> None:
    assert parse_header(line) == expected


async def _feed(pieces: list[str]) -> tuple[MoveStream, list[str]]:
    out: list[str] = []

    async def on_token(t: str) -> None:
        out.append(t)

    ms = MoveStream(on_token)
    for p in pieces:
        await ms.feed(p)
    await ms.finish()
    return ms, out


async def test_header_split_across_chunks_is_never_forwarded() -> None:
    ms, out = await _feed(["MO", "VE: pro", "be f-ce-2\nWhy", " that", "?"])
    assert ms.header == Header(Move.PROBE, "f-ce-2")
    assert out == ["Why", " that", "?"]
    assert ms.utterance == "Why that?"


async def test_no_header_forwards_at_once() -> None:
    ms, out = await _feed(["Why", " does", " it", " work?"])
    assert ms.header is None and out == ["Why", " does", " it", " work?"]


async def test_leading_blank_lines_and_header_only() -> None:
    ms, out = await _feed(["\n\n", "MOVE: wrap_up -"])
    assert ms.header == Header(Move.WRAP_UP, None) and out == [] and ms.utterance == ""


class TimedLog(EventLog):
    def __init__(self) -> None:
        super().__init__()
        self.times: list[int] = []

    def __call__(self, event: Event) -> None:
        super().__call__(event)
        self.times.append(time.perf_counter_ns())


async def test_utterance_streams_to_the_engine_token_by_token(
    server: FakeOpenAIServer, client: LLMClient, llm_settings: Settings, mini_bank: Bank
) -> None:
    log = TimedLog()
    session = await scripted_session(
        server, mini_bank, llm_interviewer(client, llm_settings), log=log
    )
    turn = await session.turn(
        "It is the log-likelihood; with softmax the gradient is p - y.",
        Reply(
            "MOVE: probe f-ce-2\nYou covered the gradient. When would you reach for "
            "focal loss instead?",
            token_delay=0.03,
        ),
    )
    deltas = [
        (t, e) for t, e in zip(log.times, log.events, strict=True) if isinstance(e, TokenDelta)
    ]
    # a sentence at a time, each one checked by the guards before it is shown
    assert [e.text.strip() for _, e in deltas] == [
        "You covered the gradient.",
        "When would you reach for focal loss instead?",
    ]
    text = "".join(e.text for _, e in deltas)
    assert "MOVE" not in text
    assert turn.kind is TurnKind.FOLLOW_UP and turn.text == text.strip()
    assert turn.follow_up_id == "f-ce-2" and turn.criterion == "tradeoffs"
    # streamed, not buffered: the engine emitted the first token before the server sent the last
    assert deltas[0][0] < server.stream_logs[-1].sent_ns[-1]
    kinds = [type(e) for e in log.events[-len(deltas) - 3 :]]
    assert kinds[0] is StreamStarted and kinds[-2] is StreamEnded
    assert not log.of(Notice)


async def test_clarify_answers_from_named_facts(
    server: FakeOpenAIServer, client: LLMClient, llm_settings: Settings, mini_bank: Bank
) -> None:
    session = await scripted_session(server, mini_bank, llm_interviewer(client, llm_settings), SD)
    turn = await session.turn(
        "How many users are there?",
        Reply("MOVE: clarify users,made-up\nAbout 10,000 employees and 2 million docs."),
        think_s=30,
    )
    assert turn.kind is TurnKind.CLARIFICATION and turn.facts == ["users"]
    req = server.chat_requests()[-1]
    assert "Allowed moves: clarify" in req.messages[1]["content"]


async def test_illegal_move_gets_a_sane_default(
    server: FakeOpenAIServer, client: LLMClient, llm_settings: Settings, mini_bank: Bank
) -> None:
    session = await scripted_session(server, mini_bank, llm_interviewer(client, llm_settings))
    turn = await session.turn(
        "Cross-entropy is the negative log-likelihood of the labels.",
        Reply("MOVE: advance_phase nonsense\nWhat is the gradient, concretely?"),
    )
    assert turn.kind is TurnKind.FOLLOW_UP  # offline's choice: probe the uncovered criterion
    assert turn.text == "What is the gradient, concretely?" and turn.follow_up_id is None


async def test_missing_header_still_makes_a_legal_turn(
    server: FakeOpenAIServer, client: LLMClient, llm_settings: Settings, mini_bank: Bank
) -> None:
    session = await scripted_session(server, mini_bank, llm_interviewer(client, llm_settings))
    turn = await session.turn(
        "It is the log-likelihood.", Reply("Walk me through where the softmax comes in.")
    )
    assert turn.role is Role.INTERVIEWER and turn.text.startswith("Walk me through")


FAULTS: dict[str, tuple[list[Step], bool]] = {
    "429-then-ok": ([Fail(429, "Rate limit", retry_after=0.05)], False),
    "500-then-ok": ([Fail(500)], False),
    "reset-then-ok": ([Reset()], False),
    # a local server (the scripted one is on loopback) goes on reading an abandoned prompt: the
    # turn is the offline one, the timeout is not resent (issue 19)
    "slow-first-token-on-a-local-server": (
        [Reply("MOVE: probe -\nlate", first_token_delay=3.0)],
        True,
    ),
    "500-every-time": ([Fail(500)] * 4, True),
    # a sentence already shown: a retry would repeat or contradict it
    "stream-cut-mid-way": (
        [Reply("MOVE: probe -\nOkay. So tell me how you would", cut_after=6)],
        True,
    ),
    "malformed-chunk-mid-way": (
        [Reply("MOVE: probe -\nOkay. So tell me how you would", malformed_at=7)],
        True,
    ),
    # cut before any sentence passed the gate: nothing was shown, so the retry is safe
    "stream-cut-before-a-sentence": (
        [Reply("MOVE: probe -\nSo tell me how you would", cut_after=6)],
        False,
    ),
    "refusal": ([Reply(content=None, refusal="I can't help with that.")], True),
}


@pytest.mark.parametrize("name", list(FAULTS))
async def test_faults_never_crash_or_lose_a_turn(
    name: str,
    server: FakeOpenAIServer,
    client: LLMClient,
    llm_settings: Settings,
    mini_bank: Bank,
) -> None:
    steps, is_degraded = FAULTS[name]
    session = await scripted_session(server, mini_bank, llm_interviewer(client, llm_settings))
    log = session.log
    await session.turn(
        "The gradient with softmax is p - y.",
        *steps,
        Reply("MOVE: probe f-ce-2\nWhen would focal loss help?"),
    )
    turns = [e.turn for e in log.of(TurnRecorded)]
    assert turns[-2].role is Role.CANDIDATE and turns[-2].text.endswith("p - y.")
    assert turns[-1].role is Role.INTERVIEWER and turns[-1].text.strip()
    notices = degraded(log)
    assert len(notices) == (1 if is_degraded else 0)
    if not is_degraded:
        assert turns[-1].text == "When would focal loss help?"
    # the session goes on normally afterwards
    turn = await session.turn(
        "Focal loss down-weights easy examples when positives are rare.",
        Reply("MOVE: probe f-ce-3\nHow do you pick gamma?"),
    )
    assert turn.role is Role.INTERVIEWER


async def test_after_an_outage_the_llm_rests_for_the_cooldown_on_the_engine_clock(
    server: FakeOpenAIServer, client: LLMClient, llm_settings: Settings, mini_bank: Bank
) -> None:
    """The cooldown runs on the engine's injected clock: a replay on simulated time (as
    `run --answers` does) cools down in simulated time, not in wall-clock seconds."""
    interviewer = FallbackInterviewer(
        LLMInterviewer(client, llm_settings), OfflineInterviewer(), cooldown_s=30.0
    )
    session = await scripted_session(server, mini_bank, interviewer)
    engine, clock, log = session.engine, session.clock, session.log
    server.script(*[Fail(503)] * 4)
    await engine.submit("First answer about the log-likelihood.")
    calls = len(server.chat_requests())
    clock.advance(10)
    await engine.submit("Second answer about focal loss and imbalance.")
    assert len(server.chat_requests()) == calls  # no new attempt inside the cooldown
    clock.advance(31)  # simulated time only: no wall-clock wait
    server.script(Reply("MOVE: next_question -\nOkay, let's move on."))
    await engine.submit("Third answer, now with gamma.")
    assert len(server.chat_requests()) == calls + 1
    notes = degraded(log)
    assert len(notes) == 2
    assert "HTTP 503" in notes[0] and "resting after" in notes[1]  # the notice says why


async def test_bad_output_is_not_an_outage(
    server: FakeOpenAIServer, client: LLMClient, llm_settings: Settings, mini_bank: Bank
) -> None:
    """A refusal is the model's answer, delivered promptly: no cooldown, the next turn asks
    the LLM again."""
    interviewer = FallbackInterviewer(
        LLMInterviewer(client, llm_settings), OfflineInterviewer(), cooldown_s=300.0
    )
    session = await scripted_session(server, mini_bank, interviewer)
    log = session.log
    await session.turn(
        "Cross-entropy is the negative log-likelihood.",
        Reply(content=None, refusal="I can't help with that."),
    )
    assert "refused" in degraded(log)[0]
    turn = await session.turn(
        "With softmax the gradient is p minus y.",
        Reply("MOVE: probe f-ce-2\nWhen would you reach for focal loss instead?"),
        think_s=5,
    )
    assert turn.text == "When would you reach for focal loss instead?"
    assert len(degraded(log)) == 1


async def test_a_whole_turn_is_bounded_by_the_deadline(
    server: FakeOpenAIServer, client: LLMClient, llm_settings: Settings, mini_bank: Bank
) -> None:
    interviewer = FallbackInterviewer(
        LLMInterviewer(client, llm_settings), OfflineInterviewer(), deadline_s=0.5
    )
    session = await scripted_session(server, mini_bank, interviewer)
    engine, log = session.engine, session.log
    server.script(Reply("MOVE: probe -\nslow", first_token_delay=0.8), Reply("MOVE: probe -\nok"))
    started = time.perf_counter()
    await engine.submit("The gradient is p - y.")
    assert time.perf_counter() - started < 0.8
    assert log.of(TurnRecorded)[-1].turn.role is Role.INTERVIEWER
    assert degraded(log) == [f"{DEGRADED} (no reply within 0.5s)."]
    assert interviewer.last_error == "no reply within 0.5s"
