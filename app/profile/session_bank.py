"""The bank a session sees: the authored bank plus deep-dive questions from the profile.

A new deep-dive plan takes the current profile's projects; a stored session gets back the
questions of the revision its ids name, so replacing the profile never breaks a resume.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from app.domain.bank import Bank, Question
from app.domain.enums import RoundKind
from app.domain.formats import FORMATS
from app.domain.profile import Profile
from app.domain.transcript import SessionPlan
from app.profile.deep_dive import questions_for, revision_of, with_questions
from app.profile.errors import ProfileError
from app.profile.probes import library_path, load_library


class ProfileSource(Protocol):
    def profile(self, revision: int | None = None) -> Profile | None: ...


NO_PROFILE = (
    "the deep_dive round asks about your own projects and needs a profile first: "
    "`mockloop profile set FILE` (a resume, cover letter or project notes)"
)


def _questions(bank: Bank, bank_dir: Path, profile: Profile) -> list[Question]:
    library = load_library(library_path(bank_dir), bank.rubrics.get("deep-dive"))
    return questions_for(profile, library)


def for_new_plan(bank: Bank, source: ProfileSource, bank_dir: Path) -> tuple[Bank, list[str]]:
    """(bank with the current profile's questions, their ids richest first)."""
    profile = source.profile()
    if profile is None:
        raise ProfileError("profile", None, NO_PROFILE)
    questions = _questions(bank, bank_dir, profile)
    if not questions:
        raise ProfileError(
            profile.source_name, None, "no project in the profile makes a claim to ask about "
            "(numbers, what you owned, systems, pipelines); add a few and set it again"
        )  # fmt: skip
    return with_questions(bank, questions), [q.id for q in questions]


def for_plan(bank: Bank, source: ProfileSource, bank_dir: Path, plan: SessionPlan) -> Bank:
    """The bank with the deep-dive questions of every profile revision the plan names."""
    revisions = {
        rev
        for r in plan.rounds
        if r.kind is RoundKind.DEEP_DIVE
        for q in r.question_ids
        if (rev := revision_of(q)) is not None
    }
    added: list[Question] = []
    for rev in sorted(revisions):
        profile = source.profile(rev)
        if profile is not None:
            added += _questions(bank, bank_dir, profile)
    return with_questions(bank, added)


def dive_count(minutes: int | None) -> int:
    fmt = FORMATS[RoundKind.DEEP_DIVE]
    return fmt.question_count(minutes if minutes is not None else fmt.default_minutes)


def deep_dive_questions(
    bank: Bank, source: ProfileSource, bank_dir: Path, minutes: int | None
) -> tuple[Bank, list[str]]:
    """For a new plan: the bank with the profile's questions and the ids to ask, richest first,
    as many as the round's length holds."""
    bank, ids = for_new_plan(bank, source, bank_dir)
    return bank, ids[: dive_count(minutes)]
