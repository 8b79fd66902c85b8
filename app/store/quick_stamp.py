"""What a stored session looks like right now, as one string, through the standard library's
sqlite3: `mockloop show` prints a saved rendering when the session has not changed since it
was rendered (app/report/saved.py), and finding that out must not import SQLAlchemy or pydantic.

The stamp covers everything a printed transcript reads from the store: the session row (status,
score, clock, plan and all), and the turns, assessments and criterion scores by count and
newest id. Turns and assessments are only ever added (a rescore adds an assessment), so any
change to what the report shows changes the stamp. As in app/store/quick.py, only a plain
SQLite file of a known schema takes this path; anything else answers None.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import NamedTuple, TypeVar

from app.store.quick import connect_read_only, sqlite_file

_ESCAPE = "/"
T = TypeVar("T")


class Stamp(NamedTuple):
    session_id: str
    stamp: str


def like_prefix(prefix: str) -> str:
    """`prefix` as a LIKE pattern, escaped as SQLAlchemy's `startswith(autoescape=True)`."""
    for ch in (_ESCAPE, "%", "_"):
        prefix = prefix.replace(ch, _ESCAPE + ch)
    return prefix + "%"


def searchable_id(prefix: str) -> bool:
    """Whether `prefix` can start a session id: not empty, and encodable (an undecodable
    byte on the command line arrives as a lone surrogate, which no id holds)."""
    try:
        prefix.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return bool(prefix.strip())


def no_match(prefix: str) -> str:
    if not prefix.strip():
        return "give a session id (its first few characters are enough)"
    return f"no session matches {prefix!r}"


def resolve(conn: sqlite3.Connection, prefix: str) -> str:
    """The one session id starting with `prefix`; LookupError worded as the repository's."""
    if not searchable_id(prefix):
        raise LookupError(no_match(prefix))
    ids = [
        str(r[0])
        for r in conn.execute(
            f"SELECT id FROM sessions WHERE id LIKE ? ESCAPE '{_ESCAPE}' LIMIT 2",
            (like_prefix(prefix),),
        )
    ]
    if not ids:
        raise LookupError(no_match(prefix))
    if len(ids) > 1:
        raise LookupError(f"{prefix!r} matches several sessions; give more characters")
    return ids[0]


def _stamp(conn: sqlite3.Connection, sid: str) -> str:
    row = conn.execute("SELECT * FROM sessions WHERE id = ?", (sid,)).fetchone()
    parts = [repr(row)]
    for sql in (
        "SELECT count(*), max(seq) FROM turns WHERE session_id = ?",
        "SELECT count(*), max(id) FROM assessments WHERE session_id = ?",
        "SELECT count(*), max(id) FROM criterion_scores WHERE assessment_id IN "
        "(SELECT id FROM assessments WHERE session_id = ?)",
    ):
        parts.append(repr(conn.execute(sql, (sid,)).fetchone()))
    return "\n".join(parts)


def read_session(
    url: str, prefix: str, read: Callable[[sqlite3.Connection, str], T]
) -> T | str | None:
    """`read(connection, session id)` for the one session `prefix` names; a message (str) when
    no single session matches; None when this path cannot answer (not a plain SQLite file of a
    known schema, or any sqlite3 error)."""
    path = sqlite_file(url)
    if path is None or not path.exists():
        return None
    try:
        conn = connect_read_only(path)
        if conn is None:
            return None
        try:
            return read(conn, resolve(conn, prefix))
        except LookupError as exc:
            return str(exc.args[0])
        finally:
            conn.close()
    except (sqlite3.Error, ValueError, KeyError, TypeError, AttributeError, OSError):
        return None


def session_stamp(url: str, prefix: str) -> Stamp | str | None:
    """The session `prefix` names and its stamp (or a message, or None: see `read_session`)."""
    return read_session(url, prefix, lambda conn, sid: Stamp(sid, _stamp(conn, sid)))
