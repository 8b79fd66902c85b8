"""One long-lived AsyncOpenAI behind bounded, recorded retries.

The SDK's own retries are off (`max_retries=0`) so that every attempt is visible: each one is
recorded (tokens, latency, cost, scrubbed error) and the retry policy is ours to test:
- retried: 429 (honouring Retry-After / retry-after-ms up to `retry_after_max_s`), 408, 409, 5xx,
  timeouts (including "no first token in time"), connection resets, malformed stream data;
- not retried: other 4xx (auth, bad request, quota exhausted) and any stream that already put
  text in front of the user (a second generation cannot continue the first);
- adapted, not counted as a retry: a 400 naming a parameter this server or model dislikes
  (`max_tokens` vs `max_completion_tokens`, `temperature`, `stream_options`) flips that quirk
  and resends at once. A 400 about `response_format` becomes `CapabilityUnsupported` for the
  judge to step down from json_schema to json_object to plain prompting.
The client binds the SDK to the running event loop lazily and rebuilds it if the loop changes,
so one LLMClient serves a CLI run, the TUI, or a test suite that opens a loop per test.
"""

from __future__ import annotations

import asyncio
import email.utils
import random
import threading
import time
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Protocol

from app.config import Settings
from app.llm.errors import (
    CapabilityUnsupported,
    LLMCallFailed,
    LLMUnavailable,
    StreamInterrupted,
    scrub,
)
from app.llm.pricing import cost_usd
from app.llm.recording import CallRecord, CallSink
from app.llm.tokens import counter_for

if TYPE_CHECKING:
    from openai import AsyncOpenAI

OPENAI_DEFAULT_BASE_URL = "https://api.openai.com/v1"
PLACEHOLDER_KEY = "not-needed"  # local servers ignore the key, the SDK insists on one
MAX_ADJUSTMENTS = 3
_REASONING_PREFIXES = ("o1", "o3", "o4", "gpt-5")
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

Message = Mapping[str, Any]
Sleep = Callable[[float], Awaitable[None]]


class StreamConsumer(Protocol):
    """Receives streamed text. `committed` turns True once text reached the user."""

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


@dataclass
class Completion:
    text: str
    model: str
    refusal: str | None = None
    finish_reason: str | None = None
    usage: Usage = field(default_factory=Usage)
    latency_ms: float = 0.0
    first_token_ms: float | None = None


@dataclass
class ModelQuirks:
    """What this server accepts for one model, learned from its 400s (or guessed from the name)."""

    completion_tokens_param: str = "max_tokens"
    send_temperature: bool = True
    reasoning: bool = False  # o-series / gpt-5: the token cap also pays for hidden reasoning
    stream_usage: bool = True
    json_schema: bool | None = None  # None: not tried yet
    json_object: bool | None = None


@dataclass
class _Failure:
    message: str
    retryable: bool
    status: int | None = None
    retry_after: float | None = None
    adjust: str | None = None  # quirk to flip before resending
    capability: str | None = None


class LLMClient:
    def __init__(
        self,
        settings: Settings,
        *,
        sink: CallSink | None = None,
        sleep: Sleep = asyncio.sleep,
        max_retries: int | None = None,
    ) -> None:
        self.settings = settings
        self.sink = sink
        self._sleep = sleep
        self.max_retries = settings.max_retries if max_retries is None else max_retries
        key = settings.openai_api_key.get_secret_value() if settings.openai_api_key else None
        self._key = key
        self.secrets: tuple[str, ...] = (key,) if key else ()
        self.base_url = (settings.openai_base_url or OPENAI_DEFAULT_BASE_URL).rstrip("/")
        self._sdk: AsyncOpenAI | None = None
        self._sdk_loop: asyncio.AbstractEventLoop | None = None
        self._quirks: dict[str, ModelQuirks] = {}

    # ----------------------------------------------------------------- plumbing
    def quirks(self, model: str) -> ModelQuirks:
        q = self._quirks.get(model)
        if q is None:
            q = ModelQuirks()
            if model.lower().rsplit("/", 1)[-1].startswith(_REASONING_PREFIXES):
                q.completion_tokens_param = "max_completion_tokens"
                q.send_temperature = False
                q.reasoning = True
            self._quirks[model] = q
        return q

    def sdk(self) -> AsyncOpenAI:
        """The shared AsyncOpenAI for the running loop (created on first use)."""
        loop = asyncio.get_running_loop()
        if self._sdk is None or self._sdk_loop is not loop:
            from openai import AsyncOpenAI, Timeout

            self._sdk = AsyncOpenAI(
                api_key=self._key or PLACEHOLDER_KEY,
                base_url=self.base_url,
                max_retries=0,
                timeout=Timeout(
                    self.settings.request_timeout_s, connect=self.settings.connect_timeout_s
                ),
            )
            self._sdk_loop = loop
        return self._sdk

    def warm_up(self, models: Sequence[str]) -> threading.Thread:
        """Import the SDK and load token vocabularies in a background thread, so the first turn
        does not pay ~1-2 s for them. Safe to skip: everything also loads lazily on first use."""

        def work() -> None:
            try:
                import openai.resources.chat  # noqa: F401 - import is the point

                for m in models:
                    counter_for(m).count("warm")
            except Exception:  # noqa: S110 - warming is an optimisation only
                pass

        thread = threading.Thread(target=work, name="mockloop-llm-warm-up", daemon=True)
        thread.start()
        return thread

    async def aclose(self) -> None:
        if self._sdk is not None:
            sdk, self._sdk, self._sdk_loop = self._sdk, None, None
            await sdk.close()

    def scrub(self, text: str) -> str:
        return scrub(text, self.secrets)

    def _params(
        self,
        model: str,
        messages: Sequence[Message],
        *,
        max_tokens: int | None,
        temperature: float | None,
    ) -> dict[str, Any]:
        q = self.quirks(model)
        params: dict[str, Any] = {"model": model, "messages": list(messages)}
        if max_tokens is not None:
            # reasoning models spend part of the cap thinking; leave them room to answer
            params[q.completion_tokens_param] = max_tokens * 8 if q.reasoning else max_tokens
        if temperature is not None and q.send_temperature:
            params["temperature"] = temperature
        return params

    # ----------------------------------------------------------------- calls
    async def complete(
        self,
        *,
        purpose: str,
        model: str,
        messages: Sequence[Message],
        response_format: Mapping[str, Any] | None = None,
        max_tokens: int | None = None,
        temperature: float | None = None,
        session_id: str | None = None,
        timeout_s: float | None = None,
    ) -> Completion:
        """A non-streamed chat completion with retries.

        `timeout_s` overrides the read timeout for calls whose whole reply arrives at once (the
        judge): nothing is sent until the last token, so the wait is generation time.
        """

        async def attempt() -> Completion:
            params = self._params(model, messages, max_tokens=max_tokens, temperature=temperature)
            if response_format is not None:
                params["response_format"] = dict(response_format)
            sdk = self.sdk()
            if timeout_s is not None:
                from openai import Timeout

                params["timeout"] = Timeout(timeout_s, connect=self.settings.connect_timeout_s)
            started = time.perf_counter()
            resp = await sdk.chat.completions.create(**params)
            latency = (time.perf_counter() - started) * 1000
            if not resp.choices:
                raise _Malformed("the server returned no choices")
            choice = resp.choices[0]
            msg = choice.message
            return Completion(
                text=msg.content or "",
                model=resp.model or model,
                refusal=getattr(msg, "refusal", None),
                finish_reason=choice.finish_reason,
                usage=_usage(resp.usage),
                latency_ms=latency,
            )

        return await self._run(purpose, model, messages, session_id, attempt, lambda: False)

    async def stream(
        self,
        *,
        purpose: str,
        model: str,
        messages: Sequence[Message],
        consumer: StreamConsumer,
        max_tokens: int | None = None,
        temperature: float | None = None,
        session_id: str | None = None,
    ) -> Completion:
        """A streamed chat completion; text goes to `consumer.feed` as each chunk arrives.

        Until the first content arrives a deadline (`first_token_timeout_s`) is armed; after it
        the SDK's read timeout catches stalls. Retries only happen while nothing is committed.
        """

        async def attempt() -> Completion:
            consumer.reset()
            q = self.quirks(model)
            params = self._params(model, messages, max_tokens=max_tokens, temperature=temperature)
            if q.stream_usage:
                params["stream_options"] = {"include_usage": True}
            started = time.perf_counter()
            parts: list[str] = []
            refusal: list[str] = []
            usage: Any = None
            finish: str | None = None
            seen_model = model
            first_ms: float | None = None
            armed = True
            sdk = self.sdk()  # outside the deadline: the first call imports and builds the SDK
            async with asyncio.timeout(self.settings.first_token_timeout_s) as deadline:
                stream = await sdk.chat.completions.create(**params, stream=True)
                async with stream:
                    async for chunk in stream:
                        if chunk.usage is not None:
                            usage = chunk.usage
                        if not chunk.choices:
                            continue
                        choice = chunk.choices[0]
                        delta = choice.delta
                        if choice.finish_reason:
                            finish = choice.finish_reason
                        text = delta.content if delta is not None else None
                        ref = getattr(delta, "refusal", None) if delta is not None else None
                        if ref:
                            refusal.append(ref)
                        if armed and (text or ref or finish):
                            armed = False
                            first_ms = (time.perf_counter() - started) * 1000
                            deadline.reschedule(None)
                            seen_model = chunk.model or model
                        if text:
                            parts.append(text)
                            await consumer.feed(text)
            return Completion(
                text="".join(parts),
                model=seen_model,
                refusal="".join(refusal) or None,
                finish_reason=finish,
                usage=_usage(usage),
                latency_ms=(time.perf_counter() - started) * 1000,
                first_token_ms=first_ms,
            )

        return await self._run(
            purpose, model, messages, session_id, attempt, lambda: consumer.committed
        )

    async def list_models(self) -> list[str]:
        """Model ids the server lists (one attempt: the doctor reports, it does not insist)."""
        try:
            page = await self.sdk().models.list()
        except Exception as exc:
            f = self._classify(exc)
            raise LLMUnavailable(f.message, status=f.status) from None
        return sorted(m.id for m in page.data)

    # ----------------------------------------------------------------- retry loop
    async def _run(
        self,
        purpose: str,
        model: str,
        messages: Sequence[Message],
        session_id: str | None,
        attempt: Callable[[], Awaitable[Completion]],
        committed: Callable[[], bool],
    ) -> Completion:
        attempts = 0
        adjustments = 0
        while True:
            attempts += 1
            started = time.perf_counter()
            try:
                result = await attempt()
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                failure = self._classify(exc)
                latency = (time.perf_counter() - started) * 1000
                self._record_failure(purpose, model, messages, session_id, latency, failure)
                if (
                    failure.adjust
                    and adjustments < MAX_ADJUSTMENTS
                    and not committed()
                    and self._apply_adjustment(model, failure.adjust)
                ):
                    adjustments += 1
                    attempts -= 1
                    continue
                if failure.capability:
                    raise CapabilityUnsupported(
                        failure.message, feature=failure.capability, status=failure.status
                    ) from None
                if committed():
                    raise StreamInterrupted(
                        f"the {purpose} stream broke mid-reply: {failure.message}",
                        status=failure.status,
                        attempts=attempts,
                    ) from None
                delay = self._delay(attempts, failure)
                if not failure.retryable or attempts > self.max_retries or delay is None:
                    raise LLMUnavailable(
                        f"{purpose} model {model} failed after {attempts} attempt(s): "
                        f"{failure.message}",
                        status=failure.status,
                        attempts=attempts,
                    ) from None
                await self._sleep(delay)
                continue
            await self._record_success(purpose, model, messages, session_id, result)
            return result

    def _delay(self, attempt: int, failure: _Failure) -> float | None:
        """Seconds before the next attempt; None when the server asks for longer than we wait."""
        s = self.settings
        if failure.retry_after is not None:
            wait = float(failure.retry_after)
            return None if wait > s.retry_after_max_s else max(0.0, wait)
        base = min(s.retry_backoff_max_s, s.retry_backoff_s * (2.0 ** (attempt - 1)))
        return base * (0.5 + random.random() / 2)  # jitter: concurrent judges do not stampede

    def _apply_adjustment(self, model: str, what: str) -> bool:
        q = self.quirks(model)
        if what in ("max_tokens", "max_completion_tokens"):
            # whichever cap parameter we sent was refused: use the other one
            q.completion_tokens_param = (
                "max_completion_tokens"
                if q.completion_tokens_param == "max_tokens"
                else "max_tokens"
            )
        elif what == "temperature" and q.send_temperature:
            q.send_temperature = False
        elif what == "stream_options" and q.stream_usage:
            q.stream_usage = False
        else:
            return False
        return True

    # ----------------------------------------------------------------- classification
    def _classify(self, exc: BaseException) -> _Failure:
        import openai

        if isinstance(exc, _Malformed):
            return _Failure(f"malformed response: {exc}", retryable=True)
        if isinstance(exc, TimeoutError):
            return _Failure(
                f"no first token within {self.settings.first_token_timeout_s:g}s", retryable=True
            )
        if isinstance(exc, openai.APIStatusError):
            return self._classify_status(exc)
        if isinstance(exc, openai.APITimeoutError):
            return _Failure("request timed out", retryable=True)
        if isinstance(exc, openai.APIConnectionError):
            cause = type(exc.__cause__).__name__ if exc.__cause__ else "connection error"
            return _Failure(f"connection failed ({cause})", retryable=True)
        if isinstance(exc, openai.APIError):  # an error event inside a stream, or a bad body
            return _Failure(f"server error: {self.scrub(_one_line(exc.message))}", retryable=True)
        if isinstance(exc, ValueError):  # json.JSONDecodeError from a garbled SSE event
            return _Failure(f"malformed response: {type(exc).__name__}", retryable=True)
        if _is_transport_error(exc):
            return _Failure(f"connection failed ({type(exc).__name__})", retryable=True)
        if isinstance(exc, LLMCallFailed):
            return _Failure(str(exc), retryable=False, status=exc.status)
        return _Failure(f"unexpected {type(exc).__name__}", retryable=False)

    def _classify_status(self, exc: Any) -> _Failure:
        status: int = exc.status_code
        body = exc.body if isinstance(exc.body, dict) else {}
        raw = body.get("message") if isinstance(body.get("message"), str) else None
        detail = self.scrub(_one_line(raw or exc.message or ""))[:300]
        message = f"HTTP {status}: {detail}" if detail else f"HTTP {status}"
        retry_after = _retry_after(exc.response.headers)
        if status == 429:
            quota = "insufficient_quota" in (body.get("code"), body.get("type"))
            return _Failure(message, retryable=not quota, status=status, retry_after=retry_after)
        if status in (408, 409) or status >= 500:
            return _Failure(message, retryable=True, status=status, retry_after=retry_after)
        if status == 400:
            text = f"{raw or ''} {body.get('param') or ''} {body.get('code') or ''}".lower()
            if "response_format" in text or "json_schema" in text or "json_object" in text:
                feature = "json_object" if "json_object" in text else "json_schema"
                return _Failure(message, retryable=False, status=status, capability=feature)
            if any(w in text for w in _UNSUPPORTED_WORDS):
                param = str(body.get("param") or "")
                for name in (
                    "max_tokens",
                    "max_completion_tokens",
                    "temperature",
                    "stream_options",
                ):
                    if name == param or f"'{name}'" in text or f"{name} " in f"{text} ":
                        return _Failure(message, retryable=False, status=status, adjust=name)
        return _Failure(message, retryable=False, status=status)

    # ----------------------------------------------------------------- recording
    async def _record_success(
        self,
        purpose: str,
        model: str,
        messages: Sequence[Message],
        session_id: str | None,
        result: Completion,
    ) -> None:
        """Server-reported usage wins; without it, count with tiktoken and mark it estimated."""
        u = result.usage
        if u.estimated or (u.prompt_tokens == 0 and u.completion_tokens == 0):
            # the first load of a vocabulary takes ~1 s: keep it off the event loop
            counter = await asyncio.to_thread(counter_for, result.model or model)
            u.prompt_tokens = counter.count_messages(messages)
            u.completion_tokens = counter.count(result.text + (result.refusal or ""))
            u.cached_tokens = 0
            u.estimated = True
        self._emit(
            CallRecord(
                purpose=purpose,
                model=result.model or model,
                session_id=session_id,
                prompt_tokens=u.prompt_tokens,
                completion_tokens=u.completion_tokens,
                cached_tokens=u.cached_tokens,
                tokens_estimated=u.estimated,
                latency_ms=result.latency_ms,
                cost_usd=cost_usd(
                    result.model or model,
                    u.prompt_tokens,
                    u.completion_tokens,
                    u.cached_tokens,
                    self.settings.price_table,
                ),
            )
        )

    def _record_failure(
        self,
        purpose: str,
        model: str,
        messages: Sequence[Message],
        session_id: str | None,
        latency_ms: float,
        failure: _Failure,
    ) -> None:
        self._emit(
            CallRecord(
                purpose=purpose,
                model=model,
                session_id=session_id,
                latency_ms=latency_ms,
                cost_usd=None,
                ok=False,
                error=self.scrub(failure.message)[:500],
            )
        )

    def _emit(self, record: CallRecord) -> None:
        if self.sink is not None:
            self.sink(record)


class _Malformed(Exception):
    """A 200 response that is not a usable chat completion."""


def _usage(raw: Any) -> Usage:
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


def _retry_after(headers: Mapping[str, str]) -> float | None:
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


def _is_transport_error(exc: BaseException) -> bool:
    """httpx/httpcore errors that escape the SDK, recognised by module so no version is assumed."""
    if isinstance(exc, ConnectionError | OSError | EOFError):
        return True
    return any(c.__module__.split(".")[0] in _TRANSPORT_MODULES for c in type(exc).__mro__)


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


__all__ = [
    "Completion",
    "LLMClient",
    "ModelQuirks",
    "StreamConsumer",
    "Usage",
]
