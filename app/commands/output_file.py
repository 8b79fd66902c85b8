"""Writing a report to the file the user named with `-o`.

Never over the database (a slip of the tab key names `mockloop.db` or any other SQLite file),
and a failure is one sentence naming the file, never a traceback.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from app.store.errors import sqlite_path

SQLITE_MAGIC = b"SQLite format 3\x00"
_SIDECARS = ("", "-wal", "-shm", "-journal")


def write_output(output: str, text: str, database_url: str) -> bool:
    """Write `text` to `output` and say so; False (after saying why on stderr) if it must not
    or cannot be written."""
    path = Path(output).expanduser()
    problem = _refusal(path, database_url)
    if problem is None:
        try:
            path.write_text(text, encoding="utf-8")
        except OSError as exc:
            problem = f"cannot write {path}: {exc.strerror or exc}"
    if problem is not None:
        print(f"mockloop: {problem}", file=sys.stderr)
        return False
    print(f"Wrote {output}")
    return True


def _refusal(path: Path, database_url: str) -> str | None:
    db = sqlite_path(database_url)
    if db is not None:
        target = path.resolve()
        if any(target == Path(f"{db}{suffix}").resolve() for suffix in _SIDECARS):
            return f"refusing to write over the database {path}; choose another file"
    try:
        with path.open("rb") as f:
            head = f.read(len(SQLITE_MAGIC))
    except OSError:
        return None  # no such file yet (or unreadable: the write says so)
    if head == SQLITE_MAGIC:
        return f"refusing to write over {path}: it is a SQLite database; choose another file"
    return None


def write_replacing(path: Path, text: str) -> None:
    """Write a file the app names itself (the terminal UI's exports): into a new file beside
    it, then renamed over the name, so a link or a second name planted there (`exports/x.json
    -> ../mockloop.db`) is replaced, never written through. Raises OSError."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        Path(tmp).replace(path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
