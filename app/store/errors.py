"""Typed store errors, and the one translation from driver faults to a message a user can act on.

Every database fault the user can cause or fix (a bad URL, a missing driver, a server that is
down, a read-only directory, a damaged file, a full disk, a database from a newer release) leaves
the store as a `StoreError` whose message names the database (password masked), what failed and
the fix. The CLI prints that one line; nothing above the store sees a driver exception.
"""

from __future__ import annotations

import errno
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from app.settings_quick import sqlite_file

_PASSWORD = re.compile(r"(://[^:/@\s]*:)([^@\s]*)(@)")

INSTALL_POSTGRES = "install the driver with `pip install 'mockloop[postgres]'`"
URL_EXAMPLES = "sqlite:///path/to/mockloop.db or postgresql+psycopg://user:password@host/dbname"


def mask_url(url: str) -> str:
    """The URL with any password replaced by ***, for messages and logs."""
    return _PASSWORD.sub(r"\1***\3", url)


def sqlite_path(url: str) -> Path | None:
    """The file behind a SQLite URL, or None for any other URL (or an in-memory database)."""
    file = sqlite_file(url)
    return Path(file).expanduser() if file else None


class StoreError(Exception):
    """A database fault, worded for the user: which database, what failed, how to fix it."""

    def __init__(self, database: str, problem: str, fix: str) -> None:
        self.database = mask_url(database)
        self.problem = problem
        self.fix = fix
        super().__init__(f"database {self.database}: {problem}. Fix: {fix}.")


class SchemaTooNew(StoreError):
    """The database records a schema version this release does not know: a newer mockloop
    wrote it. Using it anyway would fail mid-session, so it is refused before anything runs."""

    def __init__(self, database: str, db_version: int, app_version: int) -> None:
        self.db_version = db_version
        self.app_version = app_version
        super().__init__(
            database,
            f"schema version {db_version} was written by a newer mockloop; this release knows "
            f"versions up to {app_version}",
            "upgrade mockloop (`pip install -U mockloop`), or point --db at another database",
        )


@dataclass(frozen=True)
class LeaseInfo:
    """Who writes a session, since when, and until when they count as alive."""

    session_id: str
    owner: str
    token: str
    acquired_at: datetime
    heartbeat_at: datetime
    expires_at: datetime


class SessionBusy(StoreError):
    """Another process holds the session's writer lease. Carries the holder so the driver can
    say who has it and since when, and whether it may be taken over (only once expired)."""

    def __init__(
        self, database: str, holder: LeaseInfo, now: datetime, *, expired: bool | None = None
    ) -> None:
        self.holder = holder
        self.expired = holder.expires_at <= now if expired is None else expired
        if self.expired:
            fix = (
                f"its lease expired at {holder.expires_at:%Y-%m-%d %H:%M:%S} UTC (that writer "
                "stopped); take the session over explicitly to continue it"
            )
        else:
            fix = (
                "wait for that process to finish or stop it; the session can be taken over "
                f"after {holder.expires_at:%Y-%m-%d %H:%M:%S} UTC if it stops answering"
            )
        super().__init__(
            database,
            f"session {holder.session_id[:8]} is being written by {holder.owner} since "
            f"{holder.acquired_at:%Y-%m-%d %H:%M:%S} UTC",
            fix,
        )


class LeaseLost(StoreError):
    """Our lease was taken over (it had expired) or released: stop writing this session."""

    def __init__(self, database: str, session_id: str, owner: str) -> None:
        self.session_id = session_id
        super().__init__(
            database,
            f"this process ({owner}) no longer holds the writer lease of session "
            f"{session_id[:8]}: another process took it over",
            "stop here; `mockloop resume` continues the session from what was saved",
        )


def _dir_of(url: str) -> str:
    path = sqlite_path(url)
    return str(path.parent) if path is not None else "the data directory"


def _sqlite_fault(url: str, msg: str) -> StoreError | None:
    path = sqlite_path(url)
    where = str(path) if path is not None else "the file"
    if "file is not a database" in msg:
        return StoreError(
            url,
            f"{where} is not a SQLite database",
            f"move it aside (mv {where} {where}.not-a-db) or point --db at another file; "
            "mockloop then starts a new database",
        )
    if "malformed" in msg or "database corrupt" in msg:
        return StoreError(
            url,
            "the database file is damaged",
            f"move it aside (mv {where} {where}.damaged); mockloop then starts a new database, "
            f"and your earlier sessions stay in {where}.damaged "
            f"(`sqlite3 {where}.damaged .recover` salvages what it can)",
        )
    if "no such table" in msg or "no such column" in msg:  # migrated, then edited by hand
        return StoreError(
            url,
            f"the database is missing part of its tables ({msg.split(':', 1)[-1].strip()[:60]}); "
            "it was changed outside mockloop",
            f"move it aside (mv {where} {where}.damaged); mockloop then starts a new database, "
            f"and `sqlite3 {where}.damaged .recover` salvages what it can",
        )
    if "readonly" in msg or "read-only" in msg or "unable to open database file" in msg:
        return StoreError(
            url,
            f"cannot write in {_dir_of(url)} (read-only or missing permission)",
            "make that directory writable, or choose another one with --data-dir or --db",
        )
    if "disk is full" in msg or "disk or database is full" in msg:
        return StoreError(
            url,
            f"the disk holding {_dir_of(url)} is full",
            "free disk space and run the command again; what was saved before is kept",
        )
    if "database is locked" in msg:
        return StoreError(
            url,
            "the database stayed locked by another mockloop process",
            "close the other mockloop windows or commands and retry",
        )
    if "disk i/o error" in msg:
        return StoreError(
            url,
            f"reading or writing the file in {_dir_of(url)} failed (disk I/O error)",
            "check the disk (free space, permissions, a removed drive) and retry",
        )
    return None


def _server_fault(url: str, msg: str) -> StoreError | None:
    missing = re.search(r'database "([^"]+)" does not exist', msg)
    if missing:
        name = missing.group(1)
        return StoreError(
            url,
            f"the server has no database named {name!r}",
            f"create it (`createdb {name}`) or check the database name in the URL",
        )
    if "password authentication failed" in msg or re.search(r'role "[^"]+" does not exist', msg):
        return StoreError(
            url, "the server refused the login", "check the user name and password in the URL"
        )
    if any(
        s in msg
        for s in (
            "connection refused",
            "could not connect",
            "connection failed",
            "timeout expired",
            "could not translate host name",
            "name or service not known",
            "no route to host",
        )
    ):
        return StoreError(
            url,
            "cannot connect to the database server",
            "start the server, or check the host and port in the URL",
        )
    if "no space left" in msg or "disk full" in msg:
        return StoreError(
            url, "the database server's disk is full", "free disk space on the server"
        )
    if "read-only transaction" in msg or "read only" in msg:
        return StoreError(url, "the database server is read-only", "connect to a writable server")
    return None


def classify(url: str, exc: BaseException) -> StoreError | None:
    """The user-facing error for a driver or OS fault, or None when it is a program bug (a
    constraint violation, a syntax error) that must surface as itself."""
    if isinstance(exc, StoreError):
        return exc
    if isinstance(exc, OSError):
        return os_fault(url, exc)
    msg = " ".join(str(exc).split()).lower()
    return _sqlite_fault(url, msg) or _server_fault(url, msg)


def os_fault(url: str, exc: OSError) -> StoreError:
    if exc.errno in (errno.ENOSPC, errno.EFBIG, errno.EDQUOT):
        return StoreError(
            url,
            f"the disk holding {_dir_of(url)} is full",
            "free disk space and run the command again; what was saved before is kept",
        )
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return StoreError(
            url,
            f"cannot write in {_dir_of(url)} (read-only or missing permission)",
            "make that directory writable, or choose another one with --data-dir or --db",
        )
    return StoreError(
        url,
        f"cannot use {_dir_of(url)}: {exc.strerror or exc}",
        "check that the path exists and is a writable directory",
    )


class DamagedRow(StoreError):
    """A stored row that cannot be read back (edited by hand, written by a broken tool): named
    by its table, its key and what is wrong, so the rest of the database stays usable."""

    def __init__(self, database: str, table: str, key: str, detail: str) -> None:
        self.table, self.key, self.detail = table, key, detail
        super().__init__(
            database,
            f"{table} row {key} cannot be read: {detail}",
            "restore the database from a backup, or delete that row; other sessions are unaffected",
        )
