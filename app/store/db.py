"""Engine factory. SQLite gets WAL and a busy timeout so the TUI, a CLI and a judge worker can
share one file; PostgreSQL goes through psycopg (the `postgres` extra).

Every fault on the way (a URL that is not one, an unknown kind of database, a driver that is
not installed, a server that refuses, a file that cannot be created or read) and every later
fault of the same kinds while statements run leaves as a `StoreError` (see `errors.py`).
"""

from __future__ import annotations

import weakref
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import URL, Engine, ExceptionContext, make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError
from sqlmodel import create_engine

from app.store import checkpoint
from app.store.errors import (
    INSTALL_POSTGRES,
    URL_EXAMPLES,
    StoreError,
    classify,
    os_fault,
    sqlite_path,
)
from app.store.migrations import SQLITE_BUSY_MS, migrate

_DRIVERS = {"postgresql": "psycopg", "postgres": "psycopg"}


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_MS}")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA wal_autocheckpoint=0")  # app/store/checkpoint.py checkpoints instead
    cur.close()


def parse_url(url: str) -> URL:
    """Check and normalise a database URL: `postgresql://` and `postgres://` mean psycopg."""
    if not url.strip():
        raise StoreError(
            repr(url), "the database URL is empty", f"give a URL such as {URL_EXAMPLES}"
        )
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise StoreError(
            url, "this is not a database URL", f"give a URL such as {URL_EXAMPLES}"
        ) from None
    if parsed.drivername in _DRIVERS:
        parsed = parsed.set(drivername=f"postgresql+{_DRIVERS[parsed.drivername]}")
    return parsed


def _create(url: str, parsed: URL) -> Engine:
    sqlite = parsed.get_backend_name() == "sqlite"
    try:
        return create_engine(parsed, connect_args={"check_same_thread": False} if sqlite else {})
    except NoSuchModuleError:
        raise StoreError(
            url,
            f"unknown kind of database {parsed.drivername.split('+')[0]!r}",
            f"mockloop stores sessions in SQLite or PostgreSQL: {URL_EXAMPLES}",
        ) from None
    except ImportError as exc:
        driver = exc.name or parsed.get_driver_name()
        if parsed.drivername == "postgresql+psycopg":
            fix = INSTALL_POSTGRES
        elif parsed.get_backend_name() == "postgresql":
            fix = f"write the URL as postgresql+psycopg://... and {INSTALL_POSTGRES}"
        else:
            fix = f"install the Python package {driver!r}, or use {URL_EXAMPLES}"

        raise StoreError(url, f"the database driver {driver!r} is not installed", fix) from None


def _translator(url: str) -> Any:
    def handle(context: ExceptionContext) -> None:
        fault = classify(url, context.original_exception)
        if fault is not None:
            raise fault from context.original_exception

    return handle


def make_engine(url: str, *, run_migrations: bool = True) -> Engine:
    parsed = parse_url(url)
    path = sqlite_path(url)
    if path is not None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise os_fault(url, exc) from exc
    engine = _create(url, parsed)
    event.listen(engine, "handle_error", _translator(url))
    if parsed.get_backend_name() == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
        if path is not None:
            watched = path.resolve()
            checkpoint.register(watched)
            weakref.finalize(engine, checkpoint.unregister, watched)
    if run_migrations:
        try:
            migrate(engine)
        except OSError as exc:
            raise os_fault(url, exc) from exc
    return engine
