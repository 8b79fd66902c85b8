"""The planner's rules, as a pure function of the bank, the learner's state and the slots to fill.

Per round, a round whose questions have never been answered gets a *diagnostic sweep*: questions
chosen to touch as many distinct topics as possible (medium difficulty, broad topics, one area
after another), because nothing is known yet.

Other rounds share one mix, filled in this order:

1. due reviews (about a third of the slots): questions whose fsrs card is due, weakest first;
2. one coverage question from the least-practised topic, so nothing is neglected for long;
3. the rest from the weakest topics ranked by a lower confidence bound of their mastery
   (`TopicMastery.bound`: weak *or* uncertain topics rank low); each pick raises its topic's key
   by `PICK_PENALTY`, so a clearly weakest topic gets its two questions while topics that are
   about as weak share the remainder. Topics that rank equal (above all the untested ones, which
   share the prior) go by their weight in the chosen rounds, the number of their
   questions in those rounds' pools, a question's first topic counting 1 and its others
   `SECONDARY_TOPIC_WEIGHT` (what the loop will test most comes first); then by name, only to
   be deterministic.

Throughout: never a question twice in a session; never one whose card is not yet due (unless the
pool is exhausted, and then the least-premature one); at most `MAX_PER_TOPIC` questions on any
topic; questions tagged for the target level before others.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime

from app.domain.bank import Bank, Question
from app.domain.enums import Difficulty, RoundKind, TargetLevel
from app.practice.cards import effective_due, on_cooldown
from app.practice.mastery import (
    TopicMastery,
    practice_questions,
    prior,
    to_level,
    topic_weights,
)
from app.practice.rating import RATING_NAMES
from app.practice.state import PracticeState
from app.practice.when import days_until, is_due

MAX_PER_TOPIC = 2
PICK_PENALTY = 0.05
REVIEW_SHARE = 3
"""At most one slot in REVIEW_SHARE goes to due reviews before weak topics are considered."""


@dataclass(frozen=True)
class Pick:
    question_id: str
    round_index: int
    category: str  # diagnostic | review | coverage | weak | filler
    reason: str


def describe(m: TopicMastery) -> str:
    if m.attempts == 0:
        return "never practised"
    return (
        f"mastery {m.mean:.2f} (80% interval {m.lower():.2f}-{m.upper():.2f}, "
        f"about level {to_level(m.mean):.1f}) over {m.attempts} attempt"
        f"{'s' if m.attempts != 1 else ''}"
    )


class Selector:
    """Fills the rounds' slots; one instance per plan."""

    def __init__(
        self,
        bank: Bank,
        state: PracticeState,
        rounds: Sequence[RoundKind],
        capacity: Sequence[int],
        level: TargetLevel,
        cap: datetime | None,
    ) -> None:
        self.state = state
        self.now = state.now
        self.rounds = list(rounds)
        self.capacity = list(capacity)
        self.level = level
        self.cap = cap
        questions = practice_questions(bank)
        self.questions = questions
        self.pools: dict[RoundKind, list[Question]] = {
            kind: sorted((q for q in questions.values() if q.round is kind), key=lambda q: q.id)
            for kind in dict.fromkeys(rounds)
        }
        self.topics = state.history.topics
        self.picks: list[Pick] = []
        self.used: set[str] = set()
        self.topic_count: Counter[str] = Counter()
        self.filled = [0] * len(rounds)
        self._bound: dict[str, float] = {}
        self._breadth: Counter[str] = Counter(
            t for pool in self.pools.values() for q in pool for t in q.topics
        )
        self._weight: Counter[str] = Counter()
        for pool in self.pools.values():
            for q in pool:
                self._weight.update(dict(topic_weights(q)))

    # ------------------------------------------------------------ facts
    def mastery(self, topic: str) -> TopicMastery:
        return self.topics.get(topic) or prior(topic)

    def bound(self, topic: str) -> float:
        value = self._bound.get(topic)
        if value is None:
            value = self._bound[topic] = self.mastery(topic).bound()
        return value

    def question_bound(self, q: Question) -> float:
        """A question's weakness key: the topic-weighted mean of its topics' bounds."""
        weighted = [(self.bound(t), w) for t, w in topic_weights(q)]
        return sum(v * w for v, w in weighted) / sum(w for _, w in weighted)

    def seen(self, q: Question) -> bool:
        return q.id in self.state.history.questions

    def due(self, q: Question) -> bool:
        card = self.state.cards.get(q.id)
        return (
            card is not None and card.reviewed and is_due(effective_due(card, self.cap), self.now)
        )

    def cooldown(self, q: Question) -> bool:
        return on_cooldown(self.state.cards.get(q.id), self.now, self.cap)

    def fits(self, q: Question) -> bool:
        return self.level in q.levels

    def capped(self, q: Question) -> bool:
        return any(self.topic_count[t] >= MAX_PER_TOPIC for t in q.topics)

    def round_for(self, q: Question, rounds: Sequence[int]) -> int | None:
        return next(
            (r for r in rounds if self.rounds[r] is q.round and self.filled[r] < self.capacity[r]),
            None,
        )

    # ------------------------------------------------------------ candidates
    def available(self, rounds: Sequence[int], tier: int) -> Iterator[Question]:
        """Unused questions with a free slot. Tier 0: target level, off cooldown, under the topic
        cap; 1: any level; 2: topic cap relaxed; 3: cooldown relaxed (pool exhausted)."""
        for kind in dict.fromkeys(self.rounds[r] for r in rounds):
            if not any(
                self.rounds[r] is kind and self.filled[r] < self.capacity[r] for r in rounds
            ):
                continue
            for q in self.pools[kind]:
                if q.id in self.used:
                    continue
                if tier == 0 and not self.fits(q):
                    continue
                if tier <= 1 and self.capped(q):
                    continue
                if tier <= 2 and self.cooldown(q):
                    continue
                yield q

    def open_slots(self, rounds: Sequence[int]) -> int:
        return sum(self.capacity[r] - self.filled[r] for r in rounds)

    def take(self, q: Question, rounds: Sequence[int], category: str, reason: str) -> bool:
        r = self.round_for(q, rounds)
        if r is None or q.id in self.used:
            return False
        self.picks.append(Pick(q.id, r, category, reason))
        self.used.add(q.id)
        self.topic_count.update(q.topics)
        self.filled[r] += 1
        return True

    # ------------------------------------------------------------ rules
    def diagnostic(self, r: int) -> None:
        """Sweep: each pick opens a new main topic (and area, when the round has several), at
        medium difficulty, touching as many untouched topics as possible."""
        covered = {t for p in self.picks for t in self._question(p.question_id).topics}
        areas = {self._question(p.question_id).area for p in self.picks}
        while self.filled[r] < self.capacity[r]:
            cands = (
                list(self.available([r], 0))
                or list(self.available([r], 1))
                or list(self.available([r], 2))
            )
            if not cands:
                return

            def key(q: Question) -> tuple[bool, bool, bool, float, int, str]:
                new = sum(w for t, w in topic_weights(q) if t not in covered)
                return (
                    q.topics[0] in covered,
                    q.area in areas,
                    q.difficulty is not Difficulty.MEDIUM,
                    -new,
                    -sum(self._breadth[t] for t in q.topics),
                    q.id,
                )

            q = min(cands, key=key)
            self.take(
                q,
                [r],
                "diagnostic",
                f"diagnostic sweep: a first look at {q.area} ({', '.join(q.topics)})",
            )
            covered.update(q.topics)
            areas.add(q.area)

    def reviews(self, rounds: Sequence[int], quota: int) -> None:
        due = [q for q in self.available(rounds, 0) if self.due(q)]
        due.sort(key=lambda q: (self.question_bound(q), self._due_at(q), q.id))
        taken = 0
        for q in due:
            if taken >= quota:
                return
            if self.capped(q):
                continue
            if self.take(q, rounds, "review", self._review_reason(q)):
                taken += 1

    def coverage(self, rounds: Sequence[int]) -> None:
        for tier in (0, 1):
            cands = list(self.available(rounds, tier))
            if not cands:
                continue
            topics = {t for q in cands for t in q.topics}
            topic = min(
                topics,
                key=lambda t: (
                    self.mastery(t).attempts,
                    self.mastery(t).last_seen or datetime.min.replace(tzinfo=self.now.tzinfo),
                    -self._breadth[t],
                    t,
                ),
            )
            q = min(
                (q for q in cands if topic in q.topics),
                key=lambda q: (self.seen(q), q.topics[0] != topic, self.question_bound(q), q.id),
            )
            n = self.mastery(topic).attempts
            practised = "never practised" if n == 0 else f"{n} attempt{'s' if n != 1 else ''}"
            self.take(
                q,
                rounds,
                "coverage",
                f"coverage: '{topic}' is your least-practised topic ({practised})",
            )
            return

    def weakest(self, rounds: Sequence[int]) -> None:
        while self.open_slots(rounds) > 0:
            cands = list(self.available(rounds, 0)) or list(self.available(rounds, 1))
            if not cands:
                return
            topics = {t for q in cands for t in q.topics}
            topic = min(
                topics,
                key=lambda t: (
                    self.bound(t) + PICK_PENALTY * self.topic_count[t],
                    self.mastery(t).attempts,
                    -self._weight[t],
                    t,
                ),
            )
            q = min(
                (q for q in cands if topic in q.topics),
                key=lambda q: (
                    not self.due(q),
                    self.seen(q),
                    q.topics[0] != topic,
                    self.question_bound(q),
                    q.id,
                ),
            )
            m = self.mastery(topic)
            reason = (
                f"weak topic '{topic}': {describe(m)}"
                if m.attempts
                else f"untested topic '{topic}': never practised, so it may well be weak"
            )
            if self.due(q):
                reason += "; also due for review"
            self.take(q, rounds, "weak", reason)

    def fill(self, rounds: Sequence[int]) -> None:
        """Last resort when the rules above leave slots open: a small or exhausted pool."""
        for q in list(self.available(rounds, 2)):
            if self.open_slots(rounds) == 0:
                return
            self.take(
                q, rounds, "filler", "filler: the pool is small, so the per-topic limit was relaxed"
            )
        rest = sorted(self.available(rounds, 3), key=lambda q: (self._due_at(q), q.id))
        for q in rest:
            if self.open_slots(rounds) == 0:
                return
            due = self._due_at(q)
            self.take(
                q,
                rounds,
                "filler",
                f"pool exhausted: asked before its due date ({due:%Y-%m-%d}, "
                f"in {days_until(due, self.now)} days)",
            )

    # ------------------------------------------------------------ helpers
    def _question(self, qid: str) -> Question:
        return self.questions[qid]

    def _due_at(self, q: Question) -> datetime:
        card = self.state.cards.get(q.id)
        if card is None or not card.reviewed:
            return self.now
        return effective_due(card, self.cap)

    def _review_reason(self, q: Question) -> str:
        card = self.state.cards.get(q.id)
        stats = self.state.history.questions.get(q.id)
        parts = ["due review"]
        if stats is not None:
            parts.append(f"last judged {stats.last_at:%Y-%m-%d}")
        if card is not None and card.last_rating is not None:
            parts.append(f"rated {RATING_NAMES.get(card.last_rating, '?')} then")
            overdue = -days_until(effective_due(card, self.cap), self.now)
            if overdue > 0:
                parts.append(f"{overdue} day{'s' if overdue != 1 else ''} overdue")
        weakest = min(q.topics, key=self.bound)
        parts.append(f"'{weakest}' {describe(self.mastery(weakest))}")
        return "; ".join(parts)


def select(
    bank: Bank,
    state: PracticeState,
    rounds: Sequence[RoundKind],
    capacity: Sequence[int],
    level: TargetLevel,
    cap: datetime | None,
) -> tuple[list[Pick], list[int]]:
    """Picks for every round, and the indices of rounds that got a diagnostic sweep."""
    sel = Selector(bank, state, rounds, capacity, level, cap)
    attempted = set(state.history.questions)
    diagnostic = [
        r for r, kind in enumerate(rounds) if not any(q.id in attempted for q in sel.pools[kind])
    ]
    for r in diagnostic:
        sel.diagnostic(r)
    mix = [r for r in range(len(rounds)) if r not in diagnostic]
    if mix:
        total = sel.open_slots(mix)
        sel.reviews(mix, total // REVIEW_SHARE)
        if total >= 2:
            sel.coverage(mix)
        sel.weakest(mix)
    everything = list(range(len(rounds)))
    sel.fill(everything)
    return sel.picks, diagnostic
