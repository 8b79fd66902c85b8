"""A mistake the answer states is challenged once, in the candidate's own words, the way a real
interviewer pushes back: the first turn that states one, never again for that question, the same
live and after a resume, and never for an answer that states none."""

from __future__ import annotations

import asyncio

import pytest

from app.domain.bank import Bank
from app.domain.enums import Move, Phase, Role, RoundKind, TurnKind
from app.domain.events import TurnRecorded
from app.domain.transcript import RoundPlan, Turn
from app.interviewer import lines
from app.interviewer.offline import OfflineInterviewer
from app.judge.hearing import hear
from tests.engine.helpers import make_engine, plan_of, replay
from tests.engine.turns_data import real_bank
from tests.interviewer.helpers import turn_context

ADAM = RoundPlan(kind=RoundKind.FUNDAMENTALS, minutes=30, question_ids=["fund-sgd-adam-adamw"])
RIGHT = (
    "SGD with momentum keeps a running average of gradients. Adam also scales each coordinate "
    "by the square root of a running average of squared gradients. AdamW decouples weight "
    "decay: it shrinks the weights directly each step instead of adding an L2 term to the "
    "loss, so the decay is not divided by the adaptive denominator."
)
WRONG_SENTENCE = "AdamW is simply Adam with an L2 penalty added to the loss, nothing more."
WRONG = (
    "SGD with momentum averages the gradients over steps, and Adam adapts a step size per "
    f"parameter from the first and second moments. {WRONG_SENTENCE} It became the default "
    "because transformers overfit without regularisation."
)


@pytest.fixture(scope="module")
def bank() -> Bank:
    return real_bank()


def _interviewer_after(turns: list[Turn], answer: str) -> Turn:
    i = next(i for i, t in enumerate(turns) if t.role is Role.CANDIDATE and t.text == answer)
    return next(t for t in turns[i + 1 :] if t.role is Role.INTERVIEWER)


def test_the_judge_hears_the_mistake_in_the_candidates_sentence(bank: Bank) -> None:
    q = bank.questions["fund-sgd-adam-adamw"]
    assert hear(q, bank.rubric_for(q), WRONG).claims == [WRONG_SENTENCE]
    assert hear(q, bank.rubric_for(q), RIGHT).claims == []


def test_a_stated_mistake_is_put_back_to_the_candidate_once(bank: Bank) -> None:
    again = "As I said, AdamW is simply Adam with an L2 penalty added to the loss."
    turns = replay(bank, ADAM, WRONG, again)
    challenge = _interviewer_after(turns, WRONG)
    assert challenge.kind is TurnKind.FOLLOW_UP and challenge.follow_up_id is None
    assert '"AdamW is simply Adam with an L2 penalty added to the loss, nothing more."' in (
        challenge.text
    )
    later = _interviewer_after(turns, again)
    assert "AdamW is simply Adam" not in later.text  # once per question: no nagging
    assert "you said" not in later.text.lower() and "claim" not in later.text.lower()


def test_a_right_answer_gets_the_ordinary_probe(bank: Bank) -> None:
    turns = replay(bank, ADAM, RIGHT)
    probe = _interviewer_after(turns, RIGHT)
    assert probe.kind is TurnKind.FOLLOW_UP and probe.follow_up_id is not None
    assert "you said" not in probe.text.lower()


def test_a_resumed_session_hears_the_mistake_as_already_stated(bank: Bank) -> None:
    """Resume right after the challenged answer: the restatement is not challenged again."""
    live = replay(bank, ADAM, WRONG)
    assert '"AdamW is simply Adam' in live[-1].text
    seen: list[Turn] = []
    engine, clock = make_engine(
        bank,
        plan_of(ADAM),
        lambda e: seen.append(e.turn) if isinstance(e, TurnRecorded) else None,
        history=live,
    )
    again = "Like I said, AdamW is simply Adam with an L2 penalty added to the loss."

    async def go() -> None:
        await engine.start()
        clock.advance(60)
        await engine.submit(again)
        await engine.drain()

    asyncio.run(go())
    reply = next(t for t in seen if t.role is Role.INTERVIEWER and t.seq > live[-1].seq)
    assert "AdamW is simply Adam" not in reply.text


def test_a_long_claim_is_quoted_by_its_first_words() -> None:
    claim = "AdamW is Adam with an L2 penalty " + " ".join(f"w{i}" for i in range(40)) + "."
    said = lines.challenge(claim, 0, story=False)
    assert '"AdamW is Adam with an L2 penalty w0' in said
    assert " w20..." in said and "w21" not in said
    short = lines.challenge("I blamed the data team entirely.", 1, story=True)
    assert '"I blamed the data team entirely."' in short and "..." not in short


def test_the_llm_interviewer_is_told_the_claim_as_fenced_data(bank: Bank) -> None:
    from app.interviewer.prompt import compact_state

    ctx = turn_context(
        bank,
        "fund-sgd-adam-adamw",
        RoundKind.FUNDAMENTALS,
        Phase.QUESTIONS,
        [Move.PROBE, Move.NEXT_QUESTION],
        candidate_message=WRONG,
        claim=WRONG_SENTENCE,
    )
    assert OfflineInterviewer().decide(ctx).text.startswith("Let me push on one thing you said")
    state = compact_state(ctx, "f00")
    assert f"<candidate-f00>{WRONG_SENTENCE}</candidate-f00>" in state
    assert "never say whether it is right" in state
    no_probe = ctx.model_copy(update={"allowed_moves": [Move.NEXT_QUESTION]})
    assert WRONG_SENTENCE not in compact_state(no_probe, "f00")
