"""One stored session through the standard library's sqlite3, for `mockloop show` and `export`:
printing a transcript must not wait for SQLAlchemy and SQLModel to import (~0.35-0.6 s).

The rows are read with the column types the schema declares (BOOLEAN, DATETIME) and handed to
the same row -> domain converters the repository uses (app/store/convert.py), so the session is
the one `Repository.load` returns (tests/store/test_quick_session.py compares them). As in
app/store/quick.py, only a plain SQLite file of a known schema takes this path; anything else,
or any sqlite3 error, answers None and the caller opens the repository, which reports faults.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime
from types import SimpleNamespace
from typing import TYPE_CHECKING, cast

from app.domain.records import StoredSession
from app.domain.transcript import SessionPlan
from app.store.convert import row_to_summary, row_to_turn, rows_to_assessment
from app.store.quick_stamp import read_session

if TYPE_CHECKING:
    from app.store.tables import AssessmentRow, CriterionScoreRow, SessionRow, TurnRow


def _value(declared: str, raw: object) -> object:
    """A column value as SQLAlchemy's SQLite types return it."""
    if raw is None:
        return None
    if declared == "BOOLEAN":
        return bool(raw)
    if declared == "DATETIME":
        return datetime.fromisoformat(str(raw))
    return raw


def _rows(
    conn: sqlite3.Connection, table: str, where: str, params: tuple[object, ...], order: str
) -> list[SimpleNamespace]:
    """Rows as objects with one attribute per column, like the table classes' instances."""
    declared = {str(r[1]): str(r[2]).upper() for r in conn.execute(f"PRAGMA table_info({table})")}
    cur = conn.execute(f"SELECT * FROM {table} WHERE {where} ORDER BY {order}", params)
    names = [d[0] for d in cur.description]
    return [
        SimpleNamespace(
            **{n: _value(declared.get(n, ""), v) for n, v in zip(names, row, strict=True)}
        )
        for row in cur.fetchall()
    ]


def _load(conn: sqlite3.Connection, sid: str) -> StoredSession:
    (row,) = _rows(conn, "sessions", "id = ?", (sid,), "id")
    turns = _rows(conn, "turns", "session_id = ?", (sid,), "seq")
    assessments = _rows(conn, "assessments", "session_id = ?", (sid,), "id")
    crits = _rows(
        conn,
        "criterion_scores",
        "assessment_id IN (SELECT id FROM assessments WHERE session_id = ?)",
        (sid,),
        "id",
    )
    by_id: dict[int, list[SimpleNamespace]] = {}
    for c in crits:
        by_id.setdefault(c.assessment_id, []).append(c)
    return StoredSession(
        summary=row_to_summary(cast("SessionRow", row)),
        plan=SessionPlan.model_validate_json(row.plan_json),
        turns=[row_to_turn(cast("TurnRow", t)) for t in turns],
        assessments=[
            rows_to_assessment(
                cast("AssessmentRow", a), cast("list[CriterionScoreRow]", by_id.get(a.id, []))
            )
            for a in assessments
        ],
    )


def load_session(url: str, prefix: str) -> StoredSession | str | None:
    """The session whose id starts with `prefix`; a message (str) when no single session
    matches, worded as the repository words it; None when this path cannot answer."""
    return read_session(url, prefix, _load)
