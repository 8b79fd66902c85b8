"""A criterion the question has key points for rests on them: with none of them stated, one
connective ("instead") or a cue is not enough for strong hire. Before, a strong answer elsewhere
lifted such a criterion to strong hire ("Tradeoffs: stated 0 of 1 key point; used 'instead'").
The cap is lean hire, not lower: a lower one cost the tune split's concise experts."""

from __future__ import annotations

from app.calibration.dataset import CalibrationItem
from app.calibration.runner import build_request
from app.domain.bank import Bank
from app.judge.offline import POINTLESS_CAP, OfflineJudge

ANSWER = (
    "The short answer is that AdamW applies the decay directly to the weights, w minus lr times "
    "lambda times w, outside the adaptive step, instead of putting lambda times w into the "
    "gradient where Adam would divide it by the square root of the second moment. With plain L2 "
    "under Adam, embeddings with huge gradient history get barely any decay, which is why the "
    "decoupled version regularizes evenly on transformers. SGD with momentum keeps a velocity, "
    "Adam keeps first and second moments per parameter with bias correction. In practice we use "
    "betas 0.9 and 0.95 and weight decay 0.1."
)


def test_a_criterion_with_none_of_its_key_points_stated_is_at_most_lean_hire(
    real_bank: Bank,
) -> None:
    item = CalibrationItem.model_validate(
        {"id": "t", "question_id": "fund-sgd-adam-adamw", "label": 3, "reason": "-",
         "answer": ANSWER}
    )  # fmt: skip
    a = OfflineJudge().score(build_request(item, real_bank))
    tradeoffs = next(c for c in a.criteria if c.criterion == "tradeoffs")
    assert tradeoffs.evidence, "it has a quote: the cap is about what the quote shows"
    assert tradeoffs.level == POINTLESS_CAP
    assert "at most lean hire without one of its key points" in tradeoffs.reasoning
    stated = [c for c in a.criteria if "stated 0 of" not in c.reasoning and c.level]
    assert stated and max(c.level or 0 for c in stated) > POINTLESS_CAP  # the rest keep theirs
