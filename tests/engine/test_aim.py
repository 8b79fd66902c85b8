"""A long first answer to a different question is stopped and the question restated, also when
clarifying questions came before it; an answer in the candidate's own words, a short one and a
second answer are probed as usual."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from app.calibration.dataset import load_set
from app.domain.acts import Coverage
from app.domain.bank import Bank
from app.domain.enums import Move, Role, RoundKind, TurnKind
from app.domain.events import TurnRecorded
from app.domain.transcript import RoundPlan, Turn
from app.engine.aim import answers_elsewhere
from app.interviewer.lines import restate
from app.judge.hearing import key_point_strengths
from tests.conftest import DATA, EventLog
from tests.engine.helpers import make_engine, plan_of
from tests.engine.turns_data import real_bank

DROPOUT = RoundPlan(
    kind=RoundKind.FUNDAMENTALS, minutes=20, question_ids=["fund-dropout-batchnorm"]
)
WEIGHT_DECAY_STORY = (
    "Regularization for me mostly means weight decay. Every optimizer step shrinks each weight "
    "a little, multiplying it by one minus the learning rate times lambda, and with AdamW that "
    "shrinkage is decoupled from the adaptive step, which is why it became the default for "
    "transformers. I usually set it to 0.1 for large models and 0.01 for small ones, and I "
    "leave biases and the layer-norm gains out of it. Early stopping is my other tool: keep the "
    "best checkpoint by validation loss, with a patience of a few evaluations."
)
OWN_WORDS = (
    "Each step it zeroes a random subset of units and rescales the rest, so no unit can lean on "
    "a particular partner; you end up averaging over a huge family of thinned networks that "
    "share weights. Batch statistics add noise of their own, and with billions of tokens the "
    "model barely sees an example twice, so there is little overfitting left to fight."
)


@pytest.fixture(scope="module")
def bank() -> Bank:
    return real_bank()


def _interviewer_turns(log: EventLog) -> list[Turn]:
    return [e.turn for e in log.of(TurnRecorded) if e.turn.role is Role.INTERVIEWER]


def _reply_to(bank: Bank, *answers: str) -> Turn:
    log = EventLog()

    async def run() -> None:
        engine, clock = make_engine(bank, plan_of(DROPOUT), log)
        await engine.start()
        for text in answers:
            clock.advance(60)
            await engine.submit(text)

    asyncio.run(run())
    return _interviewer_turns(log)[-1]


def test_a_long_answer_to_another_question_gets_the_question_again(bank: Bank) -> None:
    reply = _reply_to(bank, WEIGHT_DECAY_STORY)
    assert reply.kind is TurnKind.FOLLOW_UP
    assert "don't think that answers what I asked" in reply.text
    assert "How does dropout regularize a network?" in reply.text
    assert reply.follow_up_id is None


def test_an_own_words_answer_on_the_question_is_probed(bank: Bank) -> None:
    reply = _reply_to(bank, OWN_WORDS)
    assert "what I asked" not in reply.text


def test_the_second_answer_is_never_stopped_again(bank: Bank) -> None:
    reply = _reply_to(bank, WEIGHT_DECAY_STORY, WEIGHT_DECAY_STORY + " Also gradient clipping.")
    assert "what I asked" not in reply.text


def test_the_first_answer_after_a_clarifying_question_is_checked(bank: Bank) -> None:
    """Design rounds usually open with a question back; the check waits for the first answer."""
    clarify = "Before I answer: do you mean dropout at training time or at inference?"
    reply = _reply_to(bank, clarify, WEIGHT_DECAY_STORY)
    assert "don't think that answers what I asked" in reply.text
    assert "what I asked" not in _reply_to(bank, clarify, OWN_WORDS).text


def test_the_restated_move_is_a_probe(bank: Bank) -> None:
    """The engine's pacing sees an ordinary probe: no new move, no new state."""
    q = bank.questions["fund-dropout-batchnorm"]
    cov = Coverage(key_points=tuple(key_point_strengths(q, bank.rubric_for(q), OWN_WORDS)))
    assert not answers_elsewhere(OWN_WORDS, q.prompt, cov)
    cov = Coverage(key_points=(0.0,) * len(q.key_points))
    assert answers_elsewhere(WEIGHT_DECAY_STORY, q.prompt, cov)
    assert not answers_elsewhere(WEIGHT_DECAY_STORY[:200], q.prompt, cov)  # too short to tell
    assert Move.PROBE.value == "probe"


def test_no_calibration_answer_labelled_lean_hire_or_better_reads_as_elsewhere(
    bank: Bank,
) -> None:
    """Own-words experts share few of the prompt's words: none of the labelled ones, in either
    split, may be stopped as answering something else."""
    cal = load_set(Path(DATA / "calibration"))
    stopped = []
    for item in cal.items:
        q = bank.questions[item.question_id]
        if item.label < 3 or q.closing or item.submission is not None:
            continue
        first = next(t.text for t in item.turns if t.role == "candidate")
        cov = Coverage(key_points=tuple(key_point_strengths(q, bank.rubric_for(q), first)))
        if answers_elsewhere(first, q.prompt, cov):
            stopped.append(item.id)
    assert stopped == []


def test_a_short_prompt_is_restated_whole_a_long_one_by_its_first_question() -> None:
    short = "Your model has 5% training error and 25% validation error. What's going on?"
    assert restate(short).endswith(short)
    scenario = " ".join(["The team serves ten million users a day from three regions."] * 6)
    long = f"{scenario} How would you cut the p99 latency in half? Then walk me through costs."
    assert restate(long).endswith("How would you cut the p99 latency in half?")
