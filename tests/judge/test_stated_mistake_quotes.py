"""A sentence that states a mistake is never quoted as a strength, taken back or not, and is
quoted as a criterion's evidence only after the candidate's right sentences: before, the
review praised "linear scaling always works" under Technical correctness."""

from __future__ import annotations

from app.calibration.dataset import CalibrationItem
from app.calibration.runner import build_request
from app.domain.bank import Bank
from app.domain.transcript import Assessment
from app.judge.offline import OfflineJudge

QID = "fund-batch-size-lr"
WRONG = (
    "I multiply the learning rate by 8, since linear scaling always works, at any batch size. "
    "I keep everything else the same, same warmup, same schedule."
)
RIGHT = (
    "Actually, scratch that, I was wrong: linear scaling breaks down past the critical batch "
    "size, where gradient noise is already small, so returns diminish. I would scale the "
    "learning rate linearly up to that point with a longer warmup, and for Adam the square-root "
    "rule is often the safer choice. I'd check loss curves against the small-batch baseline."
)
MISTAKE = "linear scaling always works"


def _judge(bank: Bank, *candidate: str) -> Assessment:
    turns: list[dict[str, str]] = []
    for i, text in enumerate(candidate):
        if i:
            turns.append({"role": "interviewer", "text": "Walk me through why that holds."})
        turns.append({"role": "candidate", "text": text})
    item = CalibrationItem.model_validate(
        {"id": "t", "question_id": QID, "label": 1, "reason": "-", "answer": turns}
    )
    return OfflineJudge().score(build_request(item, bank))


def test_a_stated_mistake_is_never_a_strength(real_bank: Bank) -> None:
    for candidate in ((WRONG, RIGHT), (WRONG + " " + RIGHT.split(": ", 1)[1],)):
        a = _judge(real_bank, *candidate)
        assert any("linear" in f and "batch size" in f for f in a.red_flags), a.red_flags
        assert a.strengths, "the right sentences still earn strengths"
        assert not [s for s in a.strengths if MISTAKE in s]


def test_a_stated_mistake_is_quoted_after_the_right_sentences(real_bank: Bank) -> None:
    a = _judge(real_bank, WRONG, RIGHT)
    for c in a.criteria:
        quoted = [MISTAKE in e for e in c.evidence]
        assert quoted == sorted(quoted), (c.criterion, c.evidence)  # right ones first
    assert any(c.evidence and MISTAKE not in c.evidence[0] for c in a.criteria)


def test_a_term_named_only_to_set_it_aside_earns_no_credit(real_bank: Bank) -> None:
    """'it has nothing to do with training dynamics or gradients' credited "gradients" to
    mechanism depth; said that way, the term is not the candidate's point."""
    text = (
        "We divide by the square root of d_k purely so the exponentials in the softmax do not "
        "overflow in float16; it is a numerical-range trick and has nothing to do with training "
        "dynamics or gradients."
    )
    item = CalibrationItem.model_validate(
        {"id": "t", "question_id": "fund-attention-scaling", "label": 1, "reason": "-",
         "answer": text}
    )  # fmt: skip
    a = OfflineJudge().score(build_request(item, real_bank))
    assert not [c.reasoning for c in a.criteria if "“gradients”" in c.reasoning]
    assert "Says the scaling exists only to prevent numerical overflow." in a.red_flags
