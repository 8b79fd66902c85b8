"""The progress report: mastery per topic with its interval, trend, flags, what is due, coverage.

Plain frozen dataclasses (`report_json` is the `--json` form), so `mockloop progress` and the TUI
screen show the same numbers and the command need not import pydantic.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Collection, Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol

from app.domain.catalog import Catalog, PracticeQuestion
from app.practice.folded import fingerprint, trend_from
from app.practice.mastery import (
    DECAY_PER_DAY,
    ESTIMATE_WEIGHT,
    HALF_LIFE_DAYS,
    PRIOR_ALPHA,
    PRIOR_BETA,
    SECONDARY_TOPIC_WEIGHT,
    History,
    count_once,
    history_from_evidence,
    practice_questions,
    to_level,
)
from app.practice.trend import TrendPoint, session_trend
from app.practice.when import aware, days_until, is_due
from app.store.practice_records import (
    AggregateState,
    AttemptRecord,
    CardRecord,
    QuestionTotals,
    SessionAggregate,
    TopicTotal,
)

if TYPE_CHECKING:
    from app.domain.bank import Bank
    from app.practice.state import PracticeState
    from app.store.repository import Repository

TREND_SESSIONS = 30
log = logging.getLogger(__name__)


@dataclasses.dataclass(frozen=True, kw_only=True)
class TopicProgress:
    topic: str
    mastery: float
    low: float
    high: float
    level: float
    """The mastery on the rubric's 1-4 scale."""
    attempts: int
    last_seen: datetime | None
    next_due: datetime | None
    """Earliest due date among the topic's reviewed questions."""
    flag: str
    """"weak" (weak and confident: even the interval's top is below level 2.5), "strong"
    (the interval's bottom is at the lean-hire bar) or ""."""


@dataclasses.dataclass(frozen=True, kw_only=True)
class ProgressReport:
    generated_at: datetime
    sessions: int
    attempts: int
    """Judged answers: an answer rescored later counts once (its latest judgement)."""
    judgements: int = 0
    """Assessments behind them, rescores included."""
    topics: list[TopicProgress]
    """Practised topics, weakest first."""
    unpractised: list[str]
    weak_confident: list[str]
    trend: list[TrendPoint]
    due_today: int
    due_week: int
    seen: int
    bank_size: int
    share_seen: float
    estimates: bool
    """Some scores behind this report are offline estimates."""


def build_progress(repo: Repository, bank: Bank, now: datetime | None = None) -> ProgressReport:
    """The report from the running aggregates (app/practice/aggregates.py) and the review cards,
    both brought up to date first; should they be unusable (a read-only database, say), from a
    full fold instead."""
    from app.practice import aggregates
    from app.practice.cards import sync_cards

    when = aware(now)
    try:
        sync_cards(repo)
        aggregates.refresh(repo, bank)
        report = read_progress(repo, bank, when)
    except Exception:  # the aggregates are a cache: the full fold gives the same report
        log.exception("practice aggregates unusable; folding the whole history instead")
        report = None
    if report is None:
        report = _folded(repo, bank, when)
    return report


def _folded(repo: Repository, bank: Bank, now: datetime) -> ProgressReport:
    from app.practice.state import load_state

    state = load_state(repo, bank, now)
    questions = practice_questions(bank)
    judgements = sum(n for q, (_, n) in repo.assessment_heads().items() if q in questions)
    report = progress_from_state(bank, state, repo.practice_attempts(), judgements=judgements)
    listed = repo.session_scores({p.session_id for p in report.trend})
    return with_listed_scores(report, listed)


class ProgressReads(Protocol):
    """The reads behind the report: the repository answers them, and so does the stdlib sqlite3
    reader of a quick `mockloop progress` (app/store/quick_practice.py)."""

    def question_totals(
        self, now: datetime, *, decay_per_day: float, estimate_weight: float
    ) -> list[QuestionTotals]: ...

    def review_cards(self) -> list[CardRecord]: ...

    def aggregate_state(self) -> AggregateState: ...

    def practice_totals(self) -> tuple[int, int, bool]: ...

    def recent_aggregates(self, last: int) -> list[SessionAggregate]: ...

    def topic_totals(self) -> dict[str, TopicTotal]: ...

    def session_scores(self, session_ids: Collection[str]) -> dict[str, float | None]: ...


def read_progress(
    reads: ProgressReads, bank: Catalog[PracticeQuestion], now: datetime
) -> ProgressReport | None:
    """The report from what is stored, read only; None when the review cards or the running
    aggregates lag the assessments (then whoever can write brings them up to date first)."""
    totals = reads.question_totals(
        now, decay_per_day=DECAY_PER_DAY, estimate_weight=ESTIMATE_WEIGHT
    )
    heads = {t.question_id: (t.latest_assessment_id, t.judgements) for t in totals}
    cards = {c.question_id: c for c in reads.review_cards()}
    if cards.keys() != heads.keys() or any(
        (c.last_assessment_id, c.judgements) != heads[q] for q, c in cards.items()
    ):
        return None
    aggregate = reads.aggregate_state()
    if aggregate.fingerprint != fingerprint(bank) or aggregate.folded != aggregate.assessments:
        return None
    history = history_from_evidence(
        bank, count_once(totals, [cards[q] for q in sorted(cards)], now)
    )
    trend = trend_from(reads.recent_aggregates(TREND_SESSIONS), reads.topic_totals())
    questions = practice_questions(bank)
    judgements = sum(n for q, (_, n) in heads.items() if q in questions)
    report = _report(
        bank, now, history, cards, Counts(*reads.practice_totals()), trend, judgements=judgements
    )
    return with_listed_scores(report, reads.session_scores({p.session_id for p in trend}))


def with_listed_scores(
    report: ProgressReport, listed: Mapping[str, float | None]
) -> ProgressReport:
    """Chart the score each session lists (its overall, weighted by round minutes, as the
    session list and review show it) rather than a second average that would disagree."""
    trend: list[TrendPoint] = []
    for p in report.trend:
        score = listed.get(p.session_id)
        trend.append(p if score is None else dataclasses.replace(p, score=score, listed=True))
    return dataclasses.replace(report, trend=trend)


class Counts(NamedTuple):
    sessions: int
    attempts: int
    estimates: bool


def progress_from_state(
    bank: Catalog[PracticeQuestion],
    state: PracticeState,
    attempts: list[AttemptRecord],
    *,
    judgements: int = 0,
) -> ProgressReport:
    """The report from answers in memory (the full fold; tests and the fallback)."""
    questions = practice_questions(bank)
    relevant = [a for a in attempts if a.question_id in questions]
    counts = Counts(
        len({a.session_id for a in relevant}),
        len(relevant),
        any(a.is_estimate for a in relevant),
    )
    trend = session_trend(bank, relevant, TREND_SESSIONS)
    return _report(
        bank, state.now, state.history, state.cards, counts, trend, judgements=judgements
    )


class DueCard(Protocol):
    """A review card as the report reads it: a `CardState`, or the `CardRecord` it is stored as."""

    @property
    def due(self) -> datetime: ...

    @property
    def reviewed(self) -> bool: ...


def _report(
    bank: Catalog[PracticeQuestion],
    now: datetime,
    history: History,
    all_cards: Mapping[str, DueCard],
    counts: Counts,
    trend: list[TrendPoint],
    *,
    judgements: int = 0,
) -> ProgressReport:
    questions = practice_questions(bank)
    cards = {q: c for q, c in all_cards.items() if q in questions and c.reviewed}
    next_due: dict[str, datetime] = {}
    for qid, card in cards.items():
        for topic in questions[qid].topics:
            if topic not in next_due or card.due < next_due[topic]:
                next_due[topic] = card.due
    topics: list[TopicProgress] = []
    unpractised: list[str] = []
    for name, m in history.topics.items():
        if m.attempts == 0:
            unpractised.append(name)
            continue
        flag = "weak" if m.weak_and_confident() else "strong" if m.strong_and_confident() else ""
        topics.append(
            TopicProgress(
                topic=name,
                mastery=m.mean,
                low=m.lower(),
                high=m.upper(),
                level=to_level(m.mean),
                attempts=m.attempts,
                last_seen=m.last_seen,
                next_due=next_due.get(name),
                flag=flag,
            )
        )
    topics.sort(key=lambda t: (t.mastery, t.topic))
    seen = sum(1 for q in history.questions if q in questions)
    return ProgressReport(
        generated_at=now,
        sessions=counts.sessions,
        attempts=counts.attempts,
        judgements=max(judgements, counts.attempts),
        topics=topics,
        unpractised=sorted(unpractised),
        weak_confident=[t.topic for t in topics if t.flag == "weak"],
        trend=trend,
        due_today=sum(1 for c in cards.values() if is_due(c.due, now)),
        due_week=sum(1 for c in cards.values() if days_until(c.due, now) <= 7),
        seen=seen,
        bank_size=len(questions),
        share_seen=seen / len(questions) if questions else 0.0,
        estimates=counts.estimates,
    )


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def summary_line(report: ProgressReport) -> str:
    """Sessions, answers, coverage and what is due, as both the CLI and the TUI say it."""
    answers = _plural(report.attempts, "judged answer")
    if report.judgements > report.attempts:
        answers += f" ({report.judgements} assessments: a rescored answer counts once)"
    return (
        f"{_plural(report.sessions, 'session')}, {answers} · seen {report.seen}/"
        f"{report.bank_size} questions ({report.share_seen:.0%}) · due today "
        f"{report.due_today}, this week {report.due_week}"
    )


def weighting_note() -> str:
    """Why a topic's level trails the scores of its answers."""
    prior = to_level(PRIOR_ALPHA / (PRIOR_ALPHA + PRIOR_BETA))
    return (
        f"Topic levels are estimates, not averages: each topic starts from a neutral prior "
        f"(level {prior:.1f}) that a few answers only partly outweigh, evidence halves every "
        f"{HALF_LIFE_DAYS:.0f} days, offline estimates count {ESTIMATE_WEIGHT:.0%} of an LLM "
        f"judgement and a question's secondary topics {SECONDARY_TOPIC_WEIGHT:.0%}. So one 4.00 "
        "answer shows as about 3.0."
    )


def listed_scores(report: ProgressReport) -> str:
    """The charted values, oldest first, so every bar can be read as a number."""
    return "Scores, oldest first: " + " · ".join(
        f"{p.at:%m-%d} {p.score:.2f}{' est.' if p.estimate else ''}" for p in report.trend
    )


def report_json(report: ProgressReport) -> dict[str, Any]:
    """The report as JSON values, field by field (datetimes in ISO 8601, UTC as "Z")."""
    values: dict[str, Any] = _jsonable(dataclasses.asdict(report))
    return values


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    if isinstance(value, datetime):
        text = value.isoformat()
        return text[:-6] + "Z" if text.endswith("+00:00") else text
    return value
