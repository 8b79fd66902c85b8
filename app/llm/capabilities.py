"""Capability probe for `mockloop doctor`: what this endpoint and these models can do.

OpenAI-compatible servers differ in exactly the places mockloop leans on: whether they list
models, accept `response_format: json_schema` (structured output) or only JSON mode, and report
token usage at the end of a stream. The probe asks each question with a tiny real request
instead of guessing from the URL, and records what it learns in the client's per-model quirks so
a session that follows in the same process does not ask again.
"""

from __future__ import annotations

import json
import time
from dataclasses import asdict, dataclass, field
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from app.config import Settings
from app.llm.client import LLMClient
from app.llm.errors import CapabilityUnsupported, LLMError
from app.llm.pricing import price_for
from app.llm.tokens import counter_for

OK, NO, FAIL, WARN, INFO = "ok", "no", "FAIL", "warn", "info"

_PROBE_SCHEMA: dict[str, Any] = {
    "type": "json_schema",
    "json_schema": {
        "name": "probe",
        "strict": True,
        "schema": {
            "type": "object",
            "properties": {"ok": {"type": "boolean"}},
            "required": ["ok"],
            "additionalProperties": False,
        },
    },
}
_JSON_ASK = [
    {"role": "system", "content": "You reply with JSON only."},
    {"role": "user", "content": 'Reply with the JSON object {"ok": true} and nothing else.'},
]
_CHAT_ASK = [{"role": "user", "content": "Reply with the single word: ready"}]


@dataclass
class Check:
    name: str
    status: str
    detail: str = ""


@dataclass
class ProbeReport:
    endpoint: str
    key: str
    interviewer_model: str
    judge_model: str
    models: list[str] | None = None
    json_schema: bool | None = None
    json_object: bool | None = None
    stream_usage: bool | None = None
    checks: list[Check] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not any(c.status == FAIL for c in self.checks)

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["ok"] = self.ok
        return data


def display_url(url: str) -> str:
    """The endpoint without credentials a URL may carry (user:pass@host, ?api-key=...)."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    netloc = f"{host}:{parts.port}" if parts.port else host
    return urlunsplit((parts.scheme, netloc, parts.path, "", ""))


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


def _is_ok_json(text: str) -> bool:
    try:
        data = json.loads(text.strip())
    except json.JSONDecodeError:
        return False
    return isinstance(data, dict) and isinstance(data.get("ok"), bool)


class _Sink:
    """Collects streamed text for the chat check; nothing is shown to a user while probing."""

    def __init__(self) -> None:
        self.parts: list[str] = []

    @property
    def committed(self) -> bool:
        return False

    def reset(self) -> None:
        self.parts = []

    async def feed(self, text: str) -> None:
        self.parts.append(text)


async def probe(client: LLMClient, settings: Settings) -> ProbeReport:
    report = ProbeReport(
        endpoint=display_url(client.base_url),
        key="set (hidden)" if settings.openai_api_key is not None else "not set",
        interviewer_model=settings.interviewer_model,
        judge_model=settings.judge_model,
    )
    await _check_models(client, settings, report)
    await _check_stream(client, settings.interviewer_model, report)
    await _check_structured(client, settings.judge_model, report)
    for role, model in (
        ("interviewer", settings.interviewer_model),
        ("judge", settings.judge_model),
    ):
        counter = counter_for(model)
        report.checks.append(
            Check(
                f"{role} tokenizer",
                OK if counter.exact else INFO,
                f"{counter.encoding}" + (f" ({counter.note})" if counter.note else " (exact)"),
            )
        )
        price = price_for(model, settings.price_table)
        report.checks.append(
            Check(
                f"{role} price",
                OK if price else INFO,
                f"${price.input:g} in / ${price.output:g} out per 1M tokens"
                if price
                else "unknown: cost not tracked (add the model to price_table)",
            )
        )
    return report


async def _check_models(client: LLMClient, settings: Settings, report: ProbeReport) -> None:
    client.sdk()  # build the SDK first so the timing below is the request alone
    started = time.perf_counter()
    try:
        models = await client.list_models()
    except LLMError as exc:
        report.checks.append(Check("endpoint reachable (GET /models)", FAIL, str(exc)))
        return
    report.models = models
    report.checks.append(
        Check(
            "endpoint reachable (GET /models)",
            OK,
            f"{len(models)} model(s) listed in {_ms(time.perf_counter() - started)}",
        )
    )
    for role, model in (
        ("interviewer", settings.interviewer_model),
        ("judge", settings.judge_model),
    ):
        listed = model in models
        report.checks.append(
            Check(
                f"{role} model listed",
                OK if listed else WARN,
                model if listed else f"{model} is not in the list (the server may still serve it)",
            )
        )


async def _check_stream(client: LLMClient, model: str, report: ProbeReport) -> None:
    sink = _Sink()
    try:
        done = await client.stream(
            purpose="probe",
            model=model,
            messages=_CHAT_ASK,
            consumer=sink,
            max_tokens=16,
            temperature=0.0,
        )
    except LLMError as exc:
        report.checks.append(Check("interviewer chat (streamed)", FAIL, str(exc)))
        return
    first = f"first token {done.first_token_ms:.0f} ms, " if done.first_token_ms else ""
    report.checks.append(
        Check("interviewer chat (streamed)", OK, f"{model}: {first}{done.latency_ms:.0f} ms total")
    )
    report.stream_usage = not done.usage.estimated
    report.checks.append(
        Check(
            "usage in streams",
            "yes" if report.stream_usage else NO,
            "server reports token usage in the final chunk"
            if report.stream_usage
            else "not reported: token counts are estimated with tiktoken",
        )
    )


async def _check_structured(client: LLMClient, model: str, report: ProbeReport) -> None:
    quirks = client.quirks(model)
    for fmt, name in ((_PROBE_SCHEMA, "json_schema"), ({"type": "json_object"}, "json_object")):
        label = (
            "judge structured output (json_schema)"
            if name == "json_schema"
            else "judge JSON mode (json_object)"
        )
        try:
            done = await client.complete(
                purpose="probe",
                model=model,
                messages=_JSON_ASK,
                response_format=fmt,
                max_tokens=32,
                temperature=0.0,
            )
        except CapabilityUnsupported as exc:
            supported: bool | None = False
            detail = f"rejected: {exc}"
        except LLMError as exc:
            supported, detail = None, str(exc)
        else:
            supported = _is_ok_json(done.text)
            detail = "accepted" if supported else "accepted but the reply was not the JSON asked"
        if name == "json_schema":
            report.json_schema = supported
            quirks.json_schema = supported
        else:
            report.json_object = supported
            quirks.json_object = supported
        status = "yes" if supported else (FAIL if supported is None else NO)
        report.checks.append(Check(label, status, detail))
    mode = (
        "json_schema"
        if report.json_schema
        else "json_object + validation"
        if report.json_object
        else "prompted JSON + validation"
    )
    report.checks.append(Check("judge output mode", INFO, f"the judge will use {mode}"))
