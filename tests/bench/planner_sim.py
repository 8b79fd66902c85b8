"""Synthetic learners through the real planner vs random selection (issue 6 benchmark).

Each learner has a hidden skill per topic (12 topics, 8 questions each). A session is 6
questions (a 55-minute fundamentals round). An answer's level (1-4) is drawn from the learner's
skill on the question's topic, shifted by the question's difficulty, plus judge noise; every
answered question then raises that topic's skill a little (practice helps, more where there is
more to learn). Both policies see the same learners, the same session dates and the same noise
seeds; the planner policy uses the production code end to end (mastery fold, fsrs cards with
the production rating map, `plan_from_state`).

Metrics (pooled over learners):
  weak3_share  share of all questions asked on each learner's three truly weakest topics
               (weakest by initial hidden skill)
  weak3_skill  mean hidden skill on those three topics after the last session
  min_skill    mean over learners of their lowest topic skill after the last session
  repeats      questions asked while their card was not yet due (inside the cooldown)

Run from the repo root: python tests/bench/planner_sim.py [--learners 500] [--seed 7]
The last line printed is one JSON object: {"planner": {...}, "random": {...}}.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from app.domain.bank import Bank, Question
from app.domain.enums import Difficulty, RoundKind, TargetLevel
from app.practice.cards import CardState, on_cooldown, review
from app.practice.planner import plan_from_state
from app.practice.state import build_state
from app.store.practice_records import AttemptRecord

TOPICS = 12
PER_TOPIC = 8
SESSIONS = 8
PER_SESSION = 6
MINUTES = 55  # a fundamentals round of this length holds 6 questions
JUDGE_NOISE = 0.5  # sd of the judge's error, in rubric levels
LEARN_RATE = 0.08  # skill += rate * (1 - skill) per question answered on the topic
DIFFICULTY_SHIFT = {Difficulty.EASY: 0.12, Difficulty.MEDIUM: 0.0, Difficulty.HARD: -0.12}
START = datetime(2025, 1, 6, 18, 0, tzinfo=UTC)


def synthetic_bank() -> Bank:
    pattern = [Difficulty.EASY, Difficulty.MEDIUM, Difficulty.MEDIUM, Difficulty.HARD]
    questions = {}
    for t in range(TOPICS):
        for i in range(PER_TOPIC):
            qid = f"t{t:02d}-q{i}"
            questions[qid] = Question(
                id=qid,
                round=RoundKind.FUNDAMENTALS,
                area=f"area-{t:02d}",
                topics=[f"topic-{t:02d}"],
                difficulty=pattern[i % len(pattern)],
                levels=[TargetLevel.MID, TargetLevel.SENIOR, TargetLevel.STAFF],
                prompt=f"Synthetic question {i} on topic {t}.",
                rubric="sim",
            )
    return Bank(questions=questions, rubrics={})


@dataclass
class Learner:
    skill: dict[str, float]
    weak3: set[str]
    rng: random.Random
    attempts: list[AttemptRecord] = field(default_factory=list)
    cards: dict[str, CardState] = field(default_factory=dict)
    asked: int = 0
    asked_weak3: int = 0
    repeats: int = 0


def make_learner(seed: int, bank: Bank) -> Learner:
    rng = random.Random(seed)
    topics = sorted({q.topics[0] for q in bank.questions.values()})
    skill = {t: rng.uniform(0.05, 0.95) for t in topics}
    weak3 = set(sorted(topics, key=lambda t: skill[t])[:3])
    return Learner(skill=skill, weak3=weak3, rng=random.Random(seed * 7919 + 1))


def answer(learner: Learner, q: Question) -> int:
    topic = q.topics[0]
    latent = 1.0 + 3.0 * (learner.skill[topic] + DIFFICULTY_SHIFT[q.difficulty])
    level = min(4, max(1, round(latent + learner.rng.gauss(0.0, JUDGE_NOISE))))
    learner.skill[topic] += LEARN_RATE * (1.0 - learner.skill[topic])
    return level


def session_dates(seed: int) -> list[datetime]:
    rng = random.Random(seed)
    at, out = START, []
    for _ in range(SESSIONS):
        out.append(at)
        at += timedelta(days=rng.choice((2, 3, 3, 4)), hours=rng.uniform(-3, 3))
    return out


def run_learner(
    learner: Learner, bank: Bank, dates: list[datetime], policy: str, next_id: list[int]
) -> None:
    all_ids = sorted(bank.questions)
    for s, now in enumerate(dates):
        if policy == "planner":
            state = build_state(bank, learner.attempts, learner.cards, now)
            rec = plan_from_state(
                bank,
                state,
                rounds=[RoundKind.FUNDAMENTALS],
                minutes=MINUTES,
                level=TargetLevel.SENIOR,
            )
            chosen = [q for r in rec.plan.rounds for q in r.question_ids]
        else:
            chosen = learner.rng.sample(all_ids, PER_SESSION)
        assert len(chosen) == PER_SESSION == len(set(chosen)), chosen
        session_id = f"{policy}-{s}"
        for qid in chosen:
            q = bank.questions[qid]
            if on_cooldown(learner.cards.get(qid), now, None):
                learner.repeats += 1
            learner.asked += 1
            learner.asked_weak3 += q.topics[0] in learner.weak3
            level = answer(learner, q)
            next_id[0] += 1
            learner.attempts.append(
                AttemptRecord(next_id[0], session_id, qid, now, float(level), level, False)
            )
            learner.cards[qid] = review(learner.cards.get(qid), qid, level, now, session_id)


def summarise(learners: list[Learner]) -> dict[str, float | int]:
    asked = sum(x.asked for x in learners)
    return {
        "weak3_share": round(sum(x.asked_weak3 for x in learners) / asked, 4),
        "weak3_skill": round(
            sum(sum(x.skill[t] for t in x.weak3) / 3 for x in learners) / len(learners), 4
        ),
        "min_skill": round(sum(min(x.skill.values()) for x in learners) / len(learners), 4),
        "mean_skill": round(
            sum(sum(x.skill.values()) / len(x.skill) for x in learners) / len(learners), 4
        ),
        "repeats": sum(x.repeats for x in learners),
        "questions": asked,
    }


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--learners", type=int, default=500)
    p.add_argument("--seed", type=int, default=7)
    args = p.parse_args(argv)
    bank = synthetic_bank()
    started = time.perf_counter()
    result: dict[str, dict[str, float | int]] = {}
    initial: dict[str, float] = {}
    for policy in ("planner", "random"):
        learners = []
        next_id = [0]
        for i in range(args.learners):
            learner = make_learner(args.seed * 100_003 + i, bank)
            if policy == "planner":
                initial[str(i)] = sum(learner.skill[t] for t in learner.weak3) / 3
            run_learner(learner, bank, session_dates(args.seed * 31 + i), policy, next_id)
            learners.append(learner)
        result[policy] = summarise(learners)
    elapsed = time.perf_counter() - started
    start_skill = sum(initial.values()) / len(initial)
    print(
        f"{args.learners} learners x {SESSIONS} sessions x {PER_SESSION} questions, "
        f"{TOPICS} topics; weakest-three skill at start {start_skill:.4f}; {elapsed:.1f}s",
        file=sys.stderr,
        flush=True,
    )
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
