"""Mastery per topic: a Beta posterior recomputed from the stored attempts on every call.

Model (the constants below are the whole of it):

* Each scored attempt's weighted criterion level in [1, 4] maps to s = (level - 1) / 3 in [0, 1]
  and is a fractional Bernoulli observation: s "successes" and 1 - s "failures".
* The observation is weighted by
  - age: evidence halves every `HALF_LIFE_DAYS`, so an untouched topic drifts back to the prior
    (skills fade, and an old verdict should not sound confident);
  - judge: offline heuristic estimates count `ESTIMATE_WEIGHT` of an LLM judgement;
  - topic position: a question's first topic is what it is about; the others get
    `SECONDARY_TOPIC_WEIGHT`;
  - difficulty: success on a hard question says more than on an easy one, and failure on an easy
    question says more than on a hard one (`DIFFICULTY_FACTORS` = success, failure multipliers).
* Posterior Beta(PRIOR_ALPHA + successes, PRIOR_BETA + failures). The displayed interval is the
  posterior's 10%-90% range (80% credible). The planner ranks topics by a lower confidence bound,
  the 20% quantile ("80% sure mastery is at least this"), which is low when a topic is weak *or*
  barely observed. It is milder than the interval's bottom on purpose: with the 10% quantile a
  topic never seen (Beta(1, 1)) outranks one answered at lean-no-hire twice, and the planner
  spends its sessions exploring instead of training; tests/bench/planner_sim.py measures this.

Because the posterior is a sum over answers, it is recomputed from the stored assessments on
every call: the store sums the decayed scores per question in one index scan
(`state.load_history`) and this module spreads them over topics. The same sums can be folded from
answers in memory (`fold_history`, used by the simulation benchmark and tests); both give the
same posterior, a pure function of (bank, assessments, now): no hand-kept counters to drift.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple, TypeVar

from app.domain.catalog import Catalog, PracticeQuestion
from app.domain.enums import Difficulty
from app.practice import beta
from app.store.practice_records import (
    AttemptRecord,
    CardRecord,
    QuestionTotals,
    answer_weight,
    epoch_seconds,
    rejudged_answers,
    weight_at,
)

PRIOR_ALPHA = 1.0
PRIOR_BETA = 1.0
HALF_LIFE_DAYS = 42.0
ESTIMATE_WEIGHT = 0.75
SECONDARY_TOPIC_WEIGHT = 0.5
DIFFICULTY_FACTORS: dict[Difficulty, tuple[float, float]] = {
    Difficulty.EASY: (0.75, 1.25),
    Difficulty.MEDIUM: (1.0, 1.0),
    Difficulty.HARD: (1.25, 0.75),
}
LOWER_Q = 0.10
UPPER_Q = 0.90
RANK_Q = 0.20
BAR = 2.0 / 3.0
"""Mastery of a "lean hire" (level 3): the hiring bar on the [0, 1] scale."""
WEAK_BELOW = 0.5
"""Level 2.5 on the [0, 1] scale: below it a topic is on the no-hire side."""

DECAY_PER_DAY = math.log(2.0) / HALF_LIFE_DAYS
Q = TypeVar("Q", bound=PracticeQuestion)


def to_unit(score: float) -> float:
    """A 1-4 level on [0, 1]."""
    return min(1.0, max(0.0, (score - 1.0) / 3.0))


def to_level(mastery: float) -> float:
    """A [0, 1] mastery back on the rubric's 1-4 scale, for display."""
    return 1.0 + 3.0 * mastery


def decay(age_days: float) -> float:
    return math.exp(-DECAY_PER_DAY * max(0.0, age_days))


def topic_weights(question: PracticeQuestion) -> list[tuple[str, float]]:
    return [(t, 1.0 if i == 0 else SECONDARY_TOPIC_WEIGHT) for i, t in enumerate(question.topics)]


def evidence(question: PracticeQuestion, score: float, is_estimate: bool) -> tuple[float, float]:
    """(success, failure) mass of one fresh answer, before age decay and topic weighting."""
    s = to_unit(score)
    k_success, k_failure = DIFFICULTY_FACTORS[question.difficulty]
    w = ESTIMATE_WEIGHT if is_estimate else 1.0
    return w * s * k_success, w * (1.0 - s) * k_failure


@dataclass(frozen=True, slots=True)
class TopicMastery:
    """Posterior Beta(alpha, beta) of one topic, plus how much it has been practised."""

    topic: str
    alpha: float
    beta: float
    attempts: int
    last_seen: datetime | None

    @property
    def mean(self) -> float:
        return self.alpha / (self.alpha + self.beta)

    @property
    def evidence(self) -> float:
        """Decayed, weighted observations behind the posterior (0 = prior only)."""
        return self.alpha + self.beta - PRIOR_ALPHA - PRIOR_BETA

    def lower(self) -> float:
        return beta.quantile(LOWER_Q, self.alpha, self.beta)

    def upper(self) -> float:
        return beta.quantile(UPPER_Q, self.alpha, self.beta)

    def bound(self) -> float:
        """The planner's ranking key: weakness and uncertainty in one number."""
        return beta.quantile(RANK_Q, self.alpha, self.beta)

    def weak_and_confident(self) -> bool:
        """Even the optimistic end of the interval is on the no-hire side."""
        return self.attempts > 0 and self.upper() < WEAK_BELOW

    def strong_and_confident(self) -> bool:
        return self.attempts > 0 and self.lower() >= BAR


def prior(topic: str) -> TopicMastery:
    return TopicMastery(topic, PRIOR_ALPHA, PRIOR_BETA, 0, None)


def practice_questions(bank: Catalog[Q]) -> dict[str, Q]:
    """Questions that train something: the closing "questions for me?" segment does not."""
    return {qid: q for qid, q in bank.questions.items() if not q.closing}


class QuestionEvidence(NamedTuple):
    """Decay-weighted sums over one question's answers (one judgement each)."""

    question_id: str
    answers: int
    last_at: datetime | None
    weight: float
    """Sum of w over answers with a score (w: age decay times the estimate weight)."""
    weighted_score: float
    """Sum of w * score."""


@dataclass(frozen=True, slots=True)
class QuestionStats:
    """How often a question was answered (and judged), and when it was last answered."""

    attempts: int
    last_at: datetime | None


@dataclass(frozen=True)
class History:
    """Mastery per topic and stats per question: everything the planner reads from the past."""

    topics: dict[str, TopicMastery]
    questions: dict[str, QuestionStats]


def weight(at: datetime, is_estimate: bool, now: datetime) -> float:
    return answer_weight(at, is_estimate, now, DECAY_PER_DAY, ESTIMATE_WEIGHT)


def weight_s(at_s: int, is_estimate: bool, now_s: int) -> float:
    """`weight` on epoch seconds (no datetime parsing: the rejudged-answer correction)."""
    return weight_at(at_s, is_estimate, now_s, DECAY_PER_DAY, ESTIMATE_WEIGHT)


def evidence_from_attempts(rows: Iterable[AttemptRecord], now: datetime) -> list[QuestionEvidence]:
    """Per-question sums from answers in memory (already one per answer)."""
    acc: dict[str, list[float]] = {}
    meta: dict[str, tuple[int, datetime]] = {}
    for a in rows:
        sums = acc.setdefault(a.question_id, [0.0, 0.0])
        if a.score is not None:
            w = weight(a.at, a.is_estimate, now)
            sums[0] += w
            sums[1] += w * a.score
        prev = meta.get(a.question_id)
        meta[a.question_id] = (1, a.at) if prev is None else (prev[0] + 1, max(prev[1], a.at))
    return [
        QuestionEvidence(q, meta[q][0], meta[q][1], sums[0], sums[1])
        for q, sums in sorted(acc.items())
    ]


def fold_history(
    bank: Catalog[PracticeQuestion], attempts: Iterable[AttemptRecord], now: datetime
) -> History:
    """Mastery from answers in memory (the store-backed path is `state.load_history`)."""
    return history_from_evidence(bank, evidence_from_attempts(attempts, now))


def compute_mastery(
    bank: Catalog[PracticeQuestion], attempts: Iterable[AttemptRecord], now: datetime
) -> dict[str, TopicMastery]:
    """Posterior per topic of the bank's practice questions (unpractised topics at the prior)."""
    return fold_history(bank, attempts, now).topics


def history_from_evidence(
    bank: Catalog[PracticeQuestion], rows: Iterable[QuestionEvidence]
) -> History:
    """Per-question sums to per-topic posteriors.

    With weights w and scores x in [1, 4]: successes = sum w (x - 1) / 3 and failures =
    sum w (4 - x) / 3, scaled by the question's difficulty factors, then added to each of the
    question's topics with the topic's weight. Questions no longer in the bank are ignored.
    """
    questions = practice_questions(bank)
    alpha: dict[str, float] = {}
    beta_: dict[str, float] = {}
    attempts: dict[str, int] = {}
    seen: dict[str, datetime] = {}
    for question in questions.values():
        for topic in question.topics:
            alpha[topic], beta_[topic], attempts[topic] = PRIOR_ALPHA, PRIOR_BETA, 0
    stats: dict[str, QuestionStats] = {}
    for ev in rows:
        q = questions.get(ev.question_id)
        if q is None or ev.answers == 0:
            continue
        stats[q.id] = QuestionStats(ev.answers, ev.last_at)
        k_success, k_failure = DIFFICULTY_FACTORS[q.difficulty]
        success = max(0.0, ev.weighted_score - ev.weight) / 3.0 * k_success
        failure = max(0.0, 4.0 * ev.weight - ev.weighted_score) / 3.0 * k_failure
        for topic, share in topic_weights(q):
            alpha[topic] += share * success
            beta_[topic] += share * failure
            attempts[topic] += ev.answers
            if ev.last_at is not None and (topic not in seen or ev.last_at > seen[topic]):
                seen[topic] = ev.last_at
    topics = {
        t: TopicMastery(t, alpha[t], beta_[t], attempts[t], seen.get(t)) for t in sorted(alpha)
    }
    return History(topics, stats)


def count_once(
    totals: Sequence[QuestionTotals], records: Sequence[CardRecord], now: datetime
) -> list[QuestionEvidence]:
    """Totals over judgements -> evidence over answers.

    For an answer judged more than once, the totals counted every judgement at its own time;
    replace them with the latest judgement, dated by the first (when the answer was given).
    """
    now_s = epoch_seconds(now)
    sums = {t.question_id: [t.weight, t.weighted_score, float(t.judgements)] for t in totals}
    for record in records:
        acc = sums.get(record.question_id)
        if acc is None or record.rejudged_json == "[]":
            continue
        for answer in rejudged_answers(record):
            for _aid, at_s, score, est in answer:
                if score is not None:
                    w = weight_s(at_s, est, now_s)
                    acc[0] -= w
                    acc[1] -= w * score
            _aid, _at, score, est = max(answer)  # the latest judgement (highest id)...
            if score is not None:
                w = weight_s(min(j[1] for j in answer), est, now_s)  # ...dated by the first
                acc[0] += w
                acc[1] += w * score
            acc[2] -= len(answer) - 1
    last = {r.question_id: r.last_review for r in records}
    return [
        QuestionEvidence(q, int(acc[2]), last.get(q), max(0.0, acc[0]), max(0.0, acc[1]))
        for q, acc in sums.items()
    ]
