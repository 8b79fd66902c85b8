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
import time
from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from app.config import Settings
from app.llm.errors import LLMUnavailable, scrub
from app.llm.failures import Failure, Malformed, classify
from app.llm.queueing import QueueWatch, ServerQueue
from app.llm.recording import CallRecord, CallSink, success_record
from app.llm.retry import retry_delay
from app.llm.slots import discover_slots
from app.llm.speed import (
    HOSTED_GUESS,
    LOCAL_GUESS,
    SpeedMeter,
    estimate_tokens,
    first_token_s,
    is_local,
    observe_completion,
    user_set,
    whole_call_s,
)
from app.llm.speed_memory import FILE_NAME, SpeedMemory, server_key
from app.llm.streaming import read_stream
from app.llm.tokens import counter_for
from app.llm.types import Completion, Message, ModelQuirks, StreamConsumer, timings_of, usage_of

if TYPE_CHECKING:
    from openai import AsyncOpenAI

OPENAI_DEFAULT_BASE_URL = "https://api.openai.com/v1"
PLACEHOLDER_KEY = "not-needed"  # local servers ignore the key, the SDK insists on one
MAX_ADJUSTMENTS = 3
DEFAULT_CAP = 1024  # tokens a reply without a cap is assumed to run to, for its slot time
Sleep = Callable[[float], Awaitable[None]]


class LLMClient:
    def __init__(
        self,
        settings: Settings,
        *,
        sink: CallSink | None = None,
        sleep: Sleep = asyncio.sleep,
        max_retries: int | None = None,
        local: bool | None = None,
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
        # where the server runs decides the first speed guess and whether a timeout is resent;
        # the address says, unless the caller knows better (a tunnel, or a test on loopback)
        self.local = is_local(self.base_url) if local is None else local
        models = (settings.interviewer_model, settings.judge_model)
        memory = SpeedMemory(
            settings.data_dir / "cache" / FILE_NAME, server_key(self.base_url, models)
        )
        self.meter = SpeedMeter(LOCAL_GUESS if self.local else HOSTED_GUESS, memory)
        self._slots: int | None = None
        self._slots_asked = False
        self.in_flight = 0  # calls waiting on the server now
        self.queue = ServerQueue()

    # ----------------------------------------------------------------- plumbing
    def quirks(self, model: str) -> ModelQuirks:
        q = self._quirks.get(model)
        if q is None:
            q = self._quirks[model] = ModelQuirks.guess(model)
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
        retry_timeouts: bool = True,
    ) -> Completion:
        """A non-streamed chat completion with retries.

        `timeout_s` overrides the read timeout for calls whose whole reply arrives at once (the
        judge): nothing is sent until the last token, so the wait is generation time. With
        `retry_timeouts=False` a timed-out call is not sent again: the same request to the same
        slow server would only time out again, and the abandoned one may still be running.
        """

        async def attempt(_ticket: int) -> Completion:
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
                raise Malformed("the server returned no choices")
            choice = resp.choices[0]
            msg = choice.message
            return Completion(
                text=msg.content or "",
                model=resp.model or model,
                refusal=getattr(msg, "refusal", None),
                finish_reason=choice.finish_reason,
                usage=usage_of(resp.usage),
                latency_ms=latency,
                timings=timings_of(resp),
            )

        return await self._run(
            purpose, model, messages, session_id, attempt, lambda: False, retry_timeouts, max_tokens
        )

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
        the SDK's read timeout catches stalls. Retries only happen while nothing is committed,
        and never after a timeout on a local server: it keeps processing the abandoned prompt,
        so the resend would queue behind it (llama.cpp) or fight it for the same cores.
        """

        async def attempt(ticket: int) -> Completion:
            consumer.reset()
            q = self.quirks(model)
            params = self._params(model, messages, max_tokens=max_tokens, temperature=temperature)
            if q.stream_usage:
                params["stream_options"] = {"include_usage": True}
            queued = self._queued(ticket)
            # a busy llama.cpp sends its headers with the first token: the read timeout must
            # not cut the first-token deadline short, nor a wait behind one call of ours
            read = first_token + 1.0 + (self._slot_time_s(messages) if queued else 0.0)
            if read > self.settings.request_timeout_s:
                from openai import Timeout

                params["timeout"] = Timeout(read, connect=self.settings.connect_timeout_s)
            sdk = self.sdk()  # outside the deadline: the first call imports and builds the SDK
            return await read_stream(
                sdk, params, consumer, model=model, first_token_timeout_s=first_token, queued=queued
            )

        if self.local:
            await self.server_slots()  # asked once: a one-slot server queues this call
        first_token = self.first_token_timeout(messages)
        return await self._run(
            purpose,
            model,
            messages,
            session_id,
            attempt,
            lambda: consumer.committed,
            retry_timeouts=not self.local,
            max_tokens=max_tokens,
            first_token_s=first_token,
        )

    def first_token_timeout(self, messages: Sequence[Message]) -> float:
        """The user's setting, else derived from this prompt's size and the measured speed."""
        tokens = estimate_tokens(messages)
        derived = first_token_s(self.settings, self.meter.speed, tokens, self.sharing())
        if user_set(self.settings, "first_token_timeout_s"):
            return derived
        return derived + self.queue.wait_s(self._slots if self.local else None)

    def _queued(self, ticket: int) -> Callable[[], bool] | None:
        """Whether this call waits for a slot behind ours, on a local server that says."""
        slots = self._slots if self.local else None
        return (lambda: self.queue.behind(ticket, slots)) if slots else None

    def _slot_time_s(self, messages: Sequence[Message], max_tokens: int | None = None) -> float:
        """How long a call may hold a server slot: its prompt, then every allowed token."""
        tokens = estimate_tokens(messages)
        return whole_call_s(self.settings, self.meter.speed, tokens, max_tokens or DEFAULT_CAP)

    def watch_queue(self, deadline: asyncio.Timeout, budget_s: float, purpose: str) -> QueueWatch:
        """Keeps a caller's own deadline (a whole turn's) from running while its calls wait
        for a slot behind earlier calls of this client."""
        slots = self._slots if self.local else None
        queued = (lambda: self.queue.waiting(purpose, slots)) if slots else None
        return QueueWatch(deadline, budget_s, queued)

    def sharing(self) -> int:
        """How many calls a new one shares a local server's cores with, itself included: a
        judgement's prompt stalls an interviewer turn on the other llama.cpp slot."""
        return 1 + self.in_flight if self.local else 1

    async def server_slots(self) -> int | None:
        """How many requests the server runs at once, when it says; asked once."""
        if not self._slots_asked:
            self._slots = await asyncio.to_thread(discover_slots, self.base_url, self._key)
            self._slots_asked = True
        return self._slots

    async def list_models(self) -> list[str]:
        """Model ids the server lists (one attempt: the doctor reports, it does not insist)."""
        try:
            page = await self.sdk().models.list()
        except Exception as exc:
            f = classify(
                exc, first_token_timeout_s=self.settings.first_token_timeout_s, scrub=self.scrub
            )
            raise LLMUnavailable(f.message, status=f.status) from None
        return sorted(m.id for m in page.data)

    # ----------------------------------------------------------------- retry loop
    async def _run(
        self,
        purpose: str,
        model: str,
        messages: Sequence[Message],
        session_id: str | None,
        attempt: Callable[[int], Awaitable[Completion]],
        committed: Callable[[], bool],
        retry_timeouts: bool = True,
        max_tokens: int | None = None,  # the reply's cap: how long it may hold a server slot
        first_token_s: float | None = None,
    ) -> Completion:
        attempts = 0
        ftt = self.settings.first_token_timeout_s if first_token_s is None else first_token_s
        adjustments = 0
        while True:
            attempts += 1
            started = time.perf_counter()
            self.in_flight += 1
            ticket = self.queue.enter(self._slot_time_s(messages, max_tokens), purpose)
            try:
                result = await attempt(ticket)
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                failure = classify(exc, first_token_timeout_s=ftt, scrub=self.scrub)
                latency = (time.perf_counter() - started) * 1000
                self._record_failure(purpose, model, messages, session_id, latency, failure)
                if failure.timeout and first_token_s is not None and not committed():
                    self.meter.timed_out(
                        prompt_tokens=estimate_tokens(messages), waited_s=latency / 1000
                    )
                if (
                    failure.adjust
                    and adjustments < MAX_ADJUSTMENTS
                    and not committed()
                    and self.quirks(model).adjust(failure.adjust)
                ):
                    adjustments += 1
                    attempts -= 1
                    continue
                delay = retry_delay(
                    self.settings,
                    self.max_retries,
                    (purpose, model),
                    attempts,
                    failure,
                    committed=committed(),
                    retry_timeouts=retry_timeouts,
                )
                await self._sleep(delay)
                continue
            finally:
                self.in_flight -= 1
                self.queue.leave(ticket)
            await self._record_success(purpose, model, messages, session_id, result)
            return result

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
        observe_completion(self.meter, messages, result)
        if u.estimated or (u.prompt_tokens == 0 and u.completion_tokens == 0):
            # the first load of a vocabulary takes ~1 s: keep it off the event loop
            counter = await asyncio.to_thread(counter_for, result.model or model)
            u.prompt_tokens = counter.count_messages(messages)
            u.completion_tokens = counter.count(result.text + (result.refusal or ""))
            u.cached_tokens = 0
            u.estimated = True
        self._emit(
            success_record(
                purpose,
                result.model or model,
                session_id,
                u,
                result.latency_ms,
                self.settings.price_table,
            )
        )

    def _record_failure(
        self,
        purpose: str,
        model: str,
        messages: Sequence[Message],
        session_id: str | None,
        latency_ms: float,
        failure: Failure,
    ) -> None:
        error = self.scrub(failure.message)[:500]
        self._emit(
            CallRecord(purpose, model, session_id, latency_ms=latency_ms, ok=False, error=error)
        )

    def _emit(self, record: CallRecord) -> None:
        if self.sink is not None:
            self.sink(record)
