"""A candidate's offer to go on ("should I go through the memory numbers?") gets a yes, and a
decision put to the interviewer ("should we shard by tenant?") is handed back: neither is a
topic that "is open" in the scenario."""

from __future__ import annotations

import pytest

from app.domain.bank import Bank
from app.domain.enums import Role, RoundKind, TurnKind
from app.domain.transcript import RoundPlan
from app.interviewer.clarify import clarify
from app.interviewer.offers import find_offer
from tests.engine.helpers import replay
from tests.engine.turns_data import real_bank

RAG = "sd-rag-enterprise-search"


@pytest.fixture(scope="module")
def bank() -> Bank:
    return real_bank()


@pytest.mark.parametrize(
    ("text", "reply"),
    [
        (
            "Should I also go through the memory numbers?",
            "Yes, please go through the memory numbers.",
        ),
        ("Can I continue?", "Yes, please continue."),
        (
            "Do you want me to go deeper on my retrieval design?",
            "go deeper on your retrieval design",
        ),
        ("Would you like me to sketch the schema?", "Yes, please sketch the schema."),
        ("Shall I quickly estimate the storage?", "Yes, please estimate the storage."),
    ],
)
def test_an_offer_to_go_on_gets_a_yes_that_says_what(bank: Bank, text: str, reply: str) -> None:
    got = clarify(text, bank.questions[RAG].scenario_facts)
    assert reply in got.text
    assert "specified" not in got.text and " is open" not in got.text
    assert got.fact_ids == []


def test_a_fact_asked_beside_an_offer_is_answered_and_the_offer_accepted(bank: Bank) -> None:
    facts = bank.questions[RAG].scenario_facts
    alone = clarify("How many documents are there?", facts)
    both = clarify("How many documents are there, and should I sketch the ingestion first?", facts)
    assert both.fact_ids == alone.fact_ids == ["corpus"]
    assert both.text.startswith(alone.text)
    assert both.text.endswith("Yes, please sketch the ingestion first.")


def test_an_offer_to_guess_what_the_facts_tell_gets_the_fact_not_a_yes(bank: Bank) -> None:
    got = clarify(
        "Should I estimate the QPS or do you have a number?", bank.questions[RAG].scenario_facts
    )
    assert got.fact_ids and "Yes, please" not in got.text


@pytest.mark.parametrize(
    "text",
    [
        "Should we shard by tenant?",
        "Should I use Kafka or Kinesis for ingestion?",
        "Can I use Redis here?",
    ],
)
def test_a_design_decision_is_handed_back_as_the_candidates(bank: Bank, text: str) -> None:
    got = clarify(text, bank.questions[RAG].scenario_facts)
    assert got.text == "That's your call: decide, and tell me why."


def test_a_choice_offered_is_the_candidates_to_make(bank: Bank) -> None:
    got = clarify(
        "Should I go deeper on the retrieval side or on permissions?",
        bank.questions[RAG].scenario_facts,
    )
    assert got.text == "Your call: start with the one you think matters more, and say why."


@pytest.mark.parametrize(
    "text",
    [
        "How many documents are there?",
        "Should we expect multilingual queries?",  # asks what to expect: no offer to go on
        "I'd go through the memory numbers next.",  # a plan, not a question
    ],
)
def test_no_offer_where_none_is_made(text: str) -> None:
    assert find_offer([text]) is None


def test_a_long_answer_ending_in_an_offer_hears_yes_from_the_interviewer(bank: Bank) -> None:
    """The first screen of a fundamentals session, in tmux: the reply was "Through the memory
    numbers is open: assume whatever you think is reasonable and tell me." """
    qid = "fund-lora-qlora-memory"
    turns = replay(
        bank,
        RoundPlan(kind=RoundKind.FUNDAMENTALS, minutes=20, question_ids=[qid]),
        "LoRA freezes the base weights and learns a low-rank update B times A on the "
        "attention projections, rank 8 or 16. QLoRA keeps the frozen base in 4-bit NF4 and "
        "backprops through it into the adapters. Should I also go through the memory numbers?",
    )
    said = [t for t in turns if t.role is Role.INTERVIEWER]
    assert said[-1].kind is TurnKind.CLARIFICATION
    assert said[-1].text in (
        "Yes, please go through the memory numbers.",
        "Please do.",
        "Yes, please go ahead.",
    )
