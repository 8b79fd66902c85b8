"""Calibration end to end: items -> judge requests -> report, and the `calibrate` command."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from app.calibration.dataset import CalibrationItem, CalibrationSet
from app.calibration.metrics import confusion, quadratic_weighted_kappa
from app.calibration.report import build_report, render_text, to_json
from app.calibration.runner import build_request, score_items
from app.cli import main
from app.domain.bank import Bank
from app.domain.enums import JudgeKind, Role
from app.domain.interviewing import JudgeRequest
from app.domain.transcript import Assessment
from app.judge.offline import OfflineJudge
from tests.calibration.test_metrics import LABELS, LEVELS

# A small fixed subset, all from the tune split: strong, solid, weak, padded and injected answers.
SUBSET = [
    "fund-05",
    "fund-12",
    "fund-23",
    "ops-01",
    "ops-03",
    "sd-07",
    "sd-12",
    "bh-04",
    "bh-06",
    "bh-21",
]


class FixedJudge:
    """Answers each item with a level fixed in advance, to check the arithmetic end to end."""

    kind = JudgeKind.OFFLINE
    model: str | None = "fixed"

    def __init__(self, levels: dict[str, int]) -> None:
        self.levels = levels
        self.seen: list[JudgeRequest] = []

    async def assess(self, request: JudgeRequest) -> Assessment:
        self.seen.append(request)
        text = request.candidate_text
        return Assessment(
            session_id=request.session_id,
            round_index=0,
            question_id=request.question.id,
            rubric_id=request.rubric.id,
            rubric_version=1,
            judge_kind=JudgeKind.OFFLINE,
            criteria=[],
            overall_level=self.levels[text],
            weighted_score=float(self.levels[text]),
            created_at=datetime.now(UTC),
        )


def _subset(bundled: CalibrationSet) -> list[CalibrationItem]:
    items = [i for i in bundled.items if i.id in SUBSET]
    assert len(items) == len(SUBSET) and all(i.split == "tune" for i in items)
    return items


def test_report_arithmetic_matches_a_hand_computed_matrix(bank: Bank) -> None:
    items = [
        CalibrationItem(
            id=f"i{n}",
            question_id="fund-train5-val25",
            label=y,
            reason="r",
            answer=f"answer number {n}" + " word" * n,
            split="holdout",
        )
        for n, y in enumerate(LABELS)
    ]
    judge = FixedJudge({i.candidate_text: lv for i, lv in zip(items, LEVELS, strict=True)})
    results = asyncio.run(score_items(judge, items, bank))
    report = build_report(results, judge="fixed", set_path="mem", split="holdout")
    assert report.figures is not None
    assert report.figures.qwk == pytest.approx(26 / 31)
    assert report.figures.exact == pytest.approx(0.6)
    assert report.figures.within_one == pytest.approx(1.0)
    assert report.figures.mean_signed_error == pytest.approx(0.0)
    assert report.figures.confusion == confusion(LABELS, LEVELS)
    assert len(judge.seen) == 10
    worst = {d.id for d in report.worst}
    assert worst == {f"i{n}" for n, (y, p) in enumerate(zip(LABELS, LEVELS, strict=True)) if y != p}


def test_requests_look_like_live_ones(bundled: CalibrationSet, bank: Bank) -> None:
    item = next(i for i in bundled.items if isinstance(i.answer, list))
    req = build_request(item, bank)
    assert req.exchange[0].role is Role.INTERVIEWER
    assert req.exchange[0].text == bank.questions[item.question_id].prompt.strip()
    assert req.candidate_text == "\n\n".join(
        t.text.strip() for t in item.turns if t.role == "candidate"
    )
    assert [t.seq for t in req.exchange] == list(range(len(req.exchange)))


def test_subset_through_the_offline_judge(bundled: CalibrationSet, bank: Bank) -> None:
    items = _subset(bundled)
    results = asyncio.run(score_items(OfflineJudge(), items, bank))
    assert all(r.error is None and r.level is not None for r in results)
    report = build_report(results, judge="offline", set_path="subset", split="all")
    labels = [r.item.label for r in results]
    levels = [r.level or 0 for r in results]
    assert report.figures is not None and report.figures.n == len(SUBSET)
    assert report.figures.qwk == pytest.approx(quadratic_weighted_kappa(labels, levels))
    assert sum(map(sum, report.figures.confusion)) == len(SUBSET)
    for r in results:
        for quote in r.evidence:
            assert quote in r.item.candidate_text  # evidence stays verbatim
        if "injection" in r.item.tags:
            assert r.injection_flagged and r.level == r.item.label
        if "padded" in r.item.tags:
            assert r.level is not None and r.level <= r.item.label
    data = to_json(report)
    assert json.loads(json.dumps(data))["scored"] == len(SUBSET)
    text = render_text(report)
    for heading in (
        "quadratic weighted kappa",
        "Confusion matrix",
        "Worst disagreements",
        "length vs judge level r",
        "padded answers scored above their label",
    ):
        assert heading in text


def _subset_file(bundled: CalibrationSet, tmp_path: Path) -> Path:
    path = tmp_path / "subset.jsonl"
    path.write_text(
        "\n".join(i.model_dump_json() for i in _subset(bundled)) + "\n", encoding="utf-8"
    )
    return path


def test_calibrate_command_json(
    bundled: CalibrationSet, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _subset_file(bundled, tmp_path)
    assert main(["calibrate", "--set", str(path), "--split", "all", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["scored"] == len(SUBSET)
    assert data["judge"].startswith("offline heuristic judge")
    assert set(data["figures"]) >= {
        "qwk",
        "exact",
        "within_one",
        "mean_signed_error",
        "confusion",
        "length_score_r",
        "length_label_r",
    }
    assert set(data["by_split"]) == {"tune"}


def test_calibrate_command_text_on_the_bundled_holdout(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["calibrate"]) == 0
    out = capsys.readouterr().out
    assert "split: holdout" in out and "offline estimate" in out
    assert "Worst disagreements" in out


def test_calibrate_command_refuses_bad_input(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text(
        '{"id": "a", "question_id": "nope", "label": 2, "reason": "r", "answer": "x"}\n',
        encoding="utf-8",
    )
    assert main(["calibrate", "--set", str(bad), "--split", "all"]) == 2
    assert "'nope' is not in the question bank" in capsys.readouterr().err
    assert main(["calibrate", "--judge", "llm"]) == 2
    assert "OPENAI_API_KEY or OPENAI_BASE_URL" in capsys.readouterr().err
    assert main(["calibrate", "--set", str(tmp_path / "none.yaml")]) == 2
