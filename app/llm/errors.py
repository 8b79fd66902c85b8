"""Errors raised by the LLM layer, and the scrubbing that keeps secrets out of them.

Every message in these exceptions may be shown to the user, written to the database or exported,
so each one is built from text that went through `scrub` first.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

_KEY_LIKE = re.compile(r"\b(sk|rk|pk|sess)-[A-Za-z0-9_\-]{6,}")
_BEARER = re.compile(r"(?i)\b(bearer)\s+[^\s\"',]+")
_KEY_PARAM = re.compile(
    r"(?i)\b(api[_-]?key|authorization|token)([\"']?\s*[:=]\s*[\"']?)[^\s\"',&]+"
)


# A server may echo a key mangled: without its `sk-` prefix, upper-cased, cut short, or as a
# fragment inside other text. Any run of at least this many characters of a secret goes.
MIN_SECRET_SLICE = 12
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


@lru_cache(maxsize=8)
def _slices(secret: str) -> frozenset[str]:
    low = secret.translate(_ASCII_LOWER)
    n = MIN_SECRET_SLICE
    return frozenset(low[i : i + n] for i in range(len(low) - n + 1))


def _unprefixed(secret: str) -> list[str]:
    """The secret with its leading `xx-` groups removed ("sk-proj-abc" -> "proj-abc", "abc")."""
    parts = secret.split("-")
    return ["-".join(parts[i:]) for i in range(1, len(parts)) if len("-".join(parts[i:])) >= 8]


def _drop_slices(text: str, secret: str) -> str:
    """Replace every stretch of `text` made of overlapping 12-character slices of `secret`
    (ASCII case ignored) with ***."""
    windows = _slices(secret)
    if not windows or len(text) < MIN_SECRET_SLICE:
        return text
    low = text.translate(_ASCII_LOWER)  # same length as text, unlike str.lower()
    n = MIN_SECRET_SLICE
    hidden = [False] * len(text)
    for i in range(len(text) - n + 1):
        if low[i : i + n] in windows:
            hidden[i : i + n] = [True] * n
    if not any(hidden):
        return text
    out: list[str] = []
    for i, ch in enumerate(text):
        if not hidden[i]:
            out.append(ch)
        elif i == 0 or not hidden[i - 1]:
            out.append("***")
    return "".join(out)


def scrub(text: str, secrets: Iterable[str] = ()) -> str:
    """Remove configured secrets, whole or in part, and anything shaped like an API key or a
    bearer token."""
    for secret in secrets:
        if not secret or len(secret) < 4:
            continue
        text = text.replace(secret, "***")
        for rest in _unprefixed(secret):
            text = text.replace(rest, "***")
        text = _drop_slices(text, secret)
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
