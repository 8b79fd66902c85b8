"""The one label table: how rounds, phases, levels, modes and statuses read to a person.

The TUI, the CLI, Markdown and JSON exports all take their words from here, so a round is called
the same thing everywhere.
"""

from __future__ import annotations

from app.domain.enums import (
    ClaimKind,
    CommonMistake,
    GuardReason,
    Mode,
    Phase,
    RoundKind,
    SessionStatus,
    StoryCategory,
    TargetLevel,
    TurnKind,
)

ROUND_TITLES: dict[RoundKind, str] = {
    RoundKind.FUNDAMENTALS: "ML fundamentals",
    RoundKind.SYSTEM_DESIGN: "ML system design",
    RoundKind.BEHAVIORAL: "Behavioral",
    RoundKind.CODING: "Applied ML coding",
    RoundKind.DEBUGGING: "Training-code debugging",
    RoundKind.DEEP_DIVE: "Project deep dive",
}

ROUND_SHORT: dict[RoundKind, str] = {
    RoundKind.FUNDAMENTALS: "fund",
    RoundKind.SYSTEM_DESIGN: "design",
    RoundKind.BEHAVIORAL: "behav",
    RoundKind.CODING: "code",
    RoundKind.DEBUGGING: "debug",
    RoundKind.DEEP_DIVE: "dive",
}

PHASE_LABELS: dict[Phase, str] = {
    Phase.QUESTIONS: "Questions",
    Phase.REQUIREMENTS: "Requirements",
    Phase.HIGH_LEVEL: "High-level",
    Phase.DEEP_DIVE: "Deep dive",
    Phase.FAILURE_MODES: "Failure modes",
    Phase.EVALUATION: "Evaluation",
    Phase.CANDIDATE_QUESTIONS: "Your questions",
    Phase.UNDERSTAND: "Understand",
    Phase.CODE: "Code",
    Phase.TEST: "Test",
    Phase.DISCUSS: "Discuss",
}

PHASE_SHORT: dict[Phase, str] = {
    Phase.QUESTIONS: "Qs",
    Phase.REQUIREMENTS: "Reqs",
    Phase.HIGH_LEVEL: "High-lvl",
    Phase.DEEP_DIVE: "Deep dive",
    Phase.FAILURE_MODES: "Failures",
    Phase.EVALUATION: "Eval",
    Phase.CANDIDATE_QUESTIONS: "Your Qs",
    Phase.UNDERSTAND: "Understand",
    Phase.CODE: "Code",
    Phase.TEST: "Test",
    Phase.DISCUSS: "Discuss",
}

DEBUG_PHASE_LABELS: dict[Phase, str] = {
    Phase.UNDERSTAND: "Read & hypothesise",
    Phase.CODE: "Fix & run",
    Phase.TEST: "Submit & explain",
    Phase.DISCUSS: "Follow-ups",
}
"""The debugging round reads the coding arc's phases with its own names."""


def phase_label(kind: RoundKind, phase: Phase) -> str:
    if kind is RoundKind.DEBUGGING and phase in DEBUG_PHASE_LABELS:
        return DEBUG_PHASE_LABELS[phase]
    return PHASE_LABELS[phase]


LEVEL_NAMES: dict[int, str] = {
    1: "no hire",
    2: "lean no hire",
    3: "lean hire",
    4: "strong hire",
}

MODE_LABELS: dict[Mode, str] = {
    Mode.OFFLINE: "offline",
    Mode.LLM: "LLM",
}

STATUS_LABELS: dict[SessionStatus, str] = {
    SessionStatus.ACTIVE: "unfinished",
    SessionStatus.FINISHED: "finished",
}

CLAIM_KIND_LABELS: dict[ClaimKind, str] = {
    ClaimKind.METRIC: "metric",
    ClaimKind.OWNERSHIP: "ownership",
    ClaimKind.SYSTEM: "system choice",
    ClaimKind.PIPELINE: "pipeline",
    ClaimKind.PEOPLE: "people",
}

STORY_CATEGORY_LABELS: dict[StoryCategory, str] = {
    StoryCategory.CONFLICT: "conflict",
    StoryCategory.FAILURE: "a failure",
    StoryCategory.PUSHING_BACK: "pushing back",
    StoryCategory.DRIVING_INDEPENDENTLY: "driving something on your own",
    StoryCategory.CRITICAL_FEEDBACK: "critical feedback",
    StoryCategory.PRODUCTION_INCIDENT: "a production incident",
    StoryCategory.MODEL_MISBEHAVED: "a model that misbehaved",
}

OFFLINE_ESTIMATE = "offline estimate"

TARGET_LEVEL_TITLES: dict[TargetLevel, str] = {
    TargetLevel.MID: "mid-level",
    TargetLevel.SENIOR: "senior",
    TargetLevel.STAFF: "staff",
}
"""How a target level reads in a sentence ("the staff bar", "at mid-level")."""


MISTAKE_TITLES: dict[CommonMistake, str] = {
    CommonMistake.ARCHITECTURE_BEFORE_METRICS: "Architecture before metrics",
    CommonMistake.NO_DATA_QUALITY: "No data-quality story",
    CommonMistake.OFFLINE_ONLINE_CONFUSION: "Offline metric taken for online success",
    CommonMistake.NO_MONITORING: "No monitoring story",
    CommonMistake.LLM_THEATER: "LLM theater",
}


NOT_OBSERVED = "not observed"
"""A criterion the question gave no opportunity to show: no level, left out of the mean."""


CANDIDATE_LABELS: dict[TurnKind, str] = {
    TurnKind.CLARIFYING_QUESTION: "You (clarifying question)",
    TurnKind.LATE_ANSWER: "You (late: sent after time ran out, not scored)",
    TurnKind.PENCILS_DOWN: "You (pencils down: your draft when time ran out)",
    TurnKind.CODE_RUN: "You (Run: visible tests)",
    TurnKind.CODE_SUBMIT: "You (Submit: hidden tests)",
}
"""How a candidate line is labelled by kind; anything else is plain "You"."""

SCRIPT_LABELS: dict[TurnKind, str] = {
    TurnKind.CODE_RUN: "You (Run: training the script)",
    TurnKind.CODE_SUBMIT: "You (Submit: every check)",
}
"""The same turns in the debugging round, where Run trains a script rather than testing code."""


def candidate_label(kind: TurnKind, *, script: bool = False) -> str:
    if script and kind in SCRIPT_LABELS:
        return SCRIPT_LABELS[kind]
    return CANDIDATE_LABELS.get(kind, "You")


def level_name(score: float) -> str:
    """The level a 1-4 score rounds to (half up), by name."""
    return LEVEL_NAMES[max(1, min(4, int(score + 0.5)))]


def level_label(score: float | None) -> str:
    if score is None:
        return "not scored"
    return f"{score:.2f} ({level_name(score)})"


def round_title(kind: RoundKind) -> str:
    """A round's title; a round kind added without a label row still reads sensibly."""
    return ROUND_TITLES.get(kind) or kind.value.replace("_", " ").capitalize()


GUARD_NOTES: dict[GuardReason, str] = {
    GuardReason.EMPTY: "the model wrote no words for its turn",
    GuardReason.COPIED_PROMPT: "the model repeated its own instructions",
    GuardReason.GAVE_AWAY: "the model stated part of the answer",
    GuardReason.INTERNALS: "the model mentioned the interview's internals",
    GuardReason.CANDIDATE_VOICE: "the model spoke as the candidate",
    GuardReason.SELF_ANSWER: "the model answered its own question",
    GuardReason.REPEATED: "the model repeated an earlier line",
    GuardReason.WRONG_MOVE: "the model wrote a different kind of turn than this answer called for",
}
"""Why a model-written interviewer turn was replaced, as the transcript note says it."""


def guard_note(reason: GuardReason) -> str:
    """The visible, stored line that explains a replaced interviewer turn."""
    why = GUARD_NOTES[reason]
    return f"Note: the interviewer's reply was replaced with the authored line ({why})."


def degraded_note(why: str | None) -> str:
    """The visible line for a turn the offline interviewer answered because the LLM could not."""
    base = "The LLM interviewer is unavailable; this turn used the offline interviewer"
    return f"{base} ({why})." if why else f"{base}."


INTERNAL_TERMS: tuple[str, ...] = (
    "scenario fact",
    "rubric",
    "as an ai",
    "an ai language model",
    "criterion id",
    "evaluation criteria",
    "the criteria",
    "key point",
    "authored follow",
    "follow-up id",
    "system prompt",
    "my instructions",
    "interviewer brief",
    "move:",
    "<candidate",
    "</candidate",
    "interview software",
    "lean hire",
    "strong hire",
    "no hire",
    "the candidate",  # the brief's word: spoken to the candidate it gives the brief away
)
"""Words about how mockloop works inside that no interviewer line may contain (matched on
normalised text: case, hyphens and underscores folded). Criterion, follow-up and fact ids of the
question are added per question by the guard."""
