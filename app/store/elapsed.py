"""Interview time spent between turns, kept on the session row so a resume starts from it.

A turn stores its own time; the minutes a candidate spends typing before a quit, a crash or a
`kill` are in no turn. The session's writer records them every heartbeat and on close, only
ever raising the figure and only while the session is active (a finished session's time is the
finish's)."""

from __future__ import annotations

from sqlalchemy import bindparam
from sqlalchemy.engine import Engine
from sqlmodel import SQLModel

from app.domain.enums import SessionStatus

_SESSIONS = SQLModel.metadata.tables["sessions"]
_RAISE_ELAPSED = (
    _SESSIONS.update()
    .where(
        _SESSIONS.c.id == bindparam("sid"),
        _SESSIONS.c.status == SessionStatus.ACTIVE.value,
        _SESSIONS.c.elapsed_s < bindparam("elapsed_s"),
    )
    .values(elapsed_s=bindparam("elapsed_s"))
)


def record_elapsed(engine: Engine, session_id: str, elapsed_s: float) -> None:
    with engine.begin() as conn:
        conn.execute(_RAISE_ELAPSED, {"sid": session_id, "elapsed_s": round(elapsed_s, 3)})
