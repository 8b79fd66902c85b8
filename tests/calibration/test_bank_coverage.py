"""Issue 3's bank checks: the seed prompts exist, references are sound, coverage minimums hold."""

from __future__ import annotations

import json
from collections import Counter

import pytest

from app.cli import main
from app.domain.bank import Bank
from app.domain.enums import RoundKind

SEED_PROMPTS = (
    "sd-rag-enterprise-search",
    "sd-serve-70b-chat",
    "sd-coding-agent-eval",
    "sd-finetune-24h",
    "sd-recommendation-system",
    "sd-fraud-detection",
    "sd-search-ranking",
    "fund-train5-val25",
    "ops-rollout-2pct-lift",
    "ops-offline-auc-online-ctr",
    "bh-model-misbehaved-production",
    "bh-closing-questions",
)


@pytest.mark.parametrize("qid", SEED_PROMPTS)
def test_seed_prompt_is_in_the_bank(qid: str, bank: Bank) -> None:
    assert qid in bank.questions


def test_follow_ups_and_key_points_name_criteria_of_their_rubric(bank: Bank) -> None:
    problems = []
    for q in bank.questions.values():
        criteria = {c.id for c in bank.rubric_for(q).criteria}
        for f in q.follow_ups:
            if f.criterion not in criteria:
                problems.append(f"{q.id} follow-up {f.id}: {f.criterion}")
        for kp in q.key_points:
            if kp.criterion not in criteria:
                problems.append(f"{q.id} key point: {kp.criterion}")
    assert problems == []


def test_bank_stats_json_meets_the_coverage_minimums(
    capsys: pytest.CaptureFixture[str], bank: Bank
) -> None:
    assert main(["bank", "stats", "--json"]) == 0
    stats = json.loads(capsys.readouterr().out)
    by_round = stats["by_round"]
    assert by_round["fundamentals"] >= 52  # MLOps questions are part of the fundamentals round
    assert stats["by_area"]["fundamentals/mlops"] >= 12
    assert by_round["system_design"] >= 12
    closing = [q for q in bank.questions.values() if q.closing]
    assert closing and all(q.round is RoundKind.BEHAVIORAL for q in closing)
    assert by_round["behavioral"] - len(closing) >= 15
    assert Counter(q.rubric for q in closing) == Counter({"closing-questions": len(closing)})


def test_every_red_flag_has_signals_for_its_usual_phrasings(bank: Bank) -> None:
    bare = [
        f"{q.id}: {rf.flag}"
        for q in bank.questions.values()
        for rf in q.red_flags
        if not rf.signals
    ]
    assert bare == []
    thin = [
        f"{q.id}: {rf.flag}"
        for q in bank.questions.values()
        for rf in q.red_flags
        if len(rf.signals) < 3
    ]
    assert thin == []
