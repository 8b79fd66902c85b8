"""The speed a server showed in earlier runs, kept in the data dir's cache.

Every `mockloop run` and every TUI session starts a new client, and a meter that starts from a
guess sets the first call's deadlines from the guess: on the real 1.5B model (5-13 prompt tokens
a second on a busy 2-core machine) the first turn of a session timed out waiting for its first
token against a guess of 60, and the turn fell back to the authored line. So the meter's recent
measurements are saved per server, and a new client starts from them when they are fresh.

Keyed by the server's address without credentials or query (scheme, host, port, path) and the
models in use. Best effort: a missing, damaged or foreign file is no memory, and a file that
cannot be written costs only the next run's first guess.
"""

from __future__ import annotations

import json
import os
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

FILE_NAME = "llm-speed.json"
FRESH_S = 7 * 24 * 3600.0  # older than this, the server may well have changed
MAX_SERVERS = 16
MAX_SAMPLES = 8


def server_key(base_url: str, models: Sequence[str]) -> str:
    u = urlparse(base_url)
    host = u.hostname or ""
    port = f":{u.port}" if u.port else ""
    return f"{u.scheme}://{host}{port}{u.path.rstrip('/')} {' '.join(sorted(set(models)))}"


def _samples(raw: Any) -> list[float]:
    if not isinstance(raw, list):
        return []
    return [float(x) for x in raw[-MAX_SAMPLES:] if isinstance(x, int | float) and x > 0]


class SpeedMemory:
    def __init__(self, path: Path, key: str) -> None:
        self.path = path
        self.key = key

    def _all(self) -> dict[str, Any]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def recall(self) -> tuple[list[float], list[float]]:
        """(prompt, generation) tokens-per-second samples from a recent run; empty when none."""
        entry = self._all().get(self.key)
        if not isinstance(entry, dict):
            return [], []
        at = entry.get("at")
        if not isinstance(at, int | float) or time.time() - at > FRESH_S:
            return [], []
        return _samples(entry.get("prompt")), _samples(entry.get("gen"))

    def remember(self, prompt: Sequence[float], gen: Sequence[float]) -> None:
        data = self._all()
        data.pop(self.key, None)
        data[self.key] = {"at": time.time(), "prompt": list(prompt), "gen": list(gen)}
        while len(data) > MAX_SERVERS:
            data.pop(next(iter(data)))
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".speed-", dir=self.path.parent)
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as out:
                    json.dump(data, out)
                Path(tmp).replace(self.path)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
        except OSError:
            return
