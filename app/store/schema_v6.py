"""Frozen table snapshots introduced by schema version 6: the practice aggregates. Never edit a
released builder (see schema.py)."""

from __future__ import annotations

from sqlalchemy import Column, Float, Integer, MetaData, String, Table

from app.store.schema_columns import _float, _int, _str


def _practice_sessions_v6(md: MetaData) -> Table:
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


def _practice_topic_sessions_v6(md: MetaData) -> Table:
    """One session's evidence for one topic, undecayed, as of the session's `at_s`."""
    return Table(
        "practice_topic_sessions",
        md,
        Column("session_id", String(), primary_key=True),
        Column("topic", String(), primary_key=True),
        _float("success"),
        _float("failure"),
    )


def _practice_topics_v6(md: MetaData) -> Table:
    """Per topic, running sums over sessions of evidence scaled to a fixed epoch."""
    return Table(
        "practice_topics",
        md,
        Column("topic", String(), primary_key=True),
        _float("success_e"),
        _float("failure_e"),
        _int("sessions"),
    )


def _practice_state_v6(md: MetaData) -> Table:
    """One row: which bank the aggregates were folded for, and how many assessments."""
    return Table(
        "practice_state",
        md,
        Column("id", Integer(), primary_key=True, autoincrement=False),
        _str("fingerprint"),
        _int("folded"),
    )
