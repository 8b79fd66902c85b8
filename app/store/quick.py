"""The sessions list through the standard library's sqlite3: the home screen's first paint and
`mockloop sessions` must not wait for SQLAlchemy and SQLModel to import (~350 ms).

Only the default kind of database takes this path: a plain `sqlite:///FILE` URL whose file holds
a schema this module knows (`KNOWN_VERSIONS`). Anything else (PostgreSQL, a URL with options, a
database written by a newer mockloop, any sqlite3 error) answers None, and the caller goes
through the repository as usual, which migrates, reports faults and refuses newer schemas.

The file is opened read-only: this path never creates, migrates or locks a database. It imports
nothing but the standard library, so it is cheap to import before anything else is loaded.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from typing import NamedTuple
from urllib.parse import quote

KNOWN_VERSIONS = frozenset({1, 2, 3, 4, 5, 6})
"""Schema versions whose `sessions` table has the columns read below (a test keeps this in step
with `schema.HEAD`)."""
TIMEOUT_S = 0.25

_COLUMNS = (
    "id, created_at, status, mode, interviewer_model, judge_model, plan_json, overall_score, "
    "elapsed_s, target_level"
)


class SessionRowLite(NamedTuple):
    """One `sessions` row as stored (enum values as their strings)."""

    id: str
    created_at: datetime
    status: str
    mode: str
    interviewer_model: str | None
    judge_model: str | None
    rounds: tuple[str, ...]
    overall_score: float | None
    elapsed_s: float
    target_level: str


class QuickList(NamedTuple):
    rows: list[SessionRowLite]
    latest_active: SessionRowLite | None
    """The newest session still in progress (it may be older than every row of `rows`)."""


def sqlite_file(url: str) -> Path | None:
    """The file of a plain `sqlite:///PATH` URL; None for any other URL."""
    for prefix in ("sqlite:///", "sqlite+pysqlite:///"):
        if url.startswith(prefix):
            rest = url[len(prefix) :]
            if not rest or "?" in rest or rest == ":memory:":
                return None
            return Path(rest)
    return None


def _aware(text: str) -> datetime:
    dt = datetime.fromisoformat(text)
    return dt if dt.tzinfo is not None else dt.replace(tzinfo=UTC)


def _rounds(plan_json: str) -> tuple[str, ...]:
    plan = json.loads(plan_json)
    return tuple(str(r["kind"]) for r in plan.get("rounds", ()))


def _row(r: tuple[object, ...]) -> SessionRowLite:
    sid, created, status, mode, imodel, jmodel, plan, score, elapsed, level = r
    return SessionRowLite(
        id=str(sid),
        created_at=_aware(str(created)),
        status=str(status),
        mode=str(mode),
        interviewer_model=None if imodel is None else str(imodel),
        judge_model=None if jmodel is None else str(jmodel),
        rounds=_rounds(str(plan)),
        overall_score=None if score is None else float(score),  # type: ignore[arg-type]
        elapsed_s=float(elapsed),  # type: ignore[arg-type]
        target_level=str(level),
    )


def _known_schema(conn: sqlite3.Connection) -> bool:
    versions = {int(v) for (v,) in conn.execute("SELECT version FROM schema_migrations")}
    return bool(versions) and versions <= KNOWN_VERSIONS


def connect_read_only(path: Path) -> sqlite3.Connection | None:
    """A read-only connection to a database of a schema this module knows, else None (the
    caller closes it). Raises sqlite3.Error and OSError as sqlite3 does."""
    uri = f"file:{quote(str(path.resolve()))}?mode=ro"
    conn = sqlite3.connect(uri, uri=True, timeout=TIMEOUT_S, check_same_thread=False)
    try:
        known = _known_schema(conn)
    except BaseException:
        conn.close()
        raise
    if known:
        return conn
    conn.close()
    return None


def recent_sessions(url: str, limit: int = 20, active: str = "active") -> QuickList | None:
    """The newest `limit` sessions and the newest session with status `active`, or None when
    this path cannot answer (see the module docstring). A database file that does not exist
    yet holds no sessions: an empty list."""
    path = sqlite_file(url)
    if path is None:
        return None
    if not path.exists():
        return QuickList([], None)
    try:
        conn = connect_read_only(path)
        if conn is None:
            return None
        try:
            rows = conn.execute(
                f"SELECT {_COLUMNS} FROM sessions ORDER BY created_at DESC LIMIT ?", (limit,)
            ).fetchall()
            latest = conn.execute(
                f"SELECT {_COLUMNS} FROM sessions WHERE status = ? "
                "ORDER BY created_at DESC LIMIT 1",
                (active,),
            ).fetchone()
        finally:
            conn.close()
        return QuickList([_row(r) for r in rows], None if latest is None else _row(latest))
    except (sqlite3.Error, ValueError, KeyError, TypeError, AttributeError, OSError):
        return None
