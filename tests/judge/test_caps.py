"""A mistake taken back after the interviewer challenges it no longer caps the answer at lean no
hire, only at lean hire; one never taken back, or restated after, still does."""

from __future__ import annotations

from app.calibration.dataset import CalibrationItem
from app.calibration.runner import build_request
from app.domain.bank import Bank
from app.domain.transcript import Assessment
from app.judge.caps import CORRECTED_CAP, RED_FLAG_CAP
from app.judge.offline import OfflineJudge

QID = "fund-sgd-adam-adamw"
WRONG = (
    "SGD with momentum averages the gradients over steps, and Adam scales each step by the "
    "square root of a running average of squared gradients, with bias correction early on. "
    "AdamW is simply Adam with an L2 penalty added to the loss, nothing more."
)
CHALLENGE = 'Let me push on one thing you said: "AdamW is simply Adam..." Walk me through it.'
RIGHT = (
    "With Adam an L2 term's gradient is divided by the adaptive denominator, so weights with "
    "large gradient history are barely decayed. AdamW decouples the decay: every step it "
    "shrinks each weight by lr times lambda directly, outside the adaptive update, so the "
    "regularisation is even. Typical settings are decay 0.1 with betas 0.9 and 0.95."
)


def _judge(bank: Bank, *candidate: str) -> Assessment:
    turns: list[dict[str, str]] = []
    for i, text in enumerate(candidate):
        if i:
            turns.append({"role": "interviewer", "text": CHALLENGE})
        turns.append({"role": "candidate", "text": text})
    item = CalibrationItem.model_validate(
        {"id": "t", "question_id": QID, "label": 1, "reason": "-", "answer": turns}
    )
    return OfflineJudge().score(build_request(item, bank))


def _top(a: Assessment) -> int:
    return max(c.level or 0 for c in a.criteria)


def test_a_mistake_taken_back_caps_at_lean_hire(real_bank: Bank) -> None:
    kept = _judge(real_bank, WRONG, RIGHT)
    taken = _judge(real_bank, WRONG, "I take that back. " + RIGHT)
    flag = "Describes AdamW as Adam with an L2 penalty added to the loss."
    assert flag in kept.red_flags and _top(kept) <= RED_FLAG_CAP
    assert flag not in taken.red_flags
    assert any(f.endswith("(taken back later)") and "AdamW" in f for f in taken.red_flags)
    assert RED_FLAG_CAP < _top(taken) <= CORRECTED_CAP
    reasons = [c.reasoning for c in taken.criteria if c.level == CORRECTED_CAP]
    assert reasons and all("a mistake stated, then taken back" in r for r in reasons)


def test_a_mistake_restated_after_taking_something_back_still_caps(real_bank: Bank) -> None:
    again = "I take that back. " + RIGHT + " But really AdamW is simply Adam with an L2 penalty."
    assert _top(_judge(real_bank, WRONG, again)) <= RED_FLAG_CAP


def test_other_ways_of_taking_it_back_count(real_bank: Bank) -> None:
    for lead in ("My bad, that's wrong.", "Correction, I misspoke.", "Scratch that."):
        assert RED_FLAG_CAP < _top(_judge(real_bank, WRONG, f"{lead} {RIGHT}")) <= CORRECTED_CAP


def test_a_reported_or_disowned_take_back_is_no_take_back(real_bank: Bank) -> None:
    reported = "In hindsight people said I was wrong, but I'd make the same call again. " + RIGHT
    stands = "That's not right, you say? I stand by it: the decay is the same penalty. " + RIGHT
    for second in (reported, stands):
        a = _judge(real_bank, WRONG, second)
        assert _top(a) <= RED_FLAG_CAP and not any("taken back" in f for f in a.red_flags)


def test_a_take_back_must_bring_the_right_idea(real_bank: Bank) -> None:
    """A turn that takes something back but states nothing of the question is no correction."""
    assert _top(_judge(real_bank, WRONG, "Sorry, I was wrong about the weather earlier.")) <= 2


def test_a_mistake_taken_back_in_its_own_turn_is_not_challenged(real_bank: Bank) -> None:
    from app.judge.hearing import hear

    q = real_bank.questions[QID]
    same = WRONG + " No wait, I take that back: " + RIGHT
    assert hear(q, real_bank.rubric_for(q), same).claims == []
    assert RED_FLAG_CAP < _top(_judge(real_bank, same)) <= CORRECTED_CAP


def test_bias_correction_is_no_correction(real_bank: Bank) -> None:
    """'Adam keeps two moments with bias correction' read as "Correction, ..." and turned the
    stated mistake of the same answer into one taken back."""
    a = _judge(real_bank, WRONG + " Adam keeps both moments per parameter with bias correction.")
    assert "Describes AdamW as Adam with an L2 penalty added to the loss." in a.red_flags
    assert _top(a) <= RED_FLAG_CAP
