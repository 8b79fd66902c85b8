"""What a hostile probe of the offline interviewer found most often (2026-12-04): a check-in at
the end of an answer ("does that make sense?") answered as a scenario topic that "is open",
"can you repeat the question?" answered as a topic or deflected as small talk, and "is that
right?" after an answer stalling on "Back to the question"."""

from __future__ import annotations

import asyncio

import pytest

from app.domain.acts import DialogueAct
from app.domain.bank import Bank
from app.domain.enums import Role, RoundKind, TurnKind
from app.domain.events import TurnRecorded
from app.domain.transcript import RoundPlan, Turn
from app.engine.reading import read_turn
from app.interviewer.asks import asking_sentences
from app.interviewer.lines import FEEDBACK_LATER, question_ask
from tests.conftest import EventLog
from tests.engine.helpers import replay
from tests.engine.turns_data import real_bank

TEMPERATURE = "fund-temperature"
ANSWER = (
    "Temperature divides the logits before the softmax: p_i = exp(z_i / T) / sum_j exp(z_j / T). "
    "Low T sharpens the distribution toward the argmax, high T flattens it toward uniform."
)


@pytest.fixture(scope="module")
def bank() -> Bank:
    return real_bank()


@pytest.mark.parametrize(
    "check_in",
    [
        "Does that make sense?",
        "Does that make sense so far?",
        "Is that the kind of story you want?",
        "Does that answer it?",
        "Does that sound right to you?",
        "Is my explanation clear?",
        "Make sense?",
    ],
)
def test_a_check_in_asks_nothing(check_in: str) -> None:
    assert asking_sentences(f"{ANSWER} {check_in}") == []
    reading = read_turn(f"{ANSWER} {check_in}")
    assert reading.act is DialogueAct.ANSWER and reading.asks == ()


@pytest.mark.parametrize(
    "question", ["Does that include follow-up turns?", "Is that the budget per month?"]
)
def test_a_question_about_what_was_said_still_asks(question: str) -> None:
    assert [s.text for s in asking_sentences(question)] == [question]


def _session(bank: Bank, qid: str, *texts: str) -> list[Turn]:
    return replay(
        bank, RoundPlan(kind=RoundKind.FUNDAMENTALS, minutes=20, question_ids=[qid]), *texts
    )


def _replies(turns: list[Turn]) -> list[Turn]:
    return [t for t in turns if t.role is Role.INTERVIEWER and t.kind is not TurnKind.ROUND_START]


def test_an_answer_ending_in_a_check_in_is_probed_not_clarified(bank: Bank) -> None:
    reply = _replies(_session(bank, TEMPERATURE, f"{ANSWER} Does that make sense?"))[-1]
    assert reply.kind is TurnKind.FOLLOW_UP
    assert " is open" not in reply.text and "specified" not in reply.text


@pytest.mark.parametrize(
    "request_",
    [
        "Sorry, can you repeat the question?",
        "Could you rephrase that?",
        "sorry, what was the question again?",
        "Sorry, can you say that again?",
        "Sorry, I lost track. Which question are we on?",
    ],
)
def test_a_repeat_request_gets_the_question_again(bank: Bank, request_: str) -> None:
    replies = _replies(_session(bank, TEMPERATURE, request_))
    asked, again = replies[-2], replies[-1]
    assert asked.kind is TurnKind.QUESTION
    assert again.text == f"Sure. {question_ask(bank.questions[TEMPERATURE].prompt)}"
    assert "specified" not in again.text and "keep to the question" not in again.text


def test_a_repeat_in_a_design_round_gets_the_scenario_ask_without_a_lead_in(bank: Bank) -> None:
    """Seen in tmux: "Sure. Let me stop you there: I don't think that answers what I asked.
    Design the click-through-rate prediction system ..." """
    design = RoundPlan(
        kind=RoundKind.SYSTEM_DESIGN, minutes=45, question_ids=["sd-ads-ctr-prediction"]
    )
    again = _replies(replay(bank, design, "Sorry, can you repeat the question?"))[-1]
    assert again.text == f"Sure. {question_ask(bank.questions['sd-ads-ctr-prediction'].prompt)}"
    assert "stop you there" not in again.text


def test_a_repeat_request_after_a_follow_up_gets_the_follow_up(bank: Bank) -> None:
    replies = _replies(_session(bank, TEMPERATURE, ANSWER, "Can you repeat the question?"))
    probe, again = replies[-2], replies[-1]
    assert probe.kind is TurnKind.FOLLOW_UP and probe.follow_up_id is not None
    follow_up = next(
        f for f in bank.questions[TEMPERATURE].follow_ups if f.id == probe.follow_up_id
    )
    assert again.text == f"Sure. {follow_up.ask.strip()}"


def test_is_that_right_after_an_answer_goes_on_without_a_verdict(bank: Bank) -> None:
    replies = _replies(_session(bank, TEMPERATURE, ANSWER, "Is that right?"))
    last = replies[-1]
    assert last.kind is TurnKind.FOLLOW_UP
    assert last.text.startswith(FEEDBACK_LATER)
    assert "Back to the question" not in last.text


def test_is_that_right_before_any_answer_is_still_declined(bank: Bank) -> None:
    last = _replies(_session(bank, TEMPERATURE, "Is that right?"))[-1]
    assert last.kind is TurnKind.REDIRECT


def _closing_session(bank: Bank, *texts: str) -> list[Turn]:
    story = RoundPlan(
        kind=RoundKind.BEHAVIORAL,
        minutes=20,
        question_ids=["bh-model-misbehaved-production"],
        closing_question_id="bh-closing-questions",
    )
    return replay(bank, story, *texts)


def test_a_closing_question_no_fact_answers_is_not_a_scenario_to_assume(bank: Bank) -> None:
    from app.interviewer.lines import CLOSING_UNKNOWN

    replies = _replies(
        _closing_session(
            bank,
            "Can we move on to the next question?",
            "What do you personally enjoy most about working here?",
            "How big is the team?",
        )
    )
    assert replies[-3].question_id == "bh-closing-questions"
    assert replies[-2].text == CLOSING_UNKNOWN
    team = next(f for f in bank.questions["bh-closing-questions"].scenario_facts if f.id == "team")
    assert replies[-1].text == " ".join(team.answer.split())


@pytest.mark.parametrize("request_", ["What do you mean?", "Sorry, I'm not sure what you mean."])
def test_not_following_the_interviewer_gets_the_ask_put_another_way(
    bank: Bank, request_: str
) -> None:
    replies = _replies(_session(bank, TEMPERATURE, ANSWER, request_))
    probe, again = replies[-2], replies[-1]
    follow_up = next(
        f for f in bank.questions[TEMPERATURE].follow_ups if f.id == probe.follow_up_id
    )
    assert again.text == f"Put another way: {follow_up.ask.strip()}"


@pytest.mark.parametrize(
    "request_", ["What do you think, is a higher temperature risky here?", "Would you prefer that?"]
)
def test_the_interviewers_opinion_is_handed_back(bank: Bank, request_: str) -> None:
    from app.interviewer.lines import YOUR_VIEW

    last = _replies(_session(bank, TEMPERATURE, ANSWER, request_))[-1]
    assert last.text == YOUR_VIEW


def test_a_coding_question_the_facts_do_not_answer_points_at_the_spec(bank: Bank) -> None:
    """A probe asked "can labels be negative other than ignore_index?", which the problem
    statement answers (and hidden tests check), and was told to assume whatever it liked."""
    from app.interviewer.lines import SPEC_UNKNOWN
    from tests.coding.helpers import coding_engine, coding_plan

    log = EventLog()
    engine, clock = coding_engine(bank, log, plan=coding_plan("code-softmax-xent"))

    async def go() -> None:
        await engine.start()
        clock.advance(30)
        await engine.submit("Can labels be negative other than ignore_index?")
        await engine.drain()
        await engine.aclose()

    asyncio.run(go())
    said = [e.turn for e in log.of(TurnRecorded) if e.turn.role is Role.INTERVIEWER]
    assert said[-1].text == SPEC_UNKNOWN


def test_that_covers_it_after_a_partial_answer_gets_a_probe_not_go_ahead(bank: Bank) -> None:
    """A probe answered the maths of temperature only, said "I think that covers it", and
    heard "Okay, go ahead whenever you're ready."; the second half was never asked."""
    replies = _replies(_session(bank, TEMPERATURE, ANSWER, "I think that covers it."))
    last = replies[-1]
    assert last.kind in (TurnKind.FOLLOW_UP, TurnKind.QUESTION, TurnKind.WRAP_UP)
    assert "go ahead whenever" not in last.text


def test_a_minimal_reply_to_a_story_question_asks_for_the_story_not_a_design(bank: Bank) -> None:
    story = RoundPlan(
        kind=RoundKind.BEHAVIORAL, minutes=20, question_ids=["bh-model-misbehaved-production"]
    )
    last = _replies(replay(bank, story, "ok", step_s=30))[-1]
    assert last.kind is TurnKind.SAY_MORE
    assert (
        "what you did yourself" in last.text or "happened" in last.text or "own part" in last.text
    )


def test_an_assumption_the_scenario_specifies_is_corrected_with_the_fact(bank: Bank) -> None:
    """A probe assumed 1,000 QPS where the scenario says about 15, and was never told."""
    from app.interviewer.assumptions import SPECIFIED

    design = RoundPlan(
        kind=RoundKind.SYSTEM_DESIGN, minutes=45, question_ids=["sd-rag-enterprise-search"]
    )
    facts = {f.id: f for f in bank.questions["sd-rag-enterprise-search"].scenario_facts}
    turns = replay(
        bank,
        design,
        "I'll assume around 1,000 queries per second at peak, to keep it simple. Then I'd "
        "build a hybrid retriever over a vector index and BM25 with a reranker on top.",
        "Assuming 1,000 queries per second, I'd shard the index three ways.",
    )
    replies = _replies(turns)
    told, later = replies[-2], replies[-1]
    assert told.kind is TurnKind.CLARIFICATION and told.text.startswith(SPECIFIED)
    assert "traffic" in told.facts and " ".join(facts["traffic"].answer.split()) in told.text
    assert not later.text.startswith(SPECIFIED)  # said once; the candidate has heard it


def test_an_answer_that_asks_a_fact_beside_what_do_you_think_gets_the_fact(bank: Bank) -> None:
    """The aside is the reader's finding on a short turn: a long answer's own question about
    the scenario is still answered from the facts."""
    design = RoundPlan(
        kind=RoundKind.SYSTEM_DESIGN, minutes=45, question_ids=["sd-rag-enterprise-search"]
    )
    corpus = next(
        f for f in bank.questions["sd-rag-enterprise-search"].scenario_facts if f.id == "corpus"
    )
    last = _replies(
        replay(
            bank,
            design,
            "I'd start from hybrid retrieval: BM25 plus dense vectors, fused, then a cross-encoder "
            "reranker over the top fifty passages before the model answers with citations. "
            "What do you think, and how many documents are there?",
        )
    )[-1]
    assert last.kind is TurnKind.CLARIFICATION
    assert " ".join(corpus.answer.split()) in last.text
