"""Clarifications from scenario facts: the repro cases of issue 11, one test each."""

from __future__ import annotations

import pytest

from app.domain.bank import Bank, ScenarioFact
from app.domain.enums import Move, Phase, RoundKind
from app.interviewer.clarify import asked_parts, clarify
from app.interviewer.offline import OfflineInterviewer
from tests.engine.turns_data import real_bank
from tests.interviewer.helpers import turn_context


@pytest.fixture(scope="module")
def bank() -> Bank:
    return real_bank()


def facts(bank: Bank, qid: str) -> list[ScenarioFact]:
    return bank.questions[qid].scenario_facts


def ids(bank: Bank, qid: str, text: str) -> list[str | None]:
    return [p.fact_id for p in asked_parts(text, facts(bank, qid))]


def test_accessibility_does_not_match_the_access_fact(bank: Bank) -> None:
    for qid in ("sd-rag-enterprise-search", "sd-feature-store-platform"):
        got = clarify("accessibility requirements for the UI?", facts(bank, qid))
        assert got.fact_ids == []
        assert "accessibility requirements for the ui" in got.text.lower()
        assert "assume" in got.text.lower()
    assert ids(bank, "sd-rag-enterprise-search", "Who can access the HR space?") == ["permissions"]


def test_optimizing_for_examples_get_the_objective_not_the_logs(bank: Bank) -> None:
    got = ids(
        bank, "sd-recommendation-system", "What are we optimizing for: watch time, retention?"
    )
    assert got == ["objectives"]


def test_count_both_k_and_v_gets_an_answer_not_the_canned_decline(bank: Bank) -> None:
    got = clarify("should I count both K and V?", facts(bank, "fund-mha-gqa-mqa"))
    assert got.fact_ids == ["count-kv"]
    assert "keys and the values" in got.text


def test_each_part_of_a_multi_part_question_is_answered(bank: Bank) -> None:
    qid = "sd-fraud-detection"
    got = clarify(
        "What's the latency budget, how many transactions per second, and is there a mobile SDK?",
        facts(bank, qid),
    )
    assert [p.fact_id for p in got.parts] == ["latency", "traffic", None]
    by_id = {f.id: f for f in facts(bank, qid)}
    assert " ".join(by_id["latency"].answer.split()) in got.text
    assert " ".join(by_id["traffic"].answer.split()) in got.text
    assert "mobile sdk" in got.text.lower()


def test_no_unasked_fact_is_volunteered(bank: Bank) -> None:
    got = clarify(
        "how many tokens per second does each user need?", facts(bank, "sd-serve-70b-chat")
    )
    assert got.fact_ids == ["slo"]
    lengths = next(f for f in facts(bank, "sd-serve-70b-chat") if f.id == "lengths")
    assert " ".join(lengths.answer.split()) not in got.text


def test_a_clarifying_statement_without_a_question_mark_is_answered(bank: Bank) -> None:
    got = clarify(
        "I still want to clarify the latency target and the budget",
        facts(bank, "sd-recommendation-system"),
    )
    assert [p.fact_id for p in got.parts] == ["latency", None]
    assert "budget" in got.text.split("ms")[-1].lower()


def test_repeated_questions_get_the_same_facts(bank: Bank) -> None:
    qid = "sd-search-ranking"
    first = clarify("What's the latency budget?", facts(bank, qid), seq=3)
    again = clarify("What's the latency budget?", facts(bank, qid), seq=9, revealed=["latency"])
    reworded = clarify("how fast must results come back, p99?", facts(bank, qid), seq=11)
    assert first.fact_ids == again.fact_ids == reworded.fact_ids == ["latency"]
    assert again.text.startswith("As I said")


def test_unspecified_wording_varies_by_seq_and_is_deterministic(bank: Bank) -> None:
    q = "Is there a budget for GPUs?"
    eta = facts(bank, "sd-eta-prediction")
    texts = {clarify(q, eta, seq=n).text for n in range(4)}
    assert len(texts) == 4
    assert clarify(q, eta, seq=2).text == clarify(q, eta, seq=2).text
    assert all("budget for gpus" in t.lower() for t in texts)


def test_the_offline_interviewer_answers_from_clarify(bank: Bank) -> None:
    q = bank.questions["sd-recommendation-system"]
    ctx = turn_context(
        bank,
        q.id,
        RoundKind.SYSTEM_DESIGN,
        Phase.REQUIREMENTS,
        [Move.CLARIFY, Move.PROBE],
        time_left_round_s=2000,
        time_in_phase_s=30,
        time_on_question_s=30,
        candidate_message="How many users, and what's the latency budget?",
        candidate_asked_question=True,
    )
    reply = OfflineInterviewer().decide(ctx)
    assert reply.move is Move.CLARIFY
    assert reply.fact_ids == ["users-traffic", "latency"]
    matched = OfflineInterviewer.match_facts("what are we optimizing for?", q.scenario_facts)
    assert [f.id for f in matched] == ["objectives"]


@pytest.mark.parametrize(
    "text",
    [
        "Can I ask some clarifying questions first?",
        "Mind if I ask a couple of questions?",
        "Before I design anything, can I ask a few questions?",
        "Is it ok if I ask a few quick questions?",
    ],
)
def test_permission_to_ask_is_an_invitation_not_an_unspecified_topic(bank: Bank, text: str) -> None:
    from app.engine.reading import read_turn

    q = bank.questions["sd-rag-enterprise-search"]
    reading = read_turn(
        text,
        question_prompt=q.prompt,
        phase_is_closing=False,
        scenario_facts=q.scenario_facts,
        topics=q.topics,
    )
    assert reading.act.value == "clarifying_question"  # not off-topic: it is the design opener
    got = clarify(text, q.scenario_facts)
    assert got.fact_ids == []
    assert "go ahead" in got.text.lower()
    assert "specified" not in got.text.lower()


def test_a_question_after_asking_permission_is_answered_not_invited(bank: Bank) -> None:
    """ "Can I ask a clarifying question: how many documents?" asks it; only a bare request
    ("can I ask a few questions first?") gets the invitation."""
    q = bank.questions["sd-rag-enterprise-search"]
    bare = clarify("How many documents are there?", q.scenario_facts)
    for lead in ("Can I ask a clarifying question: ", "Could I ask something? ", "May I ask. "):
        got = clarify(lead + "how many documents are there?", q.scenario_facts)
        assert got.fact_ids == bare.fact_ids == ["corpus"] and got.text == bare.text, lead
    open_one = clarify(
        "Can I ask a clarifying question: what colour is the company logo?", q.scenario_facts
    )
    assert open_one.fact_ids == [] and open_one.text.startswith("Colour")
    for request in ("Can I ask a few questions first?", "Can I ask a couple of questions?"):
        assert "go ahead" in clarify(request, q.scenario_facts).text.lower(), request


def test_a_topic_is_handed_back_without_the_lead_in_or_the_candidates_plan(bank: Bank) -> None:
    q = bank.questions["sd-rag-enterprise-search"]
    got = clarify("Before I design anything, what is the colour of the logo?", q.scenario_facts)
    assert got.text.startswith("Colour of the logo")
    assert "design anything" not in got.text
    bare = clarify("What should I do about the logo colour I picked?", q.scenario_facts)
    assert "I picked" not in bare.text and "specified" in bare.text
    named = clarify("Can I ask about the colour of the logo?", q.scenario_facts)
    assert "go ahead" not in named.text.lower()  # it names a topic: that is the question


def test_a_long_or_two_part_topic_is_not_parroted_back(bank: Bank) -> None:
    """The real 1.5B model's design session stored "Model retraining cadence, and when was the
    last rollback is open: ...": the candidate's own words handed back, one question swallowed
    by the other. Such a topic gets the plain line, which answers every part at once."""
    q = bank.questions["sd-rag-enterprise-search"]
    two = clarify("What's the logo colour, and when was the last rebrand?", q.scenario_facts)
    assert "last rebrand" not in two.text and "specified" in two.text
    long = clarify("What colour is the carpet in the lobby of the north office?", q.scenario_facts)
    assert long.parts[0].fact_id is None  # nothing in the scenario says
    assert "north office" not in long.text and "specified" in long.text
    short = clarify("What is the colour of the logo?", q.scenario_facts)
    assert short.text.startswith("Colour of the logo")


def test_a_topic_that_is_still_a_question_is_not_read_back(bank: Bank) -> None:
    """Seen in the TUI: "what model are we tuning?" came back as "Model are we tuning is open"."""
    q = bank.questions["sd-rag-enterprise-search"]
    for text in ("What logo colour are we using?", "What mascot do they prefer?"):
        got = clarify(text, q.scenario_facts)
        assert got.parts[0].fact_id is None
        assert (
            got.text
            == "That isn't specified; assume something reasonable and tell me what you chose."
        )
    noun = clarify("What is the colour of the logo?", q.scenario_facts)
    assert noun.text.startswith("Colour of the logo")


def test_a_remark_beside_a_question_is_not_handed_back_as_a_topic(bank: Bank) -> None:
    """A probe saw "Nothing is set for forgot, so pick what you think is realistic"."""
    q = bank.questions["sd-serve-70b-chat"]
    bare = clarify("How many nodes do we actually have?", q.scenario_facts)
    got = clarify("How many nodes do we actually have, I forgot?", q.scenario_facts)
    assert got.fact_ids == bare.fact_ids and got.fact_ids
    assert got.text == bare.text
    alone = clarify("I forgot the colour of the logo?", q.scenario_facts)
    assert "specified" in alone.text  # a lone remark-shaped question still gets an answer
