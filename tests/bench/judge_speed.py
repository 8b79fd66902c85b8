"""The offline judge's own time per answer, cold (first answer to each question) and warm.

Scores every bank question once with a two-sentence answer (cold: per-question term indexes are
built), then every item of the bundled calibration set twice (warm), then answers of 100,000
characters (the longest the app takes) in shapes that make text scanners backtrack: one line of
words, lines without a full stop, one sentence pasted over and over, a wall of punctuation.
Target: well under 50 ms per answer; the judge runs on every answered question; the long
answers only must not stall a session (`long_max_ms`). Last line: one JSON object.
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
from app.domain.bank import Bank  # noqa: E402
from app.judge.offline import OfflineJudge  # noqa: E402

ANSWER = (
    "I would start from the requirements: about 15 QPS at peak and a p95 latency budget of 300 "
    "ms, because the tradeoff is freshness versus cost. When our CTR dropped 12% I decided to "
    "roll back within an hour, then traced it to a feature pipeline bug."
)


def _percentiles(ms: list[float]) -> tuple[float, float, float]:
    ms = sorted(ms)
    return ms[len(ms) // 2], ms[min(len(ms) - 1, int(len(ms) * 0.99))], ms[-1]


LONG = 100_000
LONG_SHAPES = {
    "one_line": "overfitting variance regularization " * 3000,
    "lines_no_stop": "overfitting variance regularization\n" * 3000,
    "pasted_sentence": "High variance means the model overfits the training data. " * 2000,
    "punctuation": "?!.,;:-\"'()[]{}<>" * 6000,
}


def _long_ms(judge: OfflineJudge, bank: Bank) -> dict[str, float]:
    qid = next(iter(bank.questions))
    out: dict[str, float] = {}
    for name, text in LONG_SHAPES.items():
        item = CalibrationItem(id="l", question_id=qid, label=1, reason="-", answer=text[:LONG])
        request = build_request(item, bank)
        t0 = time.perf_counter()
        judge.score(request)
        out[name] = round((time.perf_counter() - t0) * 1000, 1)
    return out


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
    long_ms = _long_ms(judge, bank)
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
                "long_chars": LONG,
                "long_ms": long_ms,
                "long_max_ms": max(long_ms.values()),
            }
        )
    )


if __name__ == "__main__":
    main()
