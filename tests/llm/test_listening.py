"""The LLM interviewer hears what the engine heard: the act, the coverage and the move the
engine chose are in its brief, and when the model writes a different move the engine's wins."""

from __future__ import annotations

from app.config import Settings
from app.domain.bank import Bank
from app.domain.enums import TurnKind
from app.domain.events import TurnRecorded
from app.llm.client import LLMClient
from tests.conftest import EventLog
from tests.fakes.openai_server import FakeOpenAIServer, Reply
from tests.llm.helpers import FUND, engine_for, llm_interviewer, plan

HINT_1 = "Think about what the loss says about the probability given to the true class."


async def test_the_brief_carries_act_and_chosen_move_and_the_engine_choice_wins(
    server: FakeOpenAIServer, client: LLMClient, llm_settings: Settings, mini_bank: Bank
) -> None:
    log = EventLog()
    engine, clock = engine_for(
        mini_bank, plan(FUND), log, interviewer=llm_interviewer(client, llm_settings)
    )
    await engine.start()
    # the model ignores the chosen move and gives the answer away
    server.script(Reply("MOVE: probe f-ce-2\nThe answer is that the gradient is p minus y."))
    clock.advance(60)
    await engine.submit("I don't know. Can you tell me the answer?")
    state = server.chat_requests()[-1].messages[1]["content"]
    assert "reads as: answer_request" in state
    assert "MOVE CHOSEN: make the move hint" in state
    assert "Allowed moves: hint -" in state
    assert f"The nudge to give (in your own words): {HINT_1}" in state
    turn = log.of(TurnRecorded)[-1].turn
    assert turn.kind is TurnKind.HINT  # the engine's move, not the model's probe
    assert "p minus y" not in turn.text and HINT_1 in turn.text  # nor the model's words


async def test_the_model_writes_the_words_for_the_engine_move(
    server: FakeOpenAIServer, client: LLMClient, llm_settings: Settings, mini_bank: Bank
) -> None:
    log = EventLog()
    engine, clock = engine_for(
        mini_bank, plan(FUND), log, interviewer=llm_interviewer(client, llm_settings)
    )
    await engine.start()
    server.script(Reply("MOVE: say_more -\nGo on, tell me how you would reason about it."))
    clock.advance(60)
    await engine.submit("ok")
    state = server.chat_requests()[-1].messages[1]["content"]
    assert "reads as: minimal" in state and "Allowed moves: say_more -" in state
    turn = log.of(TurnRecorded)[-1].turn
    assert turn.kind is TurnKind.SAY_MORE
    assert turn.text == "Go on, tell me how you would reason about it."


async def test_coverage_reaches_the_brief_and_the_persona_forbids_grading_and_answers(
    server: FakeOpenAIServer, client: LLMClient, llm_settings: Settings, mini_bank: Bank
) -> None:
    log = EventLog()
    engine, clock = engine_for(
        mini_bank, plan(FUND), log, interviewer=llm_interviewer(client, llm_settings)
    )
    await engine.start()
    server.script(Reply("MOVE: probe f-ce-2\nWhen would you reach for focal loss?"))
    clock.advance(60)
    await engine.submit("It is the negative log-likelihood; with softmax the gradient is p - y.")
    req = server.chat_requests()[-1]
    state = req.messages[1]["content"]
    assert "reads as: answer" in state
    assert "Criteria the answers have covered (do not probe these): correctness" in state
    assert "Allowed moves: probe" in state and "MOVE CHOSEN" not in state
    persona = req.messages[0]["content"]
    assert "Never answer the interview question for the candidate" in persona
    assert "Do not evaluate out loud" in persona and "Makes sense" not in persona
