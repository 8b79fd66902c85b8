"""The bank cache's file format and key, with no pydantic: app/bank/cache.py validates the
payload into a `Bank`; app/bank/question_index.py reads the few fields practice needs from it.
The same format (another magic line) keeps saved report renderings (app/report/saved.py)."""

from __future__ import annotations

import hashlib
import os
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path

from app import __version__

MAGIC = b"mockloop-bank-cache/1\n"
CACHE_NAME = "bank.json"
_CODE_DIRS = (Path(__file__).resolve().parent, Path(__file__).resolve().parents[1] / "domain")


def _entries(root: str) -> Iterable[str]:
    """(relative path, size, mtime, ctime, inode) of every file under `root`, in a stable order;
    os.scandir keeps this to a few milliseconds for a bank of a few hundred files. The ctime and
    inode catch an edit that keeps the size and puts the mtime back (`touch -r`, `cp -p`,
    an editor that preserves timestamps): no program can set a file's ctime."""
    out: list[str] = []
    stack = [""]
    while stack:
        rel = stack.pop()
        try:
            with os.scandir(f"{root}/{rel}") as it:
                for entry in it:
                    name = f"{rel}/{entry.name}"
                    if entry.is_dir(follow_symlinks=True):
                        if entry.name != "__pycache__":
                            stack.append(name)
                    elif entry.is_file(follow_symlinks=True):
                        st = entry.stat(follow_symlinks=True)
                        out.append(
                            f"{name}\0{st.st_size}\0{st.st_mtime_ns}\0{st.st_ctime_ns}\0{st.st_ino}"
                        )
        except OSError:
            out.append(f"{rel}\0unreadable")
    return sorted(out)


def cache_key(bank_dir: Path, rubrics_dir: Path, *more: Path) -> str:
    """A digest of every input of `load_bank` (files' paths, sizes, mtimes, ctimes and inodes,
    and versions), and of the files under `more` (the code of whatever else is cached from the
    bank)."""
    h = hashlib.sha256(f"{__version__}\0{sys.version}\0".encode())
    for root in (bank_dir, rubrics_dir, *_CODE_DIRS, *more):
        top = str(root.absolute())
        h.update(f"\0root {top}\0".encode())
        for line in _entries(top):
            h.update(line.encode("utf-8", "surrogateescape") + b"\0")
    return h.hexdigest()


def read_payload(path: Path, key: str, magic: bytes = MAGIC) -> bytes | None:
    """The cache file's payload (the bank as JSON) when the file is intact and made for `key`;
    None otherwise."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    header = len(magic) + 64 + 1 + 64 + 1
    if not data.startswith(magic) or len(data) <= header:
        return None
    stored_key = data[len(magic) : len(magic) + 64].decode("ascii", "replace")
    digest = data[len(magic) + 65 : header - 1].decode("ascii", "replace")
    payload = data[header:]
    if stored_key != key or hashlib.sha256(payload).hexdigest() != digest:
        return None
    return payload


def write_payload(path: Path, key: str, payload: bytes, magic: bytes = MAGIC) -> None:
    """Best effort: a cache that cannot be written only costs the next run its work. Written
    to a temporary file renamed into place, so a crash or a second process never leaves half
    a file behind."""
    blob = magic + key.encode() + b"\n" + hashlib.sha256(payload).hexdigest().encode() + b"\n"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".cache-", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(blob + payload)
            Path(tmp).replace(path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError:
        return
