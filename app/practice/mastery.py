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
* Posterior Beta(PRIOR_ALPHA + successes, PRIOR_BETA + failures). Bounds are the posterior's 10%
  and 90% quantiles (an 80% credible interval); the planner ranks by the lower one, which is low
  when a topic is weak *or* barely observed.

Because the posterior is a sum over attempts, recomputing it is a single pass and the result is
a pure function of (bank, attempts, now): no hand-kept counters to drift.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

from app.domain.bank import Bank, Question
from app.domain.enums import Difficulty
from app.practice import beta
from app.store.practice_queries import AttemptRecord

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
BAR = 2.0 / 3.0
"""Mastery of a "lean hire" (level 3): the hiring bar on the [0, 1] scale."""
WEAK_BELOW = 0.5
"""Level 2.5 on the [0, 1] scale: below it a topic is on the no-hire side."""

_DECAY_PER_DAY = math.log(2.0) / HALF_LIFE_DAYS


def to_unit(score: float) -> float:
    """A 1-4 level on [0, 1]."""
    return min(1.0, max(0.0, (score - 1.0) / 3.0))


def to_level(mastery: float) -> float:
    """A [0, 1] mastery back on the rubric's 1-4 scale, for display."""
    return 1.0 + 3.0 * mastery


def decay(age_days: float) -> float:
    return math.exp(-_DECAY_PER_DAY * max(0.0, age_days))


def topic_weights(question: Question) -> list[tuple[str, float]]:
    return [(t, 1.0 if i == 0 else SECONDARY_TOPIC_WEIGHT) for i, t in enumerate(question.topics)]


def evidence(question: Question, score: float, is_estimate: bool) -> tuple[float, float]:
    """(success, failure) mass of one fresh attempt, before age decay and topic weighting."""
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

    def weak_and_confident(self) -> bool:
        """Even the optimistic end of the interval is on the no-hire side."""
        return self.attempts > 0 and self.upper() < WEAK_BELOW

    def strong_and_confident(self) -> bool:
        return self.attempts > 0 and self.lower() >= BAR


def prior(topic: str) -> TopicMastery:
    return TopicMastery(topic, PRIOR_ALPHA, PRIOR_BETA, 0, None)


def practice_questions(bank: Bank) -> dict[str, Question]:
    """Questions that train something: the closing "questions for me?" segment does not."""
    return {qid: q for qid, q in bank.questions.items() if not q.closing}


@dataclass(frozen=True, slots=True)
class QuestionStats:
    """How often a question was answered (and judged), and how it went last time."""

    attempts: int
    last_at: datetime
    last_score: float | None


@dataclass(frozen=True)
class History:
    """What one pass over the attempts yields: mastery per topic and stats per question."""

    topics: dict[str, TopicMastery]
    questions: dict[str, QuestionStats]


def compute_mastery(
    bank: Bank, attempts: Iterable[AttemptRecord], now: datetime
) -> dict[str, TopicMastery]:
    """Posterior per topic of the bank's practice questions (unpractised topics at the prior)."""
    return fold_history(bank, attempts, now).topics


def fold_history(bank: Bank, attempts: Iterable[AttemptRecord], now: datetime) -> History:
    """One pass: attempts are summed per question (one exp each), then spread to the question's
    topics, so 10^5 attempts stay well inside the planner's time budget."""
    questions = practice_questions(bank)
    per_question: dict[str, list[float]] = {}
    stats: dict[str, QuestionStats] = {}
    for a in attempts:
        q = questions.get(a.question_id)
        if q is None:
            continue
        prev = stats.get(a.question_id)
        if prev is None:
            stats[a.question_id] = QuestionStats(1, a.at, a.score)
        elif a.at >= prev.last_at:
            stats[a.question_id] = QuestionStats(prev.attempts + 1, a.at, a.score)
        else:
            stats[a.question_id] = QuestionStats(prev.attempts + 1, prev.last_at, prev.last_score)
        if a.score is None:
            continue
        success, failure = evidence(q, a.score, a.is_estimate)
        w = decay((now - a.at).total_seconds() / 86400.0)
        acc = per_question.get(a.question_id)
        if acc is None:
            per_question[a.question_id] = [w * success, w * failure]
        else:
            acc[0] += w * success
            acc[1] += w * failure
    topics = spread_to_topics(questions, per_question, stats)
    return History(topics, stats)


def spread_to_topics(
    questions: Mapping[str, Question],
    per_question: Mapping[str, list[float]],
    stats: Mapping[str, QuestionStats],
) -> dict[str, TopicMastery]:
    """Per-question evidence onto topics; attempts and last-seen count every judged attempt."""
    alpha: dict[str, float] = {}
    beta_: dict[str, float] = {}
    n: dict[str, int] = {}
    seen: dict[str, datetime] = {}
    for q in questions.values():
        for topic, _ in topic_weights(q):
            alpha.setdefault(topic, PRIOR_ALPHA)
            beta_.setdefault(topic, PRIOR_BETA)
            n.setdefault(topic, 0)
    for qid, (success, failure) in per_question.items():
        for topic, weight in topic_weights(questions[qid]):
            alpha[topic] += weight * success
            beta_[topic] += weight * failure
    for qid, st in stats.items():
        for topic in questions[qid].topics:
            n[topic] += st.attempts
            if topic not in seen or st.last_at > seen[topic]:
                seen[topic] = st.last_at
    return {t: TopicMastery(t, alpha[t], beta_[t], n[t], seen.get(t)) for t in sorted(alpha)}


def question_lower_bound(question: Question, mastery: Mapping[str, TopicMastery],
                         lower: Mapping[str, float]) -> float:
    """A question's weakness key: the topic-weighted mean of its topics' lower bounds."""
    total = weight_sum = 0.0
    for topic, weight in topic_weights(question):
        value = lower.get(topic)
        if value is None:
            value = mastery[topic].lower() if topic in mastery else prior(topic).lower()
        total += weight * value
        weight_sum += weight
    return total / weight_sum
