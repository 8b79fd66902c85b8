"""Benchmark: time our code adds between a token leaving the server and the engine emitting it.

The test rig's scripted OpenAI-compatible server runs in its own process on 127.0.0.1 and
streams interviewer replies over real HTTP/SSE; the real openai client, our LLM client, the
move-header parser, the fallback wrapper and the interview engine sit on the other side. The
server stamps each content delta when it is handed to the socket; the engine's event sink stamps
each TokenDelta it receives. Both read CLOCK_MONOTONIC (perf_counter_ns, system-wide on Linux),
so per-token latency is exact. It includes loopback, HTTP and SSE decoding in the SDK: everything
that is not the model's own time. A separate process keeps the server off our GIL.

Run from the repo root:  python tests/bench/stream_overhead.py
The last line printed is one JSON object: tokens, p50_ms, p95_ms (+ detail keys).
Target: p95 < 5 ms.
"""

from __future__ import annotations

import asyncio
import json
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from app.bank import load_bank  # noqa: E402
from app.config import Settings  # noqa: E402
from app.domain.enums import Mode, RoundKind  # noqa: E402
from app.domain.events import Event, TokenDelta, fan_out  # noqa: E402
from app.domain.transcript import RoundPlan, SessionPlan  # noqa: E402
from app.engine.clock import FakeClock  # noqa: E402
from app.engine.interview import InterviewEngine  # noqa: E402
from app.judge.offline import OfflineJudge  # noqa: E402
from app.store.db import make_engine  # noqa: E402
from app.store.recorder import Recorder  # noqa: E402
from app.store.repository import Repository  # noqa: E402
from app.wiring import make_interviewer  # noqa: E402

TOKENS_PER_REPLY = 300
RUNS = 4  # the first is a warm-up and not measured
SPACING_S = 0.002  # 500 tokens/s: faster than any real model, so queueing would show
MINI = ROOT / "tests" / "data" / "mini"


def _sent_ns(url: str) -> list[int]:
    """perf_counter_ns stamps of the server's latest stream (its test-only stats endpoint)."""
    with urllib.request.urlopen(f"{url}/_fake/stream_logs", timeout=10) as resp:
        logs = json.loads(resp.read())["logs"]
    sent: list[int] = logs[-1]["sent_ns"]
    return sent


async def _one_run(settings: Settings, repo: Repository, url: str, run: int) -> list[float]:
    emitted: list[int] = []

    def stamp(event: Event) -> None:
        if isinstance(event, TokenDelta):
            emitted.append(time.perf_counter_ns())

    bank = load_bank(MINI / "bank", MINI / "rubrics")
    plan = SessionPlan(
        rounds=[RoundPlan(kind=RoundKind.FUNDAMENTALS, minutes=45, question_ids=["f-ce"])]
    )
    session_id = f"bench-{run}"
    engine = InterviewEngine(
        session_id=session_id,
        plan=plan,
        bank=bank,
        interviewer=make_interviewer(settings, repo, session_id),
        judge=OfflineJudge(),
        clock=FakeClock(),
        sink=fan_out(stamp, Recorder(repo)),
        mode=Mode.LLM,
    )
    await engine.start()
    await engine.submit("The gradient with softmax is p - y; focal loss helps with imbalance.")
    sent = _sent_ns(url)[1:]  # [0] is the MOVE header, which is never emitted
    if len(sent) != len(emitted):
        raise SystemExit(f"run {run}: {len(sent)} tokens sent but {len(emitted)} emitted")
    await engine.aclose()
    return [(e - s) / 1e6 for s, e in zip(sent, emitted, strict=True)]


async def _bench(settings: Settings, repo: Repository, url: str) -> list[float]:
    samples: list[float] = []
    for run in range(RUNS):
        lat = await _one_run(settings, repo, url, run)
        if run:
            samples.extend(lat)
    return samples


def main() -> None:
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tests.fakes.openai_server",
            "--tokens",
            str(TOKENS_PER_REPLY),
            "--spacing",
            str(SPACING_S),
        ],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert server.stdout is not None
        url = server.stdout.readline().strip()
        with tempfile.TemporaryDirectory() as tmp:
            settings = Settings(
                openai_api_key="sk-bench-not-a-real-key",
                openai_base_url=url,
                interviewer_model="bench-interviewer",
                judge_model="bench-interviewer",
                data_dir=Path(tmp),
                bank_dir=MINI / "bank",
                rubrics_dir=MINI / "rubrics",
            )
            repo = Repository(make_engine(f"sqlite:///{Path(tmp) / 'bench.db'}"))
            samples = asyncio.run(_bench(settings, repo, url))
    finally:
        if server.stdin is not None:
            server.stdin.close()  # the server exits when its stdin closes
        server.wait(10)
    samples.sort()

    def pct(p: float) -> float:
        return round(samples[min(len(samples) - 1, int(p * len(samples)))], 3)

    result = {
        "tokens": len(samples),
        "p50_ms": pct(0.50),
        "p95_ms": pct(0.95),
        "p99_ms": pct(0.99),
        "max_ms": round(samples[-1], 3),
        "mean_ms": round(statistics.fmean(samples), 3),
        "runs": RUNS - 1,
        "token_spacing_ms": SPACING_S * 1000,
    }
    print(
        f"{len(samples)} tokens over {RUNS - 1} streamed replies: p50 {result['p50_ms']} ms, "
        f"p95 {result['p95_ms']} ms from server socket to engine event"
    )
    print(json.dumps(result))


if __name__ == "__main__":
    main()
