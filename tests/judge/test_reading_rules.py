"""Reading rules added for issue 12's held-out figures (heuristic-v5): wrapped lines, lists
behind a preamble, formulas as statements, the system-design strong-hire bar, and the closing
segment's menu of questions. Inputs are tune items of the bundled calibration set or text
written here; every assertion compares the judge with itself on a controlled change."""

from __future__ import annotations

import re

import pytest

from app.bank import load_bank
from app.calibration.dataset import CalibrationItem, CalibrationSet, load_set
from app.calibration.runner import build_request
from app.domain.bank import Bank
from app.domain.transcript import Assessment
from app.judge.bars import SIZED_NOTE
from app.judge.cues import list_dump
from app.judge.noise import Noise
from app.judge.offline import OfflineJudge
from app.judge.reading import read
from app.judge.redflags import fired
from app.judge.wraps import flatten_wraps, unwrap
from tests.conftest import DATA, ROOT


@pytest.fixture(scope="module")
def bank() -> Bank:
    return load_bank(ROOT / "question_bank", ROOT / "rubrics")


@pytest.fixture(scope="module")
def tune() -> dict[str, CalibrationItem]:
    cal: CalibrationSet = load_set(DATA / "calibration")
    return {i.id: i for i in cal.items if i.split == "tune"}


def _judge(bank: Bank, item: CalibrationItem, answer: str | None = None) -> Assessment:
    if answer is not None:
        item = item.model_copy(update={"answer": answer})
    return OfflineJudge().score(build_request(item, bank))


def _red_flags(bank: Bank, question_id: str, text: str) -> list[str]:
    """The question's red flags that `text` states, read as the judge reads an answer."""
    q = bank.questions[question_id]
    return fired(q, read(text, [kp.signals for kp in q.key_points], []))


def _flag_with(bank: Bank, question_id: str, signal: str) -> str:
    return next(rf.flag for rf in bank.questions[question_id].red_flags if signal in rf.signals)


def test_a_line_break_inside_a_sentence_is_a_space() -> None:
    text = "Scores grow like\nsqrt(d_k), so\n  we divide.\n- a bullet\n- another\n\nNext:\nlist"
    joined = "Scores grow like sqrt(d_k), so we divide."
    assert unwrap(text) == joined + "\n- a bullet\n- another\n\nNext:\nlist"
    flat = flatten_wraps(text)
    assert len(flat) == len(text) and flat.count("\n") == text.count("\n") - 2


def test_a_wrapped_answer_scores_as_the_same_answer_on_one_line(
    bank: Bank, tune: dict[str, CalibrationItem]
) -> None:
    item = tune["b6-se-label-delay"]  # a short expert answer, hard-wrapped mid-sentence
    assert isinstance(item.answer, str) and re.search(r"[a-z,]\n[a-z]", item.answer)
    one_line = " ".join(item.answer.split())
    wrapped, flat = _judge(bank, item), _judge(bank, item, one_line)
    assert wrapped.weighted_score == flat.weighted_score
    assert wrapped.overall_level == flat.overall_level


def test_a_list_behind_a_preamble_is_a_list() -> None:
    padded = (
        "Beyond that I'd leverage a robust strategy: walk-forward validation, expanding windows, "
        "sliding windows, purging, embargo, blocked CV, nested CV, group k-fold and backtesting."
    )
    stated = (
        "Usual culprits: two code paths, null defaults, time zones and window edges, stale online "
        "values, a tokenizer or vocabulary version."
    )
    assert list_dump(padded) and not list_dump(stated)


def test_a_formula_is_a_statement() -> None:
    """Among sentences in the candidate's own words a formula states its point (a terse
    statement); without the formula rule it read as a list of terms and earned nothing."""
    text = (
        "Where the normalisation sits decides how gradients reach the early layers. "
        "Post-norm: x = LN(x + F(x))."
    )
    reading = read(text, [["post-norm", "x + f"]], [])
    assert reading.sents[1].claim and reading.sents[1].credit > 0


def test_a_system_design_without_numbers_is_at_most_lean_hire(
    bank: Bank, tune: dict[str, CalibrationItem]
) -> None:
    item = tune["b6-sd-finetune-strong"]
    assert isinstance(item.answer, str)
    sized = _judge(bank, item)
    unsized = _judge(bank, item, re.sub(r"\d+(?:[.,]\d+)*", "some", item.answer))
    assert sized.overall_level == 4
    assert unsized.overall_level == 3
    assert all((c.level or 0) <= 3 for c in unsized.criteria)
    assert any(SIZED_NOTE in c.reasoning for c in unsized.criteria)


def test_a_fundamentals_answer_needs_no_numbers_for_strong_hire(
    bank: Bank, tune: dict[str, CalibrationItem]
) -> None:
    item = tune["b6-fund-prepost-short"]
    assert _judge(bank, item).overall_level == 4


def test_three_good_closing_questions_are_a_full_set(
    bank: Bank, tune: dict[str, CalibrationItem]
) -> None:
    """The closing segment's key points are a menu: asking about half of it earns full
    coverage, while asking about perks earns nothing."""
    strong, generic = _judge(bank, tune["b6-close-strong"]), _judge(bank, tune["b6-close-generic"])
    assert strong.overall_level is not None and strong.overall_level >= 3
    assert generic.overall_level is not None and generic.overall_level <= 2


RED_FLAG_READINGS = [
    # a mistake named to reject it
    (
        "sd-llm-guardrails",
        "one accuracy number",
        ["We report one accuracy number for the whole pipeline."],
        ["Targets per category, because one accuracy number hides the harms."],
    ),
    # a prefix match ("optimi ... for click" stops inside "clicks") is rejected by what follows
    # the end of its word
    (
        "sd-recommendation-system",
        "optimi ... for click",
        ["I would optimise the ranker for clicks and ship it."],
        ["Optimising only for clicks is a trap: it rewards clickbait."],
    ),
    # a mistake named with the harm it does (the warning's usual form is a conditional
    # imperative: do the wrong thing and the harm follows); a denied harm still fires
    (
        "ops-feature-store-pit",
        "join the current",
        [
            "For training we join the current feature values onto every label.",
            "Join the current feature values onto old labels, and it never leaks.",
        ],
        [
            "Join the current feature values onto old labels, which leaks the future into "
            "training.",
            "Join the current snapshot to last year's labels and the AUC lies.",
        ],
    ),
    # a mistake kept out: "keep the bad week out" is the fix, "keep the bad week" the mistake
    (
        "ops-upstream-schema-change",
        "keep the bad week",
        ["We keep the bad week and let the retrain absorb it."],
        ["Backfill, and keep the bad week out of the next training set."],
    ),
]


@pytest.mark.parametrize(
    ("question_id", "signal", "fires", "silent"),
    RED_FLAG_READINGS,
    ids=["rejected", "prefix-then-rejected", "harm-named", "kept-out"],
)
def test_a_red_flag_fires_on_the_mistake_not_on_its_rejection(
    bank: Bank, question_id: str, signal: str, fires: list[str], silent: list[str]
) -> None:
    flag = _flag_with(bank, question_id, signal)
    for text in fires:
        assert flag in _red_flags(bank, question_id, text), text
    for text in silent:
        assert flag not in _red_flags(bank, question_id, text), text


def test_a_sentence_of_stock_phrases_earns_nothing_one_technical_word_does_not_cost() -> None:
    """'Robust' or 'scalable' can sit in a real statement; three stock phrases in one sentence
    ("proactive ... holistic ... best-in-class") say nothing a listener could check."""
    terms = [["root cause", "fallback"], ["data contract"]]
    stock = (
        "Through proactive stakeholder management and a holistic root cause analysis we shipped "
        "a best-in-class fallback."
    )
    plain = "We found the root cause in the join and added a robust fallback to last week's values."
    r = read(stock + " " + plain, terms, [])
    by_text = {s.plain: s for s in r.sents}
    assert by_text[stock].credit == 0 and by_text[stock].noise == Noise.STOCK_PHRASES
    assert by_text[plain].credit == 1 and by_text[plain].noise is None


@pytest.mark.parametrize(
    ("question_id", "text", "fires"),
    [
        ("fund-why-multi-head", "More heads always cost more KV cache, so GQA shares them.", False),
        ("fund-why-multi-head", "More heads always help, so I would use 64.", True),
        (
            "fund-sgd-adam-adamw",
            "AdamW adds weight decay directly to the update step, while Adam with L2 adds it to "
            "the loss.",
            False,
        ),
        ("fund-sgd-adam-adamw", "AdamW adds an L2 term to the loss, that's all.", True),
        ("ops-feature-store-pit", "For each label we use the latest values before then.", False),
        ("ops-feature-store-pit", "We just use the latest values from the online store.", True),
    ],
)
def test_red_flags_fire_on_the_claim_not_on_a_correct_sentence_with_its_words(
    bank: Bank, question_id: str, text: str, fires: bool
) -> None:
    """Signals that were too broad: each caught a correct sentence sharing the claim's words."""
    assert bool(_red_flags(bank, question_id, text)) is fires


def test_saying_a_sentence_again_with_a_lead_in_is_a_repeat_not_a_template() -> None:
    """'As I said: <the same sentence>' on a follow-up used to read as a template with the terms
    swapped, so both copies lost their credit and a right answer scored no hire. The first
    saying keeps its credit; the second earns nothing; swapped terms are still a template."""
    first = (
        "Assuming q and k have unit-variance entries, the dot product's variance scales with "
        "d_k, which is why we divide by its square root."
    )
    terms = [["variance", "d_k", "square root"], ["softmax", "saturat"]]
    alone = read(first, terms, [])
    again = read(f"{first}\n\nAs I said: {first[0].lower()}{first[1:]}", terms, [])
    assert again.sents[0].credit == alone.sents[0].credit > 0
    assert again.sents[1].credit == 0 and again.sents[1].noise is Noise.REPEATED
    swapped = read(f"{first} {first.replace('variance', 'softmax')}", terms, [])
    assert all(s.credit == 0 and s.noise is Noise.TEMPLATED for s in swapped.sents)
