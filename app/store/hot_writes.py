"""The per-message writes on a SQLite file, through the driver's own connection.

Every candidate and interviewer turn is written in its own short transaction, a judged answer
adds an assessment with its criterion scores, and the session's last turn marks it finished.
Through SQLAlchemy Core each of these cost ~0.4-1 ms of the per-turn budget (checking a
connection out of the pool, beginning and committing, building the execution context), against
~0.05 ms for the same statements on the sqlite3 connection itself: on a busy machine that was the
difference for the per-turn p99.

So for SQLite the repository keeps one driver connection (and one cursor on it) for these
writes, runs statements that SQLAlchemy compiled once for this dialect (the same SQL, with
SQLAlchemy's own bind processors for each column, so a datetime or a boolean is stored exactly as
the normal path stores it), and commits each write as before: a kill -9 loses nothing that was
acknowledged. Any driver error rolls the write back and the caller repeats it through
SQLAlchemy, where the store's usual fault translation names what went wrong (a full disk, a
read-only file). PostgreSQL always takes the normal path.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar, cast

from sqlalchemy import Engine
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.expression import ClauseElement

Processor = Callable[[Any], Any] | None
Rows = Mapping[str, object] | Sequence[Mapping[str, object]]
Execute = Callable[[ClauseElement, Rows], int]
"""`execute(statement, row)`: an INSERT returns the row id it made, any other statement the
number of rows it changed. Given a list of rows (all with the same keys), the statement runs
once per row in one driver call (`executemany`) and returns the rows changed."""
T = TypeVar("T")


class _Compiled:
    """One statement compiled for the dialect, with its parameters' order and processors."""

    def __init__(self, stmt: ClauseElement, engine: Engine, keys: Sequence[str]) -> None:
        compiled = cast(SQLCompiler, stmt.compile(dialect=engine.dialect, column_keys=list(keys)))
        self.sql = str(compiled)
        self.is_insert = bool(compiled.isinsert)
        order = list(compiled.positiontup or ())
        binds = compiled.binds
        self.order = order
        d = engine.dialect  # the dialect's own type (sqlite's DATETIME), as SQLAlchemy binds
        procs: list[Processor] = [binds[n].type.dialect_impl(d).bind_processor(d) for n in order]
        self.procs = procs
        # (key, processor) pairs, so binding a row is one pass with no per-row bookkeeping
        self._plan = list(zip(order, procs, strict=True))

    def params(self, values: Mapping[str, object]) -> tuple[object, ...]:
        out: list[object] = []
        for name, proc in self._plan:
            v = values[name]
            out.append(v if proc is None or v is None else proc(v))
        return tuple(out)


class HotWrites:
    """One driver connection for the per-message writes; callers fall back on any error."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._lock = threading.Lock()
        self._conn: Any = None  # the pool's connection record, given back on a fault
        self._driver: Any = None  # the sqlite3 connection under it
        self._cursor: Any = None
        self._compiled: dict[tuple[int, tuple[str, ...]], _Compiled] = {}

    @staticmethod
    def for_engine(engine: Engine) -> HotWrites | None:
        return HotWrites(engine) if engine.dialect.name == "sqlite" else None

    def _statement(self, stmt: ClauseElement, keys: tuple[str, ...]) -> _Compiled:
        k = (id(stmt), keys)
        found = self._compiled.get(k)
        if found is None:
            found = self._compiled[k] = _Compiled(stmt, self._engine, keys)
        return found

    def write(self, work: Callable[[Execute], T]) -> T:
        """`work(execute)` in one transaction, committed (see `Execute` for what `execute`
        returns). Raises what the driver raises, after rolling back."""
        with self._lock:
            if self._conn is None:
                self._conn = self._engine.raw_connection()
                self._driver = self._conn.driver_connection
                self._cursor = self._driver.cursor()
            cur = self._cursor
            try:

                def execute(stmt: ClauseElement, rows: Rows) -> int:
                    if isinstance(rows, Mapping):
                        c = self._statement(stmt, tuple(rows))
                        cur.execute(c.sql, c.params(rows))
                        return int(cur.lastrowid or 0) if c.is_insert else int(cur.rowcount)
                    if not rows:
                        return 0
                    c = self._statement(stmt, tuple(rows[0]))
                    cur.executemany(c.sql, [c.params(r) for r in rows])
                    return int(cur.rowcount)

                result = work(execute)
                self._driver.commit()
                return result
            except BaseException:
                self._drop()
                raise

    def _drop(self) -> None:
        """After a fault the connection is given back (invalidated): the next write opens one."""
        conn, self._conn = self._conn, None
        cur, self._cursor, self._driver = self._cursor, None, None
        if conn is None:
            return
        with contextlib.suppress(Exception):  # the connection is being discarded anyway
            cur.close()
        with contextlib.suppress(Exception):
            conn.rollback()
        with contextlib.suppress(Exception):
            conn.invalidate()

    def close(self) -> None:
        with self._lock:
            conn, self._conn = self._conn, None
            cur, self._cursor, self._driver = self._cursor, None, None
            if conn is not None:
                with contextlib.suppress(Exception):
                    cur.close()
                conn.close()
