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
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
)

TableBuilder = Callable[[MetaData], Table]


def _ts(name: str, *, nullable: bool = False) -> Column[object]:
    return Column(name, DateTime(timezone=True), nullable=nullable)


def _str(name: str, *, nullable: bool = False, index: bool = False) -> Column[object]:
    return Column(name, String(), nullable=nullable, index=index)


def _int(name: str, *, nullable: bool = False) -> Column[object]:
    return Column(name, Integer(), nullable=nullable)


def _float(name: str, *, nullable: bool = False) -> Column[object]:
    return Column(name, Float(), nullable=nullable)


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


def _practice_sessions_v5(md: MetaData) -> Table:
    """Per session, its judged practice answers folded once (see practice/aggregates.py)."""
    return Table(
        "practice_sessions",
        md,
        Column("session_id", String(), primary_key=True),
        Column("at_s", Float(), nullable=True, index=True),
        _int("answers"),
        _int("scored"),
        _float("score_sum"),
        _int("estimates"),
        _int("scored_estimates"),
        _int("assessments"),
    )


def _practice_topic_sessions_v5(md: MetaData) -> Table:
    """One session's evidence for one topic, undecayed, as of the session's `at_s`."""
    return Table(
        "practice_topic_sessions",
        md,
        Column("session_id", String(), primary_key=True),
        Column("topic", String(), primary_key=True),
        _float("success"),
        _float("failure"),
    )


def _practice_topics_v5(md: MetaData) -> Table:
    """Per topic, running sums over sessions of evidence scaled to a fixed epoch."""
    return Table(
        "practice_topics",
        md,
        Column("topic", String(), primary_key=True),
        _float("success_e"),
        _float("failure_e"),
        _int("sessions"),
    )


def _practice_state_v5(md: MetaData) -> Table:
    """One row: which bank the aggregates were folded for, and how many assessments."""
    return Table(
        "practice_state",
        md,
        Column("id", Integer(), primary_key=True, autoincrement=False),
        _str("fingerprint"),
        _int("folded"),
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

_V5: list[TableBuilder] = [
    *_V4,
    _practice_sessions_v5,
    _practice_topic_sessions_v5,
    _practice_topics_v5,
    _practice_state_v5,
]

SNAPSHOTS: dict[int, list[TableBuilder]] = {1: _V1, 2: _V2, 3: _V3, 4: _V4, 5: _V5}
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
