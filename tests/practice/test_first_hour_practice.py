"""What a new user reads on the progress view and in the recommendation: charted scores equal the
listed session scores, counts say what they count, untested topics come in a documented order
(weight in the chosen rounds, not the alphabet) and the proposed length follows the need."""

from __future__ import annotations

from datetime import datetime

from app.domain.enums import RoundKind
from app.domain.formats import FORMATS
from app.practice.chart import _eighths, bar_chart
from app.practice.progress import build_progress, listed_scores, summary_line, weighting_note
from app.store.repository import Repository
from tests.practice.conftest import attempt, bank_of, days, question, store_answer
from tests.practice.test_planner import ids, plan

BANK = bank_of(
    question("known-1", ["known"]),
    question("known-2", ["known"]),
    question("aaa-1", ["aaa"]),
    question("mmm-1", ["mmm"]),
    question("mmm-2", ["mmm"]),
    question("zzz-1", ["zzz"]),
    question("zzz-2", ["zzz"]),
    question("zzz-3", ["zzz"]),
    question("zzz-4", ["zzz"]),
    question("bbb-1", ["bbb", "zzz"]),
)


def test_untested_topics_come_by_their_weight_in_the_chosen_rounds_not_by_name(
    now: datetime,
) -> None:
    rec = plan(BANK, [attempt("known-1", 4, now - days(2))], now)
    topics = [BANK.questions[q].topics[0] for q in ids(rec)]
    # zzz has 4 questions (+ a secondary mention), mmm 2, aaa 1: alphabetical would start at aaa
    assert topics[:3] == ["zzz", "mmm", "aaa"]
    assert rec.categories[ids(rec)[0]] == "coverage"


def test_the_proposed_length_follows_what_the_weak_topics_need(now: datetime) -> None:
    fmt = FORMATS[RoundKind.FUNDAMENTALS]
    first = plan(BANK, [], now, minutes=None)
    assert first.plan.rounds[0].minutes == fmt.default_minutes  # a diagnostic sweep: full length
    one_weak = plan(BANK, [attempt("known-1", 2, now - days(2))], now, minutes=None)
    short = one_weak.plan.rounds[0]
    assert short.minutes < fmt.default_minutes
    assert len(short.question_ids) == fmt.question_count(short.minutes) >= 2
    assert any("min proposed" in n for n in one_weak.notes)
    all_weak = [attempt(q, 1, now - days(2)) for q in BANK.questions if q.endswith("-1")]
    assert plan(BANK, all_weak, now, minutes=None).plan.rounds[0].minutes == fmt.default_minutes
    chosen = plan(BANK, [attempt("known-1", 2, now - days(2))], now, minutes=20)
    assert chosen.plan.rounds[0].minutes == 20  # a chosen length is never overridden


def test_the_chart_points_are_the_listed_session_scores(repo: Repository, now: datetime) -> None:
    listed = {"s1": 3.0, "s2": 2.5, "s3": 2.0}
    for n, (sid, overall) in enumerate(listed.items()):
        at = now - days(3 - n)
        # answers score 4 and 2: their plain mean (3.0) differs from two of the listed overalls
        store_answer(repo, sid, "known-1", 4, at)
        store_answer(repo, sid, "mmm-1", 2, at)
        repo.finish_session(sid, 600.0, overall)
    store_answer(repo, "s1", "known-1", 3, now - days(1))  # a rescore of s1's first answer

    report = build_progress(repo, BANK, now)
    oldest_first = [s.overall_score for s in reversed(repo.list_sessions())]
    assert [p.score for p in report.trend] == oldest_first == [3.0, 2.5, 2.0]
    chart = bar_chart([p.score for p in report.trend], lo=1.0, hi=4.0)
    for col, score in enumerate(oldest_first):
        assert score is not None
        column = "".join(line.split("┤")[1][col] for line in chart[:-1])
        eighths = sum(" ▁▂▃▄▅▆▇█".index(c) for c in column)
        assert eighths == _eighths(score, 1.0, 4.0, 6)
    assert listed_scores(report).endswith(
        "3.00 · " + f"{report.trend[1].at:%m-%d} 2.50 · " + f"{report.trend[2].at:%m-%d} 2.00"
    )

    assert report.attempts == 6 and report.judgements == 7
    line = summary_line(report)
    assert line.startswith("3 sessions, 6 judged answers (7 assessments: a rescored answer")
    note = weighting_note()
    assert "prior" in note and "halves every 42 days" in note and "75%" in note
