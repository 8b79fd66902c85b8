"""Issue 12's gaming bar, at the thresholds `mockloop calibrate` prints, on every bank question."""

from __future__ import annotations

import asyncio
import re

from app.calibration.dataset import CalibrationSet
from app.calibration.gaming import FAMILIES, attacks, run_gaming, salads, stuffed_sentence
from app.domain.bank import Bank
from app.judge.offline import OfflineJudge


def test_every_question_gets_every_attack(bank: Bank, bundled: CalibrationSet) -> None:
    made = attacks(bank, bundled.items)
    for q in bank.questions.values():
        families = {a.family for a in made if a.question_id == q.id}
        assert {"salad", "list", "kp-salad", "kp-list", "stuffing", "filler"} <= families, q.id
    q = bank.questions["fund-sgd-adam-adamw"]
    texts = [t for _, t in salads(q)]
    assert all(len(t.split()) >= 60 for t in texts) and "," not in texts[-1]
    kp_words = {
        w for kp in q.key_points for w in re.findall(r"[a-z][a-z0-9'\-]*", kp.point.lower())
    }
    signal_words = {w for kp in q.key_points for s in kp.signals for w in s.lower().split()}
    kp = [(family, t) for family, t in salads(q) if family.startswith("kp-")]
    assert len(kp) == 16  # five template plans and three lists, of single words and of pairs
    for family, t in kp:
        if family == "kp-list":
            listed = set(t.replace(",", "").rstrip(".").split())
            assert listed <= kp_words and listed - signal_words, t
    assert sum(1 for kp in q.key_points if any(s in stuffed_sentence(q) for s in kp.signals)) >= 4


def test_the_offline_judge_meets_the_gaming_bar(bank: Bank, bundled: CalibrationSet) -> None:
    results = {r.family: r for r in asyncio.run(run_gaming(OfflineJudge(), bank, bundled.items))}
    assert set(results) == set(FAMILIES)
    for r in results.values():
        assert r.n > 0 and r.failures == [], (r.family, r.failures[:5])
    assert results["salad"].moved_up == results["list"].moved_up == 0  # <= 2 everywhere
    assert results["kp-salad"].moved_up == results["kp-list"].moved_up == 0
    assert results["filler"].moved_up == 0 and results["stuffing"].moved_up == 0
    assert results["buzzword"].max_down <= 1


def test_the_report_prints_the_same_gaming_numbers_as_its_json(
    bank: Bank, bundled: CalibrationSet
) -> None:
    from app.calibration.gaming import FamilyResult
    from app.calibration.report import build_report, render_text, to_json
    from app.calibration.runner import score_items

    results = asyncio.run(score_items(OfflineJudge(), bundled.items[:3], bank))
    rows = [FamilyResult("salad", n=10, moved_up=1, max_up=1, failures=["q: - -> 3"])]
    report = build_report(results, judge="offline", set_path="-", split="all", gaming=rows)
    text = render_text(report)
    assert "Gaming checks" in text and "1 (+1)" in text and "failed: q: - -> 3" in text
    assert to_json(report)["gaming"] == [
        {
            "family": "salad",
            "bar": "level <= 2 on every question",
            "n": 10,
            "moved_up": 1,
            "moved_down": 0,
            "max_up": 1,
            "max_down": 0,
            "failures": ["q: - -> 3"],
            "passed": False,
        }
    ]
