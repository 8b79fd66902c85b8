"""Schema versions and the steps between them, applied under a database-wide lock.

A fresh database gets the head snapshot from `schema.py` in one go; an existing one takes each
pending step in order. Steps create tables from the frozen snapshot of their own version, never
from today's SQLModel classes, and any step that alters a table checks the live schema first, so
it is safe on databases created by any earlier release (including the ones whose version 1 or 2
was created from the table classes of their day). Never edit a released step: add the next one.

Concurrency: many processes may open a new or outdated database at once. The steps run inside one
transaction that first takes a lock (SQLite `BEGIN IMMEDIATE`, PostgreSQL
`pg_advisory_xact_lock`), then re-reads the recorded versions, so exactly one process migrates
and the others find the work done. A database that records a version this release does not know
is refused with `SchemaTooNew` before anything touches it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

from sqlalchemy import inspect
from sqlalchemy.engine import Connection, Engine

from app.store import schema
from app.store.errors import SchemaTooNew

Migration = Callable[[Connection], None]

# Any constant works; it only has to be the same in every mockloop process.
_PG_LOCK_KEY = 0x6D6F636B6C6F6F70  # "mockloop"
SQLITE_BUSY_MS = 5000
# Waiting for another process's migration: longer than any migration takes, even on a slow disk.
_SQLITE_LOCK_WAIT_MS = 60000


def _m001_initial(conn: Connection) -> None:
    schema.snapshot(1).create_all(conn, checkfirst=True)


def _m002_review_cards(conn: Connection) -> None:
    """Spaced-repetition cards, plus an index for the practice history query."""
    schema.table(2, "review_cards").create(conn, checkfirst=True)
    conn.exec_driver_sql(
        "CREATE INDEX IF NOT EXISTS ix_assessments_session_round_question "
        "ON assessments (session_id, round_index, question_id, id)"
    )


def _m003_practice_index(conn: Connection) -> None:
    """Card freshness columns and the covering index mastery reads.

    The cards gained `judgements` and `rejudged_json` after version 2 was first released, and
    databases created by that release's successors got them from the table classes at step 2, so
    they are added only where missing. The covering index replaces version 2's index.
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


def _m004_one_writer(conn: Connection) -> None:
    """Writer leases, and at most one turn per (session, seq).

    Two writers on one session (possible before this version) left duplicate seqs; the first
    row written for each seq is the one a replay saw, so it is kept and later copies go.
    """
    conn.exec_driver_sql(
        "DELETE FROM turns WHERE id NOT IN (SELECT MIN(id) FROM turns GROUP BY session_id, seq)"
    )
    conn.exec_driver_sql(
        "CREATE UNIQUE INDEX IF NOT EXISTS uq_turns_session_seq ON turns (session_id, seq)"
    )
    schema.table(4, "session_leases").create(conn, checkfirst=True)


def _m005_profiles(conn: Connection) -> None:
    """The candidate's profile (revisions) and the story bank's tellings."""
    schema.table(5, "profiles").create(conn, checkfirst=True)
    schema.table(5, "story_tellings").create(conn, checkfirst=True)


def _m006_practice_aggregates(conn: Connection) -> None:
    """Running practice aggregates (progress and trend without a pass over every answer).
    Created empty: the first progress read folds the history once."""
    for name in ("practice_sessions", "practice_topic_sessions", "practice_topics"):
        schema.table(6, name).create(conn, checkfirst=True)
    schema.table(6, "practice_state").create(conn, checkfirst=True)


MIGRATIONS: list[tuple[int, str, Migration]] = [
    (1, "initial schema", _m001_initial),
    (2, "review cards for spaced repetition", _m002_review_cards),
    (3, "practice covering index and card freshness columns", _m003_practice_index),
    (4, "session writer leases and unique turn seq", _m004_one_writer),
    (5, "candidate profile and story tellings", _m005_profiles),
    (6, "practice aggregates for progress and trend", _m006_practice_aggregates),
]
assert [v for v, _, _ in MIGRATIONS] == list(range(1, schema.HEAD + 1))

_VERSIONS = schema.table(1, "schema_migrations")


def _read_versions(conn: Connection) -> set[int] | None:
    """Recorded versions, or None when the database has no version table yet."""
    if not inspect(conn).has_table("schema_migrations"):
        return None
    rows = conn.exec_driver_sql("SELECT version FROM schema_migrations").fetchall()
    return {int(r[0]) for r in rows}


def applied_versions(engine: Engine) -> set[int]:
    with engine.connect() as conn:
        return _read_versions(conn) or set()


def _refuse_newer(engine: Engine, done: set[int], known: int) -> None:
    newest = max(done, default=0)
    if newest > known:
        raise SchemaTooNew(str(engine.url), newest, known)


@contextmanager
def _locked(engine: Engine) -> Iterator[Connection]:
    """One transaction that holds the migration lock until it commits or rolls back."""
    if engine.dialect.name == "sqlite":
        with engine.connect() as raw:
            conn = raw.execution_options(isolation_level="AUTOCOMMIT")
            conn.exec_driver_sql(f"PRAGMA busy_timeout={_SQLITE_LOCK_WAIT_MS}")
            try:
                conn.exec_driver_sql("BEGIN IMMEDIATE")
                try:
                    yield conn
                except BaseException:
                    conn.exec_driver_sql("ROLLBACK")
                    raise
                conn.exec_driver_sql("COMMIT")
            finally:
                conn.exec_driver_sql(f"PRAGMA busy_timeout={SQLITE_BUSY_MS}")
        return
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_PG_LOCK_KEY})")
        yield conn


def _is_empty(conn: Connection) -> bool:
    return not inspect(conn).get_table_names()


def _stamp(conn: Connection, version: int, name: str) -> None:
    conn.execute(_VERSIONS.insert().values(version=version, name=name, applied_at=_now()))


def _now() -> datetime:
    return datetime.now(UTC)


def migrate(
    engine: Engine, migrations: list[tuple[int, str, Migration]] | None = None
) -> list[int]:
    """Bring the database to the newest version; returns the versions applied now.

    With `migrations` given (tests, and future steps under development) exactly those steps are
    considered, one by one; otherwise a new, empty database gets the head snapshot at once.
    """
    steps = sorted(migrations if migrations is not None else MIGRATIONS, key=lambda m: m[0])
    known = max([schema.HEAD, *(v for v, _, _ in steps)])
    with engine.connect() as conn:
        seen = _read_versions(conn)
    if seen is not None:
        _refuse_newer(engine, seen, known)
        if all(v in seen for v, _, _ in steps):
            return []
    with _locked(engine) as conn:
        done = _read_versions(conn)  # again: another process may have migrated meanwhile
        if done is not None:
            _refuse_newer(engine, done, known)
        if done is None and migrations is None and _is_empty(conn):
            schema.snapshot(schema.HEAD).create_all(conn)
            for version, name, _ in steps:
                _stamp(conn, version, name)
            return [v for v, _, _ in steps]
        _VERSIONS.create(conn, checkfirst=True)
        applied: list[int] = []
        for version, name, func in steps:
            if version in (done or set()):
                continue
            func(conn)
            _stamp(conn, version, name)
            applied.append(version)
        return applied
