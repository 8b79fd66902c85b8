"""The LLM path against a real OpenAI-compatible server (issue 19's acceptance figures).

    MOCKLOOP_REAL_LLM_URL=http://127.0.0.1:8090/v1 MOCKLOOP_REAL_LLM_MODEL=qwen \\
        python tests/bench/real_llm.py [--sessions fund,design] [--personas all|none|N|a,b]
        [--calibrate 20] [--design-answers N]

Without MOCKLOOP_REAL_LLM_URL it prints a note and exits 0. With it, it runs (in this process,
through the same session builder and replay driver as `mockloop run --answers`): the persona
suite's scripted candidates, a fundamentals session (fund-train5-val25) and a design session
(sd-rag-enterprise-search), then the LLM judge on a label-balanced calibration subset. Every
stored interviewer line is audited independently of the guards: copied prompt text (six-word
runs shared with the standing instructions), answers given away (six-word runs shared with the
key points or model answer that the candidate did not say first), leaked internals (the label
table's terms, criterion and follow-up ids) and the candidate's voice. Timeouts are left to the
product (derived from measured speed). The last line is one JSON object.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from app.calibration.dataset import default_set_path, load_set  # noqa: E402
from app.calibration.repeat import subset  # noqa: E402
from app.calibration.report import build_report  # noqa: E402
from app.calibration.runner import score_items  # noqa: E402
from app.commands.run import _drive, parse_answers  # noqa: E402
from app.config import Settings  # noqa: E402
from app.domain.bank import Bank  # noqa: E402
from app.domain.enums import Role, RoundKind, TargetLevel  # noqa: E402
from app.domain.events import (  # noqa: E402
    Event,
    Notice,
    StreamEnded,
    StreamStarted,
    TokenDelta,
    TurnRecorded,
)
from app.domain.transcript import Turn  # noqa: E402
from app.engine.clock import FakeClock  # noqa: E402
from app.engine.plan import build_plan  # noqa: E402
from app.interviewer.persona import CLOSING_RULES, PERSONA, ROUND_RULES  # noqa: E402
from app.interviewer.prompt import REPLY_INSTRUCTION  # noqa: E402
from app.judge.llm import LLMJudge  # noqa: E402
from app.session import SessionParts, open_session  # noqa: E402
from app.wiring import (  # noqa: E402
    bank_for,
    llm_client_for,
    make_interviewer,
    make_judge,
    open_repository,
)
from tests.bench.real_llm_audit import AuditFigures, StreamedReply, audit_session  # noqa: E402

FUND_Q = "fund-train5-val25"
SD_Q = "sd-rag-enterprise-search"
FUND_ANSWERS = """@ 2m
The gap between 5% training and 25% validation error says the model overfits: high variance.
Whether bias is a problem too depends on what error is achievable for the task.
---
@ 2m
Before tuning anything I'd check the split: leakage or duplicates between train and validation,
and whether validation was drawn differently, say from a later time period.
---
@ 2m
Then I'd plot learning curves against training set size. If validation error is still falling
as data grows, more labels help; if both curves flattened with a gap, I'd regularize instead.
---
@ 1m
No questions, thanks.
"""


@dataclass
class Timing:
    """An event sink that times what the candidate sees (first visible token, whole turn) and
    keeps, per interviewer stream, what it showed and what was stored after it."""

    first_token_s: list[float] = field(default_factory=list)
    turn_s: list[float] = field(default_factory=list)
    fallbacks: list[str] = field(default_factory=list)
    replies: list[StreamedReply] = field(default_factory=list)
    streams: int = 0
    _start: float | None = None
    _first: bool = False
    _open: StreamedReply | None = None

    def __call__(self, event: Event) -> None:
        now = time.perf_counter()
        if isinstance(event, StreamStarted):
            self._start, self._first, self.streams = now, False, self.streams + 1
            self._open = StreamedReply("")
            self.replies.append(self._open)
        elif isinstance(event, TokenDelta) and self._start is not None:
            if not self._first:
                self._first = True
                self.first_token_s.append(now - self._start)
            if self._open is not None:
                self._open.shown += event.text
        elif isinstance(event, StreamEnded) and self._start is not None:
            self.turn_s.append(now - self._start)
            self._start = None
        elif isinstance(event, Notice) and "unavailable" in event.text:
            self.fallbacks.append(event.text)
            if self._open is not None:
                self._open.fallback = True
        elif isinstance(event, TurnRecorded) and self._open is not None and self._start is None:
            self._stored(event.turn)

    def _stored(self, t: Turn) -> None:
        assert self._open is not None
        if t.role is Role.SYSTEM:
            self._open.note = t.text
        elif t.role is Role.INTERVIEWER:
            self._open.stored, self._open = t, None
        else:
            self._open = None


PROMPT_TEXT = " ".join([PERSONA, CLOSING_RULES, REPLY_INSTRUCTION, *ROUND_RULES.values()])


@dataclass
class SessionResult:
    name: str
    wall_s: float
    generation_s: float
    timing: Timing
    interviewer_turns: int
    judge: dict[str, int]


async def run_session(
    settings: Settings,
    bank: Bank,
    name: str,
    plan_args: dict[str, Any],
    answers: str,
    au: AuditFigures,
) -> SessionResult:
    repo = open_repository(settings)
    judges: list[LLMJudge] = []

    def parts(s: Settings, r: Any, sid: str) -> SessionParts:
        judge = make_judge(s, r, sid)  # as production wires it
        assert isinstance(judge, LLMJudge)
        judges.append(judge)
        return SessionParts(make_interviewer(s, r, sid), judge)

    timing = Timing()
    clock = FakeClock()
    plan = build_plan(bank, **plan_args)
    session = open_session(
        settings, repo=repo, bank=bank, clock=clock, sink=timing, plan=plan, parts=parts
    )
    started = time.perf_counter()
    try:
        await _drive(session.engine, parse_answers(answers), clock)
    finally:
        session.close()
    wall = time.perf_counter() - started
    audit_session(repo.turns(session.id), bank, PROMPT_TEXT, timing.replies, au)
    calls = [c for c in repo.llm_calls(session.id) if c.ok]
    gen = sum(c.latency_ms for c in calls) / 1000
    stats = judges[0].stats if judges else {}
    print(
        f"  {name}: {wall:.0f}s wall, {gen:.0f}s in model calls, {timing.streams} interviewer "
        f"replies, {len(timing.fallbacks)} fall-back(s), judge {stats}",
        flush=True,
    )
    return SessionResult(name, wall, gen, timing, timing.streams, dict(stats))


def _personas(which: str) -> list[Any]:
    from tests.personas.people import PERSONAS

    if which == "none":
        return []
    if which == "all":
        return list(PERSONAS)
    if which.isdigit():
        return list(PERSONAS)[: int(which)]
    names = set(which.split(","))
    return [p for p in PERSONAS if p.name in names]


async def calibrate(settings: Settings, bank: Bank, limit: int) -> dict[str, Any]:
    path = default_set_path()
    if path is None or limit <= 0:
        return {}
    items = subset(load_set(path).split("holdout"), limit)
    client = llm_client_for(settings)
    judge = LLMJudge(client, settings)
    width = await client.server_slots() or 2
    started = time.perf_counter()
    results = await score_items(judge, items, bank, concurrency=width)
    report = build_report(results, judge="llm", set_path=str(path), split="holdout")
    f = report.figures
    out = {
        "items": len(items),
        "scored": report.scored,
        "concurrency": width,
        "qwk": None if f is None else f.qwk,
        "exact": None if f is None else round(f.exact, 3),
        "within_one": None if f is None else round(f.within_one, 3),
        "judge": dict(judge.stats),
        "wall_s": round(time.perf_counter() - started, 1),
        "errors": report.errors[:5],
    }
    print(f"  calibrate: {out}", flush=True)
    return out


def _p(values: list[float], q: float) -> float | None:
    if not values:
        return None
    values = sorted(values)
    return round(values[min(len(values) - 1, int(q * len(values)))], 2)


async def main(args: argparse.Namespace, url: str, model: str) -> dict[str, Any]:
    tmp = Path(tempfile.mkdtemp(prefix="mockloop-real-llm-"))
    settings = Settings(
        openai_base_url=url, interviewer_model=model, judge_model=model, data_dir=tmp
    )
    bank = bank_for(settings)
    au = AuditFigures()
    results: list[SessionResult] = []
    for p in _personas(args.personas):
        plan_args = {
            "rounds": [RoundKind(r) for r in p.rounds],
            "minutes": p.minutes,
            "question_ids": p.questions,
            "level": TargetLevel.SENIOR,
        }
        results.append(
            await run_session(settings, bank, f"persona {p.name}", plan_args, p.answers, au)
        )
    wanted = set(args.sessions.split(",")) if args.sessions else set()
    if "fund" in wanted:
        plan_args = {"rounds": [RoundKind.FUNDAMENTALS], "minutes": 12, "question_ids": [FUND_Q]}
        results.append(
            await run_session(settings, bank, "fundamentals", plan_args, FUND_ANSWERS, au)
        )
    if "design" in wanted:
        raw = (ROOT / "tests" / "data" / "sd_rag_answers.txt").read_text(encoding="utf-8")
        blocks = raw.split("\n---\n")[: args.design_answers]
        plan_args = {"rounds": [RoundKind.SYSTEM_DESIGN], "minutes": 45, "question_ids": [SD_Q]}
        results.append(
            await run_session(
                settings, bank, "design", plan_args, "\n---\n".join(blocks) + "\n", au
            )
        )
    cal = await calibrate(settings, bank, args.calibrate)
    first = [x for r in results for x in r.timing.first_token_s]
    turn = [x for r in results for x in r.timing.turn_s]
    streams = sum(r.interviewer_turns for r in results)
    replaced = au.replaced
    fallbacks = sum(len(r.timing.fallbacks) for r in results)
    judge = {
        k: sum(r.judge.get(k, 0) for r in results) + cal.get("judge", {}).get(k, 0)
        for k in ("first_try", "repaired", "invalid", "failed")
    }
    calls = sum(judge.values())
    ratios = [r.wall_s / r.generation_s for r in results if r.generation_s > 0]
    return {
        "bench": "real_llm",
        "model": model,
        "sessions": len(results),
        "turns_by_model": streams - replaced - fallbacks,
        "interviewer_replies": streams,
        "replaced_by_guard": replaced,
        "replaced_explained": au.explained,
        "replaced_why": au.notes,
        "fallbacks": fallbacks,
        "fallback_reasons": sorted(
            {f.split("(", 1)[-1][:80] for r in results for f in r.timing.fallbacks}
        )[:5],
        "copied_prompt": len(au.copied),
        "answers_given_away": len(au.gave_away),
        "leaked_internals": len(au.leaked),
        "candidate_voice": len(au.candidate_voice),
        "examples": (au.copied + au.gave_away + au.leaked + au.candidate_voice)[:4],
        "judge_calls": calls,
        "judge_valid_first_try": round(judge["first_try"] / calls, 3) if calls else None,
        "judge": judge,
        "calibrate": cal,
        "first_token_s_p50": _p(first, 0.5),
        "first_token_s_p95": _p(first, 0.95),
        "turn_s_p50": _p(turn, 0.5),
        "turn_s_p95": _p(turn, 0.95),
        "wall_s_per_session": {r.name: round(r.wall_s, 1) for r in results},
        "wall_over_generation_max": round(max(ratios), 2) if ratios else None,
        "wall_over_generation_median": round(statistics.median(ratios), 2) if ratios else None,
    }


def cli() -> int:
    parser = argparse.ArgumentParser(prog="real_llm")
    parser.add_argument("--sessions", default="fund,design")
    parser.add_argument("--personas", default="all")
    parser.add_argument("--calibrate", type=int, default=20)
    parser.add_argument("--design-answers", type=int, default=13)
    args = parser.parse_args()
    url = os.environ.get("MOCKLOOP_REAL_LLM_URL")
    if not url:
        print("MOCKLOOP_REAL_LLM_URL is not set: nothing to measure (see the module docstring).")
        print(json.dumps({"bench": "real_llm", "skipped": True}))
        return 0
    model = os.environ.get("MOCKLOOP_REAL_LLM_MODEL", "default")
    print(json.dumps(asyncio.run(main(args, url, model))))
    return 0


if __name__ == "__main__":
    sys.exit(cli())
