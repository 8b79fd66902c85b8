"""How an LLM call failed, in terms the retry policy understands: retryable or not, a quirk to
flip, a capability the server lacks, how long the server asked us to wait.

Errors are recognised by type and HTTP status (and httpx/httpcore by module, so no version is
assumed); every message is scrubbed of secrets before anything keeps it.
"""

from __future__ import annotations

import email.utils
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from app.llm.errors import LLMCallFailed

_UNSUPPORTED_WORDS = (
    "unsupported",
    "not supported",
    "unrecognized",
    "unknown",
    "not allowed",
    "extra inputs",
    "does not support",
    "not permitted",
)
_TRANSPORT_MODULES = frozenset({"httpx", "httpx2", "httpcore", "httpcore2", "h11", "anyio"})


@dataclass
class Failure:
    message: str
    retryable: bool
    status: int | None = None
    retry_after: float | None = None
    adjust: str | None = None  # quirk to flip before resending
    capability: str | None = None
    timeout: bool = False  # no first token, or no reply, in time


class Malformed(Exception):
    """A 200 response that is not a usable chat completion."""


def classify(
    exc: BaseException, *, first_token_timeout_s: float, scrub: Callable[[str], str]
) -> Failure:
    """What went wrong, and whether another attempt may help."""
    import openai

    if isinstance(exc, Malformed):
        return Failure(f"malformed response: {exc}", retryable=True)
    if isinstance(exc, TimeoutError):
        return Failure(
            f"no first token within {round(first_token_timeout_s, 1):g}s",
            retryable=True,
            timeout=True,
        )
    if isinstance(exc, openai.APIStatusError):
        return classify_status(exc, scrub)
    if isinstance(exc, openai.APITimeoutError):
        return Failure("request timed out", retryable=True, timeout=True)
    if isinstance(exc, openai.APIConnectionError):
        cause = type(exc.__cause__).__name__ if exc.__cause__ else "connection error"
        return Failure(f"connection failed ({cause})", retryable=True)
    if isinstance(exc, openai.APIError):  # an error event inside a stream, or a bad body
        return Failure(f"server error: {scrub(one_line(exc.message))}", retryable=True)
    if isinstance(exc, ValueError):  # json.JSONDecodeError from a garbled SSE event
        return Failure(f"malformed response: {type(exc).__name__}", retryable=True)
    if is_transport_error(exc):
        return Failure(f"connection failed ({type(exc).__name__})", retryable=True)
    if isinstance(exc, LLMCallFailed):
        return Failure(str(exc), retryable=False, status=exc.status)
    return Failure(f"unexpected {type(exc).__name__}", retryable=False)


def classify_status(exc: Any, scrub: Callable[[str], str]) -> Failure:
    status: int = exc.status_code
    body = exc.body if isinstance(exc.body, dict) else {}
    raw = body.get("message") if isinstance(body.get("message"), str) else None
    detail = scrub(one_line(raw or exc.message or ""))[:300]
    message = f"HTTP {status}: {detail}" if detail else f"HTTP {status}"
    wait = retry_after(exc.response.headers)
    if status == 429:
        quota = "insufficient_quota" in (body.get("code"), body.get("type"))
        return Failure(message, retryable=not quota, status=status, retry_after=wait)
    if status in (408, 409) or status >= 500:
        return Failure(message, retryable=True, status=status, retry_after=wait)
    if status == 400:
        text = f"{raw or ''} {body.get('param') or ''} {body.get('code') or ''}".lower()
        if "response_format" in text or "json_schema" in text or "json_object" in text:
            feature = "json_object" if "json_object" in text else "json_schema"
            return Failure(message, retryable=False, status=status, capability=feature)
        if any(w in text for w in _UNSUPPORTED_WORDS):
            param = str(body.get("param") or "")
            for name in (
                "max_tokens",
                "max_completion_tokens",
                "temperature",
                "stream_options",
            ):
                if name == param or f"'{name}'" in text or f"{name} " in f"{text} ":
                    return Failure(message, retryable=False, status=status, adjust=name)
    return Failure(message, retryable=False, status=status)


def retry_after(headers: Mapping[str, str]) -> float | None:
    """Seconds from retry-after-ms or Retry-After (delta-seconds or an HTTP date)."""
    ms = headers.get("retry-after-ms")
    if ms is not None:
        try:
            return float(ms) / 1000
        except ValueError:
            pass
    value = headers.get("retry-after")
    if value is None:
        return None
    try:
        return float(value)
    except ValueError:
        pass
    try:
        parsed = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return max(0.0, (parsed - datetime.now(UTC)).total_seconds())


def is_transport_error(exc: BaseException) -> bool:
    """httpx/httpcore errors that escape the SDK, recognised by module so no version is assumed."""
    if isinstance(exc, ConnectionError | OSError | EOFError):
        return True
    return any(c.__module__.split(".")[0] in _TRANSPORT_MODULES for c in type(exc).__mro__)


def one_line(text: str) -> str:
    return " ".join(str(text).split())
