"""Real faulty databases for the CLI error tests: read-only directories, a full disk, damaged and
foreign files. As root (CI) a small tmpfs is mounted, then filled or remounted read-only; as
another user the directory is made read-only and the file size is limited (RLIMIT_FSIZE) for
the child process instead."""

from __future__ import annotations

import contextlib
import os
import resource
import shutil
import signal
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from app.domain.enums import Mode, RoundKind
from app.domain.transcript import RoundPlan, SessionPlan
from app.store.db import make_engine
from app.store.repository import Repository

IS_ROOT = os.geteuid() == 0


def _mount(args: list[str]) -> None:
    subprocess.run(["mount", *args], check=True, capture_output=True, timeout=30)


@contextlib.contextmanager
def tmpfs(path: Path, size_kb: int) -> Iterator[Path]:
    path.mkdir(parents=True, exist_ok=True)
    try:
        _mount(["-t", "tmpfs", "-o", f"size={size_kb}k,mode=0755", "tmpfs", str(path)])
    except (OSError, subprocess.CalledProcessError) as exc:
        pytest.skip(f"cannot mount a tmpfs as root here ({exc}); needed to make a real fault")
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], capture_output=True, timeout=30)


def seed_database(data_dir: Path) -> str:
    """A database with one session; returns its id. Closed cleanly, so no -wal/-shm remain."""
    engine = make_engine(f"sqlite:///{data_dir / 'mockloop.db'}")
    plan = SessionPlan(
        rounds=[RoundPlan(kind=RoundKind.FUNDAMENTALS, minutes=5, question_ids=["q"])]
    )
    Repository(engine).create_session(
        "0123abcd-seeded", plan, mode=Mode.OFFLINE, interviewer_model=None, judge_model=None
    )
    engine.dispose()
    return "0123abcd-seeded"


@contextlib.contextmanager
def read_only_dir(path: Path, *, seeded: bool) -> Iterator[Path]:
    """A data directory nobody may write to, optionally holding a database already."""
    if IS_ROOT:
        with tmpfs(path, 4096):
            if seeded:
                seed_database(path)
            _mount(["-o", "remount,ro", str(path)])
            yield path
        return
    path.mkdir(parents=True, exist_ok=True)
    if seeded:
        seed_database(path)
    path.chmod(0o555)
    try:
        yield path
    finally:
        path.chmod(0o755)


@contextlib.contextmanager
def full_disk(path: Path) -> Iterator[tuple[Path, Callable[[], None] | None]]:
    """A data directory with a migrated database and almost no room left: (dir, preexec)."""
    if IS_ROOT:
        with tmpfs(path, 400):
            seed_database(path)
            free = shutil.disk_usage(path).free
            with (path / "filler").open("wb") as f:
                f.write(b"\0" * max(0, free - 32 * 1024))
            yield path, None
        return
    path.mkdir(parents=True, exist_ok=True)
    seed_database(path)
    limit = (path / "mockloop.db").stat().st_size + 8 * 1024

    def limit_file_size() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    yield path, limit_file_size


def damage(db: Path) -> None:
    """Overwrite every page after the header page: the file still opens as SQLite, but every
    table read finds a malformed b-tree page."""
    size = db.stat().st_size
    with db.open("r+b") as f:
        f.seek(4096)
        f.write(bytes([0x55]) * (size - 4096))
