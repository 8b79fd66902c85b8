"""Reading sessions when some rows are damaged: one bad row is named, never a reason to lose
the others. The usual case costs one query; only a listing that fails is read row by row."""

from __future__ import annotations

from pydantic import ValidationError
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from app.domain.records import SessionSummary
from app.store.convert import row_to_summary
from app.store.errors import DamagedRow
from app.store.tables import SessionRow

_UNREADABLE = (ValueError, TypeError, AttributeError, ValidationError)  # a date, an enum, bad JSON
SESSIONS = "sessions"


def _detail(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        err = exc.errors()[0]
        where = ".".join(str(p) for p in err["loc"]) or "value"
        return f"{where}: {err['msg']}"
    return str(exc).splitlines()[0][:160] if str(exc) else type(exc).__name__


def summary_of(row: SessionRow, engine: Engine) -> SessionSummary:
    """The row's summary, or DamagedRow naming what is wrong with it."""
    try:
        return row_to_summary(row)
    except _UNREADABLE as exc:
        raise DamagedRow(str(engine.url), SESSIONS, row.id, _detail(exc)) from exc


def listed_sessions(
    engine: Engine, limit: int, offset: int
) -> tuple[list[SessionSummary], list[DamagedRow]]:
    """The newest sessions that can be read, and the rows among them that cannot."""
    newest = select(SessionRow).order_by(col(SessionRow.created_at).desc())
    with Session(engine) as s:
        try:
            rows = s.exec(newest.offset(offset).limit(limit)).all()
            return [row_to_summary(r) for r in rows], []
        except _UNREADABLE:
            s.rollback()
        ids = s.exec(
            select(SessionRow.id)
            .order_by(col(SessionRow.created_at).desc())
            .offset(offset)
            .limit(limit)
        ).all()
        found: list[SessionSummary] = []
        damaged: list[DamagedRow] = []
        for sid in ids:
            try:
                row = s.exec(select(SessionRow).where(SessionRow.id == sid)).one()
                found.append(summary_of(row, engine))
            except DamagedRow as exc:
                damaged.append(exc)
            except _UNREADABLE as exc:  # the driver could not even build the row
                damaged.append(DamagedRow(str(engine.url), SESSIONS, sid, _detail(exc)))
    return found, damaged


def session_row(s: Session, session_id: str, engine: Engine) -> SessionRow | None:
    """The session's row, or DamagedRow when the driver cannot even build it (a date that is
    not one); None when there is no such session."""
    try:
        return s.get(SessionRow, session_id)
    except _UNREADABLE as exc:
        raise DamagedRow(str(engine.url), SESSIONS, session_id, _detail(exc)) from exc
