"""The validated bank, kept between runs: parsing and validating every YAML file costs
100-140 ms on each start, for a bank that changes only when someone edits it.

The cache file is keyed by the path, size and mtime of every file under the bank and rubric
folders and of the code that validates them (this package and the domain models), plus the
mockloop and Python versions: any change to any of them is a miss and a full `load_bank`.
Only a bank that validated is written, so a bank error is reported on every start.

A cache file is never trusted: it must start with this format's magic, carry the current key and
a SHA-256 of its payload that matches, and its payload (JSON, not pickle: reading it can never
run code) must validate as a `Bank`; anything else (truncated, flipped bits, another version's
file, garbage) is ignored and replaced. Writes go to a temporary
file renamed into place, so a crash or a second process never leaves half a file behind.
"""

from __future__ import annotations

import hashlib
import os
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path

from app import __version__
from app.domain.bank import Bank

MAGIC = b"mockloop-bank-cache/1\n"
CACHE_NAME = "bank.json"
_CODE_DIRS = (Path(__file__).resolve().parent, Path(__file__).resolve().parents[1] / "domain")


def _entries(root: str) -> Iterable[str]:
    """(relative path, size, mtime) of every file under `root`, in a stable order; os.scandir
    keeps this to a few milliseconds for a bank of a few hundred files."""
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
                        out.append(f"{name}\0{st.st_size}\0{st.st_mtime_ns}")
        except OSError:
            out.append(f"{rel}\0unreadable")
    return sorted(out)


def cache_key(bank_dir: Path, rubrics_dir: Path) -> str:
    """A digest of every input of `load_bank`: files' paths, sizes and mtimes, and versions."""
    h = hashlib.sha256(f"{__version__}\0{sys.version}\0".encode())
    for root in (bank_dir, rubrics_dir, *_CODE_DIRS):
        top = str(root.absolute())
        h.update(f"\0root {top}\0".encode())
        for line in _entries(top):
            h.update(line.encode("utf-8", "surrogateescape") + b"\0")
    return h.hexdigest()


def read_cached(path: Path, key: str) -> Bank | None:
    """The cached bank when the file is intact and made for `key`; None otherwise."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    header = len(MAGIC) + 64 + 1 + 64 + 1
    if not data.startswith(MAGIC) or len(data) <= header:
        return None
    stored_key = data[len(MAGIC) : len(MAGIC) + 64].decode("ascii", "replace")
    digest = data[len(MAGIC) + 65 : header - 1].decode("ascii", "replace")
    payload = data[header:]
    if stored_key != key or hashlib.sha256(payload).hexdigest() != digest:
        return None
    try:
        return Bank.model_validate_json(payload)
    except ValueError:  # pydantic's ValidationError included: a miss
        return None


def write_cached(path: Path, key: str, bank: Bank) -> None:
    """Best effort: a cache that cannot be written only costs the next start its parse."""
    payload = bank.model_dump_json().encode("utf-8")
    blob = MAGIC + key.encode() + b"\n" + hashlib.sha256(payload).hexdigest().encode() + b"\n"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".bank-", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(blob + payload)
            Path(tmp).replace(path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError:
        return


def load_bank_cached(bank_dir: Path, rubrics_dir: Path, cache_dir: Path | None) -> Bank:
    """`load_bank`, through the cache in `cache_dir` (None: no cache). Raises what `load_bank`
    raises (a `BankValidationError` naming file, line and field) on an invalid bank."""
    from app.bank.loader import load_bank

    if cache_dir is None:
        return load_bank(bank_dir, rubrics_dir)
    key = cache_key(bank_dir, rubrics_dir)
    path = cache_dir / CACHE_NAME
    cached = read_cached(path, key)
    if cached is not None:
        return cached
    bank = load_bank(bank_dir, rubrics_dir)
    write_cached(path, key, bank)
    return bank
