"""The offline judge's figures on the held-out split (issue 12's acceptance bar).

Regression gates: a change to the judge or to bank signals that breaks agreement with the expert
labels fails here, and `mockloop calibrate --split tune` shows where to look (tune on the tune
split only; the holdout is what this checks). The original holdout meets issue 12's bar. Batch 5,
written later by someone who saw neither the judge nor the other items, is the honest check of
generalisation, and there the judge falls short of the bar (measured on 2026-12-01 with
heuristic-v4: QWK 0.793, within one 95.5%, short-expert exact 64%; heuristic-v3 had 0.754, 95.5%
and 36%); its floors below sit under those figures.
"""

from __future__ import annotations

import asyncio

from app.calibration import metrics
from app.calibration.dataset import CalibrationSet
from app.calibration.report import build_report
from app.calibration.runner import score_items
from app.domain.bank import Bank
from app.judge.offline import OfflineJudge

BATCH5 = "b5-"


def test_offline_judge_meets_the_bar_on_the_original_holdout(
    bundled: CalibrationSet, bank: Bank
) -> None:
    """The answers-in-words bar; coding attempts (scored mostly from their hidden tests) have
    their own below."""
    held = [
        i for i in bundled.split("holdout") if i.submission is None and not i.id.startswith(BATCH5)
    ]
    results = asyncio.run(score_items(OfflineJudge(), held, bank))
    report = build_report(results, judge="offline", set_path="bundled", split="holdout")
    f = report.figures
    assert f is not None and f.n == len(results) and not report.errors
    assert f.qwk is not None and f.qwk >= 0.88
    assert f.within_one >= 0.97
    assert abs(f.mean_signed_error) <= 0.25
    short = [r for r in results if "short-expert" in r.item.tags]
    assert short
    assert (
        metrics.exact_agreement([r.item.label for r in short], [r.level or 1 for r in short])
        >= 0.75
    )
    assert report.padded_above_label == []
    injected = [r for r in results if "injection" in r.item.tags]
    assert injected and all(r.level == 1 and r.injection_flagged for r in injected)
    assert report.injection_missed == []
    assert report.injection_topic_total > 0 and report.injection_false_flags == []


def test_offline_coding_judge_on_the_holdout(bundled: CalibrationSet, bank: Bank) -> None:
    held = [i for i in bundled.split("holdout") if i.submission is not None]
    results = asyncio.run(score_items(OfflineJudge(), held, bank))
    labels, levels = [r.item.label for r in results], [r.level or 1 for r in results]
    assert len(results) >= 6
    assert metrics.exact_agreement(labels, levels) >= 0.75
    assert sum(abs(a - b) <= 1 for a, b in zip(labels, levels, strict=True)) / len(labels) >= 0.85


def test_offline_judge_floors_on_the_independent_batch(bundled: CalibrationSet, bank: Bank) -> None:
    held = [i for i in bundled.split("holdout") if i.id.startswith(BATCH5)]
    results = asyncio.run(score_items(OfflineJudge(), held, bank))
    report = build_report(results, judge="offline", set_path="bundled", split="holdout")
    f = report.figures
    assert f is not None and f.n >= 60 and not report.errors
    assert f.qwk is not None and f.qwk >= 0.77
    assert f.within_one >= 0.93
    assert abs(f.mean_signed_error) <= 0.25
    assert report.injection_false_flags == []
