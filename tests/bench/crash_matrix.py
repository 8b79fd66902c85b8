"""Crash matrix: SIGKILL the real CLI at random named points, resume, count what was lost.

Each trial runs `mockloop run` with the test-only kill hook (tests/crash/hook) at a random point
and occurrence, then `resume` (sometimes killed again, also during the resume itself) until the
session is finished, at most 3 resumes. Counted over all trials: turns seen after a kill and
missing at the end, duplicate seqs, seq gaps, sessions not finished (or without an overall), and
tracebacks on stderr. SQLite always; PostgreSQL too when MOCKLOOP_TEST_PG_URL is set (a fresh
database per trial; the trials then alternate between the two, to stay within ~4 minutes).
Two trials run at a time.

Run from the repo root: python tests/bench/crash_matrix.py [--trials 100] [--seed 13]
The last line printed is one JSON object.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import signal
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.crash.trial import Outcome, run_trial  # noqa: E402

FIRST_POINTS = (
    "after_session_row",
    "before_turn",
    "inside_turn",
    "after_turn",
    "during_judging",
    "between_assessment_and_finish",
    "during_resume",
)
TURN_POINTS = ("before_turn", "inside_turn", "after_turn")
MAX_TURN = 11  # an uninterrupted run of the fixed script writes 11 turns


def _spec(rng: random.Random, point: str) -> str:
    return f"{point}:{rng.randint(1, MAX_TURN)}" if point in TURN_POINTS else point


def plan(rng: random.Random) -> list[str]:
    """The kill points of `run` and of the resumes; during_resume needs a first kill."""
    point = rng.choice(FIRST_POINTS)
    if point == "during_resume":
        return [_spec(rng, rng.choice(TURN_POINTS)), "during_resume"]
    crashes = [_spec(rng, point)]
    if rng.random() < 0.3:
        crashes.append(_spec(rng, rng.choice(FIRST_POINTS)))
    return crashes


@contextlib.contextmanager
def _database(backend: str, tmp: Path) -> Iterator[str | None]:
    if backend == "sqlite":
        yield None
        return
    from tests.store.backends import fresh_pg_database

    with fresh_pg_database(os.environ["MOCKLOOP_TEST_PG_URL"]) as url:
        yield url


def trial(backend: str, crashes: list[str]) -> tuple[str, list[str], Outcome]:
    with tempfile.TemporaryDirectory() as tmp, _database(backend, Path(tmp)) as url:
        return backend, crashes, run_trial(Path(tmp), crashes, url)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--trials", type=int, default=100, help="in all, backends in turn")
    ap.add_argument("--seed", type=int, default=13)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    backends = ["sqlite"] + (["postgresql"] if os.environ.get("MOCKLOOP_TEST_PG_URL") else [])
    jobs = [(backends[i % len(backends)], plan(rng)) for i in range(args.trials)]
    totals: Counter[str] = Counter()
    kills: Counter[str] = Counter()
    planned: Counter[str] = Counter()
    failures: list[str] = []
    t0 = time.perf_counter()
    with ThreadPoolExecutor(max_workers=2) as pool:
        for backend, crashes, out in pool.map(lambda j: trial(*j), jobs):
            totals["trials"] += 1
            totals[f"trials_{backend}"] += 1
            totals["lost_turns"] += out.lost_turns
            totals["duplicate_seqs"] += out.duplicate_seqs
            totals["seq_gaps"] += not out.contiguous
            totals["unfinished"] += not out.finished
            totals["tracebacks"] += out.tracebacks
            for spec, rc in zip(crashes, out.returncodes, strict=False):
                point = spec.partition(":")[0]
                planned[point] += 1
                kills[point] += rc == -signal.SIGKILL
            bad = out.lost_turns or out.duplicate_seqs or not out.contiguous
            if bad or not out.finished or out.tracebacks:
                failures.append(f"{backend} {crashes} rc={out.returncodes} status={out.status}")
    for line in failures:
        print("FAILED:", line)
    result = {
        "trials": totals["trials"],
        "backends": {b: totals[f"trials_{b}"] for b in backends},
        "lost_turns": totals["lost_turns"],
        "duplicate_seqs": totals["duplicate_seqs"],
        "seq_gaps": totals["seq_gaps"],
        "unfinished": totals["unfinished"],
        "tracebacks": totals["tracebacks"],
        "kills_per_point": {p: kills[p] for p in FIRST_POINTS},
        "planned_per_point": {p: planned[p] for p in FIRST_POINTS},
        "seconds": round(time.perf_counter() - t0, 1),
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
