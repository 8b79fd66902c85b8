"""One writer per session: a lease row per session, taken before writing and kept alive by
heartbeats.

Every operation is a single statement whose WHERE clause is the check (insert into a primary key;
update or delete where the token still matches), so two processes can never both believe they
hold a session. Time is passed in by the caller (the session's injected clock), never read here.

A lease counts as expired when `expires_at` has passed, or when its owner is a process on this
host that no longer exists (a crash or SIGKILL: waiting out its lease would serve no one). Only an
expired lease can be taken over, and only by an explicit `take_over`.
"""

from __future__ import annotations

import os
import socket
import uuid
from dataclasses import asdict
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, insert, select, update
from sqlalchemy.engine import Engine, RowMapping
from sqlalchemy.exc import IntegrityError

from app.store.errors import LeaseInfo, LeaseLost, SessionBusy
from app.store.tables import SessionLeaseRow

LEASE_TTL = timedelta(seconds=30)
"""How long a lease outlives its last heartbeat. Heartbeat every third of it."""

_LEASES = SessionLeaseRow.__table__  # type: ignore[attr-defined]


def owner_label() -> str:
    """host:pid of this process, what another writer is told holds the session."""
    return f"{socket.gethostname()}:{os.getpid()}"


def _aware(dt: datetime) -> datetime:
    return dt if dt.tzinfo is not None else dt.replace(tzinfo=UTC)


def _info(row: RowMapping) -> LeaseInfo:
    return LeaseInfo(
        session_id=row["session_id"],
        owner=row["owner"],
        token=row["token"],
        acquired_at=_aware(row["acquired_at"]),
        heartbeat_at=_aware(row["heartbeat_at"]),
        expires_at=_aware(row["expires_at"]),
    )


def _local_owner_gone(owner: str) -> bool:
    host, _, pid = owner.rpartition(":")
    if host != socket.gethostname() or not pid.isdigit() or int(pid) == os.getpid():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:  # alive, another user's
        return False
    return False


def owner_gone(lease: LeaseInfo) -> bool:
    """The holder was a process on this host that no longer exists: nobody is writing."""
    return _local_owner_gone(lease.owner)


def is_expired(lease: LeaseInfo, now: datetime) -> bool:
    return lease.expires_at <= now or _local_owner_gone(lease.owner)


def holder(engine: Engine, session_id: str) -> LeaseInfo | None:
    with engine.connect() as conn:
        row = (
            conn.execute(select(_LEASES).where(_LEASES.c.session_id == session_id))
            .mappings()
            .first()
        )
    return None if row is None else _info(row)


def _busy(engine: Engine, lease: LeaseInfo, now: datetime) -> SessionBusy:
    return SessionBusy(str(engine.url), lease, now, expired=is_expired(lease, now))


def _new(session_id: str, owner: str, now: datetime, ttl: timedelta) -> LeaseInfo:
    return LeaseInfo(session_id, owner, uuid.uuid4().hex, now, now, now + ttl)


def acquire(
    engine: Engine, session_id: str, owner: str, now: datetime, ttl: timedelta = LEASE_TTL
) -> LeaseInfo:
    """Take the session's lease, or raise `SessionBusy` naming who holds it and since when.

    The same owner asking again (one process reopening its session) gets its lease renewed.
    """
    lease = _new(session_id, owner, now, ttl)
    try:
        with engine.begin() as conn:
            conn.execute(insert(_LEASES).values(**asdict(lease)))
        return lease
    except IntegrityError:
        pass
    current = holder(engine, session_id)
    if current is None:  # released in between: try once more
        return acquire(engine, session_id, owner, now, ttl)
    if current.owner == owner:
        return heartbeat(engine, current, now, ttl)
    raise _busy(engine, current, now)


def take_over(
    engine: Engine, session_id: str, owner: str, now: datetime, ttl: timedelta = LEASE_TTL
) -> LeaseInfo:
    """Take an expired lease over (the old writer stopped); a live one raises `SessionBusy`."""
    current = holder(engine, session_id)
    if current is None:
        return acquire(engine, session_id, owner, now, ttl)
    if not is_expired(current, now):
        raise _busy(engine, current, now)
    lease = _new(session_id, owner, now, ttl)
    with engine.begin() as conn:
        moved = conn.execute(
            update(_LEASES)
            .where(_LEASES.c.session_id == session_id, _LEASES.c.token == current.token)
            .values(
                owner=owner,
                token=lease.token,
                acquired_at=now,
                heartbeat_at=now,
                expires_at=lease.expires_at,
            )
        ).rowcount
    if moved != 1:  # another process took it over first
        latest = holder(engine, session_id)
        if latest is None:
            return acquire(engine, session_id, owner, now, ttl)
        raise _busy(engine, latest, now)
    return lease


def heartbeat(
    engine: Engine, lease: LeaseInfo, now: datetime, ttl: timedelta = LEASE_TTL
) -> LeaseInfo:
    """Push our lease's expiry forward; `LeaseLost` if it was taken over or released."""
    expires = now + ttl
    with engine.begin() as conn:
        kept = conn.execute(
            update(_LEASES)
            .where(_LEASES.c.session_id == lease.session_id, _LEASES.c.token == lease.token)
            .values(heartbeat_at=now, expires_at=expires)
        ).rowcount
    if kept != 1:
        raise LeaseLost(str(engine.url), lease.session_id, lease.owner)
    return LeaseInfo(lease.session_id, lease.owner, lease.token, lease.acquired_at, now, expires)


def release(engine: Engine, lease: LeaseInfo) -> None:
    """Give the session up. Releasing a lease that was already taken over changes nothing."""
    with engine.begin() as conn:
        conn.execute(
            delete(_LEASES).where(
                _LEASES.c.session_id == lease.session_id, _LEASES.c.token == lease.token
            )
        )
