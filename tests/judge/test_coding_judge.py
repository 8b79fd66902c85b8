"""The coding judge: hidden tests bound correctness for every judge, quotes are verbatim."""

from __future__ import annotations

from app.calibration.dataset import CalibrationItem, Submission
from app.calibration.runner import build_request
from app.domain.bank import Bank
from app.domain.transcript import Assessment, CriterionScore
from app.judge.coding import cap_correctness, pass_cap
from app.judge.offline import OfflineJudge
from app.judge.prompt import judge_messages
from app.llm.tokens import counter_for

QID = "code-attention-mask"
HIDDEN = {f"test_case_{i}": "passed" if i < 4 else "failed AssertionError" for i in range(8)}


def _item(real_bank: Bank, hidden: dict[str, str]) -> CalibrationItem:
    code = real_bank.coding[QID].reference
    return CalibrationItem(
        id="x",
        question_id=QID,
        label=3,
        reason="-",
        answer="I subtract the row max before exp, and masked rows become zeros, not NaN.",
        submission=Submission(code=code, hidden=hidden),
    )


def test_the_pass_rate_bounds_correctness_levels() -> None:
    assert [pass_cap(r) for r in (0.0, 0.3, 1 / 3, 0.5, 2 / 3, 0.9, 1.0)] == [1, 1, 2, 2, 3, 3, 4]


def test_any_judges_correctness_is_capped_at_the_pass_rate(real_bank: Bank) -> None:
    request = build_request(_item(real_bank, HIDDEN), real_bank)  # 4 of 8 pass
    generous = Assessment(
        session_id="s",
        round_index=0,
        question_id=QID,
        rubric_id="coding",
        rubric_version=1,
        judge_kind="llm",
        criteria=[
            CriterionScore(criterion="correctness", level=4, weight=3, evidence=["x"]),
            CriterionScore(criterion="communication", level=4, weight=1),
        ],
        weighted_score=4.0,
        overall_level=4,
    )
    capped = cap_correctness(generous, request)
    assert [c.level for c in capped.criteria] == [2, 4]
    assert capped.weighted_score == 2.5


def test_offline_correctness_follows_the_hidden_tests(real_bank: Bank) -> None:
    half = OfflineJudge().score(build_request(_item(real_bank, HIDDEN), real_bank))
    full = {k: "passed" for k in HIDDEN}
    best = OfflineJudge().score(build_request(_item(real_bank, full), real_bank))
    level = {
        "half": next(c.level for c in half.criteria if c.criterion == "correctness"),
        "full": next(c.level for c in best.criteria if c.criterion == "correctness"),
    }
    assert level == {"half": 2, "full": 4}
    source = build_request(_item(real_bank, full), real_bank).candidate_text
    assert all(q in source for c in best.criteria for q in c.evidence)
    assert any("return" in q for c in best.criteria for q in c.evidence)  # quoted from the code


def test_the_llm_judge_prompt_carries_the_results_next_to_the_code(real_bank: Bank) -> None:
    request = build_request(_item(real_bank, HIDDEN), real_bank)
    messages, _ = judge_messages(request, counter=counter_for("gpt-4.1"), max_prompt_tokens=20000)
    user = messages[-1]["content"]
    assert "Candidate (code, Submit)" in user
    assert (
        "Sandbox results (computed by the software, not the candidate): hidden tests: 4/8" in user
    )
