"""A session's printed transcript, saved once it is rendered: `mockloop show` of a session that
has not changed since prints the saved text instead of importing pydantic and the renderer
(~0.25 s of a 0.4 s command). The session is rendered and saved when it finishes, so even the
first `show` of it is quick.

A saved rendering is used only when it was made for the same thing: the key covers the
session's stamp (app/store/quick_stamp.py: its row, and its turns, assessments and criterion
scores by count and newest id), the bank and rubric files and the code that reads them, the
renderer's own code, and the mockloop and Python versions. Any change is a miss, and the
command renders as before and saves again. The file format is the bank cache's (magic line,
key, SHA-256 of the payload): a damaged or foreign file is a miss, never trusted. This module
imports neither pydantic nor the store's SQLAlchemy side: only the stamp and the file.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from app.bank.cache_file import cache_key, read_payload, write_payload
from app.store.quick_stamp import Stamp, session_stamp

if TYPE_CHECKING:
    from app.report.render import ReportBank

MAGIC = b"mockloop-report/1\n"
REPORT_CODE = Path(__file__).resolve().parent
_SAFE_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")


class Saved(NamedTuple):
    """Where a session's rendering is (or would be) saved, and the text when it is current."""

    path: Path
    key: str
    text: str | None


def _key(stamp: Stamp, bank_dir: Path, rubrics_dir: Path) -> str:
    bank = cache_key(bank_dir, rubrics_dir, REPORT_CODE)
    return hashlib.sha256(f"{bank}\0{stamp.session_id}\0{stamp.stamp}".encode()).hexdigest()


def lookup(
    url: str, prefix: str, bank_dir: Path, rubrics_dir: Path, cache_dir: Path
) -> Saved | str | None:
    """The saved rendering of the session `prefix` names (its `text` None when there is none
    yet, or it is out of date); a message (str) when no single session matches; None when
    this database cannot be stamped cheaply (PostgreSQL, an unknown schema)."""
    found = session_stamp(url, prefix)
    if found is None or isinstance(found, str):
        return found
    if _SAFE_ID.fullmatch(found.session_id) is None:
        return None  # not a name to build a path from
    path = cache_dir / "reports" / f"{found.session_id}.md"
    key = _key(found, bank_dir, rubrics_dir)
    payload = read_payload(path, key, MAGIC)
    if payload is None:
        return Saved(path, key, None)
    try:
        return Saved(path, key, payload.decode("utf-8"))
    except UnicodeDecodeError:
        return Saved(path, key, None)


def save(saved: Saved, text: str) -> None:
    """Best effort: a rendering that cannot be saved is rendered again next time."""
    write_payload(saved.path, saved.key, text.encode("utf-8"), MAGIC)


def report_bank(bank_dir: Path, rubrics_dir: Path, cache_dir: Path) -> ReportBank | None:
    """What the printed report reads from the bank: from the bank cache's JSON when it is
    current (no bank models to build), else from the bank itself (which writes the cache);
    None when the bank does not validate (the transcript prints without its names)."""
    from app.bank import BankValidationError
    from app.bank.report_index import cached_report_index

    index = cached_report_index(bank_dir, rubrics_dir, cache_dir)
    if index is not None:
        return index
    from app.bank.cache import load_bank_cached

    try:
        return load_bank_cached(bank_dir, rubrics_dir, cache_dir)
    except BankValidationError:
        return None
