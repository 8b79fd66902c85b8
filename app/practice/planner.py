"""The next session: which questions, in which order, and why each one.

`recommend_plan` is the entry point for the CLI and the TUI: it loads the learner's state from
the store and applies the rules in `selection` (see there). `plan_from_state` is the same
planner without the store, for the simulation benchmark and tests.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from pydantic import BaseModel, Field

from app.domain.bank import Bank
from app.domain.enums import RoundKind, TargetLevel
from app.domain.formats import FORMATS
from app.domain.transcript import RoundPlan, SessionPlan
from app.practice.cards import due_cap
from app.practice.length import proposed_minutes, questions_needed
from app.practice.mastery import practice_questions
from app.practice.ordering import interleave_rounds, order_round, technical_topics
from app.practice.selection import select
from app.practice.state import PracticeState, load_state
from app.practice.story_gaps import fill_gaps
from app.practice.when import aware
from app.store.repository import Repository


class PlanError(ValueError):
    """Rounds or minutes the formats do not allow, or a round the bank has no questions for.

    Its own class (not the engine's): practice sits below the engine and must not import it.
    """


class Recommendation(BaseModel):
    """A plan the engine can run, plus a human reason for every question in it."""

    plan: SessionPlan
    reasons: dict[str, str] = Field(description="question id -> why it was chosen")
    diagnostic: bool = Field(description="at least one round is a first-time diagnostic sweep")
    categories: dict[str, str] = Field(
        default_factory=dict,
        description="question id -> diagnostic | review | coverage | weak | filler",
    )
    notes: list[str] = Field(default_factory=list)
    generated_at: datetime | None = None


def recommend_plan(
    repo: Repository,
    bank: Bank,
    *,
    rounds: Sequence[RoundKind],
    minutes: int | None = None,
    level: TargetLevel = TargetLevel.SENIOR,
    interview_date: date | None = None,
    now: datetime | None = None,
) -> Recommendation:
    """The recommended next session for the learner whose history is in `repo`.

    Raises `PlanError` for rounds/minutes the formats do not allow or an empty bank round.
    """
    state = load_state(repo, bank, aware(now))
    rec = plan_from_state(
        bank, state, rounds=rounds, minutes=minutes, level=level, interview_date=interview_date
    )
    if RoundKind.BEHAVIORAL not in rounds:
        return rec
    profile = repo.profile()  # the story bank: behavioral rounds start where no story is strong
    reasons = dict(rec.reasons)
    plans, notes = fill_gaps(bank, rec.plan.rounds, reasons, profile, repo.story_tellings())
    plan = rec.plan.model_copy(update={"rounds": plans})
    return rec.model_copy(update={"plan": plan, "reasons": reasons, "notes": rec.notes + notes})


def round_minutes(kind: RoundKind, minutes: int | None) -> int:
    fmt = FORMATS[kind]
    mins = minutes if minutes is not None else fmt.default_minutes
    if not fmt.min_minutes <= mins <= fmt.max_minutes:
        raise PlanError(
            f"{kind.value}: --minutes must be between {fmt.min_minutes} and {fmt.max_minutes}"
        )
    return mins


def plan_from_state(
    bank: Bank,
    state: PracticeState,
    *,
    rounds: Sequence[RoundKind],
    minutes: int | None = None,
    level: TargetLevel = TargetLevel.SENIOR,
    interview_date: date | None = None,
) -> Recommendation:
    if not rounds:
        raise PlanError("choose at least one round")
    kinds = interleave_rounds(rounds)
    cap = due_cap(interview_date, state.now)
    mins = [round_minutes(k, minutes) for k in kinds]
    proposed: list[str] = []
    if minutes is None:  # no length chosen: size each round to what the weak spots need
        for r, kind in enumerate(kinds):
            pool = [q for q in practice_questions(bank).values() if q.round is kind]
            mins[r] = proposed_minutes(kind, pool, state, cap)
            if mins[r] < FORMATS[kind].default_minutes:
                proposed.append(
                    f"{kind.value}: {mins[r]} min proposed, enough for the "
                    f"{questions_needed(pool, state, cap)} question(s) your due reviews and "
                    "weak topics need; choose a length to override it."
                )
    capacity = [FORMATS[k].question_count(m) for k, m in zip(kinds, mins, strict=True)]
    picks, diagnostic = select(bank, state, kinds, capacity, level, cap)

    technical = technical_topics(bank)
    closing = next(iter(q.id for q in bank.questions.values() if q.closing), None)
    round_plans: list[RoundPlan] = []
    for r, kind in enumerate(kinds):
        chosen = [bank.questions[p.question_id] for p in picks if p.round_index == r]
        if not chosen:
            raise PlanError(f"the bank has no {kind.value} questions")
        ordered = order_round(chosen, technical)
        round_plans.append(
            RoundPlan(
                kind=kind,
                minutes=mins[r],
                question_ids=[q.id for q in ordered],
                closing_question_id=closing,
            )
        )
    fillers = sum(1 for p in picks if p.category == "filler")
    notes = _notes(kinds, list(rounds), diagnostic, fillers, interview_date, state.now)
    notes += proposed
    return Recommendation(
        plan=SessionPlan(rounds=round_plans, target_level=level.value),
        reasons={p.question_id: p.reason for p in picks},
        diagnostic=bool(diagnostic),
        categories={p.question_id: p.category for p in picks},
        notes=notes,
        generated_at=state.now,
    )


def _notes(
    kinds: list[RoundKind],
    asked: list[RoundKind],
    diagnostic: list[int],
    fillers: int,
    interview_date: date | None,
    now: datetime,
) -> list[str]:
    """Plan-level facts the per-question reasons do not say."""
    notes: list[str] = []
    if kinds != asked:
        notes.append("Rounds reordered so technical and behavioral rounds alternate.")
    for r in diagnostic:
        notes.append(
            f"{kinds[r].value}: no history yet, so this round is a diagnostic sweep "
            "across its topics."
        )
    if fillers:
        notes.append(f"The pool ran short: {fillers} question(s) chosen as filler.")
    if interview_date is not None:
        days = (interview_date - now.date()).days
        if days < 0:
            notes.append(f"The interview date {interview_date} has passed; it was ignored.")
        else:
            notes.append(
                f"Interview on {interview_date} (in {days} days): review intervals "
                "are capped so every question comes back before it."
            )
    return notes
