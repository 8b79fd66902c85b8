"""Closed vocabularies. StrEnum so values round-trip through YAML, JSON and SQL unchanged."""

from __future__ import annotations

from enum import StrEnum


class RoundKind(StrEnum):
    FUNDAMENTALS = "fundamentals"
    SYSTEM_DESIGN = "system_design"
    BEHAVIORAL = "behavioral"
    CODING = "coding"
    DEBUGGING = "debugging"  # find and fix the bugs in a broken training script
    DEEP_DIVE = "deep_dive"  # questions built from the candidate's own profile


class Difficulty(StrEnum):
    EASY = "easy"
    MEDIUM = "medium"
    HARD = "hard"


class TargetLevel(StrEnum):
    MID = "mid"
    SENIOR = "senior"
    STAFF = "staff"


class Phase(StrEnum):
    """Where the conversation is inside a round.

    Fundamentals and behavioral rounds use QUESTIONS then CANDIDATE_QUESTIONS; the system-design
    round walks the whole design arc. Order here is the order of the system-design phase bar.
    """

    QUESTIONS = "questions"
    REQUIREMENTS = "requirements"
    HIGH_LEVEL = "high_level"
    DEEP_DIVE = "deep_dive"
    FAILURE_MODES = "failure_modes"
    EVALUATION = "evaluation"
    CANDIDATE_QUESTIONS = "candidate_questions"
    UNDERSTAND = "understand"  # coding: read the problem, ask, state an approach
    CODE = "code"  # coding: write code, Run the visible examples
    TEST = "test"  # coding: Submit against the hidden tests, fix what fails
    DISCUSS = "discuss"  # coding: follow-ups on the passing code (complexity, memory, variants)


class Role(StrEnum):
    INTERVIEWER = "interviewer"
    CANDIDATE = "candidate"
    SYSTEM = "system"


class TurnKind(StrEnum):
    """What a transcript line does; the engine's state is a fold over these."""

    ROUND_START = "round_start"
    QUESTION = "question"
    FOLLOW_UP = "follow_up"
    CLARIFICATION = "clarification"  # interviewer answers a clarifying question
    NUDGE = "nudge"  # pacing: time is running on this phase
    TRANSITION = "transition"  # phase change
    ACKNOWLEDGE = "acknowledge"
    WRAP_UP = "wrap_up"
    ROUND_END = "round_end"
    ANSWER = "answer"  # candidate
    CLARIFYING_QUESTION = "clarifying_question"  # candidate asks
    NOTICE = "notice"  # system line shown to the user (degradation, resume)
    HINT = "hint"  # interviewer: a nudge from the question's hint ladder
    SAY_MORE = "say_more"  # interviewer: asks a minimal answer to go on
    REDIRECT = "redirect"  # interviewer: back to the question (rubric-fishing, injection, ...)
    LATE_ANSWER = "late_answer"  # candidate: arrived after its round ended; kept, not judged
    PENCILS_DOWN = "pencils_down"  # candidate: the draft being typed when time ran out; judged
    CODE_RUN = "code_run"  # candidate: Run (visible tests); text is the code, run is the report
    CODE_SUBMIT = "code_submit"  # candidate: Submit (hidden tests); text is the code
    CODE_FEEDBACK = "code_feedback"  # interviewer: on a run's results or progress; never the fix


class Move(StrEnum):
    """Interviewer moves the engine may allow on a turn. The engine decides which are legal."""

    PROBE = "probe"
    CLARIFY = "clarify"
    ADVANCE_PHASE = "advance_phase"
    NEXT_QUESTION = "next_question"
    WRAP_UP = "wrap_up"
    HINT = "hint"  # the next rung of the hint ladder
    SAY_MORE = "say_more"  # a minimal answer gets one invitation to go on
    REDIRECT = "redirect"  # one short line back to the question; the turn adds nothing
    MOVE_ON = "move_on"  # park the question (or phase) kindly after too many empty turns
    KEEP_CODING = "keep_coding"  # coding: react to the latest results or remark, let them code on


class JudgeKind(StrEnum):
    OFFLINE = "offline"
    LLM = "llm"


class SessionStatus(StrEnum):
    ACTIVE = "active"
    FINISHED = "finished"


class Mode(StrEnum):
    """Who interviews and judges a session: the embedded offline engine or an LLM."""

    OFFLINE = "offline"
    LLM = "llm"


class NoticeLevel(StrEnum):
    INFO = "info"
    WARNING = "warning"
    ERROR = "error"


class PickCategory(StrEnum):
    """Why the practice planner chose a question."""

    DIAGNOSTIC = "diagnostic"
    REVIEW = "review"
    COVERAGE = "coverage"
    WEAK = "weak"
    FILLER = "filler"


CODING_PHASES: tuple[Phase, ...] = (Phase.UNDERSTAND, Phase.CODE, Phase.TEST, Phase.DISCUSS)
"""A coding question's arc; time budgets in engine/coding_policy.py move it along."""

WORKSPACE_ROUNDS: frozenset[RoundKind] = frozenset({RoundKind.CODING, RoundKind.DEBUGGING})
"""Rounds whose question is a code editor run in the sandbox: they share the coding arc
(debugging reads it as read & hypothesise -> fix & run -> submit & explain -> follow-ups)."""

CODE_TURNS: frozenset[TurnKind] = frozenset({TurnKind.CODE_RUN, TurnKind.CODE_SUBMIT})
"""Candidate turns whose text is a code snapshot and which carry a run report."""


class CommonMistake(StrEnum):
    """The failure patterns interviewers report most often; the debrief names those that
    showed up in a session."""

    ARCHITECTURE_BEFORE_METRICS = "architecture_before_metrics"
    NO_DATA_QUALITY = "no_data_quality"
    OFFLINE_ONLINE_CONFUSION = "offline_online_confusion"
    NO_MONITORING = "no_monitoring"
    LLM_THEATER = "llm_theater"


SYSTEM_DESIGN_PHASES: tuple[Phase, ...] = (
    Phase.REQUIREMENTS,
    Phase.HIGH_LEVEL,
    Phase.DEEP_DIVE,
    Phase.FAILURE_MODES,
    Phase.EVALUATION,
    Phase.CANDIDATE_QUESTIONS,
)


PLAYABLE_ROUNDS: tuple[RoundKind, ...] = (
    RoundKind.FUNDAMENTALS,
    RoundKind.SYSTEM_DESIGN,
    RoundKind.BEHAVIORAL,
    RoundKind.CODING,
    RoundKind.DEEP_DIVE,
    RoundKind.DEBUGGING,
)
"""Rounds a session can run today (each has a round format in domain/formats.py)."""


class GuardReason(StrEnum):
    """Why code replaced what an LLM interviewer wrote (see interviewer/guards.py)."""

    EMPTY = "empty"  # nothing after the move header
    COPIED_PROMPT = "copied_prompt"  # repeats the interviewer's own instructions
    GAVE_AWAY = "gave_away"  # states a key point or the model answer
    INTERNALS = "internals"  # names criteria, scenario facts, the rubric, itself as an AI
    CANDIDATE_VOICE = "candidate_voice"  # speaks as the candidate
    SELF_ANSWER = "self_answer"  # asks, then answers its own question
    REPEATED = "repeated"  # an earlier interviewer line again, word for word
    WRONG_MOVE = "wrong_move"  # words for another move than the one the engine chose


class ClaimKind(StrEnum):
    """What a sentence of the profile asserts; each kind has its own probes."""

    METRIC = "metric"  # "cut inference cost 62%", "p99 38 ms"
    OWNERSHIP = "ownership"  # "I own the serving stack"
    SYSTEM = "system"  # named tools and architectures
    PIPELINE = "pipeline"  # "retrains every 48 hours with drift checks"
    PEOPLE = "people"  # mentoring, hiring, persuading, disagreeing


class StoryCategory(StrEnum):
    """The behavioral categories a loop asks about (seed: mle-interview-questions-2026)."""

    CONFLICT = "conflict"
    FAILURE = "failure"
    PUSHING_BACK = "pushing_back"
    DRIVING_INDEPENDENTLY = "driving_independently"
    CRITICAL_FEEDBACK = "critical_feedback"
    PRODUCTION_INCIDENT = "production_incident"
    MODEL_MISBEHAVED = "model_misbehaved"
