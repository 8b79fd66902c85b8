"""Words the engine itself says: round intros and time checks.

Pacing is code, so its lines are too.
"""

from __future__ import annotations

from app.domain.enums import RoundKind
from app.domain.labels import ROUND_TITLES


def _count(n: int, one: str, many: str) -> str:
    return f"one {one}" if n == 1 else f"about {n} {many}"


def round_intro(kind: RoundKind, minutes: int, questions: int) -> str:
    if kind is RoundKind.SYSTEM_DESIGN:
        return (
            f"Welcome to the {ROUND_TITLES[kind]} round. We have {minutes} minutes for one design "
            "problem. Start by clarifying requirements and sketching the high-level design; "
            "I'll keep us moving toward deep dives, failure modes and evaluation. Ask me anything "
            "you need to know about the scenario."
        )
    if kind is RoundKind.DEEP_DIVE:
        return (
            f"Welcome to the {ROUND_TITLES[kind]} round: {minutes} minutes on "
            f"{_count(questions, 'project', 'projects')} from your own profile. I'll quote what "
            "you wrote and ask how you know it worked: the baseline, what broke, the trade-offs."
        )
    if kind is RoundKind.CODING:
        return (
            f"Welcome to the {ROUND_TITLES[kind]} round: {minutes} minutes, "
            f"{_count(questions, 'problem', 'problems')}. Read the problem and ask what you need, "
            "tell me your approach, then code it: Run checks the visible examples, Submit runs "
            "the hidden tests. Talk me through it as you go."
        )
    if kind is RoundKind.DEBUGGING:
        return (
            f"Welcome to the {ROUND_TITLES[kind]} round: {minutes} minutes, "
            f"{_count(questions, 'broken training script', 'broken training scripts')}. Read "
            "the script and its symptom, and tell me your hypothesis before you change anything. "
            "Run trains your edited script and plots its curves; Submit runs it against my "
            "checks. Talk me through what you see."
        )
    if kind is RoundKind.BEHAVIORAL:
        return (
            f"Welcome to the {ROUND_TITLES[kind]} round: {minutes} minutes, "
            f"{_count(questions, 'story', 'stories')}. Be specific: what happened, what you did, "
            "and what changed because of it."
        )
    return (
        f"Welcome to the {ROUND_TITLES[kind]} round: {minutes} minutes, "
        f"{_count(questions, 'question', 'questions')} with follow-ups. Think out loud; I care "
        "about the reasoning as much as the answer."
    )


def scoping_nudge(elapsed_min: float, limit_min: float) -> str:
    return (
        f"Quick time check: we're about {elapsed_min:.0f} minutes in. Let's close out requirements "
        f"and the high-level sketch in the next few minutes; by the {limit_min:.0f}-minute mark I "
        "want us in the deep dives."
    )


def resumed(elapsed_s: float) -> str:
    return f"Session resumed at {int(elapsed_s // 60)}:{int(elapsed_s % 60):02d} of interview time."


def late_answer(number: int) -> str:
    return (
        f"Your answer to question {number} arrived after time ran out: it is kept in the "
        "transcript, marked late, and not scored."
    )


def time_left(left_s: float) -> str:
    """What the interviewer may truthfully say about the time left."""
    minutes = left_s / 60
    if minutes >= 7:
        return f"We have about {minutes:.0f} minutes left."
    if minutes >= 2:
        return "We have a few minutes left."
    if minutes >= 1:
        return "We have about a minute left."
    return "We're nearly out of time."
