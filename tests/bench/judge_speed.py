"""The offline judge's own time per answer, cold (first answer to each question) and warm.

Scores every bank question once with a two-sentence answer (cold: per-question term indexes are
built), then every item of the bundled calibration set twice (warm). Target: well under 50 ms per
answer; the judge runs on every answered question. Last line: one JSON object.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from app.bank import load_bank  # noqa: E402
from app.calibration.dataset import CalibrationItem, load_set  # noqa: E402
from app.calibration.runner import build_request  # noqa: E402
from app.judge.offline import OfflineJudge  # noqa: E402

ANSWER = (
    "I would start from the requirements: about 15 QPS at peak and a p95 latency budget of 300 "
    "ms, because the tradeoff is freshness versus cost. When our CTR dropped 12% I decided to "
    "roll back within an hour, then traced it to a feature pipeline bug."
)


def _percentiles(ms: list[float]) -> tuple[float, float, float]:
    ms = sorted(ms)
    return ms[len(ms) // 2], ms[min(len(ms) - 1, int(len(ms) * 0.99))], ms[-1]


def main() -> None:
    bank = load_bank(ROOT / "question_bank", ROOT / "rubrics")
    judge = OfflineJudge()
    cold: list[float] = []
    for qid in bank.questions:
        item = CalibrationItem(id="b", question_id=qid, label=1, reason="-", answer=ANSWER)
        request = build_request(item, bank)
        t0 = time.perf_counter()
        judge.score(request)
        cold.append((time.perf_counter() - t0) * 1000)
    items = load_set(ROOT / "tests" / "data" / "calibration").items
    requests = [build_request(i, bank) for i in items] * 2
    warm: list[float] = []
    for request in requests:
        t0 = time.perf_counter()
        judge.score(request)
        warm.append((time.perf_counter() - t0) * 1000)
    c50, c99, cmax = _percentiles(cold)
    w50, w99, wmax = _percentiles(warm)
    print(
        json.dumps(
            {
                "cold_answers": len(cold),
                "cold_p50_ms": round(c50, 3),
                "cold_p99_ms": round(c99, 3),
                "warm_answers": len(warm),
                "warm_p50_ms": round(w50, 3),
                "warm_p99_ms": round(w99, 3),
                "max_ms": round(max(cmax, wmax), 3),
            }
        )
    )


if __name__ == "__main__":
    main()
