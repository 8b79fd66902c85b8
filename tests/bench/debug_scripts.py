"""Every debugging script's broken run, reference run and each single-bug run, in the sandbox.

Each run is a full run as the round does it on Submit: every hidden check, then training within
the epoch budget and scoring on held-out data. Cold children (no warm spare), so each time
includes interpreter start-up and isolation. Target: the slowest run <= 10 s on this machine.
Per-run times are printed as they finish; the last line is one JSON object.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from app.bank.debugging import debugging_problem_dirs, load_debugging_problem  # noqa: E402
from app.domain.coding import RunStatus  # noqa: E402
from app.sandbox.scripts import SandboxScriptRunner  # noqa: E402

TARGET_S = 10.0


async def main() -> dict[str, object]:
    runner = SandboxScriptRunner()
    runs: list[dict[str, object]] = []
    problems = [
        load_debugging_problem(f)
        for f in debugging_problem_dirs(ROOT / "question_bank" / "debugging")
    ]
    for problem in problems:
        variants = [("broken", problem.broken), ("reference", problem.reference)]
        variants += [(f"bug:{b.id}", problem.with_bugs([b.id])) for b in problem.bugs]
        for label, code in variants:
            start = time.perf_counter()
            report = await runner.run_script(problem, code)
            seconds = time.perf_counter() - start
            ok = report.run.status is RunStatus.OK
            runs.append({"problem": problem.id, "run": label, "seconds": round(seconds, 3),
                         "status": report.run.status.value, "fixed": len(report.fixed),
                         "target": report.target_reached})  # fmt: skip
            fixed = f"{len(report.fixed)}/{len(problem.bugs)}"
            print(f"{problem.id:28s} {label:28s} {seconds:6.2f} s  {report.run.status.value}"
                  f"  fixed {fixed}  target {report.target_reached}", flush=True)  # fmt: skip
            if not ok:
                print(f"  ! {report.run.message}", flush=True)
    slowest = max(runs, key=lambda r: float(str(r["seconds"])))
    return {
        "bench": "debug_scripts",
        "problems": len(problems),
        "runs": len(runs),
        "bugs": sum(len(p.bugs) for p in problems),
        "slowest": slowest,
        "slowest_s": slowest["seconds"],
        "median_s": sorted(float(str(r["seconds"])) for r in runs)[len(runs) // 2],
        "total_s": round(sum(float(str(r["seconds"])) for r in runs), 2),
        "all_ok": all(r["status"] == RunStatus.OK.value for r in runs),
        "target_s": TARGET_S,
        "within_target": float(str(slowest["seconds"])) <= TARGET_S,
    }


if __name__ == "__main__":
    print(json.dumps(asyncio.run(main())))
