"""The offline judge's published figures on the held-out split (issue 7's acceptance bar).

A regression gate: a change to the judge or to bank signals that breaks agreement with the
expert labels fails here, and `mockloop calibrate --split tune` shows where to look.
"""

from __future__ import annotations

import asyncio

from app.calibration.dataset import CalibrationSet
from app.calibration.report import build_report
from app.calibration.runner import score_items
from app.domain.bank import Bank
from app.judge.offline import OfflineJudge


def test_offline_judge_meets_the_bar_on_the_holdout(bundled: CalibrationSet, bank: Bank) -> None:
    results = asyncio.run(score_items(OfflineJudge(), bundled.split("holdout"), bank))
    report = build_report(results, judge="offline", set_path="bundled", split="holdout")
    f = report.figures
    assert f is not None and f.n == len(results) and not report.errors
    assert f.qwk >= 0.80
    assert f.within_one >= 0.95
    assert abs(f.mean_signed_error) <= 0.25
    assert report.padded_above_label == []
    assert report.injection_total > 0 and report.injection_missed == []
