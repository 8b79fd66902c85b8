"""Time from Run to results for a trivial solution in the sandbox, cold and with a warm spare.

Cold: a fresh child per run (interpreter + isolation + numpy import on the clock). Warm: the
runner's spare child has isolated itself and imported numpy before Run is pressed, as it has in
the app while the candidate types. Also the child's peak RSS from its own getrusage report.
Target: median < 300 ms. Last line: one JSON object.
"""

from __future__ import annotations

import asyncio
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from app.bank.coding import load_coding_problem  # noqa: E402
from app.domain.coding import CodingSpec, Suite  # noqa: E402
from app.sandbox.runner import SandboxRunner  # noqa: E402

RUNS = 30
FIXTURE = ROOT / "tests" / "data" / "sandbox" / "tiny-softmax"
TARGET_MS = 300.0


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


async def _series(spec: CodingSpec, *, prewarm: bool) -> tuple[list[float], list[int], list[str]]:
    runner = SandboxRunner(prewarm=prewarm)
    times: list[float] = []
    rss: list[int] = []
    isolation: list[str] = []
    try:
        for _ in range(RUNS):
            await runner.warm()  # no-op when cold; with prewarm, the spare is ready as in the app
            start = time.perf_counter()
            report = await runner.run(spec, spec.reference, Suite.VISIBLE)
            times.append((time.perf_counter() - start) * 1000)
            if not report.all_passed:
                raise SystemExit(f"trivial solution did not pass: {report}")
            if report.peak_rss_kb is not None:
                rss.append(report.peak_rss_kb)
            isolation = report.isolation
    finally:
        await runner.aclose()
    return times, rss, isolation


async def main() -> dict[str, object]:
    spec = load_coding_problem(FIXTURE)
    cold, cold_rss, isolation = await _series(spec, prewarm=False)
    warm, warm_rss, _ = await _series(spec, prewarm=True)
    result: dict[str, object] = {
        "runs": RUNS,
        "warm_median_ms": round(statistics.median(warm), 1),
        "warm_p95_ms": round(_p95(warm), 1),
        "cold_median_ms": round(statistics.median(cold), 1),
        "cold_p95_ms": round(_p95(cold), 1),
        "child_peak_rss_mb": round(max(cold_rss + warm_rss) / 1024, 1),
        "isolation": isolation,
        "target_median_ms": TARGET_MS,
    }
    result["target_met"] = statistics.median(warm) < TARGET_MS
    result["cold_target_met"] = statistics.median(cold) < TARGET_MS
    return result


if __name__ == "__main__":
    out = asyncio.run(main())
    print(f"warm  median {out['warm_median_ms']} ms  p95 {out['warm_p95_ms']} ms")
    print(f"cold  median {out['cold_median_ms']} ms  p95 {out['cold_p95_ms']} ms")
    print(json.dumps(out))
