"""WAL checkpoints off the turn's path.

SQLite's automatic checkpoint runs inside whichever commit crosses 1,000 WAL pages, and with
`synchronous=NORMAL` that commit then pays the fsyncs of the checkpoint: 15-20 ms on this
machine's disk, the whole of `turn_overhead`'s p99. So the app's connections switch it off and one
daemon thread runs a PASSIVE checkpoint (it never blocks a writer or a reader) whenever a
database's WAL has grown past `WAL_LIMIT_BYTES`. Durability is unchanged: a commit is in the WAL
either way, and SQLite checkpoints a leftover WAL on the next open.
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from pathlib import Path

WAL_LIMIT_BYTES = 1 << 20
TICK_S = 0.5

_lock = threading.Lock()
_paths: dict[Path, int] = {}  # database file -> engines using it
_thread: threading.Thread | None = None


def register(path: Path) -> None:
    """Watch this database's WAL until `unregister` (one call per engine)."""
    global _thread
    with _lock:
        _paths[path] = _paths.get(path, 0) + 1
        if _thread is None or not _thread.is_alive():
            _thread = threading.Thread(target=_loop, name="mockloop-wal-checkpoint", daemon=True)
            _thread.start()


def unregister(path: Path) -> None:
    with _lock:
        left = _paths.get(path, 0) - 1
        if left > 0:
            _paths[path] = left
        else:
            _paths.pop(path, None)


def checkpoint_if_large(path: Path, limit: int = WAL_LIMIT_BYTES) -> bool:
    """One PASSIVE checkpoint when the WAL is over `limit`; False when nothing was done.

    Opened read-write without create, so a database removed meanwhile is never made anew."""
    wal = path.with_name(path.name + "-wal")
    try:
        if wal.stat().st_size <= limit:
            return False
        conn = sqlite3.connect(f"{path.as_uri()}?mode=rw", uri=True, timeout=0.1)
    except (OSError, sqlite3.Error):
        return False
    try:
        conn.execute("PRAGMA wal_checkpoint(PASSIVE)")
        return True
    except sqlite3.Error:
        return False
    finally:
        conn.close()


def _loop() -> None:
    global _thread
    stop = threading.Event()
    while not stop.wait(TICK_S):
        with _lock:
            paths = list(_paths)
            if not paths:
                _thread = None
                return
        for path in paths:
            with contextlib.suppress(Exception):
                checkpoint_if_large(path)
