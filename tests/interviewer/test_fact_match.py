"""How a clarifying question finds its fact: shared paraphrases, heads of noun compounds,
entity words, longest phrases, and how the parts of a question are told apart.

Small hand-made scenarios show each rule on its own; the real bank shows it in place.
"""

from __future__ import annotations

import pytest

from app.domain.bank import Bank, ScenarioFact
from app.interviewer.clarify import asked_parts
from app.interviewer.concepts import expanded
from tests.engine.turns_data import real_bank


@pytest.fixture(scope="module")
def bank() -> Bank:
    return real_bank()


def ids(facts: list[ScenarioFact], text: str) -> list[str | None]:
    return [p.fact_id for p in asked_parts(text, facts)]


def bank_ids(bank: Bank, qid: str, text: str) -> list[str | None]:
    return ids(bank.questions[qid].scenario_facts, text)


def fact(fid: str, about: list[str], answer: str) -> ScenarioFact:
    return ScenarioFact(id=fid, about=about, answer=answer)


SHOP = [
    fact("volume", ["volume", "how many", "orders", "customers"], "About 2 million orders a day."),
    fact("latency", ["latency"], "Checkout gets 300 ms at p99."),
    fact("privacy", ["privacy"], "Card data stays in the payments vault; customers can opt out."),
    fact("data", ["data", "history"], "Three years of order history for every customer."),
]


def test_a_concept_anchor_brings_the_shared_paraphrases() -> None:
    assert "time budget" in expanded(("latency",))
    assert "time budget" not in expanded(("volume",))
    assert ids(SHOP, "what's the time budget for checkout?") == ["latency"]
    assert ids(SHOP, "how long do we have to answer?") == ["latency"]


def test_a_scenario_without_the_concept_leaves_it_unspecified() -> None:
    no_latency = [f for f in SHOP if f.id != "latency"]
    assert ids(no_latency, "what's the time budget for checkout?") == [None]


def test_an_entity_word_alone_does_not_answer_a_count_fact() -> None:
    assert ids(SHOP, "do customers get to pick a delivery slot?") == [None]
    assert ids(SHOP, "how many customers order a day?") == ["volume"]


def test_the_longest_phrase_owns_its_words() -> None:
    # "personal data" is a privacy paraphrase; "data" alone would vote for the data fact
    assert ids(SHOP, "can uploads contain personal data?") == ["privacy"]


def test_a_noun_compound_is_about_its_head(bank: Bank) -> None:
    rec = "sd-recommendation-system"
    assert bank_ids(bank, rec, "what's our monthly GPU budget?") == [None]
    assert bank_ids(bank, rec, "do we have a GPU inference cluster?") == ["infra-team"]
    # the head belongs to the fact's own wording: "p99 budget" is the latency budget
    assert bank_ids(bank, "sd-ads-ctr-prediction", "what's the p99 budget?") == ["latency"]


def test_the_word_after_how_is_the_focus(bank: Bank) -> None:
    assert bank_ids(bank, "sd-coding-agent-eval", "how expensive is a single agent run?") == [
        "cost"
    ]


def test_an_and_between_nouns_is_one_part(bank: Bank) -> None:
    fraud = "sd-fraud-detection"
    assert bank_ids(bank, fraud, "What data do we have on devices and merchants?") == ["data"]
    assert bank_ids(
        bank,
        "sd-recommendation-system",
        "I still want to clarify the latency target and the budget",
    ) == ["latency", None]


def test_an_example_alone_does_not_answer_its_head(bank: Bank) -> None:
    rag = "sd-rag-enterprise-search"
    assert bank_ids(bank, rag, "can the assistant take actions like filing tickets?") == [None]
    assert bank_ids(
        bank, "sd-recommendation-system", "any accessibility requirements, like captions?"
    ) == [None]
    assert bank_ids(bank, "sd-feature-store-platform", "Where does the data come from: Kafka?") == [
        "sources"
    ]


def test_look_like_is_not_an_example_marker(bank: Bank) -> None:
    got = bank_ids(
        bank,
        "sd-search-ranking",
        "What does the query distribution look like, and what is the latency budget?",
    )
    assert got == ["queries", "latency"]


def test_a_lead_in_and_a_trailing_question_join_their_part(bank: Bank) -> None:
    fraud = "sd-fraud-detection"
    assert bank_ids(
        bank, fraud, "Which is worse for us, blocking good customers or missing fraud?"
    ) == ["costs"]
    assert bank_ids(
        bank,
        "sd-coding-agent-eval",
        "How many tasks are in the current suite and are they reliable?",
    ) == ["current-suite"]
    assert bank_ids(
        bank, "sd-recommendation-system", "Before I start, I want to confirm the latency target."
    ) == ["latency"]


def test_how_much_of_a_population_asks_about_the_rest(bank: Bank) -> None:
    assert bank_ids(bank, "sd-llm-guardrails", "How much of traffic is English?") == ["languages"]
