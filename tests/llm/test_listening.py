"""The LLM interviewer hears what the engine heard: the act, the coverage and the move the
engine chose are in its brief, and when the model writes a different move the engine's wins."""

from __future__ import annotations

from app.config import Settings
from app.domain.bank import Bank
from app.domain.enums import GuardReason, Role, TurnKind
from app.domain.events import TokenDelta, TurnRecorded
from app.domain.labels import GUARD_NOTES
from app.llm.client import LLMClient
from tests.fakes.openai_server import FakeOpenAIServer, Reply
from tests.llm.helpers import llm_interviewer, scripted_session

HINT_1 = "Think about what the loss says about the probability given to the true class."


async def test_the_brief_carries_act_and_chosen_move_and_the_engine_choice_wins(
    server: FakeOpenAIServer, client: LLMClient, llm_settings: Settings, mini_bank: Bank
) -> None:
    session = await scripted_session(server, mini_bank, llm_interviewer(client, llm_settings))
    # the model ignores the chosen move and gives the answer away
    turn = await session.turn(
        "I don't know. Can you tell me the answer?",
        Reply("MOVE: probe f-ce-2\nThe answer is that the gradient is p minus y."),
    )
    state = server.chat_requests()[-1].messages[1]["content"]
    assert "reads as: answer_request" in state
    assert "MOVE CHOSEN: make the move hint" in state
    assert "Allowed moves: hint -" in state
    assert f"The nudge to give (in your own words): {HINT_1}" in state
    assert turn.kind is TurnKind.HINT  # the engine's move, not the model's probe
    assert "p minus y" not in turn.text and HINT_1 in turn.text  # nor the model's words


async def test_words_streamed_for_another_move_are_replaced_with_a_note(
    server: FakeOpenAIServer, client: LLMClient, llm_settings: Settings, mini_bank: Bank
) -> None:
    """The real 1.5B model answered a request for the answer with a probe of its own: words that
    pass every guard, shown as they streamed, then superseded by the engine's hint. The
    transcript says why the candidate's screen changed."""
    session = await scripted_session(server, mini_bank, llm_interviewer(client, llm_settings))
    probe = "How would you check whether the validation set was drawn like the training set?"
    turn = await session.turn(
        "I don't know. Can you tell me the answer?", Reply(f"MOVE: probe -\n{probe}")
    )
    assert probe in "".join(e.text for e in session.log.of(TokenDelta))  # it was shown
    assert turn.kind is TurnKind.HINT and probe not in turn.text
    note = [e.turn for e in session.log.of(TurnRecorded)][-2]
    assert note.role is Role.SYSTEM and note.kind is TurnKind.NOTICE
    assert GUARD_NOTES[GuardReason.WRONG_MOVE] in note.text


async def test_the_model_writes_the_words_for_the_engine_move(
    server: FakeOpenAIServer, client: LLMClient, llm_settings: Settings, mini_bank: Bank
) -> None:
    session = await scripted_session(server, mini_bank, llm_interviewer(client, llm_settings))
    turn = await session.turn(
        "ok", Reply("MOVE: say_more -\nGo on, tell me how you would reason about it.")
    )
    state = server.chat_requests()[-1].messages[1]["content"]
    assert "reads as: minimal" in state and "Allowed moves: say_more -" in state
    assert turn.kind is TurnKind.SAY_MORE
    assert turn.text == "Go on, tell me how you would reason about it."


async def test_coverage_reaches_the_brief_and_the_persona_forbids_grading_and_answers(
    server: FakeOpenAIServer, client: LLMClient, llm_settings: Settings, mini_bank: Bank
) -> None:
    session = await scripted_session(server, mini_bank, llm_interviewer(client, llm_settings))
    await session.turn(
        "It is the negative log-likelihood; with softmax the gradient is p - y.",
        Reply("MOVE: probe f-ce-2\nWhen would you reach for focal loss?"),
    )
    req = server.chat_requests()[-1]
    state = req.messages[1]["content"]
    assert "reads as: answer" in state
    assert "Criteria the answers have covered (do not probe these): correctness" in state
    assert "Allowed moves: probe" in state and "MOVE CHOSEN" not in state
    persona = req.messages[0]["content"]
    assert "Never answer the interview question for the candidate" in persona
    assert "Do not evaluate out loud" in persona and "Makes sense" not in persona


async def test_a_stated_mistake_reaches_the_llm_brief_as_fenced_data(
    server: FakeOpenAIServer, client: LLMClient, llm_settings: Settings, mini_bank: Bank
) -> None:
    """Through the real client and the HTTP fake: the engine heard a mistake, and the model is
    told the candidate's own sentence to challenge, inside the candidate fence."""
    session = await scripted_session(server, mini_bank, llm_interviewer(client, llm_settings))
    claim = "Honestly MSE is fine for classification too."
    await session.turn(
        f"Cross-entropy is the negative log-likelihood. {claim}",
        Reply(f'MOVE: probe -\nYou said "{claim}" Why would that hold?'),
    )
    state = server.chat_requests()[-1].messages[1]["content"]
    assert "worth challenging with a probe" in state and "never say whether it is right" in state
    fence = state.split("<candidate-", 1)[1].split(">", 1)[0]
    assert f"<candidate-{fence}>{claim}</candidate-{fence}>" in state
