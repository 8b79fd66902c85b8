"""`mockloop doctor`: is the LLM endpoint usable, and what can it do?

Prints one table: endpoint, listed models, a streamed chat with the interviewer model, whether
usage arrives in streams, structured output (json_schema) and JSON mode for the judge model,
tokenizer and price per model. Then the speed check (doctor_speed.py): a real interviewer
prompt timed to its first token and through its reply, warnings where a default timeout would
fail, and the settings to use. Exit status 0 when a session would work in LLM mode (or when
offline mode is configured, which needs nothing), 1 when something would fail. The API key is
never printed: only whether it is set.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from dataclasses import asdict
from typing import TYPE_CHECKING

from app.config import Settings
from app.domain.enums import Mode

if TYPE_CHECKING:
    from app.commands.doctor_speed import SpeedReport
    from app.llm.client import LLMClient


def _offline_report(settings: Settings) -> dict[str, object]:
    from app.llm.tokens import counter_for

    counter = counter_for(settings.interviewer_model)
    return {
        "mode": Mode.OFFLINE.value,
        "reason": "--offline was given"
        if settings.offline
        else "no OPENAI_API_KEY or OPENAI_BASE_URL is configured",
        "tokenizer": counter.encoding,
        "ok": True,
    }


def doctor(args: argparse.Namespace, settings: Settings) -> int:
    if not settings.llm_configured:
        info = _offline_report(settings)
        if getattr(args, "json", False):
            print(json.dumps(info, indent=2))
        else:
            print(f"mockloop runs offline: {info['reason']}.")
            print(
                "The scripted interviewer and the heuristic judge need no network; scores are "
                "labelled as offline estimates."
            )
            print(
                "To use an LLM, set OPENAI_API_KEY (OpenAI) or OPENAI_BASE_URL (e.g. "
                "http://localhost:11434/v1 for Ollama) and run `mockloop doctor` again."
            )
        return 0
    return asyncio.run(_doctor(args, settings))


async def _doctor(args: argparse.Namespace, settings: Settings) -> int:
    from app.llm.capabilities import probe
    from app.llm.client import LLMClient
    from app.llm.recording import CallSink

    sink: CallSink | None = None
    try:
        from app.wiring import call_sink, open_repository

        sink = call_sink(open_repository(settings))
    except Exception as exc:  # the probe is still useful without call records
        print(f"(call records disabled: {type(exc).__name__})", file=sys.stderr)
    client = LLMClient(settings, sink=sink, max_retries=min(1, settings.max_retries))
    try:
        report = await probe(client, settings)
        speed = await _speed(client, settings) if report.ok else None
    finally:
        await client.aclose()
    if getattr(args, "json", False):
        data = report.to_json()
        data["speed"] = asdict(speed) if speed is not None else None
        print(json.dumps(data, indent=2))
        return 0 if report.ok else 1
    print(f"Endpoint: {report.endpoint}   API key: {report.key}")
    print(f"Models:   interviewer {report.interviewer_model}, judge {report.judge_model}")
    if report.models is not None:
        shown = ", ".join(report.models[:12]) + (" ..." if len(report.models) > 12 else "")
        print(f"Listed:   {shown or '(none)'}")
    print()
    rows = [("check", "result", "detail")] + [(c.name, c.status, c.detail) for c in report.checks]
    w0 = max(len(r[0]) for r in rows)
    w1 = max(len(r[1]) for r in rows)
    for i, (name, status, detail) in enumerate(rows):
        print(f"{name:<{w0}}  {status:<{w1}}  {detail}")
        if i == 0:
            print(f"{'-' * w0}  {'-' * w1}  {'-' * 6}")
    print()
    if speed is not None:
        _print_speed(speed)
    if report.ok:
        slow = speed is not None and any("time out" in w for w in speed.warnings)
        print("LLM mode works with the settings above." if slow else "LLM mode is ready.")
        return 0
    print(
        "Problems found: sessions will fall back to the offline interviewer and queue scoring "
        "until they are fixed."
    )
    return 1


async def _speed(client: LLMClient, settings: Settings) -> SpeedReport | None:
    from app.commands.doctor_speed import measure
    from app.wiring import bank_for

    try:
        bank = bank_for(settings)
    except Exception as exc:  # the speed check needs the bank's text; the rest does not
        print(f"(speed check skipped: the bank did not load: {type(exc).__name__})")
        return None
    return await measure(client, settings, bank)


def _print_speed(s: SpeedReport) -> None:
    print(f"Speed with a real interviewer prompt (~{s.prompt_tokens} tokens, no cache):")
    if s.error:
        print(f"  failed: {s.error}")
        print()
        return
    first = f"{s.first_token_s:.1f}s" if s.first_token_s is not None else "n/a"
    print(
        f"  first token {first}; prompt ~{s.prompt_tps or 0:.0f} tok/s, "
        f"generation ~{s.gen_tps or 0:.1f} tok/s"
    )
    print(f"  server slots: {s.slots if s.slots else 'not reported'}")
    for w in s.warnings:
        print(f"  WARNING: {w}")
    if s.settings:
        print("  settings to use (unset timeouts are derived from measured speed in a session):")
        for k, v in s.settings.items():
            print(f"    {k}={v}" if k.startswith("MOCKLOOP_") else f"    {k} {v}")
    print()
