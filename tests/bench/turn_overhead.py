"""The app's own work per turn: engine + offline interviewer + offline judge + SQLite writes.

Runs whole offline sessions over the real bank on a fake clock, timing every candidate turn from
`submit` until the interviewer's reply and any judging it triggered are stored. Target: p99 < 10 ms.
Last line: one JSON object with turns, p50_ms, p99_ms, and the full (generation 2) garbage
collections during the run: how many and the longest, in ms.

Beside the wall-clock figures, `cpu_p50_ms` and `cpu_p99_ms` are the CPU time the turn itself
used (the thread's own clock), and `waited_turns` counts turns whose wall time exceeds their CPU
time by more than `WAIT_MS`: time spent runnable but not running. On an idle machine the two
agree; under `--busy` the difference is the kernel's scheduler: a turn that outlasts its time
slice waits for the other runnable processes' slices before it finishes.

By default the heap is handled as the mockloop program handles it (app/commands/heap.py):
everything alive after set-up (imports, the bank, the store) is moved into the permanent
generation, so full collections no longer traverse it, and the young generations are collected
between turns (`heap.between_turns`, after each turn's timing: in the program the candidate is
reading and typing then) instead of inside them. `--no-gc-freeze` measures without either, as a
process with the interpreter's defaults would run.

`--busy N` makes the machine busy in a way anyone can repeat: N child processes spin on the CPU
for the whole run (a local LLM server beside the app keeps cores busy the same way). The JSON
says how many there were, the machine's CPUs, and the 1-minute load average at the end (it lags
the run, and counts whatever else the machine was running).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gc
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from app.bank import load_bank  # noqa: E402
from app.commands import heap  # noqa: E402
from app.domain.bank import Bank  # noqa: E402
from app.domain.enums import RoundKind  # noqa: E402
from app.engine.clock import FakeClock  # noqa: E402
from app.engine.interview import InterviewEngine  # noqa: E402
from app.engine.plan import build_plan  # noqa: E402
from app.interviewer.offline import OfflineInterviewer  # noqa: E402
from app.judge.offline import OfflineJudge  # noqa: E402
from app.store.db import make_engine  # noqa: E402
from app.store.recorder import Recorder  # noqa: E402
from app.store.repository import Repository  # noqa: E402

ANSWERS = [
    "I would start from the requirements: about 15 QPS at peak and a p95 latency budget of "
    "300 ms. The tradeoff is freshness versus cost, so I'd cache embeddings and re-rank the "
    "top 50 with a cross-encoder.",
    "Cross-entropy is the negative log-likelihood of the true class; with softmax its gradient "
    "is p - y, which does not saturate the way MSE through a sigmoid does.",
    "When our CTR dropped 12% I decided to roll back within an hour, then traced it to a "
    "feature pipeline bug and added a PSI alert on that feature so it cannot recur.",
    "How many users do we expect, and what is the latency budget?",
    "Not sure.",
]
TARGET_TURNS = 600
WAIT_MS = 2.0


class Sample(NamedTuple):
    wall_ms: float
    cpu_ms: float


async def one_session(
    repo: Repository,
    bank: Bank,
    kind: RoundKind,
    seed: int,
    samples: list[Sample],
) -> None:
    plan = build_plan(bank, [kind], seed=seed)
    clock = FakeClock()
    engine = InterviewEngine(
        session_id=f"bench-{kind.value}-{seed}",
        plan=plan,
        bank=bank,
        interviewer=OfflineInterviewer(),
        judge=OfflineJudge(),
        clock=clock,
        sink=Recorder(repo),
    )
    await engine.start()
    i = 0
    while not engine.finished and len(samples) < TARGET_TURNS:
        clock.advance(75)
        text = ANSWERS[(seed + i) % len(ANSWERS)]
        i += 1
        c0, t0 = time.thread_time(), time.perf_counter()
        await engine.submit(text)
        await engine.drain()
        wall, cpu = time.perf_counter() - t0, time.thread_time() - c0
        samples.append(Sample(wall * 1000, cpu * 1000))
        heap.between_turns()
    await engine.drain()


class FullCollections:
    """Durations of generation-2 collections, from gc.callbacks."""

    def __init__(self) -> None:
        self.ms: list[float] = []
        self._t0 = 0.0

    def __call__(self, phase: str, info: dict[str, int]) -> None:
        if info.get("generation") != 2:
            return
        if phase == "start":
            self._t0 = time.perf_counter()
        else:
            self.ms.append((time.perf_counter() - self._t0) * 1000)


def p99(ordered: list[float]) -> float:
    return ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]


async def main(freeze: bool = False) -> dict[str, float | int | bool]:
    bank = load_bank(ROOT / "question_bank", ROOT / "rubrics")
    full = FullCollections()
    with tempfile.TemporaryDirectory() as tmp:
        repo = Repository(make_engine(f"sqlite:///{Path(tmp) / 'bench.db'}"))
        if freeze:
            gc.collect()
            heap.enable()
            heap.freeze_startup_heap()
        gc.callbacks.append(full)
        samples: list[Sample] = []
        seed = 0
        kinds = [RoundKind.SYSTEM_DESIGN, RoundKind.FUNDAMENTALS, RoundKind.BEHAVIORAL]
        while len(samples) < TARGET_TURNS:
            await one_session(repo, bank, kinds[seed % 3], seed, samples)
            seed += 1
        gc.callbacks.remove(full)
    walls = sorted(s.wall_ms for s in samples)
    cpus = sorted(s.cpu_ms for s in samples)
    return {
        "turns": len(samples),
        "sessions": seed,
        "p50_ms": round(statistics.median(walls), 3),
        "p99_ms": round(p99(walls), 3),
        "max_ms": round(walls[-1], 3),
        "cpu_p50_ms": round(statistics.median(cpus), 3),
        "cpu_p99_ms": round(p99(cpus), 3),
        "waited_turns": sum(1 for s in samples if s.wall_ms - s.cpu_ms > WAIT_MS),
        "gc_freeze": freeze,
        "full_gcs": len(full.ms),
        "full_gc_max_ms": round(max(full.ms, default=0.0), 3),
    }


@contextlib.contextmanager
def busy(n: int) -> Iterator[None]:
    """`n` processes spinning on the CPU until the block ends."""
    spin = [sys.executable, "-c", "while True: pass"]
    procs = [subprocess.Popen(spin) for _ in range(n)]
    try:
        if procs:
            time.sleep(2.0)  # the load average and the scheduler settle before the first turn
        yield
    finally:
        for p in procs:
            p.kill()
        for p in procs:
            p.wait()


if __name__ == "__main__":
    cli = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    cli.add_argument(
        "--gc-freeze",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="gc.freeze() after set-up, as the program does (default: on)",
    )
    cli.add_argument(
        "--busy", type=int, default=0, metavar="N", help="N CPU-bound processes run alongside"
    )
    args = cli.parse_args()
    with busy(args.busy):
        result = asyncio.run(main(args.gc_freeze))
        load = os.getloadavg()[0]
    extra = {"busy": args.busy, "cpus": os.cpu_count(), "loadavg_1m": round(load, 2)}
    print(json.dumps({**result, **extra}))
