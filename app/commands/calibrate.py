"""`mockloop calibrate`: measure a judge's agreement with expert labels on a labelled answer set.

Scores every item of the chosen split with the offline or the LLM judge and prints quadratic
weighted kappa, exact and within-one agreement, mean signed error, a confusion matrix, the
length correlations and the worst disagreements with the judge's evidence (`--json` for
machines). Exit status: 0 when every item was scored, 1 when some could not be, 2 for unusable
input. The set format is documented in tests/data/calibration/README.md.

For an LLM judge on a local server: `--concurrency` defaults to the server's own slot count
when it reports one (llama.cpp's /props), else 2, so no request waits in the server's queue
while its deadline runs; `--limit N` scores a label-balanced subset; `--repeat N` scores every
item N times and reports how often the levels agree.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from pathlib import Path
from urllib.parse import urlparse

from app.bank import BankValidationError
from app.calibration.dataset import (
    CalibrationError,
    CalibrationItem,
    CalibrationSet,
    check_questions,
    default_set_path,
    load_set,
)
from app.calibration.gaming import FamilyResult, run_gaming
from app.calibration.repeat import RepeatFigures, repeat_figures, subset
from app.calibration.report import build_report, render_text, to_json
from app.calibration.runner import ItemResult, score_items
from app.config import Settings
from app.domain.bank import Bank
from app.domain.enums import JudgeKind, Mode
from app.judge.base import Judge
from app.judge.offline import OfflineJudge
from app.wiring import bank_for, make_judge

LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1", "0.0.0.0"})  # noqa: S104 - a name, not a bind
RIG_NOTE = (
    "the LLM endpoint is on this machine ({host}); if it is the scripted test server, these "
    "figures only prove the plumbing, not the judge's quality."
)


def _fail(message: str) -> int:
    print(f"mockloop: {message}", file=sys.stderr)
    return 2


def _load(args: argparse.Namespace, bank: Bank) -> CalibrationSet | str:
    if args.set_path:
        path = Path(args.set_path).expanduser()
    else:
        found = default_set_path()
        if found is None:
            return (
                "no bundled calibration set here (it lives in a source checkout); pass --set PATH"
            )
        path = found
    try:
        cal = load_set(path)
    except CalibrationError as exc:
        return "invalid calibration set:\n" + "\n".join(f"  {p}" for p in exc.problems)
    unknown = check_questions(cal, bank.questions)
    if unknown:
        return "invalid calibration set:\n" + "\n".join(f"  {p}" for p in unknown)
    return cal


def _judge(args: argparse.Namespace, settings: Settings) -> tuple[Judge, str, list[str]] | str:
    """The judge to measure, how to name it in the report, and notes for the reader."""
    if Mode(args.judge) is Mode.OFFLINE:
        offline = OfflineJudge()
        return (
            offline,
            f"offline heuristic judge ({offline.model}; scores are offline estimates)",
            [],
        )
    if not (settings.openai_api_key or settings.openai_base_url):
        return "--judge llm needs OPENAI_API_KEY or OPENAI_BASE_URL"
    llm_settings = settings.model_copy(update={"offline": False})
    judge = make_judge(llm_settings)
    if judge.kind is not JudgeKind.LLM:
        return "the LLM judge is not available in this build"
    if hasattr(judge, "max_parallel"):
        judge.max_parallel = None  # --concurrency decides here, not the session default
    notes: list[str] = []
    host = urlparse(settings.openai_base_url or "").hostname or ""
    if host in LOOPBACK:
        notes.append(RIG_NOTE.format(host=host))
    return judge, f"LLM judge ({judge.model})", notes


DEFAULT_LLM_CONCURRENCY = 2  # a server that does not say how many slots it has
OFFLINE_CONCURRENCY = 4


async def concurrency_for(judge: Judge, asked: int | None) -> tuple[int, str | None]:
    """How many items to score at once, and a note saying where the number came from."""
    if asked is not None:
        return max(1, asked), None
    client = getattr(judge, "client", None)
    if judge.kind is not JudgeKind.LLM or client is None:
        return OFFLINE_CONCURRENCY, None
    slots = await client.server_slots()
    if slots:
        return slots, f"{slots} request(s) at a time: the server reports {slots} slot(s)."
    n = DEFAULT_LLM_CONCURRENCY
    return n, f"{n} request(s) at a time (the server does not report its slots; --concurrency)."


async def _run(
    judge: Judge, items: list[CalibrationItem], bank: Bank, args: argparse.Namespace, gaming: bool
) -> tuple[list[ItemResult], list[FamilyResult], RepeatFigures | None, list[str]]:
    """The items (`--repeat` times), then (when asked) the generated attacks on every question."""
    progress = judge.kind is JudgeKind.LLM and not args.json and sys.stderr.isatty()
    repeat = max(1, getattr(args, "repeat", None) or 1)
    total = len(items) * repeat
    done = 0

    def tick(_: ItemResult) -> None:
        nonlocal done
        done += 1
        if progress:
            print(f"\r  scored {done}/{total}", end="", file=sys.stderr, flush=True)

    try:
        width, note = await concurrency_for(judge, getattr(args, "concurrency", None))
        runs = [
            await score_items(judge, items, bank, concurrency=width, on_done=tick)
            for _ in range(repeat)
        ]
        attacks = await run_gaming(judge, bank, items) if gaming else []
        again = repeat_figures(runs) if repeat > 1 else None
        return runs[0], attacks, again, [note] if note else []
    finally:
        if progress and items:
            print(file=sys.stderr)
        client = getattr(judge, "client", None)
        if client is not None:
            await client.aclose()


def calibrate(args: argparse.Namespace, settings: Settings) -> int:
    try:
        bank = bank_for(settings)
    except BankValidationError as exc:
        print(exc, file=sys.stderr)
        return 2
    cal = _load(args, bank)
    if isinstance(cal, str):
        return _fail(cal)
    if not cal.split(args.split):
        return _fail(f"the set has no items in split {args.split!r} (try --split all)")
    chosen = _judge(args, settings)
    if isinstance(chosen, str):
        return _fail(chosen)
    judge, name, notes = chosen
    chosen_gaming = getattr(args, "gaming", None)
    wants_gaming = chosen_gaming if chosen_gaming is not None else judge.kind is JudgeKind.OFFLINE
    items = subset(cal.split(args.split), getattr(args, "limit", None))
    if len(items) < len(cal.split(args.split)):
        notes.append(f"a label-balanced subset of {len(items)} item(s) (--limit).")
    results, gaming, again, more = asyncio.run(_run(judge, items, bank, args, wants_gaming))
    report = build_report(
        results,
        judge=name,
        set_path=cal.source,
        split=args.split,
        notes=[*notes, *more],
        gaming=gaming,
        repeat=again,
    )
    if args.json:
        print(json.dumps(to_json(report), indent=2))
    else:
        print(render_text(report), end="")
    return 1 if report.errors else 0
