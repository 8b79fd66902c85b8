"""A small migration registry with a version table from the first release.

Each migration runs once, in order, inside a transaction, and is recorded in
`schema_migrations`. Never edit a released migration: add the next one. A migration that alters
a table checks the live schema first, so it is safe on databases created at any version.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from sqlalchemy import inspect
from sqlalchemy.engine import Connection, Engine
from sqlmodel import SQLModel

from app.store import tables

Migration = Callable[[Connection], None]


def _m001_initial(conn: Connection) -> None:
    SQLModel.metadata.create_all(
        conn,
        tables=[
            SQLModel.metadata.tables[str(t.__tablename__)]
            for t in (
                tables.SessionRow,
                tables.RoundRow,
                tables.TurnRow,
                tables.AssessmentRow,
                tables.CriterionScoreRow,
                tables.LLMCallRow,
            )
        ],
    )


def _m002_review_cards(conn: Connection) -> None:
    """Spaced-repetition cards, plus an index for the practice history query.

    Only creates what is missing, so it is safe on any database created at version 1. The index
    lets "the latest assessment of each (session, round, question)" be read without a sort.
    """
    SQLModel.metadata.create_all(conn, tables=[SQLModel.metadata.tables["review_cards"]])
    conn.exec_driver_sql(
        "CREATE INDEX IF NOT EXISTS ix_assessments_session_round_question "
        "ON assessments (session_id, round_index, question_id, id)"
    )


def _m003_practice_index(conn: Connection) -> None:
    """Card freshness columns and the covering index mastery reads.

    The cards gained `judgements` and `rejudged_json` after version 2 was committed, so they are
    added only where missing (a database migrated to 2 earlier lacks them; a new one has them
    from 2). The new index holds every column mastery reads, ordered so that the judgements of
    one answer (a rescore adds one) are adjacent: mastery over 10^5 assessments is one index
    scan. It replaces version 2's index (the same key, question first), which nothing reads now.
    """
    columns = {c["name"] for c in inspect(conn).get_columns("review_cards")}
    if "judgements" not in columns:
        conn.exec_driver_sql(
            "ALTER TABLE review_cards ADD COLUMN judgements INTEGER NOT NULL DEFAULT 0"
        )
    if "rejudged_json" not in columns:
        conn.exec_driver_sql(
            "ALTER TABLE review_cards ADD COLUMN rejudged_json VARCHAR NOT NULL DEFAULT '[]'"
        )
    conn.exec_driver_sql(
        "CREATE INDEX IF NOT EXISTS ix_assessments_practice ON assessments "
        "(question_id, session_id, round_index, id, created_at, weighted_score, is_estimate)"
    )
    conn.exec_driver_sql("DROP INDEX IF EXISTS ix_assessments_session_round_question")


MIGRATIONS: list[tuple[int, str, Migration]] = [
    (1, "initial schema", _m001_initial),
    (2, "review cards for spaced repetition", _m002_review_cards),
    (3, "practice covering index and card freshness columns", _m003_practice_index),
]


def applied_versions(engine: Engine) -> set[int]:
    if not inspect(engine).has_table("schema_migrations"):
        return set()
    with engine.connect() as conn:
        rows = conn.exec_driver_sql("SELECT version FROM schema_migrations").fetchall()
    return {int(r[0]) for r in rows}


def migrate(
    engine: Engine, migrations: list[tuple[int, str, Migration]] | None = None
) -> list[int]:
    """Apply pending migrations; returns the versions applied now."""
    todo = migrations if migrations is not None else MIGRATIONS
    SQLModel.metadata.create_all(engine, tables=[SQLModel.metadata.tables["schema_migrations"]])
    done = applied_versions(engine)
    applied: list[int] = []
    for version, name, func in sorted(todo, key=lambda m: m[0]):
        if version in done:
            continue
        with engine.begin() as conn:
            func(conn)
            conn.execute(
                SQLModel.metadata.tables["schema_migrations"]
                .insert()
                .values(version=version, name=name, applied_at=datetime.now(UTC))
            )
        applied.append(version)
    return applied
