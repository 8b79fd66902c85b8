"""The retry decision for one failed attempt: wait this long and try again, or stop with why.

Stops on a capability the server lacks (the judge steps down), on a stream that already showed
text (a second generation cannot continue the first), on a timeout when the caller asked for no
identical retry (the same request to the same slow server would time out again), on faults that
are not retryable, and when retries or the server's Retry-After exceed what we wait.
"""

from __future__ import annotations

import random

from app.config import Settings
from app.llm.errors import CapabilityUnsupported, LLMUnavailable, StreamInterrupted
from app.llm.failures import Failure


def retry_delay(
    settings: Settings,
    max_retries: int,
    call: tuple[str, str],
    attempts: int,
    failure: Failure,
    *,
    committed: bool,
    retry_timeouts: bool,
) -> float:
    """Seconds to wait before the next attempt of `call` (purpose, model), or the error."""
    purpose, model = call
    if failure.capability:
        raise CapabilityUnsupported(
            failure.message, feature=failure.capability, status=failure.status
        ) from None
    if committed:
        raise StreamInterrupted(
            f"the {purpose} stream broke mid-reply: {failure.message}",
            status=failure.status,
            attempts=attempts,
        ) from None
    delay = backoff(settings, attempts, failure)
    timed_out = failure.timeout and not retry_timeouts
    if timed_out or not failure.retryable or attempts > max_retries or delay is None:
        raise LLMUnavailable(
            f"{purpose} model {model} failed after {attempts} attempt(s): {failure.message}",
            status=failure.status,
            attempts=attempts,
        ) from None
    return delay


def backoff(s: Settings, attempt: int, failure: Failure) -> float | None:
    """Seconds before the next attempt; None when the server asks for longer than we wait."""
    if failure.retry_after is not None:
        wait = float(failure.retry_after)
        return None if wait > s.retry_after_max_s else max(0.0, wait)
    base = min(s.retry_backoff_max_s, s.retry_backoff_s * (2.0 ** (attempt - 1)))
    return base * (0.5 + random.random() / 2)  # jitter: concurrent judges do not stampede
