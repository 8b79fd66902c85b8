"""The reads behind the progress report through the standard library's sqlite3, so that
`mockloop progress` need not import SQLAlchemy and SQLModel (~0.35-0.6 s) to print numbers that
a few indexed queries answer.

`QuickPracticeReads` answers the same `ProgressReads` calls as the repository, with the same
record types (app/store/practice_records.py), the same SQL sums (the covering-index scan of
`practice_queries._sqlite_totals`) and the same orderings; tests/store/test_quick_practice.py
compares both on random histories. It only reads: when the cards or the running aggregates lag
the assessments, the practice layer says so and the caller takes the full path, which writes.
As in app/store/quick.py, only a plain SQLite file of a known schema is opened, read-only; any
sqlite3 error is the caller's cue to go through the repository, which reports faults.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Collection
from datetime import datetime
from pathlib import Path

from app.store.practice_records import (
    AggregateState,
    CardRecord,
    QuestionTotals,
    SessionAggregate,
    TopicTotal,
    aware_utc,
    epoch_seconds,
)
from app.store.quick import connect_read_only, sqlite_file

_W = "exp(? * (unixepoch(created_at) - ?)) * (1.0 - ? * is_estimate)"
_TOTALS = (  # the expression `practice_queries._sqlite_totals` builds, so the sums agree exactly
    f"SELECT question_id, max(id), count(*), sum({_W} * (weighted_score IS NOT NULL)), "
    f"sum(weighted_score * {_W}) FROM assessments GROUP BY question_id"
)
_CARDS = (
    "SELECT question_id, card_json, due, last_review, reps, lapses, last_rating, "
    "last_assessment_id, judgements, rejudged_json FROM review_cards ORDER BY question_id"
)
_RECENT = (
    "SELECT session_id, at_s, answers, scored, score_sum, estimates, scored_estimates, "
    "assessments FROM practice_sessions WHERE at_s IS NOT NULL "
    "ORDER BY at_s DESC, session_id DESC LIMIT ?"
)


def _when(raw: object) -> datetime:
    return aware_utc(datetime.fromisoformat(str(raw)))


class QuickPracticeReads:
    """`ProgressReads` over one read-only sqlite3 connection."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    def question_totals(
        self, now: datetime, *, decay_per_day: float, estimate_weight: float
    ) -> list[QuestionTotals]:
        w = (decay_per_day / 86400.0, epoch_seconds(now), 1.0 - estimate_weight)
        rows = self._conn.execute(_TOTALS, w + w)
        return [
            QuestionTotals(str(q), int(i), int(n), float(sw or 0.0), float(sws or 0.0))
            for q, i, n, sw, sws in rows
        ]

    def review_cards(self) -> list[CardRecord]:
        return [
            CardRecord(
                question_id=str(q),
                card_json=str(card),
                due=_when(due),
                last_review=_when(last) if last is not None else None,
                reps=int(reps),
                lapses=int(lapses),
                last_rating=int(rating) if rating is not None else None,
                last_assessment_id=int(aid),
                judgements=int(judged),
                rejudged_json=str(rejudged),
            )
            for q, card, due, last, reps, lapses, rating, aid, judged, rejudged in (
                self._conn.execute(_CARDS)
            )
        ]

    def aggregate_state(self) -> AggregateState:
        row = self._conn.execute("SELECT fingerprint, folded FROM practice_state").fetchone()
        (count,) = self._conn.execute("SELECT count(*) FROM assessments").fetchone()
        if row is None:
            return AggregateState(None, 0, int(count))
        return AggregateState(str(row[0]), int(row[1]), int(count))

    def practice_totals(self) -> tuple[int, int, bool]:
        n, answers, estimates = self._conn.execute(
            "SELECT count(*), coalesce(sum(answers), 0), coalesce(sum(estimates), 0) "
            "FROM practice_sessions WHERE answers > 0"
        ).fetchone()
        return int(n), int(answers), int(estimates) > 0

    def recent_aggregates(self, last: int) -> list[SessionAggregate]:
        rows = self._conn.execute(_RECENT, (last,)).fetchall()
        ids = [str(r[0]) for r in rows]
        topics: dict[str, dict[str, tuple[float, float]]] = {}
        if ids:
            marks = ",".join("?" * len(ids))
            for sid, topic, s, f in self._conn.execute(
                "SELECT session_id, topic, success, failure FROM practice_topic_sessions "
                f"WHERE session_id IN ({marks})",
                ids,
            ):
                topics.setdefault(str(sid), {})[str(topic)] = (float(s), float(f))
        return [
            SessionAggregate(
                session_id=str(sid),
                at_s=float(at_s),
                answers=int(answers),
                scored=int(scored),
                score_sum=float(score_sum),
                estimates=int(estimates),
                scored_estimates=int(scored_estimates),
                assessments=int(assessments),
                topics=topics.get(str(sid), {}),
            )
            for sid, at_s, answers, scored, score_sum, estimates, scored_estimates, assessments in (
                reversed(rows)
            )
        ]

    def topic_totals(self) -> dict[str, TopicTotal]:
        return {
            str(t): TopicTotal(float(s), float(f), int(n))
            for t, s, f, n in self._conn.execute(
                "SELECT topic, success_e, failure_e, sessions FROM practice_topics"
            )
        }

    def session_scores(self, session_ids: Collection[str]) -> dict[str, float | None]:
        ids = list(session_ids)
        if not ids:
            return {}
        marks = ",".join("?" * len(ids))
        return {
            str(sid): float(score) if score is not None else None
            for sid, score in self._conn.execute(
                f"SELECT id, overall_score FROM sessions WHERE id IN ({marks})", ids
            )
        }


def open_quick_reads(url: str) -> tuple[sqlite3.Connection, QuickPracticeReads] | None:
    """A read-only reader of a plain SQLite file of a known schema; None for anything else.
    The caller closes the connection. Raises sqlite3.Error and OSError as sqlite3 does."""
    path = sqlite_file(url)
    if path is None or not path.is_file():
        return None
    conn = connect_read_only(Path(path))
    if conn is None:
        return None
    return conn, QuickPracticeReads(conn)
