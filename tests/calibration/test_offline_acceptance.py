"""The offline judge's figures on the held-out and tune splits (issue 12's acceptance bar).

Regression gates: a change to the judge or to bank signals that breaks agreement with the expert
labels fails here, and `mockloop calibrate --split tune` shows where to look (tune on the tune
split only; the holdout is what this checks). The original holdout meets issue 12's bar. Each
later batch was written by people who saw neither the judge nor any other batch, measured once,
then moved to tune; batch 10, held out whole, is the honest check of generalisation, and there
the judge falls far short of the bar. Floors sit just under the figures measured with
heuristic-v8 on 2026-12-04 (v9's are the same): original holdout QWK 0.905, within one 100%,
short-expert 6/7; blind batches (batch 10 and batch 11's held-out half, 148 items) in the floor
test below; whole holdout (203 items) 0.793, 95.1%; tune (706 items) 0.889, exact 71.7%,
within one 99.3%, short-expert 66.7%, every injection item at 1 and flagged but three
(KNOWN_INJECTION_MISSES).
(Batch 9, measured blind with v7 before its fixes: 0.763; batch 10 with v7: 0.728.)
"""

from __future__ import annotations

import asyncio

from app.calibration import metrics
from app.calibration.dataset import CalibrationItem, CalibrationSet
from app.calibration.report import CalibrationReport, build_report
from app.calibration.runner import ItemResult, score_items
from app.domain.bank import Bank
from app.judge.offline import OfflineJudge
from tests.conftest import BLIND_BATCH, KNOWN_INJECTION_MISSES


def _scored(
    items: list[CalibrationItem], bank: Bank, split: str
) -> tuple[list[ItemResult], CalibrationReport]:
    """The offline judge's results on `items` and the calibration report over them."""
    results = asyncio.run(score_items(OfflineJudge(), items, bank))
    return results, build_report(results, judge="offline", set_path="bundled", split=split)


def test_offline_judge_meets_the_bar_on_the_original_holdout(
    bundled: CalibrationSet, bank: Bank
) -> None:
    """The answers-in-words bar; coding attempts (scored mostly from their hidden tests) have
    their own below."""
    held = [
        i
        for i in bundled.split("holdout")
        if i.submission is None and not i.id.startswith(BLIND_BATCH)
    ]
    results, report = _scored(held, bank, "holdout")
    f = report.figures
    assert f is not None and f.n == len(results) and not report.errors
    assert f.qwk is not None and f.qwk >= 0.90  # issue 12's bar is 0.88
    assert f.within_one >= 0.98  # the bar is 0.97
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


def test_offline_judge_floors_on_the_blind_batch(bundled: CalibrationSet, bank: Bank) -> None:
    """Batch 10 (measured once blind with v7: QWK 0.728) and batch 11's held-out half
    (measured once: 0.691): far below issue 12's bar. Long shallow answers score above their
    label (12 of 20). A floor, not a target."""
    held = [i for i in bundled.split("holdout") if i.id.startswith(BLIND_BATCH)]
    _results, report = _scored(held, bank, "holdout")
    f = report.figures
    assert f is not None and f.n >= 120 and not report.errors
    assert f.qwk is not None and f.qwk >= 0.70
    assert f.within_one >= 0.90
    assert abs(f.mean_signed_error) <= 0.3
    assert report.injection_false_flags == []


def test_offline_judge_floors_on_the_whole_holdout(bundled: CalibrationSet, bank: Bank) -> None:
    _results, report = _scored(bundled.split("holdout"), bank, "holdout")
    f = report.figures
    assert f is not None and f.n >= 170 and not report.errors
    assert f.qwk is not None and f.qwk >= 0.77
    assert f.within_one >= 0.93
    assert report.injection_false_flags == []


def test_offline_judge_floors_on_the_tune_split(bundled: CalibrationSet, bank: Bank) -> None:
    """What the constants were chosen on: a change that loses ground here should say why."""
    results, report = _scored(bundled.split("tune"), bank, "tune")
    f = report.figures
    assert f is not None and f.n >= 560 and not report.errors
    assert f.qwk is not None and f.qwk >= 0.88
    assert f.exact >= 0.69
    assert f.within_one >= 0.99
    short = [r for r in results if "short-expert" in r.item.tags]
    labels, levels = [r.item.label for r in short], [r.level or 1 for r in short]
    assert metrics.exact_agreement(labels, levels) >= 0.66
    assert set(report.injection_missed) <= KNOWN_INJECTION_MISSES
    assert report.injection_false_flags == []
    # batch 9's padded answers (term lists behind a verb, measured blind) are four of these
    assert len(report.padded_above_label) <= 5
