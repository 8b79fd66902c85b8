"""One writer per session: the session builder takes the store's lease and keeps it alive.

The lease is about real processes, so it runs on the wall clock even when an `--answers` replay
runs the interview on a simulated one. A holder that crashed on this machine is taken over at
once (nobody is writing); any other expired holder only with an explicit take-over.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Callable
from datetime import UTC, datetime

from app.store.errors import LeaseInfo, LeaseLost, SessionBusy
from app.store.lease import LEASE_TTL, owner_gone, owner_label
from app.store.repository import Repository

log = logging.getLogger(__name__)
Wall = Callable[[], datetime]


def _utc_now() -> datetime:
    return datetime.now(UTC)


class LeaseKeeper:
    """Holds a session's lease: a heartbeat every third of its lifetime, released on close."""

    def __init__(self, repo: Repository, lease: LeaseInfo, wall: Wall = _utc_now) -> None:
        self._repo = repo
        self._lease = lease
        self._wall = wall
        self._stop = threading.Event()
        self.lost = False
        self._elapsed: Callable[[], float | None] = lambda: None
        self._thread = threading.Thread(target=self._beat, name="session lease", daemon=True)
        self._thread.start()

    @classmethod
    def take(
        cls, repo: Repository, session_id: str, *, take_over: bool, wall: Wall = _utc_now
    ) -> LeaseKeeper:
        owner = owner_label()
        try:
            lease = repo.acquire_lease(session_id, owner, wall())
        except SessionBusy as busy:
            if not (busy.expired and (take_over or owner_gone(busy.holder))):
                raise
            lease = repo.take_over_lease(session_id, owner, wall())
        return cls(repo, lease, wall)

    def keep_time(self, elapsed: Callable[[], float | None]) -> None:
        """Record the session's interview time (None: nothing to record, it is over) with
        every beat and on close, so a quit or a crash mid-answer loses at most one beat of it."""
        self._elapsed = elapsed

    def _record_time(self) -> None:
        spent = self._elapsed()
        if spent is not None:
            self._repo.record_elapsed(self._lease.session_id, spent)

    def _beat(self) -> None:
        interval = LEASE_TTL.total_seconds() / 3
        while not self._stop.wait(interval):
            try:
                self._lease = self._repo.heartbeat_lease(self._lease, self._wall())
                self._record_time()
            except LeaseLost:
                self.lost = True
                log.warning("session %s was taken over by another writer", self._lease.session_id)
                return
            except Exception:  # a missed beat is retried; the lease outlives two of them
                log.exception("lease heartbeat failed")

    def close(self) -> None:
        """Idempotent: the app closes its sessions on quit and again when it unmounts."""
        if self._stop.is_set():
            return
        self._stop.set()
        self._thread.join(timeout=5)
        if not self.lost:
            with contextlib.suppress(Exception):  # the turns hold all but the typing time
                self._record_time()
            with contextlib.suppress(Exception):  # an expired lease is simply taken later
                self._repo.release_lease(self._lease)
