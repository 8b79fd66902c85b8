"""The validated bank, kept between runs: parsing and validating every YAML file costs
100-140 ms on each start, for a bank that changes only when someone edits it.

The cache file is keyed by the path, size, mtime, ctime and inode of every file under the bank
and rubric folders and of the code that validates them (this package and the domain models),
plus the mockloop and Python versions: any change to any of them is a miss and a full `load_bank`.
Only a bank that validated is written, so a bank error is reported on every start.

A cache file is never trusted: it must start with this format's magic, carry the current key and
a SHA-256 of its payload that matches, and its payload (JSON, not pickle: reading it can never
run code) must validate as a `Bank`; anything else (truncated, flipped bits, another version's
file, garbage) is ignored and replaced. Writes go to a temporary
file renamed into place, so a crash or a second process never leaves half a file behind.
"""

from __future__ import annotations

from pathlib import Path

from app.bank.cache_file import CACHE_NAME, MAGIC, cache_key, read_payload, write_payload
from app.domain.bank import Bank

__all__ = ["CACHE_NAME", "MAGIC", "cache_key", "load_bank_cached", "read_cached", "write_cached"]


def read_cached(path: Path, key: str) -> Bank | None:
    """The cached bank when the file is intact and made for `key`; None otherwise."""
    payload = read_payload(path, key)
    if payload is None:
        return None
    try:
        return Bank.model_validate_json(payload)
    except ValueError:  # pydantic's ValidationError included: a miss
        return None


def write_cached(path: Path, key: str, bank: Bank) -> None:
    """Best effort: a cache that cannot be written only costs the next start its parse."""
    write_payload(path, key, bank.model_dump_json().encode("utf-8"))


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
