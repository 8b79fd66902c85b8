"""How many requests a server runs at once, when it says so.

llama.cpp's `llama-server` reports `total_slots` at GET /props and lists its slots at GET /slots
(outside the OpenAI API, at the server root). Sending more requests than it has slots only
queues them on the server, where the wait counts against each request's timeout. Other servers
(OpenAI, vLLM, Ollama) do not say; the caller picks a default.
"""

from __future__ import annotations

import json
import urllib.request
from typing import Any


def discover_slots(base_url: str, key: str | None = None) -> int | None:
    """Blocking (run it in a thread): a few small GETs, five seconds each at most."""
    root = base_url.rstrip("/").removesuffix("/v1")
    for path, read in (("/props", _from_props), ("/slots", _from_list)):
        found = read(_get_json(root + path, key))
        if found:
            return found
    return None


def _get_json(url: str, key: str | None) -> Any:
    """None on any fault: a server without these endpoints simply does not say."""
    headers = {"Authorization": f"Bearer {key}"} if key else {}
    req = urllib.request.Request(url, headers=headers)  # noqa: S310 - the configured server
    try:
        with urllib.request.urlopen(req, timeout=5.0) as resp:  # noqa: S310
            return json.loads(resp.read(1_000_000))
    except (OSError, ValueError):
        return None


def _from_props(body: Any) -> int | None:
    n = body.get("total_slots") if isinstance(body, dict) else None
    return n if isinstance(n, int) and n > 0 else None


def _from_list(body: Any) -> int | None:
    return len(body) if isinstance(body, list) and body else None
