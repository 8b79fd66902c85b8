"""One writer per session: acquire, heartbeat, release and explicit takeover of an expired lease,
with time passed in; a second real process is refused and told who holds the session."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from app.domain.enums import Mode, RoundKind
from app.domain.transcript import RoundPlan, SessionPlan
from app.store.errors import LeaseLost, SessionBusy, StoreError
from app.store.lease import LEASE_TTL, owner_label
from app.store.repository import Repository

ROOT = Path(__file__).resolve().parents[2]
T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
TTL = timedelta(seconds=30)
PLAN = SessionPlan(rounds=[RoundPlan(kind=RoundKind.FUNDAMENTALS, minutes=5, question_ids=["q"])])


def _session(repo: Repository, sid: str = "sess-1") -> str:
    repo.create_session(sid, PLAN, mode=Mode.OFFLINE, interviewer_model=None, judge_model=None)
    return sid


def test_a_second_writer_is_refused_with_who_holds_it_and_since_when(store: Repository) -> None:
    sid = _session(store)
    mine = store.acquire_lease(sid, "laptop:100", T0, TTL)
    with pytest.raises(SessionBusy) as info:
        store.acquire_lease(sid, "laptop:200", T0 + timedelta(seconds=5), TTL)
    busy = info.value
    assert isinstance(busy, StoreError)
    assert busy.holder.owner == "laptop:100"
    assert busy.holder.acquired_at == T0
    assert not busy.expired
    assert "laptop:100" in str(busy) and "2026-03-01 09:00:00 UTC" in str(busy)
    assert store.lease_holder(sid) == mine


def test_the_same_owner_reacquiring_renews_its_lease(store: Repository) -> None:
    sid = _session(store)
    first = store.acquire_lease(sid, "laptop:100", T0, TTL)
    again = store.acquire_lease(sid, "laptop:100", T0 + timedelta(seconds=10), TTL)
    assert again.token == first.token
    assert again.expires_at == T0 + timedelta(seconds=40)


def test_heartbeats_keep_the_lease_alive_past_its_first_expiry(store: Repository) -> None:
    sid = _session(store)
    lease = store.acquire_lease(sid, "laptop:100", T0, TTL)
    for step in range(1, 6):  # 50 s of heartbeats every 10 s, longer than one TTL
        lease = store.heartbeat_lease(lease, T0 + timedelta(seconds=10 * step), TTL)
    later = T0 + timedelta(seconds=55)
    with pytest.raises(SessionBusy) as info:
        store.take_over_lease(sid, "laptop:200", later, TTL)
    assert not info.value.expired
    assert info.value.holder.heartbeat_at == T0 + timedelta(seconds=50)


def test_takeover_only_once_expired_and_the_old_writer_learns_it_lost(store: Repository) -> None:
    sid = _session(store)
    old = store.acquire_lease(sid, "laptop:100", T0, TTL)
    with pytest.raises(SessionBusy):
        store.take_over_lease(sid, "laptop:200", T0 + timedelta(seconds=29), TTL)
    # Expired but not taken over: acquire still refuses, and says a takeover is possible.
    with pytest.raises(SessionBusy) as info:
        store.acquire_lease(sid, "laptop:200", T0 + timedelta(seconds=31), TTL)
    assert info.value.expired and "take the session over" in str(info.value)
    new = store.take_over_lease(sid, "laptop:200", T0 + timedelta(seconds=31), TTL)
    assert new.owner == "laptop:200" and new.token != old.token
    with pytest.raises(LeaseLost):
        store.heartbeat_lease(old, T0 + timedelta(seconds=32), TTL)
    store.release_lease(old)  # a stale release must not free the new writer's lease
    assert store.lease_holder(sid) == new
    store.release_lease(new)
    assert store.lease_holder(sid) is None
    assert store.acquire_lease(sid, "laptop:300", T0 + timedelta(seconds=40), TTL).owner == (
        "laptop:300"
    )


def test_leases_of_different_sessions_are_independent(store: Repository) -> None:
    a, b = _session(store, "a"), _session(store, "b")
    store.acquire_lease(a, "laptop:1", T0, TTL)
    assert store.acquire_lease(b, "laptop:2", T0, TTL).session_id == b


_CHILD = """
import json, sys
from datetime import datetime
from app.store.db import make_engine
from app.store.errors import SessionBusy
from app.store.lease import owner_label
from app.store.repository import Repository
url, sid, action, now = sys.argv[1:5]
repo = Repository(make_engine(url))
now = datetime.fromisoformat(now)
try:
    fn = repo.take_over_lease if action == "take_over" else repo.acquire_lease
    lease = fn(sid, owner_label(), now)
except SessionBusy as exc:
    print(json.dumps({"busy": str(exc), "owner": exc.holder.owner, "expired": exc.expired}))
    sys.exit(3)
print(json.dumps({"owner": lease.owner}))
"""


def _child(url: str, sid: str, action: str, now: datetime) -> tuple[int, dict[str, object]]:
    proc = subprocess.run(
        [sys.executable, "-c", _CHILD, url, sid, action, now.isoformat()],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert proc.stderr == "", proc.stderr
    return proc.returncode, json.loads(proc.stdout)


@pytest.mark.slow
def test_a_second_real_process_is_refused_then_succeeds_once_released(
    store: Repository, store_url: str
) -> None:
    sid = _session(store)
    now = datetime.now(UTC)
    mine = store.acquire_lease(sid, owner_label(), now)
    code, out = _child(store_url, sid, "acquire", now)
    assert code == 3
    assert out["owner"] == owner_label() and not out["expired"]
    assert f"is being written by {owner_label()} since" in str(out["busy"])
    code, out = _child(store_url, sid, "take_over", now)  # alive and fresh: no takeover
    assert code == 3
    store.release_lease(mine)
    code, out = _child(store_url, sid, "acquire", now)
    assert code == 0 and out["owner"] != owner_label()


@pytest.mark.slow
def test_a_lease_left_by_a_dead_process_on_this_host_can_be_taken_over_at_once(
    store: Repository, store_url: str
) -> None:
    sid = _session(store)
    now = datetime.now(UTC)
    code, _out = _child(store_url, sid, "acquire", now)  # the child exits holding the lease
    assert code == 0
    with pytest.raises(SessionBusy) as info:
        store.acquire_lease(sid, owner_label(), now + timedelta(seconds=1))
    assert info.value.expired  # its owner is gone, though the lease has time left
    assert info.value.holder.expires_at == now + LEASE_TTL
    taken = store.take_over_lease(sid, owner_label(), now + timedelta(seconds=1))
    assert taken.owner == owner_label()
