"""WAL checkpoints run off the writer's commit, on a real SQLite file."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy import text

from app.store.checkpoint import checkpoint_if_large
from app.store.db import make_engine


def _fill_wal(db: Path, rows: int) -> sqlite3.Connection:
    """Write through the app's engine; the returned reader keeps the WAL from being folded in
    when the engine closes its last connection."""
    engine = make_engine(f"sqlite:///{db}")
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE blob (x TEXT)"))
    keeper = sqlite3.connect(db)
    keeper.execute("SELECT count(*) FROM blob").fetchone()
    for _ in range(rows):
        with engine.begin() as conn:
            conn.execute(text("INSERT INTO blob VALUES (:x)"), {"x": "y" * 4000})
    with engine.connect() as conn:
        assert conn.execute(text("PRAGMA wal_autocheckpoint")).scalar() == 0
    engine.dispose()
    return keeper


def test_app_commits_leave_the_wal_to_the_checkpointer(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    keeper = _fill_wal(db, 400)  # ~1.6 MB of WAL: past SQLite's own 1,000-page checkpoint
    wal = db.with_name("s.db-wal")
    try:
        assert wal.stat().st_size > 1 << 20
        assert checkpoint_if_large(db, limit=1 << 20)
        busy, log, done = keeper.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
        assert (busy, log - done) == (0, 0)
        assert keeper.execute("SELECT count(*) FROM blob").fetchone() == (400,)
        assert not checkpoint_if_large(db, limit=1 << 30)
    finally:
        keeper.close()


def test_a_removed_database_is_never_created_again(tmp_path: Path) -> None:
    db = tmp_path / "gone.db"
    db.with_name("gone.db-wal").write_bytes(b"x" * 64)
    assert not checkpoint_if_large(db, limit=0)
    assert not db.exists()
