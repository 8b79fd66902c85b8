"""A scripted OpenAI-compatible server: real HTTP on 127.0.0.1, real SSE, fault injection.

It serves `GET /v1/models` and `POST /v1/chat/completions` (streamed and not) in the OpenAI wire
format: `chat.completion` and `chat.completion.chunk` objects, a first chunk carrying the
assistant role, content deltas, a finish chunk, and with `stream_options.include_usage` a final
usage-only chunk with `"choices": []` before `data: [DONE]`. Error bodies are
`{"error": {message, type, param, code}}` with `Retry-After` / `retry-after-ms` headers on 429,
as OpenAI, vLLM and Ollama send them. Responses use HTTP/1.1 keep-alive and chunked transfer
encoding, so the real `openai` client (connection pool and all) is exercised end to end.

Tests script it per model with a queue of steps (`Reply`, `Fail`, `Reset`, or a callable that
builds one from the request) and can read back every request it received. Capability switches
make it behave like a server without json_schema support, without usage in streams, or one that
rejects parameters. It runs its own event loop in a daemon thread.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import re
import threading
import time
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

_PIECE = re.compile(r"\s*\S+|\s+")
_REASONS = {
    200: "OK",
    400: "Bad Request",
    401: "Unauthorized",
    404: "Not Found",
    408: "Request Timeout",
    429: "Too Many Requests",
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
}


@dataclass
class Reply:
    """A successful completion. For streams, `content` is sent as word-sized deltas."""

    content: str | None = ""
    refusal: str | None = None
    tokens: Sequence[str] | None = None
    finish_reason: str = "stop"
    header_delay: float = 0.0
    first_token_delay: float = 0.0
    token_delay: float = 0.0
    cut_after: int | None = None
    malformed_at: int | None = None
    usage: dict[str, Any] | None = None
    include_usage: bool | None = None
    model: str | None = None
    raw_body: str | None = None
    timings: dict[str, Any] | None = None  # llama.cpp's own figures, beside usage

    def pieces(self) -> list[str]:
        if self.tokens is not None:
            return list(self.tokens)
        return _PIECE.findall(self.content or "")


@dataclass
class Fail:
    """An HTTP error in OpenAI's error format."""

    status: int
    message: str = "The server had an error while processing your request."
    type: str = "server_error"
    code: str | None = None
    param: str | None = None
    retry_after: float | None = None
    retry_after_ms: float | None = None
    delay: float = 0.0


@dataclass
class Reset:
    """Drop the connection without answering (a connection reset)."""

    delay: float = 0.0


Step = Reply | Fail | Reset
Responder = Callable[["Request"], Step]


@dataclass
class Request:
    method: str
    path: str
    headers: dict[str, str]
    body: dict[str, Any]
    received_at: float

    @property
    def model(self) -> str:
        return str(self.body.get("model", ""))

    @property
    def messages(self) -> list[dict[str, Any]]:
        msgs = self.body.get("messages", [])
        return msgs if isinstance(msgs, list) else []

    @property
    def text(self) -> str:
        """Every message's content, joined: what a test greps for leaks."""
        return "\n".join(str(m.get("content") or "") for m in self.messages)

    @property
    def stream(self) -> bool:
        return bool(self.body.get("stream"))

    @property
    def response_format(self) -> str | None:
        rf = self.body.get("response_format")
        return rf.get("type") if isinstance(rf, dict) else None


@dataclass
class StreamLog:
    """perf_counter_ns when each content delta was handed to the socket (for benchmarks)."""

    model: str
    sent_ns: list[int] = field(default_factory=list)


class FakeOpenAIServer:
    def __init__(
        self,
        *,
        models: Sequence[str] = ("fake-interviewer", "fake-judge"),
        api_key: str | None = None,
        supports_json_schema: bool = True,
        supports_json_object: bool = True,
        supports_stream_usage: bool = True,
        reject_stream_options: bool = False,
        reject_max_tokens: Sequence[str] = (),
        slots: int | None = None,
        enforce_max_tokens: bool = False,
        supports_string_bounds: bool = True,
        queue_beyond_slots: bool = False,
    ) -> None:
        self.models = list(models)
        self.api_key = api_key
        self.supports_json_schema = supports_json_schema
        self.supports_json_object = supports_json_object
        self.supports_stream_usage = supports_stream_usage
        self.reject_stream_options = reject_stream_options
        self.reject_max_tokens = set(reject_max_tokens)
        self.supports_string_bounds = supports_string_bounds
        self.slots = slots  # llama.cpp-style GET /props {"total_slots": n} when set
        # and, with this, run only that many completions at once; the rest wait their turn
        # with no byte sent, as llama.cpp queues them
        self.queue_beyond_slots = queue_beyond_slots
        self._slot_gate: asyncio.Semaphore | None = None
        self.enforce_max_tokens = enforce_max_tokens  # cut replies at max_tokens, as servers do
        self.requests: list[Request] = []
        self.stream_logs: list[StreamLog] = []
        self._queues: dict[str | None, deque[Step | Responder]] = {}
        self._responders: dict[str | None, Responder] = {}
        self._seen_prefixes: set[str] = set()
        self._lock = threading.Lock()
        self._ids = itertools.count(1)
        self._loop: asyncio.AbstractEventLoop | None = None
        self._server: asyncio.base_events.Server | None = None
        self._thread: threading.Thread | None = None
        self._writers: set[asyncio.StreamWriter] = set()
        self.port = 0

    # ----------------------------------------------------------------- control (any thread)
    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def script(self, *steps: Step | Responder, model: str | None = None) -> FakeOpenAIServer:
        """Queue steps for requests to `model` (None: any model without its own queue)."""
        with self._lock:
            self._queues.setdefault(model, deque()).extend(steps)
        return self

    def on(self, model: str | None, responder: Responder) -> FakeOpenAIServer:
        """What to answer once the queue for `model` is empty."""
        with self._lock:
            self._responders[model] = responder
        return self

    def pending(self, model: str | None = None) -> int:
        with self._lock:
            return len(self._queues.get(model, ()))

    def chat_requests(self, model: str | None = None) -> list[Request]:
        with self._lock:
            return [
                r
                for r in self.requests
                if r.path.endswith("/chat/completions") and (model is None or r.model == model)
            ]

    def start(self) -> FakeOpenAIServer:
        ready = threading.Event()

        def run() -> None:
            loop = asyncio.new_event_loop()
            self._loop = loop
            asyncio.set_event_loop(loop)

            async def boot() -> None:
                self._server = await asyncio.start_server(self._handle, "127.0.0.1", 0)
                self.port = self._server.sockets[0].getsockname()[1]
                ready.set()

            loop.run_until_complete(boot())
            loop.run_forever()
            loop.run_until_complete(loop.shutdown_asyncgens())
            loop.close()

        self._thread = threading.Thread(target=run, name="fake-openai", daemon=True)
        self._thread.start()
        if not ready.wait(10):
            raise RuntimeError("fake OpenAI server did not start")
        return self

    def stop(self) -> None:
        loop = self._loop
        if loop is None or self._thread is None:
            return

        async def shutdown() -> None:
            if self._server is not None:
                self._server.close()
            for w in list(self._writers):
                w.transport.abort()
            me = asyncio.current_task()
            tasks = [t for t in asyncio.all_tasks() if t is not me]
            for t in tasks:
                t.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            loop.stop()

        asyncio.run_coroutine_threadsafe(shutdown(), loop)
        self._thread.join(10)
        self._loop = None

    def __enter__(self) -> FakeOpenAIServer:
        return self.start()

    def __exit__(self, *_exc: object) -> None:
        self.stop()

    # ----------------------------------------------------------------- HTTP
    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self._writers.add(writer)
        try:
            while True:
                line = await reader.readline()
                if not line:
                    return
                method, target, _version = line.decode("latin-1").split(" ", 2)
                headers: dict[str, str] = {}
                while True:
                    h = await reader.readline()
                    if h in (b"\r\n", b"\n", b""):
                        break
                    k, _, v = h.decode("latin-1").partition(":")
                    headers[k.strip().lower()] = v.strip()
                body = b""
                if "content-length" in headers:
                    body = await reader.readexactly(int(headers["content-length"]))
                keep = await self._dispatch(method, target.split("?")[0], headers, body, writer)
                if not keep or headers.get("connection", "").lower() == "close":
                    return
        except (ConnectionError, asyncio.IncompleteReadError, ValueError):
            return
        except asyncio.CancelledError:  # stop(): end quietly, the loop is going away
            return
        finally:
            self._writers.discard(writer)
            with contextlib.suppress(Exception):
                writer.close()

    async def _dispatch(
        self,
        method: str,
        path: str,
        headers: dict[str, str],
        body: bytes,
        writer: asyncio.StreamWriter,
    ) -> bool:
        try:
            payload = json.loads(body) if body else {}
        except json.JSONDecodeError:
            payload = {}
        req = Request(
            method, path, headers, payload if isinstance(payload, dict) else {}, time.perf_counter()
        )
        with self._lock:
            self.requests.append(req)
        if self.api_key is not None:
            given = headers.get("authorization", "").removeprefix("Bearer ").strip()
            if given != self.api_key:
                return await self._error(
                    writer,
                    Fail(
                        401,
                        f"Incorrect API key provided: {given}. You can find your API key at "
                        "https://platform.openai.com/account/api-keys.",
                        type="invalid_request_error",
                        code="invalid_api_key",
                    ),
                )
        if method == "GET" and path.endswith("/_fake/stream_logs"):
            with self._lock:
                logs = [{"model": lg.model, "sent_ns": list(lg.sent_ns)} for lg in self.stream_logs]
            return await self._json(writer, 200, {"logs": logs})
        if method == "GET" and path.endswith("/props") and self.slots is not None:
            return await self._json(writer, 200, {"total_slots": self.slots, "fake": True})
        if method == "GET" and path.endswith("/models"):
            now = int(time.time())
            data = {
                "object": "list",
                "data": [
                    {"id": m, "object": "model", "created": now, "owned_by": "fake"}
                    for m in self.models
                ],
            }
            return await self._json(writer, 200, data)
        if method == "POST" and path.endswith("/chat/completions"):
            return await self._chat(req, writer)
        return await self._error(
            writer, Fail(404, f"Unknown path {path}", type="invalid_request_error")
        )

    # ----------------------------------------------------------------- chat
    def _next_step(self, req: Request) -> Step:
        with self._lock:
            for key in (req.model, None):
                q = self._queues.get(key)
                if q:
                    item = q.popleft()
                    break
            else:
                item = (
                    self._responders.get(req.model)
                    or self._responders.get(None)
                    or Reply(content="OK")
                )
        step = item(req) if callable(item) else item
        if self.enforce_max_tokens and isinstance(step, Reply):
            step = _capped(step, req)
        return step

    def _capability_error(self, req: Request) -> Fail | None:
        fmt = req.response_format
        if fmt == "json_schema" and not self.supports_json_schema:
            return Fail(
                400,
                "Invalid parameter: response_format of type 'json_schema' is not "
                "supported with this model.",
                type="invalid_request_error",
                param="response_format",
            )
        if (
            fmt == "json_schema"
            and not self.supports_string_bounds
            and "maxLength" in json.dumps(req.body.get("response_format"))
        ):
            return Fail(
                400,
                "Invalid schema for response_format 'judge_assessment': In context=('properties', "
                "'reasoning'), 'maxLength' is not permitted.",
                type="invalid_request_error",
                param="response_format",
            )
        if fmt == "json_object" and not self.supports_json_object:
            return Fail(
                400,
                "Invalid parameter: response_format of type 'json_object' is not "
                "supported with this model.",
                type="invalid_request_error",
                param="response_format",
            )
        if "stream_options" in req.body and self.reject_stream_options:
            return Fail(
                400,
                "Unrecognized request argument supplied: stream_options",
                type="invalid_request_error",
            )
        if "max_tokens" in req.body and req.model in self.reject_max_tokens:
            return Fail(
                400,
                "Unsupported parameter: 'max_tokens' is not supported with this "
                "model. Use 'max_completion_tokens' instead.",
                type="invalid_request_error",
                param="max_tokens",
                code="unsupported_parameter",
            )
        return None

    async def _chat(self, req: Request, writer: asyncio.StreamWriter) -> bool:
        if not (self.queue_beyond_slots and self.slots):
            return await self._chat_now(req, writer)
        if self._slot_gate is None:  # made on the server's own loop
            self._slot_gate = asyncio.Semaphore(self.slots)
        async with self._slot_gate:
            return await self._chat_now(req, writer)

    async def _chat_now(self, req: Request, writer: asyncio.StreamWriter) -> bool:
        rejected = self._capability_error(req)
        if rejected is not None:
            return await self._error(writer, rejected)
        step = self._next_step(req)
        if isinstance(step, Reset):
            await asyncio.sleep(step.delay)
            writer.transport.abort()
            return False
        if isinstance(step, Fail):
            await asyncio.sleep(step.delay)
            return await self._error(writer, step)
        if req.stream:
            return await self._stream(req, step, writer)
        await asyncio.sleep(step.header_delay)
        if step.raw_body is not None:
            return await self._raw(writer, 200, step.raw_body)
        return await self._json(writer, 200, self._completion(req, step))

    def _usage(self, req: Request, step: Reply, completion_tokens: int) -> dict[str, Any]:
        if step.usage is not None:
            return step.usage
        prompt = 3 + sum(3 + len(str(m.get("content") or "")) // 4 for m in req.messages)
        cached = 0
        first = req.messages[0] if req.messages else {}
        prefix = str(first.get("content") or "")
        with self._lock:
            if prefix in self._seen_prefixes and len(prefix) // 4 >= 1024:
                cached = (len(prefix) // 4) // 128 * 128
            self._seen_prefixes.add(prefix)
        return {
            "prompt_tokens": prompt,
            "completion_tokens": completion_tokens,
            "total_tokens": prompt + completion_tokens,
            "prompt_tokens_details": {"cached_tokens": cached, "audio_tokens": 0},
            "completion_tokens_details": {
                "reasoning_tokens": 0,
                "audio_tokens": 0,
                "accepted_prediction_tokens": 0,
                "rejected_prediction_tokens": 0,
            },
        }

    def _completion(self, req: Request, step: Reply) -> dict[str, Any]:
        content = None if step.refusal is not None and not step.content else step.content
        return {
            "id": f"chatcmpl-fake{next(self._ids)}",
            "object": "chat.completion",
            "created": int(time.time()),
            "model": step.model or req.model,
            "choices": [
                {
                    "index": 0,
                    "message": {
                        "role": "assistant",
                        "content": content,
                        "refusal": step.refusal,
                        "annotations": [],
                    },
                    "logprobs": None,
                    "finish_reason": step.finish_reason,
                }
            ],
            "usage": self._usage(req, step, len(step.pieces()) or 1),
            "service_tier": "default",
            "system_fingerprint": "fp_fake",
            **({"timings": step.timings} if step.timings is not None else {}),
        }

    async def _stream(self, req: Request, step: Reply, writer: asyncio.StreamWriter) -> bool:
        opts = req.body.get("stream_options")
        wants_usage = isinstance(opts, dict) and bool(opts.get("include_usage"))
        include_usage = (
            step.include_usage
            if step.include_usage is not None
            else (wants_usage and self.supports_stream_usage)
        )
        cid = f"chatcmpl-fake{next(self._ids)}"
        created = int(time.time())
        model = step.model or req.model
        log = StreamLog(model)
        with self._lock:
            self.stream_logs.append(log)

        def chunk(delta: dict[str, Any], finish: str | None = None) -> dict[str, Any]:
            c: dict[str, Any] = {
                "id": cid,
                "object": "chat.completion.chunk",
                "created": created,
                "model": model,
                "system_fingerprint": "fp_fake",
                "choices": [
                    {"index": 0, "delta": delta, "logprobs": None, "finish_reason": finish}
                ],
            }
            if include_usage:
                c["usage"] = None
            return c

        await asyncio.sleep(step.header_delay)
        writer.write(
            b"HTTP/1.1 200 OK\r\ncontent-type: text/event-stream; charset=utf-8\r\n"
            b"cache-control: no-cache\r\ntransfer-encoding: chunked\r\n"
            b"x-request-id: req_fake\r\n\r\n"
        )
        await self._event(writer, chunk({"role": "assistant", "content": "", "refusal": None}))
        await asyncio.sleep(step.first_token_delay)
        pieces = step.pieces()
        key = "refusal" if step.refusal is not None and not step.content else "content"
        if key == "refusal":
            pieces = _PIECE.findall(step.refusal or "")
        for i, piece in enumerate(pieces):
            if step.cut_after is not None and i >= step.cut_after:
                writer.transport.abort()
                return False
            if step.malformed_at is not None and i == step.malformed_at:
                garbage = b'data: {"id": "' + cid.encode() + b'", "choices": [{\n\n'
                await self._frame(writer, garbage)
                continue
            if i and step.token_delay:
                await asyncio.sleep(step.token_delay)
            await self._event(writer, chunk({key: piece}))
            log.sent_ns.append(time.perf_counter_ns())
        await self._event(writer, chunk({}, step.finish_reason))
        if include_usage:
            final = chunk({})
            final["choices"] = []
            final["usage"] = self._usage(req, step, len(pieces))
            if step.timings is not None:
                final["timings"] = step.timings
            await self._event(writer, final)
        await self._frame(writer, b"data: [DONE]\n\n")
        writer.write(b"0\r\n\r\n")
        await writer.drain()
        return True

    # ----------------------------------------------------------------- framing
    async def _event(self, writer: asyncio.StreamWriter, data: dict[str, Any]) -> None:
        await self._frame(writer, b"data: " + json.dumps(data).encode() + b"\n\n")

    @staticmethod
    async def _frame(writer: asyncio.StreamWriter, payload: bytes) -> None:
        writer.write(f"{len(payload):x}\r\n".encode() + payload + b"\r\n")
        await writer.drain()

    async def _json(
        self,
        writer: asyncio.StreamWriter,
        status: int,
        data: Any,
        extra: dict[str, str] | None = None,
    ) -> bool:
        return await self._raw(writer, status, json.dumps(data), extra)

    @staticmethod
    async def _raw(
        writer: asyncio.StreamWriter, status: int, body: str, extra: dict[str, str] | None = None
    ) -> bool:
        raw = body.encode()
        head = [
            f"HTTP/1.1 {status} {_REASONS.get(status, 'Status')}",
            "content-type: application/json",
            f"content-length: {len(raw)}",
            "x-request-id: req_fake",
        ]
        head += [f"{k}: {v}" for k, v in (extra or {}).items()]
        writer.write(("\r\n".join(head) + "\r\n\r\n").encode() + raw)
        await writer.drain()
        return True

    async def _error(self, writer: asyncio.StreamWriter, fail: Fail) -> bool:
        extra: dict[str, str] = {}
        if fail.retry_after is not None:
            extra["retry-after"] = f"{fail.retry_after:g}"
        if fail.retry_after_ms is not None:
            extra["retry-after-ms"] = f"{fail.retry_after_ms:g}"
        body = {
            "error": {
                "message": fail.message,
                "type": fail.type,
                "param": fail.param,
                "code": fail.code,
            }
        }
        return await self._json(writer, fail.status, body, extra)


def _capped(step: Reply, req: Request) -> Reply:
    """The reply a server sends when the cap ends generation: the first max_tokens pieces and
    finish_reason "length" (one piece stands for one token here)."""
    cap = req.body.get("max_tokens") or req.body.get("max_completion_tokens")
    pieces = step.pieces()
    if not isinstance(cap, int) or len(pieces) <= cap:
        return step
    from dataclasses import replace

    return replace(step, content="".join(pieces[:cap]), tokens=None, finish_reason="length")


# ----------------------------------------------------------------- scripted misbehaviour
# What real small models were seen doing (issue 19), as responders a test can script. Each
# builds its reply from the request, the way a model's output depends on its prompt.

_AVAILABLE_FU = re.compile(r"^Follow-ups available in this phase: (?P<ids>.*)$", re.MULTILINE)
_CRITERION_ID = re.compile(r"^Criterion (?P<id>[a-z0-9_]+): ", re.MULTILINE)


def _first_follow_up(req: Request) -> str:
    m = _AVAILABLE_FU.search(req.text)
    ids = [i.strip() for i in m.group("ids").split(",")] if m else []
    return ids[0] if ids and ids[0] != "none" else "-"


def copies_prompt(req: Request) -> Reply:
    """Repeats a sentence of its own instructions as the turn (under a follow-up id it never
    asked, as the copied example was stored)."""
    system = str(req.messages[0].get("content") or "") if req.messages else ""
    flat = " ".join(system.split())
    found = [
        s
        for s in re.split(r"(?<=[.!?])\s+", flat)
        if len(s.split()) >= 12 and not {":", '"', "("} & set(s)
    ]
    sentence = found[0] if found else "How does that fit the latency budget?"
    return Reply(f"MOVE: probe {_first_follow_up(req)}\n{sentence}")


def header_only(req: Request) -> Reply:
    """A header listing internal criterion names, and no words (the 0.5B model's habit)."""
    ids = _CRITERION_ID.findall(req.text) or ["requirements_metrics", "architecture"]
    return Reply("MOVE: probe " + ", ".join([ids[0], *ids]) + ", ...")


def self_answer(req: Request) -> Reply:
    """Asks a question, then answers it, leaking how the interview works."""
    return Reply(
        "MOVE: probe -\nWhat would you look at first? The scenario facts do not directly "
        "address the latency budget, and this could indicate overfitting to the validation "
        "set, so I would compare the two loss curves and retrain with more data."
    )


def candidate_voice(req: Request) -> Reply:
    """Closes as if it were the candidate."""
    return Reply(
        "MOVE: wrap_up -\nThank you for your insights. Thank you for the opportunity to "
        "discuss this further."
    )


def thanks_for_the_help(req: Request) -> Reply:
    """Thanks the interviewer for help it gave, as the candidate would (the 1.5B model's
    reply after a clarifying answer, seen in the persona bench)."""
    return Reply("MOVE: probe -\nThank you for the clarification. I appreciate your help.")


def judge_reply(
    criteria: Sequence[str], *, quote: str = "", level: int = 3, as_array: bool = False
) -> dict[str, Any]:
    """A judgement in the object-per-criterion shape (or the older array shape)."""
    one = {
        c: {"evidence_quotes": [quote] if quote else [], "reasoning": f"On {c}.", "level": level}
        for c in criteria
    }
    body: Any = [{"criterion": c, **v} for c, v in one.items()] if as_array else one
    return {
        "criteria": body,
        "overall_level": level,
        "strengths": [],
        "to_strong_hire": [],
        "red_flags": [],
        "injection_suspected": False,
    }


def repeated_criterion(req: Request) -> Reply:
    """One criterion over and over until the token cap stops it (schema-enforced 0.5B)."""
    ids = _CRITERION_ID.findall(req.text) or ["x"]
    item = {"criterion": ids[0], "evidence_quotes": [], "reasoning": "Same again.", "level": 2}
    body = '{"criteria": [' + ", ".join([json.dumps(item)] * 400)
    return Reply(body, finish_reason="stop")


def missing_criterion(req: Request) -> Reply:
    """A complete-looking judgement that skips the last criterion (the 1.5B skipped one)."""
    ids = _CRITERION_ID.findall(req.text)
    return Reply(json.dumps(judge_reply(ids[:-1], as_array=True)))


def main(argv: Sequence[str] | None = None) -> None:
    """Serve from a separate process (benchmarks keep the server off the client's GIL).

    python -m tests.fakes.openai_server [--tokens N] [--spacing SECONDS]
    Prints the base URL on the first line, answers every chat request with an N-token streamed
    reply (a MOVE header then words), exposes GET /_fake/stream_logs, and exits when its
    standard input closes, so it never outlives the process that started it.
    """
    import argparse
    import sys

    parser = argparse.ArgumentParser(prog="openai_server")
    parser.add_argument("--tokens", type=int, default=50)
    parser.add_argument("--spacing", type=float, default=0.0)
    args = parser.parse_args(argv)
    words = ["MOVE: probe -\n", *(f" word{i}" for i in range(args.tokens))]
    server = FakeOpenAIServer().start()
    server.on(None, lambda req: Reply(tokens=words, token_delay=args.spacing))
    print(server.url, flush=True)
    sys.stdin.read()
    server.stop()


if __name__ == "__main__":
    main()
