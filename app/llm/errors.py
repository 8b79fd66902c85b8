"""Errors raised by the LLM layer, and the scrubbing that keeps secrets out of them.

Every message in these exceptions may be shown to the user, written to the database or exported,
so each one is built from text that went through `scrub` first.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_KEY_LIKE = re.compile(r"\b(sk|rk|pk|sess)-[A-Za-z0-9_\-]{6,}")
_BEARER = re.compile(r"(?i)\b(bearer)\s+[^\s\"',]+")
_KEY_PARAM = re.compile(
    r"(?i)\b(api[_-]?key|authorization|token)([\"']?\s*[:=]\s*[\"']?)[^\s\"',&]+"
)


def scrub(text: str, secrets: Iterable[str] = ()) -> str:
    """Remove configured secrets and anything shaped like an API key or bearer token."""
    for secret in secrets:
        if secret and len(secret) >= 4:
            text = text.replace(secret, "***")
    text = _KEY_LIKE.sub(lambda m: f"{m.group(1)}-***", text)
    text = _BEARER.sub(lambda m: f"{m.group(1)} ***", text)
    return _KEY_PARAM.sub(lambda m: f"{m.group(1)}{m.group(2)}***", text)


class LLMError(Exception):
    """Base of every LLM-layer failure. The message is already scrubbed and one line long."""


class LLMCallFailed(LLMError):
    """The server did not produce a usable reply (after retries, when retrying made sense)."""

    def __init__(self, message: str, *, status: int | None = None, attempts: int = 1) -> None:
        super().__init__(message)
        self.status = status
        self.attempts = attempts


class LLMUnavailable(LLMCallFailed):
    """Retryable faults (429, 5xx, timeouts, resets) outlasted the retry budget, or never could
    succeed (auth, quota): the caller degrades to offline behaviour."""


class CapabilityUnsupported(LLMCallFailed):
    """The server rejected a feature (json_schema or json_object): step down to a lesser one."""

    def __init__(self, message: str, *, feature: str, status: int | None = 400) -> None:
        super().__init__(message, status=status)
        self.feature = feature


class StreamInterrupted(LLMCallFailed):
    """The stream broke after text reached the user; a retry would repeat or contradict it."""


class LLMRefused(LLMError):
    """The model declined to answer (an OpenAI `refusal`)."""


class LLMOutputInvalid(LLMError):
    """The reply could not be parsed or validated, even after the one repair retry."""
