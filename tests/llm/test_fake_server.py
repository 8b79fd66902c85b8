"""The rig itself speaks OpenAI's wire format; checked on raw bytes, not through our client."""

from __future__ import annotations

import http.client
import json
from typing import Any

from tests.fakes.openai_server import Fail, FakeOpenAIServer, Reply


def _post(server: FakeOpenAIServer, body: dict[str, Any]) -> http.client.HTTPResponse:
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=5)
    conn.request(
        "POST",
        "/v1/chat/completions",
        json.dumps(body),
        {"content-type": "application/json", "authorization": "Bearer x"},
    )
    return conn.getresponse()


def _events(raw: str) -> list[str]:
    return [blk.removeprefix("data: ") for blk in raw.split("\n\n") if blk.startswith("data: ")]


def test_stream_has_role_chunk_deltas_finish_usage_only_chunk_and_done(
    server: FakeOpenAIServer,
) -> None:
    server.script(Reply(content="Hello there friend"))
    resp = _post(
        server,
        {
            "model": "m",
            "messages": [{"role": "user", "content": "hi"}],
            "stream": True,
            "stream_options": {"include_usage": True},
        },
    )
    assert resp.status == 200
    assert resp.getheader("content-type", "").startswith("text/event-stream")
    assert resp.getheader("transfer-encoding") == "chunked"
    events = _events(resp.read().decode())
    assert events[-1] == "[DONE]"
    chunks = [json.loads(e) for e in events[:-1]]
    assert all(c["object"] == "chat.completion.chunk" for c in chunks)
    assert chunks[0]["choices"][0]["delta"]["role"] == "assistant"
    text = "".join(c["choices"][0]["delta"].get("content") or "" for c in chunks if c["choices"])
    assert text == "Hello there friend"
    assert chunks[-2]["choices"][0]["finish_reason"] == "stop"
    final = chunks[-1]
    assert final["choices"] == [] and final["usage"]["completion_tokens"] == 3
    assert all(c["usage"] is None for c in chunks[:-1])  # OpenAI sends null until the end


def test_stream_without_include_usage_has_no_usage_chunk(server: FakeOpenAIServer) -> None:
    server.script(Reply(content="Hi"))
    resp = _post(server, {"model": "m", "messages": [], "stream": True})
    chunks = [json.loads(e) for e in _events(resp.read().decode())[:-1]]
    assert all(c["choices"] for c in chunks)
    assert all("usage" not in c for c in chunks)


def test_errors_use_openai_error_body_and_retry_after(server: FakeOpenAIServer) -> None:
    server.script(
        Fail(
            429,
            "Rate limit reached",
            type="requests",
            code="rate_limit_exceeded",
            retry_after=1.5,
            retry_after_ms=1500,
        )
    )
    resp = _post(server, {"model": "m", "messages": []})
    assert resp.status == 429
    assert resp.getheader("retry-after") == "1.5"
    assert resp.getheader("retry-after-ms") == "1500"
    body = json.loads(resp.read())
    assert body["error"]["code"] == "rate_limit_exceeded"
    assert set(body["error"]) == {"message", "type", "param", "code"}


def test_non_stream_completion_shape(server: FakeOpenAIServer) -> None:
    server.script(Reply(content=None, refusal="I can't help with that."))
    body = json.loads(_post(server, {"model": "m", "messages": []}).read())
    assert body["object"] == "chat.completion"
    msg = body["choices"][0]["message"]
    assert msg["content"] is None and msg["refusal"] == "I can't help with that."
    assert body["usage"]["prompt_tokens_details"]["cached_tokens"] == 0


def test_server_without_json_schema_rejects_it_like_a_real_one(server: FakeOpenAIServer) -> None:
    server.supports_json_schema = False
    resp = _post(
        server,
        {
            "model": "m",
            "messages": [],
            "response_format": {"type": "json_schema", "json_schema": {"name": "x", "schema": {}}},
        },
    )
    assert resp.status == 400
    assert json.loads(resp.read())["error"]["param"] == "response_format"
