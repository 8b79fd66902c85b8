"""The home screen's last choices (round, length, level, mode), kept between launches.

They live in a small JSON file in the data directory, not in the config file: the config is the
user's to edit, this is the app's own memory. A missing, unreadable or stale file (an option that
no longer exists) silently falls back to the defaults: forgetting a choice is never an error.
"""

from __future__ import annotations

import json
from pathlib import Path

STATE_FILE = "tui-state.json"


def state_path(data_dir: Path) -> Path:
    return data_dir / STATE_FILE


def load_choices(data_dir: Path) -> dict[str, str]:
    try:
        raw = json.loads(state_path(data_dir).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    choices = raw.get("choices") if isinstance(raw, dict) else None
    if not isinstance(choices, dict):
        return {}
    return {k: v for k, v in choices.items() if isinstance(k, str) and isinstance(v, str)}


def save_choices(data_dir: Path, choices: dict[str, str]) -> None:
    """Atomic (write a temp file, then rename), so a crash never leaves half a file."""
    path = state_path(data_dir)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps({"choices": choices}, indent=2), encoding="utf-8")
        tmp.replace(path)
    except OSError:
        return  # a read-only data dir: the choices are simply not remembered
