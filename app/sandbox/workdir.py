"""A fresh, empty directory per run holding only the files the child needs."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from app.domain.coding import CodingSpec, Suite

SOLUTION_FILE = "solution.py"
REFERENCE_FILE = "reference.py"
PREFIX = "mockloop-sbx-"
STALE_AFTER_S = 24 * 3600


def tests_module(suite: Suite) -> str:
    return f"tests_{suite.value}"


def make_workdir(owner: tuple[int, int] | None) -> Path:
    """Owned by the sandbox uid when we can switch to it, so the child can write only here."""
    path = Path(tempfile.mkdtemp(prefix=PREFIX))
    if owner is not None:
        os.chown(path, *owner)
    return path


def write_files(
    path: Path, spec: CodingSpec, code: str, suite: Suite, owner: tuple[int, int] | None
) -> None:
    files = {
        **spec.support_files,
        SOLUTION_FILE: code,
        REFERENCE_FILE: spec.reference,
        f"{tests_module(suite)}.py": spec.tests_source(suite),
    }
    for name, text in files.items():
        target = path / name
        target.write_text(text, encoding="utf-8")
        if owner is not None:
            os.chown(target, *owner)


def remove_workdir(path: Path) -> None:
    shutil.rmtree(path, ignore_errors=True)


def sweep_stale(now: float, older_than_s: float = STALE_AFTER_S) -> int:
    """Remove work dirs left by an app that was killed before it could clean up (its children
    died with it). Only ours (the prefix) and only old ones, so a session running in another
    terminal never loses its directory. Returns how many were removed."""
    removed = 0
    root = Path(tempfile.gettempdir())
    for path in root.glob(f"{PREFIX}*"):
        try:
            if not path.is_dir() or path.is_symlink() or now - path.stat().st_mtime < older_than_s:
                continue
        except OSError:
            continue
        remove_workdir(path)
        removed += not path.exists()
    return removed
