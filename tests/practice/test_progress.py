"""The progress report, its terminal chart, and the `plan` / `progress` commands."""

from __future__ import annotations

import json
from datetime import datetime

import pytest

from app.cli import main
from app.domain.bank import Bank
from app.practice.chart import bar_chart, sparkline
from app.practice.mastery import compute_mastery
from app.practice.progress import build_progress
from app.practice.render import render_plan, render_progress
from app.practice.trend import session_trend
from app.store.repository import Repository
from tests.practice.conftest import attempt, days, grid_bank, store_answer


def _history(repo: Repository, now: datetime) -> None:
    for s in range(4):  # four sessions, topic0 always failed, topic1 improving, topic2 strong
        at = now - days(12 - 3 * s)
        store_answer(repo, f"s{s}", f"t0-q{s % 3}", 1, at)
        store_answer(repo, f"s{s}", f"t1-q{s % 3}", 1 + s, at)
        store_answer(repo, f"s{s}", f"t2-q{s % 3}", 4, at, estimate=True)


def test_the_report_flags_weak_and_confident_topics(repo: Repository, now: datetime) -> None:
    bank = grid_bank(topics=4, per_topic=3)
    _history(repo, now)
    report = build_progress(repo, bank, now)
    assert report.sessions == 4 and report.attempts == 12
    assert [t.topic for t in report.topics] == ["topic0", "topic1", "topic2"]  # weakest first
    assert report.weak_confident == ["topic0"]
    assert report.topics[0].low <= report.topics[0].mastery <= report.topics[0].high
    assert report.unpractised == ["topic3"]
    assert report.seen == 9 and report.bank_size == 12
    assert report.share_seen == pytest.approx(0.75)
    assert report.estimates
    assert report.due_today >= 1  # the last failed answer is due again
    assert report.due_week >= report.due_today
    assert [p.session_id for p in report.trend] == ["s0", "s1", "s2", "s3"]
    assert report.trend[-1].score > report.trend[0].score  # topic1 improved


def test_the_trend_agrees_with_the_mastery_model(now: datetime) -> None:
    bank = grid_bank(topics=2, per_topic=3)
    answers = [
        attempt("t0-q0", 2, now - days(20), session="a"),
        attempt("t1-q0", 3, now - days(20), session="a"),
        attempt("t0-q1", 4, now - days(5), session="b"),
    ]
    trend = session_trend(bank, answers)
    assert len(trend) == 2
    m = compute_mastery(bank, answers, now - days(5))
    expected = (m["topic0"].mean + m["topic1"].mean) / 2
    assert trend[-1].mastery == pytest.approx(expected, abs=1e-6)
    assert trend[0].score == pytest.approx(2.5)


def test_terminal_charts() -> None:
    lines = bar_chart([1.0, 2.5, 4.0], lo=1.0, hi=4.0, height=4)
    assert len(lines) == 5
    assert lines[0].endswith("┤  █")  # only the top value reaches the top row
    assert lines[-2].endswith("┤ ██")
    assert sparkline([0.0, 0.5, 1.0], lo=0, hi=1) == "▁▄█"
    assert bar_chart([], lo=0, hi=1) == []


def test_the_text_report(repo: Repository, now: datetime) -> None:
    bank = grid_bank(topics=4, per_topic=3)
    assert "No judged answers yet" in render_progress(build_progress(repo, bank, now))
    _history(repo, now)
    text = render_progress(build_progress(repo, bank, now))
    assert "WEAK (confident)" in text
    assert "Weak and confident (train these): topic0" in text
    assert "┤" in text and "mastery" in text
    assert "Not practised yet (1): topic3" in text


@pytest.fixture
def db(tmp_path) -> str:  # type: ignore[no-untyped-def]
    return f"sqlite:///{tmp_path / 'cli.db'}"


def test_mockloop_plan_prints_reasons(
    db: str, capsys: pytest.CaptureFixture[str], real_bank: Bank
) -> None:
    assert (
        main(
            [
                "--offline",
                "--db",
                db,
                "plan",
                "--round",
                "behavioral",
                "--interview-date",
                "2999-01-01",
            ]
        )
        == 0
    )
    out = capsys.readouterr().out
    assert "Next session (diagnostic)" in out
    assert out.count("why: diagnostic sweep") >= 2
    assert "mockloop run --round behavioral" in out
    assert main(["--offline", "--db", db, "plan", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["diagnostic"] is True
    planned = [q for r in data["plan"]["rounds"] for q in r["question_ids"]]
    assert set(data["reasons"]) == set(planned)
    assert all(q in real_bank.questions for q in planned)


def test_mockloop_plan_rejects_bad_input(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--offline", "--db", db, "plan", "--interview-date", "next week"]) == 2
    assert "YYYY-MM-DD" in capsys.readouterr().err
    assert main(["--offline", "--db", db, "plan", "--minutes", "2"]) == 2
    assert "--minutes" in capsys.readouterr().err


def test_mockloop_progress(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--offline", "--db", db, "progress"]) == 0
    assert "No judged answers yet" in capsys.readouterr().out
    assert main(["--offline", "--db", db, "progress", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["sessions"] == 0 and data["topics"] == [] and data["bank_size"] > 0


def test_render_plan_lists_every_question(repo: Repository, now: datetime) -> None:
    from app.domain.enums import RoundKind
    from app.practice.planner import recommend_plan

    bank = grid_bank(topics=4, per_topic=3)
    rec = recommend_plan(repo, bank, rounds=[RoundKind.FUNDAMENTALS], minutes=45, now=now)
    text = render_plan(rec, bank)
    for qid in rec.plan.rounds[0].question_ids:
        assert qid in text
    assert text.count("why:") == len(rec.plan.rounds[0].question_ids)
