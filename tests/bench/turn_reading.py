"""Dialogue-act accuracy and clarification-fact accuracy on the labelled tables, both splits.

Run from the repo root: `python tests/bench/turn_reading.py [--split tune]`. Prints every miss
and the act confusion, then one JSON object as the last line. Targets: >= 95% on the holdout.
"""

from __future__ import annotations

import json
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.engine.turns_data import SPLITS, real_bank, score_acts, score_clarifications  # noqa: E402


def main() -> None:
    splits = [sys.argv[sys.argv.index("--split") + 1]] if "--split" in sys.argv else list(SPLITS)
    bank = real_bank()
    result: dict[str, object] = {}
    timings: list[float] = []
    for split in splits:
        acts = score_acts(bank, split)
        clar = score_clarifications(bank, split)
        timings += acts.seconds + clar.seconds
        for miss in acts.misses + clar.misses:
            print(f"[{split}] {miss}")
        for (want, got), n in sorted(acts.confusion.items()):
            print(f"[{split}] confusion {want} -> {got}: {n}")
        result[f"acts_{split}"] = round(acts.accuracy, 4)
        result[f"acts_{split}_n"] = acts.total
        result[f"clarify_{split}"] = round(clar.accuracy, 4)
        result[f"clarify_{split}_n"] = clar.total
    timings.sort()
    result["timing"] = "per-turn median of 5 runs, warm caches after the first"
    result["p50_us"] = round(statistics.median(timings) * 1e6, 1)
    result["p99_us"] = round(timings[int(len(timings) * 0.99) - 1] * 1e6, 1)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
