"""Tables. Kept apart from domain models; `convert.py` maps between the two."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index
from sqlmodel import Field, SQLModel


class SchemaMigration(SQLModel, table=True):
    __tablename__ = "schema_migrations"

    version: int = Field(primary_key=True)
    name: str
    applied_at: datetime


class SessionRow(SQLModel, table=True):
    __tablename__ = "sessions"

    id: str = Field(primary_key=True)
    created_at: datetime = Field(index=True)
    updated_at: datetime
    status: str = Field(index=True)
    mode: str  # offline | llm
    interviewer_model: str | None = None
    judge_model: str | None = None
    target_level: str
    plan_json: str
    elapsed_s: float = 0.0
    overall_score: float | None = None


class RoundRow(SQLModel, table=True):
    __tablename__ = "rounds"

    id: int | None = Field(default=None, primary_key=True)
    session_id: str = Field(foreign_key="sessions.id", index=True)
    round_index: int
    kind: str
    minutes: int
    started_at_s: float | None = None
    ended_at_s: float | None = None


class TurnRow(SQLModel, table=True):
    __tablename__ = "turns"
    __table_args__ = (Index("uq_turns_session_seq", "session_id", "seq", unique=True),)

    id: int | None = Field(default=None, primary_key=True)
    session_id: str = Field(foreign_key="sessions.id", index=True)
    seq: int
    round_index: int
    role: str
    kind: str
    text: str
    phase: str
    question_id: str | None = Field(default=None, index=True)
    follow_up_id: str | None = None
    criterion: str | None = None
    facts_json: str = "[]"
    at_s: float
    created_at: datetime


class AssessmentRow(SQLModel, table=True):
    __tablename__ = "assessments"
    __table_args__ = (
        Index(
            "ix_assessments_practice",
            "question_id",
            "session_id",
            "round_index",
            "id",
            "created_at",
            "weighted_score",
            "is_estimate",
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    session_id: str = Field(foreign_key="sessions.id", index=True)
    round_index: int
    question_id: str = Field(index=True)
    rubric_id: str
    rubric_version: int
    judge_kind: str
    judge_model: str | None = None
    overall_level: int | None = None
    weighted_score: float | None = None
    is_estimate: bool
    injection_suspected: bool = False
    strengths_json: str = "[]"
    to_strong_hire_json: str = "[]"
    red_flags_json: str = "[]"
    created_at: datetime = Field(index=True)


class CriterionScoreRow(SQLModel, table=True):
    __tablename__ = "criterion_scores"

    id: int | None = Field(default=None, primary_key=True)
    assessment_id: int = Field(foreign_key="assessments.id", index=True)
    criterion: str
    weight: float
    level: int | None = None
    evidence_json: str = "[]"
    reasoning: str = ""


class LLMCallRow(SQLModel, table=True):
    __tablename__ = "llm_calls"

    id: int | None = Field(default=None, primary_key=True)
    session_id: str | None = Field(default=None, index=True)
    purpose: str  # interviewer | judge | probe
    model: str
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cached_tokens: int = 0
    tokens_estimated: bool = False
    latency_ms: float = 0.0
    cost_usd: float | None = None
    ok: bool = True
    error: str | None = None
    created_at: datetime


class ReviewCardRow(SQLModel, table=True):
    """Spaced-repetition state of one question (an fsrs card, as its JSON dict).

    A cache of a deterministic fold over the question's assessments, as of `last_assessment_id`
    (the newest one) and `judgements` (how many there were): when either moves, the card is
    rebuilt from history. `rejudged_json` lists the answers judged more than once (a rescore),
    so mastery can count each answer once without regrouping every assessment.
    """

    __tablename__ = "review_cards"

    question_id: str = Field(primary_key=True)
    card_json: str
    due: datetime = Field(index=True)
    last_review: datetime | None = None
    reps: int = 0
    lapses: int = 0
    last_rating: int | None = None
    last_assessment_id: int = 0
    judgements: int = 0
    rejudged_json: str = "[]"
    updated_at: datetime


class SessionLeaseRow(SQLModel, table=True):
    """Which process writes a session. `token` changes on every acquire or takeover, so a
    heartbeat or release from a writer that lost the lease matches nothing."""

    __tablename__ = "session_leases"

    session_id: str = Field(primary_key=True)
    owner: str
    token: str
    acquired_at: datetime
    heartbeat_at: datetime
    expires_at: datetime


class ProfileRow(SQLModel, table=True):
    """One revision of the candidate's profile. Replacing the document adds a row; the newest
    is the current profile, and sessions built from an older one can still be resumed."""

    __tablename__ = "profiles"

    id: int | None = Field(default=None, primary_key=True)
    created_at: datetime
    source_name: str
    body: str
    extractor: str  # offline | llm
    extractor_model: str | None = None
    projects_json: str
    stories_json: str


class StoryTellingRow(SQLModel, table=True):
    """A story-bank story told in a behavioral answer; the score is the answer's assessment."""

    __tablename__ = "story_tellings"
    __table_args__ = (
        Index("uq_story_tellings_answer", "session_id", "round_index", "question_id", unique=True),
    )

    id: int | None = Field(default=None, primary_key=True)
    profile_revision: int
    story_id: str = Field(index=True)
    session_id: str = Field(foreign_key="sessions.id", index=True)
    round_index: int
    question_id: str
    checks_json: str
    created_at: datetime


class PracticeSessionRow(SQLModel, table=True):
    """Per session, its judged practice answers folded once (app/practice/aggregates.py)."""

    __tablename__ = "practice_sessions"

    session_id: str = Field(primary_key=True)
    at_s: float | None = Field(default=None, index=True)
    answers: int = 0
    scored: int = 0
    score_sum: float = 0.0
    estimates: int = 0
    scored_estimates: int = 0
    assessments: int = 0


class PracticeTopicSessionRow(SQLModel, table=True):
    __tablename__ = "practice_topic_sessions"

    session_id: str = Field(primary_key=True)
    topic: str = Field(primary_key=True)
    success: float = 0.0
    failure: float = 0.0


class PracticeTopicRow(SQLModel, table=True):
    __tablename__ = "practice_topics"

    topic: str = Field(primary_key=True)
    success_e: float = 0.0
    failure_e: float = 0.0
    sessions: int = 0


class PracticeStateRow(SQLModel, table=True):
    __tablename__ = "practice_state"

    id: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    fingerprint: str
    folded: int = 0
