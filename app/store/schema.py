"""Frozen schema snapshots: the exact tables of every released schema version, in SQLAlchemy Core.

Never import `tables.py` here and never edit a released builder: a builder is named after the
version that introduced its table shape, and a later version that changes a table adds a new
builder. Migrations create tables from these snapshots, so a database migrated step by step
from version 1 ends with exactly the schema `snapshot(HEAD)` gives a fresh one (a test checks
both against each other and against today's SQLModel tables).

Types follow what SQLModel emitted when each version was released: `str` -> VARCHAR,
`datetime` -> DateTime(timezone=True), an integer primary key -> autoincrement.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
)

TableBuilder = Callable[[MetaData], Table]


from app.store.schema_columns import _float, _int, _str, _ts  # noqa: E402
from app.store.schema_v6 import (  # noqa: E402
    _practice_sessions_v6,
    _practice_state_v6,
    _practice_topic_sessions_v6,
    _practice_topics_v6,
)


def _schema_migrations_v1(md: MetaData) -> Table:
    return Table(
        "schema_migrations",
        md,
        Column("version", Integer(), primary_key=True),
        _str("name"),
        _ts("applied_at"),
    )


def _sessions_v1(md: MetaData) -> Table:
    return Table(
        "sessions",
        md,
        Column("id", String(), primary_key=True),
        Column("created_at", DateTime(timezone=True), nullable=False, index=True),
        _ts("updated_at"),
        _str("status", index=True),
        _str("mode"),
        _str("interviewer_model", nullable=True),
        _str("judge_model", nullable=True),
        _str("target_level"),
        _str("plan_json"),
        _float("elapsed_s"),
        _float("overall_score", nullable=True),
    )


def _rounds_v1(md: MetaData) -> Table:
    return Table(
        "rounds",
        md,
        Column("id", Integer(), primary_key=True),
        Column("session_id", String(), ForeignKey("sessions.id"), nullable=False, index=True),
        _int("round_index"),
        _str("kind"),
        _int("minutes"),
        _float("started_at_s", nullable=True),
        _float("ended_at_s", nullable=True),
    )


def _turn_columns_v1() -> list[Column[object]]:
    return [
        Column("id", Integer(), primary_key=True),
        Column("session_id", String(), ForeignKey("sessions.id"), nullable=False, index=True),
        _int("seq"),
        _int("round_index"),
        _str("role"),
        _str("kind"),
        _str("text"),
        _str("phase"),
        _str("question_id", nullable=True, index=True),
        _str("follow_up_id", nullable=True),
        _str("criterion", nullable=True),
        _str("facts_json"),
        _float("at_s"),
        _ts("created_at"),
    ]


def _turns_v1(md: MetaData) -> Table:
    return Table("turns", md, *_turn_columns_v1())


def _turns_v4(md: MetaData) -> Table:
    """One row per (session, seq): a second writer can never add a duplicate turn."""
    return Table(
        "turns",
        md,
        *_turn_columns_v1(),
        Index("uq_turns_session_seq", "session_id", "seq", unique=True),
    )


def _assessment_columns_v1() -> list[Column[object]]:
    return [
        Column("id", Integer(), primary_key=True),
        Column("session_id", String(), ForeignKey("sessions.id"), nullable=False, index=True),
        _int("round_index"),
        _str("question_id", index=True),
        _str("rubric_id"),
        _int("rubric_version"),
        _str("judge_kind"),
        _str("judge_model", nullable=True),
        _int("overall_level", nullable=True),
        _float("weighted_score", nullable=True),
        Column("is_estimate", Boolean(), nullable=False),
        Column("injection_suspected", Boolean(), nullable=False),
        _str("strengths_json"),
        _str("to_strong_hire_json"),
        _str("red_flags_json"),
        Column("created_at", DateTime(timezone=True), nullable=False, index=True),
    ]


def _assessments_v1(md: MetaData) -> Table:
    return Table("assessments", md, *_assessment_columns_v1())


def _assessments_v2(md: MetaData) -> Table:
    return Table(
        "assessments",
        md,
        *_assessment_columns_v1(),
        Index(
            "ix_assessments_session_round_question",
            "session_id",
            "round_index",
            "question_id",
            "id",
        ),
    )


def _assessments_v3(md: MetaData) -> Table:
    return Table(
        "assessments",
        md,
        *_assessment_columns_v1(),
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


def _criterion_scores_v1(md: MetaData) -> Table:
    return Table(
        "criterion_scores",
        md,
        Column("id", Integer(), primary_key=True),
        Column(
            "assessment_id", Integer(), ForeignKey("assessments.id"), nullable=False, index=True
        ),
        _str("criterion"),
        _float("weight"),
        _int("level", nullable=True),
        _str("evidence_json"),
        _str("reasoning"),
    )


def _llm_calls_v1(md: MetaData) -> Table:
    return Table(
        "llm_calls",
        md,
        Column("id", Integer(), primary_key=True),
        _str("session_id", nullable=True, index=True),
        _str("purpose"),
        _str("model"),
        _int("prompt_tokens"),
        _int("completion_tokens"),
        _int("cached_tokens"),
        Column("tokens_estimated", Boolean(), nullable=False),
        _float("latency_ms"),
        _float("cost_usd", nullable=True),
        Column("ok", Boolean(), nullable=False),
        _str("error", nullable=True),
        _ts("created_at"),
    )


def _review_card_columns_v2() -> list[Column[object]]:
    return [
        Column("question_id", String(), primary_key=True),
        _str("card_json"),
        Column("due", DateTime(timezone=True), nullable=False, index=True),
        _ts("last_review", nullable=True),
        _int("reps"),
        _int("lapses"),
        _int("last_rating", nullable=True),
        _int("last_assessment_id"),
        _ts("updated_at"),
    ]


def _review_cards_v2(md: MetaData) -> Table:
    """As version 2 was first released: without the freshness columns 3 adds."""
    return Table("review_cards", md, *_review_card_columns_v2())


def _review_cards_v3(md: MetaData) -> Table:
    return Table(
        "review_cards", md, *_review_card_columns_v2(), _int("judgements"), _str("rejudged_json")
    )


def _session_leases_v4(md: MetaData) -> Table:
    """The writer of each session: one row per held session, a compare-and-swap on `token`."""
    return Table(
        "session_leases",
        md,
        Column("session_id", String(), primary_key=True),
        _str("owner"),
        _str("token"),
        _ts("acquired_at"),
        _ts("heartbeat_at"),
        _ts("expires_at"),
    )


def _profiles_v5(md: MetaData) -> Table:
    """The candidate's profile, one row per revision."""
    return Table(
        "profiles",
        md,
        Column("id", Integer(), primary_key=True),
        _ts("created_at"),
        _str("source_name"),
        _str("body"),
        _str("extractor"),
        _str("extractor_model", nullable=True),
        _str("projects_json"),
        _str("stories_json"),
    )


def _story_tellings_v5(md: MetaData) -> Table:
    """Which story-bank story a behavioral answer told: one row per answer."""
    return Table(
        "story_tellings",
        md,
        Column("id", Integer(), primary_key=True),
        _int("profile_revision"),
        _str("story_id", index=True),
        Column("session_id", String(), ForeignKey("sessions.id"), nullable=False, index=True),
        _int("round_index"),
        _str("question_id"),
        _str("checks_json"),
        _ts("created_at"),
        Index("uq_story_tellings_answer", "session_id", "round_index", "question_id", unique=True),
    )


_V1: list[TableBuilder] = [
    _schema_migrations_v1,
    _sessions_v1,
    _rounds_v1,
    _turns_v1,
    _assessments_v1,
    _criterion_scores_v1,
    _llm_calls_v1,
]
_V2: list[TableBuilder] = [
    _schema_migrations_v1,
    _sessions_v1,
    _rounds_v1,
    _turns_v1,
    _assessments_v2,
    _criterion_scores_v1,
    _llm_calls_v1,
    _review_cards_v2,
]
_V3: list[TableBuilder] = [
    _schema_migrations_v1,
    _sessions_v1,
    _rounds_v1,
    _turns_v1,
    _assessments_v3,
    _criterion_scores_v1,
    _llm_calls_v1,
    _review_cards_v3,
]
_V4: list[TableBuilder] = [
    _schema_migrations_v1,
    _sessions_v1,
    _rounds_v1,
    _turns_v4,
    _assessments_v3,
    _criterion_scores_v1,
    _llm_calls_v1,
    _review_cards_v3,
    _session_leases_v4,
]

_V5: list[TableBuilder] = [*_V4, _profiles_v5, _story_tellings_v5]

_V6: list[TableBuilder] = [
    *_V5,
    _practice_sessions_v6,
    _practice_topic_sessions_v6,
    _practice_topics_v6,
    _practice_state_v6,
]

SNAPSHOTS: dict[int, list[TableBuilder]] = {1: _V1, 2: _V2, 3: _V3, 4: _V4, 5: _V5, 6: _V6}
HEAD = max(SNAPSHOTS)


def snapshot(version: int) -> MetaData:
    """A fresh MetaData holding every table of schema `version` exactly as released."""
    md = MetaData()
    for build in SNAPSHOTS[version]:
        build(md)
    return md


def table(version: int, name: str) -> Table:
    """One table of a snapshot (its foreign-key targets come along in the same MetaData)."""
    return snapshot(version).tables[name]
