"""Reference harness: per-example isolation, bounded retries, finite-score checks, O(n) bookkeeping."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from typing import Any


def _err(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"


def _predict(predict: Callable[[str], str], text: str, attempts: int) -> tuple[str | None, str]:
    """Up to `attempts` calls; only Exception is caught so Ctrl-C and SystemExit still stop the run."""
    last = ""
    for _ in range(attempts):
        try:
            out = predict(text)
        except Exception as exc:  # isolating arbitrary model code is the point
            last = _err(exc)
            continue
        if isinstance(out, str):
            return out, ""
        last = f"TypeError: prediction is {type(out).__name__}, not str"
    return None, last


def _score(scorer: Callable[[str, str], float], pred: str, target: str) -> tuple[float | None, str]:
    try:
        value = scorer(pred, target)
    except Exception as exc:
        return None, _err(exc)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        return None, f"ValueError: non-finite or non-numeric score {value!r}"
    return float(value), ""


def run_eval(
    examples: Sequence[Mapping[str, Any]],
    predict: Callable[[str], str],
    scorers: Mapping[str, Callable[[str, str], float]],
    *,
    max_retries: int = 0,
) -> dict[str, Any]:
    """One bad example, call or score never takes down the run; every failure is recorded once."""
    if max_retries < 0:
        raise ValueError("max_retries must be >= 0")
    sums = {name: 0.0 for name in scorers}
    counts = {name: 0 for name in scorers}
    failures: list[dict[str, Any]] = []
    predictions: list[str | None] = []
    seen: set[Any] = set()

    def fail(i: int, ex_id: Any, stage: str, error: str) -> None:
        failures.append({"index": i, "id": ex_id, "stage": stage, "error": error})

    for i, ex in enumerate(examples):
        ex_id = ex.get("id")
        predictions.append(None)
        missing = [key for key in ("id", "input", "target") if key not in ex]
        if missing:
            fail(i, ex_id, "input", f"KeyError: missing {', '.join(missing)}")
            continue
        if ex_id in seen:
            fail(i, ex_id, "input", f"ValueError: duplicate id {ex_id!r}")
            continue
        seen.add(ex_id)
        pred, error = _predict(predict, ex["input"], 1 + max_retries)
        if pred is None:
            fail(i, ex_id, "predict", error)
            continue
        predictions[i] = pred
        for name, scorer in scorers.items():
            value, error = _score(scorer, pred, ex["target"])
            if value is None:
                fail(i, ex_id, f"score:{name}", error)
            else:
                sums[name] += value
                counts[name] += 1
    metrics = {
        name: {"mean": sums[name] / counts[name] if counts[name] else None, "count": counts[name]}
        for name in scorers
    }
    return {
        "n": len(examples),
        "n_predicted": sum(p is not None for p in predictions),
        "predictions": predictions,
        "metrics": metrics,
        "failures": failures,
    }
