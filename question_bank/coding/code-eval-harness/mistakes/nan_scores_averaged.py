"""Planted mistake: scores are averaged without checking they are finite, so one NaN poisons the metric."""

from __future__ import annotations


def run_eval(examples, predict, scorers, *, max_retries=0):
    sums = {k: 0.0 for k in scorers}
    counts = {k: 0 for k in scorers}
    failures, preds, seen = [], [], set()
    for i, ex in enumerate(examples):
        preds.append(None)
        if not all(k in ex for k in ("id", "input", "target")):
            failures.append(
                {"index": i, "id": ex.get("id"), "stage": "input", "error": "KeyError: missing"}
            )
            continue
        if ex["id"] in seen:
            failures.append(
                {"index": i, "id": ex["id"], "stage": "input", "error": "ValueError: duplicate"}
            )
            continue
        seen.add(ex["id"])
        pred, err = None, ""
        for _ in range(1 + max_retries):
            try:
                out = predict(ex["input"])
            except Exception as e:
                err = f"{type(e).__name__}: {e}"
                continue
            if isinstance(out, str):
                pred = out
                break
            err = "TypeError: not a string"
        if pred is None:
            failures.append({"index": i, "id": ex["id"], "stage": "predict", "error": err})
            continue
        preds[i] = pred
        for name, scorer in scorers.items():
            try:
                v = float(scorer(pred, ex["target"]))
            except Exception as e:
                failures.append(
                    {
                        "index": i,
                        "id": ex["id"],
                        "stage": f"score:{name}",
                        "error": f"{type(e).__name__}: {e}",
                    }
                )
                continue
            sums[name] += v
            counts[name] += 1
    return {
        "n": len(examples),
        "n_predicted": sum(p is not None for p in preds),
        "predictions": preds,
        "metrics": {
            k: {"mean": sums[k] / counts[k] if counts[k] else None, "count": counts[k]}
            for k in scorers
        },
        "failures": failures,
    }
