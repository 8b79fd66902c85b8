"""What the client returns and takes: completions, usage, per-model quirks, stream consumers."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

Message = Mapping[str, Any]
REASONING_PREFIXES = ("o1", "o3", "o4", "gpt-5")  # model families that think before replying


class StreamConsumer(Protocol):
    """Receives streamed text. `committed` turns True once text reached the user. A consumer
    may also have a `satisfied` attribute: once True the reader closes the stream, so the
    server stops generating words nobody will read (a reply a guard already rejected)."""

    @property
    def committed(self) -> bool: ...

    def reset(self) -> None: ...

    async def feed(self, text: str) -> None: ...


@dataclass
class Usage:
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cached_tokens: int = 0
    estimated: bool = False


@dataclass(frozen=True)
class ServerTimings:
    """What llama.cpp measured itself (its `timings` object): tokens it actually processed,
    cache hits excluded, and the milliseconds each phase took. Exact where usage is not: a
    prefix the server reused looks, through usage alone, like a very fast prompt."""

    prompt_n: int
    prompt_ms: float
    predicted_n: int
    predicted_ms: float


@dataclass
class Completion:
    text: str
    model: str
    refusal: str | None = None
    finish_reason: str | None = None
    usage: Usage = field(default_factory=Usage)
    latency_ms: float = 0.0
    first_token_ms: float | None = None
    timings: ServerTimings | None = None


@dataclass
class ModelQuirks:
    """What this server accepts for one model, learned from its 400s (or guessed from the name)."""

    completion_tokens_param: str = "max_tokens"
    send_temperature: bool = True
    reasoning: bool = False  # o-series / gpt-5: the token cap also pays for hidden reasoning
    stream_usage: bool = True
    json_schema: bool | None = None  # None: not tried yet
    schema_bounds: bool | None = None  # maxLength in the schema; some servers reject it
    json_object: bool | None = None

    @classmethod
    def guess(cls, model: str) -> ModelQuirks:
        """From the name alone, before the server has refused anything."""
        q = cls()
        if model.lower().rsplit("/", 1)[-1].startswith(REASONING_PREFIXES):
            q.completion_tokens_param = "max_completion_tokens"
            q.send_temperature = False
            q.reasoning = True
        return q

    def adjust(self, what: str) -> bool:
        """Stop sending what a 400 named (`what`); False when there is nothing left to change."""
        if what in ("max_tokens", "max_completion_tokens"):
            # whichever cap parameter we sent was refused: use the other one
            self.completion_tokens_param = (
                "max_completion_tokens"
                if self.completion_tokens_param == "max_tokens"
                else "max_tokens"
            )
        elif what == "temperature" and self.send_temperature:
            self.send_temperature = False
        elif what == "stream_options" and self.stream_usage:
            self.stream_usage = False
        else:
            return False
        return True


def usage_of(raw: Any) -> Usage:
    if raw is None:
        return Usage(estimated=True)
    details = getattr(raw, "prompt_tokens_details", None)
    cached = getattr(details, "cached_tokens", None) if details is not None else None
    return Usage(
        prompt_tokens=int(getattr(raw, "prompt_tokens", 0) or 0),
        completion_tokens=int(getattr(raw, "completion_tokens", 0) or 0),
        cached_tokens=int(cached or 0),
        estimated=False,
    )


def timings_of(raw: Any) -> ServerTimings | None:
    """llama.cpp's `timings` (an extra field the SDK keeps as a dict), or None elsewhere."""
    t = getattr(raw, "timings", None)
    if not isinstance(t, dict):
        return None
    try:
        return ServerTimings(
            prompt_n=int(t["prompt_n"]),
            prompt_ms=float(t["prompt_ms"]),
            predicted_n=int(t["predicted_n"]),
            predicted_ms=float(t["predicted_ms"]),
        )
    except (KeyError, TypeError, ValueError):
        return None  # a server's own figures, malformed: fall back to usage and the clock
